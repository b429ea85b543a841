package indexer_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/zhenggai/zhenggai/indexer"
)

// Facets do not depend on the page: a page turn answers the first page's
// facets (from the cache), and a write makes them count again.
func TestFacetsSameOnEveryPageAndAfterWrites(t *testing.T) {
	ctx := context.Background()
	ix, ds, _ := openTest(t)
	q := indexer.Query{Facets: []string{indexer.FacetUnit, indexer.FacetYear, indexer.FacetTheme}, Limit: 2}
	first := search(t, ix, q)
	if first.Total <= 2 || len(first.Facets[indexer.FacetUnit]) == 0 {
		t.Fatalf("want more than one page and unit facets, got %d hits, %v", first.Total, first.Facets)
	}
	q.Offset = 2
	second := search(t, ix, q)
	if !reflect.DeepEqual(first.Facets, second.Facets) {
		t.Errorf("page 2 facets %v, page 1 %v", second.Facets, first.Facets)
	}
	if reflect.DeepEqual(hitIDs(first), hitIDs(second)) {
		t.Errorf("page 2 holds the hits of page 1: %v", hitIDs(second))
	}
	// Deleting a disclosure changes the counts: they must not come from the cache.
	if err := ix.Delete(ctx, ds[0]); err != nil {
		t.Fatal(err)
	}
	after := search(t, ix, q)
	sum := func(r *indexer.Result) int {
		n := 0
		for _, b := range r.Facets[indexer.FacetUnit] {
			n += b.Count
		}
		return n
	}
	if sum(after) != int(after.Total) || sum(after) != sum(first)-len(ds[0].Measures) {
		t.Errorf("after deleting %d measures: unit facets count %d (total %d), before %d", len(ds[0].Measures), sum(after), after.Total, sum(first))
	}
}
