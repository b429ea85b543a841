package indexer_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
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

// TestCombinedFacetsSeeNewUnits: units and round labels are coded in the
// combined field; a unit added after a search shows in the next one.
func TestCombinedFacetsSeeNewUnits(t *testing.T) {
	ix, _, _ := openTest(t)
	all := []string{indexer.FacetUnit, indexer.FacetRound}
	before := search(t, ix, indexer.Query{Facets: all, FacetSize: indexer.MaxFacetSize})
	term, round := 15, 1
	d := &corpus.Disclosure{
		ID: "new", Unit: "中共云岭县新设局党组", Published: "2025-06-01",
		Inspection: corpus.Inspection{Body: "县委", Term: &term, Round: &round},
		Measures:   []corpus.Measure{{ID: "new-001", Category: 1, Number: 1, Text: "建立新设机构党建工作台账。"}},
	}
	if err := ix.Add(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	after := search(t, ix, indexer.Query{Facets: all, FacetSize: indexer.MaxFacetSize})
	if got, want := len(after.Facets[indexer.FacetUnit]), len(before.Facets[indexer.FacetUnit])+1; got != want {
		t.Errorf("%d unit buckets after adding a unit, want %d: %v", got, want, after.Facets[indexer.FacetUnit])
	}
	found := false
	for _, b := range after.Facets[indexer.FacetUnit] {
		found = found || (b.Key == d.Unit && b.Count == 1)
	}
	if !found {
		t.Errorf("new unit not among %v", after.Facets[indexer.FacetUnit])
	}
	found = false
	for _, b := range after.Facets[indexer.FacetRound] {
		found = found || b.Key == indexer.RoundLabel(d.Inspection)
	}
	if !found {
		t.Errorf("new round %q not among %v", indexer.RoundLabel(d.Inspection), after.Facets[indexer.FacetRound])
	}
}
