package normalize

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/longbridgeapp/opencc"
	"golang.org/x/text/unicode/norm"
)

// Report says which repairs Text made.
type Report struct {
	Traditional   bool // traditional characters were detected and converted to simplified
	PinyinGlosses int  // pinyin glosses removed, e.g. 安鄉(xiāng)縣委 → 安乡县委
	JoinedBreaks  int  // PDF line breaks repaired
	PageMarks     int  // page-number lines dropped, e.g. "- 3 -", "第2页共5页"
}

// Normalizer turns raw decoded text into the canonical form the parser
// relies on. The zero value is not usable; call [New]. A Normalizer is safe
// for concurrent use. The OpenCC converter is loaded on the first text that
// is detected as traditional, once.
type Normalizer struct {
	trad *tradSet

	// compat maps the Kangxi radicals (U+2F00..U+2FDF, which PDF text
	// extraction emits for 一, 人, 长 …), CJK Radicals Supplement forms and
	// CJK compatibility ideographs to their unified ideographs (NFKC). Zero
	// means no mapping.
	radicals [0x2FE0 - 0x2E80]rune
	compat   [0xFB00 - 0xF900]rune

	once  sync.Once
	cc    *opencc.OpenCC
	ccErr error

	bufs sync.Pool // *[]rune work buffers
}

// New returns a Normalizer. It is cheap: the traditional-to-simplified
// converter is not loaded until a traditional text is seen.
func New() *Normalizer {
	n := &Normalizer{trad: newTradSet()}
	fill := func(table []rune, base rune) {
		var b [utf8.UTFMax]byte
		for i := range table {
			r := base + rune(i)
			k := utf8.EncodeRune(b[:], r)
			out := norm.NFKC.Bytes(b[:k])
			m, size := utf8.DecodeRune(out)
			if size == len(out) && m != r && IsHan(m) {
				table[i] = m
			}
		}
	}
	fill(n.radicals[:], 0x2E80)
	fill(n.compat[:], 0xF900)
	return n
}

// Text normalises s and reports the repairs made. The output contract is
// described in the package documentation.
func (n *Normalizer) Text(s string) (string, Report) {
	var rep Report
	bp, _ := n.bufs.Get().(*[]rune)
	if bp == nil {
		bp = new([]rune)
	}
	buf, trad, han := n.clean((*bp)[:0], s)
	if isTraditional(trad, han) {
		if conv, ok := n.toSimplified(buf); ok {
			buf = conv
			rep.Traditional = true
		}
	}
	buf = n.lines(buf, &rep)
	out := encode(buf)
	if cap(buf) <= 1<<22 { // do not keep huge buffers alive
		*bp = buf[:0]
		n.bufs.Put(bp)
	}
	return out, rep
}

// clean is the context-free first pass: it decodes s into runes, maps every
// line break to '\n' and every blank to ' ', drops invisible characters,
// folds full-width ASCII to half-width, makes parentheses full-width, maps
// enclosed numbers and compatibility ideographs, and counts Han and
// traditional-only characters for detection.
func (n *Normalizer) clean(buf []rune, s string) (out []rune, trad, han int) {
	// One rune per character, not per byte: Chinese text has three bytes a
	// character, and a rune takes four.
	if n := utf8.RuneCountInString(s); cap(buf) < n {
		buf = make([]rune, 0, n)
	}
	for _, r := range s {
		if r < 0x80 {
			switch {
			case r >= 0x20 && r < 0x7F:
				switch r {
				case '(':
					r = '（'
				case ')':
					r = '）'
				}
				buf = append(buf, r)
			case r == '\n' || r == '\r' || r == '\v' || r == '\f':
				buf = append(buf, '\n')
			case r == '\t':
				buf = append(buf, '\t') // a table cell separator: kept
			}
			continue
		}
		if r >= 0x4E00 && r <= 0x9FFF { // the common case: a unified ideograph
			han++
			if n.trad.has(r) {
				trad++
			}
			buf = append(buf, r)
			continue
		}
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			switch r {
			case '！', '（', '）', '，', '：', '；', '？':
			default:
				r -= 0xFEE0
			}
		case r >= 0xFF61 && r <= 0xFF64:
			r = [...]rune{'。', '「', '」', '、'}[r-0xFF61]
		case r >= 0x2E80 && r < 0x2FE0:
			if m := n.radicals[r-0x2E80]; m != 0 {
				r = m
			}
		case r >= 0xF900 && r < 0xFB00:
			if m := n.compat[r-0xF900]; m != 0 {
				r = m
			}
		case r >= 0x2474 && r <= 0x2487: // ⑴ … ⒇
			buf = append(buf, '（')
			buf = appendInt(buf, int(r-0x2474+1))
			r = '）'
		case r >= 0x2488 && r <= 0x249B: // ⒈ … ⒛
			buf = appendInt(buf, int(r-0x2488+1))
			r = '.'
		default:
			switch classifyBlank(r) {
			case blankDrop:
				continue
			case blankSpace:
				r = ' '
			case blankBreak:
				r = '\n'
			}
		}
		if IsHan(r) {
			han++
			if n.trad.has(r) {
				trad++
			}
		}
		buf = append(buf, r)
	}
	return buf, trad, han
}

type blank int

const (
	blankNone blank = iota
	blankDrop
	blankSpace
	blankBreak
)

// classifyBlank sorts the non-ASCII runes that are not text.
func classifyBlank(r rune) blank {
	switch {
	case r >= 0x80 && r <= 0x9F:
		if r == 0x85 {
			return blankBreak
		}
		return blankDrop
	case r == 0xA0, r == 0x1680, r >= 0x2000 && r <= 0x200A, r == 0x202F, r == 0x205F, r == 0x3000:
		return blankSpace
	case r == 0x2028, r == 0x2029:
		return blankBreak
	case r == 0xAD, // soft hyphen
		r >= 0x200B && r <= 0x200F, // zero-width space/joiners, LRM, RLM
		r >= 0x202A && r <= 0x202E, // bidi embeddings
		r >= 0x2060 && r <= 0x206F, // word joiner, invisible operators, bidi isolates
		r >= 0xFE00 && r <= 0xFE0F, // variation selectors
		r == 0xFEFF,                // BOM, zero-width no-break space
		r == 0xFFFC:                // object replacement character
		return blankDrop
	}
	return blankNone
}

func appendInt(buf []rune, v int) []rune {
	if v >= 10 {
		buf = append(buf, rune('0'+v/10))
	}
	return append(buf, rune('0'+v%10))
}

// encode writes the runes as UTF-8, turning straight double quotes into “
// and ” alternately within each line.
func encode(rs []rune) string {
	var sb strings.Builder
	sb.Grow(len(rs) * 3)
	open := true
	for _, r := range rs {
		switch {
		case r < 0x80:
			switch r {
			case '\n':
				open = true
			case '"':
				if open {
					sb.WriteRune('“')
				} else {
					sb.WriteRune('”')
				}
				open = !open
				continue
			}
			sb.WriteByte(byte(r))
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// Query folds a search query the way Text folds documents, but only
// character by character, so its spaces, quotes and minus signs keep their
// meaning: full-width letters and digits become half-width, and any
// traditional character becomes simplified (a single one suffices: a query
// is short). 巡視整改 finds what the index holds as 巡视整改.
func (n *Normalizer) Query(s string) string {
	buf, trad, _ := n.clean(nil, s)
	if trad > 0 {
		if conv, ok := n.toSimplified(buf); ok {
			buf = conv
		}
	}
	return encode(buf)
}
