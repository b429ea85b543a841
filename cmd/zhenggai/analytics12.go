package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/corpus/similar"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// filterOpts are the search flags that select the measures of an analysis.
type filterOpts struct {
	q                    *string
	unit, round, theme   listFlag
	year                 listFlag
	from, to, disclosure *string
}

// filterFlags adds --q, --unit, --round, --theme, --year, --from, --to and
// --disclosure to fs.
func filterFlags(fs *flag.FlagSet) *filterOpts {
	f := &filterOpts{}
	f.q = fs.String("q", "", "only the measures this search text finds (as zhenggai search)")
	fs.Var(&f.unit, "unit", "only these units (comma-separate or repeat)")
	fs.Var(&f.round, "round", "only these rounds: numbers or labels")
	fs.Var(&f.theme, "theme", "only measures carrying one of these theme ids")
	fs.Var(&f.year, "year", "only disclosures published in these years")
	f.from = fs.String("from", "", "only disclosures published on or after YYYY-MM-DD")
	f.to = fs.String("to", "", "only disclosures published on or before YYYY-MM-DD")
	f.disclosure = fs.String("disclosure", "", "only this disclosure's measures")
	return f
}

// values are the filter as the API's search parameters (for a server).
func (f *filterOpts) values() url.Values {
	v := url.Values{}
	set := func(k, x string) {
		if x != "" {
			v.Set(k, x)
		}
	}
	set("q", *f.q)
	set("from", *f.from)
	set("to", *f.to)
	set("disclosure_id", *f.disclosure)
	for k, xs := range map[string]listFlag{"unit": f.unit, "round": f.round, "theme": f.theme, "year": f.year} {
		for _, x := range xs {
			v.Add(k, x)
		}
	}
	return v
}

// filter builds the library filter.
func (f *filterOpts) filter() (library.Filter, error) {
	years, err := intList("year", f.year)
	if err != nil {
		return library.Filter{}, err
	}
	return library.Filter{Text: *f.q, Units: f.unit, Rounds: f.round, Themes: f.theme, Years: years,
		From: *f.from, To: *f.to, DisclosureID: *f.disclosure}, nil
}

// askOrOpen answers a read from the server holding the data folder (GET
// path?v, the same JSON the library gives) or, when none does, by opening
// the folder and calling local.
func askOrOpen[T any](ctx context.Context, e *env, path string, v url.Values, local func(*library.Library) (T, error)) (T, error) {
	var out T
	if r, err := e.server(ctx); err != nil {
		return out, err
	} else if r != nil {
		err := r.getJSON(ctx, path, v, &out)
		return out, err
	}
	lib, err := openLibrary(ctx, e, 50)
	if err != nil {
		return out, err
	}
	defer lib.Close()
	return local(lib)
}

// runClusters prints near-duplicate measures grouped into clusters.
func runClusters(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "clusters")
	asJSON := fs.Bool("json", false, "the page of clusters as JSON on stdout")
	threshold := fs.Float64("threshold", similar.DefaultClusterThreshold, "least similarity of a member to its cluster's representative")
	minSize := fs.Int("min-size", 2, "least members of a cluster")
	members := fs.Int("members", library.DefaultClusterMembers, fmt.Sprintf("members listed per cluster, 1–%d", library.MaxClusterMembers))
	unit := fs.String("unit", "", "only the clusters holding a measure of this unit")
	limit := fs.Int("limit", similar.DefaultClusterLimit, fmt.Sprintf("clusters to print, 1–%d", similar.MaxClusterLimit))
	offset := fs.Int("offset", 0, "clusters to skip")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: clusters takes no arguments, got %q", errUsage, rest)
	}
	return printClusters(ctx, e, library.ClusterQuery{Threshold: *threshold, MinSize: *minSize, Members: *members,
		Unit: *unit, Limit: *limit, Offset: *offset}, *asJSON)
}

// printClusters prints one page of clusters (runClusters, duplicates --clusters).
func printClusters(ctx context.Context, e *env, q library.ClusterQuery, asJSON bool) error {
	if !(q.Threshold > 0 && q.Threshold <= 1) {
		return fmt.Errorf("%w: --threshold takes a number above 0 and at most 1, got %g", errUsage, q.Threshold)
	}
	if q.Limit < 1 || q.Limit > similar.MaxClusterLimit || q.Offset < 0 || q.Members < 1 || q.Members > library.MaxClusterMembers {
		return fmt.Errorf("%w: --limit takes 1–%d, --offset 0 or more and --members 1–%d", errUsage, similar.MaxClusterLimit, library.MaxClusterMembers)
	}
	v := url.Values{}
	v.Set("threshold", strconv.FormatFloat(q.Threshold, 'g', -1, 64))
	v.Set("min_size", strconv.Itoa(q.MinSize))
	v.Set("members", strconv.Itoa(q.Members))
	v.Set("limit", strconv.Itoa(q.Limit))
	v.Set("offset", strconv.Itoa(q.Offset))
	if q.Unit != "" {
		v.Set("unit", q.Unit)
	}
	var p library.ClusterPage
	for {
		var err error
		p, err = askOrOpen(ctx, e, "/api/v1/analytics/clusters", v, func(lib *library.Library) (library.ClusterPage, error) {
			return lib.Clusters(ctx, q)
		})
		if err != nil {
			return err
		}
		if !p.Computing {
			break
		}
		// A server answers computing when its clustering outlasts the
		// request's deadline; it goes on computing: ask again.
		fmt.Fprintln(e.stderr, "zhenggai: the server is still computing the clusters; asking again")
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
	if asJSON {
		return newJSON(e.stdout).Encode(p)
	}
	writeClusters(e.stdout, p.ClusterPage)
	pg := page{Total: p.Total, Offset: p.Offset, Limit: p.Limit}
	pg.note(e.stdout, "clusters")
	return nil
}

// writeClusters prints clusters, most units first.
func writeClusters(w io.Writer, p similar.ClusterPage) {
	fmt.Fprintf(w, "%d clusters of near-duplicate measures (%d measures), most units first\n", p.Total, p.Members)
	for i, c := range p.Clusters {
		fmt.Fprintf(w, "\n%d. %d measures in %d units, %d rounds, similarity %.2f–%.2f\n   %s\n   %s\n", p.Offset+i+1, c.Size,
			len(c.Units), len(c.Rounds), c.MinSimilarity, c.MaxSimilarity, c.Representative, clip(c.RepresentativeText, 80))
		for _, m := range c.Members {
			fmt.Fprintf(w, "     %.2f  %s  %s  %s\n", m.Similarity, m.ID, m.Unit, m.Round)
		}
		if len(c.Members) < c.Size {
			fmt.Fprintf(w, "     … %d more\n", c.Size-len(c.Members))
		}
	}
}

// clip shortens s to n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// runGroupedRecurring is recurring --by unit|theme: the grouped lists.
func runGroupedRecurring(ctx context.Context, e *env, by string, opts analytics.GroupOptions, f library.Filter, values url.Values, asJSON bool) error {
	if by != "unit" && by != "theme" {
		return fmt.Errorf("%w: --by takes unit or theme, got %q", errUsage, by)
	}
	if opts.Limit < 1 || opts.Limit > analytics.MaxLimit || opts.Offset < 0 {
		return fmt.Errorf("%w: with --by, --limit takes 1–%d and --offset 0 or more", errUsage, analytics.MaxLimit)
	}
	v := values
	v.Set("limit", strconv.Itoa(opts.Limit))
	v.Set("offset", strconv.Itoa(opts.Offset))
	if by == "unit" {
		v.Set("min_rounds", strconv.Itoa(max(opts.MinRounds, 1)))
		res, err := askOrOpen(ctx, e, "/api/v1/analytics/recurring/units", v, func(lib *library.Library) (analytics.UnitRecurrences, error) {
			return lib.RecurringByUnit(ctx, opts, f)
		})
		if err != nil {
			return err
		}
		if asJSON {
			return newJSON(e.stdout).Encode(res)
		}
		fmt.Fprintf(e.stdout, "units whose themes recur in ≥ %d rounds (屡查屡犯), strongest first: %d\n", max(opts.MinRounds, 1), res.Total)
		for i, u := range res.Units {
			fmt.Fprintf(e.stdout, "\n%d. %s  strength %d, %d rounds, %d recurring themes, %d repeated measures\n",
				res.Offset+i+1, u.Unit, u.Strength, u.Rounds, u.ThemeCount, u.Repeats)
			for _, th := range u.Themes {
				mark := ""
				if th.Repeated {
					mark = "  (later measures repeat earlier ones)"
				}
				fmt.Fprintf(e.stdout, "   %s %s in %d rounds%s\n", th.ID, th.Name, th.RoundCount, mark)
				for _, r := range th.Rounds {
					fmt.Fprintf(e.stdout, "     %s: %d measures\n", r.Round, r.Count)
					for _, m := range r.Measures {
						fmt.Fprintf(e.stdout, "       %s  %s\n", m.ID, clip(m.Text, 60))
					}
				}
			}
		}
		pg := page(res.Page)
		pg.note(e.stdout, "units")
		return nil
	}
	v.Set("min_units", strconv.Itoa(max(opts.MinUnits, 1)))
	res, err := askOrOpen(ctx, e, "/api/v1/analytics/common/themes", v, func(lib *library.Library) (analytics.CommonGroups, error) {
		return lib.CommonByTheme(ctx, opts, f)
	})
	if err != nil {
		return err
	}
	if asJSON {
		return newJSON(e.stdout).Encode(res)
	}
	fmt.Fprintf(e.stdout, "themes common to ≥ %d units in a round (共性问题), most units first: %d\n", max(opts.MinUnits, 1), res.Total)
	for i, g := range res.Common {
		names := make([]string, 0, len(g.ByUnit))
		for _, u := range g.ByUnit {
			names = append(names, fmt.Sprintf("%s (%d)", u.Unit, len(u.MeasureIDs)))
		}
		fmt.Fprintf(e.stdout, "\n%d. %s  %s %s: %d of %d units (%.0f%%), lift %.2f, %d measures\n   %s\n", res.Offset+i+1, g.Round,
			g.ID, g.Name, g.Units, g.RoundUnits, g.Share*100, g.Lift, g.Measures, strings.Join(names, "、"))
	}
	pg := page(res.Page)
	pg.note(e.stdout, "groups")
	return nil
}

// writeRanking prints each group's themes by log-odds z, marked where
// significant.
func writeRanking(w io.Writer, rs []analytics.GroupRanking, minZ float64) {
	fmt.Fprintf(w, "\nthemes ranked by log-odds z per group (* z ≥ %.2f, ! no other group has it):\n", minZ)
	for _, r := range rs {
		fmt.Fprintf(w, "  %s  (%d measures, %d significant)\n", r.Group, r.Measures, r.Significant)
		for _, t := range r.Themes {
			mark := " "
			if t.Significant {
				mark = "*"
			}
			if t.Only {
				mark += "!"
			}
			fmt.Fprintf(w, "    %-2s %s %s  z %.2f  %d (%d%%)\n", mark, t.ID, t.Name, t.LogOddsZ, t.Count, int(t.Share*100+0.5))
		}
	}
}

// runTrends prints the theme shares per round or per year.
func runTrends(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "trends")
	asJSON := fs.Bool("json", false, "the trend as JSON on stdout")
	by := fs.String("by", analytics.PerRound, "periods: round or year")
	top := fs.Int("limit", 10, "themes listed, 1–100")
	ff := filterFlags(fs)
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: trends takes no arguments, got %q", errUsage, rest)
	}
	if *by != analytics.PerRound && *by != analytics.PerYear {
		return fmt.Errorf("%w: --by takes round or year, got %q", errUsage, *by)
	}
	if *top < 1 || *top > 100 {
		return fmt.Errorf("%w: --limit takes 1–100, got %d", errUsage, *top)
	}
	f, err := ff.filter()
	if err != nil {
		return err
	}
	type trendAnswer struct {
		analytics.Trend
		Selection library.Selection `json:"selection"`
	}
	v := ff.values()
	v.Set("by", *by)
	v.Set("limit", strconv.Itoa(*top))
	ans, err := askOrOpen(ctx, e, "/api/v1/analytics/trends", v, func(lib *library.Library) (trendAnswer, error) {
		tr, sel, err := lib.Trends(ctx, *by, *top, f)
		return trendAnswer{tr, sel}, err
	})
	if err != nil {
		return err
	}
	tr, sel := ans.Trend, ans.Selection
	if *asJSON {
		return newJSON(e.stdout).Encode(ans)
	}
	fmt.Fprintf(e.stdout, "theme shares per %s over %d measures (%d without a %s)\n\n", tr.Per, sel.Measures, tr.Undated, tr.Per)
	header := []string{pad("theme", 24)}
	for _, p := range tr.Periods {
		header = append(header, fmt.Sprintf("%s (%d)", p.Key, p.Measures))
	}
	fmt.Fprintln(e.stdout, strings.Join(header, "  "))
	for _, th := range tr.Themes {
		line := []string{pad(th.ID+" "+th.Name, 24)}
		for i, p := range tr.Periods {
			line = append(line, pad(fmt.Sprintf("%d %d%%", th.Counts[i], int(th.Shares[i]*100+0.5)), width(p.Key)+3+len(fmt.Sprint(p.Measures))))
		}
		fmt.Fprintln(e.stdout, strings.TrimRight(strings.Join(line, "  "), " "))
	}
	return nil
}

// runProfile prints one unit's profile.
func runProfile(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "profile")
	asJSON := fs.Bool("json", false, "the profile as JSON on stdout")
	minRounds := fs.Int("min-rounds", analytics.DefaultMinRounds, "a theme recurs when seen in at least N rounds")
	copied := fs.Int("copied-limit", 10, fmt.Sprintf("clusters of copied measures listed, 1–%d", similar.MaxClusterLimit))
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return fmt.Errorf("%w: name one unit, e.g. zhenggai profile 云岭县民政局", errUsage)
	}
	if *minRounds < 1 || *copied < 1 || *copied > similar.MaxClusterLimit {
		return fmt.Errorf("%w: --min-rounds takes 1 or more and --copied-limit 1–%d", errUsage, similar.MaxClusterLimit)
	}
	v := url.Values{}
	v.Set("min_rounds", strconv.Itoa(*minRounds))
	v.Set("copied_limit", strconv.Itoa(*copied))
	p, err := askOrOpen(ctx, e, "/api/v1/units/"+url.PathEscape(rest[0])+"/profile", v, func(lib *library.Library) (library.UnitProfile, error) {
		return lib.Profile(ctx, rest[0], analytics.GroupOptions{MinRounds: *minRounds}, *copied)
	})
	if err != nil {
		return err
	}
	if *asJSON {
		return newJSON(e.stdout).Encode(p)
	}
	w := e.stdout
	fmt.Fprintf(w, "%s (%s): %d measures in %d disclosures, %d rounds\n", p.Unit, p.UnitKey, p.Measures, len(p.Disclosures), len(p.Rounds))
	fmt.Fprintln(w, "\ndisclosures:")
	for _, d := range p.Disclosures {
		fmt.Fprintf(w, "  %s  %s  %s  %d measures\n", d.ID, d.Round, d.Published, d.Measures)
	}
	fmt.Fprintln(w, "\nthemes per round:")
	for _, r := range p.Rounds {
		var ts []string
		for _, t := range r.Themes[:min(len(r.Themes), 6)] {
			ts = append(ts, fmt.Sprintf("%s %s %d", t.ID, t.Name, t.Count))
		}
		fmt.Fprintf(w, "  %s (%d measures): %s\n", r.Round, r.Measures, strings.Join(ts, "、"))
	}
	if p.Recurring != nil {
		fmt.Fprintf(w, "\nrecurring themes (屡查屡犯), %d:\n", p.Recurring.ThemeCount)
		for _, th := range p.Recurring.Themes {
			fmt.Fprintf(w, "  %s %s in %d rounds, repeated: %v\n", th.ID, th.Name, th.RoundCount, th.Repeated)
		}
	}
	if p.Copied.Computing {
		fmt.Fprintf(w, "\ncopied measures: still being computed, ask again shortly\n")
	}
	fmt.Fprintf(w, "\ncopied measures: %d clusters\n", p.Copied.Total)
	for _, c := range p.Copied.Clusters {
		fmt.Fprintf(w, "  %d measures in %d units: %s\n", c.Size, len(c.Units), clip(c.RepresentativeText, 60))
	}
	return nil
}
