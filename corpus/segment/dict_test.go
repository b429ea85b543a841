package segment

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// neutralContexts surround a term with words that do not bind to it.
var neutralContexts = [][2]string{
	{"会议强调", "必须抓紧"},
	{"各单位对照", "逐项落实"},
}

func TestDomainDictionary(t *testing.T) {
	entries, err := ParseDict(domainDict)
	if err != nil {
		t.Fatalf("parse domain dictionary: %v", err)
	}
	seen := make(map[string]bool, len(entries))
	for _, e := range entries {
		if seen[e.Word] {
			t.Errorf("duplicate term %q", e.Word)
		}
		seen[e.Word] = true
		if utf8.RuneCountInString(e.Word) < 2 {
			t.Errorf("term %q is a single character (gse forces freq 2)", e.Word)
		}
	}
	if len(seen) < 400 {
		t.Errorf("domain dictionary has %d unique terms, want at least 400", len(seen))
	}
	if strings.Contains(domainDict, ", ") {
		t.Error(`domain dictionary contains ", " (gse NewEmbed splits on it)`)
	}
	t.Logf("%d unique terms", len(seen))

	s := testSegmenter(t)
	whole := func(text string) []string { return s.Words(text) }
	for _, e := range entries {
		if got := whole(e.Word); len(got) != 1 || got[0] != e.Word {
			t.Errorf("Precise(%q) = %q, want the term whole", e.Word, got)
		}
		for _, c := range neutralContexts {
			got := whole(c[0] + e.Word + c[1])
			want := append(append(whole(c[0]), e.Word), whole(c[1])...)
			if strings.Join(got, "/") != strings.Join(want, "/") {
				t.Errorf("Precise(%q) = %s, want %s (term whole, neighbours intact)",
					c[0]+e.Word+c[1], strings.Join(got, "/"), strings.Join(want, "/"))
			}
		}
	}
}

// TestDomainDictionaryContexts pins the sentences the frequencies were tuned
// for: terms win in context without eating a neighbour's characters.
func TestDomainDictionaryContexts(t *testing.T) {
	s := testSegmenter(t)
	for in, want := range map[string]string{
		"拉萨市教育局党组":       "拉萨市/教育局/党组", // 市教育局 (freq 5) leaves 拉萨市 whole
		"市教育局党组认真履行主体责任": "市教育局/党组/认真/履行/主体责任",
		"拉萨市纪委监委":        "拉萨市/纪委监委",
		"拉萨市市场监管局":       "拉萨市/市场监管局",
		"城关区文旅体局":        "城关区/文旅体局",
		"局党组成立领导小组":      "局党组/成立/领导小组",
		"巡察反馈意见整改落实工作":   "巡察反馈意见/整改落实/工作",
		"七届市委第十二轮巡察一组":   "七届/市委/第十二轮/巡察/一组",
		"贯彻落实不到位":        "贯彻落实/不到位",
		"全市纪委监委系统":       "全市/纪委监委/系统",
	} {
		if got := strings.Join(s.Words(in), "/"); got != want {
			t.Errorf("Precise(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestQueryWords(t *testing.T) {
	w, err := QueryWords()
	if err != nil {
		t.Fatal(err)
	}
	for word, kind := range map[string]string{"不规范": QueryFailing, "不及时": QueryFailing, "落实不力": QueryFailing, "工作": QueryGeneric} {
		if w[word] != kind {
			t.Errorf("QueryWords()[%q] = %q, want %q", word, w[word], kind)
		}
	}
}

func TestConfusable(t *testing.T) {
	if !Confusable('棵', '课') || !Confusable('帖', '贴') {
		t.Error("Confusable misses 棵/课 or 帖/贴")
	}
	if Confusable('党', '课') {
		t.Error("Confusable(党, 课) = true")
	}
}
