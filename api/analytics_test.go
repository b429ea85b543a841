package api_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// roundsLibrary holds fixture 01 (青澜区文化和旅游体育局, 九届区委第六轮), the
// same unit a round later, and another unit in the same round, all
// invented from the fixture's text.
func roundsLibrary(t *testing.T) *library.Library {
	t.Helper()
	ctx := context.Background()
	lib, err := library.Open(ctx, t.TempDir(), library.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	text := string(fixture(t, "01_district_culture_layoutA.txt"))
	for name, body := range map[string]string{
		"r6.txt":    text,
		"r7.txt":    strings.NewReplacer("第六轮", "第七轮", "2024年", "2025年", "2023年", "2024年").Replace(text),
		"other.txt": strings.ReplaceAll(text, "文化和旅游体育局", "退役军人事务局"),
	} {
		if r := lib.IngestBytes(ctx, name, []byte(body)); r.Outcome != library.Stored {
			t.Fatalf("ingest %s: %+v", name, r)
		}
	}
	return lib
}

func TestAnalyticsRoutes(t *testing.T) {
	h := newServer(t, roundsLibrary(t), api.Options{})
	const unit = "中共青澜区文化和旅游体育局党组"

	var c analytics.Comparison
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/analytics/compare?by=unit"}), http.StatusOK, &c)
	if c.By != "unit" || len(c.Groups) != 2 || c.Groups[0].Key != unit || c.Groups[0].Measures != 24 {
		t.Errorf("compare by unit: %+v", c.Groups)
	}
	for _, g := range c.Groups {
		for _, th := range g.Themes {
			if th.Count != len(th.MeasureIDs) || th.Name == "" {
				t.Errorf("%s: theme %+v", g.Key, th)
			}
		}
	}

	target := "/api/v1/analytics/compare?by=round&units=" + url.QueryEscape("青澜区文化和旅游体育局党组") +
		"&rounds=" + url.QueryEscape("九届区委第七轮,九届区委第六轮")
	decode(t, h.do(call{method: http.MethodGet, target: target}), http.StatusOK, &c)
	if len(c.Groups) != 2 || c.Groups[0].Key != "青澜区九届区委第七轮" || c.Groups[1].Key != "青澜区九届区委第六轮" ||
		c.Groups[0].Measures != 12 || c.Groups[1].Measures != 12 {
		t.Errorf("compare by round for one unit: %+v", c.Groups)
	}

	var rec analytics.Recurrences
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/analytics/recurring"}), http.StatusOK, &rec)
	if len(rec.Recurring) == 0 {
		t.Fatal("no recurring theme")
	}
	for _, r := range rec.Recurring {
		if r.Unit != unit || len(r.Rounds) != 2 || r.Rounds[0] != 6 || r.Rounds[1] != 7 {
			t.Errorf("recurrence %+v", r)
		}
	}
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/analytics/recurring?min_rounds=3"}), http.StatusOK, &rec)
	if len(rec.Recurring) != 0 {
		t.Errorf("in 3 rounds: %+v", rec.Recurring)
	}

	var com analytics.Commonalities
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/analytics/common?min_units=2"}), http.StatusOK, &com)
	if len(com.Common) == 0 {
		t.Fatal("no common theme")
	}
	for _, cm := range com.Common {
		if cm.Round != "青澜区九届区委第六轮" || cm.Units != 2 || len(cm.UnitNames) != 2 || len(cm.MeasureIDs) < 2 {
			t.Errorf("common %+v", cm)
		}
	}
}

func TestAnalyticsOnSharedFixtures(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	var c analytics.Comparison
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/analytics/compare?by=round"}), http.StatusOK, &c)
	if len(c.Groups) == 0 {
		t.Error("no round groups over the fixtures")
	}
	var rec analytics.Recurrences
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/analytics/recurring"}), http.StatusOK, &rec)
	if rec.Recurring == nil {
		t.Error("recurring is null, want an array")
	}
	var com analytics.Commonalities
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/analytics/common"}), http.StatusOK, &com)
	if com.Common == nil {
		t.Error("common is null, want an array")
	}
}

func TestAnalyticsBadParameters(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	for _, tc := range []struct {
		target string
		code   api.Code
		param  string
	}{
		{"/api/v1/analytics/compare", api.CodeInvalidParameter, "by"},
		{"/api/v1/analytics/compare?by=year", api.CodeInvalidParameter, "by"},
		{"/api/v1/analytics/compare?by=unit&by=round", api.CodeInvalidParameter, "by"},
		// unit is a search parameter compare takes (issue 12); kind is not.
		{"/api/v1/analytics/compare?by=unit&kind=x", api.CodeUnknownParameter, "kind"},
		{"/api/v1/analytics/recurring?min_rounds=0", api.CodeInvalidParameter, "min_rounds"},
		{"/api/v1/analytics/recurring?min_rounds=two", api.CodeInvalidParameter, "min_rounds"},
		{"/api/v1/analytics/recurring?min_units=2", api.CodeUnknownParameter, "min_units"},
		{"/api/v1/analytics/common?min_units=100000", api.CodeInvalidParameter, "min_units"},
	} {
		rec := h.do(call{method: http.MethodGet, target: tc.target, invalid: true})
		p := problem(t, rec)
		if rec.Code != http.StatusBadRequest || p.Code != tc.code || p.Parameter != tc.param {
			t.Errorf("GET %s: %d %s (%s), want 400 %s (%s)", tc.target, rec.Code, p.Code, p.Parameter, tc.code, tc.param)
		}
	}
	nr := newServer(t, nil, api.Options{})
	if rec := nr.do(call{method: http.MethodGet, target: "/api/v1/analytics/recurring"}); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("recurring before ready: %d", rec.Code)
	}
}
