package analytics

import (
	"cmp"
	"slices"
)

// RankedTheme is one theme of a group in the order of its weighted
// log-odds z (see the package documentation). Its measures are those of
// the comparison's cell (Group.Themes[…].MeasureIDs).
type RankedTheme struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Count    int     `json:"count"`
	Share    float64 `json:"share"`
	LogOddsZ float64 `json:"log_odds_z"`
	// Significant is true when LogOddsZ reaches the comparison's MinZ.
	Significant bool `json:"significant"`
	// Only is true when no other compared group carries the theme.
	Only bool `json:"only"`
}

// GroupRanking is one group's themes ranked by how distinctive they are.
type GroupRanking struct {
	Group    string        `json:"group"`
	UnitKey  string        `json:"unit_key,omitempty"`
	Measures int           `json:"measures"`
	Themes   []RankedTheme `json:"themes"` // highest z first, then count, then id
	// Significant counts the themes marked significant: 0 says that the
	// top of the list stands out without passing the threshold.
	Significant int `json:"significant"`
}

// RankDistinctive ranks every group's themes by weighted log-odds z, so
// that a small corpus still shows what stands out in each group and how
// sure it is: the top themes are listed even when none passes MinZ, each
// with its z and a significant mark. top bounds the themes per group (0 or
// less: all). The Comparison itself is left as it is.
func RankDistinctive(c Comparison, top int) []GroupRanking {
	carriers := map[string]int{} // theme → groups carrying it
	for _, g := range c.Groups {
		for _, t := range g.Themes {
			carriers[t.ID]++
		}
	}
	out := make([]GroupRanking, 0, len(c.Groups))
	for _, g := range c.Groups {
		gr := GroupRanking{Group: g.Key, UnitKey: g.UnitKey, Measures: g.Measures, Themes: make([]RankedTheme, 0, len(g.Themes))}
		for _, t := range g.Themes {
			gr.Themes = append(gr.Themes, RankedTheme{ID: t.ID, Name: t.Name, Count: t.Count, Share: t.Share, LogOddsZ: t.LogOddsZ,
				Significant: len(c.Groups) > 1 && t.LogOddsZ >= c.MinZ, Only: len(c.Groups) > 1 && carriers[t.ID] == 1})
		}
		slices.SortStableFunc(gr.Themes, func(a, b RankedTheme) int {
			return cmp.Or(cmp.Compare(b.LogOddsZ, a.LogOddsZ), cmp.Compare(b.Count, a.Count), CompareThemeIDs(a.ID, b.ID))
		})
		if top > 0 && len(gr.Themes) > top {
			gr.Themes = gr.Themes[:top]
		}
		for _, t := range gr.Themes {
			if t.Significant {
				gr.Significant++
			}
		}
		out = append(out, gr)
	}
	return out
}
