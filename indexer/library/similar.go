package library

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/similar"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// Defaults of Similar and Duplicates.
const (
	// DefaultSimilarK is how many similar measures Similar returns when
	// asked for zero or fewer.
	DefaultSimilarK = 10
	// DefaultDuplicateThreshold is the least Jaccard index of the
	// character 3-shingles (computed in full over their 32-bit
	// fingerprints, see corpus/similar) for two measures to count as
	// near-duplicates.
	DefaultDuplicateThreshold = 0.8
)

// MeasureRef names one measure in a similarity result.
type MeasureRef struct {
	ID           string `json:"id"`
	DisclosureID string `json:"disclosure_id"`
	Unit         string `json:"unit"`
	RoundLabel   string `json:"round_label,omitempty"`
	Text         string `json:"text"`
}

// MeasurePair is two similar measures, in the shape of the contract's
// `{"pairs": [...]}`. Similarity is the Jaccard index of the two
// measures' character 3-shingles, computed in full over their 32-bit
// fingerprints, not estimated from signatures (see corpus/similar).
type MeasurePair struct {
	Similarity float64    `json:"similarity"`
	A          MeasureRef `json:"a"`
	B          MeasureRef `json:"b"`
}

// similarCache holds a Library's near-duplicate index. It is built from the
// store on first use and rebuilt on the first use after the store's
// measures change: ingest and delete bump gen, and the store's measure
// mark catches writes by another process.
type similarCache struct {
	gen   atomic.Uint64
	mu    sync.Mutex // one build at a time
	built *measureIndex
	// signed counts the signatures computed (not read from the store)
	// since the library opened.
	signed atomic.Int64

	hasherOnce sync.Once
	hasher     *similar.Hasher // the index's, for signStored
	version    string          // its signature version
}

// invalidate marks the cached index stale; the next query rebuilds it.
func (c *similarCache) invalidate() { c.gen.Add(1) }

// SignaturesComputed is how many near-duplicate signatures the library
// computed (at ingest or building its index) rather than read from the
// store since it opened.
func (l *Library) SignaturesComputed() int64 { return l.sim.signed.Load() }

// signatureBatch is how many computed signatures are stored per write.
const signatureBatch = 1000

// signatureHasher returns the hasher and signature version every measure
// index of the library uses.
func (c *similarCache) signatureHasher() (*similar.Hasher, string) {
	c.hasherOnce.Do(func() {
		ix, err := similar.NewIndex(similar.Options{})
		if err != nil {
			panic(err) // the default options are valid
		}
		c.hasher, c.version = ix.Hasher(), ix.SignatureVersion()
	})
	return c.hasher, c.version
}

// signStored computes and stores the signatures of the measures of records
// just stored (ingest.go calls it), signatureBatch a write, so that the
// next build of the near-duplicate index reads them instead of computing
// them. A failure is only logged: the build computes what is missing.
func (l *Library) signStored(ctx context.Context, ds []*corpus.Disclosure) {
	h, version := l.sim.signatureHasher()
	batch := make([]store.MeasureSignature, 0, signatureBatch)
	flush := func() bool {
		if len(batch) == 0 {
			return true
		}
		err := l.store.PutSignatures(ctx, version, batch)
		batch = batch[:0]
		if err != nil {
			l.log.Warn("could not store the signatures of new measures (computed at the next near-duplicate query)", "err", err)
			return false
		}
		return true
	}
	for _, d := range ds {
		for _, m := range d.Measures {
			batch = append(batch, store.MeasureSignature{MeasureID: m.ID, Signature: h.Signature(similar.Shingle(m.Text))})
			l.sim.signed.Add(1)
			if len(batch) == signatureBatch && !flush() {
				return
			}
		}
	}
	flush()
}

// measureIndex is the MinHash index of every stored measure, with what a
// result names of each measure but its text: its disclosure, and that
// disclosure's unit and round key (measureDiscs). The texts of a result
// are read from the store when it is answered (Library.measureTexts): at
// 317,000 measures, keeping them all here held about 60 MB.
type measureIndex struct {
	gen   uint64
	mark  store.MeasureMark
	ix    *similar.Index
	discs measureDiscs
	cl    clusterings // this index's clusterings (clusters.go)
	tops  topPairs    // this index's most similar pairs, per threshold
}

// measureDiscs finds the disclosure of an indexed measure, and its unit
// and round key, with nothing kept per measure: a measure's id is its
// disclosure's id, "-" and its number (corpus), so the id names its
// disclosure; the ids of another form (a record stored with its own
// measure ids) are kept in odd. Units and round keys are numbers into one
// table of names, so that comparing two is comparing two integers.
type measureDiscs struct {
	discs []discAttrs
	byID  map[string]int32 // disclosure id → its index in discs
	odd   map[string]int32 // measure id → its disclosure, for ids of another form
	names []string         // the units and round keys; names[0] is ""
}

// discAttrs is one disclosure of measureDiscs.
type discAttrs struct {
	id          string
	unit, round int32 // into measureDiscs.names; 0 is none
}

// discsBuilder adds measures to a measureDiscs.
type discsBuilder struct {
	d     *measureDiscs
	names map[string]int32
}

func newDiscsBuilder(d *measureDiscs) *discsBuilder {
	d.byID, d.names = map[string]int32{}, []string{""}
	return &discsBuilder{d: d, names: map[string]int32{"": 0}}
}

// name returns the number of s in the table of names, adding it.
func (b *discsBuilder) name(s string) int32 {
	if n, ok := b.names[s]; ok {
		return n
	}
	n := int32(len(b.d.names))
	b.d.names = append(b.d.names, s)
	b.names[s] = n
	return n
}

// add records the disclosure, unit and round key of measure m.
func (b *discsBuilder) add(m store.MeasureText) {
	d := b.d
	x, ok := d.byID[m.DisclosureID]
	if !ok {
		x = int32(len(d.discs))
		d.discs = append(d.discs, discAttrs{id: m.DisclosureID, unit: b.name(m.Unit), round: b.name(m.RoundKey)})
		d.byID[m.DisclosureID] = x
	}
	if i := strings.LastIndexByte(m.ID, '-'); i < 0 || m.ID[:i] != m.DisclosureID {
		if d.odd == nil {
			d.odd = map[string]int32{}
		}
		d.odd[m.ID] = x
	}
}

// of returns the disclosure of the indexed measure id (-1 for an id not
// indexed whose form names no disclosure).
func (d *measureDiscs) of(id string) int32 {
	if len(d.odd) > 0 {
		if x, ok := d.odd[id]; ok {
			return x
		}
	}
	if i := strings.LastIndexByte(id, '-'); i >= 0 {
		if x, ok := d.byID[id[:i]]; ok {
			return x
		}
	}
	return -1
}

// attrs returns the disclosure of the indexed measure id.
func (d *measureDiscs) attrs(id string) discAttrs {
	if x := d.of(id); x >= 0 {
		return d.discs[x]
	}
	return discAttrs{}
}

// unitRound returns the unit and round key of the indexed measure id.
func (mi *measureIndex) unitRound(id string) (unit, round string) {
	a := mi.discs.attrs(id)
	return mi.discs.names[a.unit], mi.discs.names[a.round]
}

// cachedPairs is how many of the most similar pairs are kept per
// threshold and unit rule: the pages people turn. Deeper pages are
// searched anew.
const cachedPairs = 1000

// topPairs keeps the most similar pairs of one measure index per
// threshold and unit rule: finding them compares every candidate pair
// (15 s at 10,000 disclosures), the same answer for every page.
type topPairs struct {
	mu sync.Mutex
	m  map[topPairsKey]topPairsSet
}

type topPairsKey struct {
	threshold       float64
	acrossUnitsOnly bool
}

type topPairsSet struct {
	pairs []similar.Pair
	total int
}

// top returns the cachedPairs most similar pairs at q's threshold and
// unit rule and their total, finding them once per index.
func (mi *measureIndex) top(ctx context.Context, threshold float64, acrossUnitsOnly bool) (topPairsSet, error) {
	mi.tops.mu.Lock()
	defer mi.tops.mu.Unlock()
	key := topPairsKey{threshold, acrossUnitsOnly}
	if set, ok := mi.tops.m[key]; ok {
		return set, nil
	}
	pairs, total, err := mi.ix.TopPairs(ctx, threshold, mi.keepPair(acrossUnitsOnly), cachedPairs)
	if err != nil {
		return topPairsSet{}, err
	}
	if mi.tops.m == nil {
		mi.tops.m = map[topPairsKey]topPairsSet{}
	}
	set := topPairsSet{pairs: pairs, total: total}
	mi.tops.m[key] = set
	return set, nil
}

// ref is the result form of a stored measure, its text from texts.
func (mi *measureIndex) ref(id string, texts map[string]string) MeasureRef {
	a := mi.discs.attrs(id)
	return MeasureRef{ID: id, DisclosureID: a.id, Unit: mi.discs.names[a.unit], RoundLabel: mi.discs.names[a.round], Text: texts[id]}
}

// sameUnit reports whether two measures come from the same unit; a
// measure whose record names no unit is its disclosure's own unit. It
// compares numbers: it runs for every candidate pair of a duplicates query.
func (mi *measureIndex) sameUnit(a, b string) bool {
	da, db := mi.discs.of(a), mi.discs.of(b)
	if da < 0 || db < 0 {
		return da == db
	}
	ua, ub := mi.discs.discs[da].unit, mi.discs.discs[db].unit
	if ua == 0 || ub == 0 {
		return da == db
	}
	return ua == ub
}

// measureTexts returns the stored texts of the measures ids (repeats
// allowed), read store.MaxTextsByID at a time: a page of results reads
// its texts when it is answered. A measure deleted since the index was
// built has none.
func (l *Library) measureTexts(ctx context.Context, ids []string) (map[string]string, error) {
	seen := make(map[string]bool, len(ids))
	uniq := make([]string, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			uniq = append(uniq, id)
		}
	}
	out := make(map[string]string, len(uniq))
	for len(uniq) > 0 {
		n := min(len(uniq), store.MaxTextsByID)
		texts, err := l.store.MeasureTextsByID(ctx, uniq[:n])
		if err != nil {
			return nil, err
		}
		for id, t := range texts {
			out[id] = t
		}
		uniq = uniq[n:]
	}
	return out, nil
}

// similarIndex returns the index of the stored measures, building it when
// there is none or the store changed since it was built.
func (l *Library) similarIndex(ctx context.Context) (*measureIndex, error) {
	gen := l.sim.gen.Load() // read before the store: a write after it forces the next rebuild
	mark, err := l.store.MeasureMark(ctx)
	if err != nil {
		return nil, err
	}
	l.sim.mu.Lock()
	defer l.sim.mu.Unlock()
	if b := l.sim.built; b != nil && b.gen == gen && b.mark == mark {
		return b, nil
	}
	ix, err := similar.NewIndex(similar.Options{Capacity: int(mark.Count)})
	if err != nil {
		return nil, err
	}
	mi := &measureIndex{gen: gen, mark: mark, ix: ix}
	signed, err := l.fillIndex(ctx, mi)
	if err != nil {
		return nil, fmt.Errorf("build similarity index: %w", err)
	}
	l.sim.built = mi
	l.log.Debug("similarity index built", "measures", ix.Len(), "signatures_computed", signed)
	return mi, nil
}

// fillIndex adds every stored measure to mi with its stored signature of
// the index's version, computing (and storing, signatureBatch at a time)
// only the missing ones, so that a restart computes none. It returns how
// many it computed. A signature that cannot be stored is only logged: the
// index is whole all the same.
func (l *Library) fillIndex(ctx context.Context, mi *measureIndex) (int, error) {
	ix := mi.ix
	version := ix.SignatureVersion()
	var pending []store.MeasureSignature
	persist := true
	flush := func() {
		if len(pending) == 0 || !persist {
			pending = pending[:0]
			return
		}
		if err := l.store.PutSignatures(ctx, version, pending); err != nil {
			persist = false // computed again next time; the index is whole
			l.log.Warn("could not store near-duplicate signatures", "err", err)
		}
		pending = pending[:0]
	}
	signed := 0
	discs := newDiscsBuilder(&mi.discs)
	// The ids the cached analytics rows hold (a subsequence of the
	// measures, in the same stored order) are shared, not kept twice.
	rows := l.cachedRows()
	next := 0
	err := l.store.SignedMeasureTexts(ctx, version, func(m store.MeasureText, sig []uint64) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if next < len(rows) && rows[next].MeasureID == m.ID {
			m.ID = rows[next].MeasureID
			next++
		}
		discs.add(m)
		set := similar.Shingle(m.Text)
		if len(sig) != ix.Options().K {
			sig = ix.Hasher().Signature(set)
			signed++
			l.sim.signed.Add(1)
			if persist {
				pending = append(pending, store.MeasureSignature{MeasureID: m.ID, Signature: sig})
				if len(pending) >= signatureBatch {
					flush()
				}
			}
		}
		return ix.Add(m.ID, sig, set)
	})
	if err == nil {
		flush()
	}
	return signed, err
}

// Similar returns up to k measures (DefaultSimilarK when k ≤ 0) most
// similar to the stored measure measureID, most similar first, as pairs
// whose A is that measure. With otherUnitsOnly, measures of the same unit
// are left out: "how did other units fix this?". An unknown id is
// store.ErrNotFound.
func (l *Library) Similar(ctx context.Context, measureID string, k int, otherUnitsOnly bool) ([]MeasurePair, error) {
	if k <= 0 {
		k = DefaultSimilarK
	}
	mi, err := l.similarIndex(ctx)
	if err != nil {
		return nil, fmt.Errorf("find measures similar to %s: %w", measureID, err)
	}
	var keep func(string) bool
	if otherUnitsOnly {
		keep = func(id string) bool { return !mi.sameUnit(measureID, id) }
	}
	matches, ok := mi.ix.Similar(measureID, k, keep)
	if !ok {
		return nil, fmt.Errorf("find measures similar to %s: %w", measureID, store.ErrNotFound)
	}
	ids := make([]string, 0, len(matches)+1)
	ids = append(ids, measureID)
	for _, m := range matches {
		ids = append(ids, m.ID)
	}
	texts, err := l.measureTexts(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("find measures similar to %s: %w", measureID, err)
	}
	out := make([]MeasurePair, len(matches))
	a := mi.ref(measureID, texts)
	for i, m := range matches {
		out[i] = MeasurePair{Similarity: m.Similarity, A: a, B: mi.ref(m.ID, texts)}
	}
	return out, nil
}

// Limits of DuplicatesPage.
const (
	// DefaultDuplicateLimit is the page size when DuplicateQuery.Limit is 0.
	DefaultDuplicateLimit = 50
	// MaxDuplicateLimit is the largest page.
	MaxDuplicateLimit = 500
	// MaxDuplicateOffset is the largest offset: a page never needs more
	// than MaxDuplicateOffset+MaxDuplicateLimit pairs kept in memory.
	MaxDuplicateOffset = 10000
)

// DuplicateQuery asks for one page of near-duplicate pairs.
type DuplicateQuery struct {
	Threshold       float64 // least similarity; DefaultDuplicateThreshold when ≤ 0
	AcrossUnitsOnly bool    // leave out pairs within one unit
	Offset          int     // pairs skipped, 0–MaxDuplicateOffset
	Limit           int     // page size, 1–MaxDuplicateLimit; DefaultDuplicateLimit when 0
}

// DuplicatePage is one page of near-duplicate pairs and how many there are
// in all.
type DuplicatePage struct {
	Total int
	Pairs []MeasurePair
}

// DuplicatesPage returns one page of the pairs Duplicates would return, and
// their number, within a memory bound: only Offset+Limit pairs are kept
// while the pairs are found (the best ones, in a heap), whatever the number
// of pairs the corpus holds. It stops when ctx ends.
func (l *Library) DuplicatesPage(ctx context.Context, q DuplicateQuery) (DuplicatePage, error) {
	if q.Threshold <= 0 {
		q.Threshold = DefaultDuplicateThreshold
	}
	if q.Limit == 0 {
		q.Limit = DefaultDuplicateLimit
	}
	switch {
	case q.Threshold > 1:
		return DuplicatePage{}, fmt.Errorf("find duplicates: %w: threshold %g above 1", store.ErrInvalid, q.Threshold)
	case q.Limit < 1 || q.Limit > MaxDuplicateLimit:
		return DuplicatePage{}, fmt.Errorf("find duplicates: %w: limit %d outside 1–%d", store.ErrInvalid, q.Limit, MaxDuplicateLimit)
	case q.Offset < 0 || q.Offset > MaxDuplicateOffset:
		return DuplicatePage{}, fmt.Errorf("find duplicates: %w: offset %d outside 0–%d", store.ErrInvalid, q.Offset, MaxDuplicateOffset)
	}
	mi, err := l.similarIndex(ctx)
	if err != nil {
		return DuplicatePage{}, fmt.Errorf("find duplicates: %w", err)
	}
	if q.Offset+q.Limit <= cachedPairs {
		set, err := mi.top(ctx, q.Threshold, q.AcrossUnitsOnly)
		if err != nil {
			return DuplicatePage{}, fmt.Errorf("find duplicates: %w", err)
		}
		page := set.pairs[min(q.Offset, len(set.pairs)):min(q.Offset+q.Limit, len(set.pairs))]
		out, err := l.measurePairs(ctx, mi, page)
		if err != nil {
			return DuplicatePage{}, fmt.Errorf("find duplicates: %w", err)
		}
		return DuplicatePage{Total: set.total, Pairs: out}, nil
	}
	pairs, total, err := mi.ix.TopPairs(ctx, q.Threshold, mi.keepPair(q.AcrossUnitsOnly), q.Offset+q.Limit)
	if err != nil {
		return DuplicatePage{}, fmt.Errorf("find duplicates: %w", err)
	}
	out, err := l.measurePairs(ctx, mi, pairs[min(q.Offset, len(pairs)):])
	if err != nil {
		return DuplicatePage{}, fmt.Errorf("find duplicates: %w", err)
	}
	return DuplicatePage{Total: total, Pairs: out}, nil
}

// keepPair is the pair filter of a duplicates query.
func (mi *measureIndex) keepPair(acrossUnitsOnly bool) func(a, b string) bool {
	if !acrossUnitsOnly {
		return nil
	}
	return func(a, b string) bool { return !mi.sameUnit(a, b) }
}

// measurePairs is the result form of index pairs of mi, with their texts
// read from the store.
func (l *Library) measurePairs(ctx context.Context, mi *measureIndex, ps []similar.Pair) ([]MeasurePair, error) {
	ids := make([]string, 0, 2*len(ps))
	for _, p := range ps {
		ids = append(ids, p.A, p.B)
	}
	texts, err := l.measureTexts(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]MeasurePair, len(ps))
	for i, p := range ps {
		out[i] = MeasurePair{Similarity: p.Similarity, A: mi.ref(p.A, texts), B: mi.ref(p.B, texts)}
	}
	return out, nil
}

// Duplicates returns every pair of stored measures whose similarity is at
// least threshold (DefaultDuplicateThreshold when ≤ 0), most similar
// first, then by the measures' ids. With acrossUnitsOnly, pairs within one
// unit are left out: what remains is text copied between units. Its
// answer grows with the square of the copies in the corpus: serve
// DuplicatesPage instead.
func (l *Library) Duplicates(ctx context.Context, threshold float64, acrossUnitsOnly bool) ([]MeasurePair, error) {
	if threshold <= 0 {
		threshold = DefaultDuplicateThreshold
	}
	if threshold > 1 {
		return nil, fmt.Errorf("find duplicates: %w: threshold %g above 1", store.ErrInvalid, threshold)
	}
	mi, err := l.similarIndex(ctx)
	if err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	out, err := l.measurePairs(ctx, mi, mi.ix.Pairs(threshold, mi.keepPair(acrossUnitsOnly)))
	if err != nil {
		return nil, fmt.Errorf("find duplicates: %w", err)
	}
	return out, nil
}
