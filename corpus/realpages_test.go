package corpus_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/unit"
)

// realExpect is one hand-judged expectation of a real page kept outside the
// repository: the file, whether it is a disclosure, and the opening's values
// ("" means the page states none).
type realExpect struct {
	File       string `json:"file"`
	Disclosure bool   `json:"disclosure"`
	Unit       string `json:"unit"`
	Group      string `json:"group"`
	Start      string `json:"start"`
	End        string `json:"end"`
	Feedback   string `json:"feedback"`
}

// TestRealPages measures the parser on real published pages that are never
// committed: ZHENGGAI_REAL_DIR names a folder of .txt files with an
// expect.jsonl beside them. It prints right / wrong / missing per field (the
// fields over the expected disclosures, a rejected one missing them all) and
// fails nothing; without the variable it skips.
func TestRealPages(t *testing.T) {
	dir := os.Getenv("ZHENGGAI_REAL_DIR")
	if dir == "" {
		t.Skip("ZHENGGAI_REAL_DIR not set: no real pages to measure")
	}
	f, err := os.Open(filepath.Join(dir, "expect.jsonl"))
	if err != nil {
		t.Fatalf("open expectations: %v", err)
	}
	defer f.Close()
	p := newParser(t)
	type tally struct{ n, right, wrong, missing int }
	fields := []string{"classification", "unit", "group", "start", "end", "feedback"}
	tallies := map[string]*tally{}
	for _, k := range fields {
		tallies[k] = &tally{}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var e realExpect
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			t.Fatalf("expectation %q: %v", sc.Text(), err)
		}
		text, err := os.ReadFile(filepath.Join(dir, e.File))
		if err != nil {
			t.Fatalf("read %s: %v", e.File, err)
		}
		d := parseText(t, p, e.File, string(text))
		score := func(field, want, got string) {
			tl := tallies[field]
			tl.n++
			switch {
			case want == got:
				tl.right++
			case got == "":
				tl.missing++
				t.Logf("%s: %s missing, want %q", e.File, field, want)
			default:
				tl.wrong++
				t.Logf("%s: %s = %q, want %q", e.File, field, got, want)
			}
		}
		gotDisc := d.Kind.Parsed()
		score("classification", fmt.Sprint(e.Disclosure), fmt.Sprint(gotDisc))
		if !e.Disclosure {
			continue
		}
		if !gotDisc {
			// A disclosure the parser rejected misses every field.
			for _, k := range fields[1:] {
				tallies[k].n++
				tallies[k].missing++
			}
			continue
		}
		gotUnit := d.UnitKey
		if e.Unit != "" {
			score("unit", unit.Key(e.Unit), gotUnit)
		} else {
			score("unit", "", gotUnit)
		}
		score("group", e.Group, d.Inspection.Group)
		score("start", e.Start, d.Inspection.Start)
		score("end", e.End, d.Inspection.End)
		score("feedback", e.Feedback, d.Inspection.Feedback)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read expectations: %v", err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-15s %5s %5s %5s %7s\n", "field", "n", "right", "wrong", "missing")
	for _, k := range fields {
		tl := tallies[k]
		fmt.Fprintf(&b, "%-15s %5d %5d %5d %7d\n", k, tl.n, tl.right, tl.wrong, tl.missing)
	}
	t.Log("\n" + b.String())
}
