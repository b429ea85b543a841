package normalize_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/normalize"
)

type textCase struct {
	name string
	in   string
	want string
}

// runCases checks each case and that normalising the output again changes
// nothing.
func runCases(t *testing.T, n *normalize.Normalizer, cases []textCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := n.Text(tc.in)
			if got != tc.want {
				t.Errorf("Text(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
			if again, _ := n.Text(got); again != got {
				t.Errorf("not idempotent: Text(%q) = %q", got, again)
			}
		})
	}
}

func TestLinesAndBlanks(t *testing.T) {
	runCases(t, normalize.New(), []textCase{
		{"empty", "", ""},
		{"only blanks", " \n\t\r\n\u3000\u00a0\n", ""},
		{"crlf", "第一行\r\n第二行\r第三行\n", "第一行\n第二行\n第三行"},
		{"empty lines dropped", "\n\n甲\n\n\n乙\n\n", "甲\n乙"},
		{"lines trimmed", "  甲 \t\n\u3000\u3000乙\u00a0", "甲\n乙"},
		{"bom and zero width", "\ufeff整\u200b改\u200c落\u200d实\u2060情况", "整改落实情况"},
		{"nbsp and ideographic space are spaces", "abc\u00a0def\u3000ghi", "abc def ghi"},
		{"tab separates table cells", "序号\t问题\t整改措施", "序号\t问题\t整改措施"},
		{"tabs at line ends are trimmed", "\t整改\t", "整改"},
		{"control characters dropped", "整改\x00落实\x07情况", "整改落实情况"},
		{"form feed breaks a line", "第一页\f第二页", "第一页\n第二页"},
		{"latin spaces collapsed", "a   b    c", "a b c"},
	})
}

func TestWidth(t *testing.T) {
	runCases(t, normalize.New(), []textCase{
		{"letters and digits", "ＡＢＣａｂｃ１２３", "ABCabc123"},
		{"full stop hyphen at underscore", "ｗｂ＿ｘｃ＠１６３．ｃｏｍ", "wb_xc@163.com"},
		{"phone", "０８９１－６３２３３６８", "0891-6323368"},
		{"chinese punctuation kept", "整改，落实：情况；好！吗？", "整改，落实：情况；好！吗？"},
		{"percent and plus", "完成率９８％，“２＋２”", "完成率98%，“2+2”"},
		{"halfwidth ideographic marks", "整改｡落实､情况", "整改。落实、情况"},
		{"enclosed numbers", "⑴整改\n⒉落实", "（1）整改\n2.落实"},
		{"kangxi radicals", "\u2f00\u2f08", "一人"},
	})
}

func TestParenthesesQuotesPunct(t *testing.T) {
	runCases(t, normalize.New(), []textCase{
		{"half parens become full", "(一) 坚定站位", "（一）坚定站位"},
		{"mixed parens", "(一)甲（二）乙(3)", "（一）甲（二）乙（3）"},
		{"area code parens", "电话(0760)23226773", "电话（0760）23226773"},
		{"comma beside han", "整改,落实", "整改，落实"},
		{"colon after label", "联系电话:0891-6323368", "联系电话：0891-6323368"},
		{"semicolon and bang", "已整改;已销号!", "已整改；已销号！"},
		{"question mark", "是否到位?是", "是否到位？是"},
		{"neighbour across space", "整改 , 落实", "整改，落实"},
		{"time kept", "会议于10:30召开", "会议于10:30召开"},
		{"thousands kept", "共1,000元", "共1,000元"},
		{"email kept", "邮箱:a,b@163.com", "邮箱：a,b@163.com"},
		{"latin kept", "Hello, world: ok; yes! no?", "Hello, world: ok; yes! no?"},
		{"group of marks", "整改,,落实", "整改，落实"},
		{"comma after full paren", "（一）,整改", "（一），整改"},
		{"quotes alternate", `做到"两个维护",坚定"四个自信"`, "做到“两个维护”，坚定“四个自信”"},
		{"quotes restart each line", "\"甲\n\"乙\"", "“甲\n“乙”"},
		{"curly quotes kept", "“两个维护”", "“两个维护”"},
	})
}

func TestSpaces(t *testing.T) {
	runCases(t, normalize.New(), []textCase{
		{"date", "2024 年 4 月 15 日", "2024年4月15日"},
		{"count", "确定学习专题 14 项", "确定学习专题14项"},
		{"address", "林聚路 20 号", "林聚路20号"},
		{"han han", "十届市委 第二轮巡察", "十届市委第二轮巡察"},
		{"phone after label", "联系方式 0891-6323368；", "联系方式0891-6323368；"},
		{"before chinese punct", "整改完成 。", "整改完成。"},
		{"after chinese punct", "整改， 落实", "整改，落实"},
		{"han and latin keep one", "使用  Word   文档", "使用 Word 文档"},
		{"digits keep one", "1  2", "1 2"},
		{"e-mail after label", "邮箱 wbqxcb@163.com", "邮箱 wbqxcb@163.com"},
		{"many spaces", "整   改", "整改"},
	})
}

func TestGlossesAndRepeats(t *testing.T) {
	n := normalize.New()
	runCases(t, n, []textCase{
		{"gloss", "安乡(xiāng)县委", "安乡县委"},
		{"double gloss", "县委(wei)(wei)巡察", "县委巡察"},
		{"full width gloss", "县委（wěi）巡察", "县委巡察"},
		{"gloss after space", "县委 (wei) 巡察", "县委巡察"},
		{"not after han", "abc(wei)", "abc（wei）"},
		{"too long", "县委(abcdefghi)", "县委（abcdefghi）"},
		{"not pinyin", "县委(2024)", "县委（2024）"},
		{"uppercase is not a gloss", "县委(XCB)", "县委（XCB）"},
		{"doubled commas", "整改,,落实，，到位", "整改，落实，到位"},
		{"doubled stops", "整改到位。。", "整改到位。"},
		{"other doubles", "甲；；乙、、丙：：丁", "甲；乙、丙：丁"},
		{"spaced doubles", "甲， ，乙", "甲，乙"},
		{"ellipsis and dash kept", "等等……——完", "等等……——完"},
	})
	t.Run("count", func(t *testing.T) {
		_, rep := n.Text("安乡(xiāng)县委(wei)(wei)")
		if rep.PinyinGlosses != 3 {
			t.Errorf("PinyinGlosses = %d, want 3", rep.PinyinGlosses)
		}
	})
}

func TestIsHan(t *testing.T) {
	for _, tc := range []struct {
		r    rune
		want bool
	}{
		{'中', true}, {'〇', true}, {'㐀', true}, {'𠀀', true}, {'\uf900', true},
		{'a', false}, {'1', false}, {'，', false}, {'。', false}, {'ア', false}, {'가', false},
	} {
		t.Run(string(tc.r), func(t *testing.T) {
			if got := normalize.IsHan(tc.r); got != tc.want {
				t.Errorf("IsHan(%q) = %v, want %v", tc.r, got, tc.want)
			}
		})
	}
}

func TestConcurrent(t *testing.T) {
	n := normalize.New()
	inputs := []string{
		"中共某縣委黨組關於巡視整改落實情況的通報",
		"2024 年 4 月 15 日",
		strings.Repeat("各单位要认真落实整改责任按照时间节点推进各项工作\n\n", 20),
	}
	want := make([]string, len(inputs))
	for i, in := range inputs {
		want[i], _ = n.Text(in)
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for k := range 50 {
				i := (g + k) % len(inputs)
				if got, _ := n.Text(inputs[i]); got != want[i] {
					t.Errorf("concurrent Text(%q) = %q, want %q", inputs[i], got, want[i])
				}
			}
		})
	}
	wg.Wait()
}

func TestQuery(t *testing.T) {
	n := normalize.New()
	for in, want := range map[string]string{
		"巡視整改 臺賬":      "巡视整改 台账",
		"\"三會一課\" -整改": "“三会一课” -整改", // quotes the query parser reads as a phrase
		"１４項":          "14项",
		"三会一课":         "三会一课",
	} {
		if got := n.Query(in); got != want {
			t.Errorf("Query(%q) = %q, want %q", in, got, want)
		}
	}
}
