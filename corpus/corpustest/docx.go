package corpustest

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"slices"
	"strings"
)

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`</Types>`

const docxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`</Relationships>`

const docxDocRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`

const docxHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`

const docxTail = `<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>` +
	`<w:pgMar w:top="1440" w:right="1800" w:bottom="1440" w:left="1800" w:header="851" w:footer="992" w:gutter="0"/>` +
	`</w:sectPr></w:body></w:document>`

// Docx returns a minimal valid .docx (Office Open XML, written with
// archive/zip) holding one paragraph per element of paragraphs, then the
// given tables, each a list of rows of cell texts. A tab in a paragraph
// becomes <w:tab/>, a newline <w:br/>.
func Docx(paragraphs []string, tables ...[][]string) []byte {
	var doc strings.Builder
	doc.WriteString(docxHead)
	for _, p := range paragraphs {
		writeParagraph(&doc, p)
	}
	for _, t := range tables {
		doc.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>`)
		for _, row := range t {
			doc.WriteString(`<w:tr>`)
			for _, cell := range row {
				doc.WriteString(`<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>`)
				writeParagraph(&doc, cell)
				doc.WriteString(`</w:tc>`)
			}
			doc.WriteString(`</w:tr>`)
		}
		doc.WriteString(`</w:tbl><w:p/>`)
	}
	doc.WriteString(docxTail)
	return zipFiles([][2]string{
		{"[Content_Types].xml", docxContentTypes},
		{"_rels/.rels", docxRels},
		{"word/_rels/document.xml.rels", docxDocRels},
		{"word/document.xml", doc.String()},
	})
}

// writeParagraph writes one w:p with runs split at tabs and newlines.
func writeParagraph(b *strings.Builder, p string) {
	b.WriteString(`<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr>`)
	start := 0
	for i, r := range p {
		if r != '\t' && r != '\n' {
			continue
		}
		writeText(b, p[start:i])
		if r == '\t' {
			b.WriteString(`<w:tab/>`)
		} else {
			b.WriteString(`<w:br/>`)
		}
		start = i + 1
	}
	writeText(b, p[start:])
	b.WriteString(`</w:r></w:p>`)
}

func writeText(b *strings.Builder, s string) {
	if s == "" {
		return
	}
	b.WriteString(`<w:t xml:space="preserve">`)
	var esc bytes.Buffer
	_ = xml.EscapeText(&esc, []byte(s)) // writes to memory: cannot fail
	b.Write(esc.Bytes())
	b.WriteString(`</w:t>`)
}

// ZipFiles returns a deflated zip archive of the given files (name →
// content), written in name order: broken or odd .docx files for tests.
func ZipFiles(files map[string]string) []byte {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	slices.Sort(names)
	pairs := make([][2]string, 0, len(names))
	for _, n := range names {
		pairs = append(pairs, [2]string{n, files[n]})
	}
	return zipFiles(pairs)
}

// zipFiles writes name/content pairs as a deflated zip archive.
func zipFiles(files [][2]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		w, err := zw.Create(f[0])
		if err != nil {
			panic("corpustest: zip create: " + err.Error())
		}
		if _, err := w.Write([]byte(f[1])); err != nil {
			panic("corpustest: zip write: " + err.Error())
		}
	}
	if err := zw.Close(); err != nil {
		panic("corpustest: zip close: " + err.Error())
	}
	return buf.Bytes()
}
