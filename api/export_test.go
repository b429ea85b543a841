package api_test

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/api/export"
)

// searchTotal runs a search through the API and returns its total.
func searchTotal(t *testing.T, h *harness, query string) int {
	t.Helper()
	var res api.SearchResponse
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/measures/search?facets=&" + query}), http.StatusOK, &res)
	return int(res.Total)
}

func TestExportXLSX(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	query := "sort=date" // every measure: several pages
	total := searchTotal(t, h, query)
	if total <= 100 {
		t.Fatalf("want more than one page of hits, got %d", total)
	}
	rec := h.do(call{method: http.MethodGet, target: "/api/v1/export/measures.xlsx?limit=5&" + query})
	if rec.Code != http.StatusOK {
		t.Fatalf("export: %d %s", rec.Code, rec.Body.String())
	}
	if rec.Header().Get("X-Total-Count") != strconv.Itoa(total) || rec.Header().Get("X-Export-Truncated") != "false" ||
		!strings.Contains(rec.Header().Get("Content-Disposition"), ".xlsx") {
		t.Errorf("headers %v", rec.Header())
	}
	checkWorkbook(t, rec.Body.Bytes(), total)

	// The cap cuts the export and says so.
	capped := newServer(t, shared, api.Options{MaxExportRows: 30})
	rec = capped.do(call{method: http.MethodGet, target: "/api/v1/export/measures.xlsx?" + query})
	if rec.Header().Get("X-Export-Truncated") != "true" || rec.Header().Get("X-Export-Rows") != "30" {
		t.Errorf("capped headers %v", rec.Header())
	}
	checkWorkbook(t, rec.Body.Bytes(), 30)
}

// checkWorkbook reads an export back: header, frozen pane, autofilter,
// widths and one row per hit.
func checkWorkbook(t *testing.T, data []byte, rows int) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open xlsx: %v", err)
	}
	defer f.Close()
	all, err := f.GetRows(export.SheetName)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != rows+1 || !slices.Equal(all[0], export.Columns()) {
		t.Fatalf("%d rows (want %d + header), header %v", len(all), rows, all[0])
	}
	if all[1][0] != "1" || all[rows][0] != strconv.Itoa(rows) || all[1][8] == "" {
		t.Errorf("first row %v, last row %v", all[1], all[rows])
	}
	panes, err := f.GetPanes(export.SheetName)
	if err != nil || !panes.Freeze || panes.YSplit != 1 || panes.TopLeftCell != "A2" {
		t.Errorf("panes %+v (%v)", panes, err)
	}
	if w, err := f.GetColWidth(export.SheetName, "I"); err != nil || w < 50 {
		t.Errorf("measure column width %v (%v)", w, err)
	}
	filtered := false
	for _, dn := range f.GetDefinedName() {
		filtered = filtered || dn.Name == "_xlnm._FilterDatabase"
	}
	sheet := strings.ReplaceAll(sheetXML(t, data), "$", "") // excelize writes $A$1:$O$n
	lastCol, _ := excelize.ColumnNumberToName(len(export.Columns()))
	wantRef := `<autoFilter ref="A1:` + lastCol + strconv.Itoa(rows+1) + `"`
	if !filtered || !strings.Contains(sheet, wantRef) {
		i := strings.Index(sheet, "autoFilter")
		t.Errorf("autofilter: defined name %v, want %q in the sheet: %.80s", filtered, wantRef, sheet[max(i-1, 0):])
	}
}

// sheetXML returns the first worksheet's XML from an .xlsx.
func sheetXML(t *testing.T, data []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet1.xml" {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatal("no sheet1.xml")
	return ""
}

func TestExportCSV(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	query := "theme=D2&sort=date"
	total := searchTotal(t, h, query)
	rec := h.do(call{method: http.MethodGet, target: "/api/v1/export/measures.csv?" + query})
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("export: %d %v", rec.Code, rec.Header())
	}
	body := rec.Body.Bytes()
	if !bytes.HasPrefix(body, []byte("\xEF\xBB\xBF")) {
		t.Fatalf("no UTF-8 BOM: % x", body[:min(8, len(body))])
	}
	records, err := csv.NewReader(bytes.NewReader(body[3:])).ReadAll()
	if err != nil {
		t.Fatalf("parse csv: %v", err)
	}
	if len(records) != total+1 || !slices.Equal(records[0], export.Columns()) {
		t.Fatalf("%d records for %d hits, header %v", len(records), total, records[0])
	}
	for _, r := range records[1:] {
		if !strings.Contains(r[9], "D2 ") {
			t.Errorf("row without theme D2 named: %v", r[9])
		}
	}
	if rec := h.do(call{method: http.MethodGet, target: "/api/v1/export/measures.csv?from=2024-99-01", invalid: true}); rec.Code != http.StatusBadRequest {
		t.Errorf("bad export query: %d", rec.Code)
	}
}
