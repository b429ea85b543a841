package indexer_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/synth"
	"github.com/zhenggai/zhenggai/indexer"
)

// TestTopCollectorMatchesBleve: the in-house collector (topCollector,
// facet columns) answers every search exactly as bleve's own top-N
// collector and facets do — hits, order, scores, sort keys, totals,
// facets and copies — for words, filters alone, both date orders, later
// pages and search_after, over an index of several segments with
// deletions, and again after more is added.
func TestTopCollectorMatchesBleve(t *testing.T) {
	ix, ds, texts := collectorIndex(t)
	queries := collectQueries(texts, ds)
	compareCollectors(t, ix, queries)
	// New segments beside the old ones (and their columns).
	if err := ix.Add(context.Background(), ds[90:]...); err != nil {
		t.Fatal(err)
	}
	compareCollectors(t, ix, queries)
}

// TestSplitSearchMatchesBleve: a search split into parts, each searching
// its share of the segments on a core of its own (fanout.go), answers as
// bleve's own collector does the whole search — hits, order, scores,
// totals, facets, pages — in two parts and in three; and the searches
// with words were split indeed.
func TestSplitSearchMatchesBleve(t *testing.T) {
	ix, ds, texts := collectorIndex(t)
	queries := collectQueries(texts, ds)
	for _, parts := range []int{2, 3} {
		before := indexer.SetFanout(ix, parts)
		compareCollectors(t, ix, queries)
		split := indexer.SetFanout(ix, 0) - before
		// Every search with words but none of the listings can be split;
		// compareCollectors runs each twice or more.
		words := 0
		for _, q := range queries {
			if q.Text != "" {
				words++
			}
		}
		if split < int64(words) {
			t.Errorf("%d parts: %d searches split, want at least %d", parts, split, words)
		}
	}
}

// TestTopCollectorMatchesBleveLongIDs: ids of 44–48 bytes that all share
// their first 28, so that every tie the collector breaks by id compares
// long ids past a long common prefix: the answers stay bleve's.
func TestTopCollectorMatchesBleveLongIDs(t *testing.T) {
	ix, ds, texts := collectorIndexWith(t, func(id string) string { return "long-ids-share-this-prefix--" + id })
	compareCollectors(t, ix, collectQueries(texts, ds))
}

// collectorIndex indexes 90 synthetic disclosures in several batches (so
// several segments), deletes three, and returns the index with all 120
// parsed disclosures (the last 30 not added) and the measures' texts.
func collectorIndex(t *testing.T) (*indexer.Index, []*corpus.Disclosure, []string) {
	t.Helper()
	return collectorIndexWith(t, nil)
}

// collectorIndexWith is collectorIndex with every disclosure and measure
// id renamed (when rename is not nil).
func collectorIndexWith(t *testing.T, rename func(string) string) (*indexer.Index, []*corpus.Disclosure, []string) {
	t.Helper()
	ctx := context.Background()
	ix, err := indexer.Open(ctx, filepath.Join(t.TempDir(), "index"), indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	parser := corpus.NewParser(corpus.Options{})
	var ds []*corpus.Disclosure
	var texts []string
	for _, d := range synth.Generate(synth.Options{Seed: 5, Disclosures: 120}) {
		rec, err := parser.Parse(corpus.Input{Text: d.Text})
		if err != nil {
			t.Fatalf("parse %s: %v", d.Name, err)
		}
		if rename != nil {
			rec.ID = rename(rec.ID)
			for i := range rec.Measures {
				rec.Measures[i].ID = rename(rec.Measures[i].ID)
			}
		}
		ds = append(ds, rec)
		for _, m := range rec.Measures {
			texts = append(texts, m.Text)
		}
	}
	// Several batches make several segments; deletions leave holes.
	for i := 0; i < 90; i += 15 {
		if err := ix.Add(ctx, ds[i:i+15]...); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []*corpus.Disclosure{ds[3], ds[31], ds[62]} {
		if err := ix.Delete(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	return ix, ds, texts
}

func collectQueries(texts []string, ds []*corpus.Disclosure) []indexer.Query {
	all := []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear}
	rng := rand.New(rand.NewPCG(3, 9))
	var qs []indexer.Query
	for _, p := range synth.Pieces(texts, 60, 3, 9) {
		q := indexer.Query{Text: p, Highlight: true, Facets: all, FacetSize: []int{50, 2, 5, 1}[len(qs)%4], Collapse: len(qs)%2 == 0}
		switch len(qs) % 6 {
		case 1:
			q.Offset = 20
		case 3:
			q.Sort = indexer.SortDateDesc
		case 5:
			q.Unit = []string{ds[rng.IntN(len(ds))].Unit}
		}
		qs = append(qs, q)
	}
	qs = append(qs,
		indexer.Query{Facets: all, Collapse: true},
		indexer.Query{Facets: all, Sort: indexer.SortDate, Limit: 50},
		indexer.Query{Offset: 40, Sort: indexer.SortDateDesc},
		indexer.Query{Year: []int{2023, 2024}, Facets: all},
		indexer.Query{Text: "整改 -干部", Facets: all},
		indexer.Query{Text: "\"整改落实\"", Facets: []string{indexer.FacetUnit}},
		indexer.Query{Text: "整改", Facets: []string{indexer.FacetUnit, "category"}},
	)
	return qs
}

// compareCollectors runs each query both ways, then its next page by
// search_after both ways.
func compareCollectors(t *testing.T, ix *indexer.Index, qs []indexer.Query) {
	t.Helper()
	run := func(q indexer.Query, bleveWay bool) *indexer.Result {
		indexer.SetBleveCollects(ix, bleveWay)
		defer indexer.SetBleveCollects(ix, false)
		res, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("search %+v (bleve's collector %v): %v", q, bleveWay, err)
		}
		res.TookMs = 0
		if q.Text == "" {
			// A listing (no words) is not scored: bleve gave every hit the
			// same constant, the in-house collector leaves 0.
			for i := range res.Hits {
				res.Hits[i].Score = 0
			}
		}
		return res
	}
	// bleve merges segments in the background, and a merge that drops
	// deleted documents changes the statistics behind every score: a pair
	// that differs is asked again (a real difference stays).
	same := func(q indexer.Query) (*indexer.Result, bool) {
		var ours, theirs *indexer.Result
		for range 5 {
			ours, theirs = run(q, false), run(q, true)
			if reflect.DeepEqual(ours, theirs) {
				return ours, true
			}
			time.Sleep(200 * time.Millisecond)
		}
		t.Errorf("%+v:\n ours   %s\n bleve's %s", q, resultLine(ours), resultLine(theirs))
		return ours, false
	}
	ids := func(q indexer.Query, bleveWay bool) ([]string, bool) {
		indexer.SetBleveCollects(ix, bleveWay)
		defer indexer.SetBleveCollects(ix, false)
		got, more, err := ix.MatchingIDs(context.Background(), q, 25)
		if err != nil {
			t.Fatalf("matching ids %+v (bleve's collector %v): %v", q, bleveWay, err)
		}
		return got, more
	}
	hits := 0
	for _, q := range qs {
		a, amore := ids(q, false)
		b, bmore := ids(q, true)
		if !reflect.DeepEqual(a, b) || amore != bmore {
			t.Errorf("matching ids of %+v: ours %v (more %v), bleve's %v (more %v)", q, a, amore, b, bmore)
		}
		ours, ok := same(q)
		if !ok {
			continue
		}
		hits += len(ours.Hits)
		if q.Collapse || q.Offset > 0 || len(ours.Hits) == 0 {
			continue
		}
		next := q
		next.SearchAfter = ours.Hits[len(ours.Hits)/2].Sort
		if after, ok := same(next); ok && len(after.Hits) > 0 && len(ours.Hits) > 1 && after.Hits[0].ID == ours.Hits[len(ours.Hits)/2].ID {
			t.Errorf("%+v: the page after %v starts with its key", q, next.SearchAfter)
		}
	}
	if hits < 200 {
		t.Fatalf("only %d hits compared: the queries test too little", hits)
	}
}

func resultLine(r *indexer.Result) string {
	ids := make([]string, 0, len(r.Hits))
	for _, h := range r.Hits {
		ids = append(ids, fmt.Sprintf("%s/%g/%v", h.ID, h.Score, h.Sort))
	}
	return fmt.Sprintf("total %d hits %v facets %v collapsed %d", r.Total, ids, r.Facets, r.Collapsed)
}

// TestWarmColumns: WarmColumns reads the segments' columns before any
// search asks for them.
func TestWarmColumns(t *testing.T) {
	ix, _, _ := openTest(t)
	if n := indexer.ColumnSegments(ix); n != 0 {
		t.Fatalf("%d segments' columns before any search", n)
	}
	if err := ix.WarmColumns(context.Background()); err != nil {
		t.Fatal(err)
	}
	if indexer.ColumnSegments(ix) == 0 {
		t.Fatal("no column read")
	}
}

// TestSearchWhileAdding: searches with facets and date orders run while
// disclosures are added (new segments, their columns read as searches
// meet them) and fail nowhere, split in two parts (whose snapshots may
// differ: then the search runs whole) and never showing a hit twice; run
// it with -race.
func TestSearchWhileAdding(t *testing.T) {
	ix, _, _ := openTest(t)
	indexer.SetFanout(ix, 2)
	ctx := context.Background()
	parser := corpus.NewParser(corpus.Options{})
	var ds []*corpus.Disclosure
	for _, d := range synth.Generate(synth.Options{Seed: 9, Disclosures: 40}) {
		rec, err := parser.Parse(corpus.Input{Text: d.Text})
		if err != nil {
			t.Fatal(err)
		}
		ds = append(ds, rec)
	}
	all := []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear}
	errs := make(chan error, 8)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				q := indexer.Query{Text: []string{"整改", "干部", ""}[(i+w)%3], Facets: all, FacetSize: 1 + i%50, Collapse: w%2 == 0}
				if w == 3 {
					q.Sort = indexer.SortDate
				}
				res, err := ix.Search(ctx, q)
				if err != nil {
					errs <- err
					return
				}
				seen := map[string]bool{}
				for _, h := range res.Hits {
					if seen[h.ID] {
						errs <- fmt.Errorf("%+v: %s twice on a page", q, h.ID)
						return
					}
					seen[h.ID] = true
				}
			}
		})
	}
	for i := 0; i < len(ds); i += 5 {
		if err := ix.Add(ctx, ds[i:i+5]...); err != nil {
			t.Fatal(err)
		}
	}
	close(done)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	// The columns read while segments came and went count what bleve does.
	q := indexer.Query{Text: "整改", Facets: all, FacetSize: 100}
	ours := search(t, ix, q)
	indexer.SetBleveCollects(ix, true)
	theirs := search(t, ix, q)
	indexer.SetBleveCollects(ix, false)
	if indexer.SetFanout(ix, 2) == 0 {
		t.Error("no search was split")
	}
	if ours.Total != theirs.Total || !reflect.DeepEqual(ours.Facets, theirs.Facets) {
		t.Errorf("after the adds: ours %d %v, bleve's %d %v", ours.Total, ours.Facets, theirs.Total, theirs.Facets)
	}
}
