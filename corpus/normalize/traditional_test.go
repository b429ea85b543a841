package normalize_test

import (
	"strings"
	"testing"

	"github.com/longbridgeapp/opencc"

	"github.com/zhenggai/zhenggai/corpus/normalize"
)

func TestTraditional(t *testing.T) {
	n := normalize.New()
	for _, tc := range []struct {
		name    string
		in      string
		want    string
		trad    bool
		glosses int
	}{
		{"domain words", "巡視整改落實情況，黨組，臺賬，十屆", "巡视整改落实情况，党组，台账，十届", true, 0},
		{"passage", "中共某縣委黨組關於十屆縣委第二輪巡察反饋意見整改落實情況的通報\n\n" +
			"按照縣委統一部署，縣委第二巡察組對縣教育局黨組開展了常規巡察。黨組書記切實履行第一責任人職責，建立整改臺賬，逐項對賬銷號。",
			"中共某县委党组关于十届县委第二轮巡察反馈意见整改落实情况的通报\n" +
				"按照县委统一部署，县委第二巡察组对县教育局党组开展了常规巡察。党组书记切实履行第一责任人职责，建立整改台账，逐项对账销号。",
			true, 0},
		{"mirror with glosses", "安鄉(xiāng)縣委(wei)(wei)巡察組,,對黨組開展巡察", "安乡县委巡察组，对党组开展巡察", true, 3},
		{"corner quotes", "做到「兩個維護」", "做到“两个维护”", true, 0},
		{"simplified unchanged", "巡视整改落实情况，党组，台账，十届", "巡视整改落实情况，党组，台账，十届", false, 0},
		{"one stray character in simplified text", strings.Repeat("整改落实情况", 10) + "於", strings.Repeat("整改落实情况", 10) + "於", false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, rep := n.Text(tc.in)
			if got != tc.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			if rep.Traditional != tc.trad || rep.PinyinGlosses != tc.glosses {
				t.Errorf("report = %+v, want Traditional=%v PinyinGlosses=%d", rep, tc.trad, tc.glosses)
			}
			if again, rep2 := n.Text(got); again != got || rep2.Traditional {
				t.Errorf("second pass changed the text or detected traditional: %q, %+v", again, rep2)
			}
		})
	}
}

// TestTradChars checks the detection set against the converter: every
// character must be changed by t2s, and none may survive conversion.
func TestTradChars(t *testing.T) {
	cc, err := opencc.New("t2s")
	if err != nil {
		t.Fatalf("load t2s: %v", err)
	}
	set := normalize.TradChars()
	seen := map[rune]bool{}
	for _, r := range set {
		if seen[r] {
			t.Errorf("%c listed twice", r)
		}
		seen[r] = true
		out, err := cc.Convert(string(r))
		if err != nil {
			t.Fatalf("convert %c: %v", r, err)
		}
		if out == string(r) {
			t.Errorf("%c is not changed by t2s", r)
		}
		if strings.ContainsAny(out, set) {
			t.Errorf("%c converts to %q, which is still in the set", r, out)
		}
	}
	if len(seen) < 300 {
		t.Errorf("only %d detection characters", len(seen))
	}
}
