package store

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"modernc.org/sqlite" // registers the "sqlite" database/sql driver
	sqlite3 "modernc.org/sqlite/lib"
)

// Attribute keys of the store's log records.
const (
	logKeyPath    = "path"
	logKeyVersion = "schema_version"
	logKeyID      = "id"
	logKeySHA256  = "sha256"
)

// busyTimeout is how long a connection waits for a lock held by another
// connection or process before it reports SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// sqliteHeader starts every SQLite 3 database file.
const sqliteHeader = "SQLite format 3\x00"

// Options configure a Store. The zero value is ready to use.
type Options struct {
	// Logger receives migration and write events. Nil discards them.
	Logger *slog.Logger
	// ParserVersion is recorded with every record Put stores, so that
	// records parsed by an older parser can be found later. Empty records
	// nothing.
	ParserVersion string
}

// Store is the system of record: an embedded SQLite database holding every
// original file, its parsed record, its measures and their theme tags. It is
// safe for concurrent use by one process: reads run in parallel on a pool of
// read-only connections, writes are serialised on a single connection.
type Store struct {
	path          string
	parserVersion string
	log           *slog.Logger
	// w is the single writing connection; r is the read-only pool.
	w *sql.DB
	r *sql.DB
	// watch wakes followers after a committed change (changes.go).
	watch Broadcast
	// beforeCommit, when set (by tests only), runs inside Put just before
	// the transaction commits.
	beforeCommit func()
	// minParallelDocs replaces the constant of MeasureDocs when not 0
	// (tests).
	minParallelDocs int64
}

// Open opens the store at path, creating the file (and its folder) when it
// does not exist and migrating its schema to the newest version this program
// knows. The database runs in WAL mode with foreign keys on and a busy
// timeout, so a second process waits for the writer instead of failing.
func Open(ctx context.Context, path string, opts Options) (*Store, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	if err := checkHeader(abs); err != nil {
		return nil, fmt.Errorf("open store %s: %w", abs, err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return nil, fmt.Errorf("open store %s: %w", abs, err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{path: abs, parserVersion: opts.ParserVersion, log: log}
	if s.w, err = openPool(ctx, writerDSN(abs), 1); err != nil {
		return nil, fmt.Errorf("open store %s: %w", abs, sqliteErr(err))
	}
	if err := s.migrate(ctx); err != nil {
		s.w.Close()
		return nil, fmt.Errorf("open store %s: %w", abs, sqliteErr(err))
	}
	if s.r, err = openPool(ctx, readerDSN(abs), readConns()); err != nil {
		s.w.Close()
		return nil, fmt.Errorf("open store %s: %w", abs, sqliteErr(err))
	}
	return s, nil
}

// Path returns the absolute path of the database file.
func (s *Store) Path() string { return s.path }

// Close closes every connection. The WAL is checkpointed into the main file
// when the last connection closes.
func (s *Store) Close() error {
	err := errors.Join(s.r.Close(), s.w.Close())
	if err != nil {
		return fmt.Errorf("close store %s: %w", s.path, err)
	}
	return nil
}

// checkHeader rejects an existing, non-empty file that does not start with
// the SQLite header, before SQLite touches it.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.IsDir() {
		return fmt.Errorf("%w: is a directory", ErrNotStore)
	}
	if st.Size() == 0 {
		return nil
	}
	head := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, head); err != nil || !bytes.Equal(head, []byte(sqliteHeader)) {
		return fmt.Errorf("%w: not a SQLite database", ErrNotStore)
	}
	return nil
}

// sqliteErr marks SQLite's "file is not a database" (SQLITE_NOTADB, 26) as
// ErrNotStore.
func sqliteErr(err error) error {
	if e, ok := errors.AsType[*sqlite.Error](err); ok && e.Code()&0xff == sqlite3.SQLITE_NOTADB {
		return fmt.Errorf("%w: %w", ErrNotStore, err)
	}
	return err
}

func openPool(ctx context.Context, dsn string, conns int) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(0)
	db.SetConnMaxLifetime(0)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// readConns is the size of the read pool.
func readConns() int {
	return min(max(runtime.GOMAXPROCS(0), 2), 8)
}

// fileURI turns an absolute path into a SQLite URI filename, escaping the
// characters that URIs reserve.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/x → /C:/x
	}
	return "file://" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}

// writerDSN opens the writing connection: foreign keys, full synchronous
// commits (a committed record survives a power loss), and BEGIN IMMEDIATE so
// that a write transaction takes the lock up front. The WAL journal mode is
// set by migrate, once the file is known to be a store: it is persistent.
func writerDSN(abs string) string {
	return fileURI(abs) + "?_txlock=immediate" +
		fmt.Sprintf("&_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()) +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"
}

// readerDSN opens a read-only connection of the read pool.
func readerDSN(abs string) string {
	return fileURI(abs) + fmt.Sprintf("?_pragma=busy_timeout(%d)", busyTimeout.Milliseconds()) +
		"&_pragma=foreign_keys(1)&_pragma=query_only(1)"
}
