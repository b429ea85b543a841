package indexer_test

import (
	"context"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/synth"
	"github.com/zhenggai/zhenggai/indexer"
)

// TestNativeTreeMatchesBleve: a tree of words walked natively (nativeTree)
// answers every search exactly as bleve's own searchers walking the same
// tree do — hits, order, scores to the bit, totals, facets — for pieces of
// measures from two to twelve characters (one word, several words, two
// thirds of the words required), several parts, quoted and excluded
// parts, synonyms, filters and both date orders, over an index of several
// segments with deletions; and most of those searches were walked
// natively indeed. Run split in two parts as well.
func TestNativeTreeMatchesBleve(t *testing.T) {
	ctx := context.Background()
	ix, ds, texts := collectorIndex(t)
	queries := collectQueries(texts, ds)
	all := []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear}
	for i, p := range synth.Pieces(texts, 80, 2, 12) {
		q := indexer.Query{Text: p, Facets: all, Collapse: i%3 == 0, Synonyms: i%4 == 1}
		switch i % 5 {
		case 1:
			q.Text = p + " 整改"
		case 2:
			q.Text = p + " -干部"
		case 3:
			q.Sort = indexer.SortDate
		case 4:
			q.Year = []int{2023, 2024}
		}
		queries = append(queries, q)
	}
	queries = append(queries,
		indexer.Query{Text: "加强党的领导 落实主体责任 整改", Facets: all},
		indexer.Query{Text: "建立健全长效机制推动问题整改到位", Facets: all, Synonyms: true},
		indexer.Query{Text: "\"整改落实\" 干部", Facets: all},
		// Two of three words required, with and without the verbatim.
		indexer.Query{Text: "分管负责同志", Facets: all},
		indexer.Query{Text: "副职领导牵头", Facets: all, Collapse: true},
		indexer.Query{Text: "班子副职亲自", Facets: all},
		indexer.Query{Text: "领导干部带头整改", Facets: all},
	)
	native := 0
	for _, q := range queries {
		n, err := indexer.NativeTrees(ctx, ix, q)
		if err != nil {
			t.Fatal(err)
		}
		if n > 0 {
			native++
		}
	}
	if native < len(queries)/2 {
		t.Fatalf("only %d of %d searches walk a tree natively", native, len(queries))
	}
	// Impacts for every term (not only the common ones) and small pages
	// make the walk bound, defer and count in bulk here too.
	for _, pruning := range []bool{false, true} {
		for _, parts := range []int{1, 2} {
			compareNative(t, ix, queries, parts, pruning)
		}
	}
	tallied, bulk, verified := indexer.SetImpactMinDocs(ix, 0)
	if tallied < 1000 || bulk < 100 || verified < 100 {
		t.Fatalf("the walks counted %d hits below the page (%d by blocks) and verified %d deferred phrases: too few to test", tallied, bulk, verified)
	}
	indexer.SetFanout(ix, 0)
}

// compareNative compares every query's result, walked natively and by
// bleve's searchers, split in parts; pruning lowers the documents a term
// needs for impacts to one and asks smaller pages.
func compareNative(t *testing.T, ix *indexer.Index, queries []indexer.Query, parts int, pruning bool) {
	t.Helper()
	ctx := context.Background()
	run := func(q indexer.Query, bleveWay bool) *indexer.Result {
		indexer.SetBleveWalks(ix, bleveWay)
		defer indexer.SetBleveWalks(ix, false)
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatalf("search %+v (bleve's searchers %v): %v", q, bleveWay, err)
		}
		res.TookMs = 0
		return res
	}
	if pruning {
		indexer.SetImpactMinDocs(ix, 1)
		defer indexer.SetImpactMinDocs(ix, 128)
	}
	{
		indexer.SetFanout(ix, parts)
		hits := 0
		for i, q := range queries {
			if pruning {
				q.Limit = 1 + i%3
			}
			var ours, theirs *indexer.Result
			same := false
			// A background merge that drops deleted documents changes the
			// statistics behind the scores: a pair that differs is asked
			// again (a real difference stays).
			for range 5 {
				ours, theirs = run(q, false), run(q, true)
				if same = reflect.DeepEqual(ours, theirs); same {
					break
				}
				time.Sleep(200 * time.Millisecond)
			}
			if !same {
				t.Errorf("%d parts, %+v:\n native  %s\n bleve's %s", parts, q, resultLine(ours), resultLine(theirs))
				continue
			}
			hits += len(ours.Hits)
		}
		if hits < 500/(1+9*btoi(pruning)) {
			t.Fatalf("only %d hits compared: the queries test too little", hits)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestNativeTreeUnsurePhrases: documents that hold every bigram of a
// phrase, but apart, are candidates of the phrase that it must not count
// (nor score), some of them matched by the words, some not; a tree that
// reads the words' scores only for a hit that may enter the page still
// counts and scores exactly as bleve's searchers do, with pages small
// enough to be full early.
func TestNativeTreeUnsurePhrases(t *testing.T) {
	ctx := context.Background()
	ix, err := indexer.Open(ctx, filepath.Join(t.TempDir(), "index"), indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	parser := corpus.NewParser(corpus.Options{})
	apart := []string{
		"全面推进整改工作，持续改进作风，健全长效机制。",
		"对照问题清单逐项整改，坚持边查边改进一步压实责任。",
		"整改落实情况纳入考核，推动工作改进和制度完善。",
		// 改进, 进作 and 作风 all stand here, but not as 改进作风, and
		// the words cut no 改进 out of 整改进度.
		"每月通报整改进度，推进作风建设。",
	}
	together := []string{
		"每月通报整改进度，对整改进展缓慢的单位约谈提醒。",
		"建立整改进度台账，销号管理。",
		"以案促改，改进作风，提升效能。",
	}
	n := 0
	for i, d := range synth.Generate(synth.Options{Seed: 21, Disclosures: 40}) {
		rec, err := parser.Parse(corpus.Input{Text: d.Text})
		if err != nil {
			t.Fatal(err)
		}
		for j := range rec.Measures {
			switch n++; {
			case n%3 == 0:
				rec.Measures[j].Text = apart[n%len(apart)] + rec.Measures[j].Text
			case n%7 == 0:
				rec.Measures[j].Text = together[n%len(together)] + rec.Measures[j].Text
			}
		}
		if err := ix.Add(ctx, rec); err != nil {
			t.Fatal(err)
		}
		if i%10 == 9 {
			if err := ix.Delete(ctx, rec); err != nil {
				t.Fatal(err)
			}
		}
	}
	all := []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear}
	var queries []indexer.Query
	for _, text := range []string{"整改进", "整改进度", "改进作风", "整改进展", "边改进", "工作改进", "整改进 台账", "推进整改工作"} {
		for _, limit := range []int{1, 3, 10} {
			queries = append(queries, indexer.Query{Text: text, Facets: all, Limit: limit})
		}
		queries = append(queries, indexer.Query{Text: text, Limit: 2, Collapse: true})
	}
	// Then again with impacts for every term: the phrase's candidates that
	// are not hits must not be counted in bulk either.
	for _, pass := range []struct{ parts, minDocs int }{{1, 128}, {2, 128}, {1, 1}, {2, 1}} {
		parts := pass.parts
		indexer.SetImpactMinDocs(ix, uint64(pass.minDocs))
		indexer.SetFanout(ix, parts)
		for _, q := range queries {
			var ours, theirs *indexer.Result
			same := false
			for range 5 {
				indexer.SetBleveWalks(ix, false)
				if ours, err = ix.Search(ctx, q); err != nil {
					t.Fatal(err)
				}
				indexer.SetBleveWalks(ix, true)
				if theirs, err = ix.Search(ctx, q); err != nil {
					t.Fatal(err)
				}
				indexer.SetBleveWalks(ix, false)
				ours.TookMs, theirs.TookMs = 0, 0
				if same = reflect.DeepEqual(ours, theirs); same {
					break
				}
				time.Sleep(200 * time.Millisecond)
			}
			if !same {
				t.Errorf("%d parts, %+v:\n native  %s\n bleve's %s", parts, q, resultLine(ours), resultLine(theirs))
			}
		}
	}
	indexer.SetFanout(ix, 0)
}
