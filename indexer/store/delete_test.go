package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/zhenggai/zhenggai/indexer/store"
)

func TestDeleteCascades(t *testing.T) {
	ctx := context.Background()
	s, path := newStore(t)
	keep := mustPut(t, s, fixture{unit: "甲", themes: [][]string{{"A1"}, {"B2", "C3"}}}, "keep")
	o := original("a.txt", "delete me")
	d := fullDisclosure(o)
	id, _, err := s.Put(ctx, o, d)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"originals": 1, "disclosures": 1, "measures": 2, "measure_themes": 3, "meta": 0}
	if got := rowCounts(t, path); !equalCounts(got, want) {
		t.Errorf("rows after Delete = %v, want %v", got, want)
	}
	if _, err := s.Disclosure(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Disclosure after Delete: %v, want ErrNotFound", err)
	}
	if _, err := s.Original(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Original after Delete: %v, want ErrNotFound", err)
	}
	if _, err := s.Measure(ctx, d.Measures[0].ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Measure after Delete: %v, want ErrNotFound", err)
	}
	if _, err := s.BySHA256(ctx, o.SHA256); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("BySHA256 after Delete: %v, want ErrNotFound", err)
	}
	if err := s.Delete(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second Delete: %v, want ErrNotFound", err)
	}
	if _, err := s.Disclosure(ctx, keep); err != nil {
		t.Errorf("the other record is gone: %v", err)
	}
	// The same bytes can be stored again after a delete.
	if _, created, err := s.Put(ctx, o, d); err != nil || !created {
		t.Errorf("Put after Delete = %v, %v", created, err)
	}
}

func equalCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
