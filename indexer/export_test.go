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

// SetFanout makes ix split every search it can into parts (0: the
// default decision), and returns how many searches it has split so far.
func SetFanout(ix *Index, parts int) int64 {
	ix.fan.parts, ix.fan.force = parts, parts > 0
	return ix.fan.split.Load()
}
