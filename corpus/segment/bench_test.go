package segment

import (
	"bytes"
	"testing"
	"time"

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
	g := testRaw(b)
	lines, n := benchLines(b)
	b.SetBytes(n)
	for b.Loop() {
		for _, l := range lines {
			_ = g.Segment(l)
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

// BenchmarkAppendTokensSearch reuses one token buffer, as the bleve
// tokenizer does.
func BenchmarkAppendTokensSearch(b *testing.B) {
	s := testSegmenter(b)
	lines, n := benchLines(b)
	b.SetBytes(n)
	var buf []Token
	for b.Loop() {
		for _, l := range lines {
			buf = s.AppendTokens(buf, l, Search)
		}
	}
}

// BenchmarkSearchVsGse alternates AppendTokens (Search, reused buffer) and
// gse's Segment pass by pass over the same lines and reports the ratio of
// their rates (tokens/gse, as zhenggai bench prints it): on a busy machine
// both sides share its load alike.
func BenchmarkSearchVsGse(b *testing.B) {
	s, g := testSegmenter(b), testRaw(b)
	lines, n := benchLines(b)
	var buf []Token
	var ours, raw time.Duration
	for b.Loop() {
		t0 := time.Now()
		for _, l := range lines {
			buf = s.AppendTokens(buf, l, Search)
		}
		t1 := time.Now()
		for _, l := range lines {
			_ = g.Segment(l)
		}
		ours, raw = ours+t1.Sub(t0), raw+time.Since(t1)
	}
	b.SetBytes(2 * n)
	b.ReportMetric(raw.Seconds()/ours.Seconds(), "tokens/gse")
}
