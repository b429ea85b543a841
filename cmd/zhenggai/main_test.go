package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
)

// runCLI runs the program in process and returns its exit status and output.
func runCLI(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, func(k string) string { return env[k] }, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestParseJSONLines(t *testing.T) {
	fixtures := filepath.Join("..", "..", "corpus", "testdata", "fixtures")
	files, _ := filepath.Glob(filepath.Join(fixtures, "*.txt"))
	code, out, stderr := runCLI(t, nil, "parse", "--json", fixtures)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	n, parsed := 0, 0
	for sc.Scan() {
		var d corpus.Disclosure
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			t.Fatalf("line %d is not a disclosure object: %v", n+1, err)
		}
		if d.Kind.Parsed() {
			parsed++
		}
		n++
	}
	if n != len(files) {
		t.Errorf("%d JSON lines for %d files", n, len(files))
	}
	if !strings.Contains(stderr, "skipped") || !strings.Contains(stderr, "not a disclosure") {
		t.Errorf("stderr does not report the skipped files:\n%s", stderr)
	}
	if parsed < 15 {
		t.Errorf("only %d parsed disclosures", parsed)
	}
}

func TestParseSummaryAndFailures(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join("..", "..", "corpus", "testdata", "fixtures", "02_county_housing_layoutB.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "good.txt"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, nil, "parse", dir)
	if code != exitFailed {
		t.Errorf("exit %d, want %d when a file cannot be read", code, exitFailed)
	}
	for _, want := range []string{"中共石埠县住房和城乡建设局党组", "2024-03-18", "巡察二组", "0398-5126730"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(stderr, "empty.txt") || !strings.Contains(stderr, "1 parsed, 0 skipped (not disclosures), 1 failed") {
		t.Errorf("stderr does not name the failed file and the tally:\n%s", stderr)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"nosuch"}, {"parse"}, {"parse", "--nosuchflag", "x"}} {
		if code, _, _ := runCLI(t, nil, args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, _, _ := runCLI(t, nil, "help"); code != exitOK {
		t.Errorf("help: exit %d", code)
	}
}

func TestFlagsAfterArguments(t *testing.T) {
	f := filepath.Join("..", "..", "corpus", "testdata", "fixtures", "02_county_housing_layoutB.txt")
	code, out, _ := runCLI(t, nil, "parse", f, "--json")
	if code != exitOK || !strings.HasPrefix(out, "{") {
		t.Errorf("exit %d, output %.40q: --json after the file was not honoured", code, out)
	}
}

// TestSearchRefusesOperatorsOnly: a query of operators alone, or not UTF-8,
// is a usage error before any library is opened (it would match every
// measure).
func TestSearchRefusesOperatorsOnly(t *testing.T) {
	data := t.TempDir()
	for _, q := range [][]string{{"*"}, {"-"}, {`""`}, {"*", "-"}, {"\xff\xfe"}, {"整\xe6"}} {
		args := append([]string{"--data", data, "search"}, q...)
		if code, _, stderr := runCLI(t, nil, args...); code != exitUsage || !strings.Contains(stderr, "q") {
			t.Errorf("search %q: exit %d, want %d: %s", q, code, exitUsage, stderr)
		}
		args = append([]string{"--data", data, "export", "--format", "csv", "-o", filepath.Join(data, "x.csv")}, q...)
		if code, _, stderr := runCLI(t, nil, args...); code != exitUsage {
			t.Errorf("export %q: exit %d, want %d: %s", q, code, exitUsage, stderr)
		}
	}
}
