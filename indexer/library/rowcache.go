package library

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// rowCache holds every analytics row of the store (the rectification
// kinds, with texts and publication dates, rounds qualified and inferred)
// as of one store mark. Every analytics call filters it in memory instead
// of reading and re-inferring all rows from the store: at 10,000
// disclosures that read costs about a CPU-second (the inspection start
// lives inside the JSON record). A store change, by this process or
// another (the mark's change number moves with every put and delete),
// makes the next call read it again, once.
type rowCache struct {
	mu   sync.Mutex // one read at a time; guards the fields
	ok   bool
	mark store.MeasureMark
	rows []analytics.Row
	// derived are the results computed from rows (derive).
	derived map[string]*derivedEntry
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
	mark, err := l.store.MeasureMark(ctx)
	if err != nil {
		return nil, mark, err
	}
	c := &l.rowc
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ok && c.mark == mark {
		return c.rows, mark, nil
	}
	rows, err := l.readRows(ctx)
	if err != nil {
		return nil, mark, err
	}
	c.ok, c.mark, c.rows, c.derived = true, mark, slices.Clip(rows), nil
	return c.rows, mark, nil
}

// readRows reads every analytics row from the store. A round is qualified
// by the unit's place (十届县委第二轮 of 青溪县 → 青溪县十届县委第二轮), and the
// measures of a disclosure that states no round get the round inferred for
// it (analytics.InferRounds): a stated round of the same body, place and
// period, or a label marked 推断.
func (l *Library) readRows(ctx context.Context) ([]analytics.Row, error) {
	rows, err := l.store.MeasureRows(ctx, store.RowFilter{Details: true})
	if err != nil {
		return nil, err
	}
	ins, err := l.store.Inspections(ctx)
	if err != nil {
		return nil, err
	}
	inferred := analytics.InferRounds(ins)
	places := map[string]string{}
	for i := range rows {
		r := &rows[i]
		if r.RoundKey == "" {
			r.RoundKey = inferred[r.DisclosureID]
			continue
		}
		// Documents print a round without its place (十届县委第二轮): two
		// counties' rounds of that label are different rounds.
		place, ok := places[r.Unit]
		if !ok {
			place = analytics.Jurisdiction(r.Unit)
			places[r.Unit] = place
		}
		if place != "" && !strings.HasPrefix(r.RoundKey, place) {
			r.RoundKey = place + r.RoundKey
		}
	}
	return rows, nil
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
// trends) one store mark keeps: when full, the next one clears them.
const maxDerived = 32

// derivedEntry is one derived result, computed once (done closes when it
// is ready) and shared by every caller of its mark.
type derivedEntry struct {
	done chan struct{}
	v    any
	err  error
}

// derive returns the result of compute over every analytics row, computed
// once per store mark and key: the rows an analysis reads and the work
// that depends on them alone (grouping, ranking, counting) are cached;
// what depends on the request (its page) is the caller's. The result is
// shared: callers must not modify it. A caller whose ctx ends stops
// waiting, not the computation.
func derive[T any](ctx context.Context, l *Library, key string, compute func([]analytics.Row) (T, error)) (T, error) {
	var zero T
	rows, mark, err := l.allRowsMark(ctx)
	if err != nil {
		return zero, err
	}
	c := &l.rowc
	c.mu.Lock()
	if !c.ok || c.mark != mark {
		// The cache moved to another mark meanwhile: compute alone.
		c.mu.Unlock()
		return compute(rows)
	}
	e, found := c.derived[key]
	if !found {
		if c.derived == nil || len(c.derived) >= maxDerived {
			c.derived = map[string]*derivedEntry{}
		}
		e = &derivedEntry{done: make(chan struct{})}
		c.derived[key] = e
	}
	c.mu.Unlock()
	if !found {
		func() {
			defer close(e.done)
			defer func() {
				if r := recover(); r != nil {
					e.err = fmt.Errorf("analytics %s: panic: %v", key, r)
				}
			}()
			e.v, e.err = compute(rows)
		}()
		if e.err != nil {
			c.mu.Lock()
			if c.derived[key] == e {
				delete(c.derived, key) // an error is not kept: the next call tries again
			}
			c.mu.Unlock()
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

// derivedKey names a derived result by its kind and arguments.
func derivedKey(kind string, args ...any) string {
	b, err := json.Marshal(args)
	if err != nil {
		return "" // never: the arguments are plain values
	}
	return kind + string(b)
}
