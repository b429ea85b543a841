package store

import (
	"strconv"
	"strings"

	"github.com/zhenggai/zhenggai/corpus"
)

// RoundKey names the inspection round a disclosure answers, the way the
// documents do: term, inspecting body and round, whatever of them is known,
// e.g. 十届市委第二轮, 市委第八轮, 2022-2026年县委第三轮. It is empty when the
// round number is unknown: without it there is no round to group by.
func RoundKey(in corpus.Inspection) string {
	if in.Round == nil {
		return ""
	}
	var b strings.Builder
	switch {
	case in.Term != nil:
		b.WriteString(chineseNumber(*in.Term))
		b.WriteString("届")
	case in.TermYears != "":
		b.WriteString(in.TermYears)
		b.WriteString("年")
	}
	b.WriteString(in.Body)
	b.WriteString("第")
	b.WriteString(chineseNumber(*in.Round))
	b.WriteString("轮")
	return b.String()
}

// chineseNumber writes n in Chinese numerals as documents print ordinals:
// 2 → 二, 10 → 十, 14 → 十四, 20 → 二十, 105 → 一百零五. Numbers outside
// 1…9999 keep their Arabic digits.
func chineseNumber(n int) string {
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
