package pgstore_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer/store"
	"github.com/zhenggai/zhenggai/indexer/store/pgstore"
	"github.com/zhenggai/zhenggai/indexer/store/pgstore/pgtest"
)

// TestChangesVisibleInOrder: while many writers put at once, a follower
// that reads the changes after the last one it saw never misses one (a
// change numbered below one already seen must not commit later).
func TestChangesVisibleInOrder(t *testing.T) {
	url := pgtest.Schema(t)
	ctx := context.Background()
	s, err := pgstore.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	const writers, each = 8, 25
	var done atomic.Bool
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				data := []byte(fmt.Sprintf("合成通报 %d-%d", w, i))
				sum := sha256.Sum256(data)
				sha := hex.EncodeToString(sum[:])
				d := &corpus.Disclosure{ID: sha[:16], Kind: corpus.KindRectification, Unit: fmt.Sprint("单位", w),
					Measures: []corpus.Measure{{ID: sha[:16] + "-001", Category: 1, Number: 1, Text: "整改措施"}}}
				if _, _, err := s.Put(ctx, store.Original{Data: data}, d); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	seen := map[int64]bool{}
	var mark int64
	follow := func() {
		cs, err := s.Changes(ctx, mark, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			seen[c.Seq] = true
			mark = c.Seq
		}
	}
	go func() { wg.Wait(); done.Store(true) }()
	for !done.Load() {
		follow()
	}
	follow()
	all, err := s.Changes(ctx, 0, 10000)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != writers*each {
		t.Fatalf("%d changes, want %d", len(all), writers*each)
	}
	for _, c := range all {
		if !seen[c.Seq] {
			t.Errorf("change %d was never seen by the follower", c.Seq)
		}
	}
}
