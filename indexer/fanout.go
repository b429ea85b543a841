package indexer

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// A search with many hits costs time in proportion to its hits, and one
// search uses one core. When a search is the only one running and every
// clause that finds documents is searched segment by segment
// (segmentPhrase), it is split: each part searches its share of the
// snapshot's segments on a core of its own, with the statistics of the
// whole index (so every score is the one the whole search gives), into a
// collector of its own; the parts' pages, totals and facet counts are
// merged. Under load (more than one search running) nothing is split: the
// cores are busy with other searches already, and splitting would only
// add the cost of building each part's searchers.

// fanoutMinDocs is the least number of documents (measures and
// disclosures) an index must hold for a search to be split: below it a
// search takes a millisecond or two, and building each part's searchers
// would cost more than it saves.
const fanoutMinDocs = 20000

// fanout decides when a search is split and into how many parts.
type fanout struct {
	parts int  // 0: runtime.GOMAXPROCS(0)
	force bool // split whatever runs (tests)

	running atomic.Int32 // searches running in this process
	split   atomic.Int64 // searches split (tests and diagnostics)
}

// plan returns how many parts a search is split into (1 for not at all);
// docs, the documents of the index, is asked only of a search that runs
// alone.
func (f *fanout) plan(docs func() uint64) int {
	parts := f.parts
	if parts <= 0 {
		parts = runtime.GOMAXPROCS(0)
	}
	switch {
	case parts < 2:
		return 1
	case f.force:
		return parts
	case f.running.Load() > 1 || docs() < fanoutMinDocs:
		return 1
	}
	return parts
}

// segmentShare tells the segment searchers of one part of a split search
// which segments are theirs. A searcher that cannot keep to its share
// (bleve's, where segmentPhrase does not apply) says so, and the split
// search is run again whole.
type segmentShare struct {
	part, parts int
	unshared    atomic.Bool
}

type shareKey struct{}

// shareOf returns the share ctx carries, or nil.
func shareOf(ctx context.Context) *segmentShare {
	s, _ := ctx.Value(shareKey{}).(*segmentShare)
	return s
}

// noShare records that a searcher built under ctx searches every segment.
func noShare(ctx context.Context) {
	if s := shareOf(ctx); s != nil {
		s.unshared.Store(true)
	}
}

// skipped returns which segments are not this part's (nil: none). The
// segments are dealt out by size, largest first, each to the part with
// the fewest documents so far; every searcher of the part deals the same
// snapshot the same way.
func (s *segmentShare) skipped(segs []*scorch.SegmentSnapshot) []bool {
	if s == nil || s.parts < 2 {
		return nil
	}
	order := make([]int, len(segs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		return segs[order[a]].Segment().Count() > segs[order[b]].Segment().Count()
	})
	load := make([]uint64, s.parts)
	skip := make([]bool, len(segs))
	for _, k := range order {
		p := 0
		for q := 1; q < s.parts; q++ {
			if load[q] < load[p] {
				p = q
			}
		}
		load[p] += segs[k].Segment().Count()
		skip[k] = p != s.part
	}
	return skip
}

// shareable reports whether every document q matches comes from a
// segment searcher that keeps to its share: then the parts of a split
// search find each document once. Filters and bleve's own searchers may
// stand beside such a searcher in a conjunction, not alone.
func shareable(q query.Query) bool {
	switch x := q.(type) {
	case *gramPhrase, *allWords, *oneTerm:
		return true
	case *tierQuery:
		return shareable(x.child)
	case *nativeTree:
		return shareable(x.q)
	case *matchOnly:
		return shareable(x.child)
	case *query.DisjunctionQuery:
		if len(x.Disjuncts) == 0 {
			return false
		}
		for _, c := range x.Disjuncts {
			if !shareable(c) {
				return false
			}
		}
		return true
	case *query.ConjunctionQuery:
		return slices.ContainsFunc(x.Conjuncts, shareable)
	case *query.BooleanQuery:
		return x.Must != nil && shareable(x.Must)
	}
	return false
}

// splitPart is one part's search: its collector and bleve's result.
type splitPart struct {
	tc  *topCollector
	res *bleve.SearchResult
	err error
}

// searchSplit runs req as parts searches of a share of the segments each,
// all collected by copies of tc, and merges them into tc. ok is false
// when the split search cannot stand for the whole (a searcher searched
// every segment, or the parts saw different snapshots): the caller then
// searches whole.
func (ix *Index) searchSplit(ctx context.Context, idx bleve.Index, req *bleve.SearchRequest, tc *topCollector, parts int) (res *bleve.SearchResult, ok bool, err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	shares := make([]*segmentShare, parts)
	out := make([]splitPart, parts)
	var wg sync.WaitGroup
	for p := range parts {
		shares[p] = &segmentShare{part: p, parts: parts}
		out[p].tc = tc.copyForPart()
		r := *req
		r.Sort = req.Sort.Copy()
		pctx := context.WithValue(ctx, shareKey{}, shares[p])
		pctx = context.WithValue(pctx, collectorKey{}, out[p].tc)
		pctx = context.WithValue(pctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(out[p].tc.makeHandler))
		wg.Add(1)
		go func(o *splitPart) {
			defer wg.Done()
			defer func() {
				if v := recover(); v != nil {
					o.err = fmt.Errorf("%w: panic: %v", ErrDamaged, v)
				}
			}()
			o.res, o.err = idx.SearchInContext(pctx, &r)
			if o.err != nil {
				cancel()
			}
		}(&out[p])
	}
	wg.Wait()
	for _, o := range out {
		if o.err != nil {
			return nil, false, o.err
		}
	}
	for p := range parts {
		if shares[p].unshared.Load() || out[p].tc.sctx == nil || out[p].tc.sctx.IndexReader != out[0].tc.sctx.IndexReader {
			return nil, false, nil
		}
	}
	res = out[0].res
	res.Total += out[0].tc.tallied
	tcs := make([]*topCollector, parts)
	for p, o := range out {
		tcs[p] = o.tc
		if p > 0 {
			res.Total += o.res.Total + o.tc.tallied
		}
	}
	tc.merge(tcs)
	ix.fan.split.Add(1)
	return res, true, nil
}

// copyForPart returns an empty collector of c's kind that keeps the
// first k hits (from 0): the page is cut from the merged hits.
func (c *topCollector) copyForPart() *topCollector {
	p := &topCollector{k: c.k, after: c.after, columns: c.columns, count: c.count, fields: c.fields}
	p.top.by = c.top.by
	return p
}

// merge sets c's page, names and counts from its parts' collectors: the
// hits of all in c's order (the sort key, then the id), from c.from on,
// and the counts added up.
func (c *topCollector) merge(parts []*topCollector) {
	var hits search.DocumentMatchCollection
	for _, p := range parts {
		hits = append(hits, p.hits...)
		if len(p.names) > len(c.names) {
			c.names = p.names // the dictionary of keys only grows
		}
	}
	if c.count {
		c.counts = make([]uint32, len(c.names))
		for _, p := range parts {
			for k, n := range p.counts {
				c.counts[k] += n
			}
		}
	}
	// The page's order, as the collectors kept it (topHeap.before).
	entry := func(d *search.DocumentMatch) topEntry {
		e := topEntry{score: d.Score, id: d.ID}
		if c.top.by != byScore {
			e.date = d.DecodedSort[0]
		}
		return e
	}
	slices.SortFunc(hits, func(a, b *search.DocumentMatch) int {
		ea, eb := entry(a), entry(b)
		switch {
		case c.top.before(ea, eb):
			return -1
		case c.top.before(eb, ea):
			return 1
		}
		return 0
	})
	if len(hits) > c.k {
		hits = hits[:c.k]
	}
	if c.from < len(hits) {
		hits = hits[c.from:]
	} else {
		hits = nil
	}
	c.hits = hits
}

// docCount is the number of documents idx holds, 0 when it cannot say.
func (ix *Index) docCount(idx bleve.Index) uint64 {
	n, err := idx.DocCount()
	if err != nil {
		return 0
	}
	return n
}
