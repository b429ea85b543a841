package indexer

import (
	"context"

	"github.com/blevesearch/bleve/v2/search/query"
)

// SetBleveCollects makes ix collect every search with bleve's own top-N
// collector and facets, as before topCollector, and forgets cached facets:
// the tests compare both ways on the same index.
func SetBleveCollects(ix *Index, on bool) {
	ix.bleveCollects = on
	ix.facets = newGenCache[map[string][]Bucket](maxFacetEntries)
	ix.dups = newGenCache[[]Duplicate](maxDupEntries)
}

// ColumnSegments is how many segments' columns ix holds.
func ColumnSegments(ix *Index) int {
	ix.columns.mu.Lock()
	defer ix.columns.mu.Unlock()
	return len(ix.columns.segs)
}

// Probes is how many full checks (probe searches) ix ran.
func Probes(ix *Index) int64 { return ix.probes.Load() }

// SetFanout makes ix split every search it can into parts (0: the
// default decision), and returns how many searches it has split so far.
func SetFanout(ix *Index, parts int) int64 {
	ix.fan.parts, ix.fan.force = parts, parts > 0
	return ix.fan.split.Load()
}

// SetBleveWalks makes ix search the words' tree with bleve's own
// searchers (true) or natively (false, the default).
// It forgets cached facets and copies, so that each way counts its own.
func SetBleveWalks(ix *Index, on bool) {
	ix.bleveWalks = on
	ix.facets = newGenCache[map[string][]Bucket](maxFacetEntries)
	ix.dups = newGenCache[[]Duplicate](maxDupEntries)
}

// NativeTrees returns how many trees of q's request ix walks natively.
func NativeTrees(ctx context.Context, ix *Index, q Query) (int, error) {
	idx, err := ix.acquire()
	if err != nil {
		return 0, err
	}
	defer ix.mu.RUnlock()
	_, env, err := ix.queryEnv(ctx, idx, ix.norm.Query(q.Text))
	if err != nil {
		return 0, err
	}
	req, _, err := buildRequest(idx.Mapping(), q, env)
	if err != nil {
		return 0, err
	}
	var count func(query.Query) int
	count = func(q query.Query) int {
		switch x := q.(type) {
		case *nativeTree:
			return 1
		case *query.ConjunctionQuery:
			n := 0
			for _, c := range x.Conjuncts {
				n += count(c)
			}
			return n
		case *query.BooleanQuery:
			if x.Must != nil {
				return count(x.Must)
			}
		}
		return 0
	}
	return count(req.Query), nil
}

// SetImpactMinDocs makes ix keep impacts for terms in at least n documents
// of a segment, and returns what its native walks counted so far: hits
// counted below the page one by one and by blocks, and deferred phrases
// verified.
func SetImpactMinDocs(ix *Index, n uint64) (tallied, bulk, verified int64) {
	if n > 0 {
		ix.impacts.minDocs = n
	}
	return ix.impacts.tallied.Load(), ix.impacts.bulk.Load(), ix.impacts.verified.Load()
}

// ImpactBytes is the memory ix's impacts hold, and their terms.
func ImpactBytes(ix *Index) (int64, int) {
	ix.impacts.mu.Lock()
	defer ix.impacts.mu.Unlock()
	return ix.impacts.used, len(ix.impacts.m)
}

// SkipLists reports what ix's skip lists hold (bytes, lists) and have
// done (lists built, lists left to zapx); max > 0 sets their bound and
// minDocs > 0 the postings a list needs.
func SkipLists(ix *Index, max int64, minDocs uint64) (used int64, lists int, built, misread int64) {
	sl := ix.skips
	sl.mu.Lock()
	defer sl.mu.Unlock()
	if max > 0 {
		sl.max = max
	}
	if minDocs > 0 {
		sl.minDocs = minDocs
	}
	return sl.used, len(sl.m), sl.built.Load(), sl.misread.Load()
}
