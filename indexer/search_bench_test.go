package indexer_test

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/indexer"
)

// BenchmarkSearchPhrases searches 2–6 character pieces of measure texts,
// as `zhenggai bench` does, with highlights and four facets.
func BenchmarkSearchPhrases(b *testing.B) {
	ctx := context.Background()
	ix, err := indexer.Open(ctx, filepath.Join(b.TempDir(), "index"), indexer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ds := synthDisclosures(200, 25)
	if err := ix.Add(ctx, ds...); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	var qs []string
	for len(qs) < 200 {
		d := ds[rng.IntN(len(ds))]
		rs := []rune(d.Measures[rng.IntN(len(d.Measures))].Text)
		k := 2 + rng.IntN(5)
		i := rng.IntN(len(rs) - k)
		if p := string(rs[i : i+k]); !strings.ContainsAny(p, "，。") {
			qs = append(qs, p)
		}
	}
	facets := []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear}
	i := 0
	for b.Loop() {
		if _, err := ix.Search(ctx, indexer.Query{Text: qs[i%len(qs)], Highlight: true, Facets: facets}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
