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

// TestFirstMatchUnchanged: the count patterns that run line by line find
// what the pattern finds in the whole text, on fixture sentences and random
// texts; and needsOf refuses what it must.
func TestFirstMatchUnchanged(t *testing.T) {
	p := newPatterns()
	var texts []string
	files, _ := filepath.Glob(filepath.Join("testdata", "fixtures", "*.txt"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		texts = append(texts, string(b))
	}
	rng := rand.New(rand.NewPCG(7, 8))
	pieces := []string{"\n", "，", "问题", "整改", "任务", "措施", "完成", "已完成", "12", "3", "个", "项", "条", "人", "一", "三个", "类", "大类", "方面",
		"党纪处分", "移交纪委", "长期坚持", "正在整改", "未完成", "意见建议", "具体", "诫勉谈话", "批评教育", "责令检查", "追责问责", "反馈问题", "发现问题"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(14) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	lined := 0
	for _, g := range [][]countPattern{p.counts, p.progress, p.account} {
		for _, cp := range g {
			if cp.needs != "" {
				lined++
			}
			for _, text := range texts {
				src := sentencesWith(text, cp.cue)
				want := cp.re.FindStringSubmatchIndex(src)
				gotSrc, got := firstMatch(cp, src)
				if (want == nil) != (got == nil) {
					t.Fatalf("%s on %q: whole text %v, by lines %v", cp.name, src, want, got)
				}
				if want != nil && numberAt(src, want) != numberAt(gotSrc, got) || want != nil && src[want[0]:want[1]] != gotSrc[got[0]:got[1]] {
					t.Fatalf("%s on %q: whole text %q, by lines %q", cp.name, src, src[want[0]:want[1]], gotSrc[got[0]:got[1]])
				}
			}
		}
	}
	if lined < 10 {
		t.Errorf("only %d count patterns run line by line", lined)
	}
	for _, expr := range []string{`^(\d+)人`, `(\d+)[^，]人`, `(\d+)\b人`, `(?:\d+|x)人`, `(?s).(\d+)`} {
		if n := needsOf(expr); n != "" {
			t.Errorf("needsOf(%q) = %q, want none", expr, n)
		}
	}
	if n := needsOf(`(?:第)?([一二]+|\d+)人`); n != numeralRunes {
		t.Errorf("needsOf(numerals) = %q", n)
	}
}

// TestCueTextPrefixAndAllDone: a prefix's cue index is the index of the
// prefix, and the 全部 occurrences decide what the three Contains decided.
func TestCueTextPrefixAndAllDone(t *testing.T) {
	cs := newPatterns().cues
	rng := rand.New(rand.NewPCG(9, 10))
	pieces := []string{"已", "全部", "完成整改", "整改到位", "。", "\n", "问题", "类", "12", "元", "截", "至", "全", "部"}
	for range 5000 {
		var b strings.Builder
		for range rng.IntN(16) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		ct := cs.index(text)
		n := rng.IntN(len(text) + 1)
		got, want := ct.prefix(n), cs.index(text[:n])
		for _, cue := range append(sentenceCues, "全部") {
			if g, w := got.sentences(cue), want.sentences(cue); g != w {
				t.Fatalf("prefix %d of %q, cue %q: %q, want %q", n, text, cue, g, w)
			}
		}
		wantDone := strings.Contains(text, "已全部完成整改") || strings.Contains(text, "已全部整改到位") || strings.Contains(text, "全部完成整改")
		if gotDone := allDone(ct); gotDone != wantDone {
			t.Fatalf("%q: all done %v, want %v", text, gotDone, wantDone)
		}
	}
}
