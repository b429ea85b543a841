package indexer

import (
	"cmp"
	"html"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// Highlight markup.
const (
	markOpen  = "<mark>"
	markClose = "</mark>"
)

// span is a byte range [start, end) of a measure text.
type span struct{ start, end int }

// highlight renders the whole text HTML-escaped, with <mark>…</mark> around
// every range a query term matched. Ranges come from the term locations of
// text and text_cjk, which are both byte offsets into the one stored text;
// overlapping and adjacent ranges are merged, so a phrase matched as a
// chain of bigrams is one mark, no character is lost, and no mark directly
// follows another.
//
// bleve's own HTML highlighter is not used: its MergeOverlapping extends
// only the first location, splitting later phrase occurrences into
// <mark>巡察</mark><mark>整改</mark> and dropping characters of 3-character
// words (tech-notes §3.4).
//
// Every verbatim occurrence of a part (folded as the analyzers fold:
// lowercase, full-width ASCII as half-width) is marked whole as well: the
// analyzers drop punctuation, so the locations of 12.6万元 or 巡察“回头看”
// leave the . and “ unmarked between two marks.
func highlight(text string, locs search.FieldTermLocationMap, parts []string) string {
	spans := literalSpans(text, parts)
	for _, field := range []string{fieldText, fieldTextCJK} {
		for _, ls := range locs[field] {
			for _, l := range ls {
				s, e := int(l.Start), int(l.End)
				if validSpan(text, s, e) {
					spans = append(spans, span{s, e})
				}
			}
		}
	}
	return render(text, mergeSpans(spans))
}

// literalSpans returns the byte ranges of text where a part occurs, compared
// rune by rune after folding.
func literalSpans(text string, parts []string) []span {
	if len(parts) == 0 {
		return nil
	}
	var runes []rune
	var offs []int // byte offset of each rune, plus len(text)
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

// validSpan reports whether [s, e) is a non-empty range of text on rune
// boundaries. Locations of a stale index (text changed without
// re-indexing) could fail this; they are skipped rather than trusted.
func validSpan(text string, s, e int) bool {
	if s < 0 || e > len(text) || s >= e {
		return false
	}
	return utf8.RuneStart(text[s]) && (e == len(text) || utf8.RuneStart(text[e]))
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
