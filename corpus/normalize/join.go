package normalize

import (
	"strings"
	"unicode/utf8"
)

// minJoinHan is the number of Han characters a line needs before a missing
// final punctuation mark is read as a PDF line or page break rather than as
// the end of a heading: a full line of an A4 page holds 28–35 characters,
// and the shortest split line of the seed holds 21.
const minJoinHan = 20

// lines splits the cleaned runes into lines, trims and normalises each one,
// drops empty lines and page-number lines, and repairs PDF line breaks. It
// works in place and returns the shortened buffer, lines separated by '\n'.
func (n *Normalizer) lines(buf []rune, rep *Report) []rune {
	w := 0        // write position
	group := -1   // start of the line being built, -1 before the first
	groupHan := 0 // Han characters in it
	groupJoined := false
	finish := func() {
		if groupJoined {
			// The seams may have brought half-width punctuation next to Han,
			// a gloss next to its character or two commas together.
			line, g := normLine(buf[group:w])
			rep.PinyinGlosses += g
			w = group + len(line)
		}
	}
	for i := 0; i < len(buf); {
		j := i
		for j < len(buf) && buf[j] != '\n' {
			j++
		}
		start, end := i, j
		i = j + 1
		for start < end && (buf[start] == ' ' || buf[start] == '\t') {
			start++
		}
		for end > start && (buf[end-1] == ' ' || buf[end-1] == '\t') {
			end--
		}
		if start == end {
			continue
		}
		line, g := normLine(buf[start:end])
		if len(line) == 0 {
			continue
		}
		if isPageMark(line) {
			rep.PageMarks++
			continue
		}
		rep.PinyinGlosses += g
		han := countHan(line)
		if group >= 0 && canJoin(buf[group:w], groupHan, line) {
			w += copy(buf[w:], line)
			groupHan += han
			groupJoined = true
			rep.JoinedBreaks++
			continue
		}
		if group >= 0 {
			finish()
			buf[w] = '\n'
			w++
		}
		group = w
		w += copy(buf[w:], line)
		groupHan = han
		groupJoined = false
	}
	if group >= 0 {
		finish()
	}
	return buf[:w]
}

func countHan(r []rune) int {
	n := 0
	for _, c := range r {
		if IsHan(c) {
			n++
		}
	}
	return n
}

// canJoin reports whether the line next continues the line prev, which holds
// han Han characters: prev is long, does not end a sentence and is not a
// title, and next does not start a numbered item.
//
// Two more cases stay apart. A numbered heading with no full stop in it
// (`一、坚持…，…`) continues only with a short fragment that ends no
// sentence inside it (`…群众反映 / 强烈方面存在的问题`), never with the
// paragraph after it. And a line of page furniture (`发布时间：… 来源：…`)
// never continues into the text.
func canJoin(prev []rune, han int, next []rune) bool {
	if han < minJoinHan || endsSentence(prev) || isTitle(prev) || startsItem(next) || isChrome(prev) ||
		containsRune(prev, '\t') || containsRune(next, '\t') { // table rows stay rows
		return false
	}
	if startsHeading(prev) && !containsRune(prev, '。') {
		return isFragment(next)
	}
	// A long organisation name standing alone (a letterhead or a signature:
	// 中共云岭市城市建设投资集团有限公司委员会) is a line of its own.
	if isOrgLine(prev) {
		return false
	}
	return true
}

// orgSuffixes end the name of a party organisation.
var orgSuffixes = []string{"党组", "党委", "党工委", "党总支", "党支部", "委员会", "办公室", "领导小组"}

// isOrgLine reports whether a line is an organisation's name alone: it ends
// with an organ suffix and holds no punctuation.
func isOrgLine(r []rune) bool {
	s := string(r)
	for _, c := range []string{"，", "。", "；", "：", "、", "“", "《", "（"} {
		if strings.Contains(s, c) {
			return false
		}
	}
	for _, suf := range orgSuffixes {
		if strings.HasSuffix(s, suf) {
			return true
		}
	}
	return false
}

// startsHeading reports whether the line starts with a heading's numbering
// token (一、 （一） 1. （1） 反馈问题…), not an enumeration word (一是 第一，).
func startsHeading(r []rune) bool {
	if !startsItem(r) {
		return false
	}
	if isChineseNumeral(r[0]) {
		k := numerals(r, 0)
		return k < len(r) && r[k] == '、'
	}
	return r[0] != '第'
}

// isFragment reports whether a line reads as the broken-off end of a heading:
// short, and with no sentence punctuation before its last character.
func isFragment(r []rune) bool {
	if len(r) > 30 {
		return false
	}
	for _, c := range r[:len(r)-1] {
		switch c {
		case '。', '；', '！', '？', '，':
			return false
		}
	}
	return true
}

func containsRune(r []rune, c rune) bool {
	for _, x := range r {
		if x == c {
			return true
		}
	}
	return false
}

// chromeMarks are labels of web-page furniture: a line holding one is page
// data, not a sentence broken by a PDF line end.
var chromeMarks = []string{"发布时间", "发布日期", "信息来源", "来源：", "来源:", "浏览次数", "访问量", "当前位置", "所在位置",
	"现在的位置", "您的位置", "索引号", "成文日期", "发布机构", "字体："}

func isChrome(r []rune) bool {
	s := string(r)
	for _, m := range chromeMarks {
		if strings.Contains(s, m) {
			return true
		}
	}
	// A breadcrumb: 首页 > 专栏 > 正文.
	return strings.Count(s, ">")+strings.Count(s, "»")+strings.Count(s, "＞") >= 2
}

// isCloser reports whether r closes a quotation or bracket. A line ending in
// one ends a sentence only if the mark before it does (…。” or …。）).
func isCloser(r rune) bool {
	switch r {
	case '”', '’', '"', '“', '\'', '）', '》', '〉', '」', '』', '】', '〕', '〗', ']':
		return true
	}
	return false
}

// endsSentence reports whether the line ends with sentence punctuation,
// looking through closing quotes and brackets: 。 ； ： ！ ？ and their
// half-width forms and the full stop. The pause marks ， 、 and … do not end
// a sentence, and neither does a closer after a Han character, since
// 《…专项教育 / 实践活动》 and “感悟领袖风 / 范” break inside the marks.
func endsSentence(r []rune) bool {
	i := len(r) - 1
	for i >= 0 && isCloser(r[i]) {
		i--
	}
	if i < 0 {
		return false
	}
	switch r[i] {
	case '。', '；', '：', '！', '？', ';', ':', '!', '?', '.':
		return true
	}
	return false
}

// isTitle reports whether the line ends with the last word of a title
// (通报 公示 公告 报告 情况 通知): such a line must not swallow the paragraph
// after it although it has no final punctuation.
func isTitle(r []rune) bool {
	if len(r) < 2 {
		return false
	}
	switch [2]rune{r[len(r)-2], r[len(r)-1]} {
	case [2]rune{'通', '报'}, [2]rune{'公', '示'}, [2]rune{'公', '告'},
		[2]rune{'报', '告'}, [2]rune{'情', '况'}, [2]rune{'通', '知'}:
		return true
	}
	return false
}

// itemLabels start a labelled block when followed by a colon (layout B of
// the domain brief: quoted problem, then 整改情况：…). Space separated.
const itemLabels = "整改情况 整改措施 整改进展 整改成效 整改结果 整改时限 完成时限 " +
	"责任单位 责任领导 责任人 存在问题 问题表现 附件"

// startsItem reports whether the line starts with a numbering token: 一、
// （一） 1. 1、 （1） 1） 一是 第一， ① 反馈问题, or a label such as 整改情况：.
func startsItem(r []rune) bool {
	if len(r) == 0 {
		return false
	}
	switch c := r[0]; {
	case c >= '①' && c <= '⑳':
		return true
	case isChineseNumeral(c):
		k := numerals(r, 0)
		return k < len(r) && (r[k] == '、' || r[k] == '是')
	case isDigit(c):
		k := digits(r, 0)
		if k == len(r) {
			return false
		}
		switch r[k] {
		case '、', '）':
			return true
		case '.':
			return k+1 == len(r) || !isDigit(r[k+1])
		}
		return false
	case c == '（':
		k := numerals(r, 1)
		if k == 1 {
			k = digits(r, 1)
		}
		return k > 1 && k < len(r) && r[k] == '）'
	case c == '第':
		k := numerals(r, 1)
		return k > 1 && k < len(r) && (r[k] == '，' || r[k] == '、')
	}
	if hasPrefix(r, "反馈问题") {
		return true
	}
	for labels := itemLabels; labels != ""; {
		l := labels
		if i := strings.IndexByte(labels, ' '); i >= 0 {
			l, labels = labels[:i], labels[i+1:]
		} else {
			labels = ""
		}
		if hasPrefix(r, l) {
			k := utf8.RuneCountInString(l)
			return k < len(r) && (r[k] == '：' || r[k] == ':')
		}
	}
	return false
}

func numerals(r []rune, i int) int {
	for i < len(r) && isChineseNumeral(r[i]) {
		i++
	}
	return i
}

func hasPrefix(r []rune, p string) bool {
	i := 0
	for _, c := range p {
		if i >= len(r) || r[i] != c {
			return false
		}
		i++
	}
	return true
}
