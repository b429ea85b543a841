package library

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer"
)

// ErrNoSpace is wrapped by every error caused by a full disk under the data
// folder (ENOSPC from the index, SQLITE_FULL from the store). The API
// answers it 507 Insufficient Storage; an ingest stops at it.
var ErrNoSpace = errors.New("insufficient storage: the disk of the data folder is full")

// noSpace reports whether err comes from a full disk. The index library
// formats its write errors with %v, so the message is checked too.
func noSpace(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, ErrNoSpace) || errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "no space left on device") || strings.Contains(msg, "disk quota exceeded") ||
		strings.Contains(msg, "database or disk is full")
}

// classifyNoSpace wraps err with ErrNoSpace when a full disk caused it.
func classifyNoSpace(err error) error {
	if err == nil || errors.Is(err, ErrNoSpace) || !noSpace(err) {
		return err
	}
	return fmt.Errorf("%w: %w", ErrNoSpace, err)
}

// panicError turns a recovered panic value into an error carrying the
// stack, for a failed file or job with a logged reason.
func panicError(what string, v any) error {
	return fmt.Errorf("%s: panic: %v\n%s", what, v, debug.Stack())
}

// faults are the test hooks of a Library: each, when set, runs before the
// write it names and fails it with its error. Tests simulate a full disk
// with them (export_test.go).
type faults struct {
	put func() error // before each store.Put
	add func() error // before each index Add
	// reading runs when a worker starts reading and parsing a file (big:
	// above bigFile); the function it returns when the worker is done.
	reading func(path string, big bool) func()
}

// addToIndex adds ds to ix, turning a panic of the index library into an
// error.
func (l *Library) addToIndex(ctx context.Context, ix *indexer.Index, ds []*corpus.Disclosure) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = panicError("index add", v)
		}
	}()
	if l.faults.add != nil {
		if err := l.faults.add(); err != nil {
			return err
		}
	}
	return ix.Add(ctx, ds...)
}

// reopenIndex closes the index and opens it again from disk after a write
// failed. A failed batch may leave the index library's in-memory state
// unusable: after a segment fails to persist (a full disk), bleve closes a
// segment its root snapshot still holds, and the next read of it panics
// with "assignment to entry in nil map" (zapx invertedIndexCache). What is
// on disk is the last good snapshot; records of the failed batch are not
// marked indexed and are indexed again later. If the index cannot be
// reopened the closed one stays in place: calls fail with
// indexer.ErrIndexClosed and the next write tries again.
func (l *Library) reopenIndex(ctx context.Context, cause error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reopenLocked(ctx, cause)
}

func (l *Library) reopenLocked(ctx context.Context, cause error) {
	l.log.Warn("index write failed: reopening the index from disk", "err", cause)
	func() {
		defer func() {
			if v := recover(); v != nil {
				l.log.Error("closing the failed index panicked", "panic", v)
			}
		}()
		if l.index != nil {
			if err := l.index.Close(); err != nil {
				l.log.Warn("close the failed index", "err", err)
			}
		}
	}()
	ix, err := l.openIndex(ctx, l.indexPath())
	if err != nil {
		l.log.Error("reopen the index (searches fail until it reopens)", "err", err)
		return
	}
	l.index = ix
}

// ensureIndex reopens an index closed by a failed write, before a write.
// The caller holds l.write.
func (l *Library) ensureIndex(ctx context.Context) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.index != nil && l.index.Closed() {
		l.reopenLocked(ctx, errors.New("the index was closed by an earlier failure"))
	}
}
