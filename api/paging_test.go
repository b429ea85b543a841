package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/zhenggai/zhenggai/api"
)

// TestListsPage: every list and analytics route takes limit and offset,
// answers at most limit entries and echoes offset, limit and total.
func TestListsPage(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	tests := []struct {
		route, list, extra string
	}{
		{"/api/v1/units", "units", ""},
		{"/api/v1/rounds", "rounds", ""},
		{"/api/v1/analytics/compare", "groups", "by=unit&"},
		{"/api/v1/analytics/recurring", "recurring", "min_rounds=1&"},
		{"/api/v1/analytics/common", "common", "min_units=1&"},
		{"/api/v1/analytics/duplicates", "pairs", "threshold=0.2&same_unit=true&"},
	}
	for _, tt := range tests {
		t.Run(tt.list, func(t *testing.T) {
			page := func(offset, limit string) (api.Page, []json.RawMessage) {
				var body map[string]json.RawMessage
				decode(t, h.do(call{method: http.MethodGet, target: tt.route + "?" + tt.extra + "offset=" + offset + "&limit=" + limit}), http.StatusOK, &body)
				var pg api.Page
				var list []json.RawMessage
				for k, dst := range map[string]any{"total": &pg.Total, "offset": &pg.Offset, "limit": &pg.Limit, tt.list: &list} {
					if err := json.Unmarshal(body[k], dst); err != nil {
						t.Fatalf("%s: field %s: %v", tt.route, k, err)
					}
				}
				return pg, list
			}
			first, list := page("0", "2")
			if first.Total < 3 {
				t.Fatalf("%s: total %d, the test needs at least 3", tt.route, first.Total)
			}
			if len(list) != 2 || first.Limit != 2 || first.Offset != 0 {
				t.Errorf("%s limit=2: %d entries, page %+v", tt.route, len(list), first)
			}
			last, list := page("2", "500")
			if last.Total != first.Total || len(list) != first.Total-2 || last.Offset != 2 {
				t.Errorf("%s offset=2: %d entries of %d, page %+v", tt.route, len(list), first.Total, last)
			}
			for _, bad := range []string{"?" + tt.extra + "limit=0", "?" + tt.extra + "limit=100000", "?" + tt.extra + "offset=-1"} {
				if rec := h.do(call{method: http.MethodGet, target: tt.route + bad, invalid: true}); rec.Code != http.StatusBadRequest {
					t.Errorf("%s%s: %d, want 400", tt.route, bad, rec.Code)
				}
			}
		})
	}
}
