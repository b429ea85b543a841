package api_test

import (
	"bufio"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// slowIngester reports one file, then waits for its context to end.
type slowIngester struct {
	api.Ingester
	started chan struct{}
}

func (s slowIngester) Ingest(ctx context.Context, _ []string, start func(int), fn func(library.FileResult)) (library.Summary, error) {
	start(2)
	fn(library.FileResult{Path: "/a.txt", Outcome: library.Skipped})
	close(s.started)
	<-ctx.Done()
	return library.Summary{Files: 1, Skipped: 1}, ctx.Err()
}

// TestCloseEndsStreamsAndJobs: a live event stream and a running job end
// when the server closes, so that HTTP shutdown does not wait on them.
func TestCloseEndsStreamsAndJobs(t *testing.T) {
	be := api.LibraryBackend(shared)
	si := slowIngester{Ingester: be.Ingest, started: make(chan struct{})}
	be.Ingest = si
	root := t.TempDir()
	h := newServer(t, nil, api.Options{Backend: be, IngestRoots: []string{root}})
	jobBody := []byte(`{"paths":["` + root + `"]}`)
	ts := httptest.NewServer(h.h)
	defer ts.Close()

	rec := h.do(call{method: "POST", target: "/api/v1/ingest/jobs", body: jobBody, contentType: "application/json", key: testKey})
	if rec.Code != http.StatusAccepted {
		t.Fatalf("create job: %d %s", rec.Code, rec.Body.String())
	}
	<-si.started
	req, _ := http.NewRequest(http.MethodGet, ts.URL+rec.Header().Get("Location")+"/events", nil)
	req.Header.Set("X-API-Key", testKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	lines := make(chan string, 100)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	if first := <-lines; first != "id: 1" {
		t.Fatalf("first line %q", first)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.srv.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
	var rest []string
	for l := range lines { // ends when the server ends the stream
		rest = append(rest, l)
	}
	if ctx.Err() != nil {
		t.Fatal("the stream outlived Close")
	}
	var job api.Job
	decode(t, h.do(call{method: "GET", target: rec.Header().Get("Location"), key: testKey}), http.StatusOK, &job)
	if job.State != api.JobCancelled || job.Done != 1 {
		t.Errorf("job after Close: %+v (stream tail %q)", job, strings.Join(rest, "|"))
	}
	if rec := h.do(call{method: "POST", target: "/api/v1/ingest/jobs", body: jobBody, contentType: "application/json", key: testKey}); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("job after Close: %d", rec.Code)
	}
}

// storingIngester stores one file of 3 measures, then waits for its
// context to end.
type storingIngester struct {
	api.Ingester
	started chan struct{}
}

func (s storingIngester) Ingest(ctx context.Context, _ []string, start func(int), fn func(library.FileResult)) (library.Summary, error) {
	start(2)
	fn(library.FileResult{Path: "/a.txt", Outcome: library.Stored, ID: "d1", Measures: 3})
	close(s.started)
	<-ctx.Done()
	return library.Summary{Files: 1, Stored: 1, Measures: 3}, ctx.Err()
}

// TestRunningJobSummary: a running job's summary counts the files done so
// far (it was all zeros until the job ended, so a job read while running,
// or cut by a shutdown before its end was read, said nothing was stored).
func TestRunningJobSummary(t *testing.T) {
	be := api.LibraryBackend(shared)
	si := storingIngester{Ingester: be.Ingest, started: make(chan struct{})}
	be.Ingest = si
	root := t.TempDir()
	h := newServer(t, nil, api.Options{Backend: be, IngestRoots: []string{root}})
	rec := h.do(call{method: "POST", target: "/api/v1/ingest/jobs", body: []byte(`{"paths":["` + root + `"]}`), contentType: "application/json", key: testKey})
	if rec.Code != http.StatusAccepted {
		t.Fatalf("create job: %d %s", rec.Code, rec.Body.String())
	}
	<-si.started
	var job api.Job
	decode(t, h.do(call{method: "GET", target: rec.Header().Get("Location"), key: testKey}), http.StatusOK, &job)
	if job.State != api.JobRunning || job.Done != 1 || job.Summary != (library.Summary{Files: 1, Stored: 1, Measures: 3}) {
		t.Errorf("running job: %+v", job)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := h.srv.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
	decode(t, h.do(call{method: "GET", target: rec.Header().Get("Location"), key: testKey}), http.StatusOK, &job)
	if job.State != api.JobCancelled || job.Summary != (library.Summary{Files: 1, Stored: 1, Measures: 3}) {
		t.Errorf("job after Close: %+v", job)
	}
}
