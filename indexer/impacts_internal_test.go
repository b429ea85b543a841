package indexer

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
)

// TestImpactBounds: a block's impact byte, turned back into a bound by
// atMost, is never below the score bleve's arithmetic gives any posting
// of the block — over frequencies, field lengths, averages, boosts and
// query norms — and is not far above the block's best.
func TestImpactBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	opts := search.SearcherOptions{}
	for range 20000 {
		avg := math.Ceil(1 + rng.Float64()*400)
		docTerm := 1 + uint64(rng.IntN(1000))
		docs := docTerm + uint64(rng.IntN(1e6))
		if rng.IntN(50) == 0 {
			docs = docTerm / 2 // statistics out of step: a negative idf
		}
		sc := newTermScorer(0.5+rng.Float64()*3, docs, docTerm, avg, opts)
		if rng.IntN(2) == 0 {
			sc.SetQueryNorm(rng.Float64())
		}
		var best, most float64
		var b uint8
		for range 1 + rng.IntN(32) {
			freq := 1 + uint64(rng.IntN(40))
			length := 1 + rng.IntN(5000)
			norm := float64(float32(1 / math.Sqrt(float64(length)))) // as zapx stores it
			b = max(b, impactByte(sc.part(freq, norm)))
			s := sc.score(freq, norm)
			best = max(best, s)
			most = max(most, sc.score(freq, norm))
		}
		bound := sc.atMost(b)
		if bound < best {
			t.Fatalf("bound %v below a score of %v", bound, best)
		}
		if step := math.Abs(sc.idf*sc.weight) * search.BM25_k1 / impactSteps * 1.01; bound > max(most, 0)+step {
			t.Fatalf("bound %v more than a step above the best score %v", bound, most)
		}
	}
	if impactByte(0) != 0 || impactByte(search.BM25_k1) != impactSteps || impactByte(1e-12) != 1 {
		t.Fatalf("impactByte(0, k1, 1e-12) = %d, %d, %d", impactByte(0), impactByte(search.BM25_k1), impactByte(1e-12))
	}
}
