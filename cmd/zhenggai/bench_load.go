package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/corpus/synth"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// Bounds of the load run: it only ever talks to 127.0.0.1, with
// loadClients connections, for the given time and at most loadMaxQueries
// queries per phase.
const (
	loadClients    = 40
	loadMaxQueries = 1_000_000
	loadKey        = "bench-load-key"
)

// loadReport is the load run of `zhenggai bench`: concurrent searches over
// HTTP on loopback, alone and while an ingest job runs.
type loadReport struct {
	Clients     int       `json:"clients"`
	Seconds     float64   `json:"seconds"`
	Idle        loadPhase `json:"idle"`
	Ingesting   loadPhase `json:"ingesting"`
	IngestFiles int       `json:"ingest_files"`
	// IngestSeconds is how long the job ran; the ingesting phase saw it
	// running for min(IngestSeconds, Seconds). A job still running when
	// the phase ends is stopped there: IngestFinished is false and
	// IngestStored counts the files it stored.
	IngestSeconds float64 `json:"ingest_seconds"`
	// WarmSeconds is how long the library's warm-up took before the load
	// run: serve warms its analytics caches and near-duplicate index in
	// the background after start, and its memory is that of a warmed
	// library, so the load run meets the same state.
	WarmSeconds    float64 `json:"warm_seconds"`
	IngestDone     int     `json:"ingest_done"` // files with an outcome
	IngestStored   int     `json:"ingest_stored"`
	IngestFinished bool    `json:"ingest_finished"`
}

// loadPhase is one phase's figures. PeakRSSMB is the process's peak
// resident memory during the phase (the whole run's peak where the kernel
// cannot reset it).
type loadPhase struct {
	Queries   int     `json:"queries"`
	QPS       float64 `json:"qps"`
	P50Ms     float64 `json:"p50_ms"`
	P99Ms     float64 `json:"p99_ms"`
	Errors    int     `json:"errors"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
	// PeakAnonMB is the highest anonymous resident memory sampled
	// (phaseRSS.PeakAnonMB).
	PeakAnonMB float64 `json:"peak_anon_mb"`
}

// benchLoad serves lib on 127.0.0.1 and runs loadClients concurrent
// searches (the queries qs, round robin) for d, then again for d while an
// ingest job stores `files` fresh synthetic disclosures.
func benchLoad(ctx context.Context, tmp string, lib *library.Library, qs []string, d time.Duration, files int, seed int64) (*loadReport, error) {
	if len(qs) == 0 || d <= 0 {
		return nil, errors.New("load run: no queries or no time")
	}
	inbox := filepath.Join(tmp, "load-inbox")
	if err := os.MkdirAll(inbox, 0o755); err != nil {
		return nil, fmt.Errorf("create load inbox: %w", err)
	}
	for _, doc := range synth.Generate(synth.Options{Seed: seed + 7919, Disclosures: files}) {
		if err := os.WriteFile(filepath.Join(inbox, "load-"+doc.Name), []byte(doc.Text), 0o644); err != nil {
			return nil, fmt.Errorf("write load input: %w", err)
		}
	}
	srv := api.New(api.Options{Backend: api.LibraryBackend(lib), Logger: slog.New(slog.DiscardHandler), APIKeys: []string{loadKey}, IngestRoots: []string{inbox}})
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
		defer cancel()
		_ = srv.Close(stopCtx) // bounded even if a job would not stop
	}()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("listen on loopback: %w", err)
	}
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = hs.Serve(ln) }()
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	client := newLoadClient()
	defer client.CloseIdleConnections()

	r := &loadReport{Clients: loadClients, Seconds: d.Seconds(), IngestFiles: files}
	r.Idle = loadPhaseRun(ctx, client, base, qs, d)

	body, _ := json.Marshal(api.JobRequest{Paths: []string{inbox}})
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/ingest/jobs", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-API-Key", loadKey)
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("start the load ingest job: %w", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		return nil, fmt.Errorf("start the load ingest job: HTTP %d", resp.StatusCode)
	}
	jobStart := time.Now()
	jobURL := base + resp.Header.Get("Location")
	done := make(chan api.Job, 1)
	go func() { done <- waitJob(ctx, client, jobURL) }()
	r.Ingesting = loadPhaseRun(ctx, client, base, qs, d)
	// The run stays bounded: a job still running when the phase ends is
	// cancelled (Close stops it and waits), and counted as far as it got.
	closeCtx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := srv.Close(closeCtx); err != nil {
		return nil, fmt.Errorf("stop the load ingest job: %w", err)
	}
	select {
	case j := <-done:
		r.IngestSeconds = round2(time.Since(jobStart).Seconds())
		if j.Finished != nil {
			r.IngestSeconds = round2(j.Finished.Sub(jobStart).Seconds())
		}
		r.IngestDone, r.IngestStored, r.IngestFinished = j.Done, j.Summary.Stored, j.State == api.JobDone
	case <-closeCtx.Done():
		return nil, errors.New("the load ingest job did not stop within a minute")
	}
	return r, nil
}

// waitJob follows a job's event stream to its end and returns the job.
func waitJob(ctx context.Context, client *http.Client, jobURL string) api.Job {
	var j api.Job
	for range 3 { // a stream cut by the client timeout is resumed
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, jobURL+"/events", nil)
		req.Header.Set("X-API-Key", loadKey)
		if resp, err := (&http.Client{Timeout: 10 * time.Minute}).Do(req); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		req, _ = http.NewRequestWithContext(ctx, http.MethodGet, jobURL, nil)
		req.Header.Set("X-API-Key", loadKey)
		resp, err := client.Do(req)
		if err != nil {
			continue
		}
		_ = json.NewDecoder(resp.Body).Decode(&j)
		resp.Body.Close()
		if j.State != api.JobRunning {
			break
		}
	}
	return j
}

// newLoadClient is the HTTP client of the load run's clients: one
// connection each, kept between their searches.
func newLoadClient() *http.Client {
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: loadClients, MaxIdleConnsPerHost: loadClients, MaxConnsPerHost: loadClients}}
}

// loadPhaseRun runs loadClients clients searching for d and measures them.
func loadPhaseRun(ctx context.Context, client *http.Client, base string, qs []string, d time.Duration) loadPhase {
	resetPeakRSS()
	anon := sampleAnon()
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	var mu sync.Mutex
	var lat []float64
	var errs, next int
	take := func() (string, bool) {
		mu.Lock()
		defer mu.Unlock()
		if next >= loadMaxQueries {
			return "", false
		}
		next++
		return qs[next%len(qs)], true
	}
	start := time.Now()
	var wg sync.WaitGroup
	for range loadClients {
		wg.Go(func() {
			for ctx.Err() == nil {
				q, ok := take()
				if !ok {
					return
				}
				t := time.Now()
				req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/measures/search?q="+url.QueryEscape(q), nil)
				resp, err := client.Do(req)
				ok = err == nil && resp.StatusCode == http.StatusOK
				if err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
				if ctx.Err() != nil && !ok {
					return // cut by the end of the phase, not an error
				}
				mu.Lock()
				if ok {
					lat = append(lat, ms(time.Since(t)))
				} else {
					errs++
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	secs := time.Since(start).Seconds()
	return loadPhase{Queries: len(lat), QPS: round2(float64(len(lat)) / secs), P50Ms: percentile(lat, 0.50),
		P99Ms: percentile(lat, 0.99), Errors: errs, PeakRSSMB: peakRSSMB(), PeakAnonMB: anon.end()}
}

// resetPeakRSS resets the process's peak resident memory (VmHWM), so that
// the next reading is the peak of what follows; it does nothing where the
// kernel does not allow it.
func resetPeakRSS() { _ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) }

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
