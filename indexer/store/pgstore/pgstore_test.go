package pgstore_test

import (
	"context"
	"errors"
	"testing"

	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
	"github.com/zhenggai/zhenggai/indexer/store/pgstore"
	"github.com/zhenggai/zhenggai/indexer/store/pgstore/pgtest"
	"github.com/zhenggai/zhenggai/indexer/store/storetest"
)

var _ library.Store = (*pgstore.Store)(nil)

// TestConformance runs the store contract's conformance suite on
// PostgreSQL, each test in a fresh schema.
func TestConformance(t *testing.T) {
	pgtest.URL(t)
	storetest.Run(t, func(t *testing.T) library.Store {
		s, err := pgstore.Open(context.Background(), pgtest.Schema(t), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestOpenTwice: a second server opening a migrated store migrates nothing
// and sees the same store; opening concurrently is safe.
func TestOpenTwice(t *testing.T) {
	url := pgtest.Schema(t)
	ctx := context.Background()
	errs := make(chan error, 4)
	stores := make(chan *pgstore.Store, 4)
	for range 4 {
		go func() {
			s, err := pgstore.Open(ctx, url, store.Options{})
			errs <- err
			stores <- s
		}()
	}
	var ids []string
	for range 4 {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent Open: %v", err)
		}
		s := <-stores
		id, err := s.StoreID(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		s.Close()
	}
	for _, id := range ids[1:] {
		if id != ids[0] {
			t.Errorf("store ids differ: %v", ids)
		}
	}
}

// TestNotAStore: a schema holding another program's tables is refused.
func TestNotAStore(t *testing.T) {
	url := pgtest.Schema(t)
	ctx := context.Background()
	s, err := pgstore.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	_ = s
	// A newer schema than this program knows is refused.
	bump(t, url, "UPDATE zhenggai_schema SET version = 99")
	if _, err := pgstore.Open(ctx, url, store.Options{}); !errors.Is(err, store.ErrSchemaTooNew) {
		t.Errorf("Open of a newer schema = %v, want ErrSchemaTooNew", err)
	}
	other := pgtest.Schema(t)
	bump(t, other, "CREATE TABLE disclosures (x int)")
	if _, err := pgstore.Open(ctx, other, store.Options{}); !errors.Is(err, store.ErrNotStore) {
		t.Errorf("Open of another program's schema = %v, want ErrNotStore", err)
	}
}
