package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/corpus/extract"
	"github.com/zhenggai/zhenggai/corpus/segment"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// Timeouts of the HTTP server. Exports extend their own write deadline and
// event streams clear theirs (package api).
const (
	readHeaderTimeout = 10 * time.Second
	readTimeout       = 5 * time.Minute // uploads up to 200 MB on a slow link
	writeTimeout      = 2 * time.Minute
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 8 * time.Second
)

// runServe serves the API until ctx ends (SIGINT/SIGTERM), then drains HTTP,
// stops ingest jobs and closes the library, in that order.
func runServe(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "serve")
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on")
	keysFile := fs.String("api-keys-file", "", "file of API keys, one a line (# comments); adds to $ZHENGGAI_API_KEYS")
	maxMB := fs.Int64("max-mb", 50, "largest uploaded file, in MB")
	timeout := fs.Duration("timeout", api.DefaultRequestTimeout, "per-request timeout")
	memMB := memoryLimitFlag(fs)
	cacheMB := fs.Int("analytics-cache-mb", 0, "bound of the analytics results kept in memory, by their estimated size, in MB (0: a quarter of the heap limit, at most 192)")
	var proxies, roots listFlag
	fs.Var(&proxies, "trusted-proxy", "proxy address or CIDR whose X-Forwarded-For is believed (repeatable)")
	fs.Var(&roots, "ingest-root", "folder ingest jobs may read, symbolic links resolved (repeatable; default: DATA/inbox, created)")
	pos, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: serve takes no arguments, got %q", errUsage, pos)
	}
	if *cacheMB < 0 {
		return fmt.Errorf("%w: --analytics-cache-mb takes 0 or more, got %d", errUsage, *cacheMB)
	}
	heapLimit, heapWhy, group, err := setHeapLimit(fs, *memMB, e)
	if err != nil {
		return err
	}
	keys, err := apiKeys(e.getenv("ZHENGGAI_API_KEYS"), *keysFile)
	if err != nil {
		return err
	}
	level := slog.LevelInfo
	if e.log.Enabled(ctx, slog.LevelDebug) {
		level = slog.LevelDebug
	}
	logh := e.logHandler(level)
	log := slog.New(logh)
	if heapLimit == math.MaxInt64 {
		log.InfoContext(ctx, "no heap limit", "set_by", heapWhy)
	} else {
		log.InfoContext(ctx, "heap limit", "mb", heapLimit>>20, "set_by", heapWhy)
	}
	analyticsMB := analyticsCacheMB(*cacheMB, heapLimit)
	log.InfoContext(ctx, "analytics cache", "mb", analyticsMB)
	gin.SetMode(gin.ReleaseMode)
	if len(roots) == 0 {
		inbox, err := filepath.Abs(filepath.Join(e.data, "inbox"))
		if err != nil {
			return fmt.Errorf("find the ingest inbox: %w", err)
		}
		if err := os.MkdirAll(inbox, 0o750); err != nil {
			return fmt.Errorf("create the ingest inbox: %w", err)
		}
		roots = listFlag{inbox}
	}
	for _, r := range roots {
		fmt.Fprintf(e.stderr, "zhenggai: ingest jobs may read files under %s\n", r)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	fmt.Fprintf(e.stderr, "zhenggai: listening on http://%s\n", ln.Addr())
	srv := api.New(api.Options{Logger: log, APIKeys: keys, TrustedProxies: proxies, IngestRoots: roots,
		RequestTimeout: *timeout, MaxFileBytes: *maxMB << 20})
	hs := &http.Server{
		Handler: srv.Handler(), ReadHeaderTimeout: readHeaderTimeout, ReadTimeout: readTimeout,
		WriteTimeout: writeTimeout, IdleTimeout: idleTimeout, MaxHeaderBytes: 1 << 20,
		ErrorLog: slog.NewLogLogger(logh, slog.LevelWarn),
	}
	// Shutdown first ends event streams and stops ingest jobs, so that
	// draining does not wait on them.
	hs.RegisterOnShutdown(func() { _ = srv.Close(context.Background()) })
	served := make(chan error, 1)
	go func() {
		defer func() { // hs.Serve recovers handler panics; this is for its own
			if v := recover(); v != nil {
				served <- fmt.Errorf("serve: panic: %v", v)
			}
		}()
		served <- hs.Serve(ln)
	}()

	random := false
	if group > 0 { // the index folder is measured only under a memory cap
		indexBytes := folderBytes(filepath.Join(e.data, library.IndexDir))
		random = randomIndexReads(group, heapLimit, indexBytes)
		log.InfoContext(ctx, "index reads", "random", random, "group_mb", group>>20, "index_mb", indexBytes>>20)
	}
	lib, err := e.openLibraryWith(ctx, library.Options{Logger: log, Extract: extract.Options{MaxBytes: *maxMB << 20},
		WarmAnalytics:    true, // the analytics routes answer from memory
		AnalyticsCacheMB: analyticsMB,
		RandomIndexReads: random})
	if err != nil {
		return errors.Join(fmt.Errorf("open library: %w", err), shutdown(hs, srv, nil, log))
	}
	stopFollow := follow(ctx, lib, log) // keep the index current with writes by other servers
	srv.SetBackend(api.LibraryBackend(lib))
	// Other commands on this data folder go through this server.
	removeServeFile, err := writeServeFile(e.data, ln.Addr())
	if err != nil {
		stopFollow()
		return errors.Join(err, shutdown(hs, srv, lib, log))
	}
	defer removeServeFile()
	log.Info("ready", "data", e.data, "addr", ln.Addr().String())
	preloadDictionary(ctx, e, log)

	select {
	case <-ctx.Done():
		removeServeFile() // commands stop coming here while it drains
		log.Info("shutting down")
	case err := <-served:
		stopFollow()
		return errors.Join(fmt.Errorf("serve: %w", err), shutdown(hs, srv, lib, log))
	}
	stopFollow()
	return shutdown(hs, srv, lib, log)
}

// preloadDictionary loads the segmenter's dictionary (tens of milliseconds
// from its cache, about two seconds to build it) in the
// background once the server answers, so that the first search need not
// start the load; a search arriving before it ends waits for it within its
// deadline (segment.SharedContext), and filters alone never need it.
func preloadDictionary(ctx context.Context, e *env, log *slog.Logger) {
	load := e.loadDictionary
	if load == nil {
		load = func(ctx context.Context) error {
			_, err := segment.SharedContext(ctx)
			return err
		}
	}
	go func() {
		defer func() {
			if r := recover(); r != nil {
				log.Error("loading the dictionary stopped", "panic", fmt.Sprint(r))
			}
		}()
		start := time.Now()
		if err := load(ctx); err != nil {
			if ctx.Err() == nil {
				log.Error("load the dictionary", "err", err)
			}
			return
		}
		attrs := []any{"ms", time.Since(start).Milliseconds()}
		if segment.SharedLoaded() {
			if s, err := segment.Shared(); err == nil {
				attrs = append(attrs, "source", s.Source())
			}
		}
		log.Info("dictionary loaded", attrs...)
	}()
}

// follow runs lib.Follow until the returned stop is called (before the
// library closes) or ctx ends.
func follow(ctx context.Context, lib *library.Library, log *slog.Logger) (stop func()) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer func() {
			if r := recover(); r != nil {
				log.Error("following the store stopped", "panic", fmt.Sprint(r))
			}
		}()
		lib.Follow(ctx, 0)
	}()
	return func() { cancel(); <-done }
}

// shutdown drains HTTP, stops the ingest jobs, then closes the library.
func shutdown(hs *http.Server, srv *api.Server, lib *library.Library, log *slog.Logger) error {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	var errs []error
	if err := hs.Shutdown(ctx); err != nil {
		errs = append(errs, fmt.Errorf("drain http: %w", err), hs.Close())
	}
	if err := srv.Close(ctx); err != nil {
		errs = append(errs, err)
	}
	if lib != nil {
		if err := lib.Close(); err != nil {
			errs = append(errs, fmt.Errorf("close library: %w", err))
		}
	}
	err := errors.Join(errs...)
	if err == nil {
		log.Info("stopped")
	}
	return err
}

// apiKeys reads the keys of $ZHENGGAI_API_KEYS (comma-separated) and of the
// keys file (one a line, blank lines and # comments ignored).
func apiKeys(env, file string) ([]string, error) {
	var keys []string
	for k := range strings.SplitSeq(env, ",") {
		if k = strings.TrimSpace(k); k != "" {
			keys = append(keys, k)
		}
	}
	if file == "" {
		return keys, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("read API keys: %w", err)
	}
	for line := range strings.Lines(string(b)) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			keys = append(keys, line)
		}
	}
	return keys, nil
}
