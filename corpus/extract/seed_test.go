package extract_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/corpus/extract"
)

// nonEmptyLines returns the trimmed non-empty lines of s.
func nonEmptyLines(s string) []string {
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		if t := strings.TrimSpace(line); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// diffLines reports the first difference between two line lists.
func diffLines(t *testing.T, got, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	for i := range max(len(got), len(want)) {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("%d lines, want %d; first difference at line %d:\n got: %q\nwant: %q", len(got), len(want), i+1, g, w)
			return
		}
	}
}

// TestSeedVariants reads the real seed disclosure in the formats users have,
// each built at test time, and expects the seed's lines back.
func TestSeedVariants(t *testing.T) {
	seed := string(corpustest.Seed(t))
	want := nonEmptyLines(seed)
	page := extract.PageMeta{
		Title:     want[1],
		Published: "2024-04-15",
		Publisher: "中共拉萨市教育局党组",
		IndexNo:   "11540100MB0000000X/2024-00042",
	}
	htmlOpts := corpustest.HTMLPageOptions{
		Title: page.Title, Paragraphs: want, Published: page.Published,
		Publisher: page.Publisher, IndexNo: page.IndexNo,
	}
	bare := htmlOpts
	bare.Bare = true
	utf8Page := htmlOpts
	utf8Page.Charset = "utf-8"
	utf8Page.Meta = true

	tests := []struct {
		name     string
		file     string
		data     []byte
		format   string
		encoding string
		page     extract.PageMeta
	}{
		{"utf-8 text", "seed.txt", []byte(seed), "txt", "utf-8", extract.PageMeta{}},
		{"utf-8 text with BOM", "seed.txt", append([]byte("\xEF\xBB\xBF"), seed...), "txt", "utf-8", extract.PageMeta{}},
		{"gbk text", "seed.txt", corpustest.GBK(seed), "txt", "gb18030", extract.PageMeta{}},
		{"gbk text with CRLF", "seed.txt", corpustest.GBK(strings.ReplaceAll(seed, "\n", "\r\n")), "txt", "gb18030", extract.PageMeta{}},
		{"utf-16le text", "seed.txt", corpustest.UTF16LE(seed), "txt", "utf-16le", extract.PageMeta{}},
		{"gb2312 page with site chrome", "seed.html", corpustest.HTMLPage(htmlOpts), "html", "gb18030", page},
		{"gb2312 page without class or id hints", "seed.htm", corpustest.HTMLPage(bare), "html", "gb18030", page},
		{"utf-8 page with meta tags", "seed.html", corpustest.HTMLPage(utf8Page), "html", "utf-8", page},
		{"page saved as .txt", "seed.txt", corpustest.HTMLPage(htmlOpts), "html", "gb18030", page},
		{"docx", "seed.docx", corpustest.Docx(strings.Split(seed, "\n")), "docx", "utf-8", extract.PageMeta{}},
		{"docx named .doc", "seed.doc", corpustest.Docx(want), "docx", "utf-8", extract.PageMeta{}},
	}
	ex := extract.New(extract.Options{}, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := ex.Bytes(context.Background(), tc.file, tc.data)
			if err != nil {
				t.Fatalf("Bytes: %v", err)
			}
			if doc.Format != tc.format || doc.Encoding != tc.encoding {
				t.Errorf("format %q encoding %q, want %q %q", doc.Format, doc.Encoding, tc.format, tc.encoding)
			}
			diffLines(t, nonEmptyLines(doc.Text), want)
			for _, chrome := range []string{corpustest.DefaultSitePhone, "当前位置", "首页", "打印", "分享", "相关链接", corpustest.DefaultSiteAddress} {
				if strings.Contains(doc.Text, chrome) {
					t.Errorf("text holds page chrome %q", chrome)
				}
			}
			if doc.Page != tc.page {
				t.Errorf("page %+v, want %+v", doc.Page, tc.page)
			}
			if doc.Bytes != int64(len(tc.data)) || len(doc.SHA256) != 64 {
				t.Errorf("bytes %d sha256 %q, want %d and a hex digest", doc.Bytes, doc.SHA256, len(tc.data))
			}
		})
	}
}
