package indexer

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// A search's words make a tree: disjunctions of tiers over conjunctions of
// disjunctions of segment searchers (segmentPhrase). bleve walks such a
// tree searcher by searcher: every searcher hands its parent a document
// match per hit, and every disjunction and conjunction merges its
// children's matches hit by hit; with tens of thousands of hits that
// walking was a third of a search. nativeTree walks the same tree segment
// by segment instead: the candidates of a segment are the union (for a
// disjunction) or the intersection (for a conjunction) of its children's,
// each candidate is asked of the tree once, and only the root makes a
// document match. Each node scores as the bleve searcher it stands for —
// the same statistics, norms, weights, order of summing and coordination —
// so the scores are bleve's to the bit (TestNativeTreeMatchesBleve).

// nativeTree is a query whose tree is walked natively when it can be; on
// another index, to explain a score or with term vectors asked, it is
// bleve's.
type nativeTree struct{ q query.Query }

// nativize wraps each largest subtree of q that can be walked natively.
func nativize(q query.Query) query.Query {
	if nativeShape(q) {
		if oneSearcher(q) {
			return q // nothing to merge
		}
		return &nativeTree{q: q}
	}
	switch x := q.(type) {
	case *query.ConjunctionQuery:
		for i, c := range x.Conjuncts {
			x.Conjuncts[i] = nativize(c)
		}
	case *query.BooleanQuery:
		if x.Must != nil {
			x.Must = nativize(x.Must)
		}
	}
	return q
}

// oneSearcher reports whether q is a segment searcher, or tiers over one.
func oneSearcher(q query.Query) bool {
	switch x := q.(type) {
	case *gramPhrase, *allWords, *oneTerm:
		return true
	case *tierQuery:
		return oneSearcher(x.child)
	}
	return false
}

// nativeShape reports whether q is made only of what nativeTree walks.
func nativeShape(q query.Query) bool {
	switch x := q.(type) {
	case *gramPhrase, *allWords, *oneTerm:
		return true
	case *tierQuery:
		return nativeShape(x.child)
	case *query.DisjunctionQuery:
		// Above bleve's heap takeover its disjunction sums in another order.
		return len(x.Disjuncts) <= searcher.DisjunctionHeapTakeover && nativeChildren(x.Disjuncts, x.BoostVal)
	case *query.ConjunctionQuery:
		return nativeChildren(x.Conjuncts, x.BoostVal)
	case *query.BooleanQuery:
		// bleve searches a boolean query of must clauses alone as its
		// conjunction.
		return x.Must != nil && x.Should == nil && x.MustNot == nil && x.Filter == nil &&
			unboosted(x.BoostVal) && nativeShape(x.Must)
	}
	return false
}

// nativeChildren reports whether a composite of qs with boost b is walked
// natively: it has children, all of them walked so, and no boost of its own.
func nativeChildren(qs []query.Query, b *query.Boost) bool {
	return len(qs) > 0 && unboosted(b) && !slices.ContainsFunc(qs, func(q query.Query) bool { return !nativeShape(q) })
}

func unboosted(b *query.Boost) bool { return b == nil || b.Value() == 1 }

// Searcher implements query.Query.
func (t *nativeTree) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if ok && !options.Explain && !options.IncludeTermVectors && options.Score != "none" {
		n, ok, err := buildNode(ctx, t.q, snap, m, options)
		if err != nil {
			return nil, err
		}
		if ok {
			segs := snap.Segments()
			top, _ := ctx.Value(collectorKey{}).(*topCollector)
			ns := &nativeSearcher{root: n, top: top}
			ns.walk = newSegmentWalk(segs, shareOf(ctx).skipped(segs), func(k int) (*roaring.Bitmap, error) {
				bm, err := n.open(k)
				if err != nil {
					return nil, fmt.Errorf("search words: %w", err)
				}
				return bm, nil
			})
			return ns, nil
		}
	}
	return t.q.Searcher(ctx, r, m, options)
}

// buildNode builds q's node as bleve builds q's searcher (children first,
// in order; each composite then sorts its children and sets their norm);
// ok is false when a leaf turns out to be bleve's.
func buildNode(ctx context.Context, q query.Query, snap *scorch.IndexSnapshot, m mapping.IndexMapping, options search.SearcherOptions) (nnode, bool, error) {
	switch x := q.(type) {
	case *gramPhrase, *allWords, *oneTerm:
		s, err := q.Searcher(ctx, snap, m, options)
		if err != nil {
			return nil, false, err
		}
		sp, ok := s.(*segmentPhrase)
		if !ok {
			_ = s.Close()
			return nil, false, nil
		}
		return &leafNode{sp: sp}, true, nil
	case *tierQuery:
		c, ok, err := buildNode(ctx, x.child, snap, m, options)
		if !ok || err != nil {
			return nil, ok, err
		}
		return &tierNode{child: c, boost: x.score, add: x.score}, true, nil
	case *query.BooleanQuery:
		return buildNode(ctx, x.Must, snap, m, options)
	case *query.DisjunctionQuery:
		cs, ok, err := buildChildren(ctx, x.Disjuncts, snap, m, options)
		if !ok || err != nil {
			return nil, ok, err
		}
		n := &orNode{composite: composite{children: cs}, min: int(x.Min), hit: make([]bool, len(cs))}
		n.normalize()
		return n, true, nil
	case *query.ConjunctionQuery:
		cs, ok, err := buildChildren(ctx, x.Conjuncts, snap, m, options)
		if !ok || err != nil {
			return nil, ok, err
		}
		n := &andNode{composite: composite{children: cs}}
		n.normalize()
		return n, true, nil
	}
	return nil, false, nil
}

// buildChildren builds qs' nodes and sorts them as bleve's
// OrderedSearcherList (sort.Sort by count: the same sort of the same
// order gives the same order).
func buildChildren(ctx context.Context, qs []query.Query, snap *scorch.IndexSnapshot, m mapping.IndexMapping, options search.SearcherOptions) (nodesByCount, bool, error) {
	cs := make(nodesByCount, 0, len(qs))
	for _, c := range qs {
		n, ok, err := buildNode(ctx, c, snap, m, options)
		if !ok || err != nil {
			return nil, ok, err
		}
		cs = append(cs, n)
	}
	sort.Sort(cs)
	return cs, true, nil
}

// nnode is a node of a tree walked natively, segment by segment.
type nnode interface {
	weight() float64 // as the bleve searcher's Weight
	setNorm(n float64)
	count() uint64 // as the bleve searcher's Count
	// open prepares segment k and returns its candidates (a superset of
	// the node's matches there), nil for none.
	open(k int) (*roaring.Bitmap, error)
	// eval matches local document d of the open segment (d only grows
	// between opens) and bounds its score: lo ≤ score ≤ hi. Segment
	// searchers of words (not phrases) are lazy: their match is their
	// bitmap's, and their score is read only when exact asks for it.
	eval(d uint32) (ok bool, lo, hi float64, err error)
	// exact scores the document eval last matched, as bleve does.
	exact() (float64, error)
}

type nodesByCount []nnode

func (n nodesByCount) Len() int           { return len(n) }
func (n nodesByCount) Less(i, j int) bool { return n[i].count() < n[j].count() }
func (n nodesByCount) Swap(i, j int)      { n[i], n[j] = n[j], n[i] }

// leafNode is a segment searcher.
type leafNode struct {
	sp   *segmentPhrase
	cand roaring.IntPeekable // the open segment's candidates, from the last asked on
	lazy bool                // a conjunction of words, matched by its bitmap
	ub   float64             // the most a lazy leaf scores (its terms' bounds)

	d      uint32  // the document eval last matched
	score  float64 // its score, once read
	scored bool
}

func (l *leafNode) weight() float64   { return l.sp.Weight() }
func (l *leafNode) setNorm(n float64) { l.sp.SetQueryNorm(n) }
func (l *leafNode) count() uint64     { return l.sp.Count() }

func (l *leafNode) open(k int) (*roaring.Bitmap, error) {
	bm, err := l.sp.openSegment(k)
	l.cand = nil
	if bm != nil {
		l.cand = bm.Iterator()
	}
	// The norm is set by now; the bound follows it.
	l.lazy, l.ub = false, 0
	if !l.sp.inRow {
		for _, sc := range l.sp.scorers {
			l.ub += sc.bound()
		}
		l.lazy = !math.IsInf(l.ub, 1)
		l.ub *= 1 + 1e-9 // room for rounding
	}
	return bm, err
}

func (l *leafNode) eval(d uint32) (bool, float64, float64, error) {
	if l.cand == nil {
		return false, 0, 0, nil
	}
	// Documents are asked in order: the candidates are walked, not searched.
	if l.cand.AdvanceIfNeeded(d); !l.cand.HasNext() || l.cand.PeekNext() != d {
		return false, 0, 0, nil
	}
	l.d, l.scored = d, false
	if l.lazy {
		return true, 0, l.ub, nil
	}
	ok, score, err := l.sp.scoreAt(uint64(d))
	l.score, l.scored = score, true
	return ok, score, score, err
}

func (l *leafNode) exact() (float64, error) {
	if !l.scored {
		_, score, err := l.sp.scoreAt(uint64(l.d))
		if err != nil {
			return 0, err
		}
		l.score, l.scored = score, true
	}
	return l.score, nil
}

// tierNode is a tierSearcher.
type tierNode struct {
	child      nnode
	boost, add float64
}

func (t *tierNode) weight() float64 { return t.child.weight() + t.boost*t.boost }
func (t *tierNode) setNorm(n float64) {
	t.child.setNorm(n)
	t.add = t.boost * n
}
func (t *tierNode) count() uint64                       { return t.child.count() }
func (t *tierNode) open(k int) (*roaring.Bitmap, error) { return t.child.open(k) }
func (t *tierNode) eval(d uint32) (bool, float64, float64, error) {
	ok, lo, hi, err := t.child.eval(d)
	if ok {
		lo, hi = lo+t.add, hi+t.add // only scoring searches are walked natively
	}
	return ok, lo, hi, err
}

func (t *tierNode) exact() (float64, error) {
	s, err := t.child.exact()
	return s + t.add, err
}

// composite is what bleve's disjunction and conjunction searchers share:
// their weight is their children's, in their order, and so is their count
// (the worst case); a norm goes down to every child.
type composite struct{ children []nnode }

func (c *composite) weight() float64 {
	var w float64
	for _, ch := range c.children {
		w += ch.weight()
	}
	return w
}

func (c *composite) setNorm(n float64) {
	for _, ch := range c.children {
		ch.setNorm(n)
	}
}

// normalize gives the children the norm their composite computes when
// built (bleve's computeQueryNorm).
func (c *composite) normalize() { c.setNorm(1.0 / math.Sqrt(c.weight())) }

func (c *composite) count() uint64 {
	var n uint64
	for _, ch := range c.children {
		n += ch.count()
	}
	return n
}

// orNode is bleve's DisjunctionSliceSearcher: at least min children (and
// one) match; the score is the sum of the matching children's, in their
// order, times the share of children that match.
type orNode struct {
	composite
	min     int
	hit     []bool // the children that matched the last document
	matched int
}

func (o *orNode) open(k int) (*roaring.Bitmap, error) {
	bms := make([]*roaring.Bitmap, 0, len(o.children))
	for _, c := range o.children {
		bm, err := c.open(k)
		if err != nil {
			return nil, err
		}
		if bm != nil {
			bms = append(bms, bm)
		}
	}
	switch len(bms) {
	case 0:
		return nil, nil
	case 1:
		return bms[0], nil
	}
	return roaring.FastOr(bms...), nil
}

func (o *orNode) eval(d uint32) (bool, float64, float64, error) {
	var lo, hi float64
	o.matched = 0
	for i, c := range o.children {
		ok, l, h, err := c.eval(d)
		if err != nil {
			return false, 0, 0, err
		}
		o.hit[i] = ok
		if ok {
			lo, hi = lo+l, hi+h
			o.matched++
		}
	}
	if o.matched == 0 || o.matched < o.min {
		return false, 0, 0, nil
	}
	coord := float64(o.matched) / float64(len(o.children))
	return true, lo * coord, hi * coord, nil
}

func (o *orNode) exact() (float64, error) {
	var sum float64
	for i, c := range o.children {
		if !o.hit[i] {
			continue
		}
		s, err := c.exact()
		if err != nil {
			return 0, err
		}
		sum += s
	}
	return sum * (float64(o.matched) / float64(len(o.children))), nil
}

// andNode is bleve's ConjunctionSearcher: every child matches; the score
// is the sum of theirs, in their order.
type andNode struct{ composite }

// open stops at the first child without candidates: that child misses
// every document of the segment, and eval, which asks the children in the
// same order, stops there before any child left unopened.
func (a *andNode) open(k int) (*roaring.Bitmap, error) {
	bms := make([]*roaring.Bitmap, 0, len(a.children))
	for _, c := range a.children {
		bm, err := c.open(k)
		if err != nil {
			return nil, err
		}
		if bm == nil {
			return nil, nil
		}
		bms = append(bms, bm)
	}
	if len(bms) == 1 {
		return bms[0], nil
	}
	return roaring.FastAnd(bms...), nil
}

func (a *andNode) eval(d uint32) (bool, float64, float64, error) {
	var lo, hi float64
	for _, c := range a.children {
		ok, l, h, err := c.eval(d)
		if !ok || err != nil {
			return false, 0, 0, err
		}
		lo, hi = lo+l, hi+h
	}
	return true, lo, hi, nil
}

func (a *andNode) exact() (float64, error) {
	var sum float64
	for _, c := range a.children {
		s, err := c.exact()
		if err != nil {
			return 0, err
		}
		sum += s
	}
	return sum, nil
}

// nativeSearcher walks a tree's root segment by segment and hands bleve
// a document match per match.
type nativeSearcher struct {
	root nnode
	top  *topCollector // the collector of the page, if ours: its floor
	walk segmentWalk
}

func (s *nativeSearcher) Weight() float64            { return s.root.weight() }
func (s *nativeSearcher) SetQueryNorm(n float64)     { s.root.setNorm(n) }
func (s *nativeSearcher) Count() uint64              { return s.root.count() }
func (s *nativeSearcher) Min() int                   { return 0 }
func (s *nativeSearcher) Close() error               { return nil }
func (s *nativeSearcher) DocumentMatchPoolSize() int { return 1 }
func (s *nativeSearcher) Size() int                  { return 256 + 16*len(s.walk.segs) }

func (s *nativeSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		d, more := s.walk.next()
		if !more {
			return nil, s.walk.err
		}
		ok, score, hi, err := s.root.eval(d)
		// Words' scores are read only for a document that may enter the
		// page: one whose best score is below the page's last is counted
		// with its least (it cannot enter either way).
		if ok && score != hi && err == nil {
			if floor, full := s.top.floor(); !full || hi >= floor {
				score, err = s.root.exact()
			}
		}
		if err != nil {
			s.walk.err = err
			return nil, err
		}
		if ok {
			dm := ctx.DocumentMatchPool.Get()
			dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, s.walk.global(d))
			dm.Score = score
			return dm, nil
		}
	}
}

// Advance moves to the first match at or after id.
func (s *nativeSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.walk.advance(id.Value()) {
		return nil, s.walk.err
	}
	return s.Next(ctx)
}
