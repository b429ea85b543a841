package extract_test

import (
	"context"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/corpus/extract"
)

func randomBytes(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return b
}

// fakeTool writes an executable shell script and returns its path.
func fakeTool(t *testing.T, script string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "fake-tool")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatalf("write fake tool: %v", err)
	}
	return p
}

// TestBadFiles gives each kind of bad input and expects its reason, as an
// *extract.Error naming the file, never a panic or a silent empty text.
func TestBadFiles(t *testing.T) {
	docx := corpustest.Docx([]string{"一、整改工作开展情况", "局党组召开专题会议研究部署整改工作。"})
	page := corpustest.HTMLPageOptions{Title: "整改公示", Published: "2024-04-15", Publisher: "云岭市委巡察办"}
	bare := page
	bare.Bare = true

	tests := []struct {
		name   string
		file   string
		data   []byte
		opts   extract.Options
		tool   string
		reason extract.Reason
		detail string // a substring of Error.Detail
		also   error  // another error errors.Is must find
	}{
		{name: "empty file", file: "empty.txt", data: []byte{}, reason: extract.ErrEmpty},
		{name: "white space only", file: "blank.txt", data: []byte(" \r\n\t\n　\n"), reason: extract.ErrEmpty},
		{name: "binary renamed .txt", file: "photo.txt", data: randomBytes(4096), reason: extract.ErrBinary},
		{name: "control bytes renamed .txt", file: "dump.txt", data: []byte(strings.Repeat("ab\x01\x02\x03\x04", 100)), reason: extract.ErrBinary},
		{name: "random bytes named .pdf", file: "notice.pdf", data: randomBytes(4096), reason: extract.ErrCorrupt, detail: "%PDF-"},
		{name: "truncated pdf", file: "cut.pdf", data: readFixture(t, "minzheng.pdf")[:3000], tool: "pdftotext",
			reason: extract.ErrCorrupt, detail: "pdftotext"},
		{name: "random bytes named .docx", file: "notice.docx", data: randomBytes(4096), reason: extract.ErrCorrupt},
		{name: "truncated docx", file: "cut.docx", data: docx[:len(docx)/2], reason: extract.ErrCorrupt, detail: "zip"},
		{name: "docx with broken xml", file: "broken.docx", data: brokenXMLDocx(), reason: extract.ErrCorrupt, detail: "parse"},
		{name: "zip that is not a docx", file: "sheet.zip", data: zipWithout(), reason: extract.ErrUnsupported},
		{name: "random bytes named .doc", file: "notice.doc", data: randomBytes(4096), reason: extract.ErrCorrupt},
		{name: "unknown binary", file: "blob.bin", data: randomBytes(512), reason: extract.ErrUnsupported},
		{name: "zip bomb", file: "bomb.docx", data: corpustest.ZipBomb(), reason: extract.ErrZipBomb},
		{name: "docx over a small inflate cap", file: "small.docx", data: docx,
			opts: extract.Options{MaxDocxUncompressed: 200}, reason: extract.ErrZipBomb},
		{name: "docx with too many files", file: "many.docx", data: docx,
			opts: extract.Options{MaxDocxFiles: 2}, reason: extract.ErrZipBomb},
		{name: "page with navigation only", file: "list.html", data: corpustest.HTMLPage(page), reason: extract.ErrNoMainContent},
		{name: "bare page with navigation only", file: "list.htm", data: corpustest.HTMLPage(bare), reason: extract.ErrNoMainContent},
		{name: "pdf with no text layer", file: "scan.pdf", data: readFixture(t, "scan.pdf"), tool: "pdftotext",
			reason: extract.ErrNoTextLayer},
		{name: "file over MaxBytes", file: "big.txt", data: []byte(strings.Repeat("整改", 100)),
			opts: extract.Options{MaxBytes: 100}, reason: extract.ErrTooLarge},
		{name: "tool timeout of 1ns", file: "notice.pdf", data: readFixture(t, "minzheng.pdf"), tool: "pdftotext",
			opts: extract.Options{ToolTimeout: time.Nanosecond}, reason: extract.ErrToolTimeout, also: context.DeadlineExceeded},
		{name: "tool that hangs", file: "notice.pdf", data: readFixture(t, "minzheng.pdf"),
			opts:   extract.Options{ToolTimeout: 300 * time.Millisecond, PdftotextPath: fakeTool(t, "exec sleep 30")},
			reason: extract.ErrToolTimeout},
		{name: "pdftotext missing", file: "notice.pdf", data: readFixture(t, "minzheng.pdf"),
			opts: extract.Options{PdftotextPath: "/nonexistent/pdftotext"}, reason: extract.ErrToolMissing, detail: "poppler-utils"},
		{name: "catdoc and antiword missing", file: "notice.doc", data: readFixture(t, "minzheng.doc"),
			opts:   extract.Options{CatdocPath: "/nonexistent/catdoc", AntiwordPath: "/nonexistent/antiword"},
			reason: extract.ErrToolMissing, detail: "catdoc"},
		{name: "catdoc and antiword fail", file: "notice.doc", data: readFixture(t, "minzheng.doc"),
			opts: extract.Options{CatdocPath: fakeTool(t, "echo 'catdoc: not a Word file' >&2; exit 1"),
				AntiwordPath: fakeTool(t, "echo 'antiword: broken' >&2; exit 1")},
			reason: extract.ErrCorrupt, detail: "not a Word file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.tool != "" {
				needTool(t, tc.tool)
			}
			ex := extract.New(tc.opts, nil)
			path := filepath.Join(t.TempDir(), tc.file)
			if err := os.WriteFile(path, tc.data, 0o644); err != nil {
				t.Fatalf("write input: %v", err)
			}
			start := time.Now()
			for _, via := range []string{"File", "Bytes"} {
				var (
					doc *extract.Document
					err error
				)
				if via == "File" {
					doc, err = ex.File(context.Background(), path)
				} else {
					doc, err = ex.Bytes(context.Background(), tc.file, tc.data)
				}
				if err == nil {
					t.Fatalf("%s: no error; text %q", via, doc.Text)
				}
				if !errors.Is(err, tc.reason) {
					t.Fatalf("%s: %v, want reason %s", via, err, tc.reason)
				}
				xe, ok := errors.AsType[*extract.Error](err)
				if !ok {
					t.Fatalf("%s: %T is not an *extract.Error", via, err)
				}
				if xe.Path == "" || !strings.Contains(xe.Error(), string(tc.reason)) {
					t.Errorf("%s: error %q lacks the file or the reason code", via, xe.Error())
				}
				if !strings.Contains(xe.Detail, tc.detail) {
					t.Errorf("%s: detail %q, want it to hold %q", via, xe.Detail, tc.detail)
				}
				if tc.also != nil && !errors.Is(err, tc.also) {
					t.Errorf("%s: %v does not wrap %v", via, err, tc.also)
				}
			}
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("took %v", d)
			}
		})
	}
}

func TestReadErrors(t *testing.T) {
	ex := extract.New(extract.Options{}, nil)
	_, err := ex.File(context.Background(), filepath.Join(t.TempDir(), "missing.txt"))
	if !errors.Is(err, extract.ErrUnreadable) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing file: %v, want unreadable wrapping fs.ErrNotExist", err)
	}
	_, err = ex.File(context.Background(), t.TempDir())
	if !errors.Is(err, extract.ErrUnsupported) {
		t.Errorf("folder: %v, want unsupported", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = ex.Bytes(ctx, "a.txt", []byte("整改"))
	if !errors.Is(err, extract.ErrCanceled) || !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v, want canceled wrapping context.Canceled", err)
	}
	if errors.Is(err, extract.ErrEmpty) {
		t.Errorf("canceled error also matches another reason")
	}
}

// brokenXMLDocx is a zip with a well-formed package and a document.xml
// cut in the middle of a tag.
func brokenXMLDocx() []byte {
	return corpustest.ZipFiles(map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"word/document.xml": `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">` +
			`<w:body><w:p><w:r><w:t>整改</w:t></w:r></w:p><w:p><w:r><w:t`,
	})
}

// zipWithout is a zip archive of a spreadsheet: no word/document.xml.
func zipWithout() []byte {
	return corpustest.ZipFiles(map[string]string{
		"[Content_Types].xml": `<?xml version="1.0"?><Types/>`,
		"xl/workbook.xml":     `<?xml version="1.0"?><workbook/>`,
	})
}
