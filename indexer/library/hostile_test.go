package library_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
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
