package indexer

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
