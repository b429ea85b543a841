package indexer

import (
	"cmp"
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/zhenggai/zhenggai/corpus/segment"
)

// Highlight markup.
const (
	markOpen  = "<mark>"
	markClose = "</mark>"
)

// span is a byte range [start, end) of a measure text.
type span struct{ start, end int }

// maxHighlightBytes bounds the text a highlight shows: a longer measure
// is shown as a window of this size around its first match, with … at the
// cut ends, so that one huge measure costs no more than a normal one.
const maxHighlightBytes = 4096

// wordSegmenter cuts a short context into words, for whole-word marks.
type wordSegmenter interface {
	Tokens(text []byte, mode segment.Mode) []segment.Token
}

// highlight renders text HTML-escaped, with <mark>…</mark> around every
// occurrence of a part (the whole phrase, for verbatim hits) and of a word
// of the query or its expansions, folded as the analyzers fold (lowercase,
// full-width ASCII as half-width). A mark that would cut a word of the
// text is widened to the whole word (党 in 党组 marks 党组, 落实主体 in
// 落实主体责任 marks all of it), so no mark is a fragment of a word. Overlapping and
// adjacent marks merge, so a phrase is one mark and no mark directly
// follows another; no character is lost.
//
// Marks come from the stored text, not from bleve's term locations: those
// would be collected for every occurrence in every hit (a measure of
// 800,000 characters costs gigabytes), and bleve's own highlighter splits
// later phrase occurrences (tech-notes §3.4). Only a window of
// maxHighlightBytes is marked and shown.
func highlight(text string, parts, words []string, seg wordSegmenter) string {
	terms := append(slices.Clone(parts), words...)
	prefix, suffix := "", ""
	if len(text) > maxHighlightBytes {
		scan := text[:min(len(text), maxScanBytes)]
		for !utf8.ValidString(scan) && len(scan) > 0 {
			scan = scan[:len(scan)-1]
		}
		first := len(scan)
		for _, sp := range literalSpans(scan, terms) {
			first = min(first, sp.start)
		}
		if first == len(scan) {
			first = 0
		}
		start := max(0, first-maxHighlightBytes/4)
		for start > 0 && !utf8.RuneStart(text[start]) {
			start--
		}
		end := min(len(text), start+maxHighlightBytes)
		for end < len(text) && !utf8.RuneStart(text[end]) {
			end--
		}
		if start > 0 {
			prefix = "…"
		}
		if end < len(text) {
			suffix = "…"
		}
		text = text[start:end]
	}
	// Merge first, so that a phrase and its words matched at one place cost
	// one look at the words around them.
	spans := mergeSpans(literalSpans(text, terms))
	if seg != nil {
		// A mark whose edge falls between two letters may cut a word of the
		// text (党 in 党组, 落实主体 in 主体责任): widen it to the words it
		// touches. Edges at punctuation, spaces or the ends need no look.
		for i, sp := range spans {
			if cutsWord(text, sp) {
				spans[i] = wholeWords(text, sp, seg)
			}
		}
		spans = mergeSpans(spans)
	}
	return prefix + render(text, spans) + suffix
}

// cutsWord reports whether either edge of sp lies between two letters or
// digits, where it may split a word of text.
func cutsWord(text string, sp span) bool {
	if sp.start > 0 {
		before, _ := utf8.DecodeLastRuneInString(text[:sp.start])
		first, _ := utf8.DecodeRuneInString(text[sp.start:])
		if isWordRune(before) && isWordRune(first) {
			return true
		}
	}
	if sp.end < len(text) {
		last, _ := utf8.DecodeLastRuneInString(text[:sp.end])
		after, _ := utf8.DecodeRuneInString(text[sp.end:])
		if isWordRune(last) && isWordRune(after) {
			return true
		}
	}
	return false
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordContext is how many bytes around a mark are segmented to find the
// words it touches.
const wordContext = 12

// wholeWords widens sp to the words of text it starts and ends in,
// segmenting only a short context around it.
func wholeWords(text string, sp span, seg wordSegmenter) span {
	from := max(0, sp.start-wordContext)
	for from > 0 && !utf8.RuneStart(text[from]) {
		from--
	}
	to := min(len(text), sp.end+wordContext)
	for to < len(text) && !utf8.RuneStart(text[to]) {
		to++
	}
	out := sp
	for _, t := range seg.Tokens([]byte(text[from:to]), segment.Precise) {
		s, e := from+t.Start, from+t.End
		if s < sp.start && sp.start < e && (s > from || from == 0) {
			out.start = s
		}
		if s < sp.end && sp.end < e && (e < to || to == len(text)) {
			out.end = e
		}
	}
	return out
}

// literalSpans returns the byte ranges of text where a part occurs, compared
// rune by rune after folding.
func literalSpans(text string, parts []string) []span {
	if len(parts) == 0 {
		return nil
	}
	n := utf8.RuneCountInString(text)
	runes := make([]rune, 0, n)
	offs := make([]int, 0, n+1) // byte offset of each rune, plus len(text)
	for i, r := range text {
		runes = append(runes, foldRune(r))
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	var spans []span
	for _, p := range parts {
		pr := []rune(p)
		for i := range pr {
			pr[i] = foldRune(pr[i])
		}
		if len(pr) == 0 {
			continue
		}
		for i := 0; i+len(pr) <= len(runes); i++ {
			if slices.Equal(runes[i:i+len(pr)], pr) {
				spans = append(spans, span{offs[i], offs[i+len(pr)]})
			}
		}
	}
	return spans
}

// foldRune maps full-width ASCII to half-width and lowercases, as the
// analyzers' cjk_width and to_lower filters do.
func foldRune(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		r -= 0xFEE0
	}
	return unicode.ToLower(r)
}

// mergeSpans sorts spans and merges those that overlap or touch.
func mergeSpans(spans []span) []span {
	if len(spans) == 0 {
		return nil
	}
	slices.SortFunc(spans, func(a, b span) int {
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(a.end, b.end)
	})
	out := spans[:1]
	for _, s := range spans[1:] {
		last := &out[len(out)-1]
		if s.start <= last.end {
			last.end = max(last.end, s.end)
			continue
		}
		out = append(out, s)
	}
	return out
}

// render escapes text and wraps the (sorted, disjoint) spans in marks.
func render(text string, spans []span) string {
	var b strings.Builder
	b.Grow(len(text) + len(spans)*(len(markOpen)+len(markClose)) + 16)
	at := 0
	for _, s := range spans {
		b.WriteString(html.EscapeString(text[at:s.start]))
		b.WriteString(markOpen)
		b.WriteString(html.EscapeString(text[s.start:s.end]))
		b.WriteString(markClose)
		at = s.end
	}
	b.WriteString(html.EscapeString(text[at:]))
	return b.String()
}
