package analytics_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/corpus/theme"
)

func ptr(n int) *int { return &n }

// rows builds n measures of one unit and round, each with the given themes.
func rows(prefix, unit, roundKey string, round *int, n int, themes ...string) []analytics.Row {
	out := make([]analytics.Row, n)
	for i := range out {
		out[i] = analytics.Row{MeasureID: fmt.Sprintf("%s-%02d", prefix, i+1), DisclosureID: prefix,
			Unit: unit, RoundKey: roundKey, Round: round, Themes: slices.Clone(themes)}
	}
	return out
}

func concat(parts ...[]analytics.Row) []analytics.Row { return slices.Concat(parts...) }

func near(a, b float64) bool { return math.Abs(a-b) < 0.005 }

func TestUnitKey(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"中共青石镇委员会", "青石镇"},
		{"青石镇党委", "青石镇"},
		{"中共云岭县民政局党组", "云岭县民政局"},
		{"云岭县民政局 党组", "云岭县民政局"},
		{"中共梧桥市卫生健康委员会委员会", "梧桥市卫生健康委员会"},
		{"中共拉萨市第一中学党总支", "拉萨市第一中学"},
		{"中共示范区党工委", "示范区"},
		{"中国共产党某某村党支部", "某某村"},
		{"党组", "党组"},
		{"", ""},
		{"中共中山市卫健委党委", "中山市卫生健康委员会"},
		{"中共中山市卫生健康委员会委员会", "中山市卫生健康委员会"},
		{"中共金华市婺城区文旅体局党组", "金华市婺城区文化和旅游体育局"},
		{"中共石埠县市场监管局党组", "石埠县市场监督管理局"},
	} {
		if got := analytics.UnitKey(tc.in); got != tc.want {
			t.Errorf("UnitKey(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestLogOddsZ checks the statistic against hand computations (doc.go).
func TestLogOddsZ(t *testing.T) {
	for _, tc := range []struct {
		name                      string
		y, n, yRest, nRest, a, a0 float64
		want                      float64
		defined                   bool
	}{
		{"strong over-representation", 12, 14, 2, 14, 14, 28, 3.056, true},
		{"strong under-representation", 2, 14, 12, 14, 14, 28, -3.056, true},
		{"weak evidence", 3, 4, 1, 4, 4, 8, 1.149, true},
		{"equal shares", 5, 10, 5, 10, 10, 20, 0, true},
		{"one theme only", 4, 4, 0, 0, 4, 4, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			z, ok := analytics.LogOddsZ(tc.y, tc.n, tc.yRest, tc.nRest, tc.a, tc.a0)
			if ok != tc.defined || math.Abs(z-tc.want) > 0.001 {
				t.Errorf("LogOddsZ = %.4f, %v; want %.4f, %v", z, ok, tc.want, tc.defined)
			}
		})
	}
}

func TestCompare2x2(t *testing.T) {
	tax := theme.Default()
	for _, tc := range []struct {
		name        string
		major, minr int // per group: measures of its main theme, of the other
		z           float64
		distinctive int
	}{
		{"decisive", 12, 2, 3.06, 2},
		{"too little evidence", 3, 1, 1.15, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := concat(
				rows("p1", "中共平川县民政局党组", "十届县委第一轮", ptr(1), tc.major, "D2"),
				rows("p2", "中共平川县民政局党组", "十届县委第一轮", ptr(1), tc.minr, "E4"),
				rows("q1", "中共青松县财政局党组", "十届县委第一轮", ptr(1), tc.minr, "D2"),
				rows("q2", "中共青松县财政局党组", "十届县委第一轮", ptr(1), tc.major, "E4"),
			)
			c, err := analytics.Compare(in, analytics.ByUnit, nil, tax)
			if err != nil {
				t.Fatal(err)
			}
			if len(c.Groups) != 2 || c.Groups[0].Key != "中共平川县民政局党组" || c.Groups[1].Key != "中共青松县财政局党组" {
				t.Fatalf("groups %+v", c.Groups)
			}
			n := tc.major + tc.minr
			p, q := c.Groups[0], c.Groups[1]
			if p.Measures != n || p.Tags != n || len(p.Themes) != 2 {
				t.Fatalf("group P %+v", p)
			}
			d2, e4 := p.Themes[0], p.Themes[1]
			if d2.ID != "D2" || d2.Name != "三会一课等组织生活" || d2.Count != tc.major || len(d2.MeasureIDs) != tc.major ||
				!near(d2.Share, float64(tc.major)/float64(n)) || !near(d2.LogOddsZ, tc.z) {
				t.Errorf("P's D2 %+v, want z %.2f", d2, tc.z)
			}
			if e4.ID != "E4" || !near(e4.LogOddsZ, -tc.z) {
				t.Errorf("P's E4 %+v, want z %.2f", e4, -tc.z)
			}
			if q.Themes[0].ID != "E4" || !near(q.Themes[0].LogOddsZ, tc.z) {
				t.Errorf("Q's first theme %+v", q.Themes[0])
			}
			if len(c.Distinctive) != tc.distinctive {
				t.Fatalf("distinctive %+v, want %d", c.Distinctive, tc.distinctive)
			}
			if tc.distinctive == 2 {
				want := []analytics.Distinctive{
					{Group: "中共平川县民政局党组", ID: "D2", Name: "三会一课等组织生活", LogOddsZ: 3.06, Count: 12},
					{Group: "中共青松县财政局党组", ID: "E4", Name: d2Name(tax, "E4"), LogOddsZ: 3.06, Count: 12},
				}
				if !reflect.DeepEqual(c.Distinctive, want) {
					t.Errorf("distinctive %+v\nwant %+v", c.Distinctive, want)
				}
			}
		})
	}
}

func d2Name(tax *theme.Taxonomy, id string) string {
	th, _ := tax.Lookup(id)
	return th.Name
}

func TestCompareKeysAndRounds(t *testing.T) {
	in := concat(
		rows("a", "中共青石镇委员会", "十届县委第一轮", ptr(1), 2, "D2", "A2"),
		rows("b", "青石镇党委", "十届县委第二轮", ptr(2), 1, "D2"),
		rows("c", "中共青石镇委员会", "十届县委第二轮", ptr(2), 1),
		rows("d", "中共白沙镇委员会", "十届县委第二轮", ptr(2), 3, "B8"),
		rows("e", "", "", nil, 4, "B8"),
	)
	c, err := analytics.Compare(in, analytics.ByUnit, []string{"青石镇党委", "无此单位"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Groups) != 2 {
		t.Fatalf("groups %+v", c.Groups)
	}
	g := c.Groups[0]
	if g.Key != "中共青石镇委员会" || g.UnitKey != "青石镇" || g.Measures != 4 || g.Tags != 5 ||
		!reflect.DeepEqual(g.Names, []string{"中共青石镇委员会", "青石镇党委"}) {
		t.Errorf("青石镇 group %+v", g)
	}
	if g.Themes[0].ID != "D2" || g.Themes[0].Count != 3 || g.Themes[0].Share != 0.75 || g.Themes[1].ID != "A2" {
		t.Errorf("青石镇 themes %+v", g.Themes)
	}
	if e := c.Groups[1]; e.Key != "无此单位" || e.Measures != 0 || len(e.Themes) != 0 {
		t.Errorf("empty group %+v", e)
	}

	c, err = analytics.Compare(in, analytics.ByRound, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, g := range c.Groups {
		keys = append(keys, fmt.Sprintf("%s:%d", g.Key, g.Measures))
	}
	if want := []string{"十届县委第一轮:2", "十届县委第二轮:5"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("round groups %v, want %v", keys, want)
	}
	if _, err := analytics.Compare(in, "year", nil, nil); !errors.Is(err, analytics.ErrInvalidGrouping) {
		t.Errorf("by year: %v", err)
	}
}

func TestRecurring(t *testing.T) {
	tax := theme.Default()
	in := concat(
		rows("r1", "中共平川县教育局党组", "十届县委第一轮", ptr(1), 2, "D2", "B7"),
		rows("r2", "平川县教育局党组", "十届县委第二轮", ptr(2), 1, "A12"),
		rows("r3", "中共平川县教育局党组", "十届县委第三轮", ptr(3), 1, "D2"),
		rows("s1", "中共平川县财政局党组", "十届县委第一轮", ptr(1), 1, "E1"),
		rows("s2", "中共平川县财政局党组", "", nil, 1, "E1"), // no round: left out
	)
	got := analytics.Recurring(in, 0, tax)
	want := analytics.Recurrences{Recurring: []analytics.Recurrence{{
		Unit: "中共平川县教育局党组", UnitKey: "平川县教育局", ID: "D2", Name: "三会一课等组织生活",
		Rounds: []int{1, 3}, RoundKeys: []string{"十届县委第一轮", "十届县委第三轮"},
		MeasureIDs: []string{"r1-01", "r1-02", "r3-01"},
	}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Recurring = %+v\nwant %+v", got, want)
	}
	if got := analytics.Recurring(in, 3, tax); len(got.Recurring) != 0 {
		t.Errorf("min 3 rounds: %+v", got)
	}
	if got := analytics.Recurring(in, 1, tax); len(got.Recurring) != 4 {
		t.Errorf("min 1 round: %d recurrences, want 4 (D2, B7, A12, E1)", len(got.Recurring))
	}
	// Rounds known only by number.
	noKey := concat(rows("n1", "某局党组", "", ptr(4), 1, "C1"), rows("n2", "某局党组", "", ptr(6), 1, "C1"))
	if got := analytics.Recurring(noKey, 2, nil); len(got.Recurring) != 1 || !reflect.DeepEqual(got.Recurring[0].Rounds, []int{4, 6}) {
		t.Errorf("rounds without keys: %+v", got)
	}
}

func TestCommon(t *testing.T) {
	tax := theme.Default()
	in := concat(
		rows("a", "中共平川县教育局党组", "十届县委第二轮", ptr(2), 1, "C1", "D2"),
		rows("b", "中共平川县财政局党组", "十届县委第二轮", ptr(2), 2, "C1"),
		rows("c", "中共平川县民政局党组", "十届县委第二轮", ptr(2), 1, "C1", "D2"),
		rows("d", "平川县民政局党组", "十届县委第二轮", ptr(2), 1, "E1"),
		rows("e", "中共平川县民政局党组", "十届县委第一轮", ptr(1), 1, "E1"),
	)
	got := analytics.Common(in, 0, tax)
	want := analytics.Commonalities{Common: []analytics.CommonTheme{
		{Round: "十届县委第二轮", RoundNumber: ptr(2), ID: "C1", Name: d2Name(tax, "C1"), Units: 3,
			UnitNames:  []string{"中共平川县教育局党组", "中共平川县民政局党组", "中共平川县财政局党组"},
			MeasureIDs: []string{"a-01", "b-01", "b-02", "c-01"}},
		{Round: "十届县委第二轮", RoundNumber: ptr(2), ID: "D2", Name: "三会一课等组织生活", Units: 2,
			UnitNames:  []string{"中共平川县教育局党组", "中共平川县民政局党组"},
			MeasureIDs: []string{"a-01", "c-01"}},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Common = %+v\nwant %+v", got, want)
	}
	if got := analytics.Common(in, 3, tax); len(got.Common) != 1 || got.Common[0].ID != "C1" {
		t.Errorf("min 3 units: %+v", got)
	}
}

// randomRows makes rows over a few units (printed two ways), rounds and
// themes, some without themes, unit or round, and some repeated.
func randomRows(r *rand.Rand) []analytics.Row {
	units := []string{"中共甲县教育局党组", "甲县教育局党组", "中共乙镇委员会", "乙镇党委", "丙局党委", ""}
	rounds := []string{"十届县委第一轮", "十届县委第二轮", "十一届县委第二轮", ""}
	themes := []string{"A1", "A10", "A2", "B1", "D2", "E4", "X9"}
	n := r.IntN(60)
	out := make([]analytics.Row, 0, n)
	for i := range n {
		row := analytics.Row{MeasureID: fmt.Sprintf("m%03d", i), Unit: units[r.IntN(len(units))]}
		if k := r.IntN(len(rounds)); rounds[k] != "" {
			row.RoundKey, row.Round = rounds[k], ptr(1+k%2)
		}
		for range r.IntN(4) {
			row.Themes = append(row.Themes, themes[r.IntN(len(themes))])
		}
		out = append(out, row)
		if r.IntN(10) == 0 {
			out = append(out, row) // a repeated measure
		}
	}
	return out
}

// TestMeasureIDsBelong checks, on random rows, that every measure id each
// answer reports belongs to a row of that group and theme, and that every
// count equals its ids.
func TestMeasureIDsBelong(t *testing.T) {
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 7))
		in := randomRows(r)
		byID := map[string]analytics.Row{}
		for _, row := range in {
			byID[row.MeasureID] = row
		}
		has := func(id, themeID string, match func(analytics.Row) bool) bool {
			row, ok := byID[id]
			return ok && slices.Contains(row.Themes, themeID) && match(row)
		}
		for _, by := range []string{analytics.ByUnit, analytics.ByRound} {
			c, err := analytics.Compare(in, by, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, g := range c.Groups {
				for _, th := range g.Themes {
					if th.Count != len(th.MeasureIDs) || th.Count > g.Measures || th.Count == 0 {
						t.Fatalf("seed %d by %s: %s %s count %d, %d ids, %d measures", seed, by, g.Key, th.ID, th.Count, len(th.MeasureIDs), g.Measures)
					}
					for _, id := range th.MeasureIDs {
						if !has(id, th.ID, func(row analytics.Row) bool {
							if by == analytics.ByUnit {
								return row.Unit != "" && analytics.UnitKey(row.Unit) == g.UnitKey
							}
							return row.RoundKey == g.Key
						}) {
							t.Fatalf("seed %d by %s: %s in %s/%s", seed, by, id, g.Key, th.ID)
						}
					}
				}
			}
		}
		for _, rec := range analytics.Recurring(in, 1, nil).Recurring {
			for _, id := range rec.MeasureIDs {
				if !has(id, rec.ID, func(row analytics.Row) bool {
					return analytics.UnitKey(row.Unit) == rec.UnitKey && slices.Contains(rec.RoundKeys, row.RoundKey)
				}) {
					t.Fatalf("seed %d: recurring %s/%s has %s", seed, rec.UnitKey, rec.ID, id)
				}
			}
		}
		for _, cm := range analytics.Common(in, 1, nil).Common {
			if cm.Units != len(cm.UnitNames) {
				t.Fatalf("seed %d: common %+v", seed, cm)
			}
			for _, id := range cm.MeasureIDs {
				if !has(id, cm.ID, func(row analytics.Row) bool { return row.Unit != "" && row.RoundKey == cm.Round }) {
					t.Fatalf("seed %d: common %s/%s has %s", seed, cm.Round, cm.ID, id)
				}
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	in := randomRows(r)
	for range 20 {
		in = append(in, randomRows(r)...)
	}
	// Give the repeated batches distinct ids.
	for i := range in {
		in[i].MeasureID = fmt.Sprintf("m%04d", i)
	}
	a, _ := analytics.Compare(in, analytics.ByUnit, nil, nil)
	ra, ca := analytics.Recurring(in, 2, nil), analytics.Common(in, 2, nil)
	for range 5 {
		b, _ := analytics.Compare(in, analytics.ByUnit, nil, nil)
		if !reflect.DeepEqual(a, b) || !reflect.DeepEqual(ra, analytics.Recurring(in, 2, nil)) || !reflect.DeepEqual(ca, analytics.Common(in, 2, nil)) {
			t.Fatal("answers differ between runs over the same rows")
		}
	}
}
