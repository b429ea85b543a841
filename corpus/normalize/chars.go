package normalize

// IsHan reports whether r is a CJK ideograph: the unified ideographs and
// their extensions A–I, the compatibility ideographs, and 〇 (U+3007), which
// Chinese dates use as a digit (二〇二四年).
func IsHan(r rune) bool {
	switch {
	case r < 0x3007:
		return false
	case r >= 0x4E00 && r <= 0x9FFF:
		return true
	case r == 0x3007:
		return true
	case r >= 0x3400 && r <= 0x4DBF:
		return true
	case r >= 0xF900 && r <= 0xFAFF:
		return true
	case r >= 0x20000 && r <= 0x323AF:
		return true
	}
	return false
}

// isCJKPunct reports whether r is Chinese (full-width) punctuation, including
// the straight double quote, which becomes “ or ” in the output and so must
// be classed like them from the start.
func isCJKPunct(r rune) bool {
	switch {
	case r == '"':
		return true
	case r < 0xB7:
		return false
	case r == 0xB7: // ·
		return true
	case r >= 0x2014 && r <= 0x2015: // — ―
		return true
	case r >= 0x2018 && r <= 0x201F: // ‘ ’ ‚ ‛ “ ” „ ‟
		return true
	case r == 0x2026: // …
		return true
	case r >= 0x3001 && r <= 0x3003: // 、。〃
		return true
	case r >= 0x3008 && r <= 0x3011: // 〈〉《》「」『』【】
		return true
	case r >= 0x3014 && r <= 0x301F: // 〔〕〖〗〘〙〚〛〜〝〞〟
		return true
	case r >= 0xFE10 && r <= 0xFE19, r >= 0xFE30 && r <= 0xFE4F: // vertical and compatibility forms
		return true
	}
	switch r {
	case '！', '（', '）', '，', '：', '；', '？':
		return true
	}
	return false
}

// isHanOrPunct reports whether r is Han or Chinese punctuation.
func isHanOrPunct(r rune) bool { return IsHan(r) || isCJKPunct(r) }

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// isSpace reports whether r is a space in the lines handled after the first
// pass, which has already mapped every other blank to ' '.
func isSpace(r rune) bool { return r == ' ' }

// toCJK maps the half-width punctuation that becomes Chinese next to Chinese
// text; it returns 0 for any other rune.
func toCJK(r rune) rune {
	switch r {
	case ',':
		return '，'
	case ':':
		return '：'
	case ';':
		return '；'
	case '!':
		return '！'
	case '?':
		return '？'
	}
	return 0
}

// isCollapsible reports whether a doubled r is collapsed to one. The ellipsis
// … and dash — are never collapsed: …… and —— are single marks.
func isCollapsible(r rune) bool {
	switch r {
	case '，', '。', '；', '、', '：', '！', '？':
		return true
	}
	return false
}

// isPinyin reports whether r may appear in a pinyin gloss: a–z, ü and the
// tone-marked vowels.
func isPinyin(r rune) bool {
	if r >= 'a' && r <= 'z' {
		return true
	}
	switch r {
	case 'ā', 'á', 'ǎ', 'à', 'ē', 'é', 'ě', 'è', 'ī', 'í', 'ǐ', 'ì',
		'ō', 'ó', 'ǒ', 'ò', 'ū', 'ú', 'ǔ', 'ù', 'ǖ', 'ǘ', 'ǚ', 'ǜ', 'ü':
		return true
	}
	return false
}

// isChineseNumeral reports whether r is a Chinese numeral used in section
// numbering (一 … 十, 百, 零, 〇).
func isChineseNumeral(r rune) bool {
	switch r {
	case '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '零', '〇':
		return true
	}
	return false
}
