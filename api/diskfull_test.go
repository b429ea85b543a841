package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// faultyIngester answers every write as a full disk, or panics.
type faultyIngester struct {
	api.Ingester
	panics bool
}

func diskFull(path string) error {
	return fmt.Errorf("index %s (nothing stored): %w: write seg.zap: %w", path, library.ErrNoSpace, syscall.ENOSPC)
}

func (f faultyIngester) IngestBytes(_ context.Context, name string, _ []byte) library.FileResult {
	err := diskFull(name)
	return library.FileResult{Path: name, Outcome: library.Failed, Err: err, Error: err.Error()}
}

func (f faultyIngester) Ingest(_ context.Context, _ []string, start func(int), fn func(library.FileResult)) (library.Summary, error) {
	start(2)
	if f.panics {
		var m map[string]int
		m["x"] = 1 // assignment to entry in nil map
	}
	err := diskFull("/a.txt")
	fn(library.FileResult{Path: "/a.txt", Outcome: library.Failed, Err: err, Error: err.Error()})
	return library.Summary{Files: 1, Failed: 1}, fmt.Errorf("ingest stopped: %w", err)
}

// Issue 9, finding 4: a full disk answers 507 insufficient_storage (not
// 422), and a job stopped by it or by a panic fails with its code while
// the server stays up.
func TestFullDiskAnswers507(t *testing.T) {
	be := api.LibraryBackend(shared)
	be.Ingest = faultyIngester{Ingester: be.Ingest}
	root := t.TempDir()
	h := newServer(t, nil, api.Options{Backend: be, IngestRoots: []string{root}})

	body, ct := multipartBody(t, "file", map[string][]byte{"a.txt": uniqueFixture(t, "full")}, "a.txt")
	rec := h.do(call{method: "POST", target: "/api/v1/disclosures", body: body, contentType: ct, key: testKey})
	p := problem(t, rec)
	if rec.Code != http.StatusInsufficientStorage || p.Code != api.CodeInsufficientStorage {
		t.Fatalf("upload on a full disk: %d %s %q, want 507 %s", rec.Code, p.Code, p.Detail, api.CodeInsufficientStorage)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("content type %q", ct)
	}

	job := runJob(t, h, root)
	if job.State != api.JobFailed || job.Code != api.CodeInsufficientStorage || job.Summary.Failed != 1 {
		t.Fatalf("job on a full disk: %+v", job)
	}
}

func TestJobPanicFailsTheJob(t *testing.T) {
	be := api.LibraryBackend(shared)
	be.Ingest = faultyIngester{Ingester: be.Ingest, panics: true}
	root := t.TempDir()
	h := newServer(t, nil, api.Options{Backend: be, IngestRoots: []string{root}})
	job := runJob(t, h, root)
	if job.State != api.JobFailed || job.Code != api.CodeInternal || job.Error == "" {
		t.Fatalf("job that panicked: %+v", job)
	}
	if !strings.Contains(h.logs.String(), "ingest job panicked") || !strings.Contains(h.logs.String(), "nil map") {
		t.Fatalf("the panic is not in the log:\n%s", h.logs.String())
	}
	if rec := h.do(call{method: "GET", target: "/healthz"}); rec.Code != http.StatusOK {
		t.Fatalf("server after a job panicked: %d", rec.Code)
	}
}

// runJob starts a job and waits for its end.
func runJob(t *testing.T, h *harness, root string) api.Job {
	t.Helper()
	if err := os.WriteFile(filepath.Join(root, "a.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	body, err := json.Marshal(map[string][]string{"paths": {filepath.Join(root, "a.txt")}})
	if err != nil {
		t.Fatal(err)
	}
	rec := h.do(call{method: "POST", target: "/api/v1/ingest/jobs", body: body, contentType: "application/json", key: testKey})
	var job api.Job
	decode(t, rec, http.StatusAccepted, &job)
	deadline := time.Now().Add(20 * time.Second)
	for job.State == api.JobRunning && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		decode(t, h.do(call{method: "GET", target: "/api/v1/ingest/jobs/" + job.ID, key: testKey}), http.StatusOK, &job)
	}
	return job
}
