package library

import (
	"context"
	"fmt"
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

// measureIndex is the MinHash index of every stored measure.
type measureIndex struct {
	gen      uint64
	mark     store.MeasureMark
	ix       *similar.Index
	measures map[string]store.MeasureText
	cl       clusterings // this index's clusterings (clusters.go)
	tops     topPairs    // this index's most similar pairs, per threshold
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

// ref is the result form of a stored measure.
func (mi *measureIndex) ref(id string) MeasureRef {
	m := mi.measures[id]
	return MeasureRef{ID: m.ID, DisclosureID: m.DisclosureID, Unit: m.Unit, RoundLabel: m.RoundKey, Text: m.Text}
}

// sameUnit reports whether two measures come from the same unit; a
// measure whose record names no unit is its disclosure's own unit.
func (mi *measureIndex) sameUnit(a, b string) bool {
	ma, mb := mi.measures[a], mi.measures[b]
	if ma.Unit == "" || mb.Unit == "" {
		return ma.DisclosureID == mb.DisclosureID
	}
	return ma.Unit == mb.Unit
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
	mi := &measureIndex{gen: gen, mark: mark, ix: ix, measures: make(map[string]store.MeasureText, mark.Count)}
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
	// Units, rounds and disclosure ids repeat from measure to measure:
	// one copy of each is kept.
	names := map[string]string{}
	intern := func(s string) string {
		if v, ok := names[s]; ok {
			return v
		}
		names[s] = s
		return s
	}
	// The texts and ids the cached analytics rows hold (a subsequence of
	// the measures, in the same stored order) are shared, not kept twice.
	rows := l.cachedRows()
	next := 0
	err := l.store.SignedMeasureTexts(ctx, version, func(m store.MeasureText, sig []uint64) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		m.DisclosureID, m.Unit, m.RoundKey = intern(m.DisclosureID), intern(m.Unit), intern(m.RoundKey)
		if next < len(rows) && rows[next].MeasureID == m.ID {
			if rows[next].Text == m.Text {
				m.ID, m.Text = rows[next].MeasureID, rows[next].Text
			}
			next++
		}
		mi.measures[m.ID] = m
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
	out := make([]MeasurePair, len(matches))
	a := mi.ref(measureID)
	for i, m := range matches {
		out[i] = MeasurePair{Similarity: m.Similarity, A: a, B: mi.ref(m.ID)}
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
		return DuplicatePage{Total: set.total, Pairs: mi.pairs(page)}, nil
	}
	pairs, total, err := mi.ix.TopPairs(ctx, q.Threshold, mi.keepPair(q.AcrossUnitsOnly), q.Offset+q.Limit)
	if err != nil {
		return DuplicatePage{}, fmt.Errorf("find duplicates: %w", err)
	}
	return DuplicatePage{Total: total, Pairs: mi.pairs(pairs[min(q.Offset, len(pairs)):])}, nil
}

// keepPair is the pair filter of a duplicates query.
func (mi *measureIndex) keepPair(acrossUnitsOnly bool) func(a, b string) bool {
	if !acrossUnitsOnly {
		return nil
	}
	return func(a, b string) bool { return !mi.sameUnit(a, b) }
}

// pairs is the result form of index pairs.
func (mi *measureIndex) pairs(ps []similar.Pair) []MeasurePair {
	out := make([]MeasurePair, len(ps))
	for i, p := range ps {
		out[i] = MeasurePair{Similarity: p.Similarity, A: mi.ref(p.A), B: mi.ref(p.B)}
	}
	return out
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
	return mi.pairs(mi.ix.Pairs(threshold, mi.keepPair(acrossUnitsOnly))), nil
}
