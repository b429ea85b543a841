package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/theme"
	"github.com/zhenggai/zhenggai/indexer"
	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// Defaults for the zero values of Options.
const (
	DefaultRequestTimeout  = 30 * time.Second
	DefaultExportTimeout   = 10 * time.Minute
	DefaultMaxFileBytes    = 50 << 20
	DefaultMaxRequestBytes = 200 << 20
	DefaultMaxFiles        = 100
	DefaultMaxJobs         = 100
)

// Searcher runs measure searches (*library.Library).
type Searcher interface {
	Search(ctx context.Context, q indexer.Query) (*indexer.Result, error)
}

// Records reads the system of record (*store.Store, from Library.Store()).
type Records interface {
	Disclosure(ctx context.Context, id string) (*corpus.Disclosure, error)
	Measure(ctx context.Context, id string) (*store.MeasureRow, error)
	List(ctx context.Context, q store.ListQuery) ([]store.Summary, int, error)
	Units(ctx context.Context) ([]store.Count, error)
	Rounds(ctx context.Context) ([]store.Count, error)
	Original(ctx context.Context, id string) (*store.Original, error)
}

// Ingester stores, indexes and deletes disclosures (*library.Library).
type Ingester interface {
	IngestBytes(ctx context.Context, name string, data []byte) library.FileResult
	Ingest(ctx context.Context, paths []string, start func(total int), fn func(library.FileResult)) (library.Summary, error)
	Delete(ctx context.Context, id string) error
}

// StatsReader counts what the store and the index hold (*library.Library).
type StatsReader interface {
	Stats(ctx context.Context) (library.Stats, error)
}

// Backend is what the handlers call. Every field is required.
type Backend struct {
	Search    Searcher
	Records   Records
	Ingest    Ingester
	Stats     StatsReader
	Analytics Analytics
	// Similarity finds similar and near-duplicate measures.
	Similarity Similarity
	// Reindex rebuilds the index from the store; nil means the reindex
	// routes answer not_ready.
	Reindex Reindexer
}

// LibraryBackend wires an open library into a Backend.
func LibraryBackend(lib *library.Library) *Backend {
	return &Backend{Search: lib, Records: lib.Store(), Ingest: lib, Stats: lib, Analytics: lib, Similarity: lib, Reindex: lib}
}

// Options configure a Server. Zero values take the documented defaults.
type Options struct {
	// Backend serves the data routes; nil means not ready: data routes and
	// /readyz answer 503 until SetBackend is called.
	Backend *Backend
	// Logger receives the access log and errors; nil discards them.
	Logger *slog.Logger
	// APIKeys guard every write and admin route. None means writes are
	// refused (403) and reads stay open.
	APIKeys []string
	// TrustedProxies are the proxy addresses or CIDRs whose
	// X-Forwarded-For is believed; none means no proxy is trusted.
	TrustedProxies []string
	// IngestRoots are the only folders ingest jobs may read: every path,
	// and every file found under it, must lie in one once its symbolic
	// links are resolved. None means ingest jobs are refused.
	IngestRoots []string
	// Themes lists the taxonomy at GET /themes; nil means theme.Default().
	Themes *theme.Taxonomy

	RequestTimeout  time.Duration // per request; DefaultRequestTimeout
	ExportTimeout   time.Duration // per export; DefaultExportTimeout
	MaxFileBytes    int64         // per uploaded file; DefaultMaxFileBytes
	MaxRequestBytes int64         // per upload request; DefaultMaxRequestBytes
	MaxFiles        int           // per upload request; DefaultMaxFiles
	MaxExportRows   int           // rows per export; export.DefaultMaxRows
	MaxJobs         int           // ingest jobs remembered; DefaultMaxJobs
	// MaxConcurrent searches and analytics run at once (DefaultMaxConcurrent);
	// up to MaxQueued more wait for a slot, each at most QueueWait
	// (DefaultMaxQueued, DefaultQueueWait). Beyond that, or after waiting,
	// they answer 503 overloaded with Retry-After.
	MaxConcurrent int
	MaxQueued     int
	QueueWait     time.Duration
}

// Server is the HTTP API. Build it with New, serve Handler, and call Close
// after the HTTP server has shut down (and before closing the library).
type Server struct {
	opts    Options
	log     *slog.Logger
	keys    [][32]byte
	roots   []string // Options.IngestRoots, symbolic links resolved
	backend atomic.Pointer[Backend]
	metrics *metrics
	jobs    *jobs
	engine  *gin.Engine
	limit   *limiter
	reindex reindexer // the background rebuild of the reindex routes

	stopOnce sync.Once
	stopping chan struct{} // closed by Close: event streams end
}

// New builds a Server. It logs once whether writes are enabled.
func New(opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Themes == nil {
		opts.Themes = theme.Default()
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&opts.RequestTimeout, DefaultRequestTimeout)
	def(&opts.ExportTimeout, DefaultExportTimeout)
	if opts.MaxFileBytes <= 0 {
		opts.MaxFileBytes = DefaultMaxFileBytes
	}
	if opts.MaxRequestBytes <= 0 {
		opts.MaxRequestBytes = DefaultMaxRequestBytes
	}
	if opts.MaxFiles <= 0 {
		opts.MaxFiles = DefaultMaxFiles
	}
	if opts.MaxJobs <= 0 {
		opts.MaxJobs = DefaultMaxJobs
	}
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = DefaultMaxConcurrent()
	}
	if opts.MaxQueued <= 0 {
		opts.MaxQueued = DefaultMaxQueued
	}
	def(&opts.QueueWait, DefaultQueueWait)
	s := &Server{opts: opts, log: opts.Logger, stopping: make(chan struct{})}
	s.keys = hashKeys(opts.APIKeys)
	s.roots = resolveRoots(opts.IngestRoots)
	if len(s.keys) == 0 {
		s.log.Warn("no API key configured: writes and admin routes are disabled (403); reads are open")
	} else {
		s.log.Info("API keys configured: writes need X-API-Key or Authorization: Bearer", "keys", len(s.keys))
	}
	if opts.Backend != nil {
		s.backend.Store(opts.Backend)
	}
	s.jobs = newJobs(opts.MaxJobs)
	s.jobs.log = s.log
	s.metrics = newMetrics(s)
	s.limit = newLimiter(opts.MaxConcurrent, opts.MaxQueued, opts.QueueWait)
	s.engine = s.build()
	return s
}

// SetBackend makes the server ready: data routes use b from now on.
func (s *Server) SetBackend(b *Backend) { s.backend.Store(b) }

// Handler is the HTTP handler of every route.
func (s *Server) Handler() http.Handler { return s.engine }

// Registry is the Prometheus registry behind /metrics.
func (s *Server) Registry() *prometheus.Registry { return s.metrics.reg }

// Close ends event streams, cancels running ingest jobs and waits for them,
// or for ctx. Call it after http.Server.Shutdown (or register it with
// RegisterOnShutdown, and call it again after) and before closing the
// library. Calling it twice is safe.
func (s *Server) Close(ctx context.Context) error {
	s.stopOnce.Do(func() { close(s.stopping) })
	err := s.jobs.close(ctx)
	// A rebuild of the index runs to its end before the library closes.
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.reindex.wg.Wait()
	}()
	select {
	case <-done:
	case <-ctx.Done():
		err = errors.Join(err, fmt.Errorf("wait for the reindex: %w", ctx.Err()))
	}
	return err
}

// backendOf returns the backend or answers 503 not_ready.
// begin checks the query (only the allowed names) and takes the backend;
// when either fails it answers the request itself and reports false.
func (s *Server) begin(c *gin.Context, allowed ...string) (*params, *Backend, bool) {
	p, err := readParams(c, allowed...)
	if err != nil {
		s.fail(c, err)
		return nil, nil, false
	}
	b, ok := s.backendOf(c)
	return p, b, ok
}

// beginQuery is begin for routes that build a query from their parameters:
// a bad parameter answers 400 before the backend is asked for.
func beginQuery[Q any](s *Server, c *gin.Context, allowed []string, build func(*params) (Q, error)) (Q, *Backend, bool) {
	var zero Q
	p, err := readParams(c, allowed...)
	if err != nil {
		s.fail(c, err)
		return zero, nil, false
	}
	q, err := build(p)
	if err != nil {
		s.fail(c, err)
		return zero, nil, false
	}
	b, ok := s.backendOf(c)
	return q, b, ok
}

func (s *Server) backendOf(c *gin.Context) (*Backend, bool) {
	b := s.backend.Load()
	if b == nil {
		s.writeProblem(c, errorf(CodeNotReady, "the library is still opening; retry shortly"))
		return nil, false
	}
	return b, true
}
