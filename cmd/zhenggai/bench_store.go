package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zhenggai/zhenggai/indexer"
	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
	"github.com/zhenggai/zhenggai/indexer/store/pgstore"
)

// storeBench is the `bench --store postgres://…` section: the same ingest
// and searches as the SQLite run above it, on PostgreSQL, and how soon a
// write through one server is a hit on another.
type storeBench struct {
	Kind string `json:"kind"` // "postgres"
	// FilesPerS and SearchP99Ms repeat the SQLite run's ingest and
	// searches on the same files and queries with the record in
	// PostgreSQL; the SQLite figures are in ingest and search.
	FilesPerS         float64 `json:"files_per_s"`
	SQLiteFilesPerS   float64 `json:"sqlite_files_per_s"`
	SearchP99Ms       float64 `json:"search_p99_ms"`
	SQLiteSearchP99Ms float64 `json:"sqlite_search_p99_ms"`
	// Replication: Writes distinct files stored through server A one after
	// another; the lag of each is from A acknowledging the write to the
	// first search on server B (its own data folder, following the store)
	// that finds it.
	Writes           int     `json:"writes"`
	ReplicationP50Ms float64 `json:"replication_p50_ms"`
	ReplicationP99Ms float64 `json:"replication_p99_ms"`
	ReplicationMaxMs float64 `json:"replication_max_ms"`
}

// replicationWrites is how many writes the replication lag is measured on.
const replicationWrites = 200

// benchStore runs the store section on the PostgreSQL server of url, in a
// schema of its own that it drops at the end (the role needs CREATE on the
// database).
func benchStore(ctx context.Context, e *env, r *benchReport, tmp, in string, qs []string) (err error) {
	if !strings.HasPrefix(e.store, "postgres://") && !strings.HasPrefix(e.store, "postgresql://") {
		return fmt.Errorf("%w: bench --store wants a postgres:// URL (the SQLite figures are measured anyway)", errUsage)
	}
	url, drop, err := benchSchema(ctx, e.store)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, drop()) }()
	sb := &storeBench{Kind: "postgres", SQLiteFilesPerS: r.Ingest.FilesPerS, SQLiteSearchP99Ms: r.Search.P99Ms}
	r.Store = sb

	openLib := func(dir string) (*library.Library, error) {
		st, err := pgstore.Open(ctx, url, store.Options{Logger: e.log})
		if err != nil {
			return nil, err
		}
		return library.Open(ctx, filepath.Join(tmp, dir), library.Options{Logger: e.log, Store: st})
	}
	a, err := openLib("pg-a")
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, a.Close()) }()
	start := time.Now()
	sum, err := a.Ingest(ctx, []string{in}, nil, nil)
	if err != nil {
		return err
	}
	sb.FilesPerS = round2(float64(sum.Files) / time.Since(start).Seconds())

	lat := make([]float64, 0, len(qs))
	for _, q := range qs {
		start := time.Now()
		if _, err := a.Search(ctx, indexer.Query{Text: q, Highlight: true, Facets: []string{
			indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear}}); err != nil {
			return err
		}
		lat = append(lat, ms(time.Since(start)))
	}
	sb.SearchP99Ms = percentile(lat, 0.99)

	// Server B: its own data folder (rebuilt from the store at open),
	// following the store.
	b, err := openLib("pg-b")
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, b.Close()) }()
	fctx, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { b.Follow(fctx, 0) })
	defer wg.Wait()
	defer stop()

	files, err := os.ReadDir(in)
	if err != nil {
		return fmt.Errorf("read bench input: %w", err)
	}
	lags := make([]float64, 0, replicationWrites)
	for i := range replicationWrites {
		name := files[i%len(files)].Name()
		body, err := os.ReadFile(filepath.Join(in, name))
		if err != nil {
			return fmt.Errorf("read bench input: %w", err)
		}
		body = append(fmt.Appendf(nil, "信息索引号：REPLICATION-%04d\n", i), body...)
		res := a.IngestBytes(ctx, fmt.Sprintf("lag-%04d.txt", i), body)
		if res.Outcome != library.Stored {
			return fmt.Errorf("replication write %d: %s %s", i, res.Outcome, res.Error)
		}
		acked := time.Now()
		for {
			hit, err := b.Search(ctx, indexer.Query{DisclosureID: res.ID, Limit: 1})
			if err != nil {
				return err
			}
			if hit.Total > 0 {
				break
			}
			if time.Since(acked) > 30*time.Second {
				return fmt.Errorf("replication write %d: not searchable on the second server after 30 s", i)
			}
			time.Sleep(500 * time.Microsecond)
		}
		lags = append(lags, ms(time.Since(acked)))
	}
	sb.Writes = len(lags)
	sb.ReplicationP50Ms, sb.ReplicationP99Ms, sb.ReplicationMaxMs = percentile(lags, 0.5), percentile(lags, 0.99), percentile(lags, 1)
	return nil
}

// benchSchema creates a schema of its own on the server of base and
// returns a URL using it, and a func that drops it.
func benchSchema(ctx context.Context, base string) (string, func() error, error) {
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return "", nil, fmt.Errorf("connect to the bench store: %w", err)
	}
	defer conn.Close(context.Background())
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "zhenggai_bench_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		return "", nil, fmt.Errorf("create bench schema: %w", err)
	}
	drop := func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			return fmt.Errorf("drop bench schema %s: %w", name, err)
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+name+" CASCADE"); err != nil {
			return fmt.Errorf("drop bench schema %s: %w", name, err)
		}
		return nil
	}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + name, drop, nil
}

func writeStoreBench(e *env, sb *storeBench) {
	if sb == nil {
		return
	}
	fmt.Fprintf(e.stdout, "postgres   ingest %.1f files/s (SQLite %.1f); search p99 %.2f ms (SQLite %.2f); replication over %d writes: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
		sb.FilesPerS, sb.SQLiteFilesPerS, sb.SearchP99Ms, sb.SQLiteSearchP99Ms, sb.Writes, sb.ReplicationP50Ms, sb.ReplicationP99Ms, sb.ReplicationMaxMs)
}
