package indexer

import (
	"sync"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// termKey names a term's postings in a field of one segment.
type termKey struct {
	seg   segment.Segment
	field string
	term  string
}

// listCache keeps what searches read of terms' postings, per segment
// (impacts, skip points), within max bytes. A value is read by one search
// however many ask for it at once: the others go on without it. What a
// segment merged away kept is dropped by prune.
type listCache[V any] struct {
	max int64 // bytes kept at most
	// evictTo is what is left when the bound is reached: entries are
	// dropped in the map's order until the new one fits within it.
	evictTo func(max int64) int64
	size    func(V) int64

	mu      sync.Mutex
	m       map[termKey]V
	reading map[termKey]bool // values being read by a search
	used    int64
}

func newListCache[V any](max int64, evictTo func(int64) int64, size func(V) int64) listCache[V] {
	return listCache[V]{max: max, evictTo: evictTo, size: size, m: map[termKey]V{}, reading: map[termKey]bool{}}
}

// get returns k's value: the one kept, if valid says it still holds, else
// what read returns, kept for later searches. While another search reads
// it, get returns the zero value at once, so that no two read the same.
func (c *listCache[V]) get(k termKey, valid func(V) bool, read func() (V, error)) (v V, err error) {
	c.mu.Lock()
	if v, kept := c.m[k]; kept && valid(v) {
		c.mu.Unlock()
		return v, nil
	}
	if c.reading[k] {
		c.mu.Unlock()
		return v, nil
	}
	c.reading[k] = true
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.reading, k)
		c.mu.Unlock()
	}()
	if v, err = read(); err != nil {
		var zero V
		return zero, err
	}
	c.keep(k, v)
	return v, nil
}

// keep keeps v under k, within the bound.
func (c *listCache[V]) keep(k termKey, v V) {
	size := c.size(v)
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[k]; ok {
		delete(c.m, k)
		c.used -= c.size(old)
	}
	if c.used+size > c.max {
		to := c.evictTo(c.max)
		for k, old := range c.m {
			if c.used+size <= to {
				break
			}
			delete(c.m, k)
			c.used -= c.size(old)
		}
	}
	c.m[k] = v
	c.used += size
}

// full reports whether what is kept fills half the bound (the share the
// warm-up may fill).
func (c *listCache[V]) full() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used >= c.max/2
}

// prune forgets the values of segments not in live.
func (c *listCache[V]) prune(live map[segment.Segment]bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, v := range c.m {
		if !live[k.seg] {
			delete(c.m, k)
			c.used -= c.size(v)
		}
	}
}
