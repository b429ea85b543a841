package indexer

import (
	"encoding/json"
	"fmt"
	"sync"
)

// maxFacetEntries bounds the facet cache; when full it starts over.
const maxFacetEntries = 512

// genCache holds values computed for one write generation (Index.gen):
// a write makes them all stale. It holds at most limit values and starts
// over when full; an empty key is never cached. Values are shared: callers
// must not modify them.
type genCache[V any] struct {
	mu    sync.Mutex
	limit int
	gen   uint64
	m     map[string]V
}

func newGenCache[V any](limit int) genCache[V] { return genCache[V]{limit: limit} }

// get returns key's value of generation gen.
func (c *genCache[V]) get(gen uint64, key string) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var zero V
	if key == "" || c.gen != gen {
		return zero, false
	}
	v, ok := c.m[key]
	return v, ok
}

func (c *genCache[V]) put(gen uint64, key string, v V) {
	if key == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || c.m == nil || len(c.m) >= c.limit {
		c.gen, c.m = gen, make(map[string]V)
	}
	c.m[key] = v
}

// The facets of a query do not depend on the page, the sort or
// highlights, so turning a page costs no facet counting: Index.facets is a
// genCache of facets by facetCacheKey.

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
