package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// Stats is what the store holds, in the shape of `zhenggai stats --json`.
type Stats struct {
	Disclosures int `json:"disclosures"`
	Measures    int `json:"measures"`
	// Indexed counts the records indexed at the version asked about.
	Indexed int `json:"indexed"`
	Units   int `json:"units"`  // distinct non-empty units
	Rounds  int `json:"rounds"` // distinct non-empty round keys
}

// Count is how many disclosures and measures one unit or round has.
type Count struct {
	Key         string `json:"key"`
	Disclosures int    `json:"disclosures"`
	Measures    int    `json:"measures"`
}

// ThemeCount is how many measures of one group (a unit or a round key)
// carry one theme, with the ids of those measures.
type ThemeCount struct {
	Key        string   `json:"key"`
	Theme      string   `json:"theme"`
	Measures   int      `json:"measures"`
	MeasureIDs []string `json:"measure_ids"`
}

// Stats counts what the store holds. Indexed counts the records indexed at
// version; with an empty version, those indexed at any version.
func (s *Store) Stats(ctx context.Context, version string) (Stats, error) {
	indexed := "indexed_version = ?"
	if version == "" {
		indexed = "indexed_version != ?"
	}
	var st Stats
	err := s.r.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM disclosures),
		(SELECT count(*) FROM measures),
		(SELECT count(*) FROM disclosures WHERE `+indexed+`),
		(SELECT count(DISTINCT unit) FROM disclosures WHERE unit != ''),
		(SELECT count(DISTINCT round_key) FROM disclosures WHERE round_key != '')`, version).Scan(
		&st.Disclosures, &st.Measures, &st.Indexed, &st.Units, &st.Rounds)
	if err != nil {
		return Stats{}, fmt.Errorf("count store: %w", err)
	}
	return st, nil
}

// Units returns every unit with its disclosures and measures, most
// disclosures first, then by name. Records without a unit are left out.
func (s *Store) Units(ctx context.Context) ([]Count, error) {
	list, err := s.counts(ctx, `SELECT unit, count(*), sum(measure_count) FROM disclosures
		WHERE unit != '' GROUP BY unit ORDER BY count(*) DESC, unit`)
	if err != nil {
		return nil, fmt.Errorf("count units: %w", err)
	}
	return list, nil
}

// Rounds returns every round key (see RoundKey) with its disclosures and
// measures, by term, body and round number. Records without a round are
// left out.
func (s *Store) Rounds(ctx context.Context) ([]Count, error) {
	list, err := s.counts(ctx, `SELECT round_key, count(*), sum(measure_count) FROM disclosures
		WHERE round_key != '' GROUP BY round_key
		ORDER BY min(term) IS NULL, min(term), min(body), min(round), round_key`)
	if err != nil {
		return nil, fmt.Errorf("count rounds: %w", err)
	}
	return list, nil
}

func (s *Store) counts(ctx context.Context, query string) ([]Count, error) {
	rows, err := s.r.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []Count{}
	for rows.Next() {
		var c Count
		if err := rows.Scan(&c.Key, &c.Disclosures, &c.Measures); err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

// groupColumn maps a grouping of ThemeCounts to its column.
func groupColumn(by string) (string, bool) {
	switch by {
	case "unit":
		return "d.unit", true
	case "round":
		return "d.round_key", true
	}
	return "", false
}

// ThemeCounts counts the measures of every group × theme, grouping by
// "unit" or by "round" (the round key). Every count comes with the ids of
// its measures, in the order they were stored. Measures whose record has
// no unit (or round) are left out. Ordered by group key, then theme id.
func (s *Store) ThemeCounts(ctx context.Context, by string) ([]ThemeCount, error) {
	col, ok := groupColumn(by)
	if !ok {
		return nil, fmt.Errorf("count themes by %q: %w: want unit or round", by, ErrInvalid)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+col+`, t.theme_id, count(*),
			json_group_array(m.id ORDER BY d.rowid, m.seq)
		FROM measure_themes t
		JOIN measures m ON m.id = t.measure_id
		JOIN disclosures d ON d.id = m.disclosure_id
		WHERE `+col+` != ''
		GROUP BY 1, 2 ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("count themes by %s: %w", by, err)
	}
	defer rows.Close()
	list := []ThemeCount{}
	for rows.Next() {
		var (
			c   ThemeCount
			ids sql.RawBytes
		)
		if err := rows.Scan(&c.Key, &c.Theme, &c.Measures, &ids); err != nil {
			return nil, fmt.Errorf("count themes by %s: read: %w", by, err)
		}
		if err := json.Unmarshal(ids, &c.MeasureIDs); err != nil {
			return nil, fmt.Errorf("count themes by %s: decode measure ids: %w", by, err)
		}
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count themes by %s: read: %w", by, err)
	}
	return list, nil
}
