// Package pgstore is zhenggai's system of record in PostgreSQL (or a
// database speaking its protocol), shared by several servers: the same
// contract as the embedded SQLite store (library.Store, checked by the
// conformance suite in indexer/store/storetest) with the same shared types
// (package store).
//
// # Basics
//
//	s, err := pgstore.Open(ctx, "postgres://zhenggai@db.example/zhenggai", store.Options{Logger: log})
//	defer s.Close()
//
// Open migrates the schema (table zhenggai_schema holds its version; a
// transaction-scoped advisory lock keeps two servers starting at once from
// migrating twice). Tables live in the connection's search_path: give each
// deployment its own database or schema (…?search_path=zhenggai).
//
// # Concurrency
//
//   - Every write is one transaction. Put is idempotent by sha256 through
//     the unique key of originals (INSERT … ON CONFLICT DO NOTHING): two
//     servers storing the same bytes at once store them once, and the second
//     gets the first one's id with created false.
//   - Every stored record and every delete appends a row to changes. The
//     sequence number is taken under a transaction-scoped advisory lock held
//     until commit, so changes become visible in the order of their numbers
//     and a follower that has read up to n never later finds one below n.
//     The commit also sends NOTIFY zhenggai_changes; Watch listens for it on
//     a connection of its own.
package pgstore

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// SchemaVersion is the schema version this program migrates to.
const SchemaVersion = 2

// Channel is the NOTIFY channel every change is announced on.
const Channel = "zhenggai_changes"

// changesLock is the advisory lock key that orders change numbers with
// commits ("zgch").
const changesLock = 0x7a676368

// migrateLock is the advisory lock key held while migrating ("zgmi").
const migrateLock = 0x7a676d69

// Store is the PostgreSQL system of record. It is safe for concurrent use
// by many goroutines, processes and servers.
type Store struct {
	pool          *pgxpool.Pool
	parserVersion string
	log           *slog.Logger
	where         string // host/database, for errors and logs (no password)
}

// Open connects to the database named by url (postgres:// or
// postgresql://, libpq keywords also work), and migrates its schema.
func Open(ctx context.Context, url string, opts store.Options) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open postgres store: %w", err)
	}
	where := fmt.Sprintf("%s:%d/%s", cfg.ConnConfig.Host, cfg.ConnConfig.Port, cfg.ConnConfig.Database)
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open postgres store %s: %w", where, err)
	}
	s := &Store{pool: pool, parserVersion: opts.ParserVersion, log: log, where: where}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres store %s: %w", where, err)
	}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open postgres store %s: %w", where, err)
	}
	return s, nil
}

// Where names the database (host:port/database), without credentials.
func (s *Store) Where() string { return s.where }

// Close closes every connection.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// migrations returns the schema changes in order; migration i brings the
// schema to version i+1. Append only.
func migrations() [SchemaVersion]string {
	return [...]string{schemaV1, schemaV2}
}

// schemaV1 mirrors the SQLite store's schema (versions 1 and 2). Text
// columns use the "C" collation so that orderings agree with SQLite's
// (bytes of UTF-8) whatever the database's locale; pos columns keep the
// order things were stored in.
const schemaV1 = `
CREATE TABLE originals (
	sha256   TEXT COLLATE "C" PRIMARY KEY,
	data     BYTEA NOT NULL,
	path     TEXT NOT NULL DEFAULT '',
	format   TEXT NOT NULL DEFAULT '',
	encoding TEXT NOT NULL DEFAULT '',
	size     BIGINT NOT NULL,
	added_at TEXT NOT NULL
);
CREATE TABLE disclosures (
	pos             BIGSERIAL UNIQUE,
	id              TEXT COLLATE "C" PRIMARY KEY,
	sha256          TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES originals (sha256),
	record          TEXT NOT NULL,
	kind            TEXT COLLATE "C" NOT NULL,
	title           TEXT COLLATE "C" NOT NULL DEFAULT '',
	unit            TEXT COLLATE "C" NOT NULL DEFAULT '',
	body            TEXT COLLATE "C" NOT NULL DEFAULT '',
	level           TEXT COLLATE "C" NOT NULL DEFAULT '',
	term            INTEGER,
	round           INTEGER,
	round_key       TEXT COLLATE "C" NOT NULL DEFAULT '',
	group_name      TEXT COLLATE "C" NOT NULL DEFAULT '',
	type            TEXT COLLATE "C" NOT NULL DEFAULT '',
	published       TEXT COLLATE "C" NOT NULL DEFAULT '',
	year            INTEGER,
	measure_count   INTEGER NOT NULL DEFAULT 0,
	parser_version  TEXT NOT NULL DEFAULT '',
	indexed_version TEXT COLLATE "C" NOT NULL DEFAULT '',
	added_at        TEXT NOT NULL
);
CREATE INDEX disclosures_unit ON disclosures (unit);
CREATE INDEX disclosures_round_key ON disclosures (round_key);
CREATE INDEX disclosures_kind ON disclosures (kind);
CREATE INDEX disclosures_published ON disclosures (published, id);
CREATE INDEX disclosures_indexed ON disclosures (indexed_version);
CREATE TABLE measures (
	pos           BIGSERIAL UNIQUE,
	id            TEXT COLLATE "C" PRIMARY KEY,
	disclosure_id TEXT COLLATE "C" NOT NULL REFERENCES disclosures (id) ON DELETE CASCADE,
	seq           INTEGER NOT NULL,
	category      INTEGER NOT NULL,
	problem       INTEGER,
	number        INTEGER NOT NULL,
	marker        TEXT NOT NULL DEFAULT '',
	text          TEXT NOT NULL,
	UNIQUE (disclosure_id, seq)
);
CREATE TABLE measure_themes (
	pos        BIGSERIAL,
	measure_id TEXT COLLATE "C" NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
	theme_id   TEXT COLLATE "C" NOT NULL,
	PRIMARY KEY (measure_id, theme_id)
);
CREATE INDEX measure_themes_theme ON measure_themes (theme_id);
CREATE TABLE meta (
	key   TEXT COLLATE "C" PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE changes (
	seq           BIGSERIAL PRIMARY KEY,
	op            TEXT NOT NULL,
	disclosure_id TEXT COLLATE "C" NOT NULL,
	at            TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TABLE store_info (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	store_id TEXT NOT NULL
);
INSERT INTO store_info (id, store_id) VALUES (1, md5(random()::text || clock_timestamp()::text));
`

// schemaV2 mirrors the SQLite store's version 3: each measure's MinHash
// signature, tagged with the version of the hasher that made it; it goes
// when its measure does.
const schemaV2 = `
CREATE TABLE measure_signatures (
	measure_id TEXT COLLATE "C" PRIMARY KEY REFERENCES measures (id) ON DELETE CASCADE,
	version    TEXT NOT NULL,
	sig        BYTEA NOT NULL
);
`

// migrate brings the schema up to SchemaVersion in one transaction per
// migration, under an advisory lock.
func (s *Store) migrate(ctx context.Context) error {
	for {
		done, err := s.migrateOne(ctx)
		if err != nil || done {
			return err
		}
	}
}

func (s *Store) migrateOne(ctx context.Context) (bool, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return false, fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // after Commit it is a no-op
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", int64(migrateLock)); err != nil {
		return false, fmt.Errorf("lock schema: %w", err)
	}
	if _, err := tx.Exec(ctx, "CREATE TABLE IF NOT EXISTS zhenggai_schema (version INTEGER NOT NULL)"); err != nil {
		return false, fmt.Errorf("create schema version table: %w", err)
	}
	var version int
	err = tx.QueryRow(ctx, "SELECT version FROM zhenggai_schema").Scan(&version)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		var tables int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables
			WHERE table_schema = current_schema() AND table_name IN ('originals', 'disclosures', 'measures')`).Scan(&tables); err != nil {
			return false, fmt.Errorf("read schema: %w", err)
		}
		if tables > 0 {
			return false, fmt.Errorf("%w: tables of another program in schema", store.ErrNotStore)
		}
		if _, err := tx.Exec(ctx, "INSERT INTO zhenggai_schema (version) VALUES (0)"); err != nil {
			return false, fmt.Errorf("record schema version: %w", err)
		}
	case err != nil:
		return false, fmt.Errorf("read schema version: %w", err)
	}
	switch {
	case version > SchemaVersion:
		return false, fmt.Errorf("%w: schema version %d, this program knows up to %d", store.ErrSchemaTooNew, version, SchemaVersion)
	case version == SchemaVersion:
		return true, tx.Commit(ctx)
	}
	if _, err := tx.Exec(ctx, migrations()[version]); err != nil {
		return false, fmt.Errorf("migrate schema to version %d: %w", version+1, err)
	}
	if _, err := tx.Exec(ctx, "UPDATE zhenggai_schema SET version = $1", version+1); err != nil {
		return false, fmt.Errorf("record schema version %d: %w", version+1, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return false, fmt.Errorf("commit schema version %d: %w", version+1, err)
	}
	s.log.InfoContext(ctx, "store schema migrated", "store", s.where, "schema_version", version+1)
	return version+1 == SchemaVersion, nil
}

// notFound turns pgx.ErrNoRows into store.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

// nullInt turns a nullable integer into an optional int.
func nullInt(p *int32) *int {
	if p == nil {
		return nil
	}
	v := int(*p)
	return &v
}

// intArg turns an optional int into a nullable SQL value.
func intArg(p *int) any {
	if p == nil {
		return nil
	}
	return int32(*p)
}

// yearArg is the year of an ISO date, or NULL.
func yearArg(date string) any {
	if len(date) < 4 {
		return nil
	}
	y := 0
	for _, c := range date[:4] {
		if c < '0' || c > '9' {
			return nil
		}
		y = y*10 + int(c-'0')
	}
	if y < 1000 {
		return nil
	}
	return int32(y)
}

func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func now() string { return time.Now().UTC().Format(time.RFC3339Nano) }

// args collects positional parameters and names them $1, $2, ….
type args []any

func (a *args) add(v any) string {
	*a = append(*a, v)
	return fmt.Sprintf("$%d", len(*a))
}

func (a *args) in(vals []string) string {
	ps := make([]string, len(vals))
	for i, v := range vals {
		ps[i] = a.add(v)
	}
	return "(" + strings.Join(ps, ", ") + ")"
}

// decode reads a stored record.
func decode(record string) (*corpus.Disclosure, error) {
	var d corpus.Disclosure
	if err := jsonUnmarshal([]byte(record), &d); err != nil {
		return nil, fmt.Errorf("decode record: %w", err)
	}
	return &d, nil
}
