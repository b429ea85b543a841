package library_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/synth"
	"github.com/zhenggai/zhenggai/indexer"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// enospc is what a full disk returns, wrapped as the store or index would.
func enospc() error { return fmt.Errorf("write zap: %w", syscall.ENOSPC) }

func synthFolder(t *testing.T, n int) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range synth.Generate(synth.Options{Seed: 7, Disclosures: n}) {
		if err := os.WriteFile(filepath.Join(dir, d.Name), []byte(d.Text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func mustStats(t *testing.T, lib *library.Library) library.Stats {
	t.Helper()
	st, err := lib.Stats(context.Background())
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	return st
}

func searchWorks(t *testing.T, lib *library.Library) int {
	t.Helper()
	res, err := lib.Search(context.Background(), indexer.Query{Text: "整改", Limit: 10})
	if err != nil {
		t.Fatalf("search after a full disk: %v", err)
	}
	return int(res.Total)
}

// Issue 9, finding 4, with an injected full disk: the store refuses a write
// (SQLITE_FULL / ENOSPC) or the index does. The ingest stops with
// ErrNoSpace, store and index stay as they were, and once there is room
// again everything is ingested.
func TestFullDiskLeavesStoreAndIndexAsTheyWere(t *testing.T) {
	ctx := context.Background()
	in := synthFolder(t, 40)
	for _, where := range []string{"store", "index"} {
		t.Run(where, func(t *testing.T) {
			lib := open(t, t.TempDir(), library.Options{})
			defer lib.Close()
			first := ingest(t, lib, fixtures(t))
			before := mustStats(t, lib)
			hits := searchWorks(t, lib)
			fail := func() error { return enospc() }
			if where == "store" {
				library.SetFaults(lib, fail, nil)
			} else {
				library.SetFaults(lib, nil, fail)
			}
			sum, err := lib.Ingest(ctx, []string{in}, nil, nil)
			if !errors.Is(err, library.ErrNoSpace) {
				t.Fatalf("ingest on a full disk: %v (summary %+v), want ErrNoSpace", err, sum)
			}
			if sum.Stored != 0 || sum.Failed == 0 {
				t.Fatalf("summary %+v", sum)
			}
			if after := mustStats(t, lib); after != before {
				t.Fatalf("stats changed by a failed ingest: %+v, was %+v", after, before)
			}
			if got := searchWorks(t, lib); got != hits {
				t.Fatalf("%d hits after, %d before", got, hits)
			}
			r := lib.IngestFile(ctx, filepath.Join(in, "synthetic-0001.txt"))
			if r.Outcome != library.Failed || !errors.Is(r.Err, library.ErrNoSpace) {
				t.Fatalf("IngestFile on a full disk: %+v", r)
			}
			library.SetFaults(lib, nil, nil)
			again := ingest(t, lib, in)
			st := mustStats(t, lib)
			if again.Stored == 0 || st.Disclosures != first.Stored+again.Stored || st.Indexed != st.Measures {
				t.Fatalf("after room came back: %+v, stats %+v", again, st)
			}
		})
	}
}

// A panic inside the index library fails the files of its batch; the
// process goes on.
func TestIndexPanicFailsTheBatch(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir, library.Options{})
	defer lib.Close()
	library.SetFaults(lib, nil, func() error {
		var m map[string]int
		m["x"] = 1 // assignment to entry in nil map, as the index library did
		return nil
	})
	sum, err := lib.Ingest(ctx, []string{fixtures(t)}, nil, nil)
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	if sum.Stored != 0 || sum.Failed < 15 {
		t.Fatalf("summary %+v: want every disclosure failed", sum)
	}
	library.SetFaults(lib, nil, nil)
	// The failed records are stored and indexed at the next start.
	lib.Close()
	lib = open(t, dir, library.Options{})
	defer lib.Close()
	st := mustStats(t, lib)
	if st.Disclosures < 15 || st.Indexed != st.Measures {
		t.Fatalf("after reopening: %+v", st)
	}
}

// The same with a real full disk: a small tmpfs (root only; skipped
// elsewhere). Before the fix the process died of "assignment to entry in
// nil map" in the index library (zapx) after a segment failed to persist.
func TestRealFullDisk(t *testing.T) {
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("needs root on Linux to mount a small tmpfs")
	}
	in := synthFolder(t, 600)
	for _, size := range []string{"8m"} {
		t.Run(size, func(t *testing.T) {
			ctx := context.Background()
			disk := t.TempDir()
			if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", disk).CombinedOutput(); err != nil {
				t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
			}
			t.Cleanup(func() { _ = exec.Command("umount", "-l", disk).Run() })
			dir := filepath.Join(disk, "data")
			lib := open(t, dir, library.Options{})
			sum, err := lib.Ingest(ctx, []string{in}, nil, nil)
			t.Logf("%s: %+v, %v", size, sum, err)
			if !errors.Is(err, library.ErrNoSpace) {
				t.Fatalf("ingest filling a %s disk: %v, want ErrNoSpace", size, err)
			}
			searchWorks(t, lib) // read every segment's dictionary: panicked before
			st := mustStats(t, lib)
			if st.Disclosures > sum.Stored {
				t.Logf("stored but not indexed yet: %+v", st)
			}
			if err := lib.Close(); err != nil {
				t.Logf("close on a full disk: %v", err)
			}
			if out, err := exec.Command("mount", "-o", "remount,size=64m", disk).CombinedOutput(); err != nil {
				t.Fatalf("remount: %v %s", err, out)
			}
			lib = open(t, dir, library.Options{})
			defer lib.Close()
			ingest(t, lib, in)
			st = mustStats(t, lib)
			if st.Disclosures != 600 || st.Indexed != st.Measures || st.IndexedDisclosures != st.Disclosures {
				t.Fatalf("after room came back: %+v", st)
			}
		})
	}
}
