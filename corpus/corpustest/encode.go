package corpustest

import (
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// GBK returns s encoded as GB18030, the superset of GBK that Chinese sites
// labelled gb2312 or gbk actually serve. Characters GBK lacks are encoded
// with GB18030's four-byte sequences.
func GBK(s string) []byte {
	b, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		// GB18030 encodes every Unicode code point; only invalid UTF-8
		// lands here, which test inputs never hold.
		panic("corpustest: encode GB18030: " + err.Error())
	}
	return []byte(b)
}

// UTF16LE returns s encoded as UTF-16 little-endian with a byte-order mark,
// as Windows Notepad saves "Unicode" text.
func UTF16LE(s string) []byte {
	b, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(s)
	if err != nil {
		panic("corpustest: encode UTF-16LE: " + err.Error())
	}
	return []byte(b)
}
