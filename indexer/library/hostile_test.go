package library_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus/extract"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// Issue 9, finding 1: a procfs file (size 0, "regular") was read whole, and
// a FIFO hung its job forever. Both are refused with their reason now, and
// nothing is stored.
func TestIngestRefusesPseudoFilesAndFIFOs(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("procfs and FIFOs as on Linux")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/proc/self/status", filepath.Join(in, "notes.txt")); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() { // unblocks a reader stuck on the FIFO, should there be one
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
	lib := open(t, filepath.Join(dir, "data"), library.Options{Extract: extract.Options{MaxBytes: 1 << 20}})
	defer lib.Close()

	done := make(chan []library.FileResult, 1)
	go func() {
		var rs []library.FileResult
		_, err := lib.Ingest(context.Background(), []string{fifo, "/proc/self/status", in}, nil, func(r library.FileResult) {
			rs = append(rs, r)
		})
		if err != nil {
			t.Errorf("ingest: %v", err)
		}
		done <- rs
	}()
	var rs []library.FileResult
	select {
	case rs = <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("ingest of a FIFO did not end within 20s")
	}
	if len(rs) != 3 {
		t.Fatalf("%d results, want 3: %+v", len(rs), rs)
	}
	for _, r := range rs {
		if r.Outcome != library.Failed || !errors.Is(r.Err, extract.ErrUnsupported) {
			t.Errorf("%s: %s %v, want failed: unsupported", r.Path, r.Outcome, r.Err)
		}
	}
	if st, err := lib.Stats(context.Background()); err != nil || st.Disclosures != 0 {
		t.Fatalf("stats %+v, %v: want nothing stored", st, err)
	}
	// One file at a time takes the same road.
	if r := lib.IngestFile(context.Background(), "/proc/self/status"); r.Outcome != library.Failed {
		t.Fatalf("IngestFile(/proc/self/status) = %+v, want failed", r)
	}
}

// Issue 9, finding 9 within an ingest: a large file is read and parsed
// alone, so that peak memory is that of one large file, not of several at
// once.
func TestLargeFilesAreReadOneAtATime(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in")
	must(t, os.MkdirAll(in, 0o755))
	fixture, err := os.ReadFile(filepath.Join(fixtures(t), "01_district_culture_layoutA.txt"))
	must(t, err)
	big := append([]byte(nil), fixture...)
	for len(big) <= 4<<20+1000 {
		big = append(big, "\n附：整改台账说明。"...)
	}
	for i := range 4 {
		if i < 2 {
			must(t, os.WriteFile(filepath.Join(in, fmt.Sprintf("big%d.txt", i)), append(big, fmt.Sprintf("\n第%d份", i)...), 0o644))
		}
		must(t, os.WriteFile(filepath.Join(in, fmt.Sprintf("small%d.txt", i)), append(fixture, fmt.Sprintf("\n第%d份", i)...), 0o644))
	}
	lib := open(t, filepath.Join(dir, "data"), library.Options{})
	defer lib.Close()
	var mu sync.Mutex
	active, bigs, overlap := 0, 0, false
	library.SetReading(lib, func(path string, isBig bool) func() {
		mu.Lock()
		active++
		if isBig {
			bigs++
			if active > 1 {
				overlap = true
			}
		}
		mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		return func() {
			mu.Lock()
			active--
			mu.Unlock()
		}
	})
	sum := ingest(t, lib, in)
	if sum.Files != 6 || bigs != 2 {
		t.Fatalf("%+v, %d large files seen", sum, bigs)
	}
	if overlap {
		t.Fatal("a large file was read while another file was")
	}
}
