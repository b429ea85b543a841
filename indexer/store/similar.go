package store

import (
	"context"
	"fmt"
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

// MeasureMark reads the fingerprint of the measures table.
func (s *Store) MeasureMark(ctx context.Context) (MeasureMark, error) {
	var m MeasureMark
	if err := s.r.QueryRowContext(ctx, `SELECT count(*), coalesce(max(rowid), 0),
		(SELECT coalesce(max(seq), 0) FROM changes) FROM measures`).Scan(&m.Count, &m.MaxRow, &m.Seq); err != nil {
		return MeasureMark{}, fmt.Errorf("read measure mark: %w", err)
	}
	return m, nil
}
