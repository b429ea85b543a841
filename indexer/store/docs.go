package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
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

// unpackMeasures sets the measures packed in p on d (which has none):
// the ids and theme ids share p's memory, and the themes' measure lists
// one array. sc is scratch space, reused from one call to the next.
func unpackMeasures(d *analytics.Doc, p string, sc *unpackScratch) {
	if p == "" {
		return
	}
	tags, themes := sc.tags[:0], sc.themes[:0]
	defer func() { sc.tags, sc.themes = tags[:0], themes[:0] }()
	d.MeasureIDs = make([]string, 0, strings.Count(p, sepMeasure)+1)
	for len(p) > 0 {
		m := p
		if i := strings.Index(p, sepMeasure); i >= 0 {
			m, p = p[:i], p[i+1:]
		} else {
			p = ""
		}
		id, rest, more := strings.Cut(m, sepTheme)
		i := int32(len(d.MeasureIDs))
		d.MeasureIDs = append(d.MeasureIDs, id)
		for more {
			var t string
			t, rest, more = strings.Cut(rest, sepTheme)
			if t == "" {
				continue
			}
			k := 0
			for k < len(themes) && themes[k].ID != t {
				k++
			}
			if k == len(themes) {
				themes = append(themes, analytics.DocTheme{ID: t})
			}
			tags = append(tags, docTag{theme: int32(k), measure: i})
		}
	}
	if len(themes) == 0 {
		return
	}
	// Count each theme's tags, cut the array, then fill it in tag order
	// (measures ascending).
	start := make([]int32, len(themes)+1)
	for _, t := range tags {
		start[t.theme+1]++
	}
	for k := range themes {
		start[k+1] += start[k]
	}
	backing := make([]int32, len(tags))
	d.Themes = slices.Clone(themes)
	for k := range d.Themes {
		d.Themes[k].Measures = backing[start[k]:start[k]:start[k+1]]
	}
	for _, t := range tags {
		d.Themes[t.theme].Measures = append(d.Themes[t.theme].Measures, t.measure)
	}
}

// unpackScratch is the scratch space of unpackMeasures.
type unpackScratch struct {
	tags   []docTag
	themes []analytics.DocTheme
}

// docTag is one theme tag of a packed measure list: the theme's place in
// the Doc's themes and the measure's.
type docTag struct{ theme, measure int32 }

// MeasureDocs reads, for every disclosure of the rectification kinds, in
// stored order, its analytics Doc (its measures' ids and theme tags, its
// unit, round key as stated, round number and publication date) and what
// round inference needs of it: the Docs answer as analytics.DocsOf of
// MeasureRows (with Details) and the inspections as Inspections, from one
// small row per disclosure (table disclosure_docs). A disclosure without
// that row (none has one missing, but the analytics must not depend on it)
// is read from its record, measures and tags.
func (s *Store) MeasureDocs(ctx context.Context) ([]analytics.Doc, []analytics.Inspection, error) {
	kinds := []any{string(corpus.KindRectification), string(corpus.KindRectificationConcentrated)}
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM disclosures) - (SELECT count(*) FROM disclosure_docs)`).Scan(&n); err != nil {
		return nil, nil, fmt.Errorf("read analytics rows: %w", err)
	}
	from := "disclosure_docs"
	if n != 0 {
		from = `(SELECT d.rowid AS pos, d.id AS disclosure_id, d.kind, d.unit, d.body, d.round_key, d.round, d.published,
			COALESCE(x.start, json_extract(d.record, '$.inspection.start'), '') AS start, x.measures
			FROM disclosures d LEFT JOIN disclosure_docs x ON x.disclosure_id = d.id)`
	}
	rows, err := s.r.QueryContext(ctx, `SELECT disclosure_id, unit, round_key, round, published, body, start, measures
		FROM `+from+` WHERE kind IN (?, ?) ORDER BY pos`, kinds...)
	if err != nil {
		return nil, nil, fmt.Errorf("read analytics rows: %w", err)
	}
	defer rows.Close()
	var (
		docs   []analytics.Doc
		ins    []analytics.Inspection
		unread []int // docs whose measures are not packed
		sc     unpackScratch
	)
	for rows.Next() {
		var (
			d      analytics.Doc
			in     analytics.Inspection
			round  sql.NullInt64
			packed sql.NullString
		)
		if err := rows.Scan(&d.DisclosureID, &d.Unit, &d.RoundKey, &round, &d.Published, &in.Body, &in.Start, &packed); err != nil {
			return nil, nil, fmt.Errorf("read analytics rows: %w", err)
		}
		d.Round = nullInt(round)
		in.DisclosureID, in.Unit, in.RoundKey = d.DisclosureID, d.Unit, d.RoundKey
		if packed.Valid {
			unpackMeasures(&d, packed.String, &sc)
		} else {
			unread = append(unread, len(docs))
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
