package indexer

import (
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
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

func TestHighlightSkipsBadLocations(t *testing.T) {
	text := "巡察整改"
	locs := search.FieldTermLocationMap{
		fieldText: {"x": {
			{Start: 0, End: 6},   // 巡察
			{Start: 1, End: 6},   // not on a rune boundary
			{Start: 6, End: 100}, // beyond the text
			{Start: 9, End: 6},   // reversed
		}},
		fieldTextCJK: {"y": {{Start: 3, End: 9}}}, // 察整, overlaps
	}
	if got, want := highlight(text, locs, nil), "<mark>巡察整</mark>改"; got != want {
		t.Errorf("highlight = %q, want %q", got, want)
	}
	if got := highlight("a<b", nil, nil); got != "a&lt;b" {
		t.Errorf("highlight without locations = %q", got)
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
		if got := highlight(tc.text, nil, tc.parts); got != tc.want {
			t.Errorf("highlight(%q, %q) = %q, want %q", tc.text, tc.parts, got, tc.want)
		}
	}
}
