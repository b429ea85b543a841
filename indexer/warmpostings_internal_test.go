package indexer

import (
	"context"
	"path/filepath"
	"testing"

	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/synth"
)

// TestWarmPostings: WarmPostings reads the common terms' impacts and skip
// points ahead of the searches, which then read none of their own for
// those terms and answer as before; what was kept for segments no longer
// live is forgotten, and the bounds hold.
func TestWarmPostings(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(ctx, filepath.Join(t.TempDir(), "index"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	parser := corpus.NewParser(corpus.Options{})
	var recs []*corpus.Disclosure
	for _, d := range synth.Generate(synth.Options{Seed: 23, Disclosures: 60}) {
		rec, err := parser.Parse(corpus.Input{Text: d.Text})
		if err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
	}
	// One Add (few segments, no merge to come: a merge changes BM25's
	// statistics, and with them the scores).
	if err := ix.Add(ctx, recs...); err != nil {
		t.Fatal(err)
	}
	waitPersisted(t, ix.idx)
	ix.impacts.minDocs, ix.skips.minDocs = 16, 16
	q := Query{Text: "整改", Limit: 3}
	cold, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	ix.impacts.prune(map[segment.Segment]bool{}) // forget what the search read
	ix.skips.prune(map[segment.Segment]bool{})
	if len(ix.impacts.m) != 0 || ix.impacts.used != 0 || len(ix.skips.m) != 0 || ix.skips.used != 0 {
		t.Fatalf("pruned of every segment, %d impacts (%d bytes) and %d lists (%d bytes) stay", len(ix.impacts.m), ix.impacts.used, len(ix.skips.m), ix.skips.used)
	}
	n, err := ix.WarmPostings(ctx)
	if err != nil {
		t.Fatal(err)
	}
	built := ix.skips.built.Load()
	if n < 20 || len(ix.impacts.m) < 20 || len(ix.skips.m) < 20 {
		t.Fatalf("warmed %d lists: %d impacts, %d skip lists kept", n, len(ix.impacts.m), len(ix.skips.m))
	}
	warm, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if b := ix.skips.built.Load(); b != built {
		t.Errorf("the search after the warm-up read %d lists of its own", b-built)
	}
	if len(warm.Hits) == 0 || len(warm.Hits) != len(cold.Hits) || warm.Total != cold.Total {
		t.Fatalf("warm: %d hits of %d, cold: %d of %d", len(warm.Hits), warm.Total, len(cold.Hits), cold.Total)
	}
	for i := range warm.Hits {
		if warm.Hits[i].ID != cold.Hits[i].ID || warm.Hits[i].Score != cold.Hits[i].Score {
			t.Fatalf("hit %d: warm %s %v, cold %s %v", i, warm.Hits[i].ID, warm.Hits[i].Score, cold.Hits[i].ID, cold.Hits[i].Score)
		}
	}
	// Within its share: a small bound stops it at half.
	ix.skips.prune(map[segment.Segment]bool{})
	ix.skips.max = 20 << 10
	if _, err := ix.WarmPostings(ctx); err != nil {
		t.Fatal(err)
	}
	if used := ix.skips.used; used > ix.skips.max || used < ix.skips.max/2 {
		t.Fatalf("skip lists of %d bytes for a bound of %d", used, ix.skips.max)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := ix.WarmPostings(cctx); err == nil {
		t.Fatal("a cancelled warm-up reported no error")
	}
}
