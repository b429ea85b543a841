package indexer

import (
	"fmt"
	"math"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/search"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// A common phrase can have tens of thousands of hits that all score
// within a hair of each other; finding the page's ten meant reading every
// hit's frequencies, norms and positions, term by term: most of a heavy
// search. impacts keeps, per term and segment, the most a block of
// impactBlock documents can score for the term — the largest
// score-bearing part of the term's score there (its "impact"): what
// termScorer.score computes before the idf and weight, which differ by
// search — so that the native walk bounds a document's score from its
// block's impacts without reading its postings. A document whose bound
// cannot reach the page, and that another clause already makes a hit, is
// counted (totals and facets stay exact) without being read (native.go).
//
// A term's impacts in a segment are read from all its postings there on
// the first search that needs them (the cost of one walk of the term) and
// serve every later search: a byte per block, at most maxImpactBytes in
// all. A segment never changes, so its impacts hold for as long as it
// lives; BM25's part depends on the field's average length too, and
// impacts computed for another average are computed again.
type impacts struct {
	listCache[*termImpacts]
	minDocs uint64 // minImpactDocs (tests lower it)

	// What the native walks did with them: documents counted below the
	// page one by one (tallied) and by blocks (bulk), and deferred
	// phrases verified.
	tallied, bulk, verified atomic.Int64
}

// impactBlock is the documents a block of impacts covers: a power of two.
// Smaller blocks bound closer (at 128 documents, a common phrase still
// read 40% of its hits; at 32, 15%) and take more memory.
const impactBlock = 32

// maxImpactBytes bounds the impacts kept: a term in every document of
// 300,000 takes 9.4 KB.
const maxImpactBytes = 32 << 20

// minImpactDocs is the fewest documents a term holds in a segment for its
// impacts to be kept: below it, reading the postings costs less.
const minImpactDocs = 128

// termImpacts is a term's impacts in one segment: block b holds local
// documents [b·impactBlock, (b+1)·impactBlock). BM25's part is below k1
// (tf / (tf + k1 × …) < 1), so a byte holds it in steps of k1/255, rounded
// up: a bound at most 0.5% of k1 above the block's most.
type termImpacts struct {
	avgLen float64 // the field's average length they were computed with
	blocks []uint8
}

// impactSteps is the steps of a termImpacts byte.
const impactSteps = 255

func newImpacts(max int64) *impacts {
	// At the bound, all are dropped: the terms of the searches to come are
	// asked again.
	clearAll := func(int64) int64 { return 0 }
	return &impacts{listCache: newListCache(max, clearAll, (*termImpacts).size), minDocs: minImpactDocs}
}

// size is what ti keeps, in bytes.
func (ti *termImpacts) size() int64 { return int64(len(ti.blocks)) + 96 }

// get returns term's impacts in field of seg (n documents), computing
// them on first use from rp, the term's entries read raw, when kept, else
// from raw (the term's postings there, deleted documents included); nil
// when the term is too rare there to be worth it (count documents, live
// ones), or the scoring is not BM25's.
func (im *impacts) get(seg segment.Segment, n uint64, field, term string, count uint64, sc *termScorer, rp *rawPostings, raw func() (segment.PostingsList, error)) (*termImpacts, error) {
	if im == nil || count < im.minDocs || sc.avgLen <= 0 {
		return nil, nil
	}
	valid := func(ti *termImpacts) bool { return ti.avgLen == sc.avgLen }
	ti, err := im.listCache.get(termKey{seg: seg, field: field, term: term}, valid, func() (*termImpacts, error) {
		return readImpacts(n, sc, rp, raw)
	})
	if err != nil {
		return nil, fmt.Errorf("impacts: %w", err)
	}
	return ti, nil // nil while another search reads them: the term is bounded by its most anywhere meanwhile
}

// readImpacts reads a term's impacts in a segment of n documents from rp,
// its entries read raw, when kept, else from raw.
func readImpacts(n uint64, sc *termScorer, rp *rawPostings, raw func() (segment.PostingsList, error)) (*termImpacts, error) {
	ti := &termImpacts{avgLen: sc.avgLen, blocks: make([]uint8, (n+impactBlock-1)/impactBlock)}
	add := func(d uint64, freq uint64, norm float64) error {
		b := d / impactBlock
		if b >= uint64(len(ti.blocks)) {
			return fmt.Errorf("%w: document %d of a segment of %d", ErrDamaged, d, n)
		}
		if v := impactByte(sc.part(freq, norm)); v > ti.blocks[b] {
			ti.blocks[b] = v
		}
		return nil
	}
	if rp != nil {
		var bad error
		err := rp.each(func(d uint32, freq uint64, norm float64) {
			if err := add(uint64(d), freq, norm); err != nil && bad == nil {
				bad = err
			}
		})
		if err == nil {
			err = bad
		}
		return ti, err
	}
	pl, err := raw()
	if err != nil {
		return nil, err
	}
	it := pl.Iterator(true, true, false, nil)
	for {
		p, err := it.Next()
		if err != nil {
			return nil, err
		}
		if p == nil {
			return ti, nil
		}
		if err := add(p.Number(), p.Frequency(), p.Norm()); err != nil {
			return nil, err
		}
	}
}

// impactByte is BM25's part p as a termImpacts byte: the least step at or
// above it.
func impactByte(p float64) uint8 {
	step := search.BM25_k1 / impactSteps
	v := math.Ceil(p / step)
	if v*step < p {
		v++ // the division rounded down
	}
	return uint8(min(v, impactSteps))
}

// part is the share of BM25's score that depends on the document: score
// is idf × part, times the weight once the norm is set.
func (t *termScorer) part(freq uint64, norm float64) float64 {
	tf := math.Sqrt(float64(freq))
	fieldLength := 1 / (norm * norm)
	return (tf * search.BM25_k1) / (tf + search.BM25_k1*(1-search.BM25_b+(search.BM25_b*fieldLength/t.avgLen)))
}

// atMost bounds score for an impact byte of v.
func (t *termScorer) atMost(v uint8) float64 {
	if !t.include {
		return 0
	}
	b := t.idf * (float64(v) * (search.BM25_k1 / impactSteps))
	if t.weight != 1.0 {
		b = b * t.weight
	}
	if b <= 0 {
		return 0 // a negative idf or weight: no score is above 0
	}
	return b * (1 + 1e-9) // room for the rounding of score's own order of operations
}
