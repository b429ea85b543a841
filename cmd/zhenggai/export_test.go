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
	for _, args := range [][]string{{"export", "q"}, {"export", "-o", "x.pdf", "q"}, {"export", "--format", "doc", "-o", "x", "q"}} {
		if code, _ := cli(args...); code != exitUsage {
			t.Errorf("%v: exit %d, want usage", args, code)
		}
	}
}
