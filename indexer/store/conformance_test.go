package store_test

import (
	"context"
	"fmt"
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
	execSQL(t, path, "DROP TABLE disclosure_docs; DROP TABLE measure_signatures; DROP TABLE changes; DROP TABLE store_info; PRAGMA user_version = 1")
	s = mustOpen(t, path)
	if v := pragma(t, path, "user_version"); v != fmt.Sprint(store.SchemaVersion) {
		t.Fatalf("user_version = %s after Open, want %d", v, store.SchemaVersion)
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

// TestMigrateV2: a store of schema version 2 (before the signatures) is
// migrated in place: its records, change log and identity stay, and
// signatures can be stored and go with their record.
func TestMigrateV2(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "zhenggai.db")
	s := mustOpen(t, path)
	old := mustPut(t, s, fixture{unit: "甲局", themes: [][]string{{"A1"}, {"B2"}}}, "old")
	sid, err := s.StoreID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	execSQL(t, path, "DROP TABLE disclosure_docs; DROP TABLE measure_signatures; PRAGMA user_version = 2")
	s = mustOpen(t, path)
	if v := pragma(t, path, "user_version"); v != fmt.Sprint(store.SchemaVersion) {
		t.Fatalf("user_version = %s after Open, want %d", v, store.SchemaVersion)
	}
	if _, err := s.Disclosure(ctx, old); err != nil {
		t.Errorf("record of version 2 lost: %v", err)
	}
	if id, err := s.StoreID(ctx); err != nil || id != sid {
		t.Errorf("StoreID after migration = %q, %v; want %q", id, err, sid)
	}
	if cs, err := s.Changes(ctx, 0, 0); err != nil || len(cs) != 1 {
		t.Errorf("change log after migration = %v, %v; want the one put", cs, err)
	}
	sig := []uint64{1, 2, 3}
	if err := s.PutSignatures(ctx, "v", []store.MeasureSignature{{MeasureID: old + "-001", Signature: sig}}); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, path, "measure_signatures"); n != 1 {
		t.Fatalf("%d signatures stored, want 1", n)
	}
	if err := s.Delete(ctx, old); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, path, "measure_signatures"); n != 0 {
		t.Errorf("%d signatures left after their record was deleted, want 0", n)
	}
}
