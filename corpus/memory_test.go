package corpus_test

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/corpus/extract"
)

// htmlCharset is the encoding of largeHTML: gb2312, as most such sites.
var htmlCharset = "gb2312"

// memUnit is one measure paragraph of the large inputs.
const memUnit = "召开党风廉政建设专题会议，研究部署整改工作，签订责任书36份；对低保资金发放情况开展专项检查，追回违规发放资金1.2万元。"

// largeHTML is a saved page of about size bytes: site chrome around an
// article of numbered problems and measures.
func largeHTML(size int) []byte {
	var paras []string
	n := size / (len(memUnit) + 60)
	for i := 0; i < n; i++ {
		if i%20 == 0 {
			paras = append(paras, fmt.Sprintf("（%s）关于第%d类问题落实不到位方面的问题", cnNumber(i/20%99+1), i/20+1))
		}
		paras = append(paras, fmt.Sprintf("%d.%s", i%20+1, memUnit))
	}
	return corpustest.HTMLPage(corpustest.HTMLPageOptions{
		Title: "中共云岭县民政局党组关于县委第三轮巡察整改进展情况的通报", Paragraphs: paras, Charset: htmlCharset,
		Published: "2024-09-20", Publisher: "云岭县民政局", Related: 20,
	})
}

// largeDocx is a .docx of about size bytes of document.xml, of distinct
// paragraphs that compress as Word text does (a few times), not to nothing.
func largeDocx(size int) []byte {
	pool := []rune(memUnit + "整改落实情况巡察反馈意见问题清单责任制度建设监督检查资金项目管理")
	seed := uint32(1)
	paras := []string{"中共云岭县民政局党组关于县委第三轮巡察整改进展情况的通报", "一、反馈问题整改落实情况"}
	for i, n := 0, 0; n < size; i++ {
		rs := make([]rune, 60)
		for j := range rs {
			seed = seed*1664525 + 1013904223
			rs[j] = pool[seed>>8%uint32(len(pool))]
		}
		p := fmt.Sprintf("%d.%s。", i%20+1, string(rs))
		paras = append(paras, p)
		n += len(p) + 60
	}
	return corpustest.Docx(paras)
}

// allocPerByte loads data as name through a Loader and returns the bytes
// allocated per input byte.
func allocPerByte(tb testing.TB, l *corpus.Loader, name string, data []byte) (float64, corpus.Result) {
	tb.Helper()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	r := l.Bytes(context.Background(), name, data)
	runtime.ReadMemStats(&after)
	return float64(after.TotalAlloc-before.TotalAlloc) / float64(len(data)), r
}

func benchLoad(b *testing.B, name string, data []byte) {
	l := newLoader(b, extract.Options{})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	var per float64
	for b.Loop() {
		var r corpus.Result
		per, r = allocPerByte(b, l, name, data)
		if r.Outcome == corpus.OutcomeFailed && !strings.HasSuffix(name, "bomb.docx") {
			b.Fatalf("%s: %v", name, r.Err)
		}
	}
	b.ReportMetric(per, "alloc-B/in-B")
}

// The benchmarks of issue 9, finding 9: bytes allocated per input byte of
// reading and parsing a large web page, a large .docx and a zip bomb.
//
//	go test ./corpus -run '^$' -bench 'BenchmarkLoad' -benchtime 3x
func BenchmarkLoadHTML(b *testing.B)    { benchLoad(b, "big.html", largeHTML(8<<20)) }
func BenchmarkLoadDocx(b *testing.B)    { benchLoad(b, "big.docx", largeDocx(4<<20)) }
func BenchmarkLoadZipBomb(b *testing.B) { benchLoad(b, "bomb.docx", corpustest.ZipBomb()) }

// denseDocx is a small .docx whose document.xml inflates to about xml
// bytes of real paragraphs: well under the zip-bomb cap, but text far
// beyond what a file of its size holds.
func denseDocx(xml int) []byte {
	paras := []string{"中共云岭县民政局党组关于县委第三轮巡察整改进展情况的通报", "一、反馈问题整改落实情况"}
	p := "1." + memUnit
	for n := 0; n < xml; n += len(p) + 60 {
		paras = append(paras, p)
	}
	return corpustest.Docx(paras)
}

// Issue 9, finding 9: a 600 KB .docx whose document.xml inflates to 100 MB
// of paragraphs (half the zip-bomb cap) was read and parsed whole: 2.8 GB
// allocated and 96 s. It is refused as a bomb by the ratio cap now, having
// allocated a small multiple of its size.
func TestDenseDocxIsRefusedCheaply(t *testing.T) {
	data := denseDocx(40 << 20)
	l := newLoader(t, extract.Options{})
	per, r := allocPerByte(t, l, "dense.docx", data)
	if !errors.Is(r.Err, extract.ErrZipBomb) {
		t.Fatalf("dense docx: %s %v, want zip_bomb", r.Outcome, r.Err)
	}
	t.Logf("dense docx %d bytes: %.1f bytes allocated per byte", len(data), per)
	if per > maxAllocPerByte {
		t.Fatalf("%.0f bytes allocated per input byte, bound %d", per, maxAllocPerByte)
	}
}

// maxAllocPerByte bounds the bytes allocated while reading and parsing a
// file, per byte of the file: measured 46 for a UTF-8 page, 69 for a GB2312
// one (2 bytes a character), about 30 per inflated byte for a .docx.
const maxAllocPerByte = 120

// The bound of issue 9, finding 9 on web pages, UTF-8 and GB2312: total
// allocation of reading and parsing stays within maxAllocPerByte of the
// page's size.
func TestLargePageAllocationIsBounded(t *testing.T) {
	l := newLoader(t, extract.Options{})
	for _, cs := range []string{"utf-8", "gb2312"} {
		htmlCharset = cs
		page := largeHTML(2 << 20)
		per, r := allocPerByte(t, l, "big.html", page)
		if r.Outcome != corpus.OutcomeParsed || len(r.Disclosure.Measures) < 1000 {
			t.Fatalf("%s page: %s %v", cs, r.Outcome, r.Err)
		}
		t.Logf("%s page of %d bytes: %.1f bytes allocated per byte, %d measures", cs, len(page), per, len(r.Disclosure.Measures))
		if per > maxAllocPerByte {
			t.Errorf("%s page: %.0f bytes allocated per byte, bound %d", cs, per, maxAllocPerByte)
		}
	}
	htmlCharset = "gb2312"
	doc := largeDocx(2 << 20)
	per, r := allocPerByte(t, l, "big.docx", doc)
	if r.Outcome != corpus.OutcomeParsed {
		t.Fatalf("docx: %s %v", r.Outcome, r.Err)
	}
	t.Logf("docx of %d bytes: %.1f bytes allocated per byte", len(doc), per)
	if per > maxAllocPerByte {
		t.Errorf("docx: %.0f bytes allocated per byte, bound %d", per, maxAllocPerByte)
	}
	bomb := corpustest.ZipBomb()
	per, r = allocPerByte(t, l, "bomb.docx", bomb)
	if !errors.Is(r.Err, extract.ErrZipBomb) {
		t.Fatalf("zip bomb: %s %v", r.Outcome, r.Err)
	}
	t.Logf("zip bomb of %d bytes refused: %.2f bytes allocated per byte", len(bomb), per)
	if per > 1 {
		t.Errorf("zip bomb: %.1f bytes allocated per byte, bound 1", per)
	}
}
