package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"testing"

	"github.com/zhenggai/zhenggai/api/export"
	"github.com/zhenggai/zhenggai/indexer"
)

// pager is a fake index of n hits that pages by search_after like the real
// one and records the queries it saw.
type pager struct {
	n       int
	failAt  int // the query (1-based) that fails; 0 never
	queries []indexer.Query
}

func (p *pager) Search(_ context.Context, q indexer.Query) (*indexer.Result, error) {
	p.queries = append(p.queries, q)
	if len(p.queries) == p.failAt {
		return nil, errors.New("index went away")
	}
	start := q.Offset
	if len(q.SearchAfter) == 2 {
		i, _ := strconv.Atoi(q.SearchAfter[1])
		start = i + 1
	}
	res := &indexer.Result{Total: uint64(p.n), Limit: q.Limit}
	for i := start; i < min(start+q.Limit, p.n); i++ {
		prob := 1 + i%2
		res.Hits = append(res.Hits, indexer.Hit{ID: strconv.Itoa(i), Text: fmt.Sprintf("=措施%d", i),
			Themes: []string{"D2"}, Sort: []string{"1", strconv.Itoa(i)}, DisclosureID: "d" + strconv.Itoa(i%3),
			Unit: "市卫健委党委", Category: 2, Problem: &prob, Number: i + 1, Published: "2024-04-15"})
	}
	return res, nil
}

func TestPagingAndCap(t *testing.T) {
	for _, tt := range []struct{ n, max, rows int }{{0, 0, 0}, {250, 0, 250}, {250, 120, 120}, {100, 100, 100}} {
		p := &pager{n: tt.n}
		ex, err := export.Begin(context.Background(), p, indexer.Query{Offset: 40, Limit: 5, Facets: []string{"unit"}}, export.Options{MaxRows: tt.max})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		n, err := ex.WriteCSV(context.Background(), &buf)
		if err != nil || n != tt.rows || ex.Rows != tt.rows || ex.Truncated != (tt.rows < tt.n) {
			t.Errorf("%d hits, cap %d: wrote %d (%v), Rows %d, Truncated %v", tt.n, tt.max, n, err, ex.Rows, ex.Truncated)
		}
		recs, err := csv.NewReader(bytes.NewReader(buf.Bytes()[3:])).ReadAll()
		if err != nil || len(recs) != tt.rows+1 {
			t.Errorf("%d records (%v)", len(recs), err)
		}
		if tt.rows > 0 && recs[1][8] != "'=措施0" {
			t.Errorf("formula-like cell not defused: %q", recs[1][8])
		}
		for _, q := range p.queries {
			if q.Offset != 0 || q.Limit != indexer.MaxLimit || q.Facets != nil || q.Highlight {
				t.Errorf("export query %+v", q)
			}
		}
	}
}

func TestPageFailure(t *testing.T) {
	p := &pager{n: 250, failAt: 2}
	ex, err := export.Begin(context.Background(), p, indexer.Query{}, export.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := ex.XLSX(context.Background()); err == nil {
		t.Error("a failed page built a workbook")
	}
	if _, err := export.Begin(context.Background(), &pager{failAt: 1}, indexer.Query{}, export.Options{}); err == nil {
		t.Error("a failed first page began an export")
	}
}

// BenchmarkExportCap writes a capped export of DefaultMaxRows rows in each
// format from the fake index: the cost of the export code alone.
func BenchmarkExportCap(b *testing.B) {
	for _, f := range []export.Format{export.CSV, export.XLSX} {
		b.Run(string(f), func(b *testing.B) {
			for b.Loop() {
				ex, err := export.Begin(context.Background(), &pager{n: export.DefaultMaxRows + 1}, indexer.Query{}, export.Options{})
				if err != nil {
					b.Fatal(err)
				}
				var buf bytes.Buffer
				if n, err := ex.Write(context.Background(), f, &buf); err != nil || n != export.DefaultMaxRows {
					b.Fatal(n, err)
				}
				b.ReportMetric(float64(buf.Len())/1e6, "MB")
			}
		})
	}
}
