package extract

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"
	"golang.org/x/text/encoding/unicode"
)

// Encoding names reported in Document.Encoding.
const (
	EncUTF8    = "utf-8"
	EncUTF16LE = "utf-16le"
	EncUTF16BE = "utf-16be"
	EncGB18030 = "gb18030"
	EncBig5    = "big5"
)

// sniffSample is how much of a file the charset detector sees.
const sniffSample = 64 << 10

// text decodes a plain-text file.
func (e *Extractor) text(name string, data []byte) (*Document, error) {
	s, enc, err := decodeText(name, data)
	if err != nil {
		return nil, err
	}
	s = normalizeNewlines(s)
	if strings.TrimSpace(s) == "" {
		return nil, newError(name, ErrEmpty, "no text", nil)
	}
	return &Document{Text: s, Encoding: enc, Replaced: replacedIn(enc, data)}, nil
}

// decodeText decodes data by BOM, UTF-8 validity, then sniffing; binary
// content is refused.
func decodeText(name string, data []byte) (string, string, error) {
	switch {
	case hasPrefix(data, bomUTF8):
		data = data[3:]
		if why := binaryReason(data); why != "" {
			return "", "", newError(name, ErrBinary, why, nil)
		}
		return string(bytes.ToValidUTF8(data, []byte("\uFFFD"))), EncUTF8, nil
	case hasPrefix(data, bomUTF16L):
		return decodeWith(name, data, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), EncUTF16LE)
	case hasPrefix(data, bomUTF16B):
		return decodeWith(name, data, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), EncUTF16BE)
	}
	if why := binaryReason(data); why != "" {
		return "", "", newError(name, ErrBinary, why, nil)
	}
	if utf8.Valid(data) {
		return string(data), EncUTF8, nil
	}
	if _, ok := mostlyUTF8(data); ok {
		return string(bytes.ToValidUTF8(data, []byte("\uFFFD"))), EncUTF8, nil
	}
	enc, label := sniffLegacy(data)
	return decodeWith(name, data, enc, label)
}

// utf8Majority is how many valid multi-byte UTF-8 characters a text needs
// per invalid sequence to be read as UTF-8 with the invalid bytes replaced.
// GB18030 or Big5 text forms a valid UTF-8 sequence only by chance, a few
// times in a page, so real legacy text never comes near.
const utf8Majority = 20

// mostlyUTF8 counts the invalid sequences of data (a run of bad bytes is one)
// and reports whether the rest is overwhelmingly valid multi-byte UTF-8: a
// UTF-8 text with a damaged byte or cut mid-character.
func mostlyUTF8(data []byte) (bad int, ok bool) {
	multi := 0
	inBad := false
	for i := 0; i < len(data); {
		c := data[i]
		if c < utf8.RuneSelf {
			i++
			inBad = false
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			if !inBad {
				bad++
			}
			inBad = true
			i++
			continue
		}
		inBad = false
		multi++
		i += size
	}
	return bad, bad > 0 && multi >= utf8Majority*bad
}

// replacedIn counts the invalid sequences replaced when data was read as
// UTF-8 (enc); 0 for other encodings and for valid UTF-8.
func replacedIn(enc string, data []byte) int {
	if enc != EncUTF8 || utf8.Valid(data) {
		return 0
	}
	bad, _ := mostlyUTF8(data)
	return bad
}

func decodeWith(name string, data []byte, enc encoding.Encoding, label string) (string, string, error) {
	out, err := enc.NewDecoder().Bytes(data)
	if err != nil {
		return "", "", newError(name, ErrCorrupt, "decode "+label, err)
	}
	s := strings.ToValidUTF8(string(out), "\uFFFD")
	s = strings.TrimPrefix(s, "\uFEFF")
	if label == EncUTF16LE || label == EncUTF16BE {
		if strings.ContainsRune(s, 0) {
			return "", "", newError(name, ErrBinary, "NUL characters in "+label, nil)
		}
	}
	return s, label, nil
}

// sniffLegacy picks the decoder of bytes that are not valid UTF-8. Every GB
// label maps to GB18030, the superset of GB2312 and GBK, and GB18030 is the
// answer unless it decodes the bytes with errors while an encoding the
// detector ranks above GB decodes them with fewer (Big5 text, Latin text).
func sniffLegacy(data []byte) (encoding.Encoding, string) {
	sample := data
	if len(sample) > sniffSample {
		sample = sample[:sniffSample]
	}
	gbBad := badRunes(simplifiedchinese.GB18030, sample)
	if gbBad == 0 {
		return simplifiedchinese.GB18030, EncGB18030
	}
	results, err := chardet.NewTextDetector().DetectAll(sample)
	if err != nil {
		return simplifiedchinese.GB18030, EncGB18030
	}
	gbConf := 0
	for _, r := range results {
		if isGBLabel(strings.ReplaceAll(r.Charset, "-", "")) && r.Confidence > gbConf {
			gbConf = r.Confidence
		}
	}
	best, bestName, bestBad := encoding.Encoding(simplifiedchinese.GB18030), EncGB18030, gbBad
	for _, r := range results {
		if r.Confidence < 50 || r.Confidence <= gbConf || isGBLabel(r.Charset) {
			continue
		}
		enc, name := legacyEncoding(r.Charset)
		if enc == nil {
			continue
		}
		if bad := badRunes(enc, sample); bad < bestBad {
			best, bestName, bestBad = enc, name, bad
		}
	}
	return best, bestName
}

// legacyEncoding maps a detector's charset name to a decoder, leaving out
// the Unicode encodings (handled by BOM and validity before).
func legacyEncoding(charset string) (encoding.Encoding, string) {
	if strings.EqualFold(charset, "Big5") {
		return traditionalchinese.Big5, EncBig5
	}
	enc, err := htmlindex.Get(charset)
	if err != nil {
		return nil, ""
	}
	name, err := htmlindex.Name(enc)
	if err != nil || name == "utf-8" || strings.HasPrefix(name, "utf-16") || isGBLabel(name) {
		return nil, ""
	}
	return enc, name
}

// badRunes counts the replacement characters decoding sample gives, less
// one for a sequence cut at the end of the sample.
func badRunes(enc encoding.Encoding, sample []byte) int {
	out, err := enc.NewDecoder().Bytes(sample)
	if err != nil {
		return len(sample)
	}
	n := bytes.Count(out, []byte("\uFFFD"))
	if n > 0 && bytes.HasSuffix(out, []byte("\uFFFD")) {
		n--
	}
	return n
}

// isGBLabel reports whether label names GB2312, GBK or GB18030 under any of
// their aliases.
func isGBLabel(label string) bool {
	l := strings.ToLower(strings.TrimSpace(label))
	l = strings.ReplaceAll(l, "-", "")
	l = strings.ReplaceAll(l, "_", "")
	switch l {
	case "gb2312", "gbk", "gb18030", "xgbk", "cp936", "ms936", "windows936", "chinese",
		"euccn", "csgb2312", "isoir58", "csiso58gb231280", "gb231280", "xeuccn":
		return true
	}
	return false
}

// normalizeNewlines turns CRLF and CR into LF and form feeds into LF.
func normalizeNewlines(s string) string {
	if !strings.ContainsAny(s, "\r\f") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\f", "\n")
}

// validUTF8 returns b as a string with invalid sequences replaced.
func validUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	return string(bytes.ToValidUTF8(b, []byte("\uFFFD")))
}
