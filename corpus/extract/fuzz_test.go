package extract_test

import (
	"context"
	"errors"
	"testing"
	"unicode/utf8"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/corpus/extract"
)

// FuzzBytes feeds arbitrary bytes as .txt, .html and .docx: Bytes must
// return a document of valid UTF-8 or an *extract.Error, never panic. The
// external tools are pointed at paths that do not exist, so PDF and Word
// content found by sniffing ends as ErrToolMissing without a subprocess.
func FuzzBytes(f *testing.F) {
	names := []string{"a.txt", "a.html", "a.docx"}
	f.Add(uint8(0), []byte("按照市委统一部署，现将整改情况予以公示。\r\n一是完善制度。"))
	f.Add(uint8(0), corpustest.GBK("按照市委统一部署，现将整改情况予以公示。"))
	f.Add(uint8(0), corpustest.UTF16LE("一是完善制度，二是加强监督。"))
	f.Add(uint8(1), corpustest.HTMLPage(corpustest.HTMLPageOptions{Title: "公示", Paragraphs: []string{
		"按照市委统一部署，市委第一巡察组对市财政局党组开展了常规巡察，现将整改情况予以公示。", "一是完善制度，二是加强监督。"},
		Published: "2024-04-15", Publisher: "市财政局", IndexNo: "1/2024-1"}))
	f.Add(uint8(1), []byte(`<div id="zoom"><p>现将整改情况予以公示，一是完善制度，二是加强监督。</p><table><tr><td>1<td><p>x</table>`))
	f.Add(uint8(2), corpustest.Docx([]string{"整改台账", "序号\t内容"}, [][]string{{"1", "制度不健全"}}))
	f.Add(uint8(2), []byte("PK\x03\x04garbage"))
	ex := extract.New(extract.Options{
		MaxDocxUncompressed: 1 << 20,
		PdftotextPath:       "/nonexistent/pdftotext",
		CatdocPath:          "/nonexistent/catdoc",
		AntiwordPath:        "/nonexistent/antiword",
	}, nil)
	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		name := names[int(kind)%len(names)]
		doc, err := ex.Bytes(context.Background(), name, data)
		if err != nil {
			if _, ok := errors.AsType[*extract.Error](err); !ok {
				t.Fatalf("error %T is not an *extract.Error: %v", err, err)
			}
			return
		}
		if !utf8.ValidString(doc.Text) {
			t.Errorf("text is not valid UTF-8")
		}
		if doc.Text == "" {
			t.Errorf("a document with no text and no error")
		}
	})
}
