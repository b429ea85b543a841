package analytics

import (
	"cmp"
	"slices"

	"github.com/zhenggai/zhenggai/corpus/theme"
)

// ProfileDisclosure is one disclosure of a unit.
type ProfileDisclosure struct {
	ID          string `json:"id"`
	Round       string `json:"round,omitempty"`
	RoundNumber *int   `json:"round_number,omitempty"`
	Published   string `json:"published,omitempty"`
	Measures    int    `json:"measures"`
}

// ProfileRound is one round of a unit: its disclosures and the themes of
// its measures.
type ProfileRound struct {
	Round       string       `json:"round"`
	RoundNumber *int         `json:"round_number,omitempty"`
	Disclosures []string     `json:"disclosures"`
	Measures    int          `json:"measures"`
	Themes      []ThemeCount `json:"themes"` // by count, then id; LogOddsZ is 0
}

// UnitProfile is everything the rows say about one unit.
type UnitProfile struct {
	Unit        string              `json:"unit"`
	UnitKey     string              `json:"unit_key"`
	Names       []string            `json:"names"` // every printed form, sorted
	Measures    int                 `json:"measures"`
	Disclosures []ProfileDisclosure `json:"disclosures"` // in round order, then publication, then id
	Rounds      []ProfileRound      `json:"rounds"`      // in round order; rows without a round are left out
	Themes      []ThemeCount        `json:"themes"`      // over all its measures
	// Recurring is the unit's 屡查屡犯 entry (RecurringByUnit), nil when no
	// theme recurs.
	Recurring *UnitRecurrence `json:"recurring,omitempty"`
}

// Profile returns the profile of the unit whose UnitKey is unitKey (a
// printed name is keyed first), and false when no row belongs to it. opts
// tunes the recurrence part (MinRounds, RepeatThreshold).
func Profile(rows []Row, unitKey string, opts GroupOptions, tax *theme.Taxonomy) (UnitProfile, bool) {
	uk := UnitKey(unitKey)
	var mine []Row
	keys := unitKeys{}
	for _, r := range dedupe(rows) {
		if r.Unit != "" && keys.of(r.Unit) == uk {
			mine = append(mine, r)
		}
	}
	if len(mine) == 0 {
		return UnitProfile{}, false
	}
	names := printedName{}
	p := UnitProfile{UnitKey: uk, Measures: len(mine), Disclosures: []ProfileDisclosure{}, Rounds: []ProfileRound{}}
	discs := map[string]*ProfileDisclosure{}
	type roundAcc struct {
		ProfileRound
		themes map[string][]string
	}
	rounds := map[string]*roundAcc{}
	all := map[string][]string{}
	for _, r := range mine {
		names.add(r.Unit)
		rid := roundID(r)
		d := discs[r.DisclosureID]
		if d == nil {
			d = &ProfileDisclosure{ID: r.DisclosureID, Round: rid, RoundNumber: clone(r.Round), Published: r.Published}
			discs[r.DisclosureID] = d
		}
		d.Measures++
		for _, t := range r.Themes {
			all[t] = append(all[t], r.MeasureID)
		}
		if rid == "" {
			continue
		}
		ra := rounds[rid]
		if ra == nil {
			ra = &roundAcc{ProfileRound: ProfileRound{Round: rid, RoundNumber: clone(r.Round), Disclosures: []string{}}, themes: map[string][]string{}}
			rounds[rid] = ra
		}
		if ra.RoundNumber == nil {
			ra.RoundNumber = clone(r.Round)
		}
		if !slices.Contains(ra.Disclosures, r.DisclosureID) {
			ra.Disclosures = append(ra.Disclosures, r.DisclosureID)
		}
		ra.Measures++
		for _, t := range r.Themes {
			ra.themes[t] = append(ra.themes[t], r.MeasureID)
		}
	}
	p.Unit = names.best()
	p.Names = names.sorted()
	p.Themes = themeCounts(all, p.Measures, tax)
	for _, d := range discs {
		p.Disclosures = append(p.Disclosures, *d)
	}
	slices.SortFunc(p.Disclosures, func(a, b ProfileDisclosure) int {
		return cmp.Or(compareRounds(roundInfo{a.Round, a.RoundNumber}, roundInfo{b.Round, b.RoundNumber}),
			cmp.Compare(a.Published, b.Published), cmp.Compare(a.ID, b.ID))
	})
	for _, ra := range rounds {
		ra.Themes = themeCounts(ra.themes, ra.Measures, tax)
		p.Rounds = append(p.Rounds, ra.ProfileRound)
	}
	slices.SortFunc(p.Rounds, func(a, b ProfileRound) int {
		return compareRounds(roundInfo{a.Round, a.RoundNumber}, roundInfo{b.Round, b.RoundNumber})
	})
	opts.Offset, opts.Limit = 0, 1
	if opts.ThemesShown == 0 {
		opts.ThemesShown = MaxShown
	}
	if rec, err := RecurringByUnit(mine, opts, tax); err == nil && len(rec.Units) == 1 {
		p.Recurring = &rec.Units[0]
	}
	return p, true
}

// themeCounts lists theme counts and shares by count, then id.
func themeCounts(themes map[string][]string, measures int, tax *theme.Taxonomy) []ThemeCount {
	out := make([]ThemeCount, 0, len(themes))
	for id, ids := range themes {
		tc := ThemeCount{ID: id, Name: themeName(tax, id), Count: len(ids), MeasureIDs: slices.Clone(ids)}
		if measures > 0 {
			tc.Share = round2(float64(len(ids)) / float64(measures))
		}
		out = append(out, tc)
	}
	slices.SortFunc(out, func(a, b ThemeCount) int { return cmp.Or(cmp.Compare(b.Count, a.Count), CompareThemeIDs(a.ID, b.ID)) })
	return out
}
