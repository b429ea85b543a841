package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/zhenggai/zhenggai/corpus"
)

// DefaultListLimit is the page size of List when ListQuery.Limit is zero.
const DefaultListLimit = 20

// eachBatch is how many records Each reads per query.
const eachBatch = 100

// ListQuery selects a page of disclosures. Zero fields do not filter.
type ListQuery struct {
	Unit     string      // exact unit name
	Round    int         // round number (轮), 0 for any
	RoundKey string      // exact round key, see RoundKey
	Kind     corpus.Kind // exact kind
	Year     int         // publication year, 0 for any
	Offset   int         // records to skip; negative is invalid
	Limit    int         // page size; 0 means DefaultListLimit, negative is invalid
}

// Summary is one line of a disclosure list.
type Summary struct {
	ID        string      `json:"id"`
	Title     string      `json:"title,omitempty"`
	Unit      string      `json:"unit,omitempty"`
	Kind      corpus.Kind `json:"kind"`
	Body      string      `json:"body,omitempty"`
	Term      *int        `json:"term,omitempty"`
	Round     *int        `json:"round,omitempty"`
	RoundKey  string      `json:"round_key,omitempty"`
	Published string      `json:"published,omitempty"`
	Measures  int         `json:"measures"`
}

// List returns a page of the disclosures matching q, newest publication
// first (undated ones last, then by id), and how many match in all.
func (s *Store) List(ctx context.Context, q ListQuery) ([]Summary, int, error) {
	if q.Offset < 0 || q.Limit < 0 {
		return nil, 0, fmt.Errorf("list disclosures: %w: offset %d, limit %d", ErrInvalid, q.Offset, q.Limit)
	}
	if q.Limit == 0 {
		q.Limit = DefaultListLimit
	}
	where, args := q.where()
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, fmt.Errorf("list disclosures: begin: %w", err)
	}
	defer tx.Rollback() // one snapshot for the count and the page
	var total int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM disclosures"+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("list disclosures: count: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, title, unit, kind, body, term, round, round_key, published, measure_count
		FROM disclosures`+where+` ORDER BY published = '', published DESC, id LIMIT ? OFFSET ?`,
		append(args, q.Limit, q.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("list disclosures: %w", err)
	}
	defer rows.Close()
	list := []Summary{}
	for rows.Next() {
		var (
			sum         Summary
			kind        string
			term, round sql.NullInt64
		)
		if err := rows.Scan(&sum.ID, &sum.Title, &sum.Unit, &kind, &sum.Body, &term, &round,
			&sum.RoundKey, &sum.Published, &sum.Measures); err != nil {
			return nil, 0, fmt.Errorf("list disclosures: read: %w", err)
		}
		sum.Kind, sum.Term, sum.Round = corpus.Kind(kind), nullInt(term), nullInt(round)
		list = append(list, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list disclosures: read: %w", err)
	}
	return list, total, nil
}

// where builds the WHERE clause of q.
func (q ListQuery) where() (string, []any) {
	var (
		conds []string
		args  []any
	)
	add := func(cond string, arg any) {
		conds = append(conds, cond)
		args = append(args, arg)
	}
	if q.Unit != "" {
		add("unit = ?", q.Unit)
	}
	if q.Round != 0 {
		add("round = ?", q.Round)
	}
	if q.RoundKey != "" {
		add("round_key = ?", q.RoundKey)
	}
	if q.Kind != "" {
		add("kind = ?", string(q.Kind))
	}
	if q.Year != 0 {
		add("year = ?", q.Year)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// Each calls fn with every record, in the order they were stored, until fn
// returns an error, which Each returns as it is. Records are read in small
// batches, so memory stays flat and no read transaction stays open while fn
// runs: fn may use the store. A record put during the walk may or may not be
// seen; one deleted during it may still be passed.
func (s *Store) Each(ctx context.Context, fn func(*corpus.Disclosure) error) error {
	var after int64
	for {
		batch, last, err := s.records(ctx, "", nil, after, eachBatch)
		if err != nil {
			return fmt.Errorf("walk disclosures: %w", err)
		}
		for _, d := range batch {
			if err := fn(d); err != nil {
				return err
			}
		}
		if len(batch) < eachBatch {
			return nil
		}
		after = last
	}
}

// records reads up to limit records (all when limit < 0) stored after the
// rowid after and matching the condition cond ("" for all), in the order
// they were stored. It returns the rowid of the last one read.
func (s *Store) records(ctx context.Context, cond string, args []any, after int64, limit int) ([]*corpus.Disclosure, int64, error) {
	query := "SELECT rowid, record FROM disclosures WHERE rowid > ?"
	if cond != "" {
		query += " AND " + cond
	}
	args = append([]any{after}, args...)
	rows, err := s.r.QueryContext(ctx, query+" ORDER BY rowid LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, 0, fmt.Errorf("query records: %w", err)
	}
	defer rows.Close()
	var (
		list []*corpus.Disclosure
		last int64
	)
	for rows.Next() {
		var record string
		if err := rows.Scan(&last, &record); err != nil {
			return nil, 0, fmt.Errorf("read record: %w", err)
		}
		d, err := decode(record)
		if err != nil {
			return nil, 0, err
		}
		list = append(list, d)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("read records: %w", err)
	}
	return list, last, nil
}
