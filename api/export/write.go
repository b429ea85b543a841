package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhenggai/zhenggai/indexer"
)

// SheetName is the name of the workbook's one sheet.
const SheetName = "整改措施"

// bom is the UTF-8 byte-order mark that starts the CSV.
const bom = "\xEF\xBB\xBF"

// Write writes the export in format f to w and returns the rows written.
func (e *Export) Write(ctx context.Context, f Format, w io.Writer) (int, error) {
	switch f {
	case XLSX:
		return e.WriteXLSX(ctx, w)
	case CSV:
		return e.WriteCSV(ctx, w)
	}
	return 0, fmt.Errorf("write export: unknown format %q (want xlsx or csv)", f)
}

// WriteCSV writes a header and one row per hit, UTF-8 with a BOM, flushing
// every page.
func (e *Export) WriteCSV(ctx context.Context, w io.Writer) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(bom); err != nil {
		return 0, fmt.Errorf("write csv: %w", err)
	}
	cw := csv.NewWriter(bw)
	if err := cw.Write(Columns()); err != nil {
		return 0, fmt.Errorf("write csv: %w", err)
	}
	n, err := e.each(ctx, func(i int, h indexer.Hit) error {
		cells := e.row(ctx, i, h)
		for j, v := range cells {
			cells[j] = defuse(v)
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
		if (i+1)%indexer.MaxLimit == 0 {
			cw.Flush()
			if err := cw.Error(); err != nil {
				return err
			}
			return bw.Flush()
		}
		return nil
	})
	cw.Flush()
	err = errors.Join(err, cw.Error(), bw.Flush())
	if err != nil {
		return n, fmt.Errorf("write csv: %w", err)
	}
	return n, nil
}

// defuse keeps a spreadsheet from reading a cell as a formula.
func defuse(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// WriteXLSX builds the workbook (header frozen, autofilter on, widths set)
// and writes it to w.
func (e *Export) WriteXLSX(ctx context.Context, w io.Writer) (int, error) {
	f, n, err := e.XLSX(ctx)
	if err != nil {
		return n, err
	}
	defer f.Close()
	if _, err := f.WriteTo(w); err != nil {
		return n, fmt.Errorf("write xlsx: %w", err)
	}
	return n, nil
}

// XLSX builds the workbook; the caller writes and closes it. Nothing is
// written anywhere until then, so a failed page leaves no partial file.
func (e *Export) XLSX(ctx context.Context) (*excelize.File, int, error) {
	f := excelize.NewFile()
	n, err := e.fill(ctx, f)
	if err != nil {
		return nil, n, errors.Join(fmt.Errorf("build xlsx: %w", err), f.Close())
	}
	return f, n, nil
}

// fill streams the header and the rows into f's one sheet.
func (e *Export) fill(ctx context.Context, f *excelize.File) (int, error) {
	if err := f.SetSheetName(f.GetSheetName(0), SheetName); err != nil {
		return 0, err
	}
	sw, err := f.NewStreamWriter(SheetName)
	if err != nil {
		return 0, err
	}
	for i, wd := range columnWidths() {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return 0, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return 0, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}})
	if err != nil {
		return 0, err
	}
	if err := sw.SetRow("A1", cells(Columns()), excelize.RowOpts{StyleID: bold}); err != nil {
		return 0, err
	}
	st, err := newStyles(f)
	if err != nil {
		return 0, err
	}
	n, err := e.each(ctx, func(i int, h indexer.Hit) error {
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		return sw.SetRow(cell, st.typed(e.row(ctx, i, h)))
	})
	if err != nil {
		return n, err
	}
	last, err := excelize.CoordinatesToCellName(len(Columns()), n+1)
	if err != nil {
		return n, err
	}
	// The autofilter lands in the streamed sheet because it is set before
	// Flush, on the worksheet the stream writer holds.
	if err := f.AutoFilter(SheetName, "A1:"+last, nil); err != nil {
		return n, err
	}
	if err := sw.Flush(); err != nil {
		return n, err
	}
	return n, e.criteriaSheet(f, n, bold)
}

// CriteriaSheet is the name of the workbook's second sheet, which says
// what made the export.
const CriteriaSheet = "查询条件"

// criteriaSheet writes Options.Criteria and the counts to the second sheet.
func (e *Export) criteriaSheet(f *excelize.File, rows, bold int) error {
	if _, err := f.NewSheet(CriteriaSheet); err != nil {
		return err
	}
	lines := [][]any{{"条件", "值"}}
	for _, c := range e.opts.Criteria {
		lines = append(lines, []any{c.Name, c.Value})
	}
	lines = append(lines, []any{"命中总数", e.Total}, []any{"导出行数", rows})
	if e.opts.Skip > 0 {
		lines = append(lines, []any{"跳过", e.opts.Skip})
	}
	if e.Truncated {
		lines = append(lines, []any{"说明", fmt.Sprintf("结果超过 %d 行，只导出前 %d 行", e.opts.MaxRows, rows)})
	}
	for i, l := range lines {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		if err := f.SetSheetRow(CriteriaSheet, cell, &l); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(CriteriaSheet, "A1", "B1", bold); err != nil {
		return err
	}
	if err := f.SetColWidth(CriteriaSheet, "A", "A", 14); err != nil {
		return err
	}
	return f.SetColWidth(CriteriaSheet, "B", "B", 60)
}

// styles are the cell styles of the measure sheet's rows.
type styles struct{ wrap, date int }

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	top := &excelize.Alignment{Vertical: "top", WrapText: true}
	if st.wrap, err = f.NewStyle(&excelize.Style{Alignment: top}); err != nil {
		return st, err
	}
	// Number format 14 is the locale's short date (yyyy/m/d in Chinese Excel).
	if st.date, err = f.NewStyle(&excelize.Style{NumFmt: 14, Alignment: &excelize.Alignment{Vertical: "top"}}); err != nil {
		return st, err
	}
	return st, nil
}

// typed turns a row's strings into cells: counts and numbers as numbers,
// the publication date as a date, long texts wrapped. An empty optional
// number stays an empty cell.
func (st styles) typed(vs []string) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		switch i {
		case colSeq, colCategory, colProblem, colNumber:
			if n, err := strconv.Atoi(v); err == nil {
				out[i] = n
			} else {
				out[i] = nil
			}
		case colPublished:
			if d, err := time.Parse(time.DateOnly, v); err == nil {
				out[i] = excelize.Cell{StyleID: st.date, Value: d}
			} else {
				out[i] = v
			}
		case colText, colCategoryTitle, colProblemTitle, colTitle, colThemes, colUnit:
			out[i] = excelize.Cell{StyleID: st.wrap, Value: v}
		default:
			out[i] = v
		}
	}
	return out
}

// cells turns strings into row values.
func cells(vs []string) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}
