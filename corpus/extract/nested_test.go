package extract_test

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/extract"
)

// nestedTitlePage is a page of about size bytes opening with depth nested
// elements whose class says title around a long text, each a heading
// candidate holding all of it, then the article.
func nestedTitlePage(depth, size int) []byte {
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><title>中共云岭县民政局党组关于巡察整改进展情况的通报</title></head><body>`)
	b.WriteString(strings.Repeat(`<div class="title">`, depth))
	for b.Len() < size {
		b.WriteString("<span>巡察整改进展情况的通报</span>")
	}
	b.WriteString(strings.Repeat(`</div>`, depth))
	b.WriteString(`<div class="content">`)
	for i := range 200 {
		fmt.Fprintf(&b, "<p>%d.召开党风廉政建设专题会议，研究部署整改工作，签订责任书36份；追回违规发放资金1.2万元。</p>", i%20+1)
	}
	b.WriteString(`</div></body></html>`)
	return []byte(b.String())
}

// Issue 9, finding 9: every element whose class says "title" was rendered
// whole to test it as the page heading; a page nesting hundreds of them
// around its article allocated hundreds of times its size.
func TestNestedTitlesAllocateLittle(t *testing.T) {
	page := nestedTitlePage(300, 1<<20)
	ex := extract.New(extract.Options{}, nil)
	runtime.GC()
	var a, z runtime.MemStats
	runtime.ReadMemStats(&a)
	doc, err := ex.Bytes(context.Background(), "nested.html", page)
	runtime.ReadMemStats(&z)
	if err != nil {
		t.Fatal(err)
	}
	per := float64(z.TotalAlloc-a.TotalAlloc) / float64(len(page))
	t.Logf("%d bytes, %d nested titles: %.1f bytes allocated per byte; %d bytes of text", len(page), 300, per, len(doc.Text))
	if per > 60 {
		t.Fatalf("%.0f bytes allocated per byte of the page, bound 60", per)
	}
}
