package similar

import (
	"math"
	"slices"
	"unicode"
)

// Shingle parameters: see the package documentation.
const (
	// ShingleSize is the length, in characters, of a shingle.
	ShingleSize = 3
	// ShortText is the length under which a text is cut into 2-character
	// shingles instead.
	ShortText = 10
)

// Shingles is a set of shingles: sorted, without repeats.
type Shingles []uint64

// shortMark tags shingles of fewer than ShingleSize characters, so that
// they never equal a full shingle.
const shortMark = 1 << 63

// Fold returns the characters of text that shingles are made of: full-width
// ASCII folded to half-width, ASCII letters lower-cased, punctuation,
// symbols, white space and control characters dropped.
func Fold(text string) []rune {
	out := make([]rune, 0, len(text)/3+1)
	for _, r := range text {
		if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		if r == 0x3000 || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) || unicode.IsControl(r) {
			continue
		}
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		out = append(out, r)
	}
	return out
}

// Shingle cuts text into its shingle set: ShingleSize-character shingles,
// 2-character ones for texts under ShortText characters, the character
// itself for a one-character text, nothing for a text without characters.
func Shingle(text string) Shingles {
	return shingleRunes(Fold(text))
}

func shingleRunes(rs []rune) Shingles {
	n := ShingleSize
	if len(rs) < ShortText {
		n = 2
	}
	if len(rs) < n {
		n = len(rs)
	}
	if n == 0 {
		return Shingles{}
	}
	out := make(Shingles, 0, len(rs)-n+1)
	for i := 0; i+n <= len(rs); i++ {
		var v uint64
		for _, r := range rs[i : i+n] {
			v = v<<21 | uint64(r)&0x1FFFFF
		}
		if n < ShingleSize {
			v |= shortMark | uint64(n)<<60
		}
		out = append(out, v)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Jaccard is the exact Jaccard index of two shingle sets, |a ∩ b| / |a ∪ b|;
// 0 when both are empty.
func Jaccard(a, b Shingles) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			inter++
			i++
			j++
		}
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// jaccard is Jaccard over two sorted fingerprint sets. The merge steps
// without branching on which side is less (fingerprints are spread at
// random, so such a branch is mispredicted half the time).
func jaccard(a, b []uint32) float64 {
	if len(a) == 0 && len(b) == 0 {
		return 0
	}
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		x, y := a[i], b[j]
		inter += b2i(x == y)
		i += b2i(x <= y)
		j += b2i(y <= x)
	}
	return float64(inter) / float64(len(a)+len(b)-inter)
}

// jaccardAtLeast returns jaccard(a, b) and true when it is at least t,
// and false as soon as the merge shows it cannot be: most candidate pairs
// of the LSH buckets are far apart, and the merge stops once what is left
// of the shorter side could no longer lift the intersection to the least
// one that reaches t. The value it returns with true is jaccard's, to the
// bit (TestJaccardAtLeast).
func jaccardAtLeast(a, b []uint32, t float64) (float64, bool) {
	la, lb := len(a), len(b)
	if la == 0 && lb == 0 {
		return 0, 0 >= t
	}
	need := leastIntersection(la+lb, t)
	if need > min(la, lb) {
		return 0, false
	}
	inter, i, j := 0, 0, 0
	for i < la && j < lb {
		if inter+min(la-i, lb-j) < need {
			return 0, false
		}
		// A block of the branchless merge between two checks.
		for k := 0; k < 32 && i < la && j < lb; k++ {
			x, y := a[i], b[j]
			inter += b2i(x == y)
			i += b2i(x <= y)
			j += b2i(y <= x)
		}
	}
	s := float64(inter) / float64(la+lb-inter)
	return s, s >= t
}

// leastIntersection is the least k with k / (n − k) ≥ t, the quotient
// computed as jaccard computes it (n the two sets' sizes added).
func leastIntersection(n int, t float64) int {
	reaches := func(k int) bool { return float64(k)/float64(n-k) >= t }
	k := max(0, min(n, int(math.Ceil(t*float64(n)/(1+t)))))
	for k > 0 && reaches(k-1) {
		k--
	}
	for k < n && !reaches(k) {
		k++
	}
	return k
}

// b2i is 1 for true, 0 for false (compiled without a branch).
func b2i(v bool) int {
	if v {
		return 1
	}
	return 0
}
