package similar

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestJaccardAtLeast: the early-stopping Jaccard says "at least t"
// exactly when jaccard does, and then returns jaccard's value to the bit,
// over random sets of every size relation and overlap and thresholds
// from 0 to 1 (the duplicates' and clusters' defaults among them).
func TestJaccardAtLeast(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	set := func(n int, from []uint32, shared int) []uint32 {
		s := append([]uint32(nil), from[:min(shared, len(from))]...)
		for len(s) < n {
			s = append(s, rng.Uint32N(5000))
		}
		slices.Sort(s)
		return slices.Compact(s)
	}
	thresholds := []float64{0, 0.1, 0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1}
	passed, stopped := 0, 0
	for range 20000 {
		a := set(rng.IntN(200), nil, 0)
		b := set(rng.IntN(200), a, rng.IntN(len(a)+1))
		if rng.IntN(10) == 0 {
			b = slices.Clone(a) // identical
		}
		want := jaccard(a, b)
		for _, th := range thresholds {
			got, ok := jaccardAtLeast(a, b, th)
			if ok != (want >= th) {
				t.Fatalf("|a| %d |b| %d threshold %v: at least %v, jaccard %v", len(a), len(b), th, ok, want)
			}
			if ok {
				passed++
				if got != want {
					t.Fatalf("|a| %d |b| %d threshold %v: %v, jaccard %v", len(a), len(b), th, got, want)
				}
			} else {
				stopped++
			}
		}
	}
	if passed < 10000 || stopped < 10000 {
		t.Fatalf("%d pairs passed and %d stopped: the sets test too little", passed, stopped)
	}
	if got, ok := jaccardAtLeast(nil, nil, 0); !ok || got != 0 {
		t.Errorf("two empty sets at 0: %v %v", got, ok)
	}
	for n := 1; n < 400; n++ {
		for _, th := range thresholds {
			k := leastIntersection(n, th)
			if k > 0 && float64(k-1)/float64(n-k+1) >= th || k < n && float64(k)/float64(n-k) < th {
				t.Fatalf("leastIntersection(%d, %v) = %d", n, th, k)
			}
		}
	}
}
