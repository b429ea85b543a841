package indexer

// SetBleveCollects makes ix collect every search with bleve's own top-N
// collector and facets, as before topCollector, and forgets cached facets:
// the tests compare both ways on the same index.
func SetBleveCollects(ix *Index, on bool) {
	ix.bleveCollects = on
	ix.facets = newGenCache[map[string][]Bucket](maxFacetEntries)
	ix.dups = newGenCache[[]Duplicate](maxDupEntries)
}
