package theme

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// naiveFind is the reference for matcher.findAll: every occurrence of every
// pattern, by brute force.
func naiveFind(patterns []string, text string) []match {
	var out []match
	for pi, p := range patterns {
		for off := 0; ; {
			i := strings.Index(text[off:], p)
			if i < 0 {
				break
			}
			start := off + i
			if !(isASCIIWord(p[0]) || isASCIIWord(p[len(p)-1])) || asciiBounded(text, start, start+len(p)) {
				out = append(out, match{start: start, end: start + len(p), pat: int32(pi)})
			}
			off = start + 1
		}
	}
	return out
}

func sortMatches(ms []match) {
	slices.SortFunc(ms, func(a, b match) int {
		if a.start != b.start {
			return a.start - b.start
		}
		if a.end != b.end {
			return a.end - b.end
		}
		return int(a.pat - b.pat)
	})
}

func TestMatcherAgreesWithBruteForce(t *testing.T) {
	tg := NewTagger(nil)
	patterns := make([]string, len(tg.pats))
	for i, p := range tg.pats {
		patterns[i] = p.kw
	}
	// Texts glued from pieces of keywords, so partial matches and fail
	// links get exercised, plus ASCII digits for the boundary rule.
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			p := []rune(patterns[rng.IntN(len(patterns))])
			i := rng.IntN(len(p))
			j := i + 1 + rng.IntN(len(p)-i)
			b.WriteString(string(p[i:j]))
			if rng.IntN(8) == 0 {
				b.WriteString("1")
			}
		}
		text := b.String()
		got := tg.m.findAll(nil, text)
		want := naiveFind(patterns, text)
		sortMatches(got)
		sortMatches(want)
		if !slices.Equal(got, want) {
			t.Fatalf("text %q:\n got %v\nwant %v", text, got, want)
		}
	}
}

func TestMaximal(t *testing.T) {
	ms := []match{{0, 6, 0}, {0, 12, 1}, {3, 9, 2}, {9, 15, 3}, {6, 18, 4}}
	got := maximal(ms)
	want := []match{{0, 12, 1}, {6, 18, 4}}
	if !slices.Equal(got, want) {
		t.Errorf("maximal = %v, want %v", got, want)
	}
}
