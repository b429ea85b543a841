package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/store"
)

func TestMeasureRows(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	id := fixtureSet(t, s)
	m := func(name string, n int) string { return id[name] + "-00" + string(rune('0'+n)) }
	row := func(name string, n int, unit, key string, round int, themes ...string) analytics.Row {
		return analytics.Row{MeasureID: m(name, n), DisclosureID: id[name], Unit: unit, RoundKey: key, Round: ptr(round), Themes: themes}
	}
	a, b, c := "十届市委第二轮", "十届市委第三轮", "十届市委第二轮"
	all := []analytics.Row{
		row("a", 1, "甲局", a, 2, "A1", "B2"), row("a", 2, "甲局", a, 2, "A1"), row("a", 3, "甲局", a, 2),
		row("b", 1, "甲局", b, 3, "A1"), row("b", 2, "甲局", b, 3, "C3"),
		row("c", 1, "乙局", c, 2, "B2"), row("c", 2, "乙局", c, 2, "B2", "A1"), row("c", 3, "乙局", c, 2, "A1"),
	}
	for _, tc := range []struct {
		name string
		f    store.RowFilter
		want []analytics.Row
	}{
		{"rectification kinds", store.RowFilter{}, all},
		{"unit", store.RowFilter{Units: []string{"乙局"}}, all[5:]},
		{"rounds", store.RowFilter{RoundKeys: []string{"十届市委第三轮", "无此轮"}}, all[3:5]},
		{"unit and round", store.RowFilter{Units: []string{"甲局", "乙局"}, RoundKeys: []string{a}},
			[]analytics.Row{all[0], all[1], all[2], all[5], all[6], all[7]}},
		{"aggregate kind", store.RowFilter{Kind: string(corpus.KindAggregate)},
			[]analytics.Row{{MeasureID: m("e", 1), DisclosureID: id["e"], Themes: []string{"A1"}}}},
		{"nothing", store.RowFilter{Units: []string{"丁局"}}, []analytics.Row{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := s.MeasureRows(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("MeasureRows(%+v) =\n%+v\nwant\n%+v", tc.f, got, tc.want)
			}
		})
	}
}

// TestMeasureRowsAgreeWithThemeCounts checks the rows against the SQL
// aggregate: Compare over them counts what ThemeCounts counts.
func TestMeasureRowsAgreeWithThemeCounts(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	fixtureSet(t, s)
	rows, err := s.MeasureRows(ctx, store.RowFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, by := range []string{analytics.ByUnit, analytics.ByRound} {
		counts, err := s.ThemeCounts(ctx, by)
		if err != nil {
			t.Fatal(err)
		}
		want := map[[2]string][]string{}
		for _, tc := range counts {
			if tc.Key != "" && (by == analytics.ByRound || tc.Key != "丙局") {
				want[[2]string{tc.Key, tc.Theme}] = tc.MeasureIDs
			}
		}
		cmp, err := analytics.Compare(rows, by, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := map[[2]string][]string{}
		for _, g := range cmp.Groups {
			for _, th := range g.Themes {
				got[[2]string{g.Key, th.ID}] = th.MeasureIDs
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("by %s: Compare over MeasureRows\n%v\nThemeCounts\n%v", by, got, want)
		}
	}
}
