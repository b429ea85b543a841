package library

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// rowCache holds every analytics row of the store (the rectification
// kinds, with publication dates, rounds qualified and inferred, and no
// texts: at 317,000 measures they held about 85 MB; the few an answer
// shows are read by id, see rowTexts and pageTexts) as of one store mark. Every analytics call filters it in memory instead
// of reading and re-inferring all rows from the store: at 10,000
// disclosures that read costs about a CPU-second (the inspection start
// lives inside the JSON record). A store change, by this process or
// another (the mark's change number moves with every put and delete),
// makes the next call read it again, once.
//
// Compare, Recurring and Common read Docs instead (one per disclosure: its
// measure ids and theme tags, no texts), cached the same way: at 30,000
// disclosures a store that keeps them (store.Store.MeasureDocs) reads them
// in a fraction of the rows' time.
type rowCache struct {
	mu   sync.Mutex // one read at a time; guards the fields
	ok   bool       // mark is the store mark of what is held
	mark store.MeasureMark
	// rows and docs are held when rowsOK and docsOK.
	rows   []analytics.Row
	rowsOK bool
	docs   []analytics.Doc
	docsOK bool
	// derived are the results computed from rows or docs (derive);
	// derivedBytes is the estimated size of those weighed (approxBytes),
	// kept within the Library's cacheBytes; tick orders their use.
	derived      map[string]*derivedEntry
	derivedBytes int64
	tick         uint64
}

// at makes the cache hold what is read as of mark: when it held another
// mark, it forgets everything. c.mu is held.
func (c *rowCache) at(mark store.MeasureMark) {
	if !c.ok || c.mark != mark {
		c.ok, c.mark, c.rows, c.rowsOK, c.docs, c.docsOK, c.derived = true, mark, nil, false, nil, false, nil
		c.derivedBytes = 0
	}
}

// allRows returns every analytics row as of the store's current mark,
// reading them when the cache is stale. The rows are shared: callers must
// not modify them (filter into a new slice, see filterRows).
func (l *Library) allRows(ctx context.Context) ([]analytics.Row, error) {
	rows, _, err := l.allRowsMark(ctx)
	return rows, err
}

// allRowsMark is allRows with the mark the rows are read as of.
func (l *Library) allRowsMark(ctx context.Context) ([]analytics.Row, store.MeasureMark, error) {
	mark, err := l.currentMark(ctx)
	if err != nil {
		return nil, mark, err
	}
	c := &l.rowc
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at(mark)
	if c.rowsOK {
		return c.rows, mark, nil
	}
	rows, err := l.readRows(ctx)
	if err != nil {
		return nil, mark, err
	}
	c.rows, c.rowsOK = slices.Clip(rows), true
	return c.rows, mark, nil
}

// currentMark returns the store's mark. Every put and delete moves the
// change number, so while it stands still the cached mark is current and
// the measures are not counted again (at 317,000 measures counting them
// costs more than answering a cached analysis).
func (l *Library) currentMark(ctx context.Context) (store.MeasureMark, error) {
	seq, err := l.store.LastChange(ctx)
	if err != nil {
		return store.MeasureMark{}, err
	}
	c := &l.rowc
	c.mu.Lock()
	ok, mark := c.ok, c.mark
	c.mu.Unlock()
	if ok && mark.Seq == seq {
		return mark, nil
	}
	return l.store.MeasureMark(ctx)
}

// cachedRows returns the cached rows when they are there and not being
// read, else nil; whatever their mark (the near-duplicate index shares
// their measure ids where they are equal).
func (l *Library) cachedRows() []analytics.Row {
	c := &l.rowc
	if !c.mu.TryLock() {
		return nil
	}
	defer c.mu.Unlock()
	if !c.rowsOK {
		return nil
	}
	return c.rows
}

// docReader is a store that keeps what the analytics read of a disclosure
// in one row (*store.Store); other stores' Docs are made from their rows.
type docReader interface {
	MeasureDocs(ctx context.Context) ([]analytics.Doc, []analytics.Inspection, error)
}

// allDocsMark returns every analytics Doc (rounds qualified and inferred
// as the rows' are) as of the store's current mark, with that mark,
// reading them when the cache is stale. The Docs are shared: callers must
// not modify them.
func (l *Library) allDocsMark(ctx context.Context) ([]analytics.Doc, store.MeasureMark, error) {
	c := &l.rowc
	dr, ok := l.store.(docReader)
	if !ok {
		rows, mark, err := l.allRowsMark(ctx)
		if err != nil {
			return nil, mark, err
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		if c.ok && c.mark == mark && c.docsOK {
			return c.docs, mark, nil
		}
		docs := analytics.DocsOf(rows)
		if c.ok && c.mark == mark {
			c.docs, c.docsOK = docs, true
		}
		return docs, mark, nil
	}
	mark, err := l.currentMark(ctx)
	if err != nil {
		return nil, mark, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.at(mark)
	if c.docsOK {
		return c.docs, mark, nil
	}
	docs, ins, err := dr.MeasureDocs(ctx)
	if err != nil {
		return nil, mark, err
	}
	round := roundQualifier(ins)
	for i := range docs {
		docs[i].RoundKey = round(docs[i].DisclosureID, docs[i].Unit, docs[i].RoundKey)
	}
	c.docs, c.docsOK = slices.Clip(docs), true
	return c.docs, mark, nil
}

// roundQualifier returns the round key a measure of a disclosure gets, as
// readRows gives it: the key as stated, qualified by the unit's place, or
// the round inferred for the disclosure when it states none.
func roundQualifier(ins []analytics.Inspection) func(id, unit, key string) string {
	inferred := analytics.InferRounds(ins)
	type placeKey struct{ place, key string }
	places := map[string]string{}      // unit → its place (analytics.Jurisdiction)
	qualified := map[placeKey]string{} // one string per place and round, shared by its rows
	return func(id, unit, key string) string {
		if key == "" {
			return inferred[id]
		}
		place, ok := places[unit]
		if !ok {
			place = analytics.Jurisdiction(unit)
			places[unit] = place
		}
		q, ok := qualified[placeKey{place, key}]
		if !ok {
			q = key
			if place != "" && !strings.HasPrefix(key, place) {
				q = place + key
			}
			qualified[placeKey{place, key}] = q
		}
		return q
	}
}

// readRows reads every analytics row from the store, without its text. A
// round is qualified
// by the unit's place (十届县委第二轮 of 青溪县 → 青溪县十届县委第二轮), and the
// measures of a disclosure that states no round get the round inferred for
// it (analytics.InferRounds): a stated round of the same body, place and
// period, or a label marked 推断.
func (l *Library) readRows(ctx context.Context) ([]analytics.Row, error) {
	rows, err := l.store.MeasureRows(ctx, store.RowFilter{Details: true, NoText: true})
	if err != nil {
		return nil, err
	}
	ins, err := l.store.Inspections(ctx)
	if err != nil {
		return nil, err
	}
	// Documents print a round without its place (十届县委第二轮): two
	// counties' rounds of that label are different rounds.
	round := roundQualifier(ins)
	for i := range rows {
		r := &rows[i]
		r.RoundKey = round(r.DisclosureID, r.Unit, r.RoundKey)
	}
	return compactRows(rows), nil
}

// compactRows returns rows in a slice of their length (appending left up
// to a quarter more) whose rows share one round number per value and one
// theme list per list of theme ids: the rows are kept read-only, and at
// 317,000 measures these are some 600,000 fewer objects for the collector
// to mark. rows is left as it was.
func compactRows(rows []analytics.Row) []analytics.Row {
	out := make([]analytics.Row, len(rows))
	numbers := map[int]*int{}
	lists := map[string][]string{}
	var key []byte
	for i, r := range rows {
		if r.Round != nil {
			n, ok := numbers[*r.Round]
			if !ok {
				n = r.Round
				numbers[*n] = n
			}
			r.Round = n
		}
		if len(r.Themes) > 0 {
			key = key[:0]
			for _, t := range r.Themes {
				key = append(append(key, t...), 0)
			}
			l, ok := lists[string(key)]
			if !ok {
				l = slices.Clone(r.Themes)
				lists[string(key)] = l
			}
			r.Themes = l
		}
		out[i] = r
	}
	return out
}

// filterRows returns the rows keep accepts, in a new slice (the cached
// rows are shared).
func filterRows(rows []analytics.Row, keep func(analytics.Row) bool) []analytics.Row {
	out := make([]analytics.Row, 0, len(rows)/4)
	for _, r := range rows {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// maxDerived bounds the derived results (prepared groupings, comparisons,
// trends) one store mark keeps, whatever their size; the least recently
// used goes first. Their bytes are bounded too (Options.AnalyticsCacheMB).
const maxDerived = 32

// DefaultAnalyticsCacheMB bounds the derived analytics results a Library
// keeps when Options.AnalyticsCacheMB is 0. At 30,000 disclosures what
// serve warms (compare by unit and by round, recurring and common, their
// grouped forms, trends) weighs 170 MB by approxBytes, and each other
// threshold or filter asked 5–50 MB more. Bounded only by count, the
// grouped recurring and common analyses asked with thresholds 2 to 10
// took serve's live heap from 414 to 794 MB, past its heap limit.
const DefaultAnalyticsCacheMB = 192

// derivedEntry is one derived result, computed once (done closes when it
// is ready) and shared by every caller of its mark. size and used are
// guarded by rowCache.mu: size is set once the result is weighed.
type derivedEntry struct {
	done    chan struct{}
	v       any
	err     error
	size    int64
	weighed bool
	used    uint64
}

// cacheBytes is the bound of the derived results' bytes.
func (l *Library) cacheBytes() int64 {
	mb := l.opts.AnalyticsCacheMB
	if mb <= 0 {
		mb = DefaultAnalyticsCacheMB
	}
	return int64(mb) << 20
}

// evict drops the least recently used weighed results other than keep
// while more than limit bytes or maxDerived results are held; a result
// still being computed stays. c.mu is held.
func (c *rowCache) evict(limit int64, keep *derivedEntry) {
	for c.derivedBytes > limit || len(c.derived) > maxDerived {
		var victim string
		var oldest *derivedEntry
		for k, e := range c.derived {
			if e == keep || !e.weighed {
				continue
			}
			if oldest == nil || e.used < oldest.used {
				victim, oldest = k, e
			}
		}
		if oldest == nil {
			return
		}
		delete(c.derived, victim)
		c.derivedBytes -= oldest.size
	}
}

// derive returns the result of compute over every analytics row, computed
// once per store mark and key: the rows an analysis reads and the work
// that depends on them alone (grouping, ranking, counting) are cached;
// what depends on the request (its page) is the caller's. The result is
// shared: callers must not modify it. A caller whose ctx ends stops
// waiting, not the computation.
func derive[T any](ctx context.Context, l *Library, key string, compute func([]analytics.Row) (T, error)) (T, error) {
	rows, mark, err := l.allRowsMark(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	return cached(ctx, l, mark, key, func() (T, error) { return compute(rows) })
}

// deriveDocs is derive over every analytics Doc (allDocsMark).
func deriveDocs[T any](ctx context.Context, l *Library, key string, compute func([]analytics.Doc) (T, error)) (T, error) {
	docs, mark, err := l.allDocsMark(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	return cached(ctx, l, mark, "docs:"+key, func() (T, error) { return compute(docs) })
}

// cached returns compute's result, computed once per store mark and key
// (see derive).
func cached[T any](ctx context.Context, l *Library, mark store.MeasureMark, key string, compute func() (T, error)) (T, error) {
	var zero T
	c := &l.rowc
	c.mu.Lock()
	if !c.ok || c.mark != mark {
		// The cache moved to another mark meanwhile: compute alone.
		c.mu.Unlock()
		return compute()
	}
	e, found := c.derived[key]
	if !found {
		if c.derived == nil {
			c.derived = map[string]*derivedEntry{}
		}
		e = &derivedEntry{done: make(chan struct{})}
		c.derived[key] = e
		c.evict(l.cacheBytes(), e) // room for it by count
	}
	c.tick++
	e.used = c.tick
	c.mu.Unlock()
	if !found {
		func() {
			defer close(e.done)
			defer func() {
				if r := recover(); r != nil {
					e.err = fmt.Errorf("analytics %s: panic: %v", key, r)
				}
			}()
			e.v, e.err = compute()
		}()
		var size int64
		weighStart := time.Now()
		if e.err == nil {
			size = approxBytes(e.v) + int64(len(key))
		}
		weighed := time.Since(weighStart)
		limit := l.cacheBytes()
		c.mu.Lock()
		switch {
		case c.derived[key] != e:
			// Dropped meanwhile: the cache moved to another mark.
		case e.err != nil || size > limit:
			// An error is not kept (the next call tries again), nor a
			// result larger than the whole bound.
			delete(c.derived, key)
		default:
			e.size, e.weighed = size, true
			c.derivedBytes += size
			c.evict(limit, e)
		}
		held := c.derivedBytes
		c.mu.Unlock()
		if e.err == nil {
			l.log.Debug("analytics result", "key", key, "mb", mib(size), "weighed_in", weighed, "cached_mb", mib(held), "bound_mb", mib(limit))
		}
	}
	select {
	case <-e.done:
	case <-ctx.Done():
		return zero, ctx.Err()
	}
	if e.err != nil {
		return zero, e.err
	}
	return e.v.(T), nil
}

// mib is n bytes in MiB, for logs.
func mib(n int64) float64 { return float64(n) / (1 << 20) }

// derivedKey names a derived result by its kind and arguments.
func derivedKey(kind string, args ...any) string {
	b, err := json.Marshal(args)
	if err != nil {
		return "" // never: the arguments are plain values
	}
	return kind + string(b)
}
