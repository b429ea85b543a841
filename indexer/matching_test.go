package indexer_test

import (
	"context"
	"slices"
	"testing"

	"github.com/zhenggai/zhenggai/indexer"
)

// TestMatchingIDs: the ids analytics count are those the search finds,
// cut at max with the cut said.
func TestMatchingIDs(t *testing.T) {
	ix, _, _ := openTest(t)
	ctx := context.Background()
	for _, q := range []indexer.Query{{Text: "整改"}, {Text: "干部"}, {Unit: []string{"云岭县教育局"}}, {Text: "区块链"}} {
		res := search(t, ix, indexer.Query{Text: q.Text, Unit: q.Unit, Limit: indexer.MaxLimit})
		want := hitIDs(res)
		slices.Sort(want)
		got, more, err := ix.MatchingIDs(ctx, q, 10000)
		if err != nil {
			t.Fatal(err)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) || more {
			t.Errorf("%+v: ids %v (more %v), search finds %v", q, got, more, want)
		}
		if len(want) > 2 {
			cut, more, err := ix.MatchingIDs(ctx, q, 2)
			if err != nil || len(cut) != 2 || !more {
				t.Errorf("%+v cut at 2: %v, more %v, %v", q, cut, more, err)
			}
		}
	}
}
