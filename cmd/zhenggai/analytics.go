package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// runCompare prints the theme matrix of units or rounds and their
// distinctive themes: a readable table, or the contract's JSON.
func runCompare(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "compare")
	asJSON := fs.Bool("json", false, "the comparison as JSON on stdout")
	by := fs.String("by", "", "group by unit or round (required)")
	var units, rounds listFlag
	fs.Var(&units, "units", "only these units (comma-separate or repeat); with --by unit, the columns in this order")
	fs.Var(&rounds, "rounds", "only these rounds: keys such as 十届县委第二轮, or numbers (2 = every 第二轮); with --by round, the columns in this order")
	pg := pageFlags(fs)
	top := fs.Int("top", 10, "ranked themes per group, 1–100")
	ff := filterFlags(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: compare takes no arguments, got %q", errUsage, rest)
	}
	if *top < 1 || *top > 100 {
		return fmt.Errorf("%w: --top takes 1–100, got %d", errUsage, *top)
	}
	f, err := ff.filter()
	if err != nil {
		return err
	}
	if *by != analytics.ByUnit && *by != analytics.ByRound {
		return fmt.Errorf("%w: --by takes unit or round, got %q", errUsage, *by)
	}
	if err := pg.check(); err != nil {
		return err
	}
	if r, err := e.server(ctx); err != nil {
		return err
	} else if r != nil {
		extra := ff.values()
		extra.Set("top", strconv.Itoa(*top))
		return compareRemote(ctx, e, r, *by, units, rounds, pg, extra, *asJSON)
	}
	lib, err := openLibrary(ctx, e, 50)
	if err != nil {
		return err
	}
	defer lib.Close()
	rc, err := lib.CompareWhere(ctx, *by, units, rounds, f, *top)
	if err != nil {
		return err
	}
	c := rc.Comparison
	c.Groups = pagePart(c.Groups, pg)
	ranking := slices.DeleteFunc(rc.Ranking, func(r analytics.GroupRanking) bool {
		return !slices.ContainsFunc(c.Groups, func(g analytics.Group) bool { return g.Key == r.Group })
	})
	c.Distinctive = slices.DeleteFunc(slices.Clone(c.Distinctive), func(d analytics.Distinctive) bool { // the library's is shared
		return !slices.ContainsFunc(c.Groups, func(g analytics.Group) bool { return g.Key == d.Group })
	})
	if *asJSON {
		return newJSON(e.stdout).Encode(struct {
			analytics.Comparison
			page
			Ranking   []analytics.GroupRanking `json:"ranking"`
			Selection library.Selection        `json:"selection"`
		}{c, *pg, ranking, rc.Selection})
	}
	writeComparison(e.stdout, c)
	if len(c.Groups) > 0 {
		writeRanking(e.stdout, ranking, c.MinZ)
	}
	pg.note(e.stdout, "groups")
	return nil
}

// runRecurring prints the themes that recur for a unit across rounds and
// those common to several units in one round.
func runRecurring(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "recurring")
	asJSON := fs.Bool("json", false, `{"recurring": […], "common": […]} as JSON on stdout`)
	minRounds := fs.Int("min-rounds", analytics.DefaultMinRounds, "a unit's theme recurs when seen in at least N rounds")
	minUnits := fs.Int("min-units", analytics.DefaultMinUnits, "a theme is common to a round when at least N units carry it")
	pg := pageFlags(fs)
	by := fs.String("by", "", "group: unit (屡查屡犯, rounds side by side) or theme (共性问题 per round); default the flat lists")
	ff := filterFlags(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: recurring takes no arguments, got %q", errUsage, rest)
	}
	if *minRounds < 1 || *minUnits < 1 {
		return fmt.Errorf("%w: --min-rounds and --min-units take whole numbers from 1", errUsage)
	}
	if *by != "" {
		f, err := ff.filter()
		if err != nil {
			return err
		}
		return runGroupedRecurring(ctx, e, *by, analytics.GroupOptions{MinRounds: *minRounds, MinUnits: *minUnits,
			Offset: pg.Offset, Limit: min(pg.Limit, analytics.MaxLimit)}, f, ff.values(), *asJSON)
	}
	if err := pg.check(); err != nil {
		return err
	}
	if r, err := e.server(ctx); err != nil {
		return err
	} else if r != nil {
		return recurringRemote(ctx, e, r, *minRounds, *minUnits, pg, *asJSON)
	}
	lib, err := openLibrary(ctx, e, 50)
	if err != nil {
		return err
	}
	defer lib.Close()
	rec, err := lib.Recurring(ctx, *minRounds)
	if err != nil {
		return err
	}
	com, err := lib.Common(ctx, *minUnits)
	if err != nil {
		return err
	}
	rp, cp := *pg, *pg
	rec.Recurring, com.Common = pagePart(rec.Recurring, &rp), pagePart(com.Common, &cp)
	if *asJSON {
		return newJSON(e.stdout).Encode(struct {
			analytics.Recurrences
			analytics.Commonalities
			RecurringTotal int `json:"recurring_total"`
			CommonTotal    int `json:"common_total"`
			Offset         int `json:"offset"`
			Limit          int `json:"limit"`
		}{rec, com, rp.Total, cp.Total, pg.Offset, pg.Limit})
	}
	writeRecurring(e.stdout, rec, com, *minRounds, *minUnits, rp.Total, cp.Total)
	rp.note(e.stdout, "recurring themes")
	cp.note(e.stdout, "common themes")
	return nil
}

// matrixRow is one theme of the readable matrix.
type matrixRow struct {
	id, name string
	total    int
	cells    []string
}

// writeComparison prints the groups as numbered columns, one row per theme
// ("count share%" per group), then the distinctive themes.
func writeComparison(w io.Writer, c analytics.Comparison) {
	if len(c.Groups) == 0 {
		fmt.Fprintf(w, "no measures to compare by %s\n", c.By)
		return
	}
	fmt.Fprintf(w, "themes by %s: count of measures and share of the group's measures\n\n", c.By)
	rows := map[string]*matrixRow{}
	for gi, g := range c.Groups {
		fmt.Fprintf(w, "  G%d  %s  (%d measures)\n", gi+1, g.Key, g.Measures)
		for _, th := range g.Themes {
			r := rows[th.ID]
			if r == nil {
				r = &matrixRow{id: th.ID, name: th.Name, cells: make([]string, len(c.Groups))}
				rows[th.ID] = r
			}
			r.total += th.Count
			r.cells[gi] = fmt.Sprintf("%d %d%%", th.Count, int(th.Share*100+0.5))
		}
	}
	list := make([]*matrixRow, 0, len(rows))
	for _, r := range rows {
		list = append(list, r)
	}
	slices.SortFunc(list, func(a, b *matrixRow) int {
		if d := cmp.Compare(b.total, a.total); d != 0 {
			return d
		}
		return analytics.CompareThemeIDs(a.id, b.id)
	})
	nameWidth := len("theme")
	for _, r := range list {
		nameWidth = max(nameWidth, width(r.id+" "+r.name))
	}
	fmt.Fprintln(w)
	header := []string{pad("theme", nameWidth)}
	for gi := range c.Groups {
		header = append(header, pad(fmt.Sprintf("G%d", gi+1), 9))
	}
	fmt.Fprintln(w, strings.TrimRight(strings.Join(header, " "), " "))
	for _, r := range list {
		line := []string{pad(r.id+" "+r.name, nameWidth)}
		for _, cell := range r.cells {
			if cell == "" {
				cell = "·"
			}
			line = append(line, pad(cell, 9))
		}
		fmt.Fprintln(w, strings.TrimRight(strings.Join(line, " "), " "))
	}
	fmt.Fprintf(w, "\ndistinctive themes (log-odds z ≥ %.2f against the other groups):\n", c.MinZ)
	if len(c.Distinctive) == 0 {
		fmt.Fprintln(w, "  none")
	}
	for _, d := range c.Distinctive {
		fmt.Fprintf(w, "  %s  %s %s  z %.2f  (%d measures)\n", d.Group, d.ID, d.Name, d.LogOddsZ, d.Count)
	}
}

// writeRecurring prints the recurring and the common themes as lists.
func writeRecurring(w io.Writer, rec analytics.Recurrences, com analytics.Commonalities, minRounds, minUnits, recTotal, comTotal int) {
	fmt.Fprintf(w, "recurring for a unit in ≥ %d rounds (屡查屡犯): %d\n", minRounds, recTotal)
	for _, r := range rec.Recurring {
		fmt.Fprintf(w, "  %s  %s %s  %d rounds: %s  (%d measures)\n", r.Unit, r.ID, r.Name, len(r.RoundKeys),
			strings.Join(r.RoundKeys, "、"), len(r.MeasureIDs))
	}
	fmt.Fprintf(w, "\ncommon to ≥ %d units in a round (共性问题): %d\n", minUnits, comTotal)
	for _, c := range com.Common {
		fmt.Fprintf(w, "  %s  %s %s  %d units: %s  (%d measures)\n", c.Round, c.ID, c.Name, c.Units,
			strings.Join(c.UnitNames, "、"), len(c.MeasureIDs))
	}
}

// width is the display width of s in a terminal: East Asian wide and
// full-width characters take two columns.
func width(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115F || (r >= 0x2E80 && r <= 0xA4CF) || (r >= 0xAC00 && r <= 0xD7A3) ||
			(r >= 0xF900 && r <= 0xFAFF) || (r >= 0xFE30 && r <= 0xFE4F) || (r >= 0xFF00 && r <= 0xFF60) ||
			(r >= 0xFFE0 && r <= 0xFFE6) || (r >= 0x20000 && r <= 0x3FFFD)) {
			n += 2
			continue
		}
		n++
	}
	return n
}

// pad right-pads s with spaces to n display columns.
func pad(s string, n int) string {
	if w := width(s); w < n {
		return s + strings.Repeat(" ", n-w)
	}
	return s
}
