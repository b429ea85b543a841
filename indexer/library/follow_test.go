package library_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/indexer"
	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
	"github.com/zhenggai/zhenggai/indexer/store/pgstore"
	"github.com/zhenggai/zhenggai/indexer/store/pgstore/pgtest"
)

// TestFollowSQLite: two data folders on one SQLite file (no wake crosses
// between the two store handles: the follower's polling finds the changes).
func TestFollowSQLite(t *testing.T) {
	shared := filepath.Join(t.TempDir(), "shared.db")
	testFollow(t, func(t *testing.T) library.Store {
		s, err := store.Open(context.Background(), shared, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// TestFollowPostgres: two data folders on one PostgreSQL store (woken by
// LISTEN/NOTIFY).
func TestFollowPostgres(t *testing.T) {
	url := pgtest.Schema(t)
	testFollow(t, func(t *testing.T) library.Store {
		s, err := pgstore.Open(context.Background(), url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

// waitFor polls cond until it holds or d passes.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// finds reports whether lib's index holds a hit of disclosure id for the
// first words of its first measure.
func finds(t *testing.T, lib *library.Library, text, id string) bool {
	t.Helper()
	res, err := lib.Search(context.Background(), indexer.Query{Text: text, Limit: indexer.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		if h.DisclosureID == id {
			return true
		}
	}
	return false
}

func indexed(t *testing.T, lib *library.Library) (measures, disclosures int) {
	t.Helper()
	st, err := lib.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return st.Indexed, st.IndexedDisclosures
}

func testFollow(t *testing.T, openStore func(t *testing.T) library.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dirA, dirB := t.TempDir(), t.TempDir()
	a := open(t, dirA, library.Options{Store: openStore(t)})
	defer a.Close()
	b := open(t, dirB, library.Options{Store: openStore(t)})
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	follow := func(lib *library.Library) {
		wg.Go(func() { lib.Follow(ctx, 200*time.Millisecond) })
	}
	follow(a)
	follow(b)
	files, _ := library.Files(ctx, []string{fixtures(t)})
	if len(files) < 4 {
		t.Fatalf("%d fixture files", len(files))
	}

	// A write through A is searchable on B within 2 s.
	r := a.IngestFile(ctx, files[0])
	if r.Outcome != library.Stored {
		t.Fatalf("ingest %s: %+v", files[0], r)
	}
	d, err := a.Store().Disclosure(ctx, r.ID)
	if err != nil || len(d.Measures) == 0 {
		t.Fatalf("stored record: %v, %v", d, err)
	}
	text := string([]rune(d.Measures[0].Text)[:6])
	waitFor(t, 2*time.Second, "B finds what A stored", func() bool { return finds(t, b, text, r.ID) })

	// A delete through B disappears from A within 2 s.
	if err := b.Delete(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 2*time.Second, "A loses what B deleted", func() bool { return !finds(t, a, text, r.ID) })
	if m, dd := indexed(t, a); m != 0 || dd != 0 {
		t.Errorf("A's index after the delete: %d measures, %d disclosures", m, dd)
	}

	// The same file into both at once is stored once.
	var results [2]library.FileResult
	var both sync.WaitGroup
	for i, lib := range []*library.Library{a, b} {
		both.Go(func() { results[i] = lib.IngestFile(ctx, files[1]) })
	}
	both.Wait()
	if n := count(results[:], library.Stored); n != 1 || count(results[:], library.Duplicate) != 1 {
		t.Errorf("one file into two servers at once: %+v; want one stored, one duplicate", results)
	}

	// B stops; A stores two more; B at its next start catches up from its
	// mark, without a rebuild.
	cancelB := b.AppliedChange()
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	for _, f := range files[2:4] {
		if r := a.IngestFile(ctx, f); r.Outcome != library.Stored {
			t.Fatalf("ingest %s: %+v", f, r)
		}
	}
	b = open(t, dirB, library.Options{Store: openStore(t)})
	defer b.Close()
	st, err := a.Store().Stats(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if m, dd := indexed(t, b); m != st.Measures || dd != st.Disclosures {
		t.Errorf("B after restart: %d measures, %d disclosures indexed; store has %d, %d", m, dd, st.Measures, st.Disclosures)
	}
	last, err := a.Store().LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.AppliedChange(); got != last || got <= cancelB {
		t.Errorf("B applied up to %d after restart (was %d); the store's last change is %d", got, cancelB, last)
	}
	var mark struct {
		Seq int64 `json:"seq"`
	}
	raw, err := os.ReadFile(filepath.Join(dirB, library.FollowFile))
	if err != nil || json.Unmarshal(raw, &mark) != nil || mark.Seq != last {
		t.Errorf("B's %s = %s, %v; want seq %d", library.FollowFile, raw, err, last)
	}
}

func count(rs []library.FileResult, o library.Outcome) int {
	n := 0
	for _, r := range rs {
		if r.Outcome == o {
			n++
		}
	}
	return n
}

// TestRestoredStoreRebuilds: a store restored from a backup is behind the
// index's mark; the index is rebuilt from it, holding nothing newer.
func TestRestoredStoreRebuilds(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	files, _ := library.Files(ctx, []string{fixtures(t)})
	lib := open(t, dir, library.Options{})
	if r := lib.IngestFile(ctx, files[0]); r.Outcome != library.Stored {
		t.Fatalf("ingest: %+v", r)
	}
	if err := lib.Close(); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, library.StoreFile)
	backup, err := os.ReadFile(db) // closed: the WAL is checkpointed
	if err != nil {
		t.Fatal(err)
	}
	lib = open(t, dir, library.Options{})
	if r := lib.IngestFile(ctx, files[1]); r.Outcome != library.Stored {
		t.Fatalf("ingest: %+v", r)
	}
	if err := lib.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{db + "-wal", db + "-shm"} {
		os.Remove(p)
	}
	if err := os.WriteFile(db, backup, 0o644); err != nil {
		t.Fatal(err)
	}
	lib = open(t, dir, library.Options{})
	defer lib.Close()
	st, err := lib.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Disclosures != 1 || st.IndexedDisclosures != 1 || st.Indexed != st.Measures {
		t.Errorf("after restoring the backup: %+v; want the one record of the backup, indexed alone", st)
	}
}

// TestAnalyticsCacheFollowsOtherWriters: the near-duplicate cache of one
// library notices another's delete and put even when the measure count and
// the highest row number come back as they were (SQLite reuses row numbers
// of deleted rows): it is keyed by the store's change number.
func TestAnalyticsCacheFollowsOtherWriters(t *testing.T) {
	ctx := context.Background()
	shared := filepath.Join(t.TempDir(), "shared.db")
	openStore := func() library.Store {
		s, err := store.Open(ctx, shared, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	a := open(t, t.TempDir(), library.Options{Store: openStore()})
	defer a.Close()
	b := open(t, t.TempDir(), library.Options{Store: openStore()})
	defer b.Close()
	files, _ := library.Files(ctx, []string{fixtures(t)})
	orig, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	variant := func(i int) []byte {
		return append([]byte("信息索引号：CACHE-"+string(rune('0'+i))+"\n"), orig...)
	}
	a.IngestBytes(ctx, "f0.txt", orig)
	second := a.IngestBytes(ctx, "f1.txt", variant(1))
	if second.Outcome != library.Stored {
		t.Fatalf("ingest: %+v", second)
	}
	pairsWith := func(id string) int {
		ps, err := a.Duplicates(ctx, 0.8, false)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, p := range ps {
			if p.A.DisclosureID == id || p.B.DisclosureID == id {
				n++
			}
		}
		return n
	}
	if pairsWith(second.ID) == 0 {
		t.Fatal("no duplicate pairs between a file and its copy")
	}
	// B replaces the copy with another copy of as many measures.
	if err := b.Delete(ctx, second.ID); err != nil {
		t.Fatal(err)
	}
	third := b.IngestBytes(ctx, "f2.txt", variant(2))
	if third.Outcome != library.Stored {
		t.Fatalf("ingest: %+v", third)
	}
	if n := pairsWith(second.ID); n != 0 {
		t.Errorf("A's duplicates still name the record B deleted (%d pairs)", n)
	}
	if pairsWith(third.ID) == 0 {
		t.Error("A's duplicates miss the record B stored")
	}
}

// TestRestartWhileAnotherWrites: a server restarting while another keeps
// writing catches up from its mark without rebuilding its index.
func TestRestartWhileAnotherWrites(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		shared := filepath.Join(t.TempDir(), "shared.db")
		testRestartWhileAnotherWrites(t, func(t *testing.T) library.Store {
			s, err := store.Open(context.Background(), shared, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
	})
	t.Run("postgres", func(t *testing.T) {
		url := pgtest.Schema(t)
		testRestartWhileAnotherWrites(t, func(t *testing.T) library.Store {
			s, err := pgstore.Open(context.Background(), url, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return s
		})
	})
}

func testRestartWhileAnotherWrites(t *testing.T, openStore func(t *testing.T) library.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	files, _ := library.Files(ctx, []string{fixtures(t)})
	orig, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	a := open(t, t.TempDir(), library.Options{Store: openStore(t)})
	defer a.Close()
	dirB := t.TempDir()
	b := open(t, dirB, library.Options{Store: openStore(t)})
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 0; ctx.Err() == nil; i++ {
			body := append([]byte("信息索引号：RESTART-"+time.Now().Format("150405.000000")+"\n"), orig...)
			if r := a.IngestBytes(ctx, "w.txt", body); r.Outcome == library.Failed && ctx.Err() == nil {
				t.Errorf("write %d: %v", i, r.Err)
				return
			}
		}
	})
	defer wg.Wait()
	defer cancel()
	for range 3 {
		time.Sleep(150 * time.Millisecond)
		var logs lockedLog
		b := open(t, dirB, library.Options{Store: openStore(t), Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(logs.String(), "rebuil") {
			t.Errorf("restart while another server writes rebuilt the index:\n%s", logs.String())
		}
	}
}

// lockedLog collects log output from several goroutines.
type lockedLog struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
