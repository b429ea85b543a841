package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"fmt"
	"strings"
)

// MeasureText is one measure's text with the fields of its disclosure that
// near-duplicate detection reports.
type MeasureText struct {
	ID           string `json:"id"`
	DisclosureID string `json:"disclosure_id"`
	Unit         string `json:"unit,omitempty"`
	RoundKey     string `json:"round_key,omitempty"`
	Text         string `json:"text"`
}

// MeasureTexts calls fn with every stored measure, in the order stored
// (disclosure by disclosure, measures in document order), from one
// read snapshot. An error from fn stops the walk and is returned as is.
func (s *Store) MeasureTexts(ctx context.Context, fn func(MeasureText) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, m.disclosure_id, d.unit, d.round_key, m.text
		FROM measures m JOIN disclosures d ON d.id = m.disclosure_id
		ORDER BY d.rowid, m.seq`)
	if err != nil {
		return fmt.Errorf("read measure texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m MeasureText
		if err := rows.Scan(&m.ID, &m.DisclosureID, &m.Unit, &m.RoundKey, &m.Text); err != nil {
			return fmt.Errorf("read measure texts: %w", err)
		}
		if err := fn(m); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read measure texts: %w", err)
	}
	return nil
}

// MaxTextsByID is the most ids one MeasureTextsByID call takes.
const MaxTextsByID = 1000

// CheckTextsByID checks the ids of a MeasureTextsByID as every store
// implementation must. Errors wrap ErrInvalid.
func CheckTextsByID(ids []string) error {
	if len(ids) > MaxTextsByID {
		return fmt.Errorf("%w: %d measure ids in one read, at most %d", ErrInvalid, len(ids), MaxTextsByID)
	}
	return nil
}

// MeasureTextsByID returns the texts of the stored measures among ids (at
// most MaxTextsByID, repeats allowed), by id, in one read; an id that is
// not stored is left out.
func (s *Store) MeasureTextsByID(ctx context.Context, ids []string) (map[string]string, error) {
	if err := CheckTextsByID(ids); err != nil {
		return nil, fmt.Errorf("read measure texts by id: %w", err)
	}
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, text FROM measures WHERE id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("read measure texts by id: %w", err)
	}
	defer rows.Close()
	return ScanTexts(rows, out)
}

// TextRows are the rows of a read of (id, text) pairs, as database/sql
// and pgx both give them.
type TextRows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// ScanTexts adds every (id, text) row to out and returns it: the reading
// half of MeasureTextsByID, shared by every store implementation.
func ScanTexts(rows TextRows, out map[string]string) (map[string]string, error) {
	for rows.Next() {
		var id, text string
		if err := rows.Scan(&id, &text); err != nil {
			return nil, fmt.Errorf("read measure texts by id: %w", err)
		}
		out[id] = text
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read measure texts by id: %w", err)
	}
	return out, nil
}

// MeasureMark is a cheap fingerprint of the measures table: it changes when
// measures are added or deleted by this process or another. Count and
// MaxRow alone may miss a delete followed by as many adds; Seq, the store's
// change sequence, does not.
type MeasureMark struct {
	Count  int64
	MaxRow int64
	// Seq is the store's last change (see Changes): it moves with every
	// put and delete, by any process or server.
	Seq int64
}

// MeasureMark reads the fingerprint of the measures table, in one
// statement (one snapshot) of three subqueries that SQLite answers without
// reading every row: a count(*) of its own (from the smallest index) and
// two max() (from the end of a b-tree); count(*) beside max() in one query
// reads the whole table (40 ms at 317,000 measures).
func (s *Store) MeasureMark(ctx context.Context) (MeasureMark, error) {
	var m MeasureMark
	if err := s.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM measures),
		coalesce((SELECT max(rowid) FROM measures), 0),
		coalesce((SELECT max(seq) FROM changes), 0)`).Scan(&m.Count, &m.MaxRow, &m.Seq); err != nil {
		return MeasureMark{}, fmt.Errorf("read measure mark: %w", err)
	}
	return m, nil
}

// MeasureSignature is one measure's MinHash signature (see corpus/similar),
// stored with the measures so that a restart does not recompute it.
type MeasureSignature struct {
	MeasureID string
	Signature []uint64
}

// MaxSignatureBatch is the most signatures one PutSignatures call takes.
const MaxSignatureBatch = 5000

// EncodeSignature is the stored form of a signature: its values as
// little-endian uint64s, 8 bytes each.
func EncodeSignature(sig []uint64) []byte {
	b := make([]byte, 8*len(sig))
	for i, v := range sig {
		binary.LittleEndian.PutUint64(b[8*i:], v)
	}
	return b
}

// DecodeSignature reads a stored signature into dst (reusing its array
// when large enough). ok is false when b is not a whole number of uint64s
// or is empty.
func DecodeSignature(dst []uint64, b []byte) (sig []uint64, ok bool) {
	if len(b) == 0 || len(b)%8 != 0 {
		return dst[:0], false
	}
	n := len(b) / 8
	if cap(dst) < n {
		dst = make([]uint64, n)
	}
	dst = dst[:n]
	for i := range dst {
		dst[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	return dst, true
}

// CheckSignatures checks the arguments of a PutSignatures as every store
// implementation must. Errors wrap ErrInvalid.
func CheckSignatures(version string, sigs []MeasureSignature) error {
	switch {
	case version == "":
		return fmt.Errorf("%w: empty signature version", ErrInvalid)
	case len(sigs) > MaxSignatureBatch:
		return fmt.Errorf("%w: %d signatures in one batch, at most %d", ErrInvalid, len(sigs), MaxSignatureBatch)
	}
	seen := make(map[string]bool, len(sigs))
	for i, g := range sigs {
		switch {
		case g.MeasureID == "":
			return fmt.Errorf("%w: signature %d without measure id", ErrInvalid, i+1)
		case len(g.Signature) == 0:
			return fmt.Errorf("%w: empty signature of measure %s", ErrInvalid, g.MeasureID)
		case seen[g.MeasureID]:
			return fmt.Errorf("%w: measure %s signed twice in one batch", ErrInvalid, g.MeasureID)
		}
		seen[g.MeasureID] = true
	}
	return nil
}

// SignedMeasureTexts calls fn with every stored measure, as MeasureTexts
// does (same order, one read snapshot), and its stored signature made by
// the hasher named version; sig is nil when the measure has none of that
// version. sig is valid only during the call. An error from fn stops the
// walk and is returned as is.
func (s *Store) SignedMeasureTexts(ctx context.Context, version string, fn func(m MeasureText, sig []uint64) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, m.disclosure_id, d.unit, d.round_key, m.text,
			CASE WHEN g.version = ? THEN g.sig END
		FROM measures m JOIN disclosures d ON d.id = m.disclosure_id
		LEFT JOIN measure_signatures g ON g.measure_id = m.id
		ORDER BY d.rowid, m.seq`, version)
	if err != nil {
		return fmt.Errorf("read signed measure texts: %w", err)
	}
	defer rows.Close()
	var raw sql.RawBytes
	var buf []uint64
	for rows.Next() {
		var m MeasureText
		if err := rows.Scan(&m.ID, &m.DisclosureID, &m.Unit, &m.RoundKey, &m.Text, &raw); err != nil {
			return fmt.Errorf("read signed measure texts: %w", err)
		}
		var sig []uint64
		if raw != nil {
			var ok bool
			if buf, ok = DecodeSignature(buf, raw); ok {
				sig = buf
			}
		}
		if err := fn(m, sig); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read signed measure texts: %w", err)
	}
	return nil
}

// PutSignatures stores the signatures made by the hasher named version,
// each replacing its measure's stored signature of any version, in one
// transaction. Signatures of measures not stored (deleted meanwhile) are
// skipped. A measure's signature goes when its measure does (its record
// deleted). At most MaxSignatureBatch signatures, each measure once.
func (s *Store) PutSignatures(ctx context.Context, version string, sigs []MeasureSignature) error {
	if err := CheckSignatures(version, sigs); err != nil {
		return fmt.Errorf("put signatures: %w", err)
	}
	if len(sigs) == 0 {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("put signatures: begin: %w", err)
	}
	defer tx.Rollback()
	st, err := tx.PrepareContext(ctx, `INSERT INTO measure_signatures (measure_id, version, sig)
		SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM measures WHERE id = ?1)
		ON CONFLICT (measure_id) DO UPDATE SET version = excluded.version, sig = excluded.sig`)
	if err != nil {
		return fmt.Errorf("put signatures: prepare: %w", err)
	}
	defer st.Close()
	b := make([]byte, 0, 8*len(sigs[0].Signature))
	for _, g := range sigs {
		b = b[:0]
		for _, v := range g.Signature {
			b = binary.LittleEndian.AppendUint64(b, v)
		}
		if _, err := st.ExecContext(ctx, g.MeasureID, version, b); err != nil {
			return fmt.Errorf("put signature of measure %s: %w", g.MeasureID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("put signatures: commit: %w", err)
	}
	return nil
}
