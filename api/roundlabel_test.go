package api_test

import (
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"testing"

	"github.com/zhenggai/zhenggai/api"
)

// TestRoundLabelEverywhere checks that every route naming a round also
// names it round_label (the old names stay), and that compare takes
// round_label as it takes rounds.
func TestRoundLabelEverywhere(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	get := func(target string, v any) {
		t.Helper()
		decode(t, h.do(call{method: http.MethodGet, target: target}), http.StatusOK, v)
	}
	var list struct {
		Disclosures []map[string]any `json:"disclosures"`
	}
	get("/api/v1/disclosures?limit=100", &list)
	labelled := 0
	for _, d := range list.Disclosures {
		if d["round_label"] != d["round_key"] {
			t.Errorf("disclosure %v: round_label %v, round_key %v", d["id"], d["round_label"], d["round_key"])
		}
		if d["round_label"] != nil {
			labelled++
		}
	}
	if labelled == 0 {
		t.Fatal("no listed disclosure has a round label")
	}
	var search struct {
		Hits []struct {
			ID         string `json:"id"`
			RoundLabel string `json:"round_label"`
		} `json:"hits"`
	}
	get("/api/v1/measures/search?q="+url.QueryEscape("整改")+"&limit=100", &search)
	i := slices.IndexFunc(search.Hits, func(h struct {
		ID         string `json:"id"`
		RoundLabel string `json:"round_label"`
	}) bool {
		return h.RoundLabel != ""
	})
	if i < 0 {
		t.Fatal("no hit with a round label")
	}
	var m map[string]any
	get("/api/v1/measures/"+url.PathEscape(search.Hits[i].ID), &m)
	if m["round_label"] != m["round_key"] || m["round_label"] != search.Hits[i].RoundLabel {
		t.Errorf("measure %s: round_label %v, round_key %v, hit's round_label %q", search.Hits[i].ID, m["round_label"], m["round_key"], search.Hits[i].RoundLabel)
	}
	var rec struct {
		Recurring []map[string]any `json:"recurring"`
	}
	get("/api/v1/analytics/recurring?min_rounds=1", &rec)
	for _, r := range rec.Recurring {
		if !reflect.DeepEqual(r["round_labels"], r["round_keys"]) {
			t.Errorf("recurring %v: round_labels %v, round_keys %v", r["id"], r["round_labels"], r["round_keys"])
		}
	}
	var com struct {
		Common []map[string]any `json:"common"`
	}
	get("/api/v1/analytics/common?min_units=1", &com)
	if len(rec.Recurring) == 0 || len(com.Common) == 0 {
		t.Fatalf("%d recurring and %d common themes: nothing to check", len(rec.Recurring), len(com.Common))
	}
	for _, c := range com.Common {
		if c["round_label"] != c["round"] || c["round_label"] == "" {
			t.Errorf("common %v: round_label %v, round %v", c["id"], c["round_label"], c["round"])
		}
	}
	// compare: round_label= selects the same groups as rounds=.
	var label string
	for _, d := range list.Disclosures {
		if s, ok := d["round_label"].(string); ok && s != "" {
			label = s
			break
		}
	}
	groups := func(param string) []string {
		var res struct {
			Groups []struct {
				Key string `json:"key"`
			} `json:"groups"`
		}
		get("/api/v1/analytics/compare?by=round&"+param+"="+url.QueryEscape(label), &res)
		var keys []string
		for _, g := range res.Groups {
			keys = append(keys, g.Key)
		}
		return keys
	}
	byRounds, byLabel := groups("rounds"), groups("round_label")
	if len(byLabel) == 0 || !slices.Equal(byRounds, byLabel) {
		t.Errorf("compare by round_label=%s gives %v, by rounds= %v", label, byLabel, byRounds)
	}
}
