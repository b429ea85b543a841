package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchAccuracy measures the fixtures with `bench --accuracy DIR`, and
// a folder with an expect.jsonl where one stated field is wrong.
func TestBenchAccuracy(t *testing.T) {
	fixtures := filepath.Join("..", "..", "corpus", "testdata", "fixtures")
	code, out, stderr := runCLI(t, nil, "bench", "--accuracy", fixtures)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"field               right  wrong  missing  right %", "\nkind ", "\nmeasure_count ", "documents"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}

	dir := t.TempDir()
	raw, err := os.ReadFile(filepath.Join(fixtures, "02_county_housing_layoutB.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "page.txt"), raw, 0o644); err != nil {
		t.Fatal(err)
	}
	jsonl := `{"file":"page.txt","kind":"rectification","unit":"中共石埠县住房和城乡建设局党组","inspection":{"group":"巡察三组"},"measure_count":14}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, "expect.jsonl"), []byte(jsonl), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = runCLI(t, nil, "bench", "--json", "--accuracy", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r struct {
		Accuracy struct {
			Documents int `json:"documents"`
			Fields    []struct {
				Field                 string
				Right, Wrong, Missing int
			} `json:"fields"`
		} `json:"accuracy"`
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got := map[string][3]int{}
	for _, f := range r.Accuracy.Fields {
		got[f.Field] = [3]int{f.Right, f.Wrong, f.Missing}
	}
	want := map[string][3]int{"kind": {1, 0, 0}, "unit": {1, 0, 0}, "group": {0, 1, 0}, "measure_count": {1, 0, 0}}
	if r.Accuracy.Documents != 1 || len(got) != len(want) {
		t.Fatalf("report %+v", r.Accuracy)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
	if code, _, stderr := runCLI(t, nil, "bench", "--accuracy", filepath.Join(dir, "absent")); code != exitUsage {
		t.Errorf("absent folder: exit %d, %s", code, stderr)
	}
}
