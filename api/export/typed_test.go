package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/zhenggai/zhenggai/api/export"
	"github.com/zhenggai/zhenggai/indexer"
)

// TestTypedWorkbook checks what an analyst gets in Excel: numbers and dates
// as typed cells, wrapped texts, the problem's title, the unit key, and a
// second sheet with the query that made the file.
func TestTypedWorkbook(t *testing.T) {
	lookups := 0
	titles := func(_ context.Context, id string) (export.Titles, error) {
		lookups++
		if id == "d2" {
			return export.Titles{}, errors.New("gone")
		}
		return export.Titles{Problems: map[[2]int]string{{2, 1}: "关于“三会一课”不规范的问题", {2, 2}: "关于“津补贴”的问题"}}, nil
	}
	q := indexer.Query{Text: "三会一课", Themes: []string{"D2"}, Year: []int{2024}}
	ex, err := export.Begin(context.Background(), &pager{n: 7}, q, export.Options{Skip: 2, MaxRows: 4, Titles: titles,
		UnitKey: func(u string) string { return "key:" + u }, Criteria: export.CriteriaOf(q)})
	if err != nil {
		t.Fatal(err)
	}
	if ex.Rows != 4 || !ex.Truncated || ex.Total != 7 {
		t.Fatalf("rows %d truncated %v total %d", ex.Rows, ex.Truncated, ex.Total)
	}
	var buf bytes.Buffer
	if n, err := ex.WriteXLSX(context.Background(), &buf); err != nil || n != 4 {
		t.Fatalf("wrote %d (%v)", n, err)
	}
	if lookups != 3 {
		t.Errorf("%d title look-ups for 3 disclosures", lookups)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(export.SheetName)
	if err != nil || len(rows) != 5 {
		t.Fatalf("%d rows (%v)", len(rows), err)
	}
	col := func(name string) int {
		for i, c := range export.Columns() {
			if c == name {
				return i
			}
		}
		t.Fatalf("no column %s", name)
		return -1
	}
	cell := func(row int, name string) string {
		c, _ := excelize.CoordinatesToCellName(col(name)+1, row)
		return c
	}
	// The first row written is hit 2 (two skipped): measure number 3.
	if got := rows[1][col("措施ID")]; got != "2" {
		t.Errorf("first exported hit %s, want 2 (after skipping 2)", got)
	}
	// Hit 2 is in disclosure d2, whose look-up fails: the cell stays empty
	// and the export goes on; hit 3 (d0) answers problem 2, hit 4 (d1) 1.
	for i, want := range []string{"", "关于“津补贴”的问题", "关于“三会一课”不规范的问题"} {
		if got := rows[1+i][col("问题标题")]; got != want {
			t.Errorf("problem title of row %d: %q, want %q", i+1, got, want)
		}
	}
	if got := rows[1][col("单位标识")]; got != "key:市卫健委党委" {
		t.Errorf("unit key %q", got)
	}
	for _, name := range []string{"序号", "类别", "问题", "措施序号"} {
		raw, err := f.GetCellValue(export.SheetName, cell(2, name), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if typ, _ := f.GetCellType(export.SheetName, cell(2, name)); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
			t.Errorf("%s is a text cell (%q)", name, raw)
		}
		if _, err := strconv.Atoi(raw); err != nil {
			t.Errorf("%s holds %q, not a number", name, raw)
		}
	}
	raw, _ := f.GetCellValue(export.SheetName, cell(2, "发布日期"), excelize.Options{RawCellValue: true})
	if serial, err := strconv.ParseFloat(raw, 64); err != nil || serial < 45397 || serial > 45398 { // 2024-04-15
		t.Errorf("date cell holds %q, want the serial of 2024-04-15", raw)
	}
	if shown, _ := f.GetCellValue(export.SheetName, cell(2, "发布日期")); shown == "" {
		t.Error("date cell shows nothing")
	}
	style := func(name string) *excelize.Style {
		id, err := f.GetCellStyle(export.SheetName, cell(2, name))
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := style("发布日期"); st.NumFmt != 14 {
		t.Errorf("date number format %d", st.NumFmt)
	}
	if st := style("整改措施"); st.Alignment == nil || !st.Alignment.WrapText {
		t.Error("measure text not wrapped")
	}
	crit, err := f.GetRows(export.CriteriaSheet)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"查询": "三会一课", "主题": "D2", "年份": "2024", "命中总数": "7", "导出行数": "4", "跳过": "2"}
	got := map[string]string{}
	for _, r := range crit[1:] {
		if len(r) == 2 {
			got[r[0]] = r[1]
		}
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("criteria %s = %q, want %q (sheet %v)", k, got[k], v, crit)
		}
	}
	if _, ok := got["说明"]; !ok {
		t.Error("a truncated export does not say so on the criteria sheet")
	}
}

// TestSkipCSV: the CSV takes the same slice, and a skip past the end
// writes the header alone.
func TestSkipCSV(t *testing.T) {
	for _, tt := range []struct{ skip, max, rows int }{{0, 3, 3}, {5, 0, 2}, {7, 0, 0}, {9, 0, 0}} {
		ex, err := export.Begin(context.Background(), &pager{n: 7}, indexer.Query{}, export.Options{Skip: tt.skip, MaxRows: tt.max})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		n, err := ex.WriteCSV(context.Background(), &buf)
		if err != nil || n != tt.rows || ex.Rows != tt.rows {
			t.Errorf("skip %d cap %d: wrote %d, Rows %d (%v), want %d", tt.skip, tt.max, n, ex.Rows, err, tt.rows)
		}
		recs, _ := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).ReadAll()
		if tt.rows > 0 && recs[1][col0("措施ID")] != strconv.Itoa(tt.skip) {
			t.Errorf("skip %d: first hit %s", tt.skip, recs[1][col0("措施ID")])
		}
	}
	if _, err := export.Begin(context.Background(), &pager{n: 7}, indexer.Query{}, export.Options{Skip: indexer.MaxOffset + 1}); !errors.Is(err, indexer.ErrInvalidQuery) {
		t.Errorf("skip past MaxOffset: %v", err)
	}
}

func col0(name string) int {
	for i, c := range export.Columns() {
		if c == name {
			return i
		}
	}
	return -1
}
