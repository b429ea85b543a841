package library

import (
	"context"
	"fmt"
	"log/slog"
	"testing"

	"github.com/zhenggai/zhenggai/indexer/store"
)

// TestDerivedBoundedBytes: the derived results one mark keeps stay within
// Options.AnalyticsCacheMB by their weight, the least recently used going
// first; a result larger than the bound is answered but not kept; an
// error is not kept.
func TestDerivedBoundedBytes(t *testing.T) {
	ctx := context.Background()
	l := &Library{opts: Options{AnalyticsCacheMB: 1}, log: slog.New(slog.DiscardHandler)}
	mark := store.MeasureMark{Count: 10, MaxRow: 10, Seq: 1}
	l.rowc.at(mark)
	computed := map[string]int{}
	get := func(key string, size int) []byte {
		t.Helper()
		v, err := cached(ctx, l, mark, key, func() ([]byte, error) {
			computed[key]++
			return make([]byte, size), nil
		})
		if err != nil || len(v) != size {
			t.Fatalf("%s: %d bytes, %v", key, len(v), err)
		}
		return v
	}
	held := func() (keys string, bytes int64) {
		l.rowc.mu.Lock()
		defer l.rowc.mu.Unlock()
		for _, k := range []string{"a", "b", "c", "big"} {
			if _, ok := l.rowc.derived[k]; ok {
				keys += k
			}
		}
		return keys, l.rowc.derivedBytes
	}
	const part = 400 << 10
	get("a", part)
	get("b", part)
	get("a", part) // a is now used after b
	if keys, _ := held(); keys != "ab" || computed["a"] != 1 {
		t.Fatalf("held %q, a computed %d times; want ab, once", keys, computed["a"])
	}
	get("c", part) // 1.2 MB with a and b: b, the least recently used, goes
	if keys, n := held(); keys != "ac" || n > 1<<20 || n < 2*part {
		t.Fatalf("after c: held %q (%d bytes), want ac within 1 MB", keys, n)
	}
	get("b", part)
	if computed["b"] != 2 {
		t.Errorf("b computed %d times, want 2 (evicted, then asked again)", computed["b"])
	}
	get("big", 2<<20) // answered, not kept: it alone exceeds the bound
	if keys, n := held(); keys != "bc" || n > 1<<20 {
		t.Errorf("after big: held %q (%d bytes), want bc", keys, n)
	}
	_, err := cached(ctx, l, mark, "bad", func() ([]byte, error) { return nil, fmt.Errorf("boom") })
	if err == nil {
		t.Fatal("an error was not returned")
	}
	l.rowc.mu.Lock()
	_, kept := l.rowc.derived["bad"]
	l.rowc.mu.Unlock()
	if kept {
		t.Error("an error was kept")
	}
}

// TestDerivedBoundedCount: whatever their size, at most maxDerived results
// are kept, the least recently used going first.
func TestDerivedBoundedCount(t *testing.T) {
	ctx := context.Background()
	l := &Library{log: slog.New(slog.DiscardHandler)}
	mark := store.MeasureMark{Seq: 1}
	l.rowc.at(mark)
	for i := range maxDerived + 5 {
		key := fmt.Sprint(i)
		if _, err := cached(ctx, l, mark, key, func() (int, error) { return i, nil }); err != nil {
			t.Fatal(err)
		}
		if _, err := cached(ctx, l, mark, "0", func() (int, error) { return 0, nil }); err != nil {
			t.Fatal(err) // 0 stays the most recently used
		}
	}
	l.rowc.mu.Lock()
	defer l.rowc.mu.Unlock()
	if n := len(l.rowc.derived); n != maxDerived {
		t.Errorf("%d results kept, want %d", n, maxDerived)
	}
	for _, k := range []string{"0", fmt.Sprint(maxDerived + 4)} {
		if _, ok := l.rowc.derived[k]; !ok {
			t.Errorf("%s was evicted; the least recently used should go", k)
		}
	}
	if _, ok := l.rowc.derived["1"]; ok {
		t.Error("1, the least recently used, was kept")
	}
}
