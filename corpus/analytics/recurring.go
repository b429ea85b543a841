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
	// A unit's rounds are numbered in order of first appearance (k); a
	// cell (unit × theme) keeps, per round k of its unit, the number of
	// its first measure of that round that has one (noRound: none;
	// absentRound: the cell has no measure of that round). A first pass
	// counts every cell's measures and rounds, noting the cell of every
	// theme of every Doc; the second gives the measure ids to the cells
	// that recur only, cut from one array.
	type recCell struct {
		cellIDs
		theme  int32
		rounds int   // rounds present
		num    []int // per round k of the unit
	}
	type unitCells struct {
		key    string
		names  printedName
		rounds map[string]int32 // round id → k
		ids    []string         // k → round id
		first  []int            // k → the number of the round's first Doc (noRound: none)
		// mixed is set when the Docs of one of the unit's rounds differ
		// in number: its cells' rounds are then ordered one by one.
		mixed bool
		cells []*recCell // per theme number
	}
	tags := 0
	for i := range docs {
		tags += len(docs[i].Themes)
	}
	var (
		units   = map[string]*unitCells{}
		order   []*unitCells
		keys    = unitKeys{}
		themes  themeNumbers
		tagCell = make([]*recCell, 0, tags) // the cell of each theme of each Doc counted, in order; nil: none
		counted = make([]bool, len(docs))
	)
	for i := range docs {
		d := &docs[i]
		rid := docRoundID(d)
		if d.Unit == "" || rid == "" || len(d.MeasureIDs) == 0 {
			continue
		}
		counted[i] = true
		uk := keys.of(d.Unit)
		u := units[uk]
		if u == nil {
			u = &unitCells{key: uk, names: printedName{}, rounds: map[string]int32{}}
			units[uk] = u
			order = append(order, u)
		}
		u.names[d.Unit] += len(d.MeasureIDs)
		number := noRound
		if d.Round != nil {
			number = *d.Round
		}
		rk, ok := u.rounds[rid]
		if !ok {
			rk = int32(len(u.ids))
			u.rounds[rid] = rk
			u.ids = append(u.ids, rid)
			u.first = append(u.first, number)
		} else if u.first[rk] != number {
			u.mixed = true
		}
		for _, t := range d.Themes {
			if t.ID == "" || len(t.Measures) == 0 {
				tagCell = append(tagCell, nil)
				continue
			}
			th := themes.of(t.ID)
			for int(th) >= len(u.cells) {
				u.cells = append(u.cells, nil)
			}
			c := u.cells[th]
			if c == nil {
				c = &recCell{theme: th}
				u.cells[th] = c
			}
			tagCell = append(tagCell, c)
			c.count += len(t.Measures)
			if int(rk) >= len(c.num) {
				n := len(c.num)
				if len(u.ids) > cap(c.num) { // the unit's rounds grow one by one: double
					c.num = slices.Grow(c.num, max(len(u.ids), 2*cap(c.num), 8)-n)
				}
				c.num = c.num[:len(u.ids)]
				for j := n; j < len(c.num); j++ {
					c.num[j] = absentRound
				}
			}
			switch c.num[rk] {
			case absentRound:
				c.num[rk] = number
				c.rounds++
			case noRound:
				c.num[rk] = number
			}
		}
	}
	var kept []*cellIDs
	for _, u := range order {
		for _, c := range u.cells {
			if c != nil && c.rounds >= minRounds {
				kept = append(kept, &c.cellIDs)
			}
		}
	}
	fillCellIDs(docs, counted, kept, func(at int) *cellIDs {
		if c := tagCell[at]; c != nil {
			return &c.cellIDs
		}
		return nil
	})
	type entry struct {
		rec Recurrence
		tk  themeKey
	}
	var entries []entry
	name := themeNames(tax)
	for _, u := range order {
		var (
			unit  string
			rank  []int32 // k → the place of round id k in string order
			byNum []int32 // the unit's rounds by number (unknown last), then id: compareRounds
			ks    []int32
		)
		for _, c := range u.cells {
			if c == nil || c.rounds < minRounds {
				continue
			}
			if unit == "" {
				unit = u.names.best()
				rank = stringRanks(u.ids)
				byNum = make([]int32, len(u.ids))
				for k := range byNum {
					byNum[k] = int32(k)
				}
				slices.SortFunc(byNum, func(a, b int32) int {
					if x := cmp.Compare(u.first[a], u.first[b]); x != 0 {
						return x
					}
					return cmp.Compare(rank[a], rank[b])
				})
			}
			// The cell's rounds in the unit's order; when the unit's
			// Docs of a round differ in number, by the cell's numbers.
			ks = ks[:0]
			for _, k := range byNum {
				if int(k) < len(c.num) && c.num[k] != absentRound {
					ks = append(ks, k)
				}
			}
			if u.mixed {
				slices.SortFunc(ks, func(a, b int32) int {
					if x := cmp.Compare(c.num[a], c.num[b]); x != 0 {
						return x
					}
					return cmp.Compare(rank[a], rank[b])
				})
			}
			id := themes.ids[c.theme]
			rec := Recurrence{Unit: unit, UnitKey: u.key, ID: id, Name: name(id),
				Rounds: make([]int, 0, len(ks)), RoundKeys: make([]string, 0, len(ks)), MeasureIDs: c.ids}
			for _, k := range ks {
				rec.RoundKeys = append(rec.RoundKeys, u.ids[k])
				if n := c.num[k]; n != noRound {
					rec.Rounds = append(rec.Rounds, n)
				}
			}
			entries = append(entries, entry{rec, themeKeyOf(id)})
		}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		if c := cmp.Compare(len(b.rec.RoundKeys), len(a.rec.RoundKeys)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.rec.Unit, b.rec.Unit); c != 0 {
			return c
		}
		if c := cmp.Compare(a.rec.UnitKey, b.rec.UnitKey); c != 0 {
			return c
		}
		return compareThemeKeys(a.tk, b.tk)
	})
	out := Recurrences{Recurring: make([]Recurrence, len(entries))}
	for i, e := range entries {
		out.Recurring[i] = e.rec
	}
	return out
}

// noRound is the number of a round whose number is unknown: it sorts
// last, as in compareRounds; absentRound marks a round a cell lacks.
const (
	noRound     = math.MaxInt
	absentRound = math.MinInt
)

// stringRanks returns, for each string of ss (distinct), its place in
// string order.
func stringRanks(ss []string) []int32 {
	idx := make([]int32, len(ss))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(a, b int32) int { return cmp.Compare(ss[a], ss[b]) })
	rank := make([]int32, len(ss))
	for r, i := range idx {
		rank[i] = int32(r)
	}
	return rank
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
	// round → theme → cell; a cell's units and a unit's printed names
	// are few: slices. A first pass counts every cell's measures and
	// units, noting the cell of every theme of every Doc; the second gives
	// the measure ids to the cells common to enough units only, cut from
	// one array.
	// cellName is a unit of a cell (key) as printed (name) on n of its
	// measures.
	type cellName struct {
		key, name string
		n         int
	}
	type comCell struct {
		cellIDs
		theme int32
		units int        // distinct keys of names
		names []cellName // in order of first appearance
	}
	type roundCells struct {
		info  roundInfo
		rank  int        // place in compareRounds order
		cells []*comCell // per theme number
	}
	tags := 0
	for i := range docs {
		tags += len(docs[i].Themes)
	}
	var (
		rounds  = map[string]*roundCells{}
		order   []*roundCells
		keys    = unitKeys{}
		themes  themeNumbers
		tagCell = make([]*comCell, 0, tags) // the cell of each theme of each Doc counted, in order; nil: none
		counted = make([]bool, len(docs))
	)
	for i := range docs {
		d := &docs[i]
		rid := docRoundID(d)
		if d.Unit == "" || rid == "" || len(d.MeasureIDs) == 0 {
			continue
		}
		counted[i] = true
		r := rounds[rid]
		if r == nil {
			r = &roundCells{info: roundInfo{id: rid, number: clone(d.Round)}}
			rounds[rid] = r
			order = append(order, r)
		} else if r.info.number == nil {
			r.info.number = clone(d.Round)
		}
		uk := keys.of(d.Unit)
		for _, t := range d.Themes {
			if t.ID == "" || len(t.Measures) == 0 {
				tagCell = append(tagCell, nil)
				continue
			}
			th := themes.of(t.ID)
			for int(th) >= len(r.cells) {
				r.cells = append(r.cells, nil)
			}
			c := r.cells[th]
			if c == nil {
				c = &comCell{theme: th}
				r.cells[th] = c
			}
			tagCell = append(tagCell, c)
			c.count += len(t.Measures)
			j, newUnit := -1, true
			for k := range c.names {
				if c.names[k].key == uk {
					newUnit = false
					if c.names[k].name == d.Unit {
						j = k
						break
					}
				}
			}
			if j < 0 {
				if newUnit {
					c.units++
				}
				c.names = append(c.names, cellName{key: uk, name: d.Unit})
				j = len(c.names) - 1
			}
			c.names[j].n += len(t.Measures)
		}
	}
	var kept []*cellIDs
	for _, r := range order {
		for _, c := range r.cells {
			if c != nil && c.units >= minUnits {
				kept = append(kept, &c.cellIDs)
			}
		}
	}
	fillCellIDs(docs, counted, kept, func(at int) *cellIDs {
		if c := tagCell[at]; c != nil {
			return &c.cellIDs
		}
		return nil
	})
	// best is printedName.best of the names of key: the most frequent
	// name, ties to the first in string order.
	best := func(names []cellName, key string) string {
		b, n := "", -1
		for _, nc := range names {
			if nc.key == key && (nc.n > n || (nc.n == n && nc.name < b)) {
				b, n = nc.name, nc.n
			}
		}
		return b
	}
	// Rounds and themes ranked once: the entries sort on numbers.
	byRound := slices.Clone(order)
	slices.SortFunc(byRound, func(a, b *roundCells) int { return compareRounds(a.info, b.info) })
	for i, r := range byRound {
		r.rank = i
	}
	themeRank := make([]int32, len(themes.ids))
	{
		idx := make([]int32, len(themes.ids))
		for i := range idx {
			idx[i] = int32(i)
		}
		slices.SortFunc(idx, func(a, b int32) int { return CompareThemeIDs(themes.ids[a], themes.ids[b]) })
		for r, i := range idx {
			themeRank[i] = int32(r)
		}
	}
	type entry struct {
		units, round int
		theme        int32
		ct           *CommonTheme
	}
	var entries []entry
	name := themeNames(tax)
	for _, r := range order {
		for _, c := range r.cells {
			if c == nil || c.units < minUnits {
				continue
			}
			id := themes.ids[c.theme]
			ct := &CommonTheme{Round: r.info.id, RoundNumber: r.info.number, ID: id, Name: name(id),
				Units: c.units, UnitNames: make([]string, 0, c.units), MeasureIDs: c.ids}
			for k, nc := range c.names {
				if !slices.ContainsFunc(c.names[:k], func(p cellName) bool { return p.key == nc.key }) {
					ct.UnitNames = append(ct.UnitNames, best(c.names, nc.key))
				}
			}
			slices.Sort(ct.UnitNames)
			entries = append(entries, entry{ct.Units, r.rank, themeRank[c.theme], ct})
		}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		if c := cmp.Compare(b.units, a.units); c != 0 {
			return c
		}
		if c := cmp.Compare(a.round, b.round); c != 0 {
			return c
		}
		return cmp.Compare(a.theme, b.theme)
	})
	out := Commonalities{Common: make([]CommonTheme, len(entries))}
	for i, e := range entries {
		out.Common[i] = *e.ct
	}
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

// cellIDs is what a recurring or common cell keeps of its measures: how
// many (counted in a first pass over the Docs) and, for a cell that is
// kept, their ids.
type cellIDs struct {
	count int
	ids   []string
}

// fillCellIDs gives the kept cells their measure ids, in Doc order, cut
// from one array: cellAt(at) is the cell of the at-th theme of the counted
// Docs, in order (nil: none), as the first pass noted them.
func fillCellIDs(docs []Doc, counted []bool, kept []*cellIDs, cellAt func(at int) *cellIDs) {
	total := 0
	for _, c := range kept {
		total += c.count
	}
	slab := make([]string, total)
	for _, c := range kept {
		c.ids, slab = slab[:0:c.count], slab[c.count:]
	}
	at := 0
	for i := range docs {
		if !counted[i] {
			continue
		}
		d := &docs[i]
		for _, t := range d.Themes {
			c := cellAt(at)
			at++
			if c == nil || c.ids == nil {
				continue
			}
			for _, m := range t.Measures {
				c.ids = append(c.ids, d.MeasureIDs[m])
			}
		}
	}
}
