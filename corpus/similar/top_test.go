package similar_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/similar"
)

func TestTopPairsIsPairsPrefix(t *testing.T) {
	texts, _ := planted(t)
	ix, err := similar.NewIndex(similar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range texts {
		if err := ix.AddText(fmt.Sprintf("m%03d", i), s); err != nil {
			t.Fatal(err)
		}
	}
	for _, threshold := range []float64{0.5, 0.8} {
		all := ix.Pairs(threshold, nil)
		for _, n := range []int{0, 1, 7, len(all), len(all) + 5} {
			top, total, err := ix.TopPairs(context.Background(), threshold, nil, n)
			if err != nil {
				t.Fatal(err)
			}
			if total != len(all) {
				t.Errorf("TopPairs(%.1f, %d) total %d, Pairs found %d", threshold, n, total, len(all))
			}
			if want := all[:min(n, len(all))]; !slices.Equal(top, want) {
				t.Errorf("TopPairs(%.1f, %d) = %d pairs, not the first %d of Pairs", threshold, n, len(top), len(want))
			}
		}
	}
	if _, _, err := ix.TopPairs(context.Background(), 0.8, nil, -1); !errors.Is(err, similar.ErrInvalid) {
		t.Errorf("n = -1: err %v, want ErrInvalid", err)
	}
}

// identical builds an index of n copies of one text: n(n-1)/2 pairs.
func identical(t *testing.T, n int) *similar.Index {
	t.Helper()
	ix, err := similar.NewIndex(similar.Options{Capacity: n})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		if err := ix.AddText(fmt.Sprintf("m%05d", i), "对全县公租房承租户开展全面复核，清退不符合条件承租户，追缴违规租金。"); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

// TestTopPairsMemoryBound: the memory TopPairs allocates does not grow with
// the number of pairs (Pairs would hold every one of them).
func TestTopPairsMemoryBound(t *testing.T) {
	allocated := func(ix *similar.Index) (uint64, int) {
		// The first query sorts the index's LSH buckets, once per index:
		// index memory, not the call's.
		if _, ok := ix.Similar("m00000", 1, nil); !ok {
			t.Fatal("m00000 not in the index")
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		top, total, err := ix.TopPairs(context.Background(), 0.8, nil, 50)
		runtime.ReadMemStats(&after)
		if err != nil {
			t.Fatal(err)
		}
		if len(top) != 50 {
			t.Fatalf("%d pairs, want 50", len(top))
		}
		return after.TotalAlloc - before.TotalAlloc, total
	}
	small, nSmall := allocated(identical(t, 300))
	large, nLarge := allocated(identical(t, 1500))
	if nSmall != 300*299/2 || nLarge != 1500*1499/2 {
		t.Fatalf("totals %d, %d; want %d, %d", nSmall, nLarge, 300*299/2, 1500*1499/2)
	}
	// 1.1 million pairs of 48 bytes would be over 50 MB; the bound is the
	// 50 kept plus one int32 per text.
	const bound = 256 << 10
	t.Logf("TopPairs(n=50) allocated %d bytes over %d pairs, %d bytes over %d pairs", small, nSmall, large, nLarge)
	if large > bound {
		t.Errorf("TopPairs over %d pairs allocated %d bytes (%d over %d pairs), want at most %d", nLarge, large, small, nSmall, bound)
	}
}

func TestTopPairsObeysContext(t *testing.T) {
	ix := identical(t, 400)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := ix.TopPairs(ctx, 0.8, nil, 10); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled context: err %v, want context.Canceled", err)
	}
}
