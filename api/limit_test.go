package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/gin-gonic/gin"
)

// Beyond the concurrency limit and its queue, a search answers 503
// overloaded with Retry-After; queued requests run when a slot frees.
func TestLimitQueuesThenAnswersOverloaded(t *testing.T) {
	s := New(Options{MaxConcurrent: 1, MaxQueued: 1, QueueWait: 5 * time.Second})
	started, unblock := make(chan struct{}, 4), make(chan struct{})
	s.engine.GET("/api/v1/test/slow", s.deadline(timeoutRequest), s.limit.middleware(s), func(c *gin.Context) {
		started <- struct{}{}
		<-unblock
		c.String(http.StatusOK, "ok")
	})
	get := func() *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/test/slow", nil))
		return rec
	}
	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range 2 {
		wg.Go(func() { codes[i] = get().Code })
		if i == 0 {
			<-started // the first holds the only slot
		}
	}
	// Wait until the second is queued.
	deadline := time.Now().Add(5 * time.Second)
	for len(s.limit.queue) == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	rec := get() // slot busy, queue full
	var p Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("overloaded answer is not JSON: %v: %s", err, rec.Body.String())
	}
	if rec.Code != http.StatusServiceUnavailable || p.Code != CodeOverloaded || rec.Header().Get("Retry-After") != "1" {
		t.Errorf("third request: %d %s Retry-After %q, want 503 overloaded Retry-After 1", rec.Code, p.Code, rec.Header().Get("Retry-After"))
	}
	close(unblock)
	wg.Wait()
	if codes[0] != http.StatusOK || codes[1] != http.StatusOK {
		t.Errorf("the running and the queued request answered %v, want 200 200", codes)
	}
}

// A queued request that waits longer than QueueWait answers 503.
func TestLimitQueueWaitRunsOut(t *testing.T) {
	l := newLimiter(1, 4, 20*time.Millisecond)
	release, ok := l.acquire(nil)
	if !ok {
		t.Fatal("first acquire failed")
	}
	start := time.Now()
	if _, ok := l.acquire(nil); ok {
		t.Fatal("second acquire succeeded while the only slot was held")
	}
	if d := time.Since(start); d < 20*time.Millisecond {
		t.Errorf("gave up after %v, before the 20ms wait", d)
	}
	release()
	r2, ok := l.acquire(nil)
	if !ok {
		t.Fatal("acquire after release failed")
	}
	r2()
}
