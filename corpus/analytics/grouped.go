package analytics

import (
	"cmp"
	"slices"

	"github.com/zhenggai/zhenggai/corpus/similar"
	"github.com/zhenggai/zhenggai/corpus/theme"
)

// DefaultRepeatThreshold is the Jaccard index (character 3-shingles, package
// similar) at which a later round's measure counts as repeating an earlier
// round's measure.
const DefaultRepeatThreshold = similar.DefaultClusterThreshold

// maxRepeatComparisons bounds the text comparisons of one (unit, theme):
// beyond it the remaining later measures are not compared.
const maxRepeatComparisons = 10000

// GroupOptions tune RecurringByUnit and CommonByTheme.
type GroupOptions struct {
	// MinRounds (RecurringByUnit) and MinUnits (CommonByTheme); zero or
	// less means DefaultMinRounds and DefaultMinUnits.
	MinRounds, MinUnits int
	// RepeatThreshold is the least Jaccard index of a repeat; 0 means
	// DefaultRepeatThreshold.
	RepeatThreshold float64
	// Offset and Limit page the ranked list; Limit 0 means DefaultLimit,
	// and it is capped at MaxLimit.
	Offset, Limit int
	// RoundsShown (RecurringByUnit) is how many rounds of a theme are
	// listed side by side, the latest ones; 0 means DefaultRoundsShown.
	// MeasuresShown is how many measures of each listed round are spelled
	// out; 0 means DefaultMeasuresShown. Counts always cover everything.
	RoundsShown, MeasuresShown int
	// ThemesShown (RecurringByUnit) is how many recurring themes of a unit
	// are listed, those in most rounds first; 0 means DefaultThemesShown.
	ThemesShown int
}

// Defaults and bounds of what RecurringByUnit spells out per theme, so that
// a page stays small whatever the corpus.
const (
	DefaultThemesShown   = 5
	DefaultRoundsShown   = 4
	DefaultMeasuresShown = 3
	MaxShown             = 50
)

// MeasureRef is one measure in a grouped list.
type MeasureRef struct {
	ID           string `json:"id"`
	DisclosureID string `json:"disclosure_id"`
	Text         string `json:"text,omitempty"`
}

// RoundMeasures are the measures of one round, side by side with the other
// rounds': Count in all, the first MeasuresShown of them spelled out.
type RoundMeasures struct {
	Round       string       `json:"round"`
	RoundNumber *int         `json:"round_number,omitempty"`
	Count       int          `json:"count"`
	Measures    []MeasureRef `json:"measures"`
}

// Repeat is a later round's measure whose text repeats an earlier round's.
type Repeat struct {
	Earlier      string  `json:"earlier"` // measure id
	EarlierRound string  `json:"earlier_round"`
	Later        string  `json:"later"` // measure id
	LaterRound   string  `json:"later_round"`
	Similarity   float64 `json:"similarity"` // Jaccard index, two decimals
}

// RecurringTheme is one theme a unit's measures carry in several rounds.
type RecurringTheme struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// RoundCount is how many rounds carry the theme; Rounds lists the
	// latest RoundsShown of them, in round order.
	RoundCount int             `json:"round_count"`
	Rounds     []RoundMeasures `json:"rounds"`
	// Repeated is true when a later round's measure repeats an earlier
	// round's (Repeats lists them): the same words again. Only the listed
	// rounds and measures are compared.
	Repeated bool     `json:"repeated"`
	Repeats  []Repeat `json:"repeats"`
}

// UnitRecurrence is 屡查屡犯 grouped by unit: the unit, every theme it
// carries in at least MinRounds rounds, and how strong the evidence is.
type UnitRecurrence struct {
	Unit    string `json:"unit"`
	UnitKey string `json:"unit_key"`
	// Strength ranks the units: Σ over its recurring themes of (rounds − 1),
	// so a theme in three rounds weighs twice one in two.
	Strength int `json:"strength"`
	// Rounds is how many rounds of the unit the rows hold; Measures how
	// many measures carry a recurring theme (counted once per theme);
	// Repeats how many listed later measures repeat an earlier one.
	Rounds   int `json:"rounds"`
	Measures int `json:"measures"`
	Repeats  int `json:"repeats"`
	// ThemeCount is how many themes recur; Themes lists the first
	// ThemesShown of them, most rounds first, then id.
	ThemeCount int              `json:"theme_count"`
	Themes     []RecurringTheme `json:"themes"`
}

// UnitRecurrences is one page of RecurringByUnit.
type UnitRecurrences struct {
	Page
	Units []UnitRecurrence `json:"units"`
}

// RecurringByUnit groups 屡查屡犯 by unit: for each unit, the themes its
// measures carry in at least MinRounds distinct rounds, with the measures of
// each round side by side and the later measures that repeat an earlier
// round's words (Jaccard ≥ RepeatThreshold on character 3-shingles, when
// rows carry Text). Units are ranked by Strength, then by measures, and by
// name; the result is one page, and only its units' texts are compared.
// It is PrepareRecurringByUnit followed by Page.
func RecurringByUnit(rows []Row, opts GroupOptions, tax *theme.Taxonomy) (UnitRecurrences, error) {
	return PrepareRecurringByUnit(rows, opts.MinRounds, tax).Page(opts)
}

// RecurringSet is every unit of RecurringByUnit, ranked, with all its
// recurring themes and every measure of their rounds: the work that
// depends on the rows alone, so that a cache can keep it and serve any
// page (Page) without reading the rows again. It is read-only once made;
// Page is safe for concurrent use.
type RecurringSet struct {
	units []UnitRecurrence
}

// PrepareRecurringByUnit groups and ranks the recurring themes of rows by
// unit (see RecurringByUnit); minRounds < 1 means DefaultMinRounds.
func PrepareRecurringByUnit(rows []Row, minRounds int, tax *theme.Taxonomy) *RecurringSet {
	if minRounds < 1 {
		minRounds = DefaultMinRounds
	}
	type cellKey struct{ unit, theme string }
	type unitAcc struct {
		names  printedName
		rounds map[string]bool
		themes []string
	}
	units := map[string]*unitAcc{}
	cells := map[cellKey]map[string]*RoundMeasures{} // round id → measures
	keys := unitKeys{}
	for _, r := range dedupe(rows) {
		rid := roundID(r)
		if r.Unit == "" || rid == "" {
			continue
		}
		uk := keys.of(r.Unit)
		u := units[uk]
		if u == nil {
			u = &unitAcc{names: printedName{}, rounds: map[string]bool{}}
			units[uk] = u
		}
		u.names.add(r.Unit)
		u.rounds[rid] = true
		for _, t := range r.Themes {
			k := cellKey{uk, t}
			c := cells[k]
			if c == nil {
				c = map[string]*RoundMeasures{}
				cells[k] = c
				u.themes = append(u.themes, t)
			}
			rm := c[rid]
			if rm == nil {
				rm = &RoundMeasures{Round: rid, Measures: []MeasureRef{}}
				c[rid] = rm
			}
			if rm.RoundNumber == nil {
				rm.RoundNumber = clone(r.Round)
			}
			rm.Measures = append(rm.Measures, MeasureRef{ID: r.MeasureID, DisclosureID: r.DisclosureID, Text: r.Text})
		}
	}
	all := []UnitRecurrence{}
	for uk, u := range units {
		ur := UnitRecurrence{Unit: u.names.best(), UnitKey: uk, Rounds: len(u.rounds), Themes: []RecurringTheme{}}
		for _, t := range u.themes {
			c := cells[cellKey{uk, t}]
			if len(c) < minRounds {
				continue
			}
			rt := RecurringTheme{ID: t, Name: themeName(tax, t), RoundCount: len(c), Repeats: []Repeat{}}
			for _, rm := range c {
				rm.Count = len(rm.Measures)
				rt.Rounds = append(rt.Rounds, *rm)
				ur.Measures += len(rm.Measures)
			}
			slices.SortFunc(rt.Rounds, func(a, b RoundMeasures) int {
				return compareRounds(roundInfo{a.Round, a.RoundNumber}, roundInfo{b.Round, b.RoundNumber})
			})
			ur.Strength += rt.RoundCount - 1
			ur.Themes = append(ur.Themes, rt)
		}
		if len(ur.Themes) == 0 {
			continue
		}
		slices.SortFunc(ur.Themes, func(a, b RecurringTheme) int {
			return cmp.Or(cmp.Compare(b.RoundCount, a.RoundCount), CompareThemeIDs(a.ID, b.ID))
		})
		ur.ThemeCount = len(ur.Themes)
		all = append(all, ur)
	}
	slices.SortFunc(all, func(a, b UnitRecurrence) int {
		return cmp.Or(cmp.Compare(b.Strength, a.Strength), cmp.Compare(b.Measures, a.Measures),
			cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.UnitKey, b.UnitKey))
	})
	return &RecurringSet{units: all}
}

// Page returns one page of the set (opts' Offset, Limit, ThemesShown,
// RoundsShown, MeasuresShown and RepeatThreshold; MinRounds was the
// set's), comparing the texts of the page's units only. The set is not
// modified.
func (s *RecurringSet) Page(opts GroupOptions) (UnitRecurrences, error) {
	th := opts.RepeatThreshold
	if th <= 0 {
		th = DefaultRepeatThreshold
	}
	roundsShown := shown(opts.RoundsShown, DefaultRoundsShown)
	measuresShown := shown(opts.MeasuresShown, DefaultMeasuresShown)
	themesShown := shown(opts.ThemesShown, DefaultThemesShown)
	lo, hi, p, err := pageBounds(opts.Offset, opts.Limit, len(s.units))
	if err != nil {
		return UnitRecurrences{}, err
	}
	page := UnitRecurrences{Page: p, Units: make([]UnitRecurrence, 0, hi-lo)}
	for _, full := range s.units[lo:hi] {
		ur := full
		ur.Themes = make([]RecurringTheme, 0, min(len(full.Themes), themesShown))
		for _, ft := range full.Themes[:min(len(full.Themes), themesShown)] {
			rt := ft
			rounds := ft.Rounds[max(0, len(ft.Rounds)-roundsShown):]
			rt.Rounds = make([]RoundMeasures, len(rounds))
			for i, rm := range rounds {
				rm.Measures = rm.Measures[:min(len(rm.Measures), measuresShown):min(len(rm.Measures), measuresShown)]
				rt.Rounds[i] = rm
			}
			rt.Repeats = repeats(rt.Rounds, th)
			rt.Repeated = len(rt.Repeats) > 0
			ur.Repeats += len(rt.Repeats)
			ur.Themes = append(ur.Themes, rt)
		}
		page.Units = append(page.Units, ur)
	}
	return page, nil
}

// shown resolves a RoundsShown or MeasuresShown option.
func shown(n, def int) int {
	if n <= 0 {
		return def
	}
	return min(n, MaxShown)
}

// repeats compares every measure of each round with the measures of the
// earlier rounds and returns, for each later measure, its most similar
// earlier measure when that reaches th.
func repeats(rounds []RoundMeasures, th float64) []Repeat {
	out := []Repeat{}
	sets := make([][]similar.Shingles, len(rounds))
	for i, rm := range rounds {
		for _, m := range rm.Measures {
			sets[i] = append(sets[i], similar.Shingle(m.Text))
		}
	}
	budget := maxRepeatComparisons
	for i := 1; i < len(rounds); i++ {
		for a, later := range rounds[i].Measures {
			if later.Text == "" {
				continue
			}
			best := Repeat{Similarity: -1}
			for j := range i {
				for b, earlier := range rounds[j].Measures {
					if earlier.Text == "" || budget <= 0 {
						continue
					}
					budget--
					if s := similar.Jaccard(sets[i][a], sets[j][b]); s > best.Similarity {
						best = Repeat{Earlier: earlier.ID, EarlierRound: rounds[j].Round, Later: later.ID, LaterRound: rounds[i].Round, Similarity: s}
					}
				}
			}
			if best.Similarity >= th {
				best.Similarity = round2(best.Similarity)
				out = append(out, best)
			}
		}
	}
	return out
}

// UnitMeasures are one unit's measures of a theme.
type UnitMeasures struct {
	Unit       string   `json:"unit"`
	UnitKey    string   `json:"unit_key"`
	MeasureIDs []string `json:"measure_ids"`
}

// CommonGroup is 共性问题 grouped by theme within a round: the units of the
// round whose measures carry the theme, each under its printed name (the
// form most of the unit's measures carry).
type CommonGroup struct {
	Round       string `json:"round"`
	RoundNumber *int   `json:"round_number,omitempty"`
	ID          string `json:"id"`
	Name        string `json:"name"`
	// Units carry the theme, of RoundUnits units in the round; Share is
	// Units ÷ RoundUnits, two decimals.
	Units      int     `json:"units"`
	RoundUnits int     `json:"round_units"`
	Share      float64 `json:"share"`
	// Lift is Share ÷ the theme's share of unit-rounds over all rounds, two
	// decimals: above 1 the theme is more common in this round than usual.
	Lift     float64        `json:"lift"`
	Measures int            `json:"measures"`
	ByUnit   []UnitMeasures `json:"by_unit"` // by unit name
}

// CommonGroups is one page of CommonByTheme.
type CommonGroups struct {
	Page
	Common []CommonGroup `json:"common"`
}

// CommonByTheme groups 共性问题 by theme within each round: the themes
// carried by the measures of at least MinUnits distinct units of the round,
// each with its units and their measures. Groups are ranked by strength of
// evidence: most units first, then the highest share of the round's units,
// then lift, then round order and theme id; the result is one page.
// It is PrepareCommonByTheme followed by Page.
func CommonByTheme(rows []Row, opts GroupOptions, tax *theme.Taxonomy) (CommonGroups, error) {
	return PrepareCommonByTheme(rows, opts.MinUnits, tax).Page(opts)
}

// CommonSet is every group of CommonByTheme, ranked: what depends on the
// rows alone, so that a cache can keep it and serve any page. It is
// read-only once made; Page is safe for concurrent use.
type CommonSet struct {
	all []CommonGroup
}

// PrepareCommonByTheme groups and ranks the themes shared by units within
// a round (see CommonByTheme); minUnits < 1 means DefaultMinUnits.
func PrepareCommonByTheme(rows []Row, minUnits int, tax *theme.Taxonomy) *CommonSet {
	if minUnits < 1 {
		minUnits = DefaultMinUnits
	}
	type cellKey struct{ round, theme string }
	rounds := map[string]roundInfo{}
	names := map[string]printedName{} // unit key → printed forms
	roundUnits := map[string]map[string]bool{}
	cells := map[cellKey]map[string][]string{} // unit key → measure ids
	var order []cellKey
	themeUnitRounds := map[string]int{} // theme → (unit, round) pairs carrying it
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
		if roundUnits[rid] == nil {
			roundUnits[rid] = map[string]bool{}
		}
		roundUnits[rid][uk] = true
		if names[uk] == nil {
			names[uk] = printedName{}
		}
		names[uk].add(r.Unit)
		for _, t := range r.Themes {
			k := cellKey{rid, t}
			c := cells[k]
			if c == nil {
				c = map[string][]string{}
				cells[k] = c
				order = append(order, k)
			}
			if c[uk] == nil {
				themeUnitRounds[t]++
			}
			c[uk] = append(c[uk], r.MeasureID)
		}
	}
	unitRounds := 0
	for _, us := range roundUnits {
		unitRounds += len(us)
	}
	var all []CommonGroup
	for _, k := range order {
		c := cells[k]
		if len(c) < minUnits {
			continue
		}
		g := CommonGroup{Round: k.round, RoundNumber: rounds[k.round].number, ID: k.theme, Name: themeName(tax, k.theme),
			Units: len(c), RoundUnits: len(roundUnits[k.round]), ByUnit: make([]UnitMeasures, 0, len(c))}
		share := float64(g.Units) / float64(g.RoundUnits)
		g.Share = round2(share)
		if base := float64(themeUnitRounds[k.theme]) / float64(unitRounds); base > 0 {
			g.Lift = round2(share / base)
		}
		for uk, ids := range c {
			g.ByUnit = append(g.ByUnit, UnitMeasures{Unit: names[uk].best(), UnitKey: uk, MeasureIDs: ids})
			g.Measures += len(ids)
		}
		slices.SortFunc(g.ByUnit, func(a, b UnitMeasures) int {
			return cmp.Or(cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.UnitKey, b.UnitKey))
		})
		all = append(all, g)
	}
	slices.SortFunc(all, func(a, b CommonGroup) int {
		return cmp.Or(cmp.Compare(b.Units, a.Units), cmp.Compare(b.Share, a.Share), cmp.Compare(b.Lift, a.Lift),
			compareRounds(rounds[a.Round], rounds[b.Round]), CompareThemeIDs(a.ID, b.ID))
	})
	return &CommonSet{all: all}
}

// Page returns one page of the set (opts' Offset and Limit). The page's
// groups share their unit lists with the set: do not modify them.
func (s *CommonSet) Page(opts GroupOptions) (CommonGroups, error) {
	lo, hi, p, err := pageBounds(opts.Offset, opts.Limit, len(s.all))
	if err != nil {
		return CommonGroups{}, err
	}
	return CommonGroups{Page: p, Common: append([]CommonGroup{}, s.all[lo:hi]...)}, nil
}
