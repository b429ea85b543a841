package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/zhenggai/zhenggai/corpus/analytics"
)

// applicationID marks the database file as a zhenggai store
// (PRAGMA application_id, "zgai" in ASCII).
const applicationID = 0x7a676169

// SchemaVersion is the schema version this program migrates to. Adding a
// migration means appending it to migrations and raising this number; the
// compiler checks that the two agree.
const SchemaVersion = 5

// migrations returns the schema changes in order; migration i (0-based)
// brings the schema to version i+1, recorded in PRAGMA user_version. Append
// only: never edit or reorder a released migration.
func migrations() [SchemaVersion]string {
	return [...]string{schemaV1, schemaV2, schemaV3, schemaV4, schemaV5}
}

// migrationFills returns, for the migrations that need one, the step run
// after migration i's SQL, in its transaction: what SQL cannot compute.
func migrationFills() [SchemaVersion]func(context.Context, *sql.Tx) error {
	return [SchemaVersion]func(context.Context, *sql.Tx) error{4: fillDocsV5}
}

// schemaV1: originals, records, measures, theme tags, meta.
const schemaV1 = `
CREATE TABLE originals (
	sha256   TEXT PRIMARY KEY,
	data     BLOB NOT NULL,
	path     TEXT NOT NULL DEFAULT '',
	format   TEXT NOT NULL DEFAULT '',
	encoding TEXT NOT NULL DEFAULT '',
	size     INTEGER NOT NULL,
	added_at TEXT NOT NULL
);
CREATE TABLE disclosures (
	id              TEXT PRIMARY KEY,
	sha256          TEXT NOT NULL UNIQUE REFERENCES originals (sha256),
	record          TEXT NOT NULL,
	kind            TEXT NOT NULL,
	title           TEXT NOT NULL DEFAULT '',
	unit            TEXT NOT NULL DEFAULT '',
	body            TEXT NOT NULL DEFAULT '',
	level           TEXT NOT NULL DEFAULT '',
	term            INTEGER,
	round           INTEGER,
	round_key       TEXT NOT NULL DEFAULT '',
	group_name      TEXT NOT NULL DEFAULT '',
	type            TEXT NOT NULL DEFAULT '',
	published       TEXT NOT NULL DEFAULT '',
	year            INTEGER,
	measure_count   INTEGER NOT NULL DEFAULT 0,
	parser_version  TEXT NOT NULL DEFAULT '',
	indexed_version TEXT NOT NULL DEFAULT '',
	added_at        TEXT NOT NULL
);
CREATE INDEX disclosures_unit ON disclosures (unit);
CREATE INDEX disclosures_round_key ON disclosures (round_key);
CREATE INDEX disclosures_kind ON disclosures (kind);
CREATE INDEX disclosures_published ON disclosures (published, id);
CREATE INDEX disclosures_indexed ON disclosures (indexed_version);
CREATE TABLE measures (
	id            TEXT PRIMARY KEY,
	disclosure_id TEXT NOT NULL REFERENCES disclosures (id) ON DELETE CASCADE,
	seq           INTEGER NOT NULL,
	category      INTEGER NOT NULL,
	problem       INTEGER,
	number        INTEGER NOT NULL,
	marker        TEXT NOT NULL DEFAULT '',
	text          TEXT NOT NULL,
	UNIQUE (disclosure_id, seq)
);
CREATE TABLE measure_themes (
	measure_id TEXT NOT NULL REFERENCES measures (id) ON DELETE CASCADE,
	theme_id   TEXT NOT NULL,
	PRIMARY KEY (measure_id, theme_id)
);
CREATE INDEX measure_themes_theme ON measure_themes (theme_id);
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
`

// schemaV2: the change log every index follows (one row per put or delete,
// numbered in commit order) and the store's identity, so that an index
// built from one store is never taken for one built from another.
const schemaV2 = `
CREATE TABLE changes (
	seq           INTEGER PRIMARY KEY AUTOINCREMENT,
	op            TEXT NOT NULL,
	disclosure_id TEXT NOT NULL,
	at            TEXT NOT NULL
);
CREATE TABLE store_info (
	id       INTEGER PRIMARY KEY CHECK (id = 1),
	store_id TEXT NOT NULL
);
INSERT INTO store_info (id, store_id) VALUES (1, lower(hex(randomblob(16))));
`

// schemaV3: each measure's MinHash signature (corpus/similar), tagged with
// the version of the hasher that made it, so that a restart does not
// recompute them; it goes when its measure does.
const schemaV3 = `
CREATE TABLE measure_signatures (
	measure_id TEXT PRIMARY KEY REFERENCES measures (id) ON DELETE CASCADE,
	version    TEXT NOT NULL,
	sig        BLOB NOT NULL
);
`

// schemaV4: what the analytics read of a disclosure, in one small row
// each (MeasureDocs), so that they read 30,000 rows rather than 317,000
// measure rows and the JSON records: its fields the analytics use, copied
// from its disclosures row (pos is that row's rowid, so that a scan in pos
// order is stored order), the inspection start of its record, and its
// measures' ids and theme ids packed (see unpackMeasures; NULL when an id
// holds a separator: MeasureDocs then reads that disclosure's measure
// rows). Filled here from the stored records, measures and tags.
const schemaV4 = `
CREATE TABLE disclosure_docs (
	pos           INTEGER PRIMARY KEY,
	disclosure_id TEXT NOT NULL UNIQUE REFERENCES disclosures (id) ON DELETE CASCADE,
	kind          TEXT NOT NULL,
	unit          TEXT NOT NULL,
	body          TEXT NOT NULL,
	round_key     TEXT NOT NULL,
	round         INTEGER,
	published     TEXT NOT NULL,
	start         TEXT NOT NULL,
	measures      TEXT
);
INSERT INTO disclosure_docs (pos, disclosure_id, kind, unit, body, round_key, round, published, start, measures)
SELECT d.rowid, d.id, d.kind, d.unit, d.body, d.round_key, d.round, d.published,
	COALESCE(json_extract(d.record, '$.inspection.start'), ''),
	CASE WHEN EXISTS (SELECT 1 FROM measures m WHERE m.disclosure_id = d.id
			AND (instr(m.id, char(30)) > 0 OR instr(m.id, char(31)) > 0))
		OR EXISTS (SELECT 1 FROM measures m JOIN measure_themes t ON t.measure_id = m.id WHERE m.disclosure_id = d.id
			AND (instr(t.theme_id, char(30)) > 0 OR instr(t.theme_id, char(31)) > 0))
	THEN NULL
	ELSE COALESCE((SELECT group_concat(m.id || COALESCE((SELECT group_concat(char(31) || t.theme_id, '' ORDER BY t.rowid)
			FROM measure_themes t WHERE t.measure_id = m.id), ''), char(30) ORDER BY m.seq)
		FROM measures m WHERE m.disclosure_id = d.id), '')
	END
FROM disclosures d;
`

// schemaV5: the analytics row of a disclosure as one encoded value
// (appendDoc) instead of a column per field and the measures packed as
// text: MeasureDocs reads one column, about a quarter of the bytes, and
// decodes it without a string per field. fillDocsV5 converts the rows of
// schema 4 into disclosure_docs_v5, then the old table goes and the new
// one takes its name.
const schemaV5 = `
CREATE TABLE disclosure_docs_v5 (
	pos           INTEGER PRIMARY KEY,
	disclosure_id TEXT NOT NULL UNIQUE REFERENCES disclosures (id) ON DELETE CASCADE,
	kind          TEXT NOT NULL,
	doc           BLOB
);
`

// fillDocsV5 converts every analytics row of schema 4 (the fields in
// columns, the measures packed as text, or NULL: then read from the
// measure rows) into its encoded form, then replaces the old table.
func fillDocsV5(ctx context.Context, tx *sql.Tx) error {
	type v4row struct {
		pos                                         int64
		id, kind, unit, body, key, published, start string
		round                                       sql.NullInt64
		packed                                      sql.NullString
	}
	rows, err := tx.QueryContext(ctx, `SELECT pos, disclosure_id, kind, unit, body, round_key, round, published, start, measures
		FROM disclosure_docs ORDER BY pos`)
	if err != nil {
		return fmt.Errorf("read analytics rows of schema 4: %w", err)
	}
	var old []v4row
	for rows.Next() {
		var r v4row
		if err := rows.Scan(&r.pos, &r.id, &r.kind, &r.unit, &r.body, &r.key, &r.round, &r.published, &r.start, &r.packed); err != nil {
			rows.Close()
			return fmt.Errorf("read analytics rows of schema 4: %w", err)
		}
		old = append(old, r)
	}
	if err := rows.Err(); err != nil {
		rows.Close()
		return fmt.Errorf("read analytics rows of schema 4: %w", err)
	}
	rows.Close()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO disclosure_docs_v5 (pos, disclosure_id, kind, doc) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare analytics row insert: %w", err)
	}
	defer ins.Close()
	var (
		sc  unpackScratch
		buf []byte
	)
	for _, r := range old {
		d := analytics.Doc{DisclosureID: r.id}
		if r.packed.Valid {
			unpackMeasures(&d, r.packed.String, &sc)
		} else if err := readDocMeasures(ctx, tx, &d); err != nil {
			return err
		}
		ms := make([]docMeasure, len(d.MeasureIDs))
		for i, id := range d.MeasureIDs {
			ms[i].ID = id
		}
		for _, t := range d.Themes {
			for _, i := range t.Measures {
				ms[i].Themes = append(ms[i].Themes, t.ID)
			}
		}
		buf = appendDoc(buf[:0], docFields{ID: r.id, Unit: r.unit, Body: r.body, RoundKey: r.key, Published: r.published,
			Start: r.start, Round: nullInt(r.round)}, ms)
		if _, err := ins.ExecContext(ctx, r.pos, r.id, r.kind, buf); err != nil {
			return fmt.Errorf("convert analytics row of %s: %w", r.id, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE disclosure_docs; ALTER TABLE disclosure_docs_v5 RENAME TO disclosure_docs`); err != nil {
		return fmt.Errorf("replace analytics rows: %w", err)
	}
	return nil
}

// migrate brings the schema up to SchemaVersion, one transaction per
// migration. It refuses a database of another program and one migrated by a
// newer version of this one.
func (s *Store) migrate(ctx context.Context) error {
	// Check before anything changes the file: switching to WAL rewrites
	// its header, which must not happen to a database of another program.
	if _, err := s.checkSchema(ctx, s.w); err != nil {
		return err
	}
	var mode string
	if err := s.w.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return fmt.Errorf("set journal mode: %w", err)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("set journal mode: got %s, want wal", mode)
	}
	for {
		done, err := s.migrateOne(ctx)
		if err != nil || done {
			return err
		}
	}
}

// migrateOne applies the next migration, if any, and reports whether the
// schema is current. The version is read inside the write transaction, so
// two processes opening the same new file do not both migrate it.
func (s *Store) migrateOne(ctx context.Context) (done bool, err error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("begin migration: %w", err)
	}
	defer tx.Rollback()
	version, err := s.checkSchema(ctx, tx)
	if err != nil {
		return false, err
	}
	if version == SchemaVersion {
		return true, nil
	}
	if _, err := tx.ExecContext(ctx, migrations()[version]); err != nil {
		return false, fmt.Errorf("migrate schema to version %d: %w", version+1, err)
	}
	if fill := migrationFills()[version]; fill != nil {
		if err := fill(ctx, tx); err != nil {
			return false, fmt.Errorf("migrate schema to version %d: %w", version+1, err)
		}
	}
	stmt := fmt.Sprintf("PRAGMA user_version = %d; PRAGMA application_id = %d", version+1, applicationID)
	if _, err := tx.ExecContext(ctx, stmt); err != nil {
		return false, fmt.Errorf("record schema version %d: %w", version+1, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("commit schema version %d: %w", version+1, err)
	}
	s.log.InfoContext(ctx, "store schema migrated", logKeyPath, s.path, logKeyVersion, version+1)
	return version+1 == SchemaVersion, nil
}

// querier is a *sql.DB or a *sql.Tx.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// checkSchema reads the schema version and checks that the file is ours.
func (s *Store) checkSchema(ctx context.Context, tx querier) (int, error) {
	var version, appID, objects int
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&version); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	if err := tx.QueryRowContext(ctx, "PRAGMA application_id").Scan(&appID); err != nil {
		return 0, fmt.Errorf("read application id: %w", err)
	}
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&objects); err != nil {
		return 0, fmt.Errorf("read schema: %w", err)
	}
	switch {
	case appID != 0 && appID != applicationID:
		return 0, fmt.Errorf("%w: application id %#x belongs to another program", ErrNotStore, appID)
	case appID == 0 && objects > 0:
		return 0, fmt.Errorf("%w: a SQLite database of another program (%d schema objects)", ErrNotStore, objects)
	case version > SchemaVersion:
		return 0, fmt.Errorf("%w: schema version %d, this program knows up to %d", ErrSchemaTooNew, version, SchemaVersion)
	case version < 0:
		return 0, fmt.Errorf("%w: schema version %d", ErrNotStore, version)
	}
	return version, nil
}
