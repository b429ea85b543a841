package indexer

import (
	"context"
	"fmt"
	"math"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// gramPhrase is an exact phrase of CJK bigrams, one per position in a row
// (what a MatchPhraseQuery on text_cjk analysed by CJKQueryAnalyzer
// becomes). It matches and scores exactly as bleve's phrase searcher
// does — the conjunction of the bigrams' term searchers, kept where the
// bigrams stand one after the other — but checks the positions from the
// conjunction's term locations as they come, where bleve first builds a
// map of them for every document the conjunction finds. With thousands of
// such documents per query, that map was a quarter of a phrase's cost.
type gramPhrase struct {
	field string
	terms []string
	boost float64
}

// asGramPhrase returns q as a gramPhrase when cjkA cuts its text into
// bigrams at consecutive positions (a phrase of two or more); ok is false
// otherwise, and q stays bleve's.
func asGramPhrase(q *query.MatchPhraseQuery, cjkA analysis.Analyzer) (*gramPhrase, bool) {
	if q.Analyzer != CJKQueryAnalyzer || cjkA == nil || q.Fuzziness != 0 {
		return nil, false
	}
	ts := cjkA.Analyze([]byte(q.MatchPhrase))
	if len(ts) < 2 {
		return nil, false
	}
	p := &gramPhrase{field: q.FieldVal, boost: 1}
	if q.BoostVal != nil {
		p.boost = q.BoostVal.Value()
	}
	for i, t := range ts {
		if t.Position != ts[0].Position+i {
			return nil, false
		}
		p.terms = append(p.terms, string(t.Term))
	}
	return p, true
}

// Searcher implements query.Query.
func (q *gramPhrase) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	if snap, ok := r.(*scorch.IndexSnapshot); ok && !options.Explain {
		boosts := make([]float64, len(q.terms))
		for i := range boosts {
			boosts[i] = q.boost
		}
		return newSegmentPhrase(ctx, snap, q.field, q.terms, boosts, true, false, options)
	}
	noShare(ctx) // bleve's searchers read every segment
	options.IncludeTermVectors = true
	ts := make([]search.Searcher, 0, len(q.terms))
	closeAll := func() {
		for _, s := range ts {
			_ = s.Close()
		}
	}
	for _, term := range q.terms {
		s, err := searcher.NewTermSearcher(ctx, r, term, q.field, q.boost, options)
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("phrase searcher: %w", err)
		}
		ts = append(ts, s)
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, ts, options)
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("phrase searcher: %w", err)
	}
	// As bleve's phrase searcher: the norm of the conjunction alone, until
	// a searcher above sets the query's.
	conj.SetQueryNorm(1 / math.Sqrt(conj.Weight()))
	return &gramSearcher{Searcher: conj, terms: q.terms, field: q.field, pos: make([][]uint64, len(q.terms))}, nil
}

// gramSearcher keeps the conjunction's matches where the phrase's terms
// stand in a row.
type gramSearcher struct {
	search.Searcher // the conjunction of the terms
	terms           []string
	field           string
	pos             [][]uint64 // per phrase position, the term's positions in the document
}

func (s *gramSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		dm, err := s.Searcher.Next(ctx)
		if err != nil || dm == nil {
			return dm, err
		}
		if s.inRow(dm) {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

func (s *gramSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if err != nil || dm == nil {
		return dm, err
	}
	if s.inRow(dm) {
		return dm, nil
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

func (s *gramSearcher) Min() int { return 0 }

func (s *gramSearcher) DocumentMatchPoolSize() int { return s.Searcher.DocumentMatchPoolSize() + 1 }

// inRow reports whether the document holds the terms at consecutive
// positions (the field holds one text, never an array), and drops the
// locations.
func (s *gramSearcher) inRow(dm *search.DocumentMatch) bool {
	for i := range s.pos {
		s.pos[i] = s.pos[i][:0]
	}
	ftls := dm.FieldTermLocations
	for _, l := range ftls {
		if l.Field != s.field {
			continue
		}
		for i, t := range s.terms {
			if t == l.Term {
				s.pos[i] = append(s.pos[i], l.Location.Pos)
			}
		}
	}
	// Nothing above reads the locations: drop them rather than merge them
	// up the tree.
	dm.FieldTermLocations = ftls[:0]
	return inRow(s.pos)
}

// inRow reports whether some position p of the phrase's first term has
// the i-th term at p+i for every i (pos[i] are the positions of the
// phrase's i-th term in the document).
func inRow(pos [][]uint64) bool {
	for _, p := range pos[0] {
		all := true
		for i := 1; i < len(pos) && all; i++ {
			all = holds(pos[i], p+uint64(i))
		}
		if all {
			return true
		}
	}
	return false
}

func holds(ps []uint64, p uint64) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// allWords is a MatchQuery with the AND operator (every token of its
// text, as its analyzer cuts it, in its field): bleve's conjunction of
// one term query per token, each with the query's boost. On a scorch
// snapshot it is searched by segmentPhrase (same matches, same scores);
// elsewhere, or to explain a score, it is bleve's.
type allWords struct{ q *query.MatchQuery }

// wordsAnd returns q as an allWords when it asks for every token exactly;
// a fuzzy query stays bleve's.
func wordsAnd(q *query.MatchQuery) query.Query {
	if q.Operator != query.MatchQueryOperatorAnd || q.Fuzziness != 0 || q.FieldVal == "" || q.Analyzer == "" {
		return q
	}
	return &allWords{q: q}
}

// Searcher implements query.Query.
func (w *allWords) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	a := m.AnalyzerNamed(w.q.Analyzer)
	if !ok || options.Explain || options.IncludeTermVectors || a == nil {
		noShare(ctx)
		return w.q.Searcher(ctx, r, m, options)
	}
	tokens := a.Analyze([]byte(w.q.Match))
	if len(tokens) == 0 {
		return w.q.Searcher(ctx, r, m, options) // matches nothing, as bleve says
	}
	terms := make([]string, len(tokens))
	boosts := make([]float64, len(tokens))
	for i, t := range tokens {
		terms[i], boosts[i] = string(t.Term), w.q.BoostVal.Value()
	}
	return newSegmentPhrase(ctx, snap, w.q.FieldVal, terms, boosts, false, false, options)
}

// oneTerm is a TermQuery searched, on a scorch snapshot, by segmentPhrase
// (one term: the same matches and scores as bleve's term searcher, whose
// score it computes the same way); elsewhere, or to explain a score, it
// is bleve's.
type oneTerm struct{ q *query.TermQuery }

// Searcher implements query.Query.
func (t *oneTerm) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || options.Explain || options.IncludeTermVectors || t.q.FieldVal == "" {
		noShare(ctx)
		return t.q.Searcher(ctx, r, m, options)
	}
	return newSegmentPhrase(ctx, snap, t.q.FieldVal, []string{t.q.Term}, []float64{t.q.BoostVal.Value()}, false, true, options)
}
