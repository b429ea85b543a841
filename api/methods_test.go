package api_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/api"
)

// TestMethodNotAllowedLists checks that a 405 names exactly the methods its
// path answers to, in a stable order, and that an unknown path stays a 404
// whatever the method.
func TestMethodNotAllowedLists(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	tests := []struct {
		path  string
		allow []string
	}{
		{"/", []string{"GET", "HEAD"}},
		{"/assets/app.js", []string{"GET", "HEAD"}},
		{"/healthz", []string{"GET", "HEAD"}},
		{"/api/v1/units", []string{"GET", "HEAD"}},
		{"/api/v1/measures/search", []string{"GET", "HEAD"}},
		{"/api/v1/measures/x", []string{"GET", "HEAD"}},
		{"/api/v1/measures/x/similar", []string{"GET", "HEAD"}},
		{"/api/v1/disclosures", []string{"GET", "HEAD", "POST"}},
		{"/api/v1/disclosures/x", []string{"DELETE", "GET", "HEAD"}},
		{"/api/v1/disclosures/x/original", []string{"GET", "HEAD"}},
		{"/api/v1/ingest/jobs", []string{"POST"}},
		{"/api/v1/ingest/jobs/x", []string{"GET", "HEAD"}},
		{"/api/v1/ingest/jobs/x/events", []string{"GET"}},
		{"/api/v1/export/measures.csv", []string{"GET", "HEAD"}},
	}
	methods := []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
	for _, tt := range tests {
		for _, m := range methods {
			if slices.Contains(tt.allow, m) {
				continue
			}
			// Served directly: the OpenAPI document does not list 405s.
			rec := httptest.NewRecorder()
			h.h.ServeHTTP(rec, call{method: m, target: tt.path}.request())
			if rec.Code != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: %d, want 405", m, tt.path, rec.Code)
				continue
			}
			if got, want := rec.Header().Get("Allow"), strings.Join(tt.allow, ", "); got != want {
				t.Errorf("%s %s: Allow %q, want %q", m, tt.path, got, want)
			}
			if p := problem(t, rec); p.Code != api.CodeMethodNotAllowed || !strings.Contains(p.Detail, strings.Join(tt.allow, ", ")) {
				t.Errorf("%s %s: problem %s %q does not name the allowed methods", m, tt.path, p.Code, p.Detail)
			}
		}
	}
	for _, path := range []string{"/nothing", "/api/v1/nothing", "/api/v1/disclosures/x/y/z"} {
		for _, m := range []string{"GET", "POST", "DELETE"} {
			rec := httptest.NewRecorder()
			h.h.ServeHTTP(rec, call{method: m, target: path}.request())
			if rec.Code != http.StatusNotFound || rec.Header().Get("Allow") != "" {
				t.Errorf("%s %s: %d Allow %q, want 404 and no Allow", m, path, rec.Code, rec.Header().Get("Allow"))
			}
		}
	}
}
