package similar

import (
	"cmp"
	"container/heap"
	"context"
	"fmt"
	"slices"
)

// comparePairs orders pairs most similar first, then by A and B.
func comparePairs(x, y Pair) int {
	return cmp.Or(cmp.Compare(y.Similarity, x.Similarity), cmp.Compare(x.A, y.A), cmp.Compare(x.B, y.B))
}

// worstFirst is a heap of pairs whose root is the pair that sorts last.
type worstFirst []Pair

func (h worstFirst) Len() int           { return len(h) }
func (h worstFirst) Less(i, j int) bool { return comparePairs(h[i], h[j]) > 0 }
func (h worstFirst) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *worstFirst) Push(x any)        { *h = append(*h, x.(Pair)) }
func (h *worstFirst) Pop() any {
	old := *h
	p := old[len(old)-1]
	*h = old[:len(old)-1]
	return p
}

// checkEvery is how many candidate comparisons TopPairs makes between
// looks at its context.
const checkEvery = 4096

// TopPairs is Pairs within a memory bound: it returns only the first n
// pairs in Pairs' order (most similar first, then by A and B) and the
// number of pairs Pairs would return, however many there are. It keeps at
// most n pairs at any time (a heap of the best so far), so memory depends
// on n and the index, never on the number of pairs. n < 0 is refused. It
// stops with ctx's error when ctx ends.
func (ix *Index) TopPairs(ctx context.Context, threshold float64, keep func(a, b string) bool, n int) ([]Pair, int, error) {
	if n < 0 {
		return nil, 0, fmt.Errorf("top pairs: %w: n %d below 0", ErrInvalid, n)
	}
	h := make(worstFirst, 0, min(n, 1024))
	total := 0
	err := ix.eachPair(ctx, threshold, keep, func(p Pair) {
		total++
		switch {
		case n == 0:
		case len(h) < n:
			heap.Push(&h, p)
		case comparePairs(p, h[0]) < 0:
			h[0] = p
			heap.Fix(&h, 0)
		}
	})
	if err != nil {
		return nil, 0, fmt.Errorf("top pairs: %w", err)
	}
	out := []Pair(h)
	slices.SortFunc(out, comparePairs)
	return out, total, nil
}
