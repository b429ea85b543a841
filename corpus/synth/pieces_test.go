package synth

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestPieces: pieces are spans of the texts, 2–6 characters without
// punctuation or digits, the same for the same seeds, and none from no text.
func TestPieces(t *testing.T) {
	texts := []string{"加强党风廉政建设，落实主体责任。", "2024年开展专项整治工作", "短"}
	ps := Pieces(texts, 50, 7, 11)
	if len(ps) != 50 {
		t.Fatalf("%d pieces", len(ps))
	}
	for _, p := range ps {
		n := utf8.RuneCountInString(p)
		if n < 2 || n > 6 || strings.ContainsAny(p, "，。0123456789") || !strings.Contains(texts[0]+texts[1], p) {
			t.Errorf("piece %q", p)
		}
	}
	if again := Pieces(texts, 50, 7, 11); !slices.Equal(again, ps) {
		t.Error("the same seeds gave other pieces")
	}
	if got := Pieces(nil, 5, 7, 11); len(got) != 0 {
		t.Errorf("pieces of no text: %q", got)
	}
}
