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
//
// A common phrase or word has tens of thousands of hits, and the page
// wants ten. Scores are read only for a hit that may enter the page: each
// leaf bounds its score by its block's impacts (impacts.go), a phrase
// below a disjunction is verified only when its document may enter the
// page or nothing else makes it a hit, and a hit that cannot enter is
// counted straight into the collector's total and facets
// (topCollector.tally) — for a whole block at once when no document of
// the block can reach the page and the words alone make them hits
// (nnode.sure). Totals, facets, pages and scores stay bleve's
// (TestNativeTreeMatchesBleve runs with impacts for every term and pages
// of one to three hits, where most of the walk is bounded).

// nativeTree is a query whose tree is walked natively when it can be; on
// another index, to explain a score or with term vectors asked, it is
// bleve's.
type nativeTree struct {
	q query.Query
	// whole: the tree is the request's whole query, so its matches go to
	// the collector as they are (no filter or exclusion of bleve's
	// between): the hits that cannot reach the page may be counted
	// straight into the collector (topCollector.tally).
	whole bool
}

// nativize wraps each largest subtree of q, the request's query, that
// can be walked natively.
func nativize(q query.Query) query.Query { return nativizeAt(q, true) }

func nativizeAt(q query.Query, whole bool) query.Query {
	if nativeShape(q) {
		if oneSearcher(q) {
			return q // nothing to merge
		}
		return &nativeTree{q: q, whole: whole}
	}
	switch x := q.(type) {
	case *query.ConjunctionQuery:
		for i, c := range x.Conjuncts {
			x.Conjuncts[i] = nativizeAt(c, false)
		}
	case *query.BooleanQuery:
		if x.Must != nil {
			x.Must = nativizeAt(x.Must, false)
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
		n, ok, err := buildNode(ctx, t.q, snap, m, options, false)
		if err != nil {
			return nil, err
		}
		if ok {
			segs := snap.Segments()
			top, _ := ctx.Value(collectorKey{}).(*topCollector)
			ns := &nativeSearcher{ctx: ctx, root: n, top: top, whole: t.whole && top != nil, im: valueOf[impacts](ctx)}
			ns.walk = newSegmentWalk(segs, shareOf(ctx).skipped(segs), func(k int) (*roaring.Bitmap, error) {
				bm, err := n.open(k)
				if err != nil {
					return nil, fmt.Errorf("search words: %w", err)
				}
				ns.openBlocks(bm)
				return bm, nil
			})
			return ns, nil
		}
	}
	return t.q.Searcher(ctx, r, m, options)
}

// buildNode builds q's node as bleve builds q's searcher (children first,
// in order; each composite then sorts its children and sets their norm);
// ok is false when a leaf turns out to be bleve's. A leaf bounds its
// scores by impacts where the search keeps them; a phrase below a
// disjunction of more than one child (underOr) is deferred: another
// child may make its documents hits, and then it need only be verified
// for those that may reach the page.
func buildNode(ctx context.Context, q query.Query, snap *scorch.IndexSnapshot, m mapping.IndexMapping, options search.SearcherOptions, underOr bool) (nnode, bool, error) {
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
		l := &leafNode{sp: sp}
		if sp.impactsOK() {
			l.deferred = sp.inRow && underOr
			sp.useImpacts = true
		}
		return l, true, nil
	case *tierQuery:
		c, ok, err := buildNode(ctx, x.child, snap, m, options, underOr)
		if !ok || err != nil {
			return nil, ok, err
		}
		return &tierNode{child: c, boost: x.score, add: x.score}, true, nil
	case *query.BooleanQuery:
		return buildNode(ctx, x.Must, snap, m, options, underOr)
	case *query.DisjunctionQuery:
		cs, ok, err := buildChildren(ctx, x.Disjuncts, snap, m, options, underOr || len(x.Disjuncts) > 1)
		if !ok || err != nil {
			return nil, ok, err
		}
		n := &orNode{composite: composite{children: cs, opened: make([]*roaring.Bitmap, len(cs))}, min: int(x.Min), st: make([]match, len(cs))}
		n.normalize()
		return n, true, nil
	case *query.ConjunctionQuery:
		cs, ok, err := buildChildren(ctx, x.Conjuncts, snap, m, options, underOr)
		if !ok || err != nil {
			return nil, ok, err
		}
		n := &andNode{composite: composite{children: cs, opened: make([]*roaring.Bitmap, len(cs))}}
		n.normalize()
		return n, true, nil
	}
	return nil, false, nil
}

// buildChildren builds qs' nodes and sorts them as bleve's
// OrderedSearcherList (sort.Sort by count: the same sort of the same
// order gives the same order).
func buildChildren(ctx context.Context, qs []query.Query, snap *scorch.IndexSnapshot, m mapping.IndexMapping, options search.SearcherOptions, underOr bool) (nodesByCount, bool, error) {
	cs := make(nodesByCount, 0, len(qs))
	for _, c := range qs {
		n, ok, err := buildNode(ctx, c, snap, m, options, underOr)
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
	// eval asks local document d of the open segment (d only grows
	// between opens) whether it matches — yes, no, or maybe (a deferred
	// phrase, not yet verified) — and bounds its score should it match:
	// lo ≤ score ≤ hi. Segment searchers of words (not phrases) are lazy:
	// their match is their bitmap's, and their score is bounded by their
	// block's impacts (impacts.go) and read only when exact asks for it.
	// A phrase below a disjunction is deferred the same way, where its
	// terms have impacts.
	eval(d uint32) (st match, lo, hi float64, err error)
	// exact matches and scores the document eval last asked, as bleve
	// does.
	exact() (ok bool, score float64, err error)
	// sure returns the open segment's documents sure to match without a
	// phrase verified (nil: none known); the root counts those of a block
	// that cannot reach the page in bulk.
	sure() *roaring.Bitmap
	// blockHi bounds the score of any document of block b of the open
	// segment (impactBlock documents), should it match; ok is false when
	// none of the block's can.
	blockHi(b int) (hi float64, ok bool)
}

// match is what eval knows of a document.
type match uint8

const (
	no match = iota
	yes
	maybe
)

type nodesByCount []nnode

func (n nodesByCount) Len() int           { return len(n) }
func (n nodesByCount) Less(i, j int) bool { return n[i].count() < n[j].count() }
func (n nodesByCount) Swap(i, j int)      { n[i], n[j] = n[j], n[i] }

// leafNode is a segment searcher.
type leafNode struct {
	sp       *segmentPhrase
	bm       *roaring.Bitmap     // the open segment's candidates
	cand     roaring.IntPeekable // the same, from the last asked on
	bcand    roaring.IntPeekable // the same, from the last block bounded on
	lazy     bool                // a conjunction of words, matched by its bitmap
	deferred bool                // a phrase below a disjunction: verified only when needed
	ub       float64             // the most a lazy leaf scores (its terms' bounds)

	d      uint32  // the document eval last asked
	ok     bool    // whether it matches, once known
	score  float64 // its score, once read
	scored bool
}

func (l *leafNode) weight() float64   { return l.sp.Weight() }
func (l *leafNode) setNorm(n float64) { l.sp.SetQueryNorm(n) }
func (l *leafNode) count() uint64     { return l.sp.Count() }

func (l *leafNode) open(k int) (*roaring.Bitmap, error) {
	bm, err := l.sp.openSegment(k)
	l.cand, l.bcand, l.bm = nil, nil, bm
	if bm != nil {
		l.cand, l.bcand = bm.Iterator(), bm.Iterator()
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

func (l *leafNode) eval(d uint32) (match, float64, float64, error) {
	if l.cand == nil {
		return no, 0, 0, nil
	}
	// Documents are asked in order: the candidates are walked, not searched.
	if l.cand.AdvanceIfNeeded(d); !l.cand.HasNext() || l.cand.PeekNext() != d {
		return no, 0, 0, nil
	}
	l.d, l.scored, l.ok = d, false, true
	if l.lazy {
		hi := l.ub
		if l.sp.useImpacts {
			hi = min(hi, l.sp.blockBound(d))
		}
		return yes, 0, hi, nil
	}
	if l.deferred {
		if hi := l.sp.blockBound(d); !math.IsInf(hi, 1) {
			return maybe, 0, hi, nil
		}
	}
	ok, score, err := l.sp.scoreAt(uint64(d))
	l.ok, l.score, l.scored = ok, score, true
	if !ok || err != nil {
		return no, 0, 0, err
	}
	return yes, score, score, nil
}

func (l *leafNode) sure() *roaring.Bitmap {
	if l.lazy {
		return l.bm
	}
	return nil
}

func (l *leafNode) blockHi(b int) (float64, bool) {
	if l.bcand == nil {
		return 0, false // no candidate in the segment
	}
	// Blocks are asked in order.
	start := uint32(b) * impactBlock
	if l.bcand.AdvanceIfNeeded(start); !l.bcand.HasNext() || l.bcand.PeekNext() >= start+impactBlock {
		return 0, false
	}
	if !l.sp.useImpacts {
		return math.Inf(1), true
	}
	hi := l.sp.blockBoundAt(b)
	if l.lazy {
		hi = min(hi, l.ub)
	}
	return hi, true
}

func (l *leafNode) exact() (bool, float64, error) {
	if !l.scored {
		ok, score, err := l.sp.scoreAt(uint64(l.d))
		if err != nil {
			return false, 0, err
		}
		l.ok, l.score, l.scored = ok, score, true
	}
	return l.ok, l.score, nil
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
func (t *tierNode) eval(d uint32) (match, float64, float64, error) {
	st, lo, hi, err := t.child.eval(d)
	if st != no {
		lo, hi = lo+t.add, hi+t.add // only scoring searches are walked natively
	}
	return st, lo, hi, err
}

func (t *tierNode) sure() *roaring.Bitmap { return t.child.sure() }
func (t *tierNode) blockHi(b int) (float64, bool) {
	hi, ok := t.child.blockHi(b)
	return hi + t.add, ok
}

func (t *tierNode) exact() (bool, float64, error) {
	ok, s, err := t.child.exact()
	return ok, s + t.add, err
}

// composite is what bleve's disjunction and conjunction searchers share:
// their weight is their children's, in their order, and so is their count
// (the worst case); a norm goes down to every child.
type composite struct {
	children []nnode
	// The open segment's candidates of each child (nil: none, or not
	// opened) and the composite's own.
	opened []*roaring.Bitmap
	cand   *roaring.Bitmap
}

// sureAsOpened reports whether every child is sure of exactly its
// candidates (sures holds the children's sure sets): the composite is
// then sure of its own candidates, already computed by open.
func (c *composite) sureAsOpened(sures []*roaring.Bitmap) bool {
	for i, bm := range sures {
		if bm != c.opened[i] {
			return false
		}
	}
	return true
}

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
	min int
	st  []match // what eval said of each child for the last document
}

// need is how many children must match.
func (o *orNode) need() int { return max(1, o.min) }

func (o *orNode) open(k int) (*roaring.Bitmap, error) {
	bms := make([]*roaring.Bitmap, 0, len(o.children))
	for i, c := range o.children {
		bm, err := c.open(k)
		if err != nil {
			return nil, err
		}
		if o.opened[i] = bm; bm != nil {
			bms = append(bms, bm)
		}
	}
	o.cand = atLeast(bms, o.need())
	return o.cand, nil
}

// atLeast returns the documents in at least need of bms: their union,
// or for two the union of their pairs' intersections (a disjunction of
// common words with a minimum would otherwise ask every document holding
// any of them); above two, the union (a superset, as candidates may be).
func atLeast(bms []*roaring.Bitmap, need int) *roaring.Bitmap {
	if len(bms) < need {
		return nil
	}
	if need == 2 {
		pairs := make([]*roaring.Bitmap, 0, len(bms)*(len(bms)-1)/2)
		for i := range bms {
			for j := i + 1; j < len(bms); j++ {
				pairs = append(pairs, roaring.And(bms[i], bms[j]))
			}
		}
		bms = pairs
	}
	switch len(bms) {
	case 0:
		return nil
	case 1:
		return bms[0]
	}
	return roaring.FastOr(bms...)
}

// eval bounds the score from the children's: the least counts the
// children sure to match alone, the most every child that may.
func (o *orNode) eval(d uint32) (match, float64, float64, error) {
	var lo, hi float64
	sure, unsure := 0, 0
	for i, c := range o.children {
		st, l, h, err := c.eval(d)
		if err != nil {
			return no, 0, 0, err
		}
		o.st[i] = st
		switch st {
		case yes:
			lo, hi = lo+l, hi+h
			sure++
		case maybe:
			hi += h
			unsure++
		}
	}
	if sure+unsure < o.need() {
		return no, 0, 0, nil
	}
	st := yes
	if sure < o.need() {
		st = maybe
	}
	n := float64(len(o.children))
	return st, lo * (float64(sure) / n), hi * (float64(sure+unsure) / n), nil
}

// sure is the documents in at least as many children's as needed (when
// two at most are: above, none are known).
func (o *orNode) sure() *roaring.Bitmap {
	if o.need() > 2 || o.cand == nil {
		return nil
	}
	sures := make([]*roaring.Bitmap, len(o.children))
	bms := make([]*roaring.Bitmap, 0, len(o.children))
	for i, c := range o.children {
		if sures[i] = c.sure(); sures[i] != nil {
			bms = append(bms, sures[i])
		}
	}
	if o.sureAsOpened(sures) {
		return o.cand // a disjunction of words: its candidates are its matches
	}
	return atLeast(bms, o.need())
}

// blockHi sums the children's that may match: the share that matches is
// at most 1.
func (o *orNode) blockHi(b int) (float64, bool) {
	var hi float64
	n := 0
	for _, c := range o.children {
		if h, ok := c.blockHi(b); ok {
			hi += h
			n++
		}
	}
	return hi, n >= o.need()
}

func (o *orNode) exact() (bool, float64, error) {
	var sum float64
	matched := 0
	for i, c := range o.children {
		if o.st[i] == no {
			continue
		}
		ok, s, err := c.exact()
		if err != nil {
			return false, 0, err
		}
		if ok {
			sum += s
			matched++
		}
	}
	if matched < o.need() {
		return false, 0, nil
	}
	return true, sum * (float64(matched) / float64(len(o.children))), nil
}

// andNode is bleve's ConjunctionSearcher: every child matches; the score
// is the sum of theirs, in their order.
type andNode struct{ composite }

// open stops at the first child without candidates: that child misses
// every document of the segment, and eval, which asks the children in the
// same order, stops there before any child left unopened.
func (a *andNode) open(k int) (*roaring.Bitmap, error) {
	a.cand = nil
	clear(a.opened)
	bms := make([]*roaring.Bitmap, 0, len(a.children))
	for i, c := range a.children {
		bm, err := c.open(k)
		if err != nil {
			return nil, err
		}
		if bm == nil {
			return nil, nil
		}
		a.opened[i] = bm
		bms = append(bms, bm)
	}
	if a.cand = bms[0]; len(bms) > 1 {
		a.cand = roaring.FastAnd(bms...)
	}
	return a.cand, nil
}

func (a *andNode) eval(d uint32) (match, float64, float64, error) {
	var lo, hi float64
	st := yes
	for _, c := range a.children {
		cst, l, h, err := c.eval(d)
		if cst == no || err != nil {
			return no, 0, 0, err
		}
		if cst == maybe {
			st = maybe
		}
		lo, hi = lo+l, hi+h
	}
	return st, lo, hi, nil
}

// sure is the intersection of the children's, when each has one.
func (a *andNode) sure() *roaring.Bitmap {
	if a.cand == nil {
		return nil // a child without candidates: the others were not opened
	}
	sures := make([]*roaring.Bitmap, len(a.children))
	for i, c := range a.children {
		if sures[i] = c.sure(); sures[i] == nil {
			return nil
		}
	}
	switch {
	case a.sureAsOpened(sures):
		return a.cand
	case len(sures) == 1:
		return sures[0]
	}
	return roaring.FastAnd(sures...)
}

func (a *andNode) blockHi(b int) (float64, bool) {
	var hi float64
	for _, c := range a.children {
		h, ok := c.blockHi(b)
		if !ok {
			return 0, false
		}
		hi += h
	}
	return hi, true
}

func (a *andNode) exact() (bool, float64, error) {
	var sum float64
	for _, c := range a.children {
		ok, s, err := c.exact()
		if !ok || err != nil {
			return false, 0, err
		}
		sum += s
	}
	return true, sum, nil
}

// nativeSearcher walks a tree's root segment by segment and hands bleve
// a document match per match.
type nativeSearcher struct {
	ctx      context.Context // the search's, checked as documents are counted
	whole    bool            // a whole tree with our collector: hits below the page are counted into it
	tallied  int             // documents counted so
	bulked   int             // of which by block
	verified int             // deferred phrases verified
	im       *impacts        // where they are reported
	root     nnode

	// The open segment's documents sure to match (root.sure), from the
	// last asked on; the block of the last document and whether it
	// cannot reach the page.
	sure   roaring.IntPeekable
	block  int
	pruned bool
	top    *topCollector // the collector of the page, if ours: its floor
	walk   segmentWalk
}

func (s *nativeSearcher) Weight() float64            { return s.root.weight() }
func (s *nativeSearcher) SetQueryNorm(n float64)     { s.root.setNorm(n) }
func (s *nativeSearcher) Count() uint64              { return s.root.count() }
func (s *nativeSearcher) Min() int                   { return 0 }
func (s *nativeSearcher) Close() error               { return nil }
func (s *nativeSearcher) DocumentMatchPoolSize() int { return 1 }
func (s *nativeSearcher) Size() int                  { return 256 + 16*len(s.walk.segs) }

// report adds what the walk did to its impacts' counts, once.
func (s *nativeSearcher) report() {
	if s.im != nil {
		s.im.tallied.Add(int64(s.tallied))
		s.im.bulk.Add(int64(s.bulked))
		s.im.verified.Add(int64(s.verified))
	}
	s.tallied, s.bulked, s.verified = 0, 0, 0
}

// openBlocks prepares the walk of a segment whose candidates are cand.
func (s *nativeSearcher) openBlocks(cand *roaring.Bitmap) {
	s.sure, s.block, s.pruned = nil, -1, false
	if cand == nil || !s.whole {
		return
	}
	if bm := s.root.sure(); bm != nil {
		s.sure = bm.Iterator()
	}
}

// below reports whether local document d, in a block that cannot reach
// the page, is sure to match: counted without being asked of the tree.
func (s *nativeSearcher) below(d uint32) bool {
	if s.sure == nil {
		return false
	}
	if b := int(d / impactBlock); b != s.block {
		// The floor only rises: a block below it stays below.
		floor, full := s.top.floor()
		hi, _ := s.root.blockHi(b) // sure documents may match
		s.block, s.pruned = b, full && hi < floor
	}
	if !s.pruned {
		return false
	}
	s.sure.AdvanceIfNeeded(d)
	return s.sure.HasNext() && s.sure.PeekNext() == d
}

func (s *nativeSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		d, more := s.walk.next()
		if !more {
			s.report()
			return nil, s.walk.err
		}
		if s.below(d) {
			s.bulked++
			if err := s.count(d); err != nil {
				return nil, s.fail(err)
			}
			continue
		}
		st, score, hi, err := s.root.eval(d)
		ok := st == yes
		switch {
		case err != nil:
		case st == maybe:
			// A deferred phrase decides the match: verify it, and score.
			s.verified++
			ok, score, err = s.root.exact()
		case ok && score != hi:
			// Scores are read only for a document that may enter the
			// page. One whose best score is below the page's last cannot
			// enter: it is counted with its least, or (a whole tree) only
			// counted, in the collector's total and facets, without a
			// document match.
			if floor, full := s.top.floor(); !full || hi >= floor {
				_, score, err = s.root.exact()
			} else if s.whole {
				if err = s.count(d); err == nil {
					continue
				}
			}
		}
		if err != nil {
			return nil, s.fail(err)
		}
		if ok {
			dm := ctx.DocumentMatchPool.Get()
			dm.IndexInternalID = index.NewIndexInternalID(dm.IndexInternalID, s.walk.global(d))
			dm.Score = score
			return dm, nil
		}
	}
}

// count counts local document d, a hit below the page, in the collector;
// the search's context is checked as often as bleve checks it.
func (s *nativeSearcher) count(d uint32) error {
	if err := s.top.tally(s.walk.global(d)); err != nil {
		return err
	}
	if s.tallied++; s.tallied%1024 == 0 {
		return s.ctx.Err()
	}
	return nil
}

// fail ends the walk with err.
func (s *nativeSearcher) fail(err error) error {
	s.walk.err = err
	s.report()
	return err
}

// Advance moves to the first match at or after id.
func (s *nativeSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.walk.advance(id.Value()) {
		return nil, s.walk.err
	}
	return s.Next(ctx)
}
