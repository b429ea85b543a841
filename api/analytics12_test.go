package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/corpus/similar"
	"github.com/zhenggai/zhenggai/indexer/library"
)

func get(t *testing.T, h *harness, target string, v any) {
	t.Helper()
	decode(t, h.do(call{method: http.MethodGet, target: target}), http.StatusOK, v)
}

func TestGroupedAnalyticsRoutes(t *testing.T) {
	h := newServer(t, roundsLibrary(t), api.Options{})
	const key = "青澜区文化和旅游体育局"

	// Clusters: the other unit's copy of round 6 joins it, so the top
	// clusters hold two units.
	var cp similar.ClusterPage
	get(t, h, "/api/v1/analytics/clusters?limit=2&members=2", &cp)
	if cp.Total < 2 || len(cp.Clusters) != 2 || cp.Limit != 2 || len(cp.Clusters[0].Units) != 2 || cp.Clusters[0].RepresentativeText == "" {
		t.Fatalf("clusters: %+v", cp)
	}
	for _, c := range cp.Clusters {
		if len(c.Members) > 2 || c.Size < 2 {
			t.Errorf("cluster members %d of %d, want at most 2 listed", len(c.Members), c.Size)
		}
	}
	var next similar.ClusterPage
	get(t, h, "/api/v1/analytics/clusters?limit=2&offset=2", &next)
	if next.Total != cp.Total || next.Offset != 2 || (len(next.Clusters) > 0 && next.Clusters[0].Representative == cp.Clusters[0].Representative) {
		t.Errorf("second page: %+v", next)
	}

	// Recurring grouped by unit: one unit, its themes over rounds 6 and 7,
	// round 7's measures repeating round 6's.
	var ru analytics.UnitRecurrences
	get(t, h, "/api/v1/analytics/recurring/units?measures_shown=1", &ru)
	if ru.Total != 1 || ru.Units[0].UnitKey != key || ru.Units[0].Repeats == 0 || len(ru.Units[0].Themes) == 0 {
		t.Fatalf("recurring by unit: %+v", ru)
	}
	for _, th := range ru.Units[0].Themes {
		if len(th.Rounds) != 2 || len(th.Rounds[0].Measures) > 1 {
			t.Errorf("theme %s: %+v", th.ID, th.Rounds)
		}
	}
	// Common themes grouped by round: both units of round 6.
	var cg analytics.CommonGroups
	get(t, h, "/api/v1/analytics/common/themes?limit=1", &cg)
	if cg.Total == 0 || len(cg.Common) != 1 || cg.Common[0].Units != 2 || len(cg.Common[0].ByUnit) != 2 {
		t.Errorf("common by theme: %+v", cg)
	}

	// Trends per round and per year, filtered.
	var tr api.TrendAnswer
	get(t, h, "/api/v1/analytics/trends?by=round", &tr)
	if tr.Per != "round" || len(tr.Periods) != 2 || len(tr.Themes) == 0 || len(tr.Themes[0].Shares) != 2 || tr.Selection.Measures != 36 {
		t.Errorf("trends per round: %+v", tr)
	}
	get(t, h, "/api/v1/analytics/trends?by=year&unit="+url.QueryEscape(key), &tr)
	if tr.Per != "year" || tr.Selection.Measures != 24 || len(tr.Periods) == 0 {
		t.Errorf("trends per year of one unit: %+v", tr)
	}

	// Compare conditioned on a search, ranked, each cell linked.
	var rc api.RankedComparisonPage
	get(t, h, "/api/v1/analytics/compare?by=unit&top=3", &rc)
	all := rc.Selection.Measures
	if len(rc.Ranking) != 2 || len(rc.Ranking[0].Themes) > 3 || len(rc.Cells) == 0 || all != 36 {
		t.Fatalf("ranked compare: ranking %d, cells %d, selection %+v", len(rc.Ranking), len(rc.Cells), rc.Selection)
	}
	cell := rc.Cells[0]
	if !strings.HasPrefix(cell.Search, "/api/v1/measures/search?") {
		t.Fatalf("cell link %q", cell.Search)
	}
	// The cell's search lists exactly the cell's measures.
	var sr struct {
		Total int `json:"total"`
	}
	get(t, h, cell.Search+"&limit=100", &sr)
	if sr.Total != cell.Count {
		t.Errorf("cell %s/%s counts %d, its search finds %d (%s)", cell.Group, cell.Theme, cell.Count, sr.Total, cell.Search)
	}
	get(t, h, "/api/v1/analytics/compare?by=unit&year=2099", &rc)
	if rc.Selection.Measures != 0 {
		t.Errorf("compare over 2099: %+v", rc.Selection)
	}
	get(t, h, "/api/v1/analytics/compare?by=round&theme="+cell.Theme, &rc)
	if rc.Selection.Measures == 0 || rc.Selection.Measures >= all {
		t.Errorf("compare over theme %s: %d of %d measures", cell.Theme, rc.Selection.Measures, all)
	}

	// A unit's profile, by its canonical key.
	var prof library.UnitProfile
	get(t, h, "/api/v1/units/"+url.PathEscape(key)+"/profile", &prof)
	if prof.UnitKey != key || len(prof.Rounds) != 2 || len(prof.Disclosures) != 2 || prof.Recurring == nil || prof.Copied.Total == 0 {
		t.Errorf("profile: %+v", prof)
	}
	if !slices.ContainsFunc(prof.Copied.Clusters, func(c similar.Cluster) bool { return len(c.Units) == 2 }) {
		t.Errorf("profile's copied clusters lack the other unit's copy")
	}
	rec := h.do(call{method: http.MethodGet, target: "/api/v1/units/" + url.PathEscape("无此单位") + "/profile"})
	if rec.Code != http.StatusNotFound {
		t.Errorf("unknown unit's profile: %d", rec.Code)
	}
}

func TestGroupedAnalyticsBadParameters(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	for _, tc := range []struct {
		target string
		code   api.Code
		param  string
	}{
		{"/api/v1/analytics/trends?by=month", api.CodeInvalidParameter, "by"},
		{"/api/v1/analytics/trends?limit=101", api.CodeLimitOutOfRange, "limit"},
		{"/api/v1/analytics/trends?from=2024-13-01", api.CodeInvalidParameter, "from"},
		{"/api/v1/analytics/clusters?limit=501", api.CodeLimitOutOfRange, "limit"},
		{"/api/v1/analytics/clusters?threshold=1.5", api.CodeInvalidParameter, "threshold"},
		{"/api/v1/analytics/clusters?members=0", api.CodeInvalidParameter, "members"},
		{"/api/v1/analytics/recurring/units?limit=201", api.CodeLimitOutOfRange, "limit"},
		{"/api/v1/analytics/recurring/units?measures_shown=51", api.CodeInvalidParameter, "measures_shown"},
		{"/api/v1/analytics/common/themes?min_units=0", api.CodeInvalidParameter, "min_units"},
		{"/api/v1/analytics/compare?by=unit&top=0", api.CodeInvalidParameter, "top"},
		{"/api/v1/analytics/compare?by=unit&year=x", api.CodeInvalidParameter, "year"},
	} {
		rec := h.do(call{method: http.MethodGet, target: tc.target, invalid: true})
		p := problem(t, rec)
		if rec.Code != http.StatusBadRequest || p.Code != tc.code || p.Parameter != tc.param {
			t.Errorf("GET %s: %d %s (%s), want 400 %s (%s)", tc.target, rec.Code, p.Code, p.Parameter, tc.code, tc.param)
		}
	}
}

// TestCompareCellIDsBounded: compare lists at most measure_ids ids per
// cell (default api.DefaultCellIDs), marks a cut list, keeps every count,
// and lists every id when asked for enough.
func TestCompareCellIDsBounded(t *testing.T) {
	h := newServer(t, roundsLibrary(t), api.Options{})
	for _, by := range []string{"unit", "round"} {
		var full api.RankedComparisonPage
		get(t, h, "/api/v1/analytics/compare?by="+by+"&measure_ids=5000", &full)
		counts := map[string]int{}
		big := 0
		for _, g := range full.Groups {
			for _, th := range g.Themes {
				if len(th.MeasureIDs) != th.Count || th.MeasureIDsTruncated {
					t.Errorf("%s %s %s: %d ids of %d (truncated %v), want all", by, g.Key, th.ID, len(th.MeasureIDs), th.Count, th.MeasureIDsTruncated)
				}
				counts[g.Key+"|"+th.ID] = th.Count
				big = max(big, th.Count)
			}
		}
		if big <= 2 {
			t.Fatalf("%s: the corpus needs a cell of more than 2 measures, the largest has %d", by, big)
		}
		for _, n := range []int{-1, 0, 2} { // -1: the default
			target := "/api/v1/analytics/compare?by=" + by
			want := api.DefaultCellIDs
			if n >= 0 {
				target += "&measure_ids=" + strconv.Itoa(n)
				want = n
			}
			var rc api.RankedComparisonPage
			get(t, h, target, &rc)
			cut := 0
			for _, g := range rc.Groups {
				for _, th := range g.Themes {
					k := g.Key + "|" + th.ID
					if th.Count != counts[k] {
						t.Errorf("%s: %s count %d, want %d", target, k, th.Count, counts[k])
					}
					if th.MeasureIDs == nil || len(th.MeasureIDs) != min(want, th.Count) || th.MeasureIDsTruncated != (th.Count > want) {
						t.Errorf("%s: %s lists %d ids of %d (truncated %v)", target, k, len(th.MeasureIDs), th.Count, th.MeasureIDsTruncated)
					}
					if th.MeasureIDsTruncated {
						cut++
					}
				}
			}
			if cut == 0 && big > want {
				t.Errorf("%s: no cell was cut", target)
			}
		}
	}
	// The cut lists are the page's: the cached comparison still lists all.
	var again api.RankedComparisonPage
	get(t, h, "/api/v1/analytics/compare?by=unit&measure_ids=5000", &again)
	for _, g := range again.Groups {
		for _, th := range g.Themes {
			if len(th.MeasureIDs) != th.Count {
				t.Errorf("after cut pages, %s %s lists %d ids of %d", g.Key, th.ID, len(th.MeasureIDs), th.Count)
			}
		}
	}
	for _, target := range []string{"/api/v1/analytics/compare?by=unit&measure_ids=5001", "/api/v1/analytics/compare?by=unit&measure_ids=-1",
		"/api/v1/analytics/recurring?measure_ids=5001", "/api/v1/analytics/common?measure_ids=-1"} {
		if res := h.do(call{method: http.MethodGet, target: target, invalid: true}); res.Code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", target, res.Code)
		}
	}
}

// TestRecurringCommonIDsBounded: the recurring and common routes list at
// most measure_ids ids per entry (default api.DefaultEntryIDs), with
// measure_count counting them all.
func TestRecurringCommonIDsBounded(t *testing.T) {
	h := newServer(t, roundsLibrary(t), api.Options{})
	type entry struct {
		Unit, Round, ID     string
		MeasureIDs          []string `json:"measure_ids"`
		MeasureCount        int      `json:"measure_count"`
		MeasureIDsTruncated bool     `json:"measure_ids_truncated"`
	}
	type answer struct {
		Recurring []entry `json:"recurring"`
		Common    []entry `json:"common"`
	}
	for _, route := range []string{"recurring", "common"} {
		entries := func(target string) []entry {
			var a answer
			get(t, h, target, &a)
			if route == "recurring" {
				return a.Recurring
			}
			return a.Common
		}
		list := entries("/api/v1/analytics/" + route + "?measure_ids=5000")
		big := 0
		for _, e := range list {
			if len(e.MeasureIDs) != e.MeasureCount || e.MeasureIDsTruncated {
				t.Errorf("%s %+v: want every id", route, e)
			}
			big = max(big, e.MeasureCount)
		}
		if len(list) == 0 || big < 2 {
			t.Fatalf("%s: %d entries, the largest of %d measures: the corpus needs more", route, len(list), big)
		}
		for _, n := range []int{0, 1} {
			got := entries("/api/v1/analytics/" + route + "?measure_ids=" + strconv.Itoa(n))
			if len(got) != len(list) {
				t.Fatalf("%s measure_ids=%d: %d entries, want %d", route, n, len(got), len(list))
			}
			for i, e := range got {
				w := list[i]
				if e.MeasureCount != w.MeasureCount || len(e.MeasureIDs) != min(n, w.MeasureCount) || e.MeasureIDsTruncated != (w.MeasureCount > n) ||
					!slices.Equal(e.MeasureIDs, w.MeasureIDs[:len(e.MeasureIDs)]) {
					t.Errorf("%s measure_ids=%d: %+v, want the first of %+v", route, n, e, w)
				}
			}
		}
		for i, e := range entries("/api/v1/analytics/" + route) {
			if len(e.MeasureIDs) != min(api.DefaultEntryIDs, list[i].MeasureCount) {
				t.Errorf("%s default: %d ids of %d", route, len(e.MeasureIDs), list[i].MeasureCount)
			}
		}
	}
}
