package corpus

import (
	"strconv"
	"strings"
)

// cnDigit returns the value of a Chinese digit.
func cnDigit(r rune) (int, bool) {
	switch r {
	case '〇', '零':
		return 0, true
	case '一':
		return 1, true
	case '二', '两':
		return 2, true
	case '三':
		return 3, true
	case '四':
		return 4, true
	case '五':
		return 5, true
	case '六':
		return 6, true
	case '七':
		return 7, true
	case '八':
		return 8, true
	case '九':
		return 9, true
	}
	return 0, false
}

// parseNumber reads an arabic or Chinese numeral up to 九千九百九十九
// (一, 十, 十二, 二十, 二十五, 一百零八, 12). ok is false when s is not a numeral.
func parseNumber(s string) (n int, ok bool) {
	if s == "" {
		return 0, false
	}
	if v, err := strconv.Atoi(s); err == nil {
		return v, true
	}
	total, cur := 0, -1
	for _, r := range s {
		if d, isDigit := cnDigit(r); isDigit {
			cur = d
			continue
		}
		var unit int
		switch r {
		case '十':
			unit = 10
		case '百':
			unit = 100
		case '千':
			unit = 1000
		default:
			return 0, false
		}
		if cur < 0 {
			cur = 1 // 十二 = 一十二
		}
		total += cur * unit
		cur = -1
	}
	if cur > 0 {
		total += cur
	}
	return total, total > 0 || s == "〇" || s == "零"
}

// ChineseNumber writes n in Chinese numerals as documents print ordinals:
// 2 → 二, 10 → 十, 14 → 十四, 20 → 二十, 105 → 一百零五. Numbers outside
// 1…9999 keep their Arabic digits.
func ChineseNumber(n int) string {
	if n < 1 || n > 9999 {
		return strconv.Itoa(n)
	}
	const digits = "零一二三四五六七八九"
	digit := func(d int) string { return string([]rune(digits)[d]) }
	units := [...]string{"千", "百", "十", ""}
	places := [...]int{1000, 100, 10, 1}
	var b strings.Builder
	zero := false
	for i, p := range places {
		d := n / p % 10
		if d == 0 {
			zero = b.Len() > 0
			continue
		}
		if zero {
			b.WriteString("零")
			zero = false
		}
		if !(d == 1 && p == 10 && b.Len() == 0) { // 十四, not 一十四
			b.WriteString(digit(d))
		}
		b.WriteString(units[i])
	}
	return b.String()
}

// RoundLabel names the inspection round the way the documents do: term,
// inspecting body and round, whatever of them is known, e.g. 十届市委第二轮,
// 市委第八轮, 2022-2026年县委第三轮. It is empty when the round number is
// unknown: without it there is no round to group by.
func (in Inspection) RoundLabel() string {
	if in.Round == nil {
		return ""
	}
	var b strings.Builder
	switch {
	case in.Term != nil:
		b.WriteString(ChineseNumber(*in.Term))
		b.WriteString("届")
	case in.TermYears != "":
		b.WriteString(in.TermYears)
		b.WriteString("年")
	}
	b.WriteString(in.Body)
	b.WriteString("第")
	b.WriteString(ChineseNumber(*in.Round))
	b.WriteString("轮")
	return b.String()
}
