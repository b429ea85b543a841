package normalize_test

import (
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus/normalize"
)

// TestIdempotentRandom checks Text(Text(x)) == Text(x) on random documents
// built from the characters the rules look at. NORMALIZE_ITER=n runs n
// documents from a time-based seed instead of the fixed 20,000.
func TestIdempotentRandom(t *testing.T) {
	iterations, seed := 20000, uint64(1)
	if v, err := strconv.Atoi(os.Getenv("NORMALIZE_ITER")); err == nil {
		iterations, seed = v, uint64(time.Now().UnixNano())
	}
	// The pieces the random documents are made of: the characters every rule
	// looks at, so that rules meet (a gloss at a line start, a comma after a
	// break, a closer after a full stop, a title word at a break).
	tokens := []string{
		"整改", "落实", "巡察", "情况", "公示", "通报", "委", "风", "范", "〇", "一", "二", "十", "是", "第", "页", "共",
		"，", "。", "、", "；", "：", "！", "？", "…", "—", "“", "”", "《", "》", "（", "）", "「", "」",
		",", ":", ";", "!", "?", ".", "\"", "'", "(", ")", "-",
		"wei", "xiāng", "ABC", "a", "1", "20", "2024", "0891-6323368",
		" ", "  ", "\u3000", "\t", "\n", "\n\n", "\r\n", "\u200b",
		"１", "Ａ", "．", "＠", "⑴", "⒈",
		"黨", "組", "臺", "賬", "屆", "於",
		"各单位要认真落实整改主体责任并按照时间节点推进",
	}
	n := normalize.New()
	rng := rand.New(rand.NewPCG(seed, 2))
	for i := range iterations {
		var sb strings.Builder
		for range rng.IntN(120) {
			sb.WriteString(tokens[rng.IntN(len(tokens))])
		}
		in := sb.String()
		out, _ := n.Text(in)
		again, rep := n.Text(out)
		if again != out {
			t.Fatalf("case %d not idempotent:\n in   %q\n out  %q\n out2 %q", i, in, out, again)
		}
		if rep.JoinedBreaks != 0 || rep.PinyinGlosses != 0 || rep.Traditional || rep.PageMarks != 0 {
			t.Fatalf("case %d: second pass reported %+v for %q", i, rep, out)
		}
	}
}
