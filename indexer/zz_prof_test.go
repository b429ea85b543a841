package indexer_test

import (
	"bufio"
	"context"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/indexer"
)

func BenchmarkZZProfile(b *testing.B) {
	dir := os.Getenv("ZG_INDEX")
	if dir == "" {
		b.Skip("ZG_INDEX")
	}
	ctx := context.Background()
	ix, err := indexer.Open(ctx, dir, indexer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	f, _ := os.Open(os.Getenv("ZG_TEXTS"))
	var texts []string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		texts = append(texts, sc.Text())
	}
	rng := rand.New(rand.NewPCG(7, 11))
	var qs []string
	for len(qs) < 1000 {
		rs := []rune(texts[rng.IntN(len(texts))])
		k := 2 + rng.IntN(5)
		if len(rs) <= k {
			continue
		}
		i := rng.IntN(len(rs) - k)
		p := string(rs[i : i+k])
		if strings.ContainsAny(p, "，。；：、“”《》（） 0123456789") {
			continue
		}
		qs = append(qs, p)
	}
	facets := []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear}
	if os.Getenv("ZG_ONEFACET") != "" {
		facets = facets[:1]
	}
	if os.Getenv("ZG_NOFACETS") != "" {
		facets = nil
	}
	i := 0
	for b.Loop() {
		if _, err := ix.Search(ctx, indexer.Query{Text: qs[i%len(qs)], Highlight: true, Facets: facets}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
