package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"github.com/zhenggai/zhenggai/indexer/library"
)

// Job states.
const (
	JobRunning   = "running"
	JobDone      = "done"
	JobFailed    = "failed"    // the job stopped on an error (Error says which)
	JobCancelled = "cancelled" // the server shut down before the job ended
)

// Job is an ingest job as GET /api/v1/ingest/jobs/{id} shows it.
type Job struct {
	ID       string               `json:"id"`
	State    string               `json:"state"`
	Paths    []string             `json:"paths"`
	Total    int                  `json:"total"` // files found; 0 until the walk ends
	Done     int                  `json:"done"`  // files ingested so far
	Summary  library.Summary      `json:"summary"`
	Results  []library.FileResult `json:"results"`
	Created  time.Time            `json:"created"`
	Finished *time.Time           `json:"finished,omitempty"`
	Error    string               `json:"error,omitempty"`
	// Code is the stable code of a failed job's error when it has one
	// (insufficient_storage: the disk filled up; internal: a bug, logged).
	Code Code `json:"code,omitempty"`
}

// job is a running or finished ingest job. Watchers wait on changed, which
// is closed and replaced at every change.
type job struct {
	mu      sync.Mutex
	j       Job
	changed chan struct{}
}

// snapshot returns a copy of the job's state and the channel closed at its
// next change.
func (jb *job) snapshot() (Job, <-chan struct{}) {
	jb.mu.Lock()
	defer jb.mu.Unlock()
	j := jb.j
	j.Paths = slices.Clone(j.Paths)
	j.Results = slices.Clone(j.Results)
	return j, jb.changed
}

// update changes the job under its lock and wakes the watchers.
func (jb *job) update(fn func(*Job)) {
	jb.mu.Lock()
	defer jb.mu.Unlock()
	fn(&jb.j)
	close(jb.changed)
	jb.changed = make(chan struct{})
}

// jobs is the set of ingest jobs: running ones, and the last finished ones
// up to a limit.
type jobs struct {
	mu     sync.Mutex
	max    int
	byID   map[string]*job
	order  []string // ids, oldest first
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	closed bool
	log    *slog.Logger // never nil
}

func newJobs(max int) *jobs {
	ctx, cancel := context.WithCancel(context.Background())
	return &jobs{max: max, byID: map[string]*job{}, ctx: ctx, cancel: cancel, log: slog.New(slog.DiscardHandler)}
}

// start runs an ingest of paths in the background and returns its id.
func (js *jobs) start(ing Ingester, paths []string, onEnd func(Job)) (string, error) {
	js.mu.Lock()
	defer js.mu.Unlock()
	if js.closed {
		return "", errorf(CodeNotReady, "the server is shutting down")
	}
	jb := &job{j: Job{ID: newID(), State: JobRunning, Paths: slices.Clone(paths), Results: []library.FileResult{},
		Created: time.Now().UTC()}, changed: make(chan struct{})}
	js.byID[jb.j.ID] = jb
	js.order = append(js.order, jb.j.ID)
	js.evict()
	js.wg.Add(1)
	go func() {
		defer js.wg.Done()
		js.run(ing, jb, onEnd)
	}()
	return jb.j.ID, nil
}

// run ingests and records every result. A panic below it fails the job
// with a logged reason instead of ending the process.
func (js *jobs) run(ing Ingester, jb *job, onEnd func(Job)) {
	var sum library.Summary
	var err error
	func() {
		defer func() {
			if v := recover(); v != nil {
				js.log.Error("ingest job panicked", logJob, jb.j.ID, "panic", v, "stack", string(debug.Stack()))
				err = fmt.Errorf("%w: %v", errJobPanic, v)
			}
		}()
		sum, err = ing.Ingest(js.ctx, jb.j.Paths, func(total int) {
			jb.update(func(j *Job) { j.Total = total })
		}, func(r library.FileResult) {
			jb.update(func(j *Job) {
				j.Results = append(j.Results, r)
				j.Done++
				countResult(&j.Summary, r) // a running job's summary counts what is done
			})
		})
	}()
	jb.update(func(j *Job) {
		now := time.Now().UTC()
		j.Finished, j.State = &now, JobDone
		if sum.Files > 0 || err == nil {
			j.Summary = sum
		} // else the counts of the results so far stand (an Ingest cut short may return none)
		switch {
		case errors.Is(err, errJobPanic):
			j.State, j.Code, j.Error = JobFailed, CodeInternal, "an internal error stopped the job; the server log has the cause"
		case errors.Is(err, library.ErrNoSpace):
			j.State, j.Code, j.Error = JobFailed, CodeInsufficientStorage, fmt.Sprintf("ingest: %v", err)
		case err != nil && js.ctx.Err() != nil:
			j.State, j.Error = JobCancelled, "the server shut down before the job ended"
		case err != nil:
			j.State, j.Error = JobFailed, fmt.Sprintf("ingest: %v", err)
		}
	})
	if onEnd != nil {
		j, _ := jb.snapshot()
		onEnd(j)
	}
}

// errJobPanic marks a job stopped by a panic.
var errJobPanic = errors.New("panic")

// countResult adds one file's outcome to s.
func countResult(s *library.Summary, r library.FileResult) {
	s.Files++
	switch r.Outcome {
	case library.Stored:
		s.Stored++
		s.Measures += r.Measures
	case library.Duplicate:
		s.Duplicate++
	case library.Skipped:
		s.Skipped++
	case library.Failed:
		s.Failed++
	}
}

// evict forgets the oldest finished jobs beyond the limit. The caller
// holds js.mu.
func (js *jobs) evict() {
	for i := 0; len(js.order) > js.max && i < len(js.order); {
		id := js.order[i]
		jb := js.byID[id]
		jb.mu.Lock()
		running := jb.j.State == JobRunning
		jb.mu.Unlock()
		if running {
			i++
			continue
		}
		delete(js.byID, id)
		js.order = slices.Delete(js.order, i, i+1)
	}
}

// get returns a job by id.
func (js *jobs) get(id string) (*job, bool) {
	js.mu.Lock()
	defer js.mu.Unlock()
	jb, ok := js.byID[id]
	return jb, ok
}

// running counts the jobs still running.
func (js *jobs) running() int {
	js.mu.Lock()
	defer js.mu.Unlock()
	n := 0
	for _, jb := range js.byID {
		jb.mu.Lock()
		if jb.j.State == JobRunning {
			n++
		}
		jb.mu.Unlock()
	}
	return n
}

// close cancels the running jobs, refuses new ones and waits for the
// running ones to stop, or for ctx.
func (js *jobs) close(ctx context.Context) error {
	js.mu.Lock()
	js.closed = true
	js.mu.Unlock()
	js.cancel()
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if v := recover(); v != nil {
				js.log.Error("waiting for ingest jobs panicked", "panic", v)
			}
		}()
		js.wg.Wait()
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("wait for ingest jobs: %w", ctx.Err())
	}
}
