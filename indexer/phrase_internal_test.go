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
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	zap "github.com/blevesearch/zapx/v17"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/synth"
)

// TestGramPhraseMatchesBleve: a gramPhrase finds exactly the documents
// bleve's phrase searcher finds, with the same scores, for phrases drawn
// from the texts (repeated bigrams, phrases across punctuation, phrases
// found nowhere) and alone or under a tier.
func TestGramPhraseMatchesBleve(t *testing.T) {
	// A measure of repeats and one across punctuation, beside the rest.
	idx, texts, units := segmentsIndex(t, 11, 66, 6, func(rec *corpus.Disclosure) {
		rec.Measures[0].Text = "整改整改整改落实，落实整改。开展A整改工作"
	})
	sl := rawSkips()
	defer checkRaw(t, sl, 20)
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
		// Under a conjunction with a rarer clause (one unit's measures),
		// the phrase is advanced to that clause's documents, not walked.
		unit := bleve.NewTermQuery(units[rng.IntN(len(units))])
		unit.SetField(fieldUnit)
		for _, pair := range [][2]query.Query{{mp, g}, {tier(mp, verbatimBoost), tier(g, verbatimBoost)},
			{bleve.NewConjunctionQuery(unit, mp), bleve.NewConjunctionQuery(unit, g)}} {
			n, diff := sameSearch(t, idx, sl, pair[0], pair[1])
			if diff != "" {
				t.Fatalf("%q: %s", p, diff)
			}
			found += n
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
	if n := len(gramHits(t, idx, sl, g)); n != 60 {
		t.Errorf("整改整改整改 is in 60 measures, found in %d", n)
	}
}

// segmentsIndex is an index of n synthetic disclosures (seed) added one by
// one (several segments), the last del of them deleted again: deleted
// documents stay in their segments until a merge, and a search must pass
// over them. edit, when set, changes each record before it is added. It
// returns the index, held for reading until the test ends, with the texts
// and units of the disclosures kept.
func segmentsIndex(t *testing.T, seed int64, n, del int, edit func(*corpus.Disclosure)) (idx bleve.Index, texts, units []string) {
	t.Helper()
	ctx := context.Background()
	ix, err := Open(ctx, filepath.Join(t.TempDir(), "index"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	parser := corpus.NewParser(corpus.Options{})
	var recs []*corpus.Disclosure
	for i, d := range synth.Generate(synth.Options{Seed: seed, Disclosures: n}) {
		rec, err := parser.Parse(corpus.Input{Text: d.Text})
		if err != nil {
			t.Fatal(err)
		}
		if edit != nil {
			edit(rec)
		}
		if err := ix.Add(ctx, rec); err != nil {
			t.Fatal(err)
		}
		recs = append(recs, rec)
		if i >= n-del {
			continue // deleted below
		}
		units = append(units, rec.Unit)
		for _, m := range rec.Measures {
			texts = append(texts, m.Text)
		}
	}
	for _, rec := range recs[n-del:] {
		if err := ix.Delete(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	if idx, err = ix.acquire(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ix.mu.RUnlock) // before Close: cleanups run last first
	waitPersisted(t, idx)
	return idx, texts, units
}

// rawSkips reads every term's entries from the segments' bytes, through
// skip points (rawpostings.go), however few its postings.
func rawSkips() *skipLists {
	sl := newSkipLists(maxSkipBytes)
	sl.minDocs = 1
	return sl
}

// checkRaw fails unless sl read at least least lists raw, and every one
// as expected.
func checkRaw(t *testing.T, sl *skipLists, least int64) {
	t.Helper()
	if built, misread := sl.built.Load(), sl.misread.Load(); built < least || misread != 0 {
		t.Errorf("%d lists read raw, %d not as expected", built, misread)
	}
}

// waitPersisted waits until every segment of idx is on disk: the
// segments read raw (a segment still in memory is left to zapx).
func waitPersisted(t *testing.T, idx bleve.Index) {
	t.Helper()
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		t.Fatalf("a %T index", adv)
	}
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		r, err := sc.Reader()
		if err != nil {
			t.Fatal(err)
		}
		mem := 0
		for _, ss := range r.(*scorch.IndexSnapshot).Segments() {
			if _, ok := ss.Segment().(*zap.Segment); !ok {
				mem++
			}
		}
		r.Close()
		if mem == 0 {
			return
		}
		if time.Since(start) > 20*time.Second {
			t.Fatalf("%d segments still in memory after 20 s", mem)
		}
	}
}

// sameSearch runs bleve's query and ours and returns how many hits they
// share, or the first difference. bleve merges segments in the
// background, and a merge that drops deleted documents changes the
// statistics behind the scores: a pair that differs is asked again (a
// real difference stays).
func sameSearch(t *testing.T, idx bleve.Index, sl *skipLists, theirs, ours query.Query) (int, string) {
	t.Helper()
	var diff string
	for range 5 {
		want, got := gramHits(t, idx, sl, theirs), gramHits(t, idx, sl, ours)
		if diff = sameHits(want, got); diff == "" {
			return len(want), ""
		}
		time.Sleep(200 * time.Millisecond)
	}
	return 0, diff
}

// sameHits describes the first difference between bleve's hits and ours
// (a gramPhrase's, an allWords'), or returns "".
func sameHits(want, got search.DocumentMatchCollection) string {
	if len(want) != len(got) {
		return fmt.Sprintf("bleve finds %d, ours %d", len(want), len(got))
	}
	for i := range want {
		if want[i].ID != got[i].ID || want[i].Score != got[i].Score {
			return fmt.Sprintf("hit %d: bleve %s %v, ours %s %v", i, want[i].ID, want[i].Score, got[i].ID, got[i].Score)
		}
	}
	return ""
}

func gramHits(t *testing.T, idx bleve.Index, sl *skipLists, q query.Query) search.DocumentMatchCollection {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 10000, 0, false)
	req.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}})
	res, err := idx.SearchInContext(withValue(context.Background(), sl), req)
	if err != nil {
		t.Fatal(err)
	}
	return res.Hits
}

// TestAllWordsMatchesBleve: an allWords query finds exactly the documents
// bleve's MatchQuery (every word) finds, and a oneTerm those of bleve's
// TermQuery, with the same scores, alone,
// under a tier, beside a phrase in a disjunction and under a conjunction
// with a rarer clause, in the text and the heading fields, with deleted
// documents in the segments.
func TestAllWordsMatchesBleve(t *testing.T) {
	idx, texts, units := segmentsIndex(t, 17, 50, 5, nil)
	sl := rawSkips()
	defer checkRaw(t, sl, 20)
	rng := rand.New(rand.NewPCG(13, 21))
	words := []string{"整改", "建立健全长效机制", "党组织书记", "不存在的说法", "落实整改责任"}
	for len(words) < 120 {
		rs := []rune(texts[rng.IntN(len(texts))])
		k := 2 + rng.IntN(7)
		if len(rs) <= k {
			continue
		}
		i := rng.IntN(len(rs) - k)
		words = append(words, string(rs[i:i+k]))
	}
	found := 0
	for n, w := range words {
		field, boost := fieldText, 1.0
		if n%3 == 1 {
			field = fieldHeading
		}
		if n%2 == 1 {
			boost = 1e-6
		}
		mq := func() *query.MatchQuery {
			q := bleve.NewMatchQuery(w)
			q.SetField(field)
			q.Analyzer = QueryAnalyzer
			q.SetOperator(query.MatchQueryOperatorAnd)
			q.SetBoost(boost)
			return q
		}
		aw := wordsAnd(mq())
		if _, ok := aw.(*allWords); !ok {
			t.Fatalf("%q: wordsAnd kept bleve's query", w)
		}
		phrase := bleve.NewMatchPhraseQuery(w)
		phrase.SetField(fieldTextCJK)
		phrase.Analyzer = CJKQueryAnalyzer
		unit := bleve.NewTermQuery(units[rng.IntN(len(units))])
		unit.SetField(fieldUnit)
		// A lone term: bleve's term query against oneTerm, alone (no norm
		// set from above) and under the same composites.
		tq := func() *query.TermQuery {
			toks := idx.Mapping().AnalyzerNamed(QueryAnalyzer).Analyze([]byte(w))
			term := w
			if len(toks) > 0 {
				term = string(toks[0].Term)
			}
			q := bleve.NewTermQuery(term)
			q.SetField(field)
			q.SetBoost(boost)
			return q
		}
		ot := &oneTerm{q: tq()}
		for _, pair := range [][2]query.Query{
			{tq(), ot},
			{tier(tq(), 100), tier(ot, 100)},
			{bleve.NewDisjunctionQuery(tier(phrase, verbatimBoost), tq()), bleve.NewDisjunctionQuery(tier(phrase, verbatimBoost), ot)},
			{bleve.NewConjunctionQuery(unit, tq()), bleve.NewConjunctionQuery(unit, ot)},
			{mq(), aw},
			{tier(mq(), 100), tier(aw, 100)},
			{bleve.NewDisjunctionQuery(tier(phrase, verbatimBoost), mq()), bleve.NewDisjunctionQuery(tier(phrase, verbatimBoost), aw)},
			{bleve.NewConjunctionQuery(unit, mq()), bleve.NewConjunctionQuery(unit, aw)},
		} {
			n, diff := sameSearch(t, idx, sl, pair[0], pair[1])
			if diff != "" {
				t.Fatalf("%q in %s: %s", w, field, diff)
			}
			found += n
		}
	}
	if found < 2000 {
		t.Fatalf("only %d hits compared", found)
	}
}

// TestAllWordsMatchesBleveTFIDF: on an index that scores by TF-IDF
// (bleve's default model), allWords still scores as bleve does.
func TestAllWordsMatchesBleveTFIDF(t *testing.T) {
	m := bleve.NewIndexMapping() // TF-IDF, the standard analyzer
	idx, err := bleve.New(filepath.Join(t.TempDir(), "tfidf"), m)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	rng := rand.New(rand.NewPCG(2, 3))
	vocab := strings.Fields("audit rectify measure unit round team report fund cadre rule check file plan duty")
	for b := range 4 { // several segments
		batch := idx.NewBatch()
		for i := range 80 {
			var ws []string
			for range 3 + rng.IntN(20) {
				ws = append(ws, vocab[rng.IntN(len(vocab))])
			}
			if err := batch.Index(fmt.Sprintf("d%d-%02d", b, i), map[string]any{"text": strings.Join(ws, " ")}); err != nil {
				t.Fatal(err)
			}
		}
		if err := idx.Batch(batch); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Delete("d1-07"); err != nil {
		t.Fatal(err)
	}
	waitPersisted(t, idx)
	sl := rawSkips()
	defer checkRaw(t, sl, 5)
	found := 0
	for range 60 {
		var ws []string
		for range 1 + rng.IntN(3) {
			ws = append(ws, vocab[rng.IntN(len(vocab))])
		}
		q := bleve.NewMatchQuery(strings.Join(ws, " "))
		q.SetField("text")
		q.Analyzer = "standard"
		q.SetOperator(query.MatchQueryOperatorAnd)
		aw := wordsAnd(q)
		if _, ok := aw.(*allWords); !ok {
			t.Fatal("wordsAnd kept bleve's query")
		}
		want, got := gramHits(t, idx, sl, q), gramHits(t, idx, sl, aw)
		if diff := sameHits(want, got); diff != "" {
			t.Fatalf("%v: %s", ws, diff)
		}
		found += len(want)
	}
	if found < 500 {
		t.Fatalf("only %d hits compared", found)
	}
}
