package api_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/indexer/store"
)

func TestOperationsRoutes(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	for _, target := range []string{"/", "/healthz", "/readyz", "/api/v1/openapi.json", "/metrics"} {
		rec := h.do(call{method: http.MethodGet, target: target})
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s: %d %s", target, rec.Code, rec.Body.String())
		}
		if rec.Header().Get("X-Request-ID") == "" {
			t.Errorf("GET %s: no X-Request-ID", target)
		}
	}
	var ready api.Health
	decode(t, h.do(call{method: http.MethodGet, target: "/readyz"}), http.StatusOK, &ready)
	if ready.Status != "ready" || ready.Stats == nil || ready.Stats.Disclosures == 0 {
		t.Errorf("readyz = %+v", ready)
	}
	rec := h.do(call{method: http.MethodGet, target: "/healthz", header: map[string]string{"X-Request-ID": "abc-123"}})
	if got := rec.Header().Get("X-Request-ID"); got != "abc-123" {
		t.Errorf("request id not echoed: %q", got)
	}
	h.do(call{method: http.MethodGet, target: "/api/v1/units"})
	metrics := h.do(call{method: http.MethodGet, target: "/metrics"}).Body.String()
	for _, want := range []string{
		`zhenggai_http_requests_total{method="GET",route="/api/v1/units",status="200"} 1`,
		`zhenggai_http_request_duration_seconds_bucket{method="GET",route="/healthz",status="200"`,
		"zhenggai_store_disclosures ", "zhenggai_index_measures ", "zhenggai_ready 1",
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

func TestNotReady(t *testing.T) {
	h := newServer(t, nil, api.Options{})
	for _, target := range []string{"/readyz", "/api/v1/measures/search?q=整改", "/api/v1/units"} {
		rec := h.do(call{method: http.MethodGet, target: target})
		if p := problem(t, rec); rec.Code != http.StatusServiceUnavailable || p.Code != api.CodeNotReady {
			t.Errorf("GET %s before ready: %d %s", target, rec.Code, p.Code)
		}
	}
	if rec := h.do(call{method: http.MethodGet, target: "/healthz"}); rec.Code != http.StatusOK {
		t.Errorf("healthz before ready: %d", rec.Code)
	}
	h.srv.SetBackend(api.LibraryBackend(shared))
	if rec := h.do(call{method: http.MethodGet, target: "/readyz"}); rec.Code != http.StatusOK {
		t.Errorf("readyz after SetBackend: %d", rec.Code)
	}
}

func TestReferenceLists(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	var units api.UnitList
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/units"}), http.StatusOK, &units)
	var rounds api.RoundList
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/rounds"}), http.StatusOK, &rounds)
	var themes api.ThemeList
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/themes"}), http.StatusOK, &themes)
	if len(units.Units) < 10 || len(rounds.Rounds) == 0 || len(themes.Themes) != 44 {
		t.Fatalf("%d units, %d rounds, %d themes", len(units.Units), len(rounds.Rounds), len(themes.Themes))
	}
	for _, r := range rounds.Rounds {
		if r.Key == "" || r.Disclosures == 0 {
			t.Errorf("round without key or count: %+v", r)
		}
	}
}

func TestSearchAndRecords(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	var res api.SearchResponse
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/measures/search?q=" + url.QueryEscape("三会一课")}), http.StatusOK, &res)
	if res.Total < 3 || len(res.Hits) == 0 || !strings.Contains(res.Hits[0].Highlight, "<mark>") {
		t.Fatalf("search 三会一课: total %d, %d hits", res.Total, len(res.Hits))
	}
	if len(res.Facets["unit"]) == 0 || res.Limit != 20 || res.Offset != 0 {
		t.Errorf("facets %v, limit %d, offset %d", res.Facets, res.Limit, res.Offset)
	}
	hit := res.Hits[0]

	// Every filter, once, through the spec.
	q := url.Values{"q": {"整改"}, "unit": {hit.Unit}, "theme": {"D2"}, "year": {"2024"}, "category": {"1"},
		"body": {"区委"}, "kind": {"rectification"}, "level": {"county"}, "group": {"巡察一组"}, "type": {"常规巡察"},
		"term": {"10"}, "round": {"2"}, "round_label": {"x"}, "disclosure_id": {hit.DisclosureID},
		"from": {"2020-01-01"}, "to": {"2030-12-31"}, "sort": {"-date"}, "limit": {"5"}, "offset": {"0"},
		"facets": {"unit", "theme", "category", "type", "body"}, "facet_size": {"3"}, "highlight": {"false"}}
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/measures/search?" + q.Encode()}), http.StatusOK, nil)

	// Paging with search_after walks every hit once.
	seen := map[string]bool{}
	target := "/api/v1/measures/search?facets=&limit=7&q=" + url.QueryEscape("整改")
	var first api.SearchResponse
	decode(t, h.do(call{method: http.MethodGet, target: target}), http.StatusOK, &first)
	page := first
	for {
		for _, hh := range page.Hits {
			if seen[hh.ID] {
				t.Fatalf("hit %s twice", hh.ID)
			}
			seen[hh.ID] = true
		}
		if page.NextSearchAfter == "" {
			break
		}
		page = api.SearchResponse{}
		decode(t, h.do(call{method: http.MethodGet, target: target + "&search_after=" + url.QueryEscape(first.NextSearchAfter)}), http.StatusOK, &page)
		first.NextSearchAfter = page.NextSearchAfter
	}
	if uint64(len(seen)) != first.Total {
		t.Errorf("search_after paging saw %d hits of %d", len(seen), first.Total)
	}

	var m store.MeasureRow
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/measures/" + hit.ID}), http.StatusOK, &m)
	if m.ID != hit.ID || m.Text == "" || m.DisclosureID != hit.DisclosureID {
		t.Errorf("measure %+v", m)
	}
	var list api.DisclosureList
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/disclosures?limit=5&offset=1"}), http.StatusOK, &list)
	if list.Total < 15 || len(list.Disclosures) != 5 || list.Offset != 1 {
		t.Errorf("list: total %d, %d items", list.Total, len(list.Disclosures))
	}
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/disclosures?kind=rectification&unit=" + url.QueryEscape(hit.Unit)}), http.StatusOK, &list)
	if list.Total == 0 {
		t.Errorf("no disclosure of unit %s", hit.Unit)
	}
	rec := h.do(call{method: http.MethodGet, target: "/api/v1/disclosures/" + hit.DisclosureID})
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), hit.ID) {
		t.Errorf("disclosure %s: %d", hit.DisclosureID, rec.Code)
	}
	rec = h.do(call{method: http.MethodGet, target: "/api/v1/disclosures/" + hit.DisclosureID + "/original"})
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") || rec.Body.Len() == 0 {
		t.Errorf("original: %d %v", rec.Code, rec.Header())
	}
	for _, target := range []string{"/api/v1/measures/nope", "/api/v1/disclosures/nope", "/api/v1/disclosures/nope/original"} {
		if p := problem(t, h.do(call{method: http.MethodGet, target: target})); p.Code != api.CodeNotFound {
			t.Errorf("GET %s: code %s", target, p.Code)
		}
	}
}

// BenchmarkSearchHTTP measures a search through the whole handler chain
// (middleware, parameters, library, JSON).
func BenchmarkSearchHTTP(b *testing.B) {
	srv := api.New(api.Options{Backend: api.LibraryBackend(shared)})
	h := srv.Handler()
	target := "/api/v1/measures/search?q=" + url.QueryEscape("三会一课")
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		if rec.Code != http.StatusOK {
			b.Fatal(rec.Code)
		}
	}
}
