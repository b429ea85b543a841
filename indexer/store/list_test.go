package store_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer/store"
)

func TestList(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	id := fixtureSet(t, s)
	tests := []struct {
		name      string
		q         store.ListQuery
		want      []string
		wantTotal int
	}{
		{"all, newest first, undated last", store.ListQuery{}, []string{"b", "c", "a", "e", "d"}, 5},
		{"unit", store.ListQuery{Unit: "甲局"}, []string{"b", "a"}, 2},
		{"round number", store.ListQuery{Round: 2}, []string{"c", "a"}, 2},
		{"round key", store.ListQuery{RoundKey: "县委第五轮"}, []string{"d"}, 1},
		{"kind", store.ListQuery{Kind: corpus.KindFeedback}, []string{"d"}, 1},
		{"year", store.ListQuery{Year: 2024}, []string{"c", "a"}, 2},
		{"unit and round", store.ListQuery{Unit: "甲局", Round: 3}, []string{"b"}, 1},
		{"no match", store.ListQuery{Unit: "丁局"}, []string{}, 0},
		{"page", store.ListQuery{Offset: 1, Limit: 2}, []string{"c", "a"}, 5},
		{"last page", store.ListQuery{Offset: 4, Limit: 2}, []string{"d"}, 5},
		{"past the end", store.ListQuery{Offset: 10}, []string{}, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			list, total, err := s.List(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			got := []string{}
			for _, sum := range list {
				got = append(got, sum.ID)
			}
			want := []string{}
			for _, name := range tt.want {
				want = append(want, id[name])
			}
			if !slices.Equal(got, want) || total != tt.wantTotal {
				t.Errorf("List(%+v) = %v, %d; want %v, %d", tt.q, got, total, want, tt.wantTotal)
			}
		})
	}
	list, _, err := s.List(ctx, store.ListQuery{Unit: "甲局", Round: 2})
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %v, %v", list, err)
	}
	want := store.Summary{ID: id["a"], Title: "甲局关于市委巡察整改进展情况的通报", Unit: "甲局", Kind: corpus.KindRectification,
		Body: "市委", Term: ptr(10), Round: ptr(2), RoundKey: "十届市委第二轮", Published: "2024-04-15", Measures: 3}
	if !reflect.DeepEqual(list[0], want) {
		t.Errorf("Summary = %+v, want %+v", list[0], want)
	}
	for _, q := range []store.ListQuery{{Offset: -1}, {Limit: -1}} {
		if _, _, err := s.List(ctx, q); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("List(%+v) error = %v, want ErrInvalid", q, err)
		}
	}
}

func TestEach(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	const n = 250 // more than one batch
	var want []string
	for i := range n {
		want = append(want, mustPut(t, s, fixture{unit: fmt.Sprintf("单位%d", i), themes: [][]string{{"A1"}}}, fmt.Sprint(i)))
	}
	var got []string
	err := s.Each(ctx, func(d *corpus.Disclosure) error {
		if len(d.Measures) != 1 {
			return fmt.Errorf("%s: %d measures", d.ID, len(d.Measures))
		}
		got = append(got, d.ID)
		// The callback may use the store: no read transaction is held.
		return s.MarkIndexed(ctx, "v1", d.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Each saw %d records, want %d in storage order", len(got), len(want))
	}
	if st, _ := s.Stats(ctx, "v1"); st.Indexed != n {
		t.Errorf("indexed = %d, want %d", st.Indexed, n)
	}
	stop := errors.New("stop")
	seen := 0
	err = s.Each(ctx, func(*corpus.Disclosure) error {
		seen++
		if seen == 120 {
			return stop
		}
		return nil
	})
	if err != stop || seen != 120 {
		t.Errorf("Each = %v after %d records, want stop after 120", err, seen)
	}
}
