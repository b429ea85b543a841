package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
	"github.com/zhenggai/zhenggai/indexer/store/storetest"
)

// TestConformance runs the store contract's conformance suite on the SQLite
// store.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) library.Store {
		s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "zhenggai.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestMigrateV1: a store of schema version 1 (before the change log) is
// migrated in place: its records stay, it gets an identity, and writes from
// then on are logged.
func TestMigrateV1(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "zhenggai.db")
	s := mustOpen(t, path)
	old := mustPut(t, s, fixture{unit: "甲局", themes: [][]string{{"A1"}}}, "old")
	s.Close()
	execSQL(t, path, "DROP TABLE changes; DROP TABLE store_info; PRAGMA user_version = 1")
	s = mustOpen(t, path)
	if v := pragma(t, path, "user_version"); v != "2" {
		t.Fatalf("user_version = %s after Open, want 2", v)
	}
	if _, err := s.Disclosure(ctx, old); err != nil {
		t.Errorf("record of version 1 lost: %v", err)
	}
	if id, err := s.StoreID(ctx); err != nil || len(id) != 32 {
		t.Errorf("StoreID = %q, %v", id, err)
	}
	if last, err := s.LastChange(ctx); err != nil || last != 0 {
		t.Errorf("LastChange after migration = %d, %v; want 0", last, err)
	}
	mustPut(t, s, fixture{unit: "乙局"}, "new")
	if cs, err := s.Changes(ctx, 0, 0); err != nil || len(cs) != 1 || cs[0].Op != store.ChangePut {
		t.Errorf("Changes after a put = %v, %v", cs, err)
	}
}
