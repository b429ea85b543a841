package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/corpus/similar"
	"github.com/zhenggai/zhenggai/indexer/library"
)

func TestGroupedAnalyticsCommands(t *testing.T) {
	data := analyticsData(t)
	cli := func(args ...string) (int, string, string) {
		t.Helper()
		var o, e bytes.Buffer
		code := run(context.Background(), append([]string{"--data", data}, args...), func(string) string { return "" }, &o, &e)
		return code, o.String(), e.String()
	}
	jsonOf := func(v any, args ...string) {
		t.Helper()
		code, out, stderr := cli(args...)
		if code != exitOK {
			t.Fatalf("%v: %d\n%s", args, code, stderr)
		}
		if err := json.Unmarshal([]byte(out), v); err != nil {
			t.Fatalf("%v: %v\n%.300s", args, err, out)
		}
	}
	const key = "青澜区文化和旅游体育局"

	var cp similar.ClusterPage
	jsonOf(&cp, "clusters", "--json", "--limit", "2")
	if cp.Total < 2 || len(cp.Clusters) != 2 || len(cp.Clusters[0].Units) != 2 {
		t.Errorf("clusters: %+v", cp)
	}
	var dp similar.ClusterPage
	jsonOf(&dp, "duplicates", "--clusters", "--json", "--limit", "2")
	if dp.Total != cp.Total || dp.Clusters[0].Representative != cp.Clusters[0].Representative {
		t.Errorf("duplicates --clusters: %+v", dp)
	}
	if code, out, _ := cli("clusters", "--limit", "1"); code != exitOK || !strings.Contains(out, "clusters of near-duplicate measures") || !strings.Contains(out, "see --offset") {
		t.Errorf("clusters text: %d\n%s", code, out)
	}

	var ru analytics.UnitRecurrences
	jsonOf(&ru, "recurring", "--by", "unit", "--json")
	if ru.Total != 1 || ru.Units[0].UnitKey != key || len(ru.Units[0].Themes) == 0 {
		t.Errorf("recurring --by unit: %+v", ru)
	}
	var cg analytics.CommonGroups
	jsonOf(&cg, "recurring", "--by", "theme", "--json", "--limit", "1")
	if cg.Total == 0 || len(cg.Common) != 1 || cg.Common[0].Units != 2 {
		t.Errorf("recurring --by theme: %+v", cg)
	}
	if code, _, _ := cli("recurring", "--by", "round"); code != exitUsage {
		t.Errorf("recurring --by round: %d, want usage", code)
	}

	var tr struct {
		analytics.Trend
		Selection library.Selection `json:"selection"`
	}
	jsonOf(&tr, "trends", "--json", "--by", "round")
	if len(tr.Periods) != 2 || tr.Selection.Measures != 36 {
		t.Errorf("trends: %+v", tr)
	}
	jsonOf(&tr, "trends", "--json", "--by", "year", "--unit", key)
	if tr.Per != "year" || tr.Selection.Measures != 24 {
		t.Errorf("trends of one unit per year: %+v", tr)
	}
	if code, out, _ := cli("trends"); code != exitOK || !strings.Contains(out, "theme shares per round") {
		t.Errorf("trends text: %d\n%s", code, out)
	}

	var rc struct {
		analytics.Comparison
		Ranking   []analytics.GroupRanking `json:"ranking"`
		Selection library.Selection        `json:"selection"`
	}
	jsonOf(&rc, "compare", "--json", "--by", "unit", "--top", "2")
	all := rc.Selection.Measures
	if len(rc.Ranking) != 2 || len(rc.Ranking[0].Themes) != 2 || all != 36 {
		t.Errorf("compare ranking: %+v", rc.Ranking)
	}
	th := rc.Ranking[0].Themes[0].ID
	jsonOf(&rc, "compare", "--json", "--by", "unit", "--theme", th)
	if rc.Selection.Measures == 0 || rc.Selection.Measures >= all {
		t.Errorf("compare over theme %s: %d of %d", th, rc.Selection.Measures, all)
	}
	if code, out, _ := cli("compare", "--by", "unit"); code != exitOK || !strings.Contains(out, "themes ranked by log-odds z") {
		t.Errorf("compare text: %d\n%s", code, out)
	}

	var prof library.UnitProfile
	jsonOf(&prof, "profile", "--json", key)
	if prof.UnitKey != key || len(prof.Rounds) != 2 || prof.Copied.Total == 0 {
		t.Errorf("profile: %+v", prof)
	}
	if code, out, _ := cli("profile", key); code != exitOK || !strings.Contains(out, "themes per round") {
		t.Errorf("profile text: %d\n%s", code, out)
	}
	if code, _, stderr := cli("profile", "无此单位"); code == exitOK {
		t.Errorf("unknown unit's profile succeeded: %s", stderr)
	}
}
