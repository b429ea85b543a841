package analytics

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/zhenggai/zhenggai/corpus/theme"
)

// Periods of Trends.
const (
	PerRound = "round" // one period per round key, in round order
	PerYear  = "year"  // one period per year of publication
)

// ErrInvalidPeriod means Trends was asked for a period other than PerRound
// or PerYear.
var ErrInvalidPeriod = errors.New("invalid period: want round or year")

// Period is one column of a trend.
type Period struct {
	Key         string `json:"key"` // round key, or the year as digits
	RoundNumber *int   `json:"round_number,omitempty"`
	Measures    int    `json:"measures"`
}

// TrendTheme is one theme's series: for each period, the number of the
// period's measures that carry it and their share (two decimals).
type TrendTheme struct {
	ID     string    `json:"id"`
	Name   string    `json:"name"`
	Total  int       `json:"total"`
	Counts []int     `json:"counts"`
	Shares []float64 `json:"shares"`
}

// Trend is the theme shares of a set of rows per period.
type Trend struct {
	Per     string       `json:"per"`
	Periods []Period     `json:"periods"`
	Themes  []TrendTheme `json:"themes"` // most measures first, then id
	// Undated counts the rows left out because they have no round (or no
	// year of publication).
	Undated int `json:"undated"`
}

// Trends counts, per round or per year of publication, how many measures
// carry each theme and what share of the period's measures that is. Rows
// without the period's key are counted in Undated. top bounds the themes
// (0 or less: all).
func Trends(rows []Row, per string, top int, tax *theme.Taxonomy) (Trend, error) {
	var keyOf func(Row) (string, *int)
	switch per {
	case PerRound:
		keyOf = func(r Row) (string, *int) { return roundID(r), r.Round }
	case PerYear:
		keyOf = func(r Row) (string, *int) { return year(r.Published), nil }
	default:
		return Trend{}, fmt.Errorf("trends per %q: %w", per, ErrInvalidPeriod)
	}
	tr := Trend{Per: per, Periods: []Period{}, Themes: []TrendTheme{}}
	type acc struct {
		info     roundInfo
		measures int
		themes   map[string]int
	}
	periods := map[string]*acc{}
	totals := map[string]int{}
	for _, r := range dedupe(rows) {
		k, num := keyOf(r)
		if k == "" {
			tr.Undated++
			continue
		}
		a := periods[k]
		if a == nil {
			a = &acc{info: roundInfo{id: k}, themes: map[string]int{}}
			periods[k] = a
		}
		if a.info.number == nil {
			a.info.number = clone(num)
		}
		a.measures++
		for _, t := range r.Themes {
			a.themes[t]++
			totals[t]++
		}
	}
	accs := make([]*acc, 0, len(periods))
	for _, a := range periods {
		accs = append(accs, a)
	}
	slices.SortFunc(accs, func(a, b *acc) int {
		if per == PerYear {
			return cmp.Compare(a.info.id, b.info.id)
		}
		return compareRounds(a.info, b.info)
	})
	for _, a := range accs {
		tr.Periods = append(tr.Periods, Period{Key: a.info.id, RoundNumber: a.info.number, Measures: a.measures})
	}
	for id, n := range totals {
		tt := TrendTheme{ID: id, Name: themeName(tax, id), Total: n, Counts: make([]int, len(accs)), Shares: make([]float64, len(accs))}
		for i, a := range accs {
			tt.Counts[i] = a.themes[id]
			tt.Shares[i] = round2(float64(a.themes[id]) / math.Max(1, float64(a.measures)))
		}
		tr.Themes = append(tr.Themes, tt)
	}
	slices.SortFunc(tr.Themes, func(a, b TrendTheme) int { return cmp.Or(cmp.Compare(b.Total, a.Total), CompareThemeIDs(a.ID, b.ID)) })
	if top > 0 && len(tr.Themes) > top {
		tr.Themes = tr.Themes[:top]
	}
	return tr, nil
}

// year returns the four-digit year a date starts with, "" when none.
func year(date string) string {
	if len(date) < 4 {
		return ""
	}
	if _, err := strconv.Atoi(date[:4]); err != nil || date[0] == '-' || date[0] == '+' {
		return ""
	}
	return date[:4]
}
