package segment

import (
	"bytes"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
)

// benchLines is the seed repeated to about 1 MB, split into lines: one
// Tokens call per line, as the indexer calls it per measure.
func benchLines(b *testing.B) ([][]byte, int64) {
	seed := corpustest.Seed(b)
	var lines [][]byte
	var n int64
	for n < 1<<20 {
		for _, l := range bytes.Split(seed, []byte("\n")) {
			if len(l) > 0 {
				lines = append(lines, l)
				n += int64(len(l))
			}
		}
	}
	return lines, n
}

func BenchmarkGseSegment(b *testing.B) {
	s := testSegmenter(b)
	lines, n := benchLines(b)
	b.SetBytes(n)
	for b.Loop() {
		for _, l := range lines {
			_ = s.seg.Segment(l)
		}
	}
}

func BenchmarkTokensPrecise(b *testing.B) {
	s := testSegmenter(b)
	lines, n := benchLines(b)
	b.SetBytes(n)
	for b.Loop() {
		for _, l := range lines {
			_ = s.Tokens(l, Precise)
		}
	}
}

func BenchmarkTokensSearch(b *testing.B) {
	s := testSegmenter(b)
	lines, n := benchLines(b)
	b.SetBytes(n)
	for b.Loop() {
		for _, l := range lines {
			_ = s.Tokens(l, Search)
		}
	}
}
