package indexer

import (
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// combinedFacet is a facet counted from fieldFacetKeys: its name, the
// field it stands for, and the tag its values carry there.
type combinedFacet struct {
	name, field, tag string
}

// combinedFacets are the facets the page asks for on every new query.
var combinedFacets = [...]combinedFacet{
	{FacetUnit, fieldUnit, "u"},
	{FacetRound, fieldRoundLabel, "r"},
	{FacetYear, fieldYear, "y"},
	{FacetTheme, fieldThemes, "t"},
}

// facetKeySep separates a tag from its value; no unit, label, year or
// theme id holds it.
const facetKeySep = "\x1f"

// facetKey is a value of fieldFacetKeys.
func facetKey(tag, v string) string { return tag + facetKeySep + v }

// combinedFacetRequest is the name of the one bleve facet request that
// counts every combined facet.
const combinedFacetRequest = "_combined"

// allFacetTerms asks bleve for every term of fieldFacetKeys: each facet is
// cut to its own size after the split, which a size on the mixed terms
// cannot do.
const allFacetTerms = 1 << 20

// isCombined reports whether the facet name is counted from fieldFacetKeys.
func isCombined(name string) (combinedFacet, bool) {
	for _, f := range combinedFacets {
		if f.name == name {
			return f, true
		}
	}
	return combinedFacet{}, false
}

// addCombinedFacet adds the one request that counts every combined facet.
func addCombinedFacet(req *bleve.SearchRequest) {
	req.AddFacet(combinedFacetRequest, bleve.NewFacetRequest(fieldFacetKeys, allFacetTerms))
}

// splitCombined returns the buckets of the named combined facet from the
// combined result, at most size of them, largest first (as buckets).
func splitCombined(f combinedFacet, fr *search.FacetResult, size int) []Bucket {
	out := []Bucket{}
	if fr == nil || fr.Terms == nil {
		return out
	}
	prefix := f.tag + facetKeySep
	for _, t := range fr.Terms.Terms() {
		if v, ok := strings.CutPrefix(t.Term, prefix); ok {
			out = append(out, Bucket{Key: v, Count: t.Count})
		}
	}
	sortBuckets(out)
	if len(out) > size {
		out = out[:size]
	}
	return out
}
