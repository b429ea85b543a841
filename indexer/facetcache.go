package indexer

import (
	"encoding/json"
	"fmt"
	"sync"
)

// maxFacetEntries bounds the facet cache; when full it starts over.
const maxFacetEntries = 512

// facetCache holds the facets of recent searches, valid for one write
// generation (Index.gen): the facets of a query do not depend on the page,
// the sort or highlights, so turning a page costs no facet counting.
type facetCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]map[string][]Bucket
}

// facetCacheKey identifies what a search's facets depend on: the query
// without its page, sort and highlight, and the synonym table in use.
func facetCacheKey(q Query, synonyms any) string {
	q.Offset, q.Limit, q.SearchAfter, q.Sort, q.Highlight = 0, 0, nil, "", false
	b, err := json.Marshal(q)
	if err != nil {
		return "" // not cached
	}
	return fmt.Sprintf("%p\x00%s", synonyms, b)
}

// get returns the cached facets of key in generation gen, or nil. The
// buckets are shared: callers must not modify them.
func (c *facetCache) get(gen uint64, key string) map[string][]Bucket {
	if key == "" {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen {
		return nil
	}
	return c.m[key]
}

func (c *facetCache) put(gen uint64, key string, f map[string][]Bucket) {
	if key == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.m == nil || len(c.m) >= maxFacetEntries {
		c.gen, c.m = gen, make(map[string]map[string][]Bucket)
	}
	c.m[key] = f
}
