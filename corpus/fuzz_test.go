package corpus_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/corpustest"
)

// FuzzParse feeds arbitrary text through normalisation and parsing: it must
// never panic, and what it returns must hold together.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "fixtures", "*.txt"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err == nil {
			f.Add(string(b))
		}
	}
	f.Add("关于巡察整改情况的通报\n一、\n（一）\n一是二是\n2024717日至830日\n")
	f.Add("中共某县党组关于巡察整改情况的公示\n2023年13月40日至2月30日\n914日，巡察组反馈了意见\n1.关于“”问题\n整改情况：一是；二是。")
	p := corpus.NewParser(corpus.Options{})
	f.Fuzz(func(t *testing.T, text string) {
		d, err := p.Parse(corpus.Input{Text: text})
		if err != nil {
			if strings.TrimSpace(text) != "" && d != nil {
				t.Fatalf("error %v with a record", err)
			}
			return
		}
		for _, m := range d.Measures {
			if m.Text == "" || !utf8.ValidString(m.Text) && utf8.ValidString(text) {
				t.Fatalf("bad measure %+v", m)
			}
		}
		for _, s := range []string{d.Inspection.Start, d.Inspection.End, d.Inspection.Feedback, d.Published} {
			if s != "" && len(s) != 10 {
				t.Fatalf("date %q is not ISO", s)
			}
		}
	})
}

// BenchmarkParse measures normalise+parse throughput on seed-shaped text:
// every fixture in turn (go test ./corpus -bench Parse -cpu 1).
func BenchmarkParse(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("testdata", "fixtures", "*.txt"))
	var texts []string
	size := 0
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(raw))
		size += len(raw)
	}
	if len(texts) == 0 {
		b.Skip("no fixtures")
	}
	p := corpus.NewParser(corpus.Options{})
	b.SetBytes(int64(size))
	for b.Loop() {
		for _, t := range texts {
			if _, err := p.Parse(corpus.Input{Text: t}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseSeed measures normalise+parse on the real seed, the text the
// throughput target is stated for (go test ./corpus -bench ParseSeed -cpu 1).
func BenchmarkParseSeed(b *testing.B) {
	seed := string(corpustest.Seed(b))
	p := corpus.NewParser(corpus.Options{})
	b.SetBytes(int64(len(seed)))
	for b.Loop() {
		if _, err := p.Parse(corpus.Input{Text: seed}); err != nil {
			b.Fatal(err)
		}
	}
}
