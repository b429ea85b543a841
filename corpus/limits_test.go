package corpus_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/extract"
)

func fixtureText(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "fixtures", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Issue 9, finding 2: a measure of ~800k characters made ordinary searches
// take many GB. The parser caps a measure's length and flags the cut.
func TestLongMeasureIsCutAndFlagged(t *testing.T) {
	text := fixtureText(t, "01_district_culture_layoutA.txt")
	const line = "2.制定公共文化服务体系建设三年行动方案，明确村级文化服务中心提档升级任务，按季度调度推进情况。"
	if !strings.Contains(text, line) {
		t.Fatal("fixture changed: measure 2 not found")
	}
	long := strings.TrimSuffix(line, "。") + "，" + strings.Repeat("加强制度建设，完善管理办法，落实工作责任。", 20000) // ~420k characters
	d := parseText(t, newParser(t), "long.txt", strings.Replace(text, line, long, 1))
	if !d.HasFlag(corpus.FlagLongMeasure) {
		t.Fatalf("no %s flag: %+v", corpus.FlagLongMeasure, d.Flags)
	}
	found := false
	for _, m := range d.Measures {
		if n := utf8.RuneCountInString(m.Text); n > corpus.MaxMeasureRunes+1 {
			t.Errorf("measure %s has %d characters, cap %d", m.ID, n, corpus.MaxMeasureRunes)
		}
		if strings.HasPrefix(m.Text, "制定公共文化服务体系建设三年行动方案") {
			found = true
			if !strings.HasSuffix(m.Text, "。…") {
				t.Errorf("cut measure does not end at a sentence mark: …%s", m.Text[len(m.Text)-30:])
			}
		}
	}
	if !found {
		t.Fatal("the long measure is gone")
	}
	// The other measures are as before.
	plain := parseText(t, newParser(t), "plain.txt", text)
	if len(plain.Measures) != len(d.Measures) || plain.HasFlag(corpus.FlagLongMeasure) {
		t.Fatalf("%d measures vs %d without the long one; flags %+v", len(d.Measures), len(plain.Measures), plain.Flags)
	}
}

// cnNumber writes 1…99 in Chinese numerals.
func cnNumber(n int) string {
	digits := []rune("零一二三四五六七八九")
	switch {
	case n < 10:
		return string(digits[n])
	case n < 20:
		return "十" + strings.TrimPrefix(string(digits[n%10]), "零")
	}
	s := string(digits[n/10]) + "十"
	if n%10 != 0 {
		s += string(digits[n%10])
	}
	return s
}

func TestMeasureCountIsCapped(t *testing.T) {
	text := fixtureText(t, "01_district_culture_layoutA.txt")
	const heading = "二、反馈问题整改落实情况"
	at := strings.Index(text, heading)
	if at < 0 {
		t.Fatal("fixture changed: no section 二")
	}
	var b strings.Builder
	b.WriteString(text[:at] + heading + "\n\n")
	n := 0
	for p := 1; n < corpus.MaxMeasures+500; p++ {
		fmt.Fprintf(&b, "（%s）关于第%d类工作落实不到位方面的问题\n\n", cnNumber(p), p)
		for i := 1; i <= 99; i++ {
			n++
			fmt.Fprintf(&b, "%d.对第%d个村级文化服务中心开展检查，建立整改台账。\n\n", i, n)
		}
	}
	b.WriteString("三、下一步工作打算\n\n继续巩固整改成果。\n")
	d := parseText(t, newParser(t), "many.txt", b.String())
	if len(d.Measures) != corpus.MaxMeasures {
		t.Fatalf("%d measures, want the cap %d", len(d.Measures), corpus.MaxMeasures)
	}
	if !d.HasFlag(corpus.FlagTooManyMeasures) {
		t.Fatalf("no %s flag: %+v", corpus.FlagTooManyMeasures, d.Flags)
	}
}

// Issue 9, finding 10: a UTF-8 disclosure with one bad byte is parsed (not
// skipped as GB18030 gibberish) and flagged.
func TestInvalidUTF8ByteIsParsedAndFlagged(t *testing.T) {
	text := []byte(fixtureText(t, "01_district_culture_layoutA.txt"))
	at := len(text) / 2
	for text[at]&0xC0 == 0x80 { // the start of a character
		at++
	}
	bad := append(append(append([]byte(nil), text[:at]...), 0xFF), text[at:]...)
	r := newLoader(t, extract.Options{}).Bytes(context.Background(), "bad.txt", bad)
	if r.Outcome != corpus.OutcomeParsed {
		t.Fatalf("outcome %s (%v), want parsed", r.Outcome, r.Err)
	}
	if r.Disclosure.Source.Encoding != extract.EncUTF8 || !r.Disclosure.HasFlag(corpus.FlagInvalidUTF8) {
		t.Fatalf("encoding %s, flags %+v: want utf-8 and %s", r.Disclosure.Source.Encoding, r.Disclosure.Flags, corpus.FlagInvalidUTF8)
	}
	if len(r.Disclosure.Measures) < 10 {
		t.Fatalf("%d measures", len(r.Disclosure.Measures))
	}
}
