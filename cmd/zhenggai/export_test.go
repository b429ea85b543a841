package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/zhenggai/zhenggai/api/export"
)

func TestExportCommand(t *testing.T) {
	data, out := t.TempDir(), t.TempDir()
	fixture := filepath.Join("..", "..", "corpus", "testdata", "fixtures", "01_district_culture_layoutA.txt")
	cli := func(args ...string) (int, string) {
		var o, e bytes.Buffer
		code := run(context.Background(), append([]string{"--data", data}, args...), func(string) string { return "" }, &o, &e)
		return code, e.String()
	}
	if code, stderr := cli("ingest", fixture); code != exitOK {
		t.Fatalf("ingest: %d\n%s", code, stderr)
	}
	csvPath := filepath.Join(out, "m.csv")
	if code, stderr := cli("export", "-o", csvPath, "--theme", "D2"); code != exitOK {
		t.Fatalf("export csv: %d\n%s", code, stderr)
	}
	b, err := os.ReadFile(csvPath)
	if err != nil || !bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("csv: %v, starts % x", err, b[:min(3, len(b))])
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("csv has %d records (%v)", len(recs), err)
	}
	xlsxPath := filepath.Join(out, "m.bin")
	if code, stderr := cli("export", "--format", "xlsx", "-o", xlsxPath, "三会一课"); code != exitOK {
		t.Fatalf("export xlsx: %d\n%s", code, stderr)
	}
	f, err := excelize.OpenFile(xlsxPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if rows, err := f.GetRows(export.SheetName); err != nil || len(rows) < 2 {
		t.Errorf("xlsx has %d rows (%v)", len(rows), err)
	}
	// --limit and --offset take a slice of the result, in the search's order.
	readCSV := func(args ...string) [][]string {
		t.Helper()
		p := filepath.Join(out, "slice.csv")
		if code, stderr := cli(append([]string{"export", "-o", p, "--sort", "date"}, args...)...); code != exitOK {
			t.Fatalf("export %v: %d\n%s", args, code, stderr)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		return recs[1:]
	}
	all := readCSV()
	if len(all) < 3 {
		t.Fatalf("fixture exports %d measures", len(all))
	}
	if got := readCSV("--limit", "2"); len(got) != 2 || got[0][11] != all[0][11] || got[1][11] != all[1][11] {
		t.Errorf("--limit 2 gave %d rows", len(got))
	}
	if got := readCSV("--offset", "1", "--limit", "1"); len(got) != 1 || got[0][11] != all[1][11] {
		t.Errorf("--offset 1 --limit 1 gave %v, want measure %s", got, all[1][11])
	}
	for _, args := range [][]string{{"export", "q"}, {"export", "-o", "x.pdf", "q"}, {"export", "--format", "doc", "-o", "x", "q"},
		{"export", "-o", "x.csv", "--limit", "0"}, {"export", "-o", "x.csv", "--offset", "-1"}} {
		if code, _ := cli(args...); code != exitUsage {
			t.Errorf("%v: exit %d, want usage", args, code)
		}
	}
}
