package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/analytics"
)

// The separators of a packed measure list (ASCII record and unit
// separators): measures are separated by sepMeasure, and a measure is its
// id followed by sepTheme and a theme id for each of its themes.
const (
	sepMeasure = "\x1e"
	sepTheme   = "\x1f"
)

// packMeasures packs the ids and theme ids of ms, in order, each theme
// once per measure (as measure_themes keeps them); nil when an id holds a
// separator.
func packMeasures(ms []corpus.Measure) any {
	var b strings.Builder
	for i, m := range ms {
		if strings.ContainsAny(m.ID, sepMeasure+sepTheme) {
			return nil
		}
		if i > 0 {
			b.WriteString(sepMeasure)
		}
		b.WriteString(m.ID)
		for j, t := range m.Themes {
			if strings.ContainsAny(t, sepMeasure+sepTheme) {
				return nil
			}
			if !contains(m.Themes[:j], t) {
				b.WriteString(sepTheme)
				b.WriteString(t)
			}
		}
	}
	return b.String()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// unpackMeasures adds the measures packed in p to d. The ids and theme ids
// share p's memory.
func unpackMeasures(d *analytics.Doc, p string) {
	if p == "" {
		return
	}
	d.MeasureIDs = make([]string, 0, strings.Count(p, sepMeasure)+1)
	var themes []string
	for m := range strings.SplitSeq(p, sepMeasure) {
		id, rest, more := strings.Cut(m, sepTheme)
		themes = themes[:0]
		for more {
			var t string
			t, rest, more = strings.Cut(rest, sepTheme)
			themes = append(themes, t)
		}
		d.AddMeasure(id, themes)
	}
}

// MeasureDocs reads, for every disclosure of the rectification kinds, in
// stored order, its analytics Doc (its measures' ids and theme tags, its
// unit, round key as stated, round number and publication date) and what
// round inference needs of it: the Docs answer as analytics.DocsOf of
// MeasureRows (with Details) and the inspections as Inspections, from one
// row per disclosure (table disclosure_docs).
func (s *Store) MeasureDocs(ctx context.Context) ([]analytics.Doc, []analytics.Inspection, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT d.id, d.unit, d.round_key, d.round, d.published, d.body, x.start, x.measures, x.disclosure_id IS NULL
		FROM disclosures d INDEXED BY disclosures_docs
		LEFT JOIN disclosure_docs x ON x.disclosure_id = d.id
		WHERE d.kind IN (?, ?) ORDER BY d.rowid`,
		string(corpus.KindRectification), string(corpus.KindRectificationConcentrated))
	if err != nil {
		return nil, nil, fmt.Errorf("read analytics rows: %w", err)
	}
	defer rows.Close()
	var (
		docs    []analytics.Doc
		ins     []analytics.Inspection
		unread  []int // docs whose measures are not packed
		noStart []int // inspections without their row
	)
	for rows.Next() {
		var (
			d       analytics.Doc
			in      analytics.Inspection
			round   sql.NullInt64
			start   sql.NullString
			packed  sql.NullString
			missing bool
		)
		if err := rows.Scan(&d.DisclosureID, &d.Unit, &d.RoundKey, &round, &d.Published, &in.Body, &start, &packed, &missing); err != nil {
			return nil, nil, fmt.Errorf("read analytics rows: %w", err)
		}
		d.Round = nullInt(round)
		in.DisclosureID, in.Unit, in.RoundKey, in.Start = d.DisclosureID, d.Unit, d.RoundKey, start.String
		if packed.Valid {
			unpackMeasures(&d, packed.String)
		} else {
			unread = append(unread, len(docs))
		}
		if missing {
			noStart = append(noStart, len(ins))
		}
		docs = append(docs, d)
		ins = append(ins, in)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("read analytics rows: %w", err)
	}
	rows.Close()
	for _, i := range unread {
		if err := s.readDocMeasures(ctx, &docs[i]); err != nil {
			return nil, nil, err
		}
	}
	for _, i := range noStart {
		if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(json_extract(record, '$.inspection.start'), '') FROM disclosures WHERE id = ?`,
			ins[i].DisclosureID).Scan(&ins[i].Start); err != nil {
			return nil, nil, fmt.Errorf("read inspection of %s: %w", ins[i].DisclosureID, err)
		}
	}
	return docs, ins, nil
}

// readDocMeasures reads the measures and theme tags of d's disclosure from
// their rows.
func (s *Store) readDocMeasures(ctx context.Context, d *analytics.Doc) error {
	rows, err := s.r.QueryContext(ctx, `SELECT m.id, t.theme_id FROM measures m
		LEFT JOIN measure_themes t ON t.measure_id = m.id
		WHERE m.disclosure_id = ? ORDER BY m.seq, t.rowid`, d.DisclosureID)
	if err != nil {
		return fmt.Errorf("read measures of %s: %w", d.DisclosureID, err)
	}
	defer rows.Close()
	var (
		last   string
		themes []string
		seen   bool
	)
	flush := func() {
		if seen {
			d.AddMeasure(last, themes)
		}
	}
	for rows.Next() {
		var (
			id    string
			theme sql.NullString
		)
		if err := rows.Scan(&id, &theme); err != nil {
			return fmt.Errorf("read measures of %s: %w", d.DisclosureID, err)
		}
		if !seen || id != last {
			flush()
			last, themes, seen = id, nil, true
		}
		if theme.Valid {
			themes = append(themes, theme.String)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read measures of %s: %w", d.DisclosureID, err)
	}
	flush()
	return nil
}
