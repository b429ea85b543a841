package indexer

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/synth"
)

// TestGramPhraseMatchesBleve: a gramPhrase finds exactly the documents
// bleve's phrase searcher finds, with the same scores, for phrases drawn
// from the texts (repeated bigrams, phrases across punctuation, phrases
// found nowhere) and alone or under a tier.
func TestGramPhraseMatchesBleve(t *testing.T) {
	ctx := context.Background()
	ix, err := Open(ctx, filepath.Join(t.TempDir(), "index"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	parser := corpus.NewParser(corpus.Options{})
	var texts []string
	for _, d := range synth.Generate(synth.Options{Seed: 11, Disclosures: 60}) {
		rec, err := parser.Parse(corpus.Input{Text: d.Text})
		if err != nil {
			t.Fatal(err)
		}
		// A measure of repeats and one across punctuation, beside the rest.
		rec.Measures[0].Text = "整改整改整改落实，落实整改。开展A整改工作"
		if err := ix.Add(ctx, rec); err != nil {
			t.Fatal(err)
		}
		for _, m := range rec.Measures {
			texts = append(texts, m.Text)
		}
	}
	idx, err := ix.acquire()
	if err != nil {
		t.Fatal(err)
	}
	defer ix.mu.RUnlock()
	cjkA := idx.Mapping().AnalyzerNamed(CJKQueryAnalyzer)
	phrases := []string{"整改整改", "整改整改整改", "改整改整", "落实落实", "实整改", "整改落实", "开展整改", "展A整", "不存在的说法"}
	rng := rand.New(rand.NewPCG(5, 8))
	for len(phrases) < 150 {
		rs := []rune(texts[rng.IntN(len(texts))])
		k := 3 + rng.IntN(6)
		if len(rs) <= k {
			continue
		}
		i := rng.IntN(len(rs) - k)
		p := string(rs[i : i+k])
		if strings.IndexFunc(p, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) >= 0 {
			continue
		}
		phrases = append(phrases, p)
	}
	found := 0
	for _, p := range phrases {
		mp := bleve.NewMatchPhraseQuery(p)
		mp.SetField(fieldTextCJK)
		mp.Analyzer = CJKQueryAnalyzer
		g, ok := asGramPhrase(mp, cjkA)
		if !ok {
			t.Fatalf("%q is not a phrase of bigrams", p)
		}
		for _, pair := range [][2]query.Query{{mp, g}, {tier(mp, verbatimBoost), tier(g, verbatimBoost)}} {
			// bleve merges segments in the background, and a merge that
			// drops replaced documents changes the statistics behind the
			// scores: a pair that differs is asked again (a real
			// difference stays).
			var diff string
			for range 5 {
				want, got := gramHits(t, idx, pair[0]), gramHits(t, idx, pair[1])
				if diff = sameHits(want, got); diff == "" {
					found += len(want)
					break
				}
				time.Sleep(200 * time.Millisecond)
			}
			if diff != "" {
				t.Fatalf("%q: %s", p, diff)
			}
		}
	}
	if found < 500 {
		t.Fatalf("only %d hits compared", found)
	}
	// Every disclosure's first measure, and no other, holds it.
	mp := bleve.NewMatchPhraseQuery("整改整改整改")
	mp.SetField(fieldTextCJK)
	mp.Analyzer = CJKQueryAnalyzer
	g, _ := asGramPhrase(mp, cjkA)
	if n := len(gramHits(t, idx, g)); n != 60 {
		t.Errorf("整改整改整改 is in 60 measures, found in %d", n)
	}
}

// sameHits describes the first difference between bleve's hits and a
// gramPhrase's, or returns "".
func sameHits(want, got search.DocumentMatchCollection) string {
	if len(want) != len(got) {
		return fmt.Sprintf("bleve finds %d, gramPhrase %d", len(want), len(got))
	}
	for i := range want {
		if want[i].ID != got[i].ID || want[i].Score != got[i].Score {
			return fmt.Sprintf("hit %d: bleve %s %v, gramPhrase %s %v", i, want[i].ID, want[i].Score, got[i].ID, got[i].Score)
		}
	}
	return ""
}

func gramHits(t *testing.T, idx bleve.Index, q query.Query) search.DocumentMatchCollection {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	req.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}})
	res, err := idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	return res.Hits
}
