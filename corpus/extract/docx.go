package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Namespaces of WordprocessingML: transitional and strict.
const (
	nsWordTransitional = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWordStrict       = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMarkupCompat     = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// errInflateCap is returned by countingReader past the cap.
var errInflateCap = errors.New("uncompressed size over the cap")

// countingReader counts what a zip entry inflates to and fails past the
// budget shared by every entry of one archive.
type countingReader struct {
	r      io.Reader
	budget *int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.budget -= int64(n)
	if *c.budget < 0 {
		return n, errInflateCap
	}
	return n, err
}

// docx reads the paragraphs and tables of the main document part.
func (e *Extractor) docx(name string, data []byte) (*Document, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, newError(name, ErrCorrupt, "open zip", err)
	}
	if len(zr.File) > e.opts.MaxDocxFiles {
		return nil, newError(name, ErrZipBomb, fmt.Sprintf("%d files, limit %d", len(zr.File), e.opts.MaxDocxFiles), nil)
	}
	budget := e.opts.MaxDocxUncompressed
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[f.Name] = f
	}
	main := "word/document.xml"
	if rels, ok := files["_rels/.rels"]; ok {
		if target, err := officeDocument(rels, &budget); err == nil && target != "" {
			if _, ok := files[target]; ok {
				main = target
			}
		} else if errors.Is(err, errInflateCap) {
			return nil, e.bomb(name)
		}
	}
	f, ok := files[main]
	if !ok {
		return nil, newError(name, ErrCorrupt, "no "+main+" in the archive", nil)
	}
	// First inflate to nowhere, counting, so that a bomb is told apart from
	// broken XML whatever it holds; then parse. The main part may inflate
	// to MaxDocxRatio times the file at most.
	ratioCap := max(int64(e.opts.MaxDocxRatio)*int64(len(data)), DocxRatioFloor)
	mainBudget := ratioCap
	if err := drain(f, &budget, &mainBudget); err != nil {
		if errors.Is(err, errInflateCap) {
			if budget >= 0 && mainBudget < 0 {
				return nil, newError(name, ErrZipBomb, fmt.Sprintf("%s inflates past %d bytes, %d times the file", main, ratioCap, e.opts.MaxDocxRatio), nil)
			}
			return nil, e.bomb(name)
		}
		return nil, newError(name, ErrCorrupt, "read "+main, err)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, newError(name, ErrCorrupt, "open "+main, err)
	}
	defer rc.Close()
	parseBudget := e.opts.MaxDocxUncompressed
	text, err := wordText(&countingReader{r: rc, budget: &parseBudget})
	if err != nil {
		if errors.Is(err, errInflateCap) {
			return nil, e.bomb(name)
		}
		return nil, newError(name, ErrCorrupt, "parse "+main, err)
	}
	if strings.TrimSpace(text) == "" {
		return nil, newError(name, ErrEmpty, "no text in the document", nil)
	}
	return &Document{Text: text, Encoding: EncUTF8}, nil
}

func (e *Extractor) bomb(name string) *Error {
	return newError(name, ErrZipBomb, fmt.Sprintf("inflates past %d bytes", e.opts.MaxDocxUncompressed), nil)
}

// DocxRatioFloor is the least the main part of a .docx may inflate to,
// whatever the file's size.
const DocxRatioFloor = 8 << 20

// drain inflates f to nowhere, counting against every budget.
func drain(f *zip.File, budgets ...*int64) error {
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("open %s: %w", f.Name, err)
	}
	defer rc.Close()
	var r io.Reader = rc
	for _, b := range budgets {
		r = &countingReader{r: r, budget: b}
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		return fmt.Errorf("inflate %s: %w", f.Name, err)
	}
	return nil
}

// officeDocument returns the main part named by the package relationships.
func officeDocument(f *zip.File, budget *int64) (string, error) {
	rc, err := f.Open()
	if err != nil {
		return "", fmt.Errorf("open %s: %w", f.Name, err)
	}
	defer rc.Close()
	var rels struct {
		Rel []struct {
			Type   string `xml:"Type,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.NewDecoder(&countingReader{r: rc, budget: budget}).Decode(&rels); err != nil {
		return "", fmt.Errorf("decode %s: %w", f.Name, err)
	}
	for _, r := range rels.Rel {
		if strings.HasSuffix(r.Type, "/officeDocument") {
			return strings.TrimPrefix(path.Clean("/"+r.Target), "/"), nil
		}
	}
	return "", nil
}

// wordState tracks where the decoder is in document.xml.
type wordState struct {
	out       strings.Builder
	line      strings.Builder // current paragraph outside tables
	cell      strings.Builder // current table cell
	row       []string        // cells of the current top-level row
	tblDepth  int
	inText    bool // inside w:t
	skipDepth int  // inside w:pPr, w:rPr, mc:Fallback …
}

func isWord(n xml.Name) bool {
	return n.Space == nsWordTransitional || n.Space == nsWordStrict
}

// wordText turns WordprocessingML into lines: a paragraph per line, a table
// row per line with its cells tab-separated.
func wordText(r io.Reader) (string, error) {
	d := xml.NewDecoder(r)
	d.Strict = true
	var s wordState
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", fmt.Errorf("read token: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			s.start(t.Name)
		case xml.EndElement:
			s.end(t.Name)
		case xml.CharData:
			if s.inText && s.skipDepth == 0 {
				s.write(string(t))
			}
		}
	}
	s.flushLine()
	return strings.TrimRight(s.out.String(), "\n"), nil
}

func (s *wordState) write(t string) {
	if s.tblDepth > 0 {
		s.cell.WriteString(t)
	} else {
		s.line.WriteString(t)
	}
}

// paragraphBreak ends a paragraph or a line break: a new line outside
// tables, a space inside a cell.
func (s *wordState) paragraphBreak() {
	if s.tblDepth > 0 {
		if s.cell.Len() > 0 && !strings.HasSuffix(s.cell.String(), " ") {
			s.cell.WriteByte(' ')
		}
		return
	}
	s.flushLine()
}

func (s *wordState) flushLine() {
	s.out.WriteString(s.line.String())
	s.out.WriteByte('\n')
	s.line.Reset()
}

func (s *wordState) start(n xml.Name) {
	if s.skipDepth > 0 {
		s.skipDepth++
		return
	}
	if n.Space == nsMarkupCompat && n.Local == "Fallback" {
		s.skipDepth = 1
		return
	}
	if !isWord(n) {
		return
	}
	switch n.Local {
	case "pPr", "rPr", "sectPr", "tblPr", "trPr", "tcPr", "tblGrid", "del", "instrText", "delText":
		s.skipDepth = 1
	case "p":
		if s.line.Len() > 0 && s.tblDepth == 0 {
			s.flushLine() // a paragraph nested in a text box
		}
	case "t":
		s.inText = true
	case "tab", "ptab":
		s.write("\t")
	case "br", "cr":
		s.paragraphBreak()
	case "noBreakHyphen":
		s.write("-")
	case "tbl":
		if s.tblDepth == 0 && s.line.Len() > 0 {
			s.flushLine()
		}
		s.tblDepth++
	case "tc":
		if s.tblDepth == 1 {
			s.cell.Reset()
		}
	}
}

func (s *wordState) end(n xml.Name) {
	if s.skipDepth > 0 {
		s.skipDepth--
		return
	}
	if !isWord(n) {
		return
	}
	switch n.Local {
	case "t":
		s.inText = false
	case "p":
		s.paragraphBreak()
	case "tc":
		if s.tblDepth == 1 {
			s.row = append(s.row, strings.TrimSpace(s.cell.String()))
			s.cell.Reset()
		} else if s.cell.Len() > 0 {
			s.cell.WriteByte(' ')
		}
	case "tr":
		if s.tblDepth == 1 {
			s.out.WriteString(strings.Join(s.row, "\t"))
			s.out.WriteByte('\n')
			s.row = s.row[:0]
		}
	case "tbl":
		if s.tblDepth > 0 {
			s.tblDepth--
		}
	}
}
