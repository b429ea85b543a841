package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSimilarAndDuplicatesCommands(t *testing.T) {
	data, dir := t.TempDir(), t.TempDir()
	fixtures := filepath.Join("..", "..", "corpus", "testdata", "fixtures")
	src, err := os.ReadFile(filepath.Join(fixtures, "03_city_health_layoutC_pdf.txt"))
	if err != nil {
		t.Fatal(err)
	}
	// Another city's commission publishing the same measures.
	copied := filepath.Join(dir, "copy.txt")
	if err := os.WriteFile(copied, []byte(strings.ReplaceAll(string(src), "梧桥市", "桐江市")), 0o644); err != nil {
		t.Fatal(err)
	}
	cli := func(args ...string) (int, string, string) {
		var o, e bytes.Buffer
		code := run(context.Background(), append([]string{"--data", data}, args...), func(string) string { return "" }, &o, &e)
		return code, o.String(), e.String()
	}
	if code, _, stderr := cli("ingest", filepath.Join(fixtures, "03_city_health_layoutC_pdf.txt"),
		filepath.Join(fixtures, "02_county_housing_layoutB.txt"), copied); code != exitOK {
		t.Fatalf("ingest: %d\n%s", code, stderr)
	}

	code, out, stderr := cli("duplicates", "--json")
	if code != exitOK {
		t.Fatalf("duplicates: %d\n%s", code, stderr)
	}
	var res struct {
		Pairs []struct {
			Similarity float64 `json:"similarity"`
			A, B       struct {
				ID, Unit, Text string
				DisclosureID   string `json:"disclosure_id"`
			}
		} `json:"pairs"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("duplicates --json: %v\n%s", err, out)
	}
	if len(res.Pairs) < 10 {
		t.Fatalf("%d pairs for 11 copied measures", len(res.Pairs))
	}
	for _, p := range res.Pairs {
		if p.Similarity < 0.8 || p.Similarity > 1 || p.A.Unit == p.B.Unit || p.A.ID == "" || p.B.Text == "" || p.A.DisclosureID == "" {
			t.Errorf("pair %+v", p)
		}
	}
	// Paged: --limit 3 --offset 2 is the third to fifth pair of the whole list, with the total.
	code, out, stderr = cli("duplicates", "--json", "--limit", "3", "--offset", "2")
	var page struct {
		Total, Offset, Limit int
		Pairs                []struct{ A, B struct{ ID string } }
	}
	if err := json.Unmarshal([]byte(out), &page); code != exitOK || err != nil {
		t.Fatalf("duplicates --limit 3 --offset 2: %d %v\n%s", code, err, stderr)
	}
	if page.Total != len(res.Pairs) || page.Offset != 2 || page.Limit != 3 || len(page.Pairs) != 3 ||
		page.Pairs[0].A.ID != res.Pairs[2].A.ID || page.Pairs[0].B.ID != res.Pairs[2].B.ID {
		t.Errorf("duplicates page %+v against %d pairs", page, len(res.Pairs))
	}
	if _, out, _ := cli("duplicates", "--same-unit", "--threshold", "0.95"); !strings.Contains(out, "桐江市") || !strings.Contains(out, "≥ 0.95") {
		t.Errorf("duplicates text output:\n%s", out)
	}

	id := res.Pairs[0].A.ID
	code, out, stderr = cli("similar", id, "--json", "--k", "3")
	if code != exitOK {
		t.Fatalf("similar: %d\n%s", code, stderr)
	}
	res.Pairs = nil
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("similar --json: %v\n%s", err, out)
	}
	if len(res.Pairs) == 0 || len(res.Pairs) > 3 || res.Pairs[0].A.ID != id || res.Pairs[0].B.Unit == res.Pairs[0].A.Unit || res.Pairs[0].Similarity < 0.8 {
		t.Errorf("similar %s: %+v", id, res.Pairs)
	}
	if code, out, _ := cli("similar", "--all-units", id); code != exitOK || !strings.Contains(out, "most similar measures of all units") {
		t.Errorf("similar text output (%d):\n%s", code, out)
	}
	if code, _, stderr := cli("similar", "nosuch-001"); code != exitFailed || !strings.Contains(stderr, "not found") {
		t.Errorf("unknown measure: exit %d, %s", code, stderr)
	}
	for _, args := range [][]string{{"similar"}, {"similar", "a", "b"}, {"similar", "--k", "0", id},
		{"duplicates", "--threshold", "1.5"}, {"duplicates", "--threshold", "0"}, {"duplicates", "x"},
		{"duplicates", "--limit", "0"}, {"duplicates", "--limit", "501"}, {"duplicates", "--offset", "-1"}} {
		if code, _, _ := cli(args...); code != exitUsage {
			t.Errorf("%v: exit %d, want usage", args, code)
		}
	}
}
