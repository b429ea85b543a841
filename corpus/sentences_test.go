package corpus

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sentencesWithReference is sentencesWith as it was before it scanned
// outwards from each cue: the output must not change.
func sentencesWithReference(text, cue string) string {
	if cue == "" {
		return text
	}
	var b strings.Builder
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], cue)
		if i < 0 {
			break
		}
		i += from
		start := max(strings.LastIndex(text[from:i], "。"), strings.LastIndexByte(text[from:i], '\n'))
		if start < 0 {
			start = from
		} else {
			start += from
			if text[start] == '\n' {
				start++
			} else {
				start += len("。")
			}
		}
		end := len(text)
		if j := strings.IndexAny(text[i:], "。\n"); j >= 0 {
			end = i + j
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(text[start:end])
		from = end + 1
	}
	return b.String()
}

var sentenceCues = []string{"截至", "共反馈", "反馈的", "完成率", "元", "大类", "方面", "类", "问题", "意见建议", "整改措施", "整改",
	"完成", "正在", "未完成", "长期", "党纪处分", "政务处分", "组织处理", "诫勉", "提醒谈话", "批评", "责令", "纪委", "追责问责"}

// TestSentencesWithUnchanged compares sentencesWith with the reference on
// every fixture, and on random texts of cues, stops and line ends (which
// also cut characters in half).
func TestSentencesWithUnchanged(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "fixtures", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	var texts []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	pieces := []string{"。", "\n", "，", "问题", "整改", "完成", "类", "12个", "元", "截至", "a", "。。", "\n\n", "反馈的", "\xe3", "\x80\x82", "\xe3\x80"}
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		for _, cue := range append(sentenceCues, "", "。", "\n") {
			if cue == "。" || cue == "\n" {
				continue // no cue holds a stop; the reference loops oddly on them
			}
			if got, want := sentencesWith(text, cue), sentencesWithReference(text, cue); got != want {
				t.Fatalf("sentencesWith(%q, %q) = %q, want %q", text, cue, got, want)
			}
		}
	}
}

// TestCueTextSentences: the one-pass cue index gives what sentencesWith
// gives, for indexed cues and others.
func TestCueTextSentences(t *testing.T) {
	cs := newPatterns().cues
	rng := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"。", "\n", "，", "问题", "整改", "完成", "类", "12个", "元", "截至", "a", "。。", "\n\n", "反馈的", "\xe3", "\x80\x82", "\xe3\x80", "完成率", "问问题题"}
	texts := []string{""}
	files, _ := filepath.Glob(filepath.Join("testdata", "fixtures", "*.txt"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	for range 3000 {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		ct := cs.index(text)
		for _, cue := range append(sentenceCues, "", "制度", "题题") {
			if got, want := ct.sentences(cue), sentencesWithReference(text, cue); got != want {
				t.Fatalf("cueText(%q).sentences(%q) = %q, want %q", text, cue, got, want)
			}
		}
	}
}

// TestHeadingFirstRunes: every heading pattern gets a first-rune filter,
// and the filter never turns away a line its pattern matches (fixture
// lines, and random lines of numbering tokens).
func TestHeadingFirstRunes(t *testing.T) {
	p := newPatterns()
	var lines []string
	files, _ := filepath.Glob(filepath.Join("testdata", "fixtures", "*.txt"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(string(b), "\n")...)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	pieces := []string{"一", "十二", "、", "（", "）", "(", ")", "1", "12", ".", "．", "是", "第", "，", "反馈问题", "：", "①", "⑳", " ", "\t", "整改", "\xff", ""}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(6) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		lines = append(lines, b.String())
	}
	matched := 0
	for _, h := range p.heading {
		if h.first == nil {
			t.Errorf("heading %s: no first-rune filter for %s", h.style, h.re)
		}
		for _, l := range lines {
			if h.re.MatchString(l) {
				matched++
				if !h.first.admits(l) {
					t.Fatalf("heading %s: the filter turns away %q, which %s matches", h.style, l, h.re)
				}
			}
		}
	}
	if matched < 100 {
		t.Errorf("only %d matching lines: the test checks too little", matched)
	}
	if rs := firstRunes(`a^b`); rs != nil {
		t.Errorf("unanchored pattern got a filter %v", rs)
	}
	if rs := firstRunes(`^a*`); rs != nil {
		t.Errorf("pattern matching the empty text got a filter %v", rs)
	}
	if rs := firstRunes(`^[一二]x`); !rs.admits("二x") || rs.admits("三x") || rs.admits("") {
		t.Errorf("firstRunes(^[一二]x) = %v", rs)
	}
}
