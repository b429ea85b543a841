package library

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/corpus/similar"
)

// Bounds of the background analytics work.
const (
	// maxClusterFlights bounds the clusterings computed in the background
	// at once; a query beyond it computes its own while it waits.
	maxClusterFlights = 4
	// warmPoll is how often the warmer looks for a store change; it warms
	// once the change number has stood still for one poll (an ingest in
	// progress is not warmed after every file).
	warmPoll = time.Second
	// waitMargin is how long before its deadline a query stops waiting for
	// a clustering still being computed and says so.
	waitMargin = time.Second
)

// errComputing means a clustering is still being computed.
var errComputing = errors.New("still computing")

// background runs the library's background analytics work: clusterings
// that outlive the query that asked for them, and the warmer. Its
// goroutines recover panics and end at Close, which waits for them.
type background struct {
	mu      sync.Mutex
	ctx     context.Context
	cancel  context.CancelFunc
	closed  bool
	wg      sync.WaitGroup
	flights map[[2]float64]*clusterFlight

	// The warmer's state (Options.WarmAnalytics).
	warm WarmState
}

// clusterFlight is one clustering being computed in the background.
type clusterFlight struct {
	done chan struct{}
	mi   *measureIndex
	all  *similar.ClusterPage
	err  error
}

// start runs fn in a recovered goroutine that ends at Close; false when
// the library is closing.
func (b *background) start(l *Library, name string, fn func(ctx context.Context)) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return false
	}
	if b.ctx == nil {
		b.ctx, b.cancel = context.WithCancel(context.Background())
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		defer func() {
			if r := recover(); r != nil {
				l.log.Error("background analytics work failed", "work", name, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			}
		}()
		fn(b.ctx)
	}()
	return true
}

// stop cancels the background work and waits for it (Close). A clustering
// already running in memory finishes first: it reads no store.
func (b *background) stop() {
	b.mu.Lock()
	b.closed = true
	if b.cancel != nil {
		b.cancel()
	}
	b.mu.Unlock()
	b.wg.Wait()
}

// clustering returns every cluster of the stored measures at th and
// minSize, with the index they were computed on. The work runs in the
// background (so that it is not lost when the query stops waiting) and
// the query waits for it: up to wait when wait > 0, else until ctx ends,
// and when ctx has a deadline, until waitMargin before it. When the wait
// ends first, the error is errComputing.
func (l *Library) clustering(ctx context.Context, th float64, minSize int, wait time.Duration) (*measureIndex, *similar.ClusterPage, error) {
	if dl, ok := ctx.Deadline(); ok {
		left := time.Until(dl) - min(waitMargin, time.Until(dl)/10)
		if wait <= 0 || left < wait {
			wait = max(left, time.Millisecond)
		}
	}
	key := [2]float64{th, float64(minSize)}
	b := &l.bg
	b.mu.Lock()
	f := b.flights[key]
	if f == nil && len(b.flights) < maxClusterFlights {
		f = &clusterFlight{done: make(chan struct{})}
		if b.flights == nil {
			b.flights = map[[2]float64]*clusterFlight{}
		}
		b.flights[key] = f
		b.mu.Unlock()
		started := b.start(l, "clusters", func(bctx context.Context) {
			defer func() {
				if r := recover(); r != nil {
					f.err = fmt.Errorf("cluster measures: panic: %v", r)
				}
				b.mu.Lock()
				delete(b.flights, key)
				b.mu.Unlock()
				close(f.done)
			}()
			f.mi, f.err = l.similarIndex(bctx)
			if f.err == nil {
				f.all, f.err = f.mi.clusters(th, minSize)
			}
		})
		if !started {
			b.mu.Lock()
			delete(b.flights, key)
			b.mu.Unlock()
			return nil, nil, errClosed
		}
	} else {
		b.mu.Unlock()
	}
	if f == nil {
		// Too many clusterings in the background: compute this one here.
		mi, err := l.similarIndex(ctx)
		if err != nil {
			return nil, nil, err
		}
		all, err := mi.clusters(th, minSize)
		return mi, all, err
	}
	var timeout <-chan time.Time
	if wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-f.done:
		return f.mi, f.all, f.err
	case <-timeout:
		return nil, nil, errComputing
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
}

// WarmState is what the analytics warmer (Options.WarmAnalytics) has done.
type WarmState struct {
	// Seq is the store change the caches were last warmed for; Warmed is
	// false until a first warm-up ends.
	Seq    int64 `json:"seq"`
	Warmed bool  `json:"warmed"`
	// Warming is true while a warm-up runs.
	Warming bool `json:"warming"`
	// Took is how long the last warm-up took.
	Took time.Duration `json:"took"`
	// Err is the last warm-up's error, if any.
	Err string `json:"err,omitempty"`
}

// WarmState reports the analytics warmer's state.
func (l *Library) WarmState() WarmState {
	l.bg.mu.Lock()
	defer l.bg.mu.Unlock()
	return l.bg.warm
}

// startWarming starts the warmer: it warms the analytics caches at Open
// and again after every store change (by this process or another), once
// the change number has stood still for warmPoll.
func (l *Library) startWarming() {
	l.bg.start(l, "warm analytics", func(ctx context.Context) {
		tick := time.NewTicker(warmPoll)
		defer tick.Stop()
		warmed, seen := int64(-1), int64(-1)
		for {
			seq, err := l.store.LastChange(ctx)
			switch {
			case ctx.Err() != nil:
				return
			case err != nil:
				l.log.Warn("warm analytics: read the store's last change", "err", err)
			case seq != warmed && (seq == seen || warmed < 0):
				l.warmOnce(ctx, seq)
				warmed = seq
			}
			seen = seq
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
		}
	})
}

// warmOnce computes what the analytics routes answer by default: the
// analytics rows, the grouped and plain recurring and common themes, the
// trends, the comparisons by unit and by round, and the default
// clustering. Each is cached per store change, so the first query after
// a change is served from memory.
func (l *Library) warmOnce(ctx context.Context, seq int64) {
	start := time.Now()
	l.bg.mu.Lock()
	l.bg.warm.Warming = true
	l.bg.mu.Unlock()
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		steps := []func() error{
			// The search page's columns first: its first search waits for them.
			func() error { return l.index.WarmColumns(ctx) },
			// Then what its first searches of common words would read.
			func() error { _, err := l.index.WarmPostings(ctx); return err },
			func() error { _, err := l.allRows(ctx); return err },
			func() error {
				_, err := l.RecurringByUnit(ctx, analytics.GroupOptions{}, Filter{})
				return err
			},
			func() error {
				_, err := l.CommonByTheme(ctx, analytics.GroupOptions{}, Filter{})
				return err
			},
			func() error { _, _, err := l.Trends(ctx, analytics.PerRound, 0, Filter{}); return err },
			func() error { _, _, err := l.Trends(ctx, analytics.PerYear, 0, Filter{}); return err },
			func() error { _, err := l.CompareWhere(ctx, analytics.ByUnit, nil, nil, Filter{}, 1); return err },
			func() error { _, err := l.CompareWhere(ctx, analytics.ByRound, nil, nil, Filter{}, 1); return err },
			func() error { _, err := l.Recurring(ctx, 0); return err },
			func() error { _, err := l.Common(ctx, 0); return err },
			func() error { _, err := l.Compare(ctx, analytics.ByUnit, nil, nil); return err },
			func() error { _, err := l.Compare(ctx, analytics.ByRound, nil, nil); return err },
			func() error {
				_, _, err := l.clustering(ctx, similar.DefaultClusterThreshold, 2, 0)
				return err
			},
			func() error { // the duplicates page's default: pairs across units
				_, err := l.DuplicatesPage(ctx, DuplicateQuery{AcrossUnitsOnly: true})
				return err
			},
		}
		for _, step := range steps {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	}()
	took := time.Since(start)
	l.bg.mu.Lock()
	defer l.bg.mu.Unlock()
	l.bg.warm.Warming = false
	if err != nil {
		if ctx.Err() == nil {
			l.log.Warn("warm analytics failed; retrying after the next change", "err", err)
			l.bg.warm.Err = err.Error()
		}
		return
	}
	l.bg.warm = WarmState{Seq: seq, Warmed: true, Took: took}
	l.log.Info("analytics warmed", "seq", seq, "took", took.Round(time.Millisecond).String())
}
