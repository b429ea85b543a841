package api

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// Reindexer rebuilds the index from the store (*library.Library).
type Reindexer interface {
	Reindex(ctx context.Context, progress func(done, total int)) error
}

// The states of a reindex.
const (
	ReindexIdle    = "idle"
	ReindexRunning = "running"
	ReindexDone    = "done"
	ReindexFailed  = "failed"
)

// ReindexStatus is the answer of the reindex routes: the last (or running)
// rebuild of the index from the store.
type ReindexStatus struct {
	State    string     `json:"state"`
	Done     int        `json:"done"`
	Total    int        `json:"total"`
	Started  *time.Time `json:"started,omitempty"`
	Finished *time.Time `json:"finished,omitempty"`
	Error    string     `json:"error,omitempty"`
}

// reindexer runs one rebuild at a time, in the background, so that a
// rebuild longer than a request's deadline still finishes.
type reindexer struct {
	mu sync.Mutex
	st ReindexStatus
	wg sync.WaitGroup
}

func (r *reindexer) status() ReindexStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.st.State == "" {
		return ReindexStatus{State: ReindexIdle}
	}
	return r.st
}

// start begins a rebuild unless one runs; either way it returns the state.
func (r *reindexer) start(ri Reindexer, log func(msg string, args ...any)) ReindexStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.st.State == ReindexRunning {
		return r.st
	}
	now := time.Now().UTC()
	r.st = ReindexStatus{State: ReindexRunning, Started: &now}
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		var err error
		defer func() {
			if v := recover(); v != nil {
				err = fmt.Errorf("reindex: panic: %v", v)
			}
			end := time.Now().UTC()
			r.mu.Lock()
			r.st.Finished = &end
			r.st.State = ReindexDone
			if err != nil {
				r.st.State, r.st.Error = ReindexFailed, err.Error()
				log("reindex failed", "err", err)
			}
			r.mu.Unlock()
		}()
		err = ri.Reindex(context.Background(), func(done, total int) {
			r.mu.Lock()
			r.st.Done, r.st.Total = done, total
			r.mu.Unlock()
		})
	}()
	return r.st
}

// startReindex answers POST /api/v1/reindex: 202 with the state of the
// rebuild it started, or of the one already running.
func (s *Server) startReindex(c *gin.Context) {
	_, b, ok := s.begin(c)
	if !ok {
		return
	}
	if b.Reindex == nil {
		s.fail(c, errorf(CodeNotReady, "this server cannot rebuild its index"))
		return
	}
	st := s.reindex.start(b.Reindex, func(msg string, args ...any) { s.log.Error(msg, args...) })
	c.Header("Location", "/api/v1/reindex")
	c.JSON(http.StatusAccepted, st)
}

// getReindex answers GET /api/v1/reindex with the last rebuild's state.
func (s *Server) getReindex(c *gin.Context) {
	if _, _, ok := s.begin(c); !ok {
		return
	}
	c.JSON(http.StatusOK, s.reindex.status())
}
