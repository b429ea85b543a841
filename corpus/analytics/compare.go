package analytics

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/zhenggai/zhenggai/corpus/theme"
)

// DistinctiveZ is the smallest log-odds z-score Compare lists as
// distinctive: 1.96, the two-sided 5% point of the standard normal.
const DistinctiveZ = 1.96

// Comparison is the theme matrix of some groups (units or rounds) and the
// themes that set each group apart from the others, in the shape of
// `zhenggai compare --json`.
type Comparison struct {
	By     string  `json:"by"`
	Groups []Group `json:"groups"`
	// Distinctive lists, over all groups, the themes whose log-odds
	// z-score in the group against all other groups is at least MinZ,
	// highest first.
	Distinctive []Distinctive `json:"distinctive"`
	// MinZ is DistinctiveZ.
	MinZ float64 `json:"min_z"`
}

// Group is one unit or round of a Comparison.
type Group struct {
	// Key is the round key, or the unit as printed (the form most of its
	// measures carry when a unit is printed several ways).
	Key string `json:"key"`
	// UnitKey is the normalised unit (see UnitKey) when grouping by unit.
	UnitKey string `json:"unit_key,omitempty"`
	// Names are the printed forms of the unit, when there are several.
	Names []string `json:"names,omitempty"`
	// Measures counts the group's measures, with or without themes.
	Measures int `json:"measures"`
	// Tags counts the group's theme tags (a measure with two themes
	// counts twice): the group's total in the log-odds.
	Tags   int          `json:"tags"`
	Themes []ThemeCount `json:"themes"`
}

// ThemeCount is one theme of a group.
type ThemeCount struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Count is the number of the group's measures carrying the theme.
	Count int `json:"count"`
	// Share is Count over the group's measures, to two decimals.
	Share float64 `json:"share"`
	// LogOddsZ is the theme's log-odds z-score in this group against all
	// other groups (see the package documentation), to two decimals; 0
	// when it is undefined (a single group, or a selection of one theme).
	LogOddsZ   float64  `json:"log_odds_z"`
	MeasureIDs []string `json:"measure_ids"`
	// MeasureIDsTruncated is true when MeasureIDs lists only the first of
	// the Count measures (the API bounds the ids per cell: its
	// measure_ids parameter).
	MeasureIDsTruncated bool `json:"measure_ids_truncated,omitempty"`
}

// Distinctive is a theme that sets a group apart.
type Distinctive struct {
	Group    string  `json:"group"`
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	LogOddsZ float64 `json:"log_odds_z"`
	// Count is the group's measures carrying the theme.
	Count int `json:"count"`
}

// Compare counts, for every group of rows (by ByUnit or ByRound), its
// measures and how many of them carry each theme, and scores every theme
// of every group with the weighted log-odds ratio of the package
// documentation. keys, when given, selects the groups and their order
// (units match by UnitKey, rounds by key); a key without measures yields
// an empty group. Without keys every group is compared: units in order of
// their printed name, rounds by number then key. Rows without a unit (or
// round) are left out. The selection the prior is taken from is the
// compared groups' rows. A nil tax leaves theme names empty.
func Compare(rows []Row, by string, keys []string, tax *theme.Taxonomy) (Comparison, error) {
	return CompareDocs(rowDocs(rows), by, keys, tax)
}

// CompareDocs is Compare over Docs (see DocsOf): the same answer as
// Compare on their rows, adding up disclosures instead of measures.
func CompareDocs(docs []Doc, by string, keys []string, tax *theme.Taxonomy) (Comparison, error) {
	keyOf, err := grouping(by)
	if err != nil {
		return Comparison{}, err
	}
	groups, accs := map[string]int32{}, []*compareGroup(nil)
	add := func(gk string) int32 {
		groups[gk] = int32(len(accs))
		accs = append(accs, &compareGroup{key: gk, names: printedName{}, minRound: math.MaxInt})
		return int32(len(accs) - 1)
	}
	if len(keys) > 0 {
		for _, k := range keys {
			gk := keyOf(&Doc{Unit: k, RoundKey: k})
			if _, ok := groups[gk]; gk == "" || ok {
				continue
			}
			accs[add(gk)].names[k] = 0 // a fallback name, outweighed by any row
		}
	}
	// First count every group's measures per theme (themes numbered in
	// order of appearance), noting each Doc's group and its themes'
	// numbers; then cut every group's measure ids from one array and fill
	// them in Doc order.
	var (
		themes   themeNumbers
		docGroup = make([]int32, len(docs)) // -1: not compared
		tagTheme []int32                    // the number of each theme of the compared Docs, in order; -1: none
		total    int
	)
	for i := range docs {
		d := &docs[i]
		docGroup[i] = -1
		if len(d.MeasureIDs) == 0 {
			continue
		}
		gk := keyOf(d)
		if gk == "" {
			continue
		}
		gi, ok := groups[gk]
		if !ok {
			if len(keys) > 0 {
				continue
			}
			gi = add(gk)
		}
		docGroup[i] = gi
		g := accs[gi]
		n := len(d.MeasureIDs)
		g.measures += n
		if by == ByUnit {
			g.names[d.Unit] += n
		} else {
			g.names[docRoundID(d)] += n
		}
		if d.Round != nil {
			g.minRound = min(g.minRound, *d.Round)
		}
		for _, t := range d.Themes {
			if t.ID == "" {
				tagTheme = append(tagTheme, -1)
				continue
			}
			k := themes.of(t.ID)
			tagTheme = append(tagTheme, k)
			for int(k) >= len(g.counts) {
				g.counts = append(g.counts, -1)
			}
			g.counts[k] = max(g.counts[k], 0) + int32(len(t.Measures))
			g.tags += len(t.Measures)
			total += len(t.Measures)
		}
	}
	slab := make([]string, total)
	for _, g := range accs {
		g.ids = make([][]string, len(g.counts))
		for k, c := range g.counts {
			if c > 0 {
				g.ids[k], slab = slab[:0:c], slab[c:]
			}
		}
	}
	at := 0
	for i := range docs {
		if docGroup[i] < 0 {
			continue
		}
		g, d := accs[docGroup[i]], &docs[i]
		for _, t := range d.Themes {
			k := tagTheme[at]
			at++
			if k < 0 {
				continue
			}
			for _, m := range t.Measures {
				g.ids[k] = append(g.ids[k], d.MeasureIDs[m])
			}
		}
	}
	if len(keys) == 0 {
		sortCompareGroups(accs, by)
	}
	return scoreGroups(accs, themes.ids, by, tax), nil
}

// compareGroup accumulates one group of CompareDocs.
type compareGroup struct {
	key      string // grouping key: UnitKey or round id
	names    printedName
	minRound int
	measures int
	tags     int
	// counts are the group's tags per theme number (-1: the theme is not
	// the group's) and ids their measures.
	counts []int32
	ids    [][]string
}

// themeNumbers numbers theme ids in order of appearance.
type themeNumbers struct {
	at  map[string]int32
	ids []string
}

func (t *themeNumbers) of(id string) int32 {
	if t.at == nil {
		t.at = map[string]int32{}
	}
	k, ok := t.at[id]
	if !ok {
		k = int32(len(t.ids))
		t.at[id] = k
		t.ids = append(t.ids, id)
	}
	return k
}

// grouping returns the group key of a Doc's measures for by.
func grouping(by string) (func(*Doc) string, error) {
	switch by {
	case ByUnit:
		keys := unitKeys{}
		return func(d *Doc) string {
			if d.Unit == "" {
				return ""
			}
			return keys.of(d.Unit)
		}, nil
	case ByRound:
		return docRoundID, nil
	}
	return nil, fmt.Errorf("compare by %q: %w", by, ErrInvalidGrouping)
}

// sortCompareGroups puts groups in their default order.
func sortCompareGroups(accs []*compareGroup, by string) {
	slices.SortStableFunc(accs, func(a, b *compareGroup) int {
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

// scoreGroups builds the comparison: counts, shares and log-odds
// z-scores; themes names the theme numbers. The groups' measure ids go
// into the comparison as they are.
func scoreGroups(accs []*compareGroup, themes []string, by string, tax *theme.Taxonomy) Comparison {
	alpha := make([]int, len(themes)) // the prior: theme counts over the selection
	alpha0 := 0
	for _, g := range accs {
		for k, c := range g.counts {
			if c > 0 {
				alpha[k] += int(c)
				alpha0 += int(c)
			}
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
		for k, n := range g.counts {
			if n < 0 {
				continue
			}
			id, y := themes[k], int(n)
			z, _ := LogOddsZ(float64(y), float64(g.tags), float64(alpha[k]-y), float64(alpha0-g.tags),
				float64(alpha[k]), float64(alpha0))
			ids := g.ids[k]
			if ids == nil {
				ids = []string{}
			}
			tc := ThemeCount{ID: id, Name: name(id), Count: y, LogOddsZ: round2(z), MeasureIDs: ids}
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

// LogOddsZ is the z-score of the weighted log-odds ratio of a theme in a
// group against the rest, with an informative Dirichlet prior (Monroe,
// Colaresi & Quinn 2008, eq. 16–22): y of the group's n tags carry the
// theme, yRest of the rest's nRest; alpha is the prior count of the theme
// and alpha0 the prior's total. It reports false, with 0, when the score
// is undefined (an odds with a zero or negative term).
func LogOddsZ(y, n, yRest, nRest, alpha, alpha0 float64) (float64, bool) {
	a, b := y+alpha, n+alpha0-y-alpha
	c, d := yRest+alpha, nRest+alpha0-yRest-alpha
	if a <= 0 || b <= 0 || c <= 0 || d <= 0 {
		return 0, false
	}
	delta := math.Log(a/b) - math.Log(c/d)
	variance := 1/a + 1/c
	return delta / math.Sqrt(variance), true
}
