package library

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/corpus/theme"
	"github.com/zhenggai/zhenggai/indexer"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// MaxFilterHits bounds the measures a filter with a query text selects:
// the search is read up to this many hits (Selection.Truncated says when
// it stopped), so a filtered analysis stays within a memory bound.
const MaxFilterHits = 5000

// Filter selects the measures an analysis covers, with the parameters of
// a measure search: Text runs the search (its filters with it) and keeps
// the measures it finds; the filters alone are applied to the stored rows.
// Zero fields do not filter.
type Filter struct {
	Text string
	// Units match by analytics.UnitKey (中共青石镇委员会 finds 青石镇党委).
	Units []string
	// Rounds are numbers (2) or round labels, printed (十届县委第二轮) or
	// place-qualified (青溪县十届县委第二轮).
	Rounds []string
	Themes []string
	Years  []int
	// From and To bound the publication date, inclusive (YYYY-MM-DD);
	// undated measures never match a bound.
	From, To     string
	DisclosureID string
}

// IsZero reports whether f selects every measure.
func (f Filter) IsZero() bool {
	return f.Text == "" && len(f.Units) == 0 && len(f.Rounds) == 0 && len(f.Themes) == 0 && len(f.Years) == 0 &&
		f.From == "" && f.To == "" && f.DisclosureID == ""
}

// normalized is f with empty lists as nil, so that one selection has one
// cache key however it was spelled.
func (f Filter) normalized() Filter {
	for _, l := range []*[]string{&f.Units, &f.Rounds, &f.Themes} {
		if len(*l) == 0 {
			*l = nil
		}
	}
	if len(f.Years) == 0 {
		f.Years = nil
	}
	return f
}

// Selection says how a filter selected the measures of an analysis.
type Selection struct {
	// Measures is how many measures the analysis covered.
	Measures int `json:"measures"`
	// Truncated is true when the query text found more than MaxFilterHits
	// measures and only the first were analysed.
	Truncated bool `json:"truncated,omitempty"`
}

// selectRows returns the analytics rows f selects, from the rows cached
// per store change (rowcache.go), in a new slice. Every row carries its
// publication date, and no text.
func (l *Library) selectRows(ctx context.Context, f Filter) ([]analytics.Row, Selection, error) {
	all, err := l.allRows(ctx)
	if err != nil {
		return nil, Selection{}, err
	}
	return l.selectFrom(ctx, all, f)
}

// prepareSelection resolves f's themes to ids in place and, when f has
// query text, returns the measures its search finds (nil otherwise) and
// whether that list was cut.
func (l *Library) prepareSelection(ctx context.Context, f *Filter) (map[string]bool, Selection, error) {
	var sel Selection
	f.Themes = resolveThemes(f.Themes, l.taxonomy())
	if f.Text == "" {
		return nil, sel, nil
	}
	hits, truncated, err := l.searchIDs(ctx, *f)
	sel.Truncated = truncated
	return hits, sel, err
}

// selectFrom returns the rows of all that f selects, in a new slice.
func (l *Library) selectFrom(ctx context.Context, all []analytics.Row, f Filter) ([]analytics.Row, Selection, error) {
	hits, sel, err := l.prepareSelection(ctx, &f)
	if err != nil {
		return nil, sel, err
	}
	rows := all
	if f.IsZero() {
		rows = slices.Clone(all)
	} else {
		keep := f.matcher()
		rows = filterRows(all, func(r analytics.Row) bool {
			return keep(r) && (hits == nil || hits[r.MeasureID])
		})
	}
	sel.Measures = len(rows)
	return rows, sel, nil
}

// selected is a derived result over the rows f selects, cached per store
// change and key (derive) when f has no query text; with one, the search
// decides the rows, so it is computed each time.
func selected[T any](ctx context.Context, l *Library, f Filter, key string, compute func([]analytics.Row, Selection) (T, error)) (T, error) {
	if f.Text != "" {
		rows, sel, err := l.selectRows(ctx, f)
		if err != nil {
			var zero T
			return zero, err
		}
		return compute(rows, sel)
	}
	return derive(ctx, l, derivedKey(key, f.normalized()), func(all []analytics.Row) (T, error) {
		rows, sel, err := l.selectFrom(ctx, all, f)
		if err != nil {
			var zero T
			return zero, err
		}
		return compute(rows, sel)
	})
}

// selectDocsFrom returns the Docs of all that f selects, in a new slice:
// the Docs its filters select, each with only the measures that carry one
// of f.Themes (when given) and that its query text finds (when given).
func (l *Library) selectDocsFrom(ctx context.Context, all []analytics.Doc, f Filter) ([]analytics.Doc, Selection, error) {
	hits, sel, err := l.prepareSelection(ctx, &f)
	if err != nil {
		return nil, sel, err
	}
	var docs []analytics.Doc
	if f.IsZero() {
		docs = slices.Clone(all)
	} else {
		perDoc := f
		perDoc.Themes, perDoc.Text = nil, ""
		keep := perDoc.matcher()
		docs = make([]analytics.Doc, 0, len(all)/4)
		var carries []bool
		for i := range all {
			d := &all[i]
			if !keep(analytics.Row{DisclosureID: d.DisclosureID, Unit: d.Unit, RoundKey: d.RoundKey, Round: d.Round, Published: d.Published}) {
				continue
			}
			if len(f.Themes) == 0 && hits == nil {
				docs = append(docs, *d)
				continue
			}
			carries = slices.Grow(carries[:0], len(d.MeasureIDs))[:len(d.MeasureIDs)]
			for k := range carries {
				carries[k] = len(f.Themes) == 0
			}
			for _, t := range d.Themes {
				if slices.Contains(f.Themes, t.ID) {
					for _, k := range t.Measures {
						carries[k] = true
					}
				}
			}
			kept := d.Keep(func(k int) bool { return carries[k] && (hits == nil || hits[d.MeasureIDs[k]]) })
			if len(kept.MeasureIDs) > 0 {
				docs = append(docs, kept)
			}
		}
	}
	sel.Measures = measureCount(docs)
	return docs, sel, nil
}

// measureCount counts the measures of docs.
func measureCount(docs []analytics.Doc) int {
	n := 0
	for i := range docs {
		n += len(docs[i].MeasureIDs)
	}
	return n
}

// selectedDocs is selected over Docs (selectDocsFrom).
func selectedDocs[T any](ctx context.Context, l *Library, f Filter, key string, compute func([]analytics.Doc, Selection) (T, error)) (T, error) {
	run := func(all []analytics.Doc) (T, error) {
		docs, sel, err := l.selectDocsFrom(ctx, all, f)
		if err != nil {
			var zero T
			return zero, err
		}
		return compute(docs, sel)
	}
	if f.Text != "" {
		all, _, err := l.allDocsMark(ctx)
		if err != nil {
			var zero T
			return zero, err
		}
		return run(all)
	}
	return deriveDocs(ctx, l, derivedKey(key, f.normalized()), run)
}

// matcher returns the row test of f's filters (the text aside).
func (f Filter) matcher() func(analytics.Row) bool {
	units := map[string]bool{}
	for _, u := range f.Units {
		units[analytics.UnitKey(u)] = true
	}
	var numbers []int
	var labels []string
	for _, r := range f.Rounds {
		if n, err := strconv.Atoi(r); err == nil {
			numbers = append(numbers, n)
		} else {
			labels = append(labels, r)
		}
	}
	years := map[string]bool{}
	for _, y := range f.Years {
		years[strconv.Itoa(y)] = true
	}
	keys := map[string]string{}
	return func(r analytics.Row) bool {
		if len(units) > 0 {
			k, ok := keys[r.Unit]
			if !ok {
				k = analytics.UnitKey(r.Unit)
				keys[r.Unit] = k
			}
			if r.Unit == "" || !units[k] {
				return false
			}
		}
		if len(f.Rounds) > 0 {
			byNumber := r.Round != nil && slices.Contains(numbers, *r.Round)
			byLabel := r.RoundKey != "" && slices.ContainsFunc(labels, func(k string) bool {
				return r.RoundKey == k || strings.HasSuffix(r.RoundKey, k)
			})
			if !byNumber && !byLabel {
				return false
			}
		}
		if len(f.Themes) > 0 && !slices.ContainsFunc(r.Themes, func(t string) bool { return slices.Contains(f.Themes, t) }) {
			return false
		}
		if len(years) > 0 && (len(r.Published) < 4 || !years[r.Published[:4]]) {
			return false
		}
		if f.From != "" && (r.Published == "" || r.Published < f.From) {
			return false
		}
		if f.To != "" && (r.Published == "" || r.Published[:min(len(r.Published), len(f.To))] > f.To) {
			return false
		}
		return f.DisclosureID == "" || r.DisclosureID == f.DisclosureID
	}
}

// searchIDs runs f as a measure search and returns the ids of its hits, up
// to MaxFilterHits (the oldest first), in one search that reads no stored
// field (Index.MatchingIDs).
func (l *Library) searchIDs(ctx context.Context, f Filter) (map[string]bool, bool, error) {
	q := indexer.Query{Text: f.Text, Unit: f.Units, Themes: f.Themes, Year: f.Years, PublishedFrom: f.From,
		PublishedTo: f.To, DisclosureID: f.DisclosureID, Sort: indexer.SortDate, Limit: indexer.MaxLimit}
	for _, r := range f.Rounds {
		if n, err := strconv.Atoi(r); err == nil {
			q.Round = append(q.Round, n)
		} else {
			q.RoundLabel = append(q.RoundLabel, r)
		}
	}
	ix, release := l.idx()
	defer release()
	found, more, err := ix.MatchingIDs(ctx, q, MaxFilterHits)
	if err != nil {
		return nil, false, fmt.Errorf("select measures by search: %w", err)
	}
	ids := make(map[string]bool, len(found))
	for _, id := range found {
		ids[id] = true
	}
	return ids, more, nil
}

// RecurringByUnit groups recurring themes by unit (屡查屡犯, see
// analytics.RecurringByUnit) over the measures f selects: each unit's
// themes in two or more rounds, the rounds' measures side by side and the
// later measures that repeat earlier ones; ranked and paged by opts. The
// ranked units are computed once per store change (and filter) and paged
// from the cache.
func (l *Library) RecurringByUnit(ctx context.Context, opts analytics.GroupOptions, f Filter) (analytics.UnitRecurrences, error) {
	if opts.Offset < 0 || opts.Limit < 0 {
		_, err := (&analytics.RecurringSet{}).Page(opts)
		return analytics.UnitRecurrences{}, fmt.Errorf("group recurring themes by unit: %w", invalid(err))
	}
	opts.MinRounds = cmp.Or(max(opts.MinRounds, 0), analytics.DefaultMinRounds)
	set, err := selected(ctx, l, f, derivedKey("recurring-units", opts.MinRounds), func(rows []analytics.Row, _ Selection) (*analytics.RecurringSet, error) {
		return analytics.PrepareRecurringByUnit(rows, opts.MinRounds, l.taxonomy()), nil
	})
	if err != nil {
		return analytics.UnitRecurrences{}, fmt.Errorf("group recurring themes by unit: %w", err)
	}
	res, err := set.Page(opts)
	if err != nil {
		return res, fmt.Errorf("group recurring themes by unit: %w", invalid(err))
	}
	if err := l.pageTexts(ctx, &res, opts); err != nil {
		return analytics.UnitRecurrences{}, fmt.Errorf("group recurring themes by unit: %w", err)
	}
	return res, nil
}

// pageTexts completes a page of grouped recurrences computed from rows
// without texts (the cached rows keep none): it reads the texts of the
// page's measures from the store and finds the repeats they make. Page
// compares, per shown unit and theme, the shown measures of the shown
// rounds and nothing else (analytics.RecurringSet.Page), so each of those
// is grouped again from its shown measures alone, with their texts, and
// its repeats taken from there.
func (l *Library) pageTexts(ctx context.Context, page *analytics.UnitRecurrences, opts analytics.GroupOptions) error {
	var ids []string
	for _, u := range page.Units {
		for _, t := range u.Themes {
			for _, r := range t.Rounds {
				for _, m := range r.Measures {
					ids = append(ids, m.ID)
				}
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	texts, err := l.measureTexts(ctx, ids)
	if err != nil {
		return err
	}
	tax := l.taxonomy()
	var rows []analytics.Row
	for i := range page.Units {
		u := &page.Units[i]
		for j := range u.Themes {
			t := &u.Themes[j]
			rows = rows[:0]
			for k := range t.Rounds {
				r := &t.Rounds[k]
				ms := slices.Clone(r.Measures) // the page's slices are the cached set's
				for x := range ms {
					m := &ms[x]
					m.Text = texts[m.ID]
					rows = append(rows, analytics.Row{MeasureID: m.ID, DisclosureID: m.DisclosureID, Unit: u.Unit,
						RoundKey: r.Round, Round: r.RoundNumber, Themes: []string{t.ID}, Text: m.Text})
				}
				r.Measures = ms
			}
			if len(t.Rounds) < 2 {
				continue // nothing earlier to repeat
			}
			again, err := analytics.PrepareRecurringByUnit(rows, 1, tax).Page(analytics.GroupOptions{Limit: 1, ThemesShown: 1,
				RoundsShown: len(t.Rounds), MeasuresShown: analytics.MaxShown, RepeatThreshold: opts.RepeatThreshold})
			if err != nil {
				return err
			}
			if !sameRounds(again, u.UnitKey, t) {
				return fmt.Errorf("repeats of %s, theme %s: its shown measures group otherwise", u.UnitKey, t.ID)
			}
			t.Repeats = again.Units[0].Themes[0].Repeats
			t.Repeated = len(t.Repeats) > 0
			u.Repeats += len(t.Repeats)
		}
	}
	return nil
}

// sameRounds reports whether page holds one unit, unit, of one theme, t's,
// with t's rounds and measures in t's order.
func sameRounds(page analytics.UnitRecurrences, unit string, t *analytics.RecurringTheme) bool {
	if len(page.Units) != 1 || page.Units[0].UnitKey != unit || len(page.Units[0].Themes) != 1 {
		return false
	}
	got := page.Units[0].Themes[0]
	if got.ID != t.ID || len(got.Rounds) != len(t.Rounds) {
		return false
	}
	for k, r := range got.Rounds {
		w := t.Rounds[k]
		if r.Round != w.Round || len(r.Measures) != len(w.Measures) {
			return false
		}
		for x, m := range r.Measures {
			if m.ID != w.Measures[x].ID {
				return false
			}
		}
	}
	return true
}

// rowTexts sets the texts of rows (the cached rows keep none: these must
// be the caller's copies), read from the store.
func (l *Library) rowTexts(ctx context.Context, rows []analytics.Row) error {
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.MeasureID
	}
	texts, err := l.measureTexts(ctx, ids)
	if err != nil {
		return err
	}
	for i := range rows {
		rows[i].Text = texts[rows[i].MeasureID]
	}
	return nil
}

// CommonByTheme groups the themes shared by several units within a round
// (共性问题, see analytics.CommonByTheme) over the measures f selects,
// computed once per store change (and filter) and paged from the cache.
func (l *Library) CommonByTheme(ctx context.Context, opts analytics.GroupOptions, f Filter) (analytics.CommonGroups, error) {
	if opts.Offset < 0 || opts.Limit < 0 {
		_, err := (&analytics.CommonSet{}).Page(opts)
		return analytics.CommonGroups{}, fmt.Errorf("group common themes by round: %w", invalid(err))
	}
	opts.MinUnits = cmp.Or(max(opts.MinUnits, 0), analytics.DefaultMinUnits)
	set, err := selected(ctx, l, f, derivedKey("common-themes", opts.MinUnits), func(rows []analytics.Row, _ Selection) (*analytics.CommonSet, error) {
		return analytics.PrepareCommonByTheme(rows, opts.MinUnits, l.taxonomy()), nil
	})
	if err != nil {
		return analytics.CommonGroups{}, fmt.Errorf("group common themes by round: %w", err)
	}
	res, err := set.Page(opts)
	if err != nil {
		return res, fmt.Errorf("group common themes by round: %w", invalid(err))
	}
	return res, nil
}

// trendSet is a trend over every theme with its selection.
type trendSet struct {
	tr  analytics.Trend
	sel Selection
}

// Trends counts the theme shares per round or per year of publication
// (analytics.PerRound, analytics.PerYear) over the measures f selects; top
// bounds the themes (0: all). The counts are computed once per store
// change (and filter).
func (l *Library) Trends(ctx context.Context, per string, top int, f Filter) (analytics.Trend, Selection, error) {
	if per != analytics.PerRound && per != analytics.PerYear {
		return analytics.Trend{}, Selection{}, fmt.Errorf("theme trends per %q: %w: %w", per, store.ErrInvalid, analytics.ErrInvalidPeriod)
	}
	ts, err := selected(ctx, l, f, derivedKey("trends", per), func(rows []analytics.Row, sel Selection) (trendSet, error) {
		tr, err := analytics.Trends(rows, per, 0, l.taxonomy())
		return trendSet{tr, sel}, err
	})
	if err != nil {
		return analytics.Trend{}, ts.sel, fmt.Errorf("theme trends: %w", err)
	}
	tr := ts.tr
	if top > 0 && len(tr.Themes) > top {
		tr.Themes = tr.Themes[:top:top]
	}
	return tr, ts.sel, nil
}

// RankedComparison is a comparison of the measures a filter selected, with
// every group's themes ranked by how distinctive they are.
type RankedComparison struct {
	analytics.Comparison
	Ranking   []analytics.GroupRanking `json:"ranking"`
	Selection Selection                `json:"selection"`
}

// comparedSet is a comparison with its selection.
type comparedSet struct {
	c   analytics.Comparison
	sel Selection
}

// CompareWhere compares like Compare (by unit or round, units and rounds
// naming and selecting the groups) over the measures f selects, and ranks
// every group's themes (analytics.RankDistinctive, top per group; 0: all).
// The comparison is computed once per store change (and arguments); the
// ranking is the request's. The comparison's measure ids are shared with
// the cache: do not modify them.
func (l *Library) CompareWhere(ctx context.Context, by string, units, rounds []string, f Filter, top int) (RankedComparison, error) {
	cs, err := l.comparedWhere(ctx, by, units, rounds, f)
	if err != nil {
		return RankedComparison{}, err
	}
	return RankedComparison{Comparison: cs.c, Ranking: analytics.RankDistinctive(cs.c, top), Selection: cs.sel}, nil
}

// comparedWhere is CompareWhere's comparison, before the ranking.
func (l *Library) comparedWhere(ctx context.Context, by string, units, rounds []string, f Filter) (comparedSet, error) {
	if by != analytics.ByUnit && by != analytics.ByRound {
		return comparedSet{}, fmt.Errorf("compare themes by %q: %w", by, analytics.ErrInvalidGrouping)
	}
	rounds, err := l.roundKeys(ctx, rounds)
	if err != nil {
		return comparedSet{}, fmt.Errorf("compare themes: %w", err)
	}
	key := derivedKey("compare", by, nilIfEmpty(units), nilIfEmpty(rounds))
	if len(units) > 0 {
		f.Units = append(slices.Clone(f.Units), units...)
		if len(f.Units) > len(units) {
			// Both the search's units and the compared units: the
			// compared ones among the search's.
			f.Units = intersectUnits(f.Units[:len(f.Units)-len(units)], units)
		}
	}
	cs, err := selectedDocs(ctx, l, f, key, func(docs []analytics.Doc, sel Selection) (comparedSet, error) {
		if len(rounds) > 0 {
			docs = slices.DeleteFunc(docs, func(d analytics.Doc) bool {
				return !slices.ContainsFunc(rounds, func(k string) bool { return d.RoundKey == k || strings.HasSuffix(d.RoundKey, k) })
			})
		}
		keys := rounds
		if by == analytics.ByUnit {
			keys = units
		} else if len(rounds) > 0 {
			keys = qualifiedRounds(docs, rounds)
		}
		sel.Measures = measureCount(docs)
		c, err := analytics.CompareDocs(docs, by, keys, l.taxonomy())
		return comparedSet{c, sel}, err
	})
	if err != nil {
		return comparedSet{}, fmt.Errorf("compare themes: %w", err)
	}
	return cs, nil
}

// nilIfEmpty is list, or nil when it is empty.
func nilIfEmpty(list []string) []string {
	if len(list) == 0 {
		return nil
	}
	return list
}

// intersectUnits keeps the units of b whose key is among a's; when none
// is, a name no unit has, so that the selection is empty as asked.
func intersectUnits(a, b []string) []string {
	keys := map[string]bool{}
	for _, u := range a {
		keys[analytics.UnitKey(u)] = true
	}
	var out []string
	for _, u := range b {
		if keys[analytics.UnitKey(u)] {
			out = append(out, u)
		}
	}
	if len(out) == 0 {
		return []string{"\x00none"}
	}
	return out
}

// invalid marks the analytics package's argument errors as store.ErrInvalid
// so callers answer them as bad requests.
func invalid(err error) error {
	if errors.Is(err, analytics.ErrInvalidPage) || errors.Is(err, analytics.ErrInvalidPeriod) || errors.Is(err, analytics.ErrInvalidGrouping) {
		return fmt.Errorf("%w: %w", store.ErrInvalid, err)
	}
	return err
}

// resolveThemes turns theme values as the search takes them (an id in any
// case, or a name whole or in part: 三会一课) into theme ids; a value naming
// no theme is kept, so it selects nothing, as asked.
func resolveThemes(values []string, tax *theme.Taxonomy) []string {
	var out []string
	for _, v := range values {
		if th, ok := tax.Lookup(strings.ToUpper(v)); ok {
			out = append(out, th.ID)
			continue
		}
		found := false
		for _, th := range tax.Themes() {
			if v != "" && strings.Contains(th.Name, v) {
				out = append(out, th.ID)
				found = true
			}
		}
		if !found {
			out = append(out, v)
		}
	}
	return out
}
