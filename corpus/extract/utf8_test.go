package extract_test

import (
	"context"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/corpus/extract"
)

// Issue 9, finding 10: a UTF-8 text with one invalid byte, or cut in the
// middle of a character, was decoded as GB18030 (and then skipped as no
// disclosure). It is UTF-8 with the bad bytes replaced and counted.
func TestMostlyUTF8IsReadAsUTF8(t *testing.T) {
	line := "中共某某县委巡察组关于巡察整改进展情况的通报。局党组召开专题会议研究部署整改工作，压实整改责任。"
	text := strings.Repeat(line+"\n", 3)
	b := []byte(text)
	oneBad := append([]byte(nil), b[:60]...)
	oneBad = append(oneBad, 0xFF)
	oneBad = append(oneBad, b[60:]...)
	cut := b[:len(b)-2] // the last character cut after its first byte
	cut = cut[:len(cut)-1]
	damagedMid := append([]byte(nil), b...)
	damagedMid[61] = 0x20 // a space inside a three-byte character: two stray bytes
	page := []byte(`<html><head><meta charset="utf-8"><title>t</title></head><body><div class="content"><p>` +
		text + "\xC3" + text + `</p></div></body></html>`)
	tests := []struct {
		name, file string
		data       []byte
		replaced   int
	}{
		{"one invalid byte", "a.txt", oneBad, 1},
		{"cut mid-character", "a.txt", cut, 1},
		{"a damaged character", "a.txt", damagedMid, 2},
		{"web page labelled UTF-8 with a bad byte", "a.html", page, 1},
	}
	ex := extract.New(extract.Options{}, nil)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := ex.Bytes(context.Background(), tc.file, tc.data)
			if err != nil {
				t.Fatalf("Bytes: %v", err)
			}
			if doc.Encoding != extract.EncUTF8 {
				t.Fatalf("encoding %s, want utf-8; text %.60q", doc.Encoding, doc.Text)
			}
			if !strings.Contains(doc.Text, "局党组召开专题会议研究部署整改工作") || !strings.Contains(doc.Text, "\uFFFD") {
				t.Errorf("text %.120q: want the Chinese text and a U+FFFD", doc.Text)
			}
			if doc.Replaced != tc.replaced {
				t.Errorf("Replaced = %d, want %d", doc.Replaced, tc.replaced)
			}
		})
	}
	// GB text stays GB, and valid UTF-8 replaces nothing.
	doc, err := ex.Bytes(context.Background(), "gb.txt", corpustest.GBK(text))
	if err != nil || doc.Encoding != extract.EncGB18030 || doc.Text != text || doc.Replaced != 0 {
		t.Fatalf("GB text: %v %+v", err, doc)
	}
	doc, err = ex.Bytes(context.Background(), "ok.txt", b)
	if err != nil || doc.Encoding != extract.EncUTF8 || doc.Replaced != 0 {
		t.Fatalf("valid UTF-8: %v %+v", err, doc)
	}
}
