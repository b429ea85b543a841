package corpus

import "strconv"

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
