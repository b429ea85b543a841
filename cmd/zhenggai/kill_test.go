package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// buildBinary compiles zhenggai into a temporary folder, once per test.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "zhenggai")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("build zhenggai: %v\n%s", err, out)
	}
	return bin
}

// writeVariants writes n distinct disclosures derived from the fixtures:
// each gets its own 信息索引号 line of page data above the title, so its
// bytes differ while it parses the same.
func writeVariants(t *testing.T, dir string, n int) int {
	t.Helper()
	fixtures, _ := filepath.Glob(filepath.Join("..", "..", "corpus", "testdata", "fixtures", "*.txt"))
	var good [][]byte
	for _, f := range fixtures {
		if strings.Contains(f, "_neg_") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		good = append(good, b)
	}
	for i := 0; i < n; i++ {
		body := fmt.Appendf(nil, "信息索引号：KILLTEST-%04d\n", i)
		body = append(body, good[i%len(good)]...)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("v%04d.txt", i)), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return n
}

type statsOut struct {
	Disclosures, Measures, Indexed int
	IndexedDisclosures             int `json:"indexed_disclosures"`
}

func stats(t *testing.T, bin, data string) statsOut {
	t.Helper()
	out, err := exec.Command(bin, "--data", data, "stats", "--json").Output()
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	var s statsOut
	if err := json.Unmarshal(out, &s); err != nil {
		t.Fatalf("stats output %q: %v", out, err)
	}
	return s
}

// TestIngestSurvivesSIGKILL kills an ingest midway, runs it again, and
// requires store and index to agree with nothing lost or doubled.
func TestIngestSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and ingests 150 files")
	}
	bin := buildBinary(t)
	in, data := t.TempDir(), t.TempDir()
	n := writeVariants(t, in, 150)

	cmd := exec.Command(bin, "--data", data, "ingest", in)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stored := 0
	sc := bufio.NewScanner(stderr)
	deadline := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "stored") {
			stored++
		}
		if stored == 40 {
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			break
		}
	}
	go func() { _, _ = bufio.NewReader(stderr).WriteTo(devNull{}) }()
	_ = cmd.Wait()
	if stored < 40 {
		t.Fatalf("the ingest ended after %d files, before it could be killed", stored)
	}
	mid := stats(t, bin, data)
	if mid.Disclosures < 40 || mid.Disclosures >= n {
		t.Errorf("after the kill the store holds %d disclosures; want between 40 and %d", mid.Disclosures, n)
	}
	if mid.Indexed != mid.Measures || mid.IndexedDisclosures != mid.Disclosures {
		t.Errorf("after the kill and a reopen, store and index disagree: %+v", mid)
	}

	out, err := exec.Command(bin, "--data", data, "ingest", in).CombinedOutput()
	if err != nil {
		t.Fatalf("second ingest: %v\n%s", err, out)
	}
	final := stats(t, bin, data)
	if final.Disclosures != n || final.Indexed != final.Measures || final.IndexedDisclosures != n {
		t.Errorf("after the second ingest: %+v, want %d disclosures with every measure indexed once", final, n)
	}
	// Every measure is found exactly once: the ids of a search for all of them are unique.
	res, err := exec.Command(bin, "--data", data, "search", "--json", "--limit", "100", "整改").Output()
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	var r struct {
		Total int `json:"total"`
		Hits  []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	if err := json.Unmarshal(res, &r); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, h := range r.Hits {
		if seen[h.ID] {
			t.Errorf("measure %s returned twice", h.ID)
		}
		seen[h.ID] = true
	}
	if r.Total == 0 || r.Total > final.Measures {
		t.Errorf("search total %d of %d measures", r.Total, final.Measures)
	}
}

type devNull struct{}

func (devNull) Write(p []byte) (int, error) { return len(p), nil }
