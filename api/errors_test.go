package api_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/indexer"
)

func TestBadRequests(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	long := url.QueryEscape(strings.Repeat("整改", indexer.MaxTextBytes/6+1))
	tests := []struct {
		name, method, target string
		status               int
		code                 api.Code
		param                string
	}{
		{"unknown parameter", "GET", "/api/v1/measures/search?q=a&colour=red", 400, api.CodeUnknownParameter, "colour"},
		{"key in query", "GET", "/api/v1/units?api_key=" + testKey, 400, api.CodeUnknownParameter, "api_key"},
		{"query too long", "GET", "/api/v1/measures/search?q=" + long, 400, api.CodeQueryTooLong, "q"},
		{"limit too large", "GET", "/api/v1/measures/search?limit=101", 400, api.CodeLimitOutOfRange, "limit"},
		{"bad round", "GET", "/api/v1/measures/search?round=two", 400, api.CodeInvalidParameter, "round"},
		{"limit zero", "GET", "/api/v1/measures/search?limit=0", 400, api.CodeLimitOutOfRange, "limit"},
		{"limit not a number", "GET", "/api/v1/measures/search?limit=ten", 400, api.CodeInvalidParameter, "limit"},
		{"offset negative", "GET", "/api/v1/measures/search?offset=-1", 400, api.CodeOffsetOutOfRange, "offset"},
		{"offset too deep", "GET", "/api/v1/measures/search?offset=10001", 400, api.CodeOffsetOutOfRange, "offset"},
		{"offset overflow", "GET", "/api/v1/measures/search?offset=99999999999999999999", 400, api.CodeInvalidParameter, "offset"},
		{"bad year", "GET", "/api/v1/measures/search?year=2024x", 400, api.CodeInvalidParameter, "year"},
		{"bad date", "GET", "/api/v1/measures/search?from=2024-13-01", 400, api.CodeInvalidParameter, "from"},
		{"dates reversed", "GET", "/api/v1/measures/search?from=2024-02-01&to=2024-01-01", 400, api.CodeInvalidQuery, ""},
		{"bad sort", "GET", "/api/v1/measures/search?sort=score", 400, api.CodeInvalidParameter, "sort"},
		{"bad facet", "GET", "/api/v1/measures/search?facets=colour", 400, api.CodeInvalidParameter, "facets"},
		{"bad highlight", "GET", "/api/v1/measures/search?highlight=maybe", 400, api.CodeInvalidParameter, "highlight"},
		{"repeated scalar", "GET", "/api/v1/measures/search?q=a&q=b", 400, api.CodeInvalidParameter, "q"},
		{"bad search_after", "GET", "/api/v1/measures/search?search_after=abc", 400, api.CodeInvalidParameter, "search_after"},
		{"search_after score", "GET", "/api/v1/measures/search?q=a&search_after=x,id", 400, api.CodeInvalidQuery, ""},
		{"offset with search_after", "GET", "/api/v1/measures/search?offset=5&search_after=1,id", 400, api.CodeInvalidParameter, "search_after"},
		{"list limit", "GET", "/api/v1/disclosures?limit=1000", 400, api.CodeLimitOutOfRange, "limit"},
		{"list round", "GET", "/api/v1/disclosures?round=x", 400, api.CodeInvalidParameter, "round"},
		{"params on a plain route", "GET", "/api/v1/themes?x=1", 400, api.CodeUnknownParameter, "x"},
		{"export limit", "GET", "/api/v1/export/measures.csv?limit=500", 400, api.CodeLimitOutOfRange, "limit"},
		{"export unknown", "GET", "/api/v1/export/measures.xlsx?format=pdf", 400, api.CodeUnknownParameter, "format"},
		{"unknown route", "GET", "/api/v1/nothing", 404, api.CodeRouteNotFound, ""},
		{"unknown top route", "GET", "/nothing", 404, api.CodeRouteNotFound, ""},
		{"wrong method", "PUT", "/api/v1/units", 405, api.CodeMethodNotAllowed, ""},
		{"wrong method on item", "PATCH", "/api/v1/disclosures/x", 405, api.CodeMethodNotAllowed, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := h.do(call{method: tt.method, target: tt.target, invalid: true})
			p := problem(t, rec)
			if rec.Code != tt.status || p.Code != tt.code || p.Parameter != tt.param {
				t.Errorf("%d %s (parameter %q), want %d %s (%q): %s", rec.Code, p.Code, p.Parameter, tt.status, tt.code, tt.param, p.Detail)
			}
			if tt.status == 405 && rec.Header().Get("Allow") == "" {
				t.Errorf("405 without Allow")
			}
		})
	}
}

// blockingSearcher waits for the request's context to end.
type blockingSearcher struct{ saw chan error }

func (b blockingSearcher) Search(ctx context.Context, _ indexer.Query) (*indexer.Result, error) {
	<-ctx.Done()
	b.saw <- ctx.Err()
	return nil, ctx.Err()
}

func TestRequestTimeoutReachesSearch(t *testing.T) {
	bs := blockingSearcher{saw: make(chan error, 1)}
	be := api.LibraryBackend(shared)
	be.Search = bs
	h := newServer(t, nil, api.Options{Backend: be, RequestTimeout: 50 * time.Millisecond})
	start := time.Now()
	rec := h.do(call{method: http.MethodGet, target: "/api/v1/measures/search?q=x"})
	if p := problem(t, rec); rec.Code != http.StatusServiceUnavailable || p.Code != api.CodeTimeout {
		t.Errorf("%d %s, want 503 timeout", rec.Code, p.Code)
	}
	if err := <-bs.saw; err != context.DeadlineExceeded {
		t.Errorf("search saw %v", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}
