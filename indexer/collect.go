package indexer

import (
	"cmp"
	"container/heap"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// topCollector collects a search's page instead of bleve's top-N
// collector, which for every hit reads the hit's document id (to break
// ties) and decompresses a chunk of doc values per facet field and sort
// key: with hits spread thinly over a large index, each hit decompressed a
// chunk of its own. Here a hit costs a comparison of its score or date key
// and, when facets are asked, a few increments, both read from columns
// kept in memory per segment (segmentColumns); a document id is read only
// for a hit that enters the page or ties with its last entry. The order is
// bleve's: by score descending or by date, then by document id ascending.
type topCollector struct {
	k       int // hits kept: from + size of the request
	from    int
	after   *topEntry
	columns *segmentColumns
	count   bool // count the combined facet keys

	// Set when bleve starts collecting.
	sctx   *search.SearchContext
	scorch bool // document numbers are scorch's, global over its segments
	segs   []columnRange
	names  []string // names[key] of the facet keys counted
	counts []uint32
	cur    int // the segment of the last hit seen
	// scratch is buckets' room for a facet's counts, reused by the next.
	scratch []uint32

	top    topHeap
	fields []string // stored fields loaded for the page
	hits   search.DocumentMatchCollection
	// tallied counts the hits counted by tally, which bleve's total
	// misses.
	tallied uint64
}

// sortKind is the order a topCollector keeps.
type sortKind int

const (
	byScore    sortKind = iota // score descending
	byDateAsc                  // fieldDateAsc ascending
	byDateDesc                 // fieldDateDesc descending
)

// columnRange is one segment of the snapshot searched: its global
// document numbers and its column.
type columnRange struct {
	start, end uint64
	col        *segmentColumn
}

// newTopCollector collects the hits from+1 … k of a search in the order
// by (then by document id), counting facets if asked; after is a
// search_after key as bleve takes it ([score or date key, id]).
func newTopCollector(k, from int, by sortKind, after []string, fields []string, columns *segmentColumns, facets bool) (*topCollector, error) {
	c := &topCollector{k: k, from: from, columns: columns, count: facets, fields: fields}
	c.top.by = by
	c.top.es = make([]topEntry, 0, min(k, maxHeapRoom)) // a page's room, grown only for deep pages
	if len(after) == 2 {
		c.after = &topEntry{date: after[0], id: after[1]}
		if by == byScore {
			s, err := strconv.ParseFloat(after[0], 64)
			if err != nil {
				return nil, invalidf("search_after score %q is not a number", after[0])
			}
			c.after.score, c.after.date = s, ""
		}
	}
	return c, nil
}

// makeHandler is bleve's hook (search.MakeDocumentMatchHandlerKey): it is
// called once per search with the snapshot searched.
func (c *topCollector) makeHandler(sctx *search.SearchContext) (search.DocumentMatchHandler, bool, error) {
	c.sctx = sctx
	_, c.scorch = sctx.IndexReader.(*scorch.IndexSnapshot)
	if c.count || c.top.by != byScore {
		snap, ok := sctx.IndexReader.(*scorch.IndexSnapshot)
		if !ok {
			return nil, false, fmt.Errorf("collect hits: the index reader is a %T, not a scorch snapshot", sctx.IndexReader)
		}
		var err error
		if c.segs, c.names, err = c.columns.ranges(snap); err != nil {
			return nil, false, err
		}
		if c.count {
			c.counts = make([]uint32, len(c.names))
		}
	}
	return c.handle, false, nil
}

func (c *topCollector) handle(d *search.DocumentMatch) error {
	if d == nil {
		return c.finish()
	}
	defer c.sctx.DocumentMatchPool.Put(d)
	e := topEntry{score: d.Score}
	if c.scorch {
		e.num = d.IndexInternalID.Value()
	}
	if c.segs != nil {
		col, local, ok := c.locate(d.IndexInternalID.Value())
		if !ok {
			return fmt.Errorf("collect hits: document %d is in no segment of the snapshot", d.IndexInternalID.Value())
		}
		if c.counts != nil {
			for _, k := range col.keys[col.start[local]:col.start[local+1]] {
				c.counts[k]++
			}
		}
		switch c.top.by {
		case byDateAsc:
			e.date = col.asc[local]
		case byDateDesc:
			e.date = col.desc[local]
		}
	}
	// The id is read only when the order of this hit depends on it.
	if a := c.after; a != nil {
		if cmp := c.top.order(e, *a); cmp > 0 {
			return nil // at or before the key: an earlier page's
		} else if cmp == 0 {
			if err := c.readID(&e, d); err != nil || e.id <= a.id {
				return err
			}
		}
	}
	if c.k == 0 {
		return nil
	}
	if len(c.top.es) == c.k {
		cmp := c.top.order(e, c.top.es[0])
		if cmp < 0 {
			return nil // below the page's last hit
		}
		if err := c.readID(&e, d); err != nil {
			return err
		}
		if cmp == 0 && e.id > c.top.es[0].id {
			return nil
		}
		c.top.es[0] = e
		heap.Fix(&c.top, 0)
		return nil
	}
	if err := c.readID(&e, d); err != nil {
		return err
	}
	heap.Push(&c.top, e)
	return nil
}

// tally counts global document num as a hit below the page (its score
// under floor's): in the total and the facets, without a document match
// (nativeSearcher).
func (c *topCollector) tally(num uint64) error {
	c.tallied++
	if c.counts == nil {
		return nil
	}
	col, local, ok := c.locate(num)
	if !ok {
		return fmt.Errorf("collect hits: document %d is in no segment of the snapshot", num)
	}
	for _, k := range col.keys[col.start[local]:col.start[local+1]] {
		c.counts[k]++
	}
	return nil
}

// collectorKey carries a search's topCollector in its context, for
// nativeSearcher's floor.
type collectorKey struct{}

// floor is the score a hit must reach to enter the page (a tie enters by
// its id); full is false while the page has room, or when the order is
// not the score's.
func (c *topCollector) floor() (score float64, full bool) {
	if c == nil || c.top.by != byScore || c.k == 0 || len(c.top.es) < c.k {
		return 0, false
	}
	return c.top.es[0].score, true
}

// readID sets e's document id, once.
func (c *topCollector) readID(e *topEntry, d *search.DocumentMatch) error {
	if e.id != "" {
		return nil
	}
	id, err := c.sctx.IndexReader.ExternalID(d.IndexInternalID)
	if err != nil {
		return fmt.Errorf("collect hits: read a hit's id: %w", err)
	}
	e.id = id
	return nil
}

// locate returns the column of a global document number and the
// document's number in it. Hits come in document order: the segment is
// usually the last one's.
func (c *topCollector) locate(num uint64) (*segmentColumn, uint64, bool) {
	i := c.cur
	if i >= len(c.segs) || num < c.segs[i].start || num >= c.segs[i].end {
		i = sort.Search(len(c.segs), func(j int) bool { return c.segs[j].end > num })
		if i == len(c.segs) || num < c.segs[i].start {
			return nil, 0, false
		}
		c.cur = i
	}
	local := num - c.segs[i].start
	if local+1 >= uint64(len(c.segs[i].col.start)) {
		return nil, 0, false
	}
	return c.segs[i].col, local, true
}

// finish orders the page and loads its stored fields from the snapshot
// still open.
func (c *topCollector) finish() error {
	page := make([]topEntry, len(c.top.es))
	for i := len(page) - 1; i >= 0; i-- {
		page[i] = heap.Pop(&c.top).(topEntry)
	}
	if c.from < len(page) {
		page = page[c.from:]
	} else {
		page = nil
	}
	c.hits = make(search.DocumentMatchCollection, 0, len(page))
	var fl fieldLoader // the snapshot's segments, found once for the page
	for _, e := range page {
		dm := &search.DocumentMatch{ID: e.id, Score: e.score}
		if c.top.by != byScore {
			dm.DecodedSort = []string{e.date, e.id}
		}
		if err := c.loadFields(&fl, dm, e.num); err != nil {
			return fmt.Errorf("load a hit's fields: %w", err)
		}
		c.hits = append(c.hits, dm)
	}
	return nil
}

// loadFields sets a hit's stored fields (c.fields) as
// bleve.LoadAndHighlightFields does, visiting the document's stored
// values in its segment: bleve looks the document up by its id again and
// copies every stored value of it into a document first.
func (c *topCollector) loadFields(fl *fieldLoader, dm *search.DocumentMatch, num uint64) error {
	if len(c.fields) == 0 {
		return nil
	}
	snap, ok := c.sctx.IndexReader.(*scorch.IndexSnapshot)
	if !ok || slices.Contains(c.fields, "*") {
		err, _ := bleve.LoadAndHighlightFields(dm, &bleve.SearchRequest{Fields: c.fields}, "", c.sctx.IndexReader, nil)
		return err
	}
	if fl.segs == nil {
		fl.segs = snap.Segments()
		fl.bases = segmentBases(fl.segs)
	}
	segs, bases := fl.segs, fl.bases
	if k := sort.Search(len(segs), func(k int) bool { return bases[k]+segs[k].Segment().Count() > num }); k < len(segs) {
		ss, start := segs[k], bases[k]
		other := false // a stored value that is not text: bleve's loader decodes those
		err := ss.VisitDocument(num-start, func(name string, typ byte, val []byte, _ []uint64) bool {
			if !slices.Contains(c.fields, name) {
				return true
			}
			if typ != 't' {
				other = true
				return false
			}
			dm.AddFieldValue(name, string(val))
			return true
		})
		if err == nil && other {
			dm.Fields = nil
			err, _ = bleve.LoadAndHighlightFields(dm, &bleve.SearchRequest{Fields: c.fields}, "", c.sctx.IndexReader, nil)
		}
		return err
	}
	return fmt.Errorf("document %d is in no segment of the snapshot", num)
}

// fieldLoader holds what loadFields finds once for a page: the
// snapshot's segments and the global number of each one's first document.
type fieldLoader struct {
	segs  []*scorch.SegmentSnapshot
	bases []uint64
}

// buckets returns combined facet f's buckets from the counts: at most
// size, largest first, then by key, as splitCombined cuts bleve's result.
// Only the values that can make the cut are written out (a coded one is
// looked up by name): with thousands of units hit, turning every count
// into a bleve term facet and every term back into a bucket was most of
// what a search allocated.
func (c *topCollector) buckets(f combinedFacet, size int, name func(key string) (string, bool, error)) ([]Bucket, error) {
	prefix := f.tag + facetKeySep
	counts := c.scratch[:0] // f's nonzero counts, to find the cut
	for k, n := range c.counts {
		if n > 0 && strings.HasPrefix(c.names[k], prefix) {
			counts = append(counts, n)
		}
	}
	c.scratch = counts // the next facet's, reused
	// cut is the least count that can make the page: the size-th largest.
	var cut uint32
	if len(counts) > size && size > 0 {
		slices.Sort(counts)
		cut = counts[len(counts)-size]
	}
	for {
		out := make([]Bucket, 0, min(len(counts), max(size, 0)))
		dropped := false
		for k, n := range c.counts {
			if n == 0 || n < cut || !strings.HasPrefix(c.names[k], prefix) {
				continue
			}
			v := c.names[k][len(prefix):]
			if f.coded {
				var ok bool
				var err error
				if v, ok, err = name(c.names[k]); err != nil {
					return nil, err
				} else if !ok {
					dropped = true // a value no longer indexed
					continue
				}
			}
			out = append(out, Bucket{Key: v, Count: int(n)})
		}
		if dropped && cut > 0 {
			cut = 0 // a smaller count may take the dropped value's place
			continue
		}
		sortBuckets(out)
		if len(out) > size {
			out = out[:size]
		}
		return out, nil
	}
}

// maxHeapRoom bounds the page room a collector makes before its first hit.
const maxHeapRoom = 256

// topEntry is a hit on the page being collected: its score or date key
// and its id (read when needed).
type topEntry struct {
	score float64
	date  string
	id    string
	num   uint64 // the global document number, to load its stored fields
}

// topHeap keeps the page with its lowest-ranked hit first.
type topHeap struct {
	by sortKind
	es []topEntry
}

// order compares a and b by the sort key alone: above 0 when a ranks
// before b, below 0 when after, 0 on a tie (which the ids break).
func (h *topHeap) order(a, b topEntry) int {
	switch h.by {
	case byDateAsc:
		return strings.Compare(b.date, a.date)
	case byDateDesc:
		return strings.Compare(a.date, b.date)
	}
	return cmp.Compare(a.score, b.score)
}

// before reports whether a ranks before b: by the sort key, then by id.
func (h *topHeap) before(a, b topEntry) bool {
	if c := h.order(a, b); c != 0 {
		return c > 0
	}
	return a.id < b.id
}

// Less puts the lowest-ranked hit first.
func (h *topHeap) Less(i, j int) bool { return h.before(h.es[j], h.es[i]) }

func (h *topHeap) Len() int      { return len(h.es) }
func (h *topHeap) Swap(i, j int) { h.es[i], h.es[j] = h.es[j], h.es[i] }
func (h *topHeap) Push(x any)    { h.es = append(h.es, x.(topEntry)) }
func (h *topHeap) Pop() any {
	x := h.es[len(h.es)-1]
	h.es = h.es[:len(h.es)-1]
	return x
}

// segmentColumns keeps, for every segment of the index, each document's
// keys of the combined facet field (fieldFacetKeys) as small integers over
// one dictionary of keys, and its date sort keys. A segment never changes
// once written, so its column is read from its doc values once, in order,
// and serves every search until the segment is merged away.
type segmentColumns struct {
	mu    sync.Mutex
	ids   map[string]uint32
	names []string
	dates map[string]string // one copy of each date key
	segs  map[segment.Segment]*segmentColumn
	// advise, when set, is called once for each segment first seen
	// (adviseRandom; see Options.RandomReads).
	advise func(segment.Segment) error
}

// segmentColumn holds one segment's documents' facet keys (those of local
// document d are keys[start[d]:start[d+1]]) and date sort keys.
type segmentColumn struct {
	start     []uint32
	keys      []uint32
	asc, desc []string
}

func newSegmentColumns() *segmentColumns {
	return &segmentColumns{ids: map[string]uint32{}, dates: map[string]string{}, segs: map[segment.Segment]*segmentColumn{}}
}

// ranges returns the columns of a snapshot's segments with their global
// document numbers (scorch numbers the documents of its segments one
// after the other, deleted ones included), and the key names so far.
func (fc *segmentColumns) ranges(snap *scorch.IndexSnapshot) ([]columnRange, []string, error) {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	segs := snap.Segments()
	out := make([]columnRange, 0, len(segs))
	live := make(map[segment.Segment]bool, len(segs))
	var running uint64
	for _, ss := range segs {
		seg := ss.Segment()
		n := seg.Count()
		col, ok := fc.segs[seg]
		if !ok {
			var err error
			if col, err = fc.read(seg, n); err != nil {
				return nil, nil, err
			}
			fc.segs[seg] = col
			if fc.advise != nil {
				_ = fc.advise(seg) // a hint: refused, it changes no result
			}
		}
		live[seg] = true
		out = append(out, columnRange{start: running, end: running + n, col: col})
		running += n
	}
	// Segments merged away are dropped once the map outgrows the snapshot.
	if len(fc.segs) > 2*len(segs)+8 {
		for s := range fc.segs {
			if !live[s] {
				delete(fc.segs, s)
			}
		}
	}
	return out, fc.names, nil
}

// read builds one segment's column from its doc values. A segment that
// cannot be read (or panics bleve) is damage, reported as such.
func (fc *segmentColumns) read(seg segment.Segment, n uint64) (col *segmentColumn, err error) {
	defer func() {
		if v := recover(); v != nil {
			col, err = nil, fmt.Errorf("read columns: %w: panic: %v", ErrDamaged, v)
		}
	}()
	dv, ok := seg.(segment.DocValueVisitable)
	if !ok {
		return nil, fmt.Errorf("read columns: a %T segment has no doc values", seg)
	}
	col = &segmentColumn{start: make([]uint32, 0, n+1), keys: make([]uint32, 0, n*4), asc: make([]string, n), desc: make([]string, n)}
	fields := []string{fieldFacetKeys, fieldDateAsc, fieldDateDesc}
	var state segment.DocVisitState
	var d uint64
	date := func(term []byte) string {
		v, ok := fc.dates[string(term)]
		if !ok {
			v = string(term)
			fc.dates[v] = v
		}
		return v
	}
	visit := func(field string, term []byte) {
		switch field {
		case fieldDateAsc:
			col.asc[d] = date(term)
		case fieldDateDesc:
			col.desc[d] = date(term)
		default:
			id, ok := fc.ids[string(term)]
			if !ok {
				id = uint32(len(fc.names))
				fc.names = append(fc.names, string(term))
				fc.ids[string(term)] = id
			}
			col.keys = append(col.keys, id)
		}
	}
	for d = 0; d < n; d++ {
		col.start = append(col.start, uint32(len(col.keys)))
		if state, err = dv.VisitDocValues(d, fields, visit, state); err != nil {
			return nil, fmt.Errorf("read columns: %w: document %d: %w", ErrDamaged, d, err)
		}
	}
	col.start = append(col.start, uint32(len(col.keys)))
	return col, nil
}

// segmentBases returns the global number of each segment's first
// document: scorch numbers the documents of its segments one after the
// other, deleted ones included.
func segmentBases(segs []*scorch.SegmentSnapshot) []uint64 {
	bases := make([]uint64, len(segs))
	var base uint64
	for k, ss := range segs {
		bases[k] = base
		base += ss.Segment().Count()
	}
	return bases
}
