package extract_test

import (
	"context"
	"testing"

	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/corpus/extract"
)

// TestTextEncodings: short GB text, GB text with a damaged byte, Big5 text
// of a traditional-character copy, and line endings.
func TestTextEncodings(t *testing.T) {
	const trad = "中共某某縣委巡察組關於巡視整改落實情況的公示。一是完善制度，二是加強監督，三是壓實責任。局黨組召開專題會議研究部署整改工作。"
	big5, err := traditionalchinese.Big5.NewEncoder().String(trad)
	if err != nil {
		t.Fatalf("encode Big5: %v", err)
	}
	line := "局党组召开专题会议研究部署整改工作。"
	damaged := append(corpustest.GBK(line), 0xFF, '\n')
	damaged = append(damaged, corpustest.GBK(line)...)
	tests := []struct {
		name     string
		data     []byte
		encoding string
		text     string
	}{
		{"two GB characters", corpustest.GBK("整改"), "gb18030", "整改"},
		{"GB18030-only character", corpustest.GBK("组长陈𠮷"), "gb18030", "组长陈𠮷"},
		{"GB text with a damaged byte stays GB", damaged, "gb18030", line + "\uFFFD\n" + line},
		{"Big5 traditional copy", []byte(big5), "big5", trad},
		{"UTF-16BE with BOM", []byte{0xFE, 0xFF, 0x65, 0x74, 0x65, 0x39}, "utf-16be", "整改"},
		{"CRLF and CR become LF", []byte("一、\r\n二、\r三、"), "utf-8", "一、\n二、\n三、"},
	}
	ex := extract.New(extract.Options{}, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := ex.Bytes(context.Background(), "a.txt", tc.data)
			if err != nil {
				t.Fatalf("Bytes: %v", err)
			}
			if doc.Encoding != tc.encoding || doc.Text != tc.text {
				t.Errorf("%s %q, want %s %q", doc.Encoding, doc.Text, tc.encoding, tc.text)
			}
		})
	}
}
