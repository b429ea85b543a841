package library_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/indexer"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// logBuffer is a slog handler target safe for concurrent writes.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// segments lists the index's segment files, largest first.
func segments(t *testing.T, dir string) []string {
	t.Helper()
	zaps, err := filepath.Glob(filepath.Join(dir, library.IndexDir, "store", "*.zap"))
	if err != nil || len(zaps) == 0 {
		t.Fatalf("no segment files: %v", err)
	}
	sort.Slice(zaps, func(i, j int) bool {
		a, _ := os.Stat(zaps[i])
		b, _ := os.Stat(zaps[j])
		return a.Size() > b.Size()
	})
	return zaps
}

func garble(t *testing.T, path string, at int64, n int) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	if at >= st.Size() {
		at = st.Size() / 2
	}
	junk := bytes.Repeat([]byte{0xFF, 0x00, 0x7F, 0x80}, n/4)
	if _, err := f.WriteAt(junk, at); err != nil {
		t.Fatal(err)
	}
}

// Issue 9, finding 8: a damaged index made open and reindex fail with
// misleading messages (one kind panicked). It is detected at open, moved
// aside, rebuilt from the store, and reindex works on it.
func TestDamagedIndexIsRebuilt(t *testing.T) {
	ctx := context.Background()
	base := t.TempDir()
	lib := open(t, base, library.Options{})
	want := ingest(t, lib, fixtures(t))
	wantHits := len(hitIDs(t, lib, indexer.Query{Text: "整改"}))
	if err := lib.Close(); err != nil {
		t.Fatal(err)
	}
	idx := func(dir string) string { return filepath.Join(dir, library.IndexDir) }
	damages := []struct {
		name   string
		damage func(t *testing.T, dir string)
	}{
		{"missing segment", func(t *testing.T, dir string) { must(t, os.Remove(segments(t, dir)[0])) }},
		{"truncated segment", func(t *testing.T, dir string) { must(t, os.Truncate(segments(t, dir)[0], 1000)) }},
		{"segment cut near its end", func(t *testing.T, dir string) {
			z := segments(t, dir)[0]
			st, _ := os.Stat(z)
			must(t, os.Truncate(z, st.Size()-100))
		}},
		{"garbled segment", func(t *testing.T, dir string) {
			for _, z := range segments(t, dir) {
				garble(t, z, 1<<10, 32<<10)
			}
		}},
		{"corrupt index_meta.json", func(t *testing.T, dir string) {
			must(t, os.WriteFile(filepath.Join(idx(dir), "index_meta.json"), []byte("{garbage"), 0o644))
		}},
		{"missing index_meta.json", func(t *testing.T, dir string) { must(t, os.Remove(filepath.Join(idx(dir), "index_meta.json"))) }},
		{"missing root.bolt", func(t *testing.T, dir string) { must(t, os.Remove(filepath.Join(idx(dir), "store", "root.bolt"))) }},
		{"truncated root.bolt", func(t *testing.T, dir string) {
			must(t, os.Truncate(filepath.Join(idx(dir), "store", "root.bolt"), 100))
		}},
		{"an empty index in its place (bleve fell back to its first snapshot)", func(t *testing.T, dir string) {
			must(t, os.RemoveAll(idx(dir)))
			ix, err := indexer.Open(context.Background(), idx(dir), indexer.Options{})
			must(t, err)
			must(t, ix.Close())
		}},
		{"empty store folder", func(t *testing.T, dir string) {
			must(t, os.RemoveAll(filepath.Join(idx(dir), "store")))
			must(t, os.MkdirAll(filepath.Join(idx(dir), "store"), 0o755))
		}},
	}
	for _, tc := range damages {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			copyDir(t, base, dir)
			tc.damage(t, dir)
			var logs logBuffer
			log := slog.New(slog.NewTextHandler(&logs, nil))
			lib, err := library.Open(ctx, dir, library.Options{Logger: log})
			if err != nil {
				t.Fatalf("open a data folder with a damaged index: %v", err)
			}
			defer lib.Close()
			st := mustStats(t, lib)
			if st.Disclosures != want.Stored || st.Measures != want.Measures || st.Indexed != st.Measures || st.IndexedDisclosures != st.Disclosures {
				t.Fatalf("stats after the rebuild %+v, ingested %+v", st, want)
			}
			if got := len(hitIDs(t, lib, indexer.Query{Text: "整改"})); got != wantHits {
				t.Fatalf("%d hits after the rebuild, %d before", got, wantHits)
			}
			if !strings.Contains(logs.String(), "the index is damaged") || !strings.Contains(logs.String(), "rebuilding the damaged index") {
				t.Errorf("no damage or progress line in the log:\n%s", logs.String())
			}
			if aside, _ := filepath.Glob(filepath.Join(dir, library.IndexDir+".damaged-*")); len(aside) != 1 {
				t.Errorf("damaged index not kept aside: %v", aside)
			}
			if err := lib.Reindex(ctx, nil); err != nil {
				t.Fatalf("reindex after the rebuild: %v", err)
			}
			if st := mustStats(t, lib); st.Indexed != want.Measures {
				t.Fatalf("after reindex %+v", st)
			}
		})
	}
}

// A killed reindex leaves index.new: it is removed at the next start.
func TestLeftoverIndexNewIsRemoved(t *testing.T) {
	dir := t.TempDir()
	lib := open(t, dir, library.Options{})
	ingest(t, lib, fixtures(t))
	must(t, lib.Close())
	left := filepath.Join(dir, library.IndexDir+".new")
	must(t, os.MkdirAll(filepath.Join(left, "store"), 0o755))
	must(t, os.WriteFile(filepath.Join(left, "store", "000000000001.zap"), []byte("half a segment"), 0o644))
	lib = open(t, dir, library.Options{})
	defer lib.Close()
	if dirExists(left) {
		t.Fatal("index.new left by a killed reindex is still there")
	}
	if err := lib.Reindex(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	must(t, err)
}

// An index another process holds is locked, not damaged: it is never moved
// aside.
func TestLockedIndexIsNotDamage(t *testing.T) {
	dir := t.TempDir()
	lib := open(t, dir, library.Options{})
	defer lib.Close()
	ingest(t, lib, fixtures(t))
	_, err := library.Open(context.Background(), dir, library.Options{LockTimeout: 200 * time.Millisecond})
	if !errors.Is(err, indexer.ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	if aside, _ := filepath.Glob(filepath.Join(dir, library.IndexDir+".damaged-*")); len(aside) != 0 {
		t.Fatalf("a locked index was moved aside: %v", aside)
	}
}
