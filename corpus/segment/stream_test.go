package segment

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/go-ego/gse"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
)

// referenceTokens is the tokenizer as it was before it cut gse's shortest
// path itself (revision tokens-1): gse's Segment (on gse's own dictionary,
// testRaw), then the sub-word walk over gse's tokens. The fast path on the
// compact dictionary must emit exactly its tokens.
func referenceTokens(tb testing.TB, text []byte, mode Mode) []Token {
	segs := testRaw(tb).Segment(text)
	var out []Token
	pos := 0
	for i := 0; i < len(segs); i++ {
		start, end := segs[i].Start(), segs[i].End()
		if end > len(text) || start >= end {
			continue
		}
		if isFullWidthAlnum(text[start:end]) {
			for i+1 < len(segs) && segs[i+1].End() <= len(text) &&
				isFullWidthAlnum(text[segs[i+1].Start():segs[i+1].End()]) {
				i++
				end = segs[i].End()
			}
			pos++
			out = append(out, newToken(text, start, end, pos))
			continue
		}
		if droppable(text[start:end]) {
			continue
		}
		pos++
		out = append(out, newToken(text, start, end, pos))
		if mode == Search {
			out = referenceSubwords(out, text, start, end, segs[i].Token(), pos)
		}
	}
	return out
}

func referenceSubwords(out []Token, text []byte, start, end int, tok *gse.Token, pos int) []Token {
	if tok == nil {
		return out
	}
	for _, sub := range tok.Segments() {
		s, e := start+sub.Start(), start+sub.End()
		if s < start || e > end || s >= e {
			continue
		}
		if !droppable(text[s:e]) {
			out = append(out, newToken(text, s, e, pos))
		}
		out = referenceSubwords(out, text, s, e, sub.Token(), pos)
	}
	return out
}

// streamTexts returns the texts the token streams are compared on: every
// fixture disclosure (whole and line by line), every string of the judged
// relevance set, and the golden and edge inputs. None is a real document.
func streamTexts(tb testing.TB) []string {
	tb.Helper()
	texts := slices.Clone(goldenInputs)
	texts = append(texts, "", " ", "\xff\xfe整改", "整改\xe6\x95", "a", "Ａ", "ＡＢＣ整改１２３", "日本語のテキスト",
		"Ⱥ整改Ⱦ", "🙂整改🙂", "\u200b巡察\ufeff", "APP整改App整改app", "ÀÉÎ整改ĀĒ", "Ωμέγα整改", "１２３ａｂｃ整改Ｘ")
	fixtures, err := filepath.Glob(filepath.Join("..", "testdata", "fixtures", "*.txt"))
	if err != nil || len(fixtures) == 0 {
		tb.Fatalf("no fixtures under ../testdata/fixtures: %v", err)
	}
	for _, f := range fixtures {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		texts = append(texts, string(b))
		texts = append(texts, strings.Split(string(b), "\n")...)
	}
	rel, err := filepath.Glob(filepath.Join("..", "..", "indexer", "testdata", "relevance", "*.jsonl"))
	if err != nil || len(rel) == 0 {
		tb.Fatalf("no relevance set under ../../indexer/testdata/relevance: %v", err)
	}
	for _, f := range rel {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for _, line := range bytes.Split(b, []byte("\n")) {
			var v any
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			if err := json.Unmarshal(line, &v); err != nil {
				tb.Fatalf("%s: %v", f, err)
			}
			texts = appendStrings(texts, v)
		}
	}
	return texts
}

func appendStrings(out []string, v any) []string {
	switch v := v.(type) {
	case string:
		out = append(out, v)
	case []any:
		for _, e := range v {
			out = appendStrings(out, e)
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			out = appendStrings(out, v[k])
		}
	}
	return out
}

// streamsSHA256 pins the token streams of streamTexts as they were before
// the tokenizer cut gse's path itself (computed with referenceTokens): a
// change of any token, offset, position or type changes it.
const streamsSHA256 = "ffacd043494894824b9f600797b655a34445dfb07353c0c8cb08843002afddb2"

// TestTokenStreamsUnchanged compares AppendTokens (with a reused buffer, as
// the bleve tokenizer calls it) and Tokens with the reference tokenizer on
// the fixtures, the relevance set and the seed, and pins the streams' hash.
func TestTokenStreamsUnchanged(t *testing.T) {
	s := testSegmenter(t)
	texts := streamTexts(t)
	h := sha256.New()
	var buf []Token
	for _, mode := range []Mode{Precise, Search} {
		for i, in := range texts {
			want := referenceTokens(t, []byte(in), mode)
			buf = s.AppendTokens(buf, []byte(in), mode)
			if got := formatTokens(in, buf); got != formatTokens(in, want) {
				t.Fatalf("%v text %d: AppendTokens differs from the reference:\n%s", mode, i, diffLines(formatTokens(in, want), got))
			}
			if got := formatTokens(in, s.Tokens([]byte(in), mode)); got != formatTokens(in, want) {
				t.Fatalf("%v text %d: Tokens differs from the reference", mode, i)
			}
			fmt.Fprintf(h, "%v\x00%s", mode, formatTokens(in, want))
		}
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != streamsSHA256 {
		t.Errorf("token streams of %d texts hash to %s, pinned %s: the reference tokens changed", len(texts), got, streamsSHA256)
	}
	t.Run("seed", func(t *testing.T) {
		seed := corpustest.Seed(t)
		for _, mode := range []Mode{Precise, Search} {
			for _, in := range append(bytes.Split(seed, []byte("\n")), seed) {
				if got, want := formatTokens("", s.Tokens(in, mode)), formatTokens("", referenceTokens(t, in, mode)); got != want {
					t.Fatalf("%v seed: Tokens differs from the reference:\n%s", mode, diffLines(want, got))
				}
			}
		}
	})
}

// TestTokensConcurrent: goroutines sharing one Segmenter (its scratch pool
// and its sub-word cache) get the reference tokens.
func TestTokensConcurrent(t *testing.T) {
	s := testSegmenter(t)
	texts := streamTexts(t)
	want := make([]string, len(texts))
	for i, in := range texts {
		want[i] = formatTokens(in, referenceTokens(t, []byte(in), Search))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := range 4 {
		wg.Go(func() {
			var buf []Token
			for k := range texts {
				i := (k + g*len(texts)/4) % len(texts)
				buf = s.AppendTokens(buf, []byte(texts[i]), Search)
				if got := formatTokens(texts[i], buf); got != want[i] {
					errs <- fmt.Sprintf("goroutine %d, text %d: tokens differ", g, i)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
