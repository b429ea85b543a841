package theme_test

import (
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/corpus/theme"
)

// benchMeasures returns measures of about 200 characters built from the
// test sentences.
func benchMeasures() []string {
	var out []string
	var b strings.Builder
	for _, id := range builtinIDs() {
		b.WriteString(themeSentences()[id])
		if len([]rune(b.String())) >= 200 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	return out
}

func BenchmarkTag(b *testing.B) {
	tg := theme.NewTagger(nil)
	ms := benchMeasures()
	n := 0
	for _, m := range ms {
		n += len(m)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range ms {
			tg.Tag(m)
		}
	}
}

func BenchmarkTagWithContextSeed(b *testing.B) {
	_, measures := splitSeed(string(corpustest.Seed(b)))
	tg := theme.NewTagger(nil)
	n := 0
	for _, m := range measures {
		n += len(m.text)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		for _, m := range measures {
			tg.TagWithContext(m.text, m.heading)
		}
	}
}

// BenchmarkHitsNoMatch measures the automaton alone on text with no keyword.
func BenchmarkHitsNoMatch(b *testing.B) {
	tg := theme.NewTagger(nil)
	text := strings.Repeat("此次反馈的意见一针见血切中要害客观全面深刻中肯", 20)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		tg.Hits(text)
	}
}

func BenchmarkNewTagger(b *testing.B) {
	tax := theme.Default()
	for b.Loop() {
		theme.NewTagger(tax)
	}
}
