package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer/store"
)

func ids(list []*corpus.Disclosure) []string {
	out := []string{}
	for _, d := range list {
		out = append(out, d.ID)
	}
	return out
}

func TestIndexBookkeeping(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	var all []string
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		all = append(all, mustPut(t, s, fixture{unit: name, themes: [][]string{{"A1"}}}, name))
	}
	unindexed := func(version string, limit int) []string {
		t.Helper()
		list, err := s.Unindexed(ctx, version, limit)
		if err != nil {
			t.Fatal(err)
		}
		return ids(list)
	}
	indexed := func(version string) int {
		t.Helper()
		st, err := s.Stats(ctx, version)
		if err != nil {
			t.Fatal(err)
		}
		return st.Indexed
	}
	if got := unindexed("v1", 0); !slices.Equal(got, all) {
		t.Fatalf("Unindexed(v1) = %v, want all %v", got, all)
	}
	if got := unindexed("v1", 2); !slices.Equal(got, all[:2]) {
		t.Fatalf("Unindexed(v1, 2) = %v, want %v", got, all[:2])
	}
	// Index in batches of two, as start-up does, until nothing is left.
	for batch := unindexed("v1", 2); len(batch) > 0; batch = unindexed("v1", 2) {
		if err := s.MarkIndexed(ctx, "v1", batch...); err != nil {
			t.Fatal(err)
		}
	}
	if n := indexed("v1"); n != 5 {
		t.Errorf("indexed at v1 = %d, want 5", n)
	}
	// A new index version makes every record unindexed again.
	if got := unindexed("v2", 0); !slices.Equal(got, all) {
		t.Errorf("Unindexed(v2) = %v, want all", got)
	}
	if err := s.MarkIndexed(ctx, "v2", all[1], all[3], "deleted-meanwhile"); err != nil {
		t.Fatal(err)
	}
	if got, want := unindexed("v2", 0), []string{all[0], all[2], all[4]}; !slices.Equal(got, want) {
		t.Errorf("Unindexed(v2) = %v, want %v", got, want)
	}
	if got, want := unindexed("v1", 0), []string{all[1], all[3]}; !slices.Equal(got, want) {
		t.Errorf("Unindexed(v1) = %v, want %v", got, want)
	}
	if a, b, any := indexed("v1"), indexed("v2"), indexed(""); a != 3 || b != 2 || any != 5 {
		t.Errorf("indexed v1, v2, any = %d, %d, %d; want 3, 2, 5", a, b, any)
	}
	// A new record is unindexed at every version.
	late := mustPut(t, s, fixture{unit: "f"}, "f")
	if got := unindexed("v1", 0); !slices.Contains(got, late) {
		t.Errorf("Unindexed(v1) = %v lacks the new record %s", got, late)
	}
	if err := s.ClearIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if got := unindexed("v2", 0); len(got) != 6 {
		t.Errorf("after ClearIndexed, Unindexed(v2) = %v, want all 6", got)
	}
	if a, any := indexed("v1"), indexed(""); a != 0 || any != 0 {
		t.Errorf("after ClearIndexed, indexed = %d, %d", a, any)
	}
	if _, err := s.Unindexed(ctx, "", 0); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("Unindexed with an empty version: %v, want ErrInvalid", err)
	}
	if err := s.MarkIndexed(ctx, "", all[0]); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("MarkIndexed with an empty version: %v, want ErrInvalid", err)
	}
}
