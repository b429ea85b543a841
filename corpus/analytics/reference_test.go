package analytics

// The analyses over rows as they were before they were computed over Docs
// (commit cf76cb3), kept as the reference the Doc analyses must match.

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/zhenggai/zhenggai/corpus/theme"
)

// oldGroupAcc is groupAcc as it was.
type oldGroupAcc struct {
	key      string // grouping key: UnitKey or round id
	names    printedName
	minRound int
	measures int
	tags     int
	themes   map[string][]string // theme id → measure ids
}

func oldCompare(rows []Row, by string, keys []string, tax *theme.Taxonomy) (Comparison, error) {
	keyOf, err := oldGrouping(by)
	if err != nil {
		return Comparison{}, err
	}
	rows = dedupe(rows)
	groups, order := map[string]*oldGroupAcc{}, []string(nil)
	if len(keys) > 0 {
		for _, k := range keys {
			gk := keyOf(Row{Unit: k, RoundKey: k})
			if gk == "" || groups[gk] != nil {
				continue
			}
			groups[gk] = newOldGroupAcc(gk)
			groups[gk].names[k] = 0 // a fallback name, outweighed by any row
			order = append(order, gk)
		}
	}
	for _, r := range rows {
		gk := keyOf(r)
		if gk == "" {
			continue
		}
		g := groups[gk]
		if g == nil {
			if len(keys) > 0 {
				continue
			}
			g = newOldGroupAcc(gk)
			groups[gk] = g
			order = append(order, gk)
		}
		g.add(r, by)
	}
	accs := make([]*oldGroupAcc, len(order))
	for i, gk := range order {
		accs[i] = groups[gk]
	}
	if len(keys) == 0 {
		oldSortGroups(accs, by)
	}
	return oldScore(accs, by, tax), nil
}

// grouping returns the group key of a row for by.
func oldGrouping(by string) (func(Row) string, error) {
	switch by {
	case ByUnit:
		keys := unitKeys{}
		return func(r Row) string {
			if r.Unit == "" {
				return ""
			}
			return keys.of(r.Unit)
		}, nil
	case ByRound:
		return roundID, nil
	}
	return nil, fmt.Errorf("compare by %q: %w", by, ErrInvalidGrouping)
}

func newOldGroupAcc(key string) *oldGroupAcc {
	return &oldGroupAcc{key: key, names: printedName{}, minRound: math.MaxInt, themes: map[string][]string{}}
}

func (g *oldGroupAcc) add(r Row, by string) {
	g.measures++
	if by == ByUnit {
		g.names.add(r.Unit)
	} else {
		g.names.add(roundID(r))
	}
	if r.Round != nil {
		g.minRound = min(g.minRound, *r.Round)
	}
	for _, t := range r.Themes {
		g.themes[t] = append(g.themes[t], r.MeasureID)
		g.tags++
	}
}

func oldRecurring(rows []Row, minRounds int, tax *theme.Taxonomy) Recurrences {
	if minRounds < 1 {
		minRounds = DefaultMinRounds
	}
	type key struct{ unit, theme string }
	cells := map[key]*cell{}
	names := map[string]printedName{}
	keys := unitKeys{}
	for _, r := range dedupe(rows) {
		rid := roundID(r)
		if r.Unit == "" || rid == "" {
			continue
		}
		uk := keys.of(r.Unit)
		if names[uk] == nil {
			names[uk] = printedName{}
		}
		names[uk].add(r.Unit)
		for _, t := range r.Themes {
			c := cells[key{uk, t}]
			if c == nil {
				c = &cell{rounds: map[string]roundInfo{}}
				cells[key{uk, t}] = c
			}
			c.ids = append(c.ids, r.MeasureID)
			if _, ok := c.rounds[rid]; !ok || c.rounds[rid].number == nil {
				c.rounds[rid] = roundInfo{id: rid, number: clone(r.Round)}
			}
		}
	}
	out := Recurrences{Recurring: []Recurrence{}}
	for k, c := range cells {
		if len(c.rounds) < minRounds {
			continue
		}
		rounds := make([]roundInfo, 0, len(c.rounds))
		for _, ri := range c.rounds {
			rounds = append(rounds, ri)
		}
		slices.SortFunc(rounds, compareRounds)
		rec := Recurrence{Unit: names[k.unit].best(), UnitKey: k.unit, ID: k.theme, Name: themeName(tax, k.theme),
			Rounds: []int{}, RoundKeys: make([]string, 0, len(rounds)), MeasureIDs: c.ids}
		for _, ri := range rounds {
			rec.RoundKeys = append(rec.RoundKeys, ri.id)
			if ri.number != nil {
				rec.Rounds = append(rec.Rounds, *ri.number)
			}
		}
		out.Recurring = append(out.Recurring, rec)
	}
	slices.SortFunc(out.Recurring, func(a, b Recurrence) int {
		if c := cmp.Compare(len(b.RoundKeys), len(a.RoundKeys)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Unit, b.Unit); c != 0 {
			return c
		}
		if c := cmp.Compare(a.UnitKey, b.UnitKey); c != 0 {
			return c
		}
		return CompareThemeIDs(a.ID, b.ID)
	})
	return out
}

// Common finds, in every round, the themes carried by the measures of at
// least minUnits distinct units (matched by UnitKey; DefaultMinUnits when
// minUnits < 1). Rows without a round or a unit are left out. The most
// units come first, then by round (number, then key), then theme id. A nil
// tax leaves names empty.
func oldCommon(rows []Row, minUnits int, tax *theme.Taxonomy) Commonalities {
	if minUnits < 1 {
		minUnits = DefaultMinUnits
	}
	type key struct{ round, theme string }
	cells := map[key]*cell{}
	rounds := map[string]roundInfo{}
	keys := unitKeys{}
	for _, r := range dedupe(rows) {
		rid := roundID(r)
		if r.Unit == "" || rid == "" {
			continue
		}
		if ri, ok := rounds[rid]; !ok || ri.number == nil {
			rounds[rid] = roundInfo{id: rid, number: clone(r.Round)}
		}
		uk := keys.of(r.Unit)
		for _, t := range r.Themes {
			c := cells[key{rid, t}]
			if c == nil {
				c = &cell{units: map[string]printedName{}}
				cells[key{rid, t}] = c
			}
			c.ids = append(c.ids, r.MeasureID)
			if c.units[uk] == nil {
				c.units[uk] = printedName{}
			}
			c.units[uk].add(r.Unit)
		}
	}
	out := Commonalities{Common: []CommonTheme{}}
	for k, c := range cells {
		if len(c.units) < minUnits {
			continue
		}
		ct := CommonTheme{Round: k.round, RoundNumber: rounds[k.round].number, ID: k.theme, Name: themeName(tax, k.theme),
			Units: len(c.units), UnitNames: make([]string, 0, len(c.units)), MeasureIDs: c.ids}
		for _, p := range c.units {
			ct.UnitNames = append(ct.UnitNames, p.best())
		}
		slices.Sort(ct.UnitNames)
		out.Common = append(out.Common, ct)
	}
	slices.SortFunc(out.Common, func(a, b CommonTheme) int {
		if c := cmp.Compare(b.Units, a.Units); c != 0 {
			return c
		}
		if c := compareRounds(rounds[a.Round], rounds[b.Round]); c != 0 {
			return c
		}
		return CompareThemeIDs(a.ID, b.ID)
	})
	return out
}

// cell gathers the measures of one (unit or round) × theme (as it was).
type cell struct {
	ids    []string
	rounds map[string]roundInfo   // for Recurring: distinct rounds
	units  map[string]printedName // for Common: unit key → printed forms
}

// oldSortGroups puts groups in their default order.
func oldSortGroups(accs []*oldGroupAcc, by string) {
	slices.SortStableFunc(accs, func(a, b *oldGroupAcc) int {
		if by == ByRound {
			if c := cmp.Compare(a.minRound, b.minRound); c != 0 {
				return c
			}
			return cmp.Compare(a.key, b.key)
		}
		if c := cmp.Compare(a.names.best(), b.names.best()); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
}

// oldScore builds the comparison: counts, shares and log-odds z-scores.
func oldScore(accs []*oldGroupAcc, by string, tax *theme.Taxonomy) Comparison {
	alpha := map[string]int{} // the prior: theme counts over the selection
	alpha0 := 0
	for _, g := range accs {
		for id, ids := range g.themes {
			alpha[id] += len(ids)
			alpha0 += len(ids)
		}
	}
	c := Comparison{By: by, Groups: make([]Group, 0, len(accs)), Distinctive: []Distinctive{}, MinZ: DistinctiveZ}
	name := themeNames(tax)
	for _, g := range accs {
		out := Group{Key: g.names.best(), Measures: g.measures, Tags: g.tags, Themes: []ThemeCount{}}
		if by == ByUnit {
			out.UnitKey = g.key
			if names := g.names.sorted(); len(names) > 1 {
				out.Names = slices.DeleteFunc(names, func(n string) bool { return g.names[n] == 0 })
				if len(out.Names) < 2 {
					out.Names = nil
				}
			}
		}
		for id, ids := range g.themes {
			y := len(ids)
			z, _ := LogOddsZ(float64(y), float64(g.tags), float64(alpha[id]-y), float64(alpha0-g.tags),
				float64(alpha[id]), float64(alpha0))
			tc := ThemeCount{ID: id, Name: name(id), Count: y, LogOddsZ: round2(z), MeasureIDs: slices.Clone(ids)}
			if g.measures > 0 {
				tc.Share = round2(float64(y) / float64(g.measures))
			}
			out.Themes = append(out.Themes, tc)
			if z >= DistinctiveZ {
				c.Distinctive = append(c.Distinctive, Distinctive{Group: out.Key, ID: id, Name: tc.Name, LogOddsZ: round2(z), Count: y})
			}
		}
		slices.SortFunc(out.Themes, func(a, b ThemeCount) int {
			if d := cmp.Compare(b.Count, a.Count); d != 0 {
				return d
			}
			return CompareThemeIDs(a.ID, b.ID)
		})
		c.Groups = append(c.Groups, out)
	}
	rank := make(map[string]int, len(c.Groups))
	for i, g := range c.Groups {
		rank[g.Key] = i
	}
	slices.SortStableFunc(c.Distinctive, func(a, b Distinctive) int {
		if d := cmp.Compare(b.LogOddsZ, a.LogOddsZ); d != 0 {
			return d
		}
		if d := cmp.Compare(rank[a.Group], rank[b.Group]); d != 0 {
			return d
		}
		return CompareThemeIDs(a.ID, b.ID)
	})
	return c
}
