package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/analytics"
)

// RowFilter selects the measures MeasureRows reads. Zero fields do not
// filter, except Kind.
type RowFilter struct {
	// Units are exact unit names as stored (see analytics.UnitKey for
	// matching printed variants: resolve them against Units first).
	Units []string
	// RoundKeys are exact round keys, see RoundKey.
	RoundKeys []string
	// Kind is the disclosure kind; empty means the rectification kinds,
	// rectification and rectification_concentrated.
	Kind string
	// Details also reads each row's Text (the measure's) and Published
	// (the disclosure's): what grouped recurrences, trends by year and
	// profiles need. Without it both stay empty.
	Details bool
	// NoText leaves Text empty with Details (Published is still read): for
	// rows kept in memory, whose texts are read by id when shown
	// (MeasureTextsByID).
	NoText bool
}

// where builds the WHERE clause of f.
func (f RowFilter) where() (string, []any) {
	var (
		conds []string
		args  []any
	)
	in := func(col string, vals []string) {
		conds = append(conds, col+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	if f.Kind == "" {
		in("d.kind", []string{string(corpus.KindRectification), string(corpus.KindRectificationConcentrated)})
	} else {
		in("d.kind", []string{f.Kind})
	}
	if len(f.Units) > 0 {
		in("d.unit", f.Units)
	}
	if len(f.RoundKeys) > 0 {
		in("d.round_key", f.RoundKeys)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// MeasureRows reads one analytics row per measure matching f — its id,
// disclosure, unit, round key, round number and theme ids — with one query
// over measures, disclosures and their theme tags; measures without themes
// are included with none; with f.Details, Text (unless f.NoText) and Published too. Rows come in the order the measures were stored,
// and are read as they stream from the database.
func (s *Store) MeasureRows(ctx context.Context, f RowFilter) ([]analytics.Row, error) {
	where, args := f.where()
	text, published := "''", "''"
	if f.Details {
		text, published = "m.text", "d.published"
		if f.NoText {
			text = "''"
		}
	}
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, m.disclosure_id, d.unit, d.round_key, d.round, t.theme_id, `+text+`, `+published+`
		FROM disclosures d
		JOIN measures m ON m.disclosure_id = d.id
		LEFT JOIN measure_themes t ON t.measure_id = m.id`+where+`
		ORDER BY d.rowid, m.seq, t.rowid`, args...)
	if err != nil {
		return nil, fmt.Errorf("read measure rows: %w", err)
	}
	defer rows.Close()
	out := []analytics.Row{}
	// The values many rows repeat (a disclosure's id, unit, round and date,
	// the theme ids) are kept once: at 317,000 measures the rows a server
	// caches are a third smaller.
	seen := map[string]string{}
	intern := func(s string) string {
		if t, ok := seen[s]; ok {
			return t
		}
		seen[s] = s
		return s
	}
	for rows.Next() {
		var (
			r       analytics.Row
			round   sql.NullInt64
			themeID sql.NullString
		)
		if err := rows.Scan(&r.MeasureID, &r.DisclosureID, &r.Unit, &r.RoundKey, &round, &themeID, &r.Text, &r.Published); err != nil {
			return nil, fmt.Errorf("read measure rows: %w", err)
		}
		if n := len(out); n == 0 || out[n-1].MeasureID != r.MeasureID {
			r.Round = nullInt(round)
			r.DisclosureID, r.Unit, r.RoundKey, r.Published = intern(r.DisclosureID), intern(r.Unit), intern(r.RoundKey), intern(r.Published)
			out = append(out, r)
		}
		if themeID.Valid {
			last := &out[len(out)-1]
			last.Themes = append(last.Themes, intern(themeID.String))
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read measure rows: %w", err)
	}
	return out, nil
}

// Inspections reads, for every disclosure of the rectification kinds, what
// round inference needs: unit, inspecting body, stated round key and the
// start of the inspection period (from the stored record).
func (s *Store) Inspections(ctx context.Context) ([]analytics.Inspection, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, unit, body, round_key,
		COALESCE(json_extract(record, '$.inspection.start'), '')
		FROM disclosures WHERE kind IN (?, ?) ORDER BY rowid`,
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
