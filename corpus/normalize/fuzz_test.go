package normalize_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhenggai/zhenggai/corpus/normalize"
)

func FuzzText(f *testing.F) {
	for _, s := range []string{
		"",
		"2024 年 4 月 15 日",
		"(一) 坚定站位,抓整改。\r\n\r\n（二）压实责任",
		"安鄉(xiāng)縣委(wei)(wei)巡察組,,",
		clauseA + "感悟\n\n领袖风范\n\n- 2 -\n\n" + clauseB + "。",
		"\"a\",b \"中\" , : ; 10:30 1,000 x@y.com",
		"\ufeff\u200b\u3000ＡＢＣ１２３．－＠＿\t⑴⒈\u2f00",
		"委(wei) ,\n(wei)\n，，。。",
	} {
		f.Add(s)
	}
	n := normalize.New()
	f.Fuzz(func(t *testing.T, in string) {
		out, _ := n.Text(in)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 output %q", out)
		}
		if out != "" {
			for i, l := range strings.Split(out, "\n") {
				if l == "" || l != strings.Trim(l, " \t") {
					t.Fatalf("line %d empty or untrimmed: %q (output %q)", i+1, l, out)
				}
			}
		}
		if strings.ContainsAny(out, "\r\u00a0\u3000\ufeff\u200b()") {
			t.Fatalf("output keeps a character the contract removes: %q", out)
		}
		again, rep := n.Text(out)
		if again != out {
			t.Fatalf("not idempotent:\n in  %q\n out %q\n out2 %q", in, out, again)
		}
		if rep.Traditional || rep.PinyinGlosses != 0 || rep.JoinedBreaks != 0 || rep.PageMarks != 0 {
			t.Fatalf("second pass reported repairs %+v for %q", rep, out)
		}
	})
}
