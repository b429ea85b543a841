package api

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/indexer/library"
)

// Limits of POST /api/v1/ingest/jobs.
const (
	maxJobBodyBytes = 1 << 20
	maxJobPaths     = 1000
	// keepAlive is how often an idle event stream sends a comment line.
	keepAlive = 15 * time.Second
)

// JobRequest is the body of POST /api/v1/ingest/jobs.
type JobRequest struct {
	// Paths are absolute server-side files and folders (read recursively)
	// inside Options.IngestRoots, symbolic links resolved.
	Paths []string `json:"paths"`
}

// FileEvent is the data of an SSE "file" event: one file's outcome.
type FileEvent struct {
	Index  int                `json:"index"` // 1-based, also the event id
	Total  int                `json:"total"`
	Result library.FileResult `json:"result"`
}

// SummaryEvent is the data of the final SSE "summary" event.
type SummaryEvent struct {
	ID      string          `json:"id"`
	State   string          `json:"state"`
	Total   int             `json:"total"`
	Done    int             `json:"done"`
	Summary library.Summary `json:"summary"`
	Error   string          `json:"error,omitempty"`
}

// createJob answers POST /api/v1/ingest/jobs with 202 and the job's
// Location.
func (s *Server) createJob(c *gin.Context) {
	_, b, ok := s.begin(c)
	if !ok {
		return
	}
	req, err := s.readJobRequest(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	rid := requestID(c)
	id, err := s.jobs.start(rootedIngester{Ingester: b.Ingest, roots: s.roots}, req.Paths, func(j Job) {
		s.log.Info("ingest job ended", logJob, j.ID, logRequestID, rid, "state", j.State,
			"files", j.Summary.Files, "stored", j.Summary.Stored, "failed", j.Summary.Failed)
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	jb, _ := s.jobs.get(id)
	j, _ := jb.snapshot()
	c.Header("Location", "/api/v1/ingest/jobs/"+id)
	writeJSON(c, http.StatusAccepted, j)
}

// readJobRequest decodes and checks a job request strictly.
func (s *Server) readJobRequest(c *gin.Context) (JobRequest, error) {
	var req JobRequest
	if ct := c.ContentType(); ct != "application/json" {
		return req, errorf(CodeUnsupportedMediaType, "send {\"paths\": [...]} as application/json, got %q", ct)
	}
	body, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, maxJobBodyBytes))
	if err != nil {
		return req, fmt.Errorf("read job request: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, errorf(CodeInvalidBody, "the body must be {\"paths\": [...]}: %v", err)
	}
	if dec.More() {
		return req, errorf(CodeInvalidBody, "the body must hold one JSON object")
	}
	if len(req.Paths) == 0 || len(req.Paths) > maxJobPaths {
		return req, errorf(CodeInvalidBody, "paths must hold 1–%d server-side files or folders", maxJobPaths)
	}
	if len(s.roots) == 0 {
		return req, errorf(CodePathNotAllowed,
			"this server has no ingest root, so ingest jobs are refused; start it with --ingest-root DIR (zhenggai serve uses DATA/inbox by default)")
	}
	for i, p := range req.Paths {
		if p == "" || !filepath.IsAbs(p) {
			return req, errorf(CodeInvalidBody, "paths[%d] %q is not an absolute path", i, p)
		}
		req.Paths[i] = filepath.Clean(p)
		if _, ok := resolvedWithin(req.Paths[i], s.roots); !ok {
			return req, errorf(CodePathNotAllowed, "paths[%d] %q is outside the folders this server may ingest (links resolved)", i, p)
		}
	}
	return req, nil
}

// jobOf returns the job named by the route, or answers 404.
func (s *Server) jobOf(c *gin.Context, allowed ...string) (*job, *params, bool) {
	p, err := readParams(c, allowed...)
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	jb, ok := s.jobs.get(c.Param("id"))
	if !ok {
		s.writeProblem(c, errorf(CodeNotFound, "no ingest job %q (finished jobs are forgotten after %d newer ones)", c.Param("id"), s.opts.MaxJobs))
	}
	return jb, p, ok
}

// Paging of a job's results.
const (
	defaultJobResults = 1000
	maxJobResults     = 10000
)

// JobPage is a job with a page of its per-file results (done counts them
// all).
type JobPage struct {
	Job
	ResultsOffset int `json:"results_offset"`
	ResultsLimit  int `json:"results_limit"`
}

// getJob answers GET /api/v1/ingest/jobs/{id}: progress and a page of the
// per-file outcomes (limit 1,000, at most 10,000; offset).
func (s *Server) getJob(c *gin.Context) {
	jb, p, ok := s.jobOf(c, "limit", "offset")
	if !ok {
		return
	}
	pg, err := pageParams(p, defaultJobResults, maxJobResults, maxListOffset)
	if err != nil {
		s.fail(c, err)
		return
	}
	j, _ := jb.snapshot()
	j.Results = slicePage(j.Results, &pg)
	writeJSON(c, http.StatusOK, JobPage{Job: j, ResultsOffset: pg.Offset, ResultsLimit: pg.Limit})
}

// jobEvents answers GET /api/v1/ingest/jobs/{id}/events: server-sent
// events, one "file" event per file (id = its index, so Last-Event-ID
// resumes) and a final "summary" event. The stream ends with the job, when
// the client leaves, or when the server shuts down.
func (s *Server) jobEvents(c *gin.Context) {
	jb, _, ok := s.jobOf(c)
	if !ok {
		return
	}
	sent := 0
	if v, err := strconv.Atoi(c.GetHeader("Last-Event-ID")); err == nil && v > 0 {
		sent = v
	}
	rc := http.NewResponseController(c.Writer)
	_ = rc.SetWriteDeadline(time.Time{}) // the stream lives as long as the job
	h := c.Writer.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	c.Status(http.StatusOK)
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	ctx := c.Request.Context()
	for {
		j, changed := jb.snapshot()
		for ; sent < len(j.Results); sent++ {
			if err := writeEvent(c.Writer, strconv.Itoa(sent+1), "file", FileEvent{Index: sent + 1, Total: j.Total, Result: j.Results[sent]}); err != nil {
				return
			}
		}
		if j.State != JobRunning {
			_ = writeEvent(c.Writer, "", "summary", SummaryEvent{ID: j.ID, State: j.State, Total: j.Total,
				Done: j.Done, Summary: j.Summary, Error: j.Error})
			_ = rc.Flush()
			return
		}
		if err := rc.Flush(); err != nil {
			return
		}
		select {
		case <-changed:
		case <-tick.C:
			if _, err := io.WriteString(c.Writer, ": keep-alive\n\n"); err != nil {
				return
			}
		case <-ctx.Done():
			return
		case <-s.stopping:
			return
		}
	}
}

// writeEvent writes one server-sent event with JSON data.
func writeEvent(w io.Writer, id, event string, data any) error {
	b, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("encode event: %w", err)
	}
	var buf bytes.Buffer
	if id != "" {
		fmt.Fprintf(&buf, "id: %s\n", id)
	}
	fmt.Fprintf(&buf, "event: %s\ndata: %s\n\n", event, b)
	_, err = w.Write(buf.Bytes())
	return err
}
