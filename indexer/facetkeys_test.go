package indexer_test

import (
	"strconv"
	"testing"

	"github.com/zhenggai/zhenggai/indexer"
)

// TestCombinedFacetsCountWhatFiltersFind: the page's four facets are
// counted from one combined field; every bucket's count equals the total
// of the same search filtered by that bucket, and FacetSize cuts each
// facet on its own.
func TestCombinedFacetsCountWhatFiltersFind(t *testing.T) {
	ix, _, _ := openTest(t)
	all := []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear}
	for _, text := range []string{"", "整改", "干部"} {
		res := search(t, ix, indexer.Query{Text: text, Facets: all, FacetSize: indexer.MaxFacetSize})
		for _, name := range all {
			bs := res.Facets[name]
			if len(bs) == 0 {
				t.Errorf("%q: facet %s is empty", text, name)
			}
			for _, b := range bs {
				q := indexer.Query{Text: text}
				switch name {
				case indexer.FacetUnit:
					q.Unit = []string{b.Key}
				case indexer.FacetRound:
					q.RoundLabel = []string{b.Key}
				case indexer.FacetTheme:
					q.Themes = []string{b.Key}
				case indexer.FacetYear:
					y, err := strconv.Atoi(b.Key)
					if err != nil {
						t.Fatalf("year bucket %q", b.Key)
					}
					q.Year = []int{y}
				}
				if got := search(t, ix, q).Total; got != uint64(b.Count) {
					t.Errorf("%q: %s bucket %q counts %d, the filtered search finds %d", text, name, b.Key, b.Count, got)
				}
			}
		}
		small := search(t, ix, indexer.Query{Text: text, Facets: all, FacetSize: 1})
		for _, name := range all {
			if n, full := len(small.Facets[name]), len(res.Facets[name]); n != min(1, full) {
				t.Errorf("%q: facet %s with size 1 has %d buckets", text, name, n)
			} else if n == 1 && small.Facets[name][0] != res.Facets[name][0] {
				t.Errorf("%q: facet %s size 1 gives %v, the largest is %v", text, name, small.Facets[name][0], res.Facets[name][0])
			}
		}
	}
}
