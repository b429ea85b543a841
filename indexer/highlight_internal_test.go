package indexer

import (
	"slices"
	"testing"

	"strings"
)

func TestMergeSpans(t *testing.T) {
	for _, tc := range []struct {
		in, want []span
	}{
		{nil, nil},
		{[]span{{0, 3}}, []span{{0, 3}}},
		{[]span{{6, 9}, {0, 6}}, []span{{0, 9}}},                 // adjacent, unsorted
		{[]span{{0, 6}, {3, 9}, {6, 12}}, []span{{0, 12}}},       // overlapping bigrams
		{[]span{{0, 12}, {3, 6}}, []span{{0, 12}}},               // nested sub-word
		{[]span{{0, 3}, {4, 6}, {5, 9}}, []span{{0, 3}, {4, 9}}}, // a gap stays
	} {
		if got := mergeSpans(slices.Clone(tc.in)); !slices.Equal(got, tc.want) {
			t.Errorf("mergeSpans(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestHighlightEscapes(t *testing.T) {
	if got := highlight("a<b", nil, nil, nil); got != "a&lt;b" {
		t.Errorf("highlight without terms = %q", got)
	}
}

// TestHighlightWindow: a huge measure is shown as a bounded window around
// its first match, marked, with … at the cut ends.
func TestHighlightWindow(t *testing.T) {
	text := strings.Repeat("加强管理。", 3000) + "严格落实三会一课制度。" + strings.Repeat("完善机制。", 100_000)
	got := highlight(text, []string{"三会一课"}, nil, nil)
	if len(got) > maxHighlightBytes+64 {
		t.Errorf("highlight of a %d-byte text is %d bytes", len(text), len(got))
	}
	if !strings.Contains(got, "<mark>三会一课</mark>") || !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("window misses the match or the cut marks: %.80q … %.80q", got, got[len(got)-80:])
	}
}

func TestHighlightLiteral(t *testing.T) {
	for _, tc := range []struct {
		text  string
		parts []string
		want  string
	}{
		{"追回资金12.6万元。", []string{"12.6万元"}, "追回资金<mark>12.6万元</mark>。"},
		{"开展巡察“回头看”工作", []string{"巡察“回头看”"}, "开展<mark>巡察“回头看”</mark>工作"},
		{"ＡＰＰ和app", []string{"App"}, "<mark>ＡＰＰ</mark>和<mark>app</mark>"},
		{"整改，落实", []string{"整改落实"}, "整改，落实"},
	} {
		if got := highlight(tc.text, tc.parts, nil, nil); got != tc.want {
			t.Errorf("highlight(%q, %q) = %q, want %q", tc.text, tc.parts, got, tc.want)
		}
	}
}
