package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/zhenggai/zhenggai/corpus"
)

// MeasureRow is one measure with the fields of its disclosure that a search
// hit or a measure page shows.
type MeasureRow struct {
	corpus.Measure
	DisclosureID string      `json:"disclosure_id"`
	Seq          int         `json:"seq"` // 1-based position in the disclosure
	Kind         corpus.Kind `json:"kind"`
	Title        string      `json:"title,omitempty"`
	Unit         string      `json:"unit,omitempty"`
	Body         string      `json:"body,omitempty"`
	Level        string      `json:"level,omitempty"`
	Term         *int        `json:"term,omitempty"`
	Round        *int        `json:"round,omitempty"`
	RoundKey     string      `json:"round_key,omitempty"`
	Group        string      `json:"group,omitempty"`
	Type         string      `json:"type,omitempty"`
	Published    string      `json:"published,omitempty"`
	Year         *int        `json:"year,omitempty"`
}

// Disclosure returns the record stored under id as it was put.
func (s *Store) Disclosure(ctx context.Context, id string) (*corpus.Disclosure, error) {
	var record string
	err := s.r.QueryRowContext(ctx, "SELECT record FROM disclosures WHERE id = ?", id).Scan(&record)
	if err != nil {
		return nil, fmt.Errorf("get disclosure %s: %w", id, notFound(err))
	}
	d, err := decode(record)
	if err != nil {
		return nil, fmt.Errorf("get disclosure %s: %w", id, err)
	}
	return d, nil
}

// Measure returns the measure with the given id and its disclosure's key
// fields. Themes is never nil.
func (s *Store) Measure(ctx context.Context, id string) (*MeasureRow, error) {
	var (
		m                 MeasureRow
		problem           sql.NullInt64
		term, round, year sql.NullInt64
		kind, themes      string
	)
	err := s.r.QueryRowContext(ctx, `SELECT m.id, m.disclosure_id, m.seq, m.category, m.problem, m.number, m.marker, m.text,
			d.kind, d.title, d.unit, d.body, d.level, d.term, d.round, d.round_key, d.group_name, d.type, d.published, d.year,
			(SELECT json_group_array(theme_id) FROM
				(SELECT theme_id FROM measure_themes WHERE measure_id = m.id ORDER BY rowid))
		FROM measures m JOIN disclosures d ON d.id = m.disclosure_id WHERE m.id = ?`, id).Scan(
		&m.ID, &m.DisclosureID, &m.Seq, &m.Category, &problem, &m.Number, &m.Marker, &m.Text,
		&kind, &m.Title, &m.Unit, &m.Body, &m.Level, &term, &round, &m.RoundKey, &m.Group, &m.Type, &m.Published, &year, &themes)
	if err != nil {
		return nil, fmt.Errorf("get measure %s: %w", id, notFound(err))
	}
	m.Kind = corpus.Kind(kind)
	m.Problem, m.Term, m.Round, m.Year = nullInt(problem), nullInt(term), nullInt(round), nullInt(year)
	m.Themes = []string{}
	if err := json.Unmarshal([]byte(themes), &m.Themes); err != nil {
		return nil, fmt.Errorf("get measure %s: decode themes: %w", id, err)
	}
	return &m, nil
}

// Original returns the original file of the disclosure id.
func (s *Store) Original(ctx context.Context, id string) (*Original, error) {
	var o Original
	err := s.r.QueryRowContext(ctx, `SELECT o.sha256, o.path, o.format, o.encoding, o.data
		FROM disclosures d JOIN originals o ON o.sha256 = d.sha256 WHERE d.id = ?`, id).Scan(
		&o.SHA256, &o.Path, &o.Format, &o.Encoding, &o.Data)
	if err != nil {
		return nil, fmt.Errorf("get original of %s: %w", id, notFound(err))
	}
	return &o, nil
}

// BySHA256 returns the id of the disclosure read from the bytes with this
// digest (hex, any case).
func (s *Store) BySHA256(ctx context.Context, sha string) (string, error) {
	var id string
	err := s.r.QueryRowContext(ctx, "SELECT id FROM disclosures WHERE sha256 = ?", strings.ToLower(sha)).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("find sha256 %s: %w", sha, notFound(err))
	}
	return id, nil
}

// decode reads a stored record.
func decode(record string) (*corpus.Disclosure, error) {
	var d corpus.Disclosure
	if err := json.Unmarshal([]byte(record), &d); err != nil {
		return nil, fmt.Errorf("decode record: %w", err)
	}
	return &d, nil
}

// notFound turns sql.ErrNoRows into ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// nullInt turns a nullable SQL integer into an optional int.
func nullInt(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}
