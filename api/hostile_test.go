package api_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/api"
)

// TestHostileQueries: query strings built to cost the server (finding 6)
// or to match every measure (finding 11) answer 400 with a stable code.
func TestHostileQueries(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	years := strings.TrimSuffix(strings.Repeat("2024,", 190000), ",") // ~950 KB
	many := strings.TrimSuffix(strings.Repeat("2024,", 101), ",")
	tests := []struct {
		name, target string
		code         api.Code
		param        string
	}{
		{"950 KB year list", "/api/v1/measures/search?year=" + years, api.CodeURLTooLong, ""},
		{"101 years", "/api/v1/measures/search?year=" + many, api.CodeTooManyValues, "year"},
		{"101 repeated units", "/api/v1/measures/search?" + strings.Repeat("unit=a&", 101), api.CodeTooManyValues, "unit"},
		{"101 rounds on export", "/api/v1/export/measures.csv?round=" + strings.TrimSuffix(strings.Repeat("1,", 101), ","), api.CodeTooManyValues, "round"},
		{"compare units", "/api/v1/analytics/compare?by=unit&units=" + strings.TrimSuffix(strings.Repeat("x,", 101), ","), api.CodeTooManyValues, "units"},
		{"q not UTF-8", "/api/v1/measures/search?q=%FF%FE", api.CodeQueryNotUTF8, "q"},
		{"q cut mid-character", "/api/v1/measures/search?q=%E6%95%B4%E6", api.CodeQueryNotUTF8, "q"},
		{"unit not UTF-8", "/api/v1/measures/search?unit=%FF", api.CodeInvalidParameter, "unit"},
		{"q star", "/api/v1/measures/search?q=*", api.CodeQueryWithoutTerms, "q"},
		{"q minus", "/api/v1/measures/search?q=-", api.CodeQueryWithoutTerms, "q"},
		{"q empty phrase", "/api/v1/measures/search?q=%22%22", api.CodeQueryWithoutTerms, "q"},
		{"q operators", "/api/v1/measures/search?q=*+-+%22%22+%EF%BC%8C", api.CodeQueryWithoutTerms, "q"},
		{"export q star", "/api/v1/export/measures.xlsx?q=*", api.CodeQueryWithoutTerms, "q"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := h.do(call{method: http.MethodGet, target: tt.target, invalid: true})
			p := problem(t, rec)
			if rec.Code != http.StatusBadRequest || p.Code != tt.code || p.Parameter != tt.param {
				t.Errorf("%d %s (%q), want 400 %s (%q): %s", rec.Code, p.Code, p.Parameter, tt.code, tt.param, p.Detail)
			}
		})
	}
	// 100 values and an empty q still answer: the empty q browses.
	var res api.SearchResponse
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/measures/search?q=&" + strings.Repeat("year=2024&", 100)}), http.StatusOK, &res)
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/measures/search?q=+"}), http.StatusOK, &res)
	if res.Total == 0 {
		t.Error("an empty q found nothing; it browses every measure")
	}
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/measures/search?q=%E6%95%B4%E6%94%B9+-*"}), http.StatusOK, nil)
}

// TestMetricsLabelsBounded: made-up methods and paths do not add label
// values to /metrics (finding 7): 500 of them leave its size as one does.
func TestMetricsLabelsBounded(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	send := func(i int) {
		req := call{method: fmt.Sprintf("X%dMETHOD", i), target: fmt.Sprintf("/nothing/%d", i)}.request()
		h.h.ServeHTTP(httptest.NewRecorder(), req)
		req = call{method: fmt.Sprintf("Y%dMETHOD", i), target: "/api/v1/units"}.request()
		h.h.ServeHTTP(httptest.NewRecorder(), req)
	}
	send(0)
	before := h.do(call{method: http.MethodGet, target: "/metrics"}).Body.String()
	for i := 1; i <= 500; i++ {
		send(i)
	}
	after := h.do(call{method: http.MethodGet, target: "/metrics"}).Body.String()
	if strings.Contains(after, "METHOD") || strings.Contains(after, "/nothing") {
		t.Error("/metrics holds a client's method or path as a label")
	}
	if !strings.Contains(after, `method="OTHER"`) || !strings.Contains(after, `route="unmatched"`) {
		t.Error(`/metrics lacks method="OTHER" or route="unmatched"`)
	}
	// Counter values grow by a few digits, label sets not at all.
	if d := len(after) - len(before); d > 2000 {
		t.Errorf("/metrics grew by %d bytes over 1,000 requests with made-up methods and paths", d)
	}
}
