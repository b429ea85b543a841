package library

import (
	"context"
	"errors"
	"fmt"
)

// Warm computes now, in the caller's goroutine, what the background
// warmer (Options.WarmAnalytics) computes after a store change: the
// search page's columns, the analytics rows and default answers, the
// near-duplicate index and its default pages. The bench runs it so that
// its load run meets the library in the state serve keeps, caches and
// memory included. It returns the warmer's state after the warm-up.
func (l *Library) Warm(ctx context.Context) (WarmState, error) {
	seq, err := l.store.LastChange(ctx)
	if err != nil {
		return WarmState{}, fmt.Errorf("warm analytics: %w", err)
	}
	l.warmOnce(ctx, seq)
	st := l.WarmState()
	if err := ctx.Err(); err != nil {
		return st, fmt.Errorf("warm analytics: %w", err)
	}
	if st.Err != "" || !st.Warmed {
		return st, fmt.Errorf("warm analytics: %w", errors.New(st.Err))
	}
	return st, nil
}

// WarmPostings reads now what the warmer's postings step reads after a
// change (indexer.Index.WarmPostings): the common terms' impacts and skip
// points. It returns how many lists it read.
func (l *Library) WarmPostings(ctx context.Context) (int, error) {
	return l.index.WarmPostings(ctx)
}
