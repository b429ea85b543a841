package api

import (
	"runtime"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
)

// Defaults of the concurrency limit of searches and analytics.
const (
	// DefaultMaxQueued requests wait for a slot; more answer 503 at once.
	DefaultMaxQueued = 256
	// DefaultQueueWait is the longest a request waits for a slot.
	DefaultQueueWait = 5 * time.Second
	// retryAfterSeconds is the Retry-After of an overloaded answer.
	retryAfterSeconds = 1
)

// DefaultMaxConcurrent is how many searches and analytics run at once:
// the processors Go may use, at least 2. Searches are CPU work on the
// mapped index: more at once only share the same CPUs and all finish
// later (at 30,000 disclosures on 2 cores, 40 clients' p99 fell from
// 408–415 ms with 4 at once to 372 ms with 2, at the same throughput).
func DefaultMaxConcurrent() int { return max(2, runtime.GOMAXPROCS(0)) }

// limiter runs at most cap(slots) requests at once and lets at most
// cap(queue) more wait, each up to wait (or its own deadline, if sooner).
type limiter struct {
	slots chan struct{}
	queue chan struct{}
	wait  time.Duration
}

func newLimiter(concurrent, queued int, wait time.Duration) *limiter {
	return &limiter{slots: make(chan struct{}, concurrent), queue: make(chan struct{}, queued), wait: wait}
}

// acquire takes a slot, waiting in the queue when all are busy; ok is
// false when the queue is full, the wait ran out or done closed first.
func (l *limiter) acquire(done <-chan struct{}) (release func(), ok bool) {
	release = func() { <-l.slots }
	select {
	case l.slots <- struct{}{}:
		return release, true
	default:
	}
	select {
	case l.queue <- struct{}{}:
	default:
		return nil, false
	}
	defer func() { <-l.queue }()
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.slots <- struct{}{}:
		return release, true
	case <-t.C:
		return nil, false
	case <-done:
		return nil, false
	}
}

// middleware holds the request until a slot is free; a request that finds
// the queue full or waits longer than allowed answers 503 overloaded with
// Retry-After, instead of slowing every other request down.
func (l *limiter) middleware(s *Server) gin.HandlerFunc {
	return func(c *gin.Context) {
		release, ok := l.acquire(c.Request.Context().Done())
		if !ok {
			if err := c.Request.Context().Err(); err != nil {
				s.fail(c, err)
				return
			}
			c.Header("Retry-After", strconv.Itoa(retryAfterSeconds))
			s.writeProblem(c, errorf(CodeOverloaded, "%d searches and analytics are running and %d waiting: retry in %d s",
				cap(l.slots), cap(l.queue), retryAfterSeconds))
			return
		}
		defer release()
		c.Next()
	}
}
