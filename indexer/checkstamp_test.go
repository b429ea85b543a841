package indexer_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/indexer"
)

// TestCheckStamp: Check runs its probe search until the index's files are
// known good (a Check passed, or a clean close after one); then an open of
// the same files skips it, and any change to a file brings it back.
func TestCheckStamp(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := indexer.Open(ctx, dir, indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Add(ctx, testDisclosures()...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if n := indexer.Probes(ix); n != 1 {
		t.Fatalf("the first check probed %d times", n)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// bleve may still merge on the next opens; the files settle.
	skipped := false
	for i := 0; i < 5 && !skipped; i++ {
		ix, err = indexer.Open(ctx, dir, indexer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Check(ctx); err != nil {
			t.Fatal(err)
		}
		skipped = indexer.Probes(ix) == 0
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if !skipped {
		t.Fatal("five opens of unchanged files all probed")
	}
	zaps, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if len(zaps) == 0 {
		t.Fatal("no segment file")
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(zaps[0], later, later); err != nil {
		t.Fatal(err)
	}
	ix, err = indexer.Open(ctx, dir, indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Check(ctx); err != nil {
		t.Fatal(err)
	}
	if n := indexer.Probes(ix); n != 1 {
		t.Errorf("a segment file changed, and the check probed %d times", n)
	}
	if m, _, err := ix.Count(ctx); err != nil || m == 0 {
		t.Errorf("count after the check: %d, %v", m, err)
	}
}

// openStampTest opens (creating) the index at dir, failing the test on error.
func openStampTest(t *testing.T, dir string) *indexer.Index {
	t.Helper()
	ix, err := indexer.Open(context.Background(), dir, indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// probesOfReopen opens the index at dir again, checks it and returns how
// many probe searches the check ran.
func probesOfReopen(t *testing.T, dir string) int64 {
	t.Helper()
	ix := openStampTest(t, dir)
	defer ix.Close()
	if err := ix.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	return indexer.Probes(ix)
}

// TestCheckStampNewIndex: an index this process created and closed cleanly
// is known good, so the next open's check skips the probe.
func TestCheckStampNewIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := openStampTest(t, dir)
	if err := ix.Add(context.Background(), testDisclosures()...); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if n := probesOfReopen(t, dir); n != 0 {
		t.Errorf("a new index closed cleanly, and the next check probed %d times", n)
	}
}

// TestCheckStampIgnoresUnreadFiles: files in the index folder that the
// index does not read (a segment merged away, which scorch deletes on a
// later open) are no part of what is known good: their going does not
// bring the probe back.
func TestCheckStampIgnoresUnreadFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "index")
	ix := openStampTest(t, dir)
	if err := ix.Add(context.Background(), testDisclosures()...); err != nil {
		t.Fatal(err)
	}
	stray := filepath.Join(dir, "store", "0000000fffff.zap")
	if err := os.WriteFile(stray, []byte("merged away"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(stray); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if n := probesOfReopen(t, dir); n != 0 {
		t.Errorf("a file the index does not read went, and the check probed %d times", n)
	}
}
