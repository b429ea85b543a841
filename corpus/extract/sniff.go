package extract

import (
	"archive/zip"
	"bytes"
	"path/filepath"
	"strings"
	"unicode/utf16"
)

// extFormat returns the format the extension of name names, or "".
func extFormat(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text":
		return FormatTXT
	case ".html", ".htm", ".shtml", ".xhtml":
		return FormatHTML
	case ".docx":
		return FormatDOCX
	case ".pdf":
		return FormatPDF
	case ".doc":
		return FormatDOC
	}
	return ""
}

// Supported reports whether path has an extension Walk picks up: .txt,
// .text, .html, .htm, .shtml, .xhtml, .docx, .pdf or .doc (any case).
// Hidden files and Word lock files (~$…) are not supported.
func Supported(path string) bool {
	base := filepath.Base(path)
	if strings.HasPrefix(base, ".") || strings.HasPrefix(base, "~$") {
		return false
	}
	return extFormat(path) != ""
}

// Signatures sniffed at the start of a file.
const (
	magicOLE2 = "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
	magicZip  = "PK\x03\x04"
	magicPDF  = "%PDF-"
	bomUTF8   = "\xEF\xBB\xBF"
	bomUTF16L = "\xFF\xFE"
	bomUTF16B = "\xFE\xFF"
)

func hasPrefix(b []byte, prefix string) bool {
	return len(b) >= len(prefix) && string(b[:len(prefix)]) == prefix
}

// sniffFormat decides the format from content first, the extension of name
// second.
func sniffFormat(name string, data []byte) (string, error) {
	ext := extFormat(name)
	head := data
	if len(head) > 1024 {
		head = head[:1024]
	}
	switch {
	case hasPrefix(bytes.TrimLeft(head, " \t\r\n"), magicPDF):
		return FormatPDF, nil
	case hasPrefix(data, magicOLE2):
		return FormatDOC, nil
	case hasPrefix(data, magicZip) || (ext == FormatDOCX && bytes.HasPrefix(data, []byte("PK"))):
		if ext == FormatDOCX {
			return FormatDOCX, nil // a broken zip is reported by the docx reader
		}
		if isDocx(data) {
			return FormatDOCX, nil
		}
		return "", newError(name, ErrUnsupported, "zip archive without word/document.xml", nil)
	case looksHTML(head):
		return FormatHTML, nil
	}
	textual := looksText(data)
	switch ext {
	case FormatPDF:
		if textual {
			return FormatTXT, nil
		}
		return "", newError(name, ErrCorrupt, "no %PDF- header", nil)
	case FormatDOCX:
		if textual {
			return FormatTXT, nil
		}
		return "", newError(name, ErrCorrupt, "not a zip archive", nil)
	case FormatDOC:
		if bytes.HasPrefix(data, []byte(`{\rtf`)) {
			return "", newError(name, ErrUnsupported, "RTF saved as .doc", nil)
		}
		if textual {
			return FormatTXT, nil
		}
		return "", newError(name, ErrCorrupt, "no OLE2 header", nil)
	case FormatHTML:
		return FormatHTML, nil
	case FormatTXT:
		return FormatTXT, nil // binary content is reported by the text reader
	}
	if textual {
		return FormatTXT, nil
	}
	return "", newError(name, ErrUnsupported, "unknown binary format", nil)
}

// isDocx reports whether data is a zip holding word/document.xml.
func isDocx(data []byte) bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return false
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			return true
		}
	}
	return false
}

// looksHTML reports whether the start of a file, after a BOM, whitespace and
// comments, opens an HTML tag.
func looksHTML(head []byte) bool {
	s := sniffPrefix(head)
	for range 8 {
		s = strings.TrimLeft(s, " \t\r\n\f")
		if !strings.HasPrefix(s, "<!--") {
			break
		}
		end := strings.Index(s, "-->")
		if end < 0 {
			return false
		}
		s = s[end+3:]
	}
	s = strings.ToLower(s)
	for _, p := range [...]string{
		"<!doctype html", "<html", "<head", "<body", "<meta", "<title", "<script",
		"<style", "<div", "<table", "<p>", "<p ", "<h1", "<h2", "<br", "<font", "<a ", "<?xml",
	} {
		if strings.HasPrefix(s, p) {
			if p == "<?xml" {
				return strings.Contains(s, "<html")
			}
			return true
		}
	}
	return false
}

// sniffPrefix returns head as a string to look for tags in: UTF-16 with a
// BOM is decoded, a UTF-8 BOM dropped.
func sniffPrefix(head []byte) string {
	switch {
	case hasPrefix(head, bomUTF8):
		return string(head[3:])
	case hasPrefix(head, bomUTF16L), hasPrefix(head, bomUTF16B):
		le := head[0] == 0xFF
		b := head[2:]
		u := make([]uint16, 0, len(b)/2)
		for i := 0; i+1 < len(b); i += 2 {
			if le {
				u = append(u, uint16(b[i])|uint16(b[i+1])<<8)
			} else {
				u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
			}
		}
		return string(utf16.Decode(u))
	}
	return string(head)
}

// looksText reports whether data reads as text in some encoding: UTF-16 with
// a BOM, or no NUL bytes and few control bytes.
func looksText(data []byte) bool {
	if hasPrefix(data, bomUTF16L) || hasPrefix(data, bomUTF16B) {
		return true
	}
	return binaryReason(data) == ""
}

// binaryReason says why data is not text, or "" when it may be.
func binaryReason(data []byte) string {
	if bytes.IndexByte(data, 0) >= 0 {
		return "NUL bytes"
	}
	ctl := 0
	for _, c := range data {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1A && c != 0x1B {
			ctl++
		}
		if c == 0x7F {
			ctl++
		}
	}
	if ctl*20 > len(data) { // more than 5 % control bytes
		return "control bytes"
	}
	return ""
}
