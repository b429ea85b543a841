package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// metaCharsetRe finds a charset declaration anywhere in the first bytes of a
// page, for pages whose meta tag sits past the 1024 bytes the standard
// prescan reads.
var metaCharsetRe = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_\-:.]+)`)

// metaScan is how far into a page a charset declaration is looked for.
const metaScan = 8 << 10

// decodeHTML decodes a page: BOM, then the declared charset, then sniffing.
// Every GB label is decoded as GB18030; a page labelled GB whose bytes are
// valid UTF-8 is taken as UTF-8, and a page labelled UTF-8 whose bytes are
// not is sniffed.
func decodeHTML(name string, data []byte) (string, string, error) {
	if hasPrefix(data, bomUTF8) || hasPrefix(data, bomUTF16L) || hasPrefix(data, bomUTF16B) {
		s, enc, err := decodeText(name, data)
		if err != nil {
			return "", "", err
		}
		return s, enc, nil
	}
	label := declaredCharset(data)
	valid := utf8.Valid(data)
	switch {
	case label == "":
		if valid {
			return string(data), EncUTF8, nil
		}
		if _, ok := mostlyUTF8(data); ok {
			return validUTF8(data), EncUTF8, nil
		}
		enc, l := sniffLegacy(data)
		return decodeWith(name, data, enc, l)
	case isGBLabel(label):
		if valid && hasMultibyte(data) {
			return string(data), EncUTF8, nil
		}
		return decodeWith(name, data, simplifiedchinese.GB18030, EncGB18030)
	case label == "utf-8" || strings.HasPrefix(label, "utf-16"):
		if valid {
			return string(data), EncUTF8, nil
		}
		if _, ok := mostlyUTF8(data); ok {
			return validUTF8(data), EncUTF8, nil
		}
		enc, l := sniffLegacy(data)
		return decodeWith(name, data, enc, l)
	}
	enc, canonical := charset.Lookup(label)
	if enc == nil || enc == encoding.Replacement {
		if valid {
			return string(data), EncUTF8, nil
		}
		enc, canonical = sniffLegacy(data)
	}
	return decodeWith(name, data, enc, canonical)
}

// declaredCharset returns the canonical name (as charset.Lookup gives it) of
// the charset a page declares in a meta tag, or "" when it declares none or
// declares windows-1252, which on Chinese pages is never right.
func declaredCharset(data []byte) string {
	_, name, certain := charset.DetermineEncoding(data, "")
	if !certain && name != "windows-1252" && name != "" {
		return name
	}
	head := data
	if len(head) > metaScan {
		head = head[:metaScan]
	}
	m := metaCharsetRe.FindSubmatch(head)
	if m == nil {
		return ""
	}
	if _, n := charset.Lookup(string(m[1])); n != "" && n != "windows-1252" {
		return n
	}
	if isGBLabel(string(m[1])) {
		return EncGB18030
	}
	return ""
}

// hasMultibyte reports whether data holds any byte above ASCII.
func hasMultibyte(data []byte) bool {
	for _, c := range data {
		if c >= 0x80 {
			return true
		}
	}
	return false
}
