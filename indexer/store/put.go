package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zhenggai/zhenggai/corpus"
)

// Original is an ingested file as it was read: its bytes and how they were
// decoded. Put takes an empty Path, Format or Encoding from the record's
// source.
type Original struct {
	// SHA256 is the lowercase hex digest of Data. Put computes it when
	// empty and rejects a value that does not match.
	SHA256   string
	Path     string
	Format   string
	Encoding string
	Data     []byte
}

// Put stores the original bytes and the parsed record, with its measures
// and their theme tags, in one transaction: either all of it is stored or
// nothing is.
//
// Put is idempotent by the digest of the bytes: when the same bytes were
// stored before it returns the existing record's id with created false and
// changes nothing, whatever d holds.
//
// The record is stored as given and read back equal. d.ID and every measure
// id must be set, and d.Source.SHA256, when set, must match the bytes.
func (s *Store) Put(ctx context.Context, o Original, d *corpus.Disclosure) (id string, created bool, err error) {
	sha, err := check(o, d)
	if err != nil {
		return "", false, fmt.Errorf("put disclosure: %w", err)
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return "", false, fmt.Errorf("put disclosure %s: begin: %w", d.ID, err)
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, "SELECT id FROM disclosures WHERE sha256 = ?", sha).Scan(&id)
	switch {
	case err == nil:
		return id, false, nil
	case !errors.Is(err, sql.ErrNoRows):
		return "", false, fmt.Errorf("put disclosure %s: look up sha256: %w", d.ID, err)
	}
	if err := s.insert(ctx, tx, sha, o, d); err != nil {
		return "", false, fmt.Errorf("put disclosure %s: %w", d.ID, err)
	}
	if err := logChange(ctx, tx, ChangePut, d.ID); err != nil {
		return "", false, fmt.Errorf("put disclosure %s: %w", d.ID, err)
	}
	if s.beforeCommit != nil {
		s.beforeCommit()
	}
	if err := tx.Commit(); err != nil {
		return "", false, fmt.Errorf("put disclosure %s: commit: %w", d.ID, err)
	}
	s.watch.Notify()
	s.log.DebugContext(ctx, "disclosure stored", logKeyID, d.ID, logKeySHA256, sha)
	return d.ID, true, nil
}

// CheckPut checks the arguments of a Put as every store implementation
// must, and returns the lowercase hex sha256 of the bytes. Errors wrap
// ErrInvalid.
func CheckPut(o Original, d *corpus.Disclosure) (string, error) { return check(o, d) }

// check checks the arguments of Put and returns the digest of the bytes.
func check(o Original, d *corpus.Disclosure) (string, error) {
	if d == nil {
		return "", fmt.Errorf("%w: nil disclosure", ErrInvalid)
	}
	sum := sha256.Sum256(o.Data)
	sha := hex.EncodeToString(sum[:])
	if o.SHA256 != "" && !strings.EqualFold(o.SHA256, sha) {
		return "", fmt.Errorf("%w: sha256 %s does not match the bytes (%s)", ErrInvalid, o.SHA256, sha)
	}
	if d.Source.SHA256 != "" && !strings.EqualFold(d.Source.SHA256, sha) {
		return "", fmt.Errorf("%w: record sha256 %s does not match the bytes (%s)", ErrInvalid, d.Source.SHA256, sha)
	}
	if d.ID == "" {
		return "", fmt.Errorf("%w: disclosure without id", ErrInvalid)
	}
	for i, m := range d.Measures {
		if m.ID == "" {
			return "", fmt.Errorf("%w: measure %d without id", ErrInvalid, i+1)
		}
	}
	return sha, nil
}

// insert writes the original, the record, its measures and their themes.
func (s *Store) insert(ctx context.Context, tx *sql.Tx, sha string, o Original, d *corpus.Disclosure) error {
	record, err := json.Marshal(d)
	if err != nil {
		return fmt.Errorf("encode record: %w", err)
	}
	now := time.Now().UTC().Format(time.RFC3339Nano)
	data := o.Data
	if data == nil {
		data = []byte{} // NOT NULL: an empty file is still a file
	}
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO originals (sha256, data, path, format, encoding, size, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		sha, data, orElse(o.Path, d.Source.Path), orElse(o.Format, d.Source.Format),
		orElse(o.Encoding, d.Source.Encoding), len(o.Data), now); err != nil {
		return fmt.Errorf("insert original: %w", err)
	}
	in := d.Inspection
	if _, err := tx.ExecContext(ctx,
		`INSERT INTO disclosures (id, sha256, record, kind, title, unit, body, level, term, round, round_key,
			group_name, type, published, year, measure_count, parser_version, added_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, sha, string(record), string(d.Kind), d.Title, d.Unit, in.Body, in.Level, intPtr(in.Term),
		intPtr(in.Round), RoundKey(in), in.Group, in.Type, d.Published, year(d.Published),
		len(d.Measures), s.parserVersion, now); err != nil {
		return fmt.Errorf("insert record: %w", err)
	}
	if err := insertMeasures(ctx, tx, d); err != nil {
		return err
	}
	ms := make([]docMeasure, len(d.Measures))
	for i, m := range d.Measures {
		ms[i] = docMeasure{ID: m.ID, Themes: m.Themes}
	}
	doc := appendDoc(nil, docFields{ID: d.ID, Unit: d.Unit, Body: in.Body, RoundKey: RoundKey(in), Published: d.Published,
		Start: in.Start, Round: in.Round}, ms)
	if _, err := tx.ExecContext(ctx, `INSERT INTO disclosure_docs (pos, disclosure_id, kind, doc)
		SELECT rowid, id, kind, ? FROM disclosures WHERE id = ?`, doc, d.ID); err != nil {
		return fmt.Errorf("insert analytics row: %w", err)
	}
	return nil
}

// insertMeasures writes the measures of d and their theme tags. A theme
// repeated on one measure is tagged once.
func insertMeasures(ctx context.Context, tx *sql.Tx, d *corpus.Disclosure) error {
	if len(d.Measures) == 0 {
		return nil
	}
	ms, err := tx.PrepareContext(ctx, `INSERT INTO measures (id, disclosure_id, seq, category, problem, number, marker, text)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare measure insert: %w", err)
	}
	defer ms.Close()
	ts, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO measure_themes (measure_id, theme_id) VALUES (?, ?)`)
	if err != nil {
		return fmt.Errorf("prepare theme insert: %w", err)
	}
	defer ts.Close()
	for i, m := range d.Measures {
		if _, err := ms.ExecContext(ctx, m.ID, d.ID, i+1, m.Category, intPtr(m.Problem), m.Number, m.Marker, m.Text); err != nil {
			return fmt.Errorf("insert measure %s: %w", m.ID, err)
		}
		for _, t := range m.Themes {
			if _, err := ts.ExecContext(ctx, m.ID, t); err != nil {
				return fmt.Errorf("insert theme %s of measure %s: %w", t, m.ID, err)
			}
		}
	}
	return nil
}

// orElse returns a unless it is empty, else b.
func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// intPtr turns an optional int into a nullable SQL value.
func intPtr(p *int) any {
	if p == nil {
		return nil
	}
	return int64(*p)
}

// year is the year of an ISO date, or NULL.
func year(date string) any {
	if len(date) < 4 {
		return nil
	}
	y, err := strconv.Atoi(date[:4])
	if err != nil || y < 1000 {
		return nil
	}
	return int64(y)
}
