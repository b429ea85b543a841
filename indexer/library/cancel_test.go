package library_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus/synth"
	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// TestIngestEndsWhenCancelled: cancelling an ingest midway ends it (with
// the context's error) instead of leaving its reader waiting for a file no
// worker will read, which hung a cancelled ingest job and the shutdown
// that waits for it.
func TestIngestEndsWhenCancelled(t *testing.T) {
	in := t.TempDir()
	for _, d := range synth.Generate(synth.Options{Seed: 5, Disclosures: 120}) {
		if err := os.WriteFile(filepath.Join(in, d.Name), []byte(d.Text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lib := open(t, t.TempDir(), library.Options{})
	defer lib.Close()
	for _, cancelAfter := range []int{0, 1, 2, 4, 7} {
		ctx, cancel := context.WithCancel(context.Background())
		seen := 0
		done := make(chan error, 1)
		go func() {
			_, err := lib.Ingest(ctx, []string{in}, nil, func(library.FileResult) {
				if seen++; seen == cancelAfter+1 {
					cancel()
				}
			})
			done <- err
		}()
		select {
		case err := <-done:
			// Cancelled before every file was stored, the ingest says so:
			// an ingest job must not report "done" for files it never
			// stored (the bench's load run saw 100 files "done", 0 stored).
			if err == nil {
				if _, n, lerr := lib.Store().List(context.Background(), store.ListQuery{Limit: 1}); lerr != nil || n != 120 {
					t.Errorf("cancelled after %d files: no error, but %d of 120 stored (%v)", cancelAfter+1, n, lerr)
				}
			} else if !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled after %d files: %v, want context.Canceled", cancelAfter+1, err)
			}
		case <-time.After(60 * time.Second):
			t.Fatalf("an ingest cancelled after %d files did not end within 60 s", cancelAfter+1)
		}
		cancel()
	}
}
