package pgstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// eachBatch is how many records Each reads per query.
const eachBatch = 100

// Disclosure returns the record stored under id as it was put.
func (s *Store) Disclosure(ctx context.Context, id string) (*corpus.Disclosure, error) {
	var record string
	if err := s.pool.QueryRow(ctx, "SELECT record FROM disclosures WHERE id = $1", id).Scan(&record); err != nil {
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
func (s *Store) Measure(ctx context.Context, id string) (*store.MeasureRow, error) {
	var (
		m                          store.MeasureRow
		seq, category, number      int32
		problem, term, round, year *int32
		kind                       string
	)
	err := s.pool.QueryRow(ctx, `SELECT m.id, m.disclosure_id, m.seq, m.category, m.problem, m.number, m.marker, m.text,
			d.kind, d.title, d.unit, d.body, d.level, d.term, d.round, d.round_key, d.group_name, d.type, d.published, d.year,
			coalesce((SELECT array_agg(theme_id ORDER BY pos) FROM measure_themes WHERE measure_id = m.id), '{}')
		FROM measures m JOIN disclosures d ON d.id = m.disclosure_id WHERE m.id = $1`, id).Scan(
		&m.ID, &m.DisclosureID, &seq, &category, &problem, &number, &m.Marker, &m.Text,
		&kind, &m.Title, &m.Unit, &m.Body, &m.Level, &term, &round, &m.RoundKey, &m.Group, &m.Type, &m.Published, &year, &m.Themes)
	if err != nil {
		return nil, fmt.Errorf("get measure %s: %w", id, notFound(err))
	}
	m.Seq, m.Category, m.Number, m.Kind = int(seq), int(category), int(number), corpus.Kind(kind)
	m.Problem, m.Term, m.Round, m.Year = nullInt(problem), nullInt(term), nullInt(round), nullInt(year)
	if m.Themes == nil {
		m.Themes = []string{}
	}
	return &m, nil
}

// Original returns the original file of the disclosure id.
func (s *Store) Original(ctx context.Context, id string) (*store.Original, error) {
	var o store.Original
	err := s.pool.QueryRow(ctx, `SELECT o.sha256, o.path, o.format, o.encoding, o.data
		FROM disclosures d JOIN originals o ON o.sha256 = d.sha256 WHERE d.id = $1`, id).Scan(
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
	if err := s.pool.QueryRow(ctx, "SELECT id FROM disclosures WHERE sha256 = $1", strings.ToLower(sha)).Scan(&id); err != nil {
		return "", fmt.Errorf("find sha256 %s: %w", sha, notFound(err))
	}
	return id, nil
}

// List returns a page of the disclosures matching q, newest publication
// first (undated ones last, then by id), and how many match in all, from
// one snapshot.
func (s *Store) List(ctx context.Context, q store.ListQuery) ([]store.Summary, int, error) {
	if q.Offset < 0 || q.Limit < 0 {
		return nil, 0, fmt.Errorf("list disclosures: %w: offset %d, limit %d", store.ErrInvalid, q.Offset, q.Limit)
	}
	if q.Limit == 0 {
		q.Limit = store.DefaultListLimit
	}
	var a args
	var conds []string
	if q.Unit != "" {
		conds = append(conds, "unit = "+a.add(q.Unit))
	}
	if q.Round != 0 {
		conds = append(conds, "round = "+a.add(int32(q.Round)))
	}
	if q.RoundKey != "" {
		conds = append(conds, "round_key = "+a.add(q.RoundKey))
	}
	if q.Kind != "" {
		conds = append(conds, "kind = "+a.add(string(q.Kind)))
	}
	if q.Year != 0 {
		conds = append(conds, "year = "+a.add(int32(q.Year)))
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, 0, fmt.Errorf("list disclosures: begin: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // read-only
	var total int
	if err := tx.QueryRow(ctx, "SELECT count(*) FROM disclosures"+where, a...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("list disclosures: count: %w", err)
	}
	page := append(args{}, a...)
	query := `SELECT id, title, unit, kind, body, term, round, round_key, published, measure_count FROM disclosures` + where +
		` ORDER BY published = '', published DESC, id LIMIT ` + page.add(int64(q.Limit)) + ` OFFSET ` + page.add(int64(q.Offset))
	rows, err := tx.Query(ctx, query, page...)
	if err != nil {
		return nil, 0, fmt.Errorf("list disclosures: %w", err)
	}
	defer rows.Close()
	list := []store.Summary{}
	for rows.Next() {
		var (
			sum         store.Summary
			kind        string
			term, round *int32
			measures    int32
		)
		if err := rows.Scan(&sum.ID, &sum.Title, &sum.Unit, &kind, &sum.Body, &term, &round, &sum.RoundKey, &sum.Published, &measures); err != nil {
			return nil, 0, fmt.Errorf("list disclosures: read: %w", err)
		}
		sum.Kind, sum.Term, sum.Round, sum.Measures = corpus.Kind(kind), nullInt(term), nullInt(round), int(measures)
		list = append(list, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("list disclosures: read: %w", err)
	}
	return list, total, nil
}

// Each calls fn with every record, in the order they were stored, reading
// in batches without holding a transaction while fn runs.
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

// Unindexed returns up to limit records (all when limit ≤ 0) not indexed
// at version, in the order they were stored.
func (s *Store) Unindexed(ctx context.Context, version string, limit int) ([]*corpus.Disclosure, error) {
	if version == "" {
		return nil, fmt.Errorf("find unindexed records: %w: empty index version", store.ErrInvalid)
	}
	list, _, err := s.records(ctx, "indexed_version != $3", []any{version}, 0, limit)
	if err != nil {
		return nil, fmt.Errorf("find unindexed records: %w", err)
	}
	return list, nil
}

// records reads up to limit records (all when limit ≤ 0) stored after
// position after and matching cond (its parameters start at $3).
func (s *Store) records(ctx context.Context, cond string, extra []any, after int64, limit int) ([]*corpus.Disclosure, int64, error) {
	query := "SELECT pos, record FROM disclosures WHERE pos > $1"
	if cond != "" {
		query += " AND " + cond
	}
	var lim any
	if limit > 0 {
		lim = int64(limit)
	}
	rows, err := s.pool.Query(ctx, query+" ORDER BY pos LIMIT $2", append([]any{after, lim}, extra...)...)
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

// Stats counts what the store holds. Indexed counts the records indexed at
// version; with an empty version, those indexed at any version.
func (s *Store) Stats(ctx context.Context, version string) (store.Stats, error) {
	indexed := "indexed_version = $1"
	if version == "" {
		indexed = "indexed_version != $1"
	}
	var st store.Stats
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM disclosures),
		(SELECT count(*) FROM measures),
		(SELECT count(*) FROM disclosures WHERE `+indexed+`),
		(SELECT count(DISTINCT unit) FROM disclosures WHERE unit != ''),
		(SELECT count(DISTINCT round_key) FROM disclosures WHERE round_key != '')`, version).Scan(
		&st.Disclosures, &st.Measures, &st.Indexed, &st.Units, &st.Rounds)
	if err != nil {
		return store.Stats{}, fmt.Errorf("count store: %w", err)
	}
	return st, nil
}

// Units returns every unit with its disclosures and measures, most
// disclosures first, then by name.
func (s *Store) Units(ctx context.Context) ([]store.Count, error) {
	list, err := s.counts(ctx, `SELECT unit, count(*), sum(measure_count) FROM disclosures
		WHERE unit != '' GROUP BY unit ORDER BY count(*) DESC, unit`)
	if err != nil {
		return nil, fmt.Errorf("count units: %w", err)
	}
	return list, nil
}

// Rounds returns every round key with its disclosures and measures, by
// term, body and round number.
func (s *Store) Rounds(ctx context.Context) ([]store.Count, error) {
	list, err := s.counts(ctx, `SELECT round_key, count(*), sum(measure_count) FROM disclosures
		WHERE round_key != '' GROUP BY round_key
		ORDER BY min(term) IS NULL, min(term), min(body), min(round), round_key`)
	if err != nil {
		return nil, fmt.Errorf("count rounds: %w", err)
	}
	return list, nil
}

func (s *Store) counts(ctx context.Context, query string) ([]store.Count, error) {
	rows, err := s.pool.Query(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []store.Count{}
	for rows.Next() {
		var c store.Count
		if err := rows.Scan(&c.Key, &c.Disclosures, &c.Measures); err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

// ThemeCounts counts the measures of every group × theme, grouping by
// "unit" or by "round", with the ids of those measures in stored order.
func (s *Store) ThemeCounts(ctx context.Context, by string) ([]store.ThemeCount, error) {
	var col string
	switch by {
	case "unit":
		col = "d.unit"
	case "round":
		col = "d.round_key"
	default:
		return nil, fmt.Errorf("count themes by %q: %w: want unit or round", by, store.ErrInvalid)
	}
	rows, err := s.pool.Query(ctx, `SELECT `+col+`, t.theme_id, count(*), array_agg(m.id ORDER BY d.pos, m.seq)
		FROM measure_themes t
		JOIN measures m ON m.id = t.measure_id
		JOIN disclosures d ON d.id = m.disclosure_id
		WHERE `+col+` != ''
		GROUP BY 1, 2 ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("count themes by %s: %w", by, err)
	}
	defer rows.Close()
	list := []store.ThemeCount{}
	for rows.Next() {
		var c store.ThemeCount
		if err := rows.Scan(&c.Key, &c.Theme, &c.Measures, &c.MeasureIDs); err != nil {
			return nil, fmt.Errorf("count themes by %s: read: %w", by, err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count themes by %s: read: %w", by, err)
	}
	return list, nil
}

// MeasureRows reads one analytics row per measure matching f, in the order
// the measures were stored.
func (s *Store) MeasureRows(ctx context.Context, f store.RowFilter) ([]analytics.Row, error) {
	var a args
	kinds := []string{string(corpus.KindRectification), string(corpus.KindRectificationConcentrated)}
	if f.Kind != "" {
		kinds = []string{f.Kind}
	}
	conds := []string{"d.kind IN " + a.in(kinds)}
	if len(f.Units) > 0 {
		conds = append(conds, "d.unit IN "+a.in(f.Units))
	}
	if len(f.RoundKeys) > 0 {
		conds = append(conds, "d.round_key IN "+a.in(f.RoundKeys))
	}
	text, published := "''", "''"
	if f.Details {
		text, published = "m.text", "d.published"
		if f.NoText {
			text = "''"
		}
	}
	rows, err := s.pool.Query(ctx, `SELECT m.id, m.disclosure_id, d.unit, d.round_key, d.round, t.theme_id, `+text+`::text, `+published+`::text
		FROM disclosures d
		JOIN measures m ON m.disclosure_id = d.id
		LEFT JOIN measure_themes t ON t.measure_id = m.id
		WHERE `+strings.Join(conds, " AND ")+`
		ORDER BY d.pos, m.seq, t.pos`, a...)
	if err != nil {
		return nil, fmt.Errorf("read measure rows: %w", err)
	}
	defer rows.Close()
	out := []analytics.Row{}
	for rows.Next() {
		var (
			r       analytics.Row
			round   *int32
			themeID *string
		)
		if err := rows.Scan(&r.MeasureID, &r.DisclosureID, &r.Unit, &r.RoundKey, &round, &themeID, &r.Text, &r.Published); err != nil {
			return nil, fmt.Errorf("read measure rows: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].MeasureID != r.MeasureID {
			r.Round = nullInt(round)
			out = append(out, r)
		}
		if themeID != nil {
			last := &out[len(out)-1]
			last.Themes = append(last.Themes, *themeID)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read measure rows: %w", err)
	}
	return out, nil
}

// Inspections reads, for every disclosure of the rectification kinds, what
// round inference needs.
func (s *Store) Inspections(ctx context.Context) ([]analytics.Inspection, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, unit, body, round_key, coalesce(record::jsonb #>> '{inspection,start}', '')
		FROM disclosures WHERE kind IN ($1, $2) ORDER BY pos`,
		string(corpus.KindRectification), string(corpus.KindRectificationConcentrated))
	if err != nil {
		return nil, fmt.Errorf("read inspections: %w", err)
	}
	defer rows.Close()
	var out []analytics.Inspection
	for rows.Next() {
		var in analytics.Inspection
		if err := rows.Scan(&in.DisclosureID, &in.Unit, &in.Body, &in.RoundKey, &in.Start); err != nil {
			return nil, fmt.Errorf("read inspections: %w", err)
		}
		out = append(out, in)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read inspections: %w", err)
	}
	return out, nil
}

// MeasureTexts calls fn with every stored measure, in stored order, from
// one snapshot.
func (s *Store) MeasureTexts(ctx context.Context, fn func(store.MeasureText) error) error {
	rows, err := s.pool.Query(ctx, `SELECT m.id, m.disclosure_id, d.unit, d.round_key, m.text
		FROM measures m JOIN disclosures d ON d.id = m.disclosure_id ORDER BY d.pos, m.seq`)
	if err != nil {
		return fmt.Errorf("read measure texts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var m store.MeasureText
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

// MeasureTextsByID returns the texts of the stored measures among ids (at
// most store.MaxTextsByID, repeats allowed), by id, in one read; an id
// that is not stored is left out.
func (s *Store) MeasureTextsByID(ctx context.Context, ids []string) (map[string]string, error) {
	if err := store.CheckTextsByID(ids); err != nil {
		return nil, fmt.Errorf("read measure texts by id: %w", err)
	}
	out := make(map[string]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT id, text FROM measures WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("read measure texts by id: %w", err)
	}
	defer rows.Close()
	return store.ScanTexts(rows, out)
}

// MeasureMark reads the fingerprint of the measures table and the last
// change.
func (s *Store) MeasureMark(ctx context.Context) (store.MeasureMark, error) {
	var m store.MeasureMark
	if err := s.pool.QueryRow(ctx, `SELECT count(*), coalesce(max(pos), 0),
		(SELECT coalesce(max(seq), 0) FROM changes) FROM measures`).Scan(&m.Count, &m.MaxRow, &m.Seq); err != nil {
		return store.MeasureMark{}, fmt.Errorf("read measure mark: %w", err)
	}
	return m, nil
}

// Meta returns the value stored under key, or store.ErrNotFound.
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	var v string
	if err := s.pool.QueryRow(ctx, "SELECT value FROM meta WHERE key = $1", key).Scan(&v); err != nil {
		return "", fmt.Errorf("get meta %s: %w", key, notFound(err))
	}
	return v, nil
}

// SignedMeasureTexts calls fn with every stored measure, in stored order,
// from one snapshot, with its stored signature of version (nil when none).
// sig is valid only during the call.
func (s *Store) SignedMeasureTexts(ctx context.Context, version string, fn func(m store.MeasureText, sig []uint64) error) error {
	rows, err := s.pool.Query(ctx, `SELECT m.id, m.disclosure_id, d.unit, d.round_key, m.text,
			CASE WHEN g.version = $1 THEN g.sig END
		FROM measures m JOIN disclosures d ON d.id = m.disclosure_id
		LEFT JOIN measure_signatures g ON g.measure_id = m.id
		ORDER BY d.pos, m.seq`, version)
	if err != nil {
		return fmt.Errorf("read signed measure texts: %w", err)
	}
	defer rows.Close()
	var buf []uint64
	for rows.Next() {
		var m store.MeasureText
		var raw []byte
		if err := rows.Scan(&m.ID, &m.DisclosureID, &m.Unit, &m.RoundKey, &m.Text, &raw); err != nil {
			return fmt.Errorf("read signed measure texts: %w", err)
		}
		var sig []uint64
		if raw != nil {
			var ok bool
			if buf, ok = store.DecodeSignature(buf, raw); ok {
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
