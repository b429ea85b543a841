package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/analytics"
)

// analyticsData ingests fixture 01 (青澜区文化和旅游体育局, 九届区委第六轮)
// with two invented variants: the same unit a round later, and another
// unit in the same round. Every theme of the fixture then recurs for the
// unit and is common to the round.
func analyticsData(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "..", "corpus", "testdata", "fixtures", "01_district_culture_layoutA.txt"))
	if err != nil {
		t.Fatal(err)
	}
	text := string(src)
	later := strings.NewReplacer("第六轮", "第七轮", "2024年", "2025年", "2023年", "2024年").Replace(text)
	other := strings.ReplaceAll(text, "文化和旅游体育局", "退役军人事务局")
	in := t.TempDir()
	for name, body := range map[string]string{"r6.txt": text, "r7.txt": later, "other.txt": other} {
		if err := os.WriteFile(filepath.Join(in, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data := t.TempDir()
	if code, _, stderr := runCLI(t, nil, "--data", data, "ingest", in); code != exitOK {
		t.Fatalf("ingest: %d\n%s", code, stderr)
	}
	return data
}

func TestCompareAndRecurringCommands(t *testing.T) {
	data := analyticsData(t)
	cli := func(args ...string) (int, string, string) {
		var o, e bytes.Buffer
		code := run(context.Background(), append([]string{"--data", data}, args...), func(string) string { return "" }, &o, &e)
		return code, o.String(), e.String()
	}
	const unit = "中共青澜区文化和旅游体育局党组"

	code, out, stderr := cli("compare", "--json", "--by", "round", "--units", "青澜区文化和旅游体育局党组")
	if code != exitOK {
		t.Fatalf("compare --by round: %d\n%s", code, stderr)
	}
	var c analytics.Comparison
	if err := json.Unmarshal([]byte(out), &c); err != nil {
		t.Fatalf("compare JSON: %v\n%s", err, out)
	}
	if c.By != "round" || len(c.Groups) != 2 || c.Groups[0].Key != "青澜区九届区委第六轮" || c.Groups[1].Key != "青澜区九届区委第七轮" ||
		c.Groups[0].Measures != c.Groups[1].Measures || c.Groups[0].Measures == 0 {
		t.Errorf("compare by round: %+v", c.Groups)
	}
	var raw map[string]any
	_ = json.Unmarshal([]byte(out), &raw)
	for _, k := range []string{"by", "groups", "distinctive"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("compare JSON lacks %q", k)
		}
	}

	code, out, stderr = cli("compare", "--by", "unit", "--rounds", "九届区委第六轮")
	if code != exitOK {
		t.Fatalf("compare --by unit: %d\n%s", code, stderr)
	}
	for _, want := range []string{"G1  " + unit + "  (12 measures)", "G2  中共青澜区退役军人事务局党组", "D2 三会一课等组织生活   1 8%      1 8%", "distinctive themes"} {
		if !strings.Contains(out, want) {
			t.Errorf("compare table lacks %q:\n%s", want, out)
		}
	}

	code, out, stderr = cli("recurring", "--json")
	if code != exitOK {
		t.Fatalf("recurring: %d\n%s", code, stderr)
	}
	var rc struct {
		analytics.Recurrences
		analytics.Commonalities
	}
	if err := json.Unmarshal([]byte(out), &rc); err != nil {
		t.Fatalf("recurring JSON: %v\n%s", err, out)
	}
	if len(rc.Recurring) == 0 || len(rc.Common) == 0 {
		t.Fatalf("recurring %d, common %d:\n%s", len(rc.Recurring), len(rc.Common), out)
	}
	for _, r := range rc.Recurring {
		if r.Unit != unit || len(r.Rounds) != 2 || r.Rounds[0] != 6 || r.Rounds[1] != 7 || len(r.MeasureIDs) < 2 {
			t.Errorf("recurrence %+v", r)
		}
	}
	for _, cm := range rc.Common {
		if cm.Round != "青澜区九届区委第六轮" || cm.Units != 2 || len(cm.UnitNames) != 2 {
			t.Errorf("common %+v", cm)
		}
	}
	if code, out, _ := cli("recurring", "--min-rounds", "3", "--min-units", "3"); code != exitOK ||
		!strings.Contains(out, "(屡查屡犯): 0") || !strings.Contains(out, "(共性问题): 0") {
		t.Errorf("recurring with high thresholds: %d\n%s", code, out)
	}
	if code, out, _ := cli("recurring"); code != exitOK || !strings.Contains(out, unit+"  D2 三会一课等组织生活  2 rounds: 青澜区九届区委第六轮、青澜区九届区委第七轮") {
		t.Errorf("recurring list: %d\n%s", code, out)
	}
	// Paged: one group, one recurring and one common theme, with the totals.
	code, out, _ = cli("compare", "--json", "--by", "unit", "--limit", "1")
	var cp struct {
		Groups []struct{ Key string }
		Total  int
		Limit  int
	}
	if err := json.Unmarshal([]byte(out), &cp); code != exitOK || err != nil || len(cp.Groups) != 1 || cp.Total < 2 || cp.Limit != 1 {
		t.Errorf("compare --limit 1: %d %v %+v", code, err, cp)
	}
	if code, out, _ := cli("recurring", "--min-rounds", "1", "--min-units", "1", "--limit", "1"); code != exitOK ||
		!strings.Contains(out, "recurring themes shown") || !strings.Contains(out, "common themes shown") {
		t.Errorf("recurring --limit 1: %d\n%s", code, out)
	}

	for _, args := range [][]string{
		{"compare"}, {"compare", "--by", "year"}, {"compare", "--by", "unit", "extra"},
		{"compare", "--by", "unit", "--limit", "0"}, {"recurring", "--offset", "-1"}, {"recurring", "--limit", "1001"},
		{"recurring", "--min-rounds", "0"}, {"recurring", "--min-units", "x"},
	} {
		if code, _, _ := cli(args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}
