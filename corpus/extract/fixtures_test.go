package extract_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/zhenggai/zhenggai/corpus/extract"
)

// squeeze drops all white space, so that text compares whatever line
// wrapping and spacing a converter added.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// source reads a fixture source: paragraphs, and table rows ("a|b|c").
func source(t *testing.T, name string) (paragraphs []string, rows [][]string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "src", name))
	if err != nil {
		t.Fatalf("read source: %v", err)
	}
	for _, line := range nonEmptyLines(string(b)) {
		if strings.Contains(line, "|") {
			rows = append(rows, strings.Split(line, "|"))
		} else {
			paragraphs = append(paragraphs, line)
		}
	}
	return paragraphs, rows
}

// needTool skips a test whose external program is not installed; .ci/run
// installs them.
func needTool(t *testing.T, prog string) {
	t.Helper()
	if _, err := exec.LookPath(prog); err != nil {
		t.Skipf("%s not installed (.ci/run installs it)", prog)
	}
}

// TestFixtures reads our own invented disclosures in each committed format
// and expects every source paragraph (ignoring white space), table rows
// kept as rows where the format allows, and the page data.
func TestFixtures(t *testing.T) {
	minzheng, minzhengRows := source(t, "minzheng.txt")
	jiaotong, _ := source(t, "jiaotong.txt")
	weijian, _ := source(t, "weijian.txt")

	tests := []struct {
		name       string
		file       string
		tool       string
		format     string
		encoding   string
		paragraphs []string
		rows       [][]string // must appear as tab-separated lines
		cells      [][]string // must each appear somewhere
		page       extract.PageMeta
		absent     []string
	}{
		{name: "pdf made by LibreOffice", file: "minzheng.pdf", tool: "pdftotext", format: "pdf", encoding: "utf-8",
			paragraphs: minzheng, cells: minzhengRows},
		{name: "docx with a table made by LibreOffice", file: "minzheng.docx", format: "docx", encoding: "utf-8",
			paragraphs: minzheng, rows: minzhengRows},
		{name: "Word 97 doc made by LibreOffice", file: "minzheng.doc", tool: "catdoc", format: "doc", encoding: "utf-8",
			paragraphs: minzheng, rows: minzhengRows},
		{name: "UTF-16LE text", file: "jiaotong-utf16.txt", format: "txt", encoding: "utf-16le", paragraphs: jiaotong},
		{name: "saved page in GB18030 labelled gb2312", file: "weijian-page.html", format: "html", encoding: "gb18030",
			paragraphs: weijian[1:], // the title is the page's heading, not part of the article
			page: extract.PageMeta{
				Title:     weijian[0],
				Published: "2024-03-08",
				Publisher: "青川区卫生健康局",
				IndexNo:   "11510000MB1520000A/2024-00109",
			},
			absent: []string{"028-8000000", "您现在的位置", "打印本页", "上一篇", "图片新闻", "网站首页", "人民中路", "字体"}},
	}
	ex := extract.New(extract.Options{}, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.tool != "" {
				needTool(t, tc.tool)
			}
			doc, err := ex.File(context.Background(), filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatalf("File: %v", err)
			}
			if doc.Format != tc.format || doc.Encoding != tc.encoding {
				t.Errorf("format %q encoding %q, want %q %q", doc.Format, doc.Encoding, tc.format, tc.encoding)
			}
			text := squeeze(doc.Text)
			for _, p := range tc.paragraphs {
				if !strings.Contains(text, squeeze(p)) {
					t.Errorf("text lacks paragraph %q\ntext:\n%s", p, doc.Text)
				}
			}
			lines := map[string]bool{}
			for _, l := range nonEmptyLines(doc.Text) {
				lines[l] = true
			}
			for _, row := range tc.rows {
				if want := strings.Join(row, "\t"); !lines[want] {
					t.Errorf("no line %q (a table row, tab-separated)\ntext:\n%s", want, doc.Text)
				}
			}
			for _, row := range tc.cells {
				for _, cell := range row {
					if !strings.Contains(text, squeeze(cell)) {
						t.Errorf("text lacks table cell %q", cell)
					}
				}
			}
			if doc.Page != tc.page {
				t.Errorf("page %+v, want %+v", doc.Page, tc.page)
			}
			for _, a := range tc.absent {
				if strings.Contains(doc.Text, a) {
					t.Errorf("text holds page chrome %q", a)
				}
			}
		})
	}
}
