package indexer

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// WarmPostings reads the impacts and skip points of the commonest terms
// of the searched text fields, segment by segment, commonest first, until
// each fills half of what it keeps (the rest is for the terms searches
// ask), so that the first searches after a change need not read them.
// It returns how many lists it read. serve's warmer runs it after every
// change; a search meanwhile reads what it needs itself, as without it.
func (ix *Index) WarmPostings(ctx context.Context) (int, error) {
	idx, err := ix.acquire()
	if err != nil {
		return 0, fmt.Errorf("warm postings: %w", err)
	}
	defer ix.mu.RUnlock()
	adv, err := idx.Advanced()
	if err != nil {
		return 0, fmt.Errorf("warm postings: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return 0, fmt.Errorf("warm postings: %w", err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, fmt.Errorf("warm postings: the index reader is a %T, not a scorch snapshot", r)
	}
	docs, err := snap.DocCount()
	if err != nil || docs == 0 {
		return 0, err
	}
	type list struct {
		seg   segment.Segment
		field string
		term  string
		count uint64
		sc    *termScorer
	}
	// What was kept for segments merged away since goes first.
	live := map[segment.Segment]bool{}
	for _, ss := range snap.Segments() {
		live[ss.Segment()] = true
	}
	ix.impacts.prune(live)
	ix.skips.prune(live)
	least := max(ix.impacts.minDocs, ix.skips.minDocs)
	var lists []list
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
					lists = append(lists, list{seg: ss.Segment(), field: field, term: de.Term, count: de.Count, sc: sc})
				}
			}
			if err := ctx.Err(); err != nil {
				return 0, fmt.Errorf("warm postings: %w", err)
			}
		}
	}
	slices.SortFunc(lists, func(a, b list) int { return cmp.Compare(b.count, a.count) })
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

// full reports whether the impacts kept fill half their bound.
func (im *impacts) full() bool {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.used >= im.max/2
}

// full reports whether the points kept fill half their bound.
func (sl *skipLists) full() bool {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	return sl.used >= sl.max/2
}

// prune forgets the impacts of segments not in live.
func (im *impacts) prune(live map[segment.Segment]bool) {
	im.mu.Lock()
	defer im.mu.Unlock()
	im.used -= pruneKept(im.m, live, func(ti *termImpacts) int64 { return int64(len(ti.blocks)) + 96 })
}

// prune forgets the points of segments not in live.
func (sl *skipLists) prune(live map[segment.Segment]bool) {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	sl.used -= pruneKept(sl.m, live, (*rawPostings).size)
}

// pruneKept deletes the entries of m for segments not in live and returns
// the bytes they held.
func pruneKept[V any](m map[impactKey]V, live map[segment.Segment]bool, size func(V) int64) int64 {
	var freed int64
	for k, v := range m {
		if !live[k.seg] {
			delete(m, k)
			freed += size(v)
		}
	}
	return freed
}
