package indexer

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// segmentPhrase is a conjunction of terms of one field — a gramPhrase's
// bigrams, kept where they stand in a row, or every word of an allWords
// query — searched segment by segment on scorch's postings: the
// documents holding every term are the intersection of the terms'
// bitmaps, and only those are visited, each term's postings advanced to
// them directly for the frequency, norm and (for a phrase) positions.
// bleve's conjunction reached the same documents through a term searcher
// per term, a document match per term and document, and (for a phrase)
// the merge of their locations, which made a phrase of common bigrams
// half of a search. Scores are bleve's to the bit: each term is scored by
// bleve's own term scorer, built with the statistics bleve's term
// searcher uses, and summed in the order bleve's conjunction sums them
// (TestGramPhraseMatchesBleve, TestAllWordsMatchesBleve).
type segmentPhrase struct {
	inRow bool // a phrase: the terms must stand in a row
	// The terms in bleve's conjunction order (fewest documents first):
	at      []int                    // each term's place in the phrase
	counts  []uint64                 // documents holding each term, the deleted ones left out
	scorers []*termScorer            // one per term
	lists   [][]segment.PostingsList // per segment, each term's postings, by its place in the phrase

	// The walk over the segments and their candidates (documents holding
	// every term), and the open segment's postings iterators.
	walk segmentWalk
	its  []segment.PostingsIterator
	pos  [][]uint64
	// Each term's entries read straight from the segment's bytes, where
	// its skip points are kept (rawpostings.go; raw[i] false: its zapx
	// iterator reads them).
	skips *skipLists
	raw   []bool
	curs  []rawCursor
	freqs []uint64
	norms []float64

	// Impacts (impacts.go), when the walk above asks for bounds
	// (useImpacts): the field and terms (by place in the phrase), each
	// term's impacts in the open segment (nil: none there), and the last
	// block bounded with its bound.
	im         *impacts
	useImpacts bool
	field      string
	terms      []string
	imps       []*termImpacts
	lastBlock  int
	lastBound  float64
}

// newSegmentPhrase searches the terms (each with its boost) of field in
// snap: all of them, and in a row when inRow. Unless lone (a term query
// of its own, which bleve leaves unnormalised until a searcher above sets
// the query's norm), the terms start with their conjunction's norm, as
// bleve's conjunction and phrase searchers set it.
func newSegmentPhrase(ctx context.Context, snap *scorch.IndexSnapshot, field string, qterms []string, boosts []float64, inRow, lone bool, options search.SearcherOptions) (search.Searcher, error) {
	// The statistics of bleve's term searcher (searcher.NewTermSearcher):
	// the scoring model the search asks for, the documents of the index
	// and, for BM25, the field's average length.
	var model string
	if cb, ok := ctx.Value(search.GetScoringModelCallbackKey).(search.GetScoringModelCallbackFn); ok {
		model = cb()
	}
	docs, err := snap.DocCount()
	if err != nil {
		return nil, fmt.Errorf("phrase searcher: %w", err)
	}
	var avgLen float64
	if model == index.BM25Scoring {
		var card int
		if st, ok := ctx.Value(search.BM25StatsKey).(*search.BM25Stats); ok {
			docs = uint64(st.DocCount)
			if card, ok = st.FieldCardinality[field]; !ok {
				return nil, fmt.Errorf("phrase searcher: field stat for bm25 not present %s", field)
			}
		} else if card, err = snap.FieldCardinality(field); err != nil {
			return nil, fmt.Errorf("phrase searcher: %w", err)
		}
		if docs != 0 || card != 0 {
			avgLen = math.Ceil(float64(card) / float64(docs))
		}
	}
	segs := snap.Segments()
	s := &segmentPhrase{inRow: inRow, im: valueOf[impacts](ctx), skips: valueOf[skipLists](ctx), field: field, terms: qterms}
	s.walk = newSegmentWalk(segs, shareOf(ctx).skipped(segs), s.openSegment)
	for range qterms {
		if err := search.RecordTermSearcher(ctx); err != nil {
			return nil, fmt.Errorf("phrase searcher: %w", err)
		}
	}
	// Each term's postings in each segment, opened once: their counts
	// (deleted documents left out) add up to the documents holding the
	// term, as bleve's term reader counts them, and the walk reads them.
	counts := make([]uint64, len(qterms))
	s.lists = make([][]segment.PostingsList, len(segs))
	for k, ss := range segs {
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return nil, fmt.Errorf("phrase searcher: %w", err)
		}
		s.lists[k] = make([]segment.PostingsList, len(qterms))
		for i, t := range qterms {
			pl, err := dict.PostingsList([]byte(t), ss.Deleted(), nil)
			if err != nil {
				return nil, fmt.Errorf("phrase searcher: %w", err)
			}
			s.lists[k][i] = pl
			counts[i] += pl.Count()
		}
	}
	terms := make(phraseTerms, len(qterms))
	for i := range qterms {
		terms[i] = phraseTerm{at: i, count: counts[i],
			scorer: newTermScorer(boosts[i], docs, counts[i], avgLen, options)}
	}
	// bleve's conjunction sorts its searchers so (OrderedSearcherList):
	// the same sort on the same order gives the same order.
	sort.Sort(terms)
	for _, t := range terms {
		s.at, s.counts, s.scorers = append(s.at, t.at), append(s.counts, t.count), append(s.scorers, t.scorer)
	}
	s.its = make([]segment.PostingsIterator, len(s.at))
	s.pos = make([][]uint64, len(s.at))
	s.freqs = make([]uint64, len(s.at))
	s.norms = make([]float64, len(s.at))
	s.imps = make([]*termImpacts, len(s.at))
	s.raw = make([]bool, len(s.at))
	s.curs = make([]rawCursor, len(s.at))
	// As bleve's conjunction and phrase searchers: the norm of the
	// conjunction alone, until a searcher above sets the query's.
	if !lone {
		s.SetQueryNorm(1 / math.Sqrt(s.Weight()))
	}
	return s, nil
}

// phraseTerm is a bigram of the phrase with its statistics and scorer.
type phraseTerm struct {
	at     int
	count  uint64
	scorer *termScorer
}

// phraseTerms sorts as bleve's OrderedSearcherList: by count.
type phraseTerms []phraseTerm

func (p phraseTerms) Len() int           { return len(p) }
func (p phraseTerms) Less(i, j int) bool { return p[i].count < p[j].count }
func (p phraseTerms) Swap(i, j int)      { p[i], p[j] = p[j], p[i] }

// Weight is the conjunction's: the sum of its terms' weights.
func (s *segmentPhrase) Weight() float64 {
	var w float64
	for _, sc := range s.scorers {
		w += sc.Weight()
	}
	return w
}

func (s *segmentPhrase) SetQueryNorm(n float64) {
	for _, sc := range s.scorers {
		sc.SetQueryNorm(n)
	}
}

// Count is the conjunction's worst case, as bleve counts it.
func (s *segmentPhrase) Count() uint64 {
	var n uint64
	for _, c := range s.counts {
		n += c
	}
	return n
}

func (s *segmentPhrase) Min() int                   { return 0 }
func (s *segmentPhrase) Close() error               { return nil }
func (s *segmentPhrase) DocumentMatchPoolSize() int { return 1 }
func (s *segmentPhrase) Size() int {
	return 256 + 64*len(s.at) + 16*len(s.walk.segs)
}

func (s *segmentPhrase) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		d, ok := s.walk.next()
		if !ok {
			return nil, s.walk.err
		}
		if dm := s.match(ctx, d); dm != nil || s.walk.err != nil {
			return dm, s.walk.err
		}
	}
}

// Advance moves to the first match at or after id.
func (s *segmentPhrase) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.walk.advance(id.Value()) {
		return nil, s.walk.err
	}
	return s.Next(ctx)
}

// openSegment opens segment k's postings and returns its candidates, the
// documents holding every term (nil for none).
func (s *segmentPhrase) openSegment(k int) (*roaring.Bitmap, error) {
	bms := make([]*roaring.Bitmap, len(s.at))
	s.lastBlock = -1
	clear(s.imps)
	for i, at := range s.at {
		pl := s.lists[k][at]
		if pl.Count() == 0 {
			return nil, nil // no candidate here
		}
		s.its[i] = pl.Iterator(true, true, s.inRow, s.its[i])
		opt, ok := s.its[i].(segment.OptimizablePostingsIterator)
		if !ok {
			return nil, fmt.Errorf("phrase searcher: a %T has no bitmap", s.its[i])
		}
		if bms[i] = opt.ActualBitmap(); bms[i] == nil {
			d, ok := opt.DocNum1Hit()
			if !ok {
				return nil, nil
			}
			bms[i] = roaring.BitmapOf(uint32(d))
		}
	}
	cand := bms[0]
	if len(bms) > 1 {
		cand = roaring.FastAnd(bms...)
	}
	if err := s.openRaw(k); err != nil {
		return nil, err
	}
	if s.useImpacts {
		if err := s.openImpacts(k, cand.GetCardinality()); err != nil {
			return nil, err
		}
	}
	return cand, nil
}

// openRaw finds the terms of segment k read from its bytes (skip points).
func (s *segmentPhrase) openRaw(k int) error {
	clear(s.raw)
	if s.skips == nil {
		return nil
	}
	seg := s.walk.segs[k].Segment()
	for i, at := range s.at {
		pl := s.lists[k][at]
		term := s.terms[at]
		rp, err := s.skips.get(seg, s.field, term, pl.Count(), allPostings(seg, s.field, term))
		if err != nil {
			return fmt.Errorf("phrase searcher: %w", err)
		}
		if rp != nil {
			s.raw[i], s.curs[i] = true, rawCursor{rp: rp, chunk: -1}
		}
	}
	return nil
}

// allPostings returns a read of term's postings in field of seg, deleted
// documents included (what impacts and skip points are read from); a
// dictionary is not for two goroutines, so each read opens its own.
func allPostings(seg segment.Segment, field, term string) func() (segment.PostingsList, error) {
	return func() (segment.PostingsList, error) {
		dict, err := seg.Dictionary(field)
		if err != nil {
			return nil, err
		}
		return dict.PostingsList([]byte(term), nil, nil)
	}
}

// openImpacts reads the impacts of segment k's terms, for a walk of n
// candidates there. A term whose documents are mostly not candidates (the
// common bigram of a phrase with a rare one) is bounded by its most
// anywhere instead: its impacts would cost a read of all its postings for
// the few the walk visits.
func (s *segmentPhrase) openImpacts(k int, n uint64) error {
	seg := s.walk.segs[k].Segment()
	for i, at := range s.at {
		pl := s.lists[k][at]
		if 8*n < pl.Count() {
			continue
		}
		term := s.terms[at]
		var rp *rawPostings // its entries read raw (openRaw), if kept
		if s.raw[i] {
			rp = s.curs[i].rp
		}
		ti, err := s.im.get(seg, seg.Count(), s.field, term, pl.Count(), s.scorers[i], rp, allPostings(seg, s.field, term))
		if err != nil {
			return fmt.Errorf("phrase searcher: %w", err)
		}
		s.imps[i] = ti
	}
	return nil
}

// match returns the scored match of local document d, which holds every
// term; for a phrase, nil unless the terms stand there in a row.
func (s *segmentPhrase) match(ctx *search.SearchContext, d uint32) *search.DocumentMatch {
	ok, score, err := s.scoreAt(uint64(d))
	if err != nil {
		s.walk.err = err
	}
	if !ok || err != nil {
		return nil
	}
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, s.walk.global(d))
	dm.Score = score
	return dm
}

// scoreAt scores local document d of the open segment, which holds every
// term (d at or after the last one asked); ok is false for a phrase whose
// terms do not stand there in a row.
func (s *segmentPhrase) scoreAt(d uint64) (ok bool, score float64, err error) {
	for i, it := range s.its {
		if s.raw[i] {
			at := s.at[i]
			s.freqs[i], s.norms[i], s.pos[at], err = s.curs[i].at(uint32(d), s.pos[at], s.inRow)
			if err != nil {
				return false, 0, fmt.Errorf("phrase searcher: %w", err)
			}
			continue
		}
		p, err := it.Advance(d)
		if err != nil {
			return false, 0, fmt.Errorf("phrase searcher: %w", err)
		}
		if p == nil || p.Number() != d {
			return false, 0, fmt.Errorf("phrase searcher: %w: document %d of a segment lacks a posting its bitmap holds", ErrDamaged, d)
		}
		s.freqs[i], s.norms[i] = p.Frequency(), p.Norm()
		if !s.inRow {
			continue
		}
		at := s.at[i]
		s.pos[at] = s.pos[at][:0]
		for _, l := range p.Locations() {
			s.pos[at] = append(s.pos[at], l.Pos())
		}
	}
	if s.inRow && !inRow(s.pos) {
		return false, 0, nil
	}
	// bleve's conjunction sums its term searchers' scores in its order.
	var sum float64
	for i, sc := range s.scorers {
		sum += sc.score(s.freqs[i], s.norms[i])
	}
	return true, sum, nil
}

// impactsOK reports whether the walk may ask blockBound: a search scored
// by BM25 (which impacts bound), with impacts kept.
func (s *segmentPhrase) impactsOK() bool {
	return s.im != nil && len(s.scorers) > 0 && s.scorers[0].include && s.scorers[0].avgLen > 0
}

// blockBoundAt is blockBound for block b.
func (s *segmentPhrase) blockBoundAt(b int) float64 {
	return s.blockBound(uint32(b) * impactBlock)
}

// blockBound bounds what local document d of the open segment scores,
// from its block's impacts (a term without any there counts its most
// anywhere, termScorer.bound).
func (s *segmentPhrase) blockBound(d uint32) float64 {
	b := int(d / impactBlock)
	if b == s.lastBlock {
		return s.lastBound
	}
	var sum float64
	for i, ti := range s.imps {
		if ti == nil || b >= len(ti.blocks) {
			sum += s.scorers[i].bound() * (1 + 1e-9) // a rare term: its most anywhere
			continue
		}
		sum += s.scorers[i].atMost(ti.blocks[b])
	}
	s.lastBlock, s.lastBound = b, sum
	return sum
}

// termScorer scores a term's matches as bleve's TermQueryScorer does,
// with the same operations in the same order (so to the bit), without
// taking a document match from a pool for each: that was a fifth of a
// phrase's cost. TestGramPhraseMatchesBleve and TestAllWordsMatchesBleve
// hold it to bleve's scores, BM25 and TF-IDF alike.
type termScorer struct {
	boost, idf, avgLen float64
	weight             float64 // boost × idf × query norm; 1 until the norm is set
	include            bool    // scores asked for (options.Score != "none")
}

func newTermScorer(boost float64, docs, docTerm uint64, avgLen float64, options search.SearcherOptions) *termScorer {
	t := &termScorer{boost: boost, avgLen: avgLen, weight: 1, include: options.Score != "none"}
	if avgLen > 0 {
		t.idf = math.Log(1 + (float64(docs)-float64(docTerm)+0.5)/(float64(docTerm)+0.5))
	} else {
		t.idf = 1.0 + math.Log(float64(docs)/float64(docTerm+1.0))
	}
	return t
}

// Weight is bleve's: the square of boost × idf.
func (t *termScorer) Weight() float64 {
	w := t.boost * t.idf
	return w * w
}

func (t *termScorer) SetQueryNorm(n float64) { t.weight = t.boost * t.idf * n }

// bound is the most score gives (BM25's saturation: idf × k1, weighted);
// +Inf for TF-IDF, which has none.
func (t *termScorer) bound() float64 {
	if !t.include {
		return 0
	}
	if t.avgLen <= 0 {
		return math.Inf(1)
	}
	b := t.idf * search.BM25_k1
	if t.weight != 1.0 {
		b = b * t.weight
	}
	return b
}

// score is a match's score for the term's frequency and the field's norm.
func (t *termScorer) score(freq uint64, norm float64) float64 {
	if !t.include {
		return 0
	}
	tf := math.Sqrt(float64(freq)) // bleve's square root table holds the same
	var score float64
	if t.avgLen > 0 {
		fieldLength := 1 / (norm * norm)
		score = t.idf * (tf * search.BM25_k1) /
			(tf + search.BM25_k1*(1-search.BM25_b+(search.BM25_b*fieldLength/t.avgLen)))
	} else {
		score = tf * norm * t.idf
	}
	if t.weight != 1.0 {
		score = score * t.weight
	}
	return score
}
