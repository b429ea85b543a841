package api_test

import (
	"net/http"
	"testing"

	"github.com/zhenggai/zhenggai/api"
)

func TestSimilarAndDuplicates(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	var res api.SearchResponse
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/measures/search?q=%E4%B8%89%E4%BC%9A%E4%B8%80%E8%AF%BE&limit=1"}), http.StatusOK, &res)
	if len(res.Hits) == 0 {
		t.Fatal("no measure to ask about")
	}
	id := res.Hits[0].ID
	var sim api.Pairs
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/measures/" + id + "/similar?k=3"}), http.StatusOK, &sim)
	if len(sim.Pairs) == 0 || len(sim.Pairs) > 3 {
		t.Fatalf("%d similar measures for %s", len(sim.Pairs), id)
	}
	for _, p := range sim.Pairs {
		if p.A.ID != id || p.B.Unit == p.A.Unit || p.Similarity <= 0 || p.Similarity > 1 {
			t.Errorf("pair %+v: want a = %s, b of another unit", p, id)
		}
	}
	var dup api.Pairs
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/analytics/duplicates?threshold=0.3"}), http.StatusOK, &dup)
	for _, p := range dup.Pairs {
		if p.Similarity < 0.3 || p.A.Unit == p.B.Unit {
			t.Errorf("duplicate pair %+v below the threshold or within one unit", p)
		}
	}
	for target, want := range map[string]int{
		"/api/v1/measures/nosuch-001/similar":          http.StatusNotFound,
		"/api/v1/measures/" + id + "/similar?k=0":      http.StatusBadRequest,
		"/api/v1/measures/" + id + "/similar?k=101":    http.StatusBadRequest,
		"/api/v1/analytics/duplicates?threshold=2":     http.StatusBadRequest,
		"/api/v1/analytics/duplicates?threshold=x":     http.StatusBadRequest,
		"/api/v1/analytics/duplicates?same_unit=maybe": http.StatusBadRequest,
	} {
		rec := h.do(call{method: http.MethodGet, target: target, invalid: want == http.StatusBadRequest})
		if rec.Code != want {
			t.Errorf("GET %s: %d, want %d", target, rec.Code, want)
		}
		problem(t, rec)
	}
}
