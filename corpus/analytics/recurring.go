package analytics

import (
	"cmp"
	"math"
	"slices"

	"github.com/zhenggai/zhenggai/corpus/theme"
)

// Recurrences is the answer of Recurring, in the shape of
// GET /api/v1/analytics/recurring.
type Recurrences struct {
	Recurring []Recurrence `json:"recurring"`
}

// Recurrence is a theme one unit's measures carry in several rounds
// (屡查屡犯).
type Recurrence struct {
	// Unit is the unit as printed (the form most of its measures carry).
	Unit string `json:"unit"`
	// UnitKey is the normalised unit the rows were matched by (UnitKey).
	UnitKey string `json:"unit_key"`
	ID      string `json:"id"`
	Name    string `json:"name"`
	// Rounds are the round numbers of RoundKeys, in the same order
	// (ascending); a round without a number is left out here. Two rounds
	// of different terms may share a number.
	Rounds []int `json:"rounds"`
	// RoundKeys are the distinct rounds, by number then key.
	RoundKeys  []string `json:"round_keys"`
	MeasureIDs []string `json:"measure_ids"`
	// MeasureCount counts the measures and MeasureIDsTruncated marks a
	// MeasureIDs cut short: the API bounds the ids per entry (its
	// measure_ids parameter); both are left zero here.
	MeasureCount        int  `json:"measure_count,omitempty"`
	MeasureIDsTruncated bool `json:"measure_ids_truncated,omitempty"`
}

// Commonalities is the answer of Common, in the shape of
// GET /api/v1/analytics/common.
type Commonalities struct {
	Common []CommonTheme `json:"common"`
}

// CommonTheme is a theme the measures of several units carry in one round
// (共性问题).
type CommonTheme struct {
	// Round is the round key, e.g. 十四届县委第三轮.
	Round string `json:"round"`
	// RoundNumber is the round's number (轮), when known.
	RoundNumber *int   `json:"round_number,omitempty"`
	ID          string `json:"id"`
	Name        string `json:"name"`
	// Units counts the distinct units (by UnitKey).
	Units int `json:"units"`
	// UnitNames are the units as printed, one per unit, in string order.
	UnitNames  []string `json:"unit_names"`
	MeasureIDs []string `json:"measure_ids"`
	// MeasureCount and MeasureIDsTruncated: as Recurrence's.
	MeasureCount        int  `json:"measure_count,omitempty"`
	MeasureIDsTruncated bool `json:"measure_ids_truncated,omitempty"`
}

// roundInfo is a round seen in the rows.
type roundInfo struct {
	id     string
	number *int
}

// compareRounds orders rounds by number (unknown last), then id.
func compareRounds(a, b roundInfo) int {
	na, nb := math.MaxInt, math.MaxInt
	if a.number != nil {
		na = *a.number
	}
	if b.number != nil {
		nb = *b.number
	}
	if c := cmp.Compare(na, nb); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// cell gathers the measures of one (unit or round) × theme.
type cell struct {
	ids    []string
	rounds map[string]roundInfo   // for Recurring: distinct rounds
	units  map[string]printedName // for Common: unit key → printed forms
}

// Recurring finds, for every unit (matched by UnitKey), the themes its
// measures carry in at least minRounds distinct rounds (DefaultMinRounds
// when minRounds < 1). A round is its key, or its number when the key is
// missing; rows with neither, or without a unit, are left out. The most
// rounds come first, then by unit as printed, then theme id. A nil tax
// leaves names empty.
func Recurring(rows []Row, minRounds int, tax *theme.Taxonomy) Recurrences {
	return RecurringDocs(rowDocs(rows), minRounds, tax)
}

// RecurringDocs is Recurring over Docs (see DocsOf): the same answer as
// Recurring on their rows.
func RecurringDocs(docs []Doc, minRounds int, tax *theme.Taxonomy) Recurrences {
	if minRounds < 1 {
		minRounds = DefaultMinRounds
	}
	type key struct{ unit, theme string }
	cells := map[key]*cell{}
	names := map[string]printedName{}
	keys := unitKeys{}
	for i := range docs {
		d := &docs[i]
		rid := docRoundID(d)
		if d.Unit == "" || rid == "" || len(d.MeasureIDs) == 0 {
			continue
		}
		uk := keys.of(d.Unit)
		if names[uk] == nil {
			names[uk] = printedName{}
		}
		names[uk][d.Unit] += len(d.MeasureIDs)
		for _, t := range d.Themes {
			if t.ID == "" || len(t.Measures) == 0 {
				continue
			}
			c := cells[key{uk, t.ID}]
			if c == nil {
				c = &cell{rounds: map[string]roundInfo{}}
				cells[key{uk, t.ID}] = c
			}
			for _, i := range t.Measures {
				c.ids = append(c.ids, d.MeasureIDs[i])
			}
			if _, ok := c.rounds[rid]; !ok || c.rounds[rid].number == nil {
				c.rounds[rid] = roundInfo{id: rid, number: clone(d.Round)}
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
func Common(rows []Row, minUnits int, tax *theme.Taxonomy) Commonalities {
	return CommonDocs(rowDocs(rows), minUnits, tax)
}

// CommonDocs is Common over Docs (see DocsOf): the same answer as Common
// on their rows.
func CommonDocs(docs []Doc, minUnits int, tax *theme.Taxonomy) Commonalities {
	if minUnits < 1 {
		minUnits = DefaultMinUnits
	}
	type key struct{ round, theme string }
	cells := map[key]*cell{}
	rounds := map[string]roundInfo{}
	keys := unitKeys{}
	for i := range docs {
		d := &docs[i]
		rid := docRoundID(d)
		if d.Unit == "" || rid == "" || len(d.MeasureIDs) == 0 {
			continue
		}
		if ri, ok := rounds[rid]; !ok || ri.number == nil {
			rounds[rid] = roundInfo{id: rid, number: clone(d.Round)}
		}
		uk := keys.of(d.Unit)
		for _, t := range d.Themes {
			if t.ID == "" || len(t.Measures) == 0 {
				continue
			}
			c := cells[key{rid, t.ID}]
			if c == nil {
				c = &cell{units: map[string]printedName{}}
				cells[key{rid, t.ID}] = c
			}
			for _, i := range t.Measures {
				c.ids = append(c.ids, d.MeasureIDs[i])
			}
			if c.units[uk] == nil {
				c.units[uk] = printedName{}
			}
			c.units[uk][d.Unit] += len(t.Measures)
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

// clone copies an optional int.
func clone(p *int) *int {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
