package indexer_test

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer"
)

// TestSearchObeysDeadline: a search whose context is done answers with the
// context's error, not a result.
func TestSearchObeysDeadline(t *testing.T) {
	ix, _, _ := openTest(t)
	ctx, cancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer cancel()
	_, err := ix.Search(ctx, indexer.Query{Text: "整改 三会一课 干部队伍建设不到位", Highlight: true, Collapse: true})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("search past its deadline: %v", err)
	}
	cctx, ccancel := context.WithCancel(context.Background())
	ccancel()
	if _, err := ix.Search(cctx, indexer.Query{Unit: []string{"教育局"}}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled search: %v", err)
	}
}

// TestHugeMeasureBounded (issue 9, finding 2): a measure of ~100,000
// characters (indexing one of 800,000 takes minutes on a loaded machine)
// costs a search a bounded highlight and bounded memory with a query of
// sixteen parts.
func TestHugeMeasureBounded(t *testing.T) {
	ctx := context.Background()
	ix, err := indexer.Open(ctx, "", indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	clause := "加强干部队伍建设，严格落实三会一课制度，规范公务接待管理，"
	huge := strings.Repeat(clause, 100_000/len([]rune(clause)))
	d := &corpus.Disclosure{ID: "huge", Kind: corpus.KindRectification, Unit: "中共云岭县巨长局党组", Measures: []corpus.Measure{
		{ID: "huge-001", Number: 1, Text: huge},
		{ID: "huge-002", Number: 2, Text: "严格落实三会一课制度。"},
	}}
	if err := ix.Add(ctx, d); err != nil {
		t.Fatal(err)
	}
	q := indexer.Query{Text: "三会一课 干部 队伍 建设 公务 接待 管理 规范 严格 落实 制度 加强 队伍建设 公务接待 三会 一课", Highlight: true, Limit: 10}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	res, err := ix.Search(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if res.Total == 0 {
		t.Fatal("the huge measure was not found")
	}
	for _, h := range res.Hits {
		if len(h.Highlight) > 16<<10 { // a 4 KB window plus its marks
			t.Errorf("%s: highlight of %d bytes for a %d-byte text", h.ID, len(h.Highlight), len(h.Text))
		}
	}
	// The text itself is returned (300 KB); highlighting and scoring add a
	// bounded amount on top (bleve's term locations, used before, grew
	// with every occurrence: gigabytes for measures of 800,000 characters).
	if grown := after.TotalAlloc - before.TotalAlloc; grown > 64<<20 {
		t.Errorf("one search allocated %d MB", grown>>20)
	}
}
