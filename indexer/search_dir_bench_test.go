package indexer_test

import (
	"bufio"
	"context"
	"os"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/synth"
	"github.com/zhenggai/zhenggai/indexer"
)

// BenchmarkSearchIndexDir profiles the page's search on an index built
// elsewhere (a copy of DATA/index, e.g. of `zhenggai generate --disclosures
// 2000` ingested): ZHENGGAI_BENCH_INDEX names the copy, ZHENGGAI_BENCH_TEXTS
// a file of measure texts, one per line (`sqlite3 DATA/zhenggai.db 'select
// text from measures'`), from which 1,000 pieces of 2–6 characters are
// drawn as `zhenggai bench` draws them. ZHENGGAI_BENCH_QUERY asks one query
// instead; ZHENGGAI_BENCH_COLLAPSE=1 collapses copies as the page does.
// Each search asks another facet size, so no search is answered from the
// facet cache:
//
//	ZHENGGAI_BENCH_INDEX=/tmp/ix ZHENGGAI_BENCH_TEXTS=/tmp/texts.txt \
//	  go test ./indexer -run '^$' -bench SearchIndexDir -benchtime 2000x -cpuprofile cpu.out
func BenchmarkSearchIndexDir(b *testing.B) {
	dir, textsPath := os.Getenv("ZHENGGAI_BENCH_INDEX"), os.Getenv("ZHENGGAI_BENCH_TEXTS")
	if dir == "" || textsPath == "" {
		b.Skip("set ZHENGGAI_BENCH_INDEX and ZHENGGAI_BENCH_TEXTS to profile a search on a copied index")
	}
	ctx := context.Background()
	ix, err := indexer.Open(ctx, dir, indexer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	f, err := os.Open(textsPath)
	if err != nil {
		b.Fatal(err)
	}
	var texts []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		texts = append(texts, sc.Text())
	}
	f.Close()
	qs := []string{os.Getenv("ZHENGGAI_BENCH_QUERY")}
	if qs[0] == "" {
		qs = synth.Pieces(texts, 1000, 7, 11)
	}
	if len(qs) == 0 {
		b.Fatal("no query pieces in the texts")
	}
	facets := []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear}
	collapse := os.Getenv("ZHENGGAI_BENCH_COLLAPSE") != ""
	i := 0
	for b.Loop() {
		q := indexer.Query{Text: qs[i%len(qs)], Highlight: true, Facets: facets, FacetSize: 50 + i%900, Collapse: collapse}
		if _, err := ix.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
