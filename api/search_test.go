package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer"
)

// TestSearchUnderstands: what people type reaches the index through the
// API, every answer valid against the spec: descriptions, filters by short
// forms and labels, unknown filter values with suggestions, corrections,
// collapsed copies.
func TestSearchUnderstands(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	get := func(q url.Values) api.SearchResponse {
		t.Helper()
		var res api.SearchResponse
		decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/measures/search?" + q.Encode()}), http.StatusOK, &res)
		return res
	}
	res := get(url.Values{"q": {"三会一课落实不到位"}})
	if res.Total == 0 || !slices.Contains(res.Ignored, "落实不到位") {
		t.Fatalf("description: total %d, ignored %v", res.Total, res.Ignored)
	}
	hit := res.Hits[0]
	if len(hit.Matched) == 0 {
		t.Errorf("hit %s says nothing of where it matched", hit.ID)
	}
	if key := analytics.UnitKey(hit.Unit); key != hit.Unit {
		if r := get(url.Values{"unit": {key}}); r.Total == 0 || len(r.UnknownFilters) != 0 {
			t.Errorf("unit key %q: total %d, unknown %+v", key, r.Total, r.UnknownFilters)
		}
	}
	if hit.RoundLabel != "" {
		if r := get(url.Values{"round": {hit.RoundLabel}}); r.Total == 0 || len(r.UnknownFilters) != 0 {
			t.Errorf("round %q: total %d, unknown %+v", hit.RoundLabel, r.Total, r.UnknownFilters)
		}
	}
	r := get(url.Values{"unit": {"星际探索局"}})
	if r.Total != 0 || len(r.UnknownFilters) != 1 || r.UnknownFilters[0].Filter != "unit" || len(r.UnknownFilters[0].Suggestions) == 0 {
		t.Errorf("unknown unit: total %d, %+v", r.Total, r.UnknownFilters)
	}
	r = get(url.Values{"q": {"三会一棵"}})
	if r.Total != 0 || !slices.ContainsFunc(r.Corrections, func(c indexer.Correction) bool { return c.To == "三会一课" }) {
		t.Errorf("三会一棵: total %d, corrections %+v", r.Total, r.Corrections)
	}
	r = get(url.Values{"q": {"整改"}, "collapse": {"true"}, "limit": {"100"}})
	if len(r.Hits) == 0 {
		t.Fatal("collapse: no hits")
	}
	seen := map[string]bool{}
	for _, hh := range r.Hits {
		if seen[hh.Text] {
			t.Errorf("collapse: text of %s twice", hh.ID)
		}
		seen[hh.Text] = true
	}
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/measures/search?collapse=true&search_after=1,x"}), http.StatusBadRequest, nil)
}
