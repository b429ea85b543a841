package extract

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"time"
)

// Formats reported in Document.Format.
const (
	FormatTXT  = "txt"
	FormatHTML = "html"
	FormatDOCX = "docx"
	FormatPDF  = "pdf"
	FormatDOC  = "doc"
)

// Defaults for the zero values of Options.
const (
	DefaultMaxBytes            = 50 << 20
	DefaultMaxDocxUncompressed = 200 << 20
	DefaultMaxDocxFiles        = 10000
	DefaultMaxDocxRatio        = 40
	DefaultToolTimeout         = 60 * time.Second
)

// Document is the decoded text of one file.
type Document struct {
	// Text is the decoded text, one paragraph per line ("\n"), not otherwise
	// normalised. For a web page it is the main content only.
	Text string
	// Format is one of txt, html, docx, pdf, doc.
	Format string
	// Encoding is the encoding the bytes were decoded from: utf-8,
	// utf-16le, utf-16be, gb18030 (every GB label), big5, … Formats whose
	// text comes out of a tool or a zip (docx, pdf, doc) report utf-8.
	Encoding string
	// Replaced counts the invalid byte sequences of a text or page read as
	// UTF-8 that were replaced by U+FFFD (a damaged byte, a file cut
	// mid-character); 0 when the bytes were valid.
	Replaced int
	// Page holds the data of a web page's chrome and meta tags; zero for
	// other formats.
	Page PageMeta
	// Bytes is the size of the original file.
	Bytes int64
	// SHA256 is the hex digest of the original bytes.
	SHA256 string
}

// PageMeta is what a saved web page says about its article outside of it.
type PageMeta struct {
	// Title is <meta name="ArticleTitle">, else the main heading, else <title>.
	Title string
	// Published is the ISO date (YYYY-MM-DD) from 发布时间/发布日期, meta
	// PubDate, 成文日期 or 日期, in that order; "" when absent.
	Published string
	// Publisher is 来源/信息来源/发布机构, else meta ContentSource.
	Publisher string
	// IndexNo is 信息索引号.
	IndexNo string
}

// Options set the limits and tools of an Extractor. Zero values take the
// Default* constants and the tools found on PATH.
type Options struct {
	// MaxBytes is the largest file read; default 50 MiB.
	MaxBytes int64
	// MaxDocxUncompressed caps what a .docx may inflate to, counted while
	// reading (zip headers are not trusted); default 200 MiB.
	MaxDocxUncompressed int64
	// MaxDocxFiles caps the number of files in a .docx; default 10000.
	MaxDocxFiles int
	// MaxDocxRatio caps what the main part of a .docx may inflate to, as a
	// multiple of the file's size (never below DocxRatioFloor); default 40.
	// Word's document.xml inflates some 3–15 times; a small file whose text
	// inflates hundreds of times under MaxDocxUncompressed is a bomb too:
	// reading and parsing all of it took GBs (issue 9).
	MaxDocxRatio int
	// ToolTimeout bounds each run of pdftotext, catdoc or antiword;
	// default 60s.
	ToolTimeout time.Duration
	// PdftotextPath, CatdocPath and AntiwordPath override the programs
	// looked up on PATH (tests point them at fakes).
	PdftotextPath string
	CatdocPath    string
	AntiwordPath  string
}

// Extractor reads files into Documents. It is safe for concurrent use.
type Extractor struct {
	opts Options
	log  *slog.Logger
}

// Log attribute keys.
const (
	logKeyPath     = "path"
	logKeyFormat   = "format"
	logKeyEncoding = "encoding"
	logKeyTool     = "tool"
	logKeyErr      = "err"
)

// New returns an Extractor with opts, zero fields replaced by defaults. A nil
// logger discards.
func New(opts Options, logger *slog.Logger) *Extractor {
	if opts.MaxBytes <= 0 {
		opts.MaxBytes = DefaultMaxBytes
	}
	if opts.MaxDocxUncompressed <= 0 {
		opts.MaxDocxUncompressed = DefaultMaxDocxUncompressed
	}
	if opts.MaxDocxFiles <= 0 {
		opts.MaxDocxFiles = DefaultMaxDocxFiles
	}
	if opts.MaxDocxRatio <= 0 {
		opts.MaxDocxRatio = DefaultMaxDocxRatio
	}
	if opts.ToolTimeout <= 0 {
		opts.ToolTimeout = DefaultToolTimeout
	}
	if opts.PdftotextPath == "" {
		opts.PdftotextPath = "pdftotext"
	}
	if opts.CatdocPath == "" {
		opts.CatdocPath = "catdoc"
	}
	if opts.AntiwordPath == "" {
		opts.AntiwordPath = "antiword"
	}
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Extractor{opts: opts, log: logger}
}

// File reads and decodes the file at path. The external tools read the file
// in place.
func (e *Extractor) File(ctx context.Context, path string) (*Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, newError(path, ErrCanceled, "", err)
	}
	data, err := e.Read(ctx, path)
	if err != nil {
		return nil, err
	}
	return e.extract(ctx, path, path, data)
}

// Bytes decodes data as the file called name; the format comes from
// sniffing data, then from the extension of name. PDF and Word files are
// written to a temporary file for the external tools.
func (e *Extractor) Bytes(ctx context.Context, name string, data []byte) (*Document, error) {
	if err := ctx.Err(); err != nil {
		return nil, newError(name, ErrCanceled, "", err)
	}
	return e.extract(ctx, name, "", data)
}

func (e *Extractor) tooLarge(path string, size int64) *Error {
	return newError(path, ErrTooLarge, fmt.Sprintf("%d bytes, limit %d", size, e.opts.MaxBytes), nil)
}

// extract dispatches on the sniffed format. onDisk is the path of data on
// disk, or "" when it only lives in memory.
func (e *Extractor) extract(ctx context.Context, name, onDisk string, data []byte) (*Document, error) {
	if int64(len(data)) > e.opts.MaxBytes {
		return nil, e.tooLarge(name, int64(len(data)))
	}
	if len(data) == 0 {
		return nil, newError(name, ErrEmpty, "0 bytes", nil)
	}
	format, err := sniffFormat(name, data)
	if err != nil {
		return nil, err
	}
	var doc *Document
	switch format {
	case FormatTXT:
		doc, err = e.text(name, data)
	case FormatHTML:
		doc, err = e.html(name, data)
	case FormatDOCX:
		doc, err = e.docx(name, data)
	case FormatPDF:
		doc, err = e.pdf(ctx, name, onDisk, data)
	case FormatDOC:
		doc, err = e.doc(ctx, name, onDisk, data)
	default:
		err = newError(name, ErrUnsupported, "format "+format, nil)
	}
	if err != nil {
		var xe *Error
		if !errors.As(err, &xe) {
			err = newError(name, ErrCorrupt, "", err)
		}
		return nil, err
	}
	doc.Format = format
	doc.Bytes = int64(len(data))
	sum := sha256.Sum256(data)
	doc.SHA256 = hex.EncodeToString(sum[:])
	e.log.DebugContext(ctx, "extracted", slog.String(logKeyPath, name),
		slog.String(logKeyFormat, format), slog.String(logKeyEncoding, doc.Encoding))
	return doc, nil
}
