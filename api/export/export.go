// Package export writes a measure search, every hit of it up to a cap, as
// an Excel workbook (.xlsx) or a CSV file. The HTTP API and the
// `zhenggai export` command share it.
//
// # Basics
//
// [Begin] runs the first page (so that a bad query fails before anything is
// written) and reports the total; [Export.WriteXLSX] and [Export.WriteCSV]
// then page through the rest with search_after, 100 hits a page, never
// with deep offsets. Both formats have the same columns ([Columns]).
//
// The workbook is written with excelize's StreamWriter: the header row is
// bold and frozen, an autofilter covers the table, and column widths are
// set. The CSV is UTF-8 with a byte-order mark, so that Excel and WPS on
// Chinese Windows do not read it as GBK; cells that a spreadsheet would
// take for a formula (leading = + - @) are prefixed with an apostrophe.
//
// # Caveats
//
//   - At most Options.MaxRows rows (DefaultMaxRows, 100,000) are written;
//     Export.Truncated says when the search had more.
//   - Paging follows the sort keys of the hits, so measures ingested while
//     an export runs may or may not appear in it; none appears twice.
package export

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/zhenggai/zhenggai/indexer"
)

// DefaultMaxRows is the row cap of Options.MaxRows' zero value.
const DefaultMaxRows = 100_000

// Format is an export file format.
type Format string

// The formats.
const (
	XLSX Format = "xlsx"
	CSV  Format = "csv"
)

// ContentType returns the media type of a format.
func (f Format) ContentType() string {
	if f == XLSX {
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	return "text/csv; charset=utf-8"
}

// Searcher runs measure searches (*library.Library).
type Searcher interface {
	Search(ctx context.Context, q indexer.Query) (*indexer.Result, error)
}

// Options configure an export. The zero value is usable.
type Options struct {
	// MaxRows caps the rows written; zero means DefaultMaxRows.
	MaxRows int
	// Skip is how many hits of the search to leave out first (the CLI's
	// --offset); at most indexer.MaxOffset.
	Skip int
	// ThemeName, when set, names theme ids in the themes column
	// ("D2 三会一课等组织生活"); otherwise ids alone are written.
	ThemeName func(id string) string
	// UnitKey, when set, fills the unit-key column (the canonical key that
	// groups spellings of one unit).
	UnitKey func(unit string) string
	// Titles, when set, looks up the category and problem titles of a
	// disclosure, to fill the problem-title column. Looked-up disclosures
	// are cached for the export's duration (at most titleCacheSize).
	Titles func(ctx context.Context, disclosureID string) (Titles, error)
	// Criteria describe what made the export (the query, each filter, who
	// asked); the workbook lists them on its second sheet, in order.
	Criteria []Criterion
}

// Criterion is one line of the workbook's criteria sheet.
type Criterion struct {
	Name, Value string
}

// Titles are the headings of one disclosure that measures point to.
type Titles struct {
	// Categories maps a category number to its title.
	Categories map[int]string
	// Problems maps a category number and a problem number to the
	// restated problem's title.
	Problems map[[2]int]string
}

// titleCacheSize bounds the disclosures whose titles one export keeps.
const titleCacheSize = 4096

// Export is a search being exported.
type Export struct {
	s     Searcher
	q     indexer.Query
	opts  Options
	first *indexer.Result
	// titles caches Options.Titles by disclosure id.
	titles map[string]Titles
	// Total is how many measures the search found.
	Total uint64
	// Rows is how many rows will be written: Total up to the cap.
	Rows int
	// Truncated is true when Total exceeds the cap.
	Truncated bool
}

// Begin checks q by running its first page. Paging, facets and highlights
// of q are ignored: an export holds every hit, in q's sort order.
func Begin(ctx context.Context, s Searcher, q indexer.Query, opts Options) (*Export, error) {
	if opts.MaxRows <= 0 {
		opts.MaxRows = DefaultMaxRows
	}
	if opts.Skip < 0 || opts.Skip > indexer.MaxOffset {
		return nil, fmt.Errorf("export search: %w: skip %d is outside 0…%d", indexer.ErrInvalidQuery, opts.Skip, indexer.MaxOffset)
	}
	q.Limit, q.Offset, q.SearchAfter, q.Facets, q.FacetSize, q.Highlight = indexer.MaxLimit, opts.Skip, nil, nil, 0, false
	q.Collapse = false // an export lists every measure
	res, err := s.Search(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("export search: %w", err)
	}
	q.Offset = 0 // later pages follow search_after
	e := &Export{s: s, q: q, opts: opts, first: res, Total: res.Total, titles: map[string]Titles{}}
	left := uint64(0)
	if res.Total > uint64(opts.Skip) {
		left = res.Total - uint64(opts.Skip)
	}
	e.Rows = int(min(left, uint64(opts.MaxRows)))
	e.Truncated = left > uint64(opts.MaxRows)
	return e, nil
}

// each calls fn with every hit up to the cap, paging with search_after. It
// returns how many hits it passed.
func (e *Export) each(ctx context.Context, fn func(i int, h indexer.Hit) error) (int, error) {
	res, q, n := e.first, e.q, 0
	for {
		for _, h := range res.Hits {
			if n >= e.opts.MaxRows {
				return n, nil
			}
			if err := fn(n, h); err != nil {
				return n, err
			}
			n++
		}
		if len(res.Hits) < q.Limit || n >= e.opts.MaxRows {
			return n, nil
		}
		last := res.Hits[len(res.Hits)-1]
		if len(last.Sort) == 0 {
			return n, fmt.Errorf("export page after %d rows: hit %s has no sort key", n, last.ID)
		}
		q.SearchAfter = last.Sort
		var err error
		if res, err = e.s.Search(ctx, q); err != nil {
			return n, fmt.Errorf("export page after %d rows: %w", n, err)
		}
	}
}

// Columns are the header cells of both formats, in order.
func Columns() []string {
	// New columns go at the end: scripts read the first ones by position.
	return []string{"序号", "单位", "轮次", "发布日期", "类别", "类别名称", "问题", "措施序号", "整改措施", "主题", "标题", "措施ID", "通报ID",
		"问题标题", "单位标识"}
}

// The positions of Columns that the workbook types or wraps.
const (
	colSeq = iota
	colUnit
	colRound
	colPublished
	colCategory
	colCategoryTitle
	colProblem
	colNumber
	colText
	colThemes
	colTitle
	colMeasureID
	colDisclosureID
	colProblemTitle
	colUnitKey
)

// columnWidths are the .xlsx widths of Columns, in characters.
func columnWidths() []float64 {
	return []float64{7, 30, 24, 12, 6, 36, 6, 8, 90, 30, 44, 22, 22, 40, 24}
}

// row returns the cells of hit h, the i-th (0-based) of the export.
func (e *Export) row(ctx context.Context, i int, h indexer.Hit) []string {
	optInt := func(p *int) string {
		if p == nil {
			return ""
		}
		return strconv.Itoa(*p)
	}
	themes := make([]string, 0, len(h.Themes))
	for _, id := range h.Themes {
		if e.opts.ThemeName != nil {
			if name := e.opts.ThemeName(id); name != "" {
				id += " " + name
			}
		}
		themes = append(themes, id)
	}
	unitKey := ""
	if e.opts.UnitKey != nil && h.Unit != "" {
		unitKey = e.opts.UnitKey(h.Unit)
	}
	return []string{strconv.Itoa(i + 1), h.Unit, h.RoundLabel, h.Published, strconv.Itoa(h.Category),
		h.CategoryTitle, optInt(h.Problem), strconv.Itoa(h.Number), h.Text, strings.Join(themes, "; "),
		h.Title, h.ID, h.DisclosureID, e.problemTitle(ctx, h), unitKey}
}

// problemTitle returns the title of the restated problem h answers, or ""
// when it answers none (its category's title has a column of its own). A
// failed look-up leaves the cell empty: the export goes on.
func (e *Export) problemTitle(ctx context.Context, h indexer.Hit) string {
	if e.opts.Titles == nil || h.DisclosureID == "" {
		return ""
	}
	t, ok := e.titles[h.DisclosureID]
	if !ok {
		var err error
		if t, err = e.opts.Titles(ctx, h.DisclosureID); err != nil {
			t = Titles{}
		}
		if len(e.titles) >= titleCacheSize {
			clear(e.titles)
		}
		e.titles[h.DisclosureID] = t
	}
	if h.Problem == nil {
		return ""
	}
	return t.Problems[[2]int{h.Category, *h.Problem}]
}
