package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/analytics"
)

// The separators of a measure list packed by schema 4 (ASCII record and
// unit separators), read when converting it: measures are separated by
// sepMeasure, and a measure is its id followed by sepTheme and a theme id
// for each of its themes.
const (
	sepMeasure = "\x1e"
	sepTheme   = "\x1f"
)

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
// small encoded row per disclosure (table disclosure_docs, see appendDoc).
// A disclosure without that row, or whose row does not decode (none has
// one missing, but the analytics must not depend on it), is read from its
// record, measures and tags. The Docs share their strings and arrays:
// they are the caller's to read, not to modify.
//
// Many rows are read in two halves at once (by position, each on its own
// connection, so each half is read as of its own moment, as two calls
// would be): on two cores a first compare at 30,000 disclosures waits
// for half the reading and decoding.
func (s *Store) MeasureDocs(ctx context.Context) ([]analytics.Doc, []analytics.Inspection, error) {
	kinds := []any{string(corpus.KindRectification), string(corpus.KindRectificationConcentrated)}
	var missing, all, lo, hi int64
	if err := s.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM disclosures) - (SELECT count(*) FROM disclosure_docs),
		(SELECT count(*) FROM disclosures), coalesce((SELECT min(pos) FROM disclosure_docs), 0),
		coalesce((SELECT max(pos) FROM disclosure_docs), 0)`).Scan(&missing, &all, &lo, &hi); err != nil {
		return nil, nil, fmt.Errorf("read analytics rows: %w", err)
	}
	var parts []docPart
	switch {
	case missing != 0:
		parts = []docPart{{q: `SELECT d.rowid, x.doc FROM disclosures d LEFT JOIN disclosure_docs x ON x.disclosure_id = d.id
			WHERE d.kind IN (?, ?) ORDER BY d.rowid`, args: kinds, room: all}}
	case all < cmp.Or(s.minParallelDocs, minParallelDocs):
		parts = []docPart{{q: `SELECT pos, doc FROM disclosure_docs WHERE kind IN (?, ?) ORDER BY pos`, args: kinds, room: all}}
	default:
		const q = `SELECT pos, doc FROM disclosure_docs WHERE kind IN (?, ?) AND pos BETWEEN ? AND ? ORDER BY pos`
		mid := lo + (hi-lo)/2
		parts = []docPart{
			{q: q, args: append(slices.Clone(kinds), lo, mid), room: all/2 + 1},
			{q: q, args: append(slices.Clone(kinds), mid+1, hi), room: all/2 + 1},
		}
	}
	var wg sync.WaitGroup
	for i := range parts[1:] {
		p := &parts[i+1]
		wg.Go(func() { s.readDocPart(ctx, p) })
	}
	s.readDocPart(ctx, &parts[0])
	wg.Wait()
	var docs []analytics.Doc
	var ins []analytics.Inspection
	if len(parts) == 1 {
		docs, ins = parts[0].docs, parts[0].ins
	} else {
		n := 0
		for _, p := range parts {
			n += len(p.docs)
		}
		docs, ins = make([]analytics.Doc, 0, n), make([]analytics.Inspection, 0, n)
	}
	for _, p := range parts {
		if p.err != nil {
			return nil, nil, fmt.Errorf("read analytics rows: %w", p.err)
		}
		if len(parts) > 1 {
			for j := range p.unread {
				p.unread[j].i += len(docs)
			}
			docs, ins = append(docs, p.docs...), append(ins, p.ins...)
		}
		for _, u := range p.unread {
			if err := s.readDoc(ctx, u.pos, &docs[u.i], &ins[u.i]); err != nil {
				return nil, nil, err
			}
		}
	}
	if cap(docs)-len(docs) > len(docs)/8 {
		docs, ins = slices.Clone(docs), slices.Clone(ins)
	}
	return docs, ins, nil
}

// minParallelDocs is the least number of disclosures MeasureDocs reads in
// two halves at once.
const minParallelDocs = 4000

// docPart is one query of MeasureDocs (q with args: positions and encoded
// rows, in order) and what it read.
type docPart struct {
	q    string
	args []any
	room int64 // the Docs expected, at most
	// read
	docs   []analytics.Doc
	ins    []analytics.Inspection
	unread []docAt // docs whose row is missing or does not decode
	err    error
}

// readDocPart runs p's query and decodes its rows into p.
func (s *Store) readDocPart(ctx context.Context, p *docPart) {
	defer func() {
		if r := recover(); r != nil {
			p.err = fmt.Errorf("panic: %v", r)
		}
	}()
	rows, err := s.r.QueryContext(ctx, p.q, p.args...)
	if err != nil {
		p.err = err
		return
	}
	defer rows.Close()
	// Room for every Doc: growing 30,000 Docs by appends allocates five
	// times their size.
	p.docs, p.ins = make([]analytics.Doc, 0, p.room), make([]analytics.Inspection, 0, p.room)
	dc := newDocDecoder()
	for rows.Next() {
		var (
			pos int64
			b   sql.RawBytes
		)
		if err := rows.Scan(&pos, &b); err != nil {
			p.err = err
			return
		}
		p.docs = append(p.docs, analytics.Doc{})
		p.ins = append(p.ins, analytics.Inspection{})
		i := len(p.docs) - 1
		if b == nil {
			p.unread = append(p.unread, docAt{i, pos})
		} else if err := dc.decode(b, &p.docs[i], &p.ins[i]); err != nil {
			s.log.WarnContext(ctx, "analytics row unreadable, read from its record", "pos", pos, "err", err)
			p.docs[i], p.ins[i] = analytics.Doc{}, analytics.Inspection{}
			p.unread = append(p.unread, docAt{i, pos})
		}
	}
	p.err = rows.Err()
}

// docAt is a Doc to read from the record at pos (the disclosures rowid).
type docAt struct {
	i   int
	pos int64
}

// readDoc reads the Doc and inspection of the disclosure at pos (its
// rowid) from its record, measures and tags.
func (s *Store) readDoc(ctx context.Context, pos int64, d *analytics.Doc, in *analytics.Inspection) error {
	var round sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT id, unit, round_key, round, published, body,
		COALESCE(json_extract(record, '$.inspection.start'), '') FROM disclosures WHERE rowid = ?`, pos).
		Scan(&d.DisclosureID, &d.Unit, &d.RoundKey, &round, &d.Published, &in.Body, &in.Start); err != nil {
		return fmt.Errorf("read analytics row %d: %w", pos, err)
	}
	d.Round = nullInt(round)
	in.DisclosureID, in.Unit, in.RoundKey = d.DisclosureID, d.Unit, d.RoundKey
	return readDocMeasures(ctx, s.r, d)
}

// queryer is a *sql.DB or a *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// readDocMeasures reads the measures and theme tags of d's disclosure from
// their rows.
func readDocMeasures(ctx context.Context, q queryer, d *analytics.Doc) error {
	rows, err := q.QueryContext(ctx, `SELECT m.id, t.theme_id FROM measures m
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
