package store_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// fixtureSet stores five small records and returns their ids by name:
//
//	a 甲局 十届市委第二轮 2024-04-15  measures [A1 B2] [A1] []
//	b 甲局 十届市委第三轮 2025-01-10  measures [A1] [C3]
//	c 乙局 十届市委第二轮 2024-05-01  measures [B2] [B2 A1] [A1 A1]
//	d 丙局 县委第五轮 (no term, no date, feedback), no measures
//	e no unit, no round, 2023-11-30 (aggregate)  measures [A1]
func fixtureSet(t *testing.T, s *store.Store) map[string]string {
	t.Helper()
	fs := map[string]fixture{
		"a": {unit: "甲局", body: "市委", term: ptr(10), round: ptr(2), published: "2024-04-15",
			themes: [][]string{{"A1", "B2"}, {"A1"}, {}}},
		"b": {unit: "甲局", body: "市委", term: ptr(10), round: ptr(3), published: "2025-01-10",
			themes: [][]string{{"A1"}, {"C3"}}},
		"c": {unit: "乙局", body: "市委", term: ptr(10), round: ptr(2), published: "2024-05-01",
			themes: [][]string{{"B2"}, {"B2", "A1"}, {"A1", "A1"}}},
		"d": {unit: "丙局", body: "县委", round: ptr(5), kind: corpus.KindFeedback},
		"e": {body: "区委", published: "2023-11-30", kind: corpus.KindAggregate, themes: [][]string{{"A1"}}},
	}
	ids := map[string]string{}
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		ids[name] = mustPut(t, s, fs[name], name)
	}
	return ids
}

func TestAggregates(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	id := fixtureSet(t, s)
	m := func(name string, n int) string { return id[name] + "-00" + string(rune('0'+n)) }

	st, err := s.Stats(ctx, "v1")
	if err != nil {
		t.Fatal(err)
	}
	if want := (store.Stats{Disclosures: 5, Measures: 9, Indexed: 0, Units: 3, Rounds: 3}); st != want {
		t.Errorf("Stats = %+v, want %+v", st, want)
	}

	units, err := s.Units(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantUnits := []store.Count{{"甲局", 2, 5}, {"丙局", 1, 0}, {"乙局", 1, 3}}
	if !reflect.DeepEqual(units, wantUnits) {
		t.Errorf("Units = %v, want %v", units, wantUnits)
	}

	rounds, err := s.Rounds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantRounds := []store.Count{{"十届市委第二轮", 2, 6}, {"十届市委第三轮", 1, 2}, {"县委第五轮", 1, 0}}
	if !reflect.DeepEqual(rounds, wantRounds) {
		t.Errorf("Rounds = %v, want %v", rounds, wantRounds)
	}

	tests := []struct {
		by   string
		want []store.ThemeCount
	}{
		{"unit", []store.ThemeCount{
			{"乙局", "A1", 2, []string{m("c", 2), m("c", 3)}},
			{"乙局", "B2", 2, []string{m("c", 1), m("c", 2)}},
			{"甲局", "A1", 3, []string{m("a", 1), m("a", 2), m("b", 1)}},
			{"甲局", "B2", 1, []string{m("a", 1)}},
			{"甲局", "C3", 1, []string{m("b", 2)}},
		}},
		{"round", []store.ThemeCount{
			{"十届市委第三轮", "A1", 1, []string{m("b", 1)}},
			{"十届市委第三轮", "C3", 1, []string{m("b", 2)}},
			{"十届市委第二轮", "A1", 4, []string{m("a", 1), m("a", 2), m("c", 2), m("c", 3)}},
			{"十届市委第二轮", "B2", 3, []string{m("a", 1), m("c", 1), m("c", 2)}},
		}},
	}
	for _, tt := range tests {
		t.Run("ThemeCounts by "+tt.by, func(t *testing.T) {
			got, err := s.ThemeCounts(ctx, tt.by)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ThemeCounts(%s)\ngot  %v\nwant %v", tt.by, got, tt.want)
			}
			for _, c := range got {
				if c.Measures != len(c.MeasureIDs) {
					t.Errorf("%s %s: count %d, %d ids", c.Key, c.Theme, c.Measures, len(c.MeasureIDs))
				}
			}
		})
	}
	if _, err := s.ThemeCounts(ctx, "year"); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("ThemeCounts(year) error = %v, want ErrInvalid", err)
	}
}

func TestAggregatesEmpty(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	if st, err := s.Stats(ctx, "v1"); err != nil || st != (store.Stats{}) {
		t.Errorf("Stats = %+v, %v", st, err)
	}
	if u, err := s.Units(ctx); err != nil || u == nil || len(u) != 0 {
		t.Errorf("Units = %#v, %v; want empty, not nil", u, err)
	}
	if tc, err := s.ThemeCounts(ctx, "round"); err != nil || tc == nil || len(tc) != 0 {
		t.Errorf("ThemeCounts = %#v, %v; want empty, not nil", tc, err)
	}
}
