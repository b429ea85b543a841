package indexer

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// WarmPostings reads the impacts and skip points of the commonest terms
// of the searched text fields, segment by segment, commonest first, until
// each fills half of what it keeps (the rest is for the terms searches
// ask), so that the first searches after a change need not read them.
// It returns how many lists it read. serve's warmer runs it after every
// change; a search meanwhile reads what it needs itself, as without it.
func (ix *Index) WarmPostings(ctx context.Context) (int, error) {
	snap, release, err := ix.readSnapshot()
	if err != nil {
		return 0, fmt.Errorf("warm postings: %w", err)
	}
	defer release()
	docs, err := snap.DocCount()
	if err != nil {
		return 0, fmt.Errorf("warm postings: %w", err)
	}
	if docs == 0 {
		return 0, nil
	}
	// What was kept for segments merged away since goes first.
	live := map[segment.Segment]bool{}
	for _, ss := range snap.Segments() {
		live[ss.Segment()] = true
	}
	ix.impacts.prune(live)
	ix.skips.prune(live)
	least := max(ix.impacts.minDocs, ix.skips.minDocs)
	var lists []warmList
	// The fields whose terms a search scores term by term (segmentPhrase):
	// the words and the bigrams of the measure text.
	for _, field := range []string{fieldText, fieldTextCJK} {
		card, err := snap.FieldCardinality(field)
		if err != nil {
			return 0, fmt.Errorf("warm postings: %w", err)
		}
		// The average length a search scores with (newSegmentPhrase), so
		// that the impacts read here serve it.
		sc := &termScorer{avgLen: math.Ceil(float64(card) / float64(docs)), weight: 1, include: true}
		for _, ss := range snap.Segments() {
			dict, err := ss.Segment().Dictionary(field)
			if err != nil {
				return 0, fmt.Errorf("warm postings: %w", err)
			}
			it := dict.AutomatonIterator(nil, nil, nil)
			for de, err := it.Next(); de != nil || err != nil; de, err = it.Next() {
				if err != nil {
					return 0, fmt.Errorf("warm postings: %w", err)
				}
				if de.Count >= least {
					lists = append(lists, warmList{seg: ss.Segment(), field: field, term: de.Term, count: de.Count, sc: sc})
				}
				if len(lists) == 2*maxWarmLists { // keep the commonest: memory stays flat with the corpus
					lists = commonest(lists)
				}
			}
			if err := ctx.Err(); err != nil {
				return 0, fmt.Errorf("warm postings: %w", err)
			}
		}
	}
	lists = commonest(lists)
	read := 0
	for _, l := range lists {
		if err := ctx.Err(); err != nil {
			return read, fmt.Errorf("warm postings: %w", err)
		}
		imFull, slFull := ix.impacts.full(), ix.skips.full()
		if imFull && slFull {
			break
		}
		raw := allPostings(l.seg, l.field, l.term)
		var rp *rawPostings
		if !slFull {
			var err error
			if rp, err = ix.skips.get(l.seg, l.field, l.term, l.count, raw); err != nil {
				return read, fmt.Errorf("warm postings: %w", err)
			}
		}
		if !imFull {
			if _, err := ix.impacts.get(l.seg, l.seg.Count(), l.field, l.term, l.count, l.sc, rp, raw); err != nil {
				return read, fmt.Errorf("warm postings: %w", err)
			}
		}
		read++
	}
	return read, nil
}

// maxWarmLists bounds the lists WarmPostings considers: the commonest
// ones, many more than half the bounds of impacts and points hold (7,891
// at 30,000 disclosures).
const maxWarmLists = 1 << 14

// warmList is a term's postings in a segment, for WarmPostings.
type warmList struct {
	seg   segment.Segment
	field string
	term  string
	count uint64
	sc    *termScorer
}

// commonest sorts lists by count, most first, and keeps maxWarmLists.
func commonest(lists []warmList) []warmList {
	slices.SortFunc(lists, func(a, b warmList) int { return cmp.Compare(b.count, a.count) })
	return lists[:min(len(lists), maxWarmLists)]
}
