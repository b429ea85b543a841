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
