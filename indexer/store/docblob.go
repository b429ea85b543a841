package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/zhenggai/zhenggai/corpus/analytics"
)

// docFormat is the first byte of an encoded analytics row (appendDoc).
const docFormat = 1

// docFields are the fields of an analytics row besides its measures: as
// the disclosures row holds them, and the inspection start of the record.
type docFields struct {
	ID, Unit, Body, RoundKey, Published, Start string
	Round                                      *int
}

// docMeasure is one measure of an analytics row: its id and its themes
// (empty and repeated themes are left out when encoded).
type docMeasure struct {
	ID     string
	Themes []string
}

// appendDoc appends the analytics row of a disclosure to b, in the form
// MeasureDocs reads (table disclosure_docs, column doc): the format byte,
// the id, unit, body, round key, publication date and inspection start
// (each a uvarint length and its bytes), the round (0, or 1 and a varint),
// the themes its measures carry (their number, then each once: a uvarint
// length and its bytes, in order of first appearance), then the number of
// measures and each measure: a uvarint holding its id's length shifted
// left once, its low bit set when the id is the disclosure's id, "-" and
// the bytes that follow (the usual id, 0f…-001: only 001 is kept), then
// the number of its themes and the place of each in the list of themes.
// Empty and repeated themes of a measure are left out. Any byte may
// appear in any string.
func appendDoc(b []byte, f docFields, ms []docMeasure) []byte {
	b = append(b, docFormat)
	for _, s := range [...]string{f.ID, f.Unit, f.Body, f.RoundKey, f.Published, f.Start} {
		b = appendString(b, s)
	}
	if f.Round == nil {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		b = binary.AppendVarint(b, int64(*f.Round))
	}
	var themes []string
	for _, m := range ms {
		for _, t := range m.Themes {
			if t != "" && !contains(themes, t) {
				themes = append(themes, t)
			}
		}
	}
	b = binary.AppendUvarint(b, uint64(len(themes)))
	for _, t := range themes {
		b = appendString(b, t)
	}
	b = binary.AppendUvarint(b, uint64(len(ms)))
	prefix := f.ID + "-"
	var own []int
	for _, m := range ms {
		if rest, ok := strings.CutPrefix(m.ID, prefix); ok {
			b = binary.AppendUvarint(b, uint64(len(rest))<<1|1)
			b = append(b, rest...)
		} else {
			b = binary.AppendUvarint(b, uint64(len(m.ID))<<1)
			b = append(b, m.ID...)
		}
		own = own[:0]
		for _, t := range m.Themes {
			if k := slices.Index(themes, t); t != "" && !slices.Contains(own, k) {
				own = append(own, k)
			}
		}
		b = binary.AppendUvarint(b, uint64(len(own)))
		for _, k := range own {
			b = binary.AppendUvarint(b, uint64(k))
		}
	}
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// errBadDoc is a stored analytics row that does not decode.
var errBadDoc = errors.New("malformed analytics row")

// docDecoder decodes analytics rows (decode), sharing what repeats from
// row to row: one string per distinct unit, body, round key, date and
// theme id, one int per round number, and the slices of many rows cut
// from a few large arrays (each cut to its length, so that an append
// never reaches a neighbour's).
type docDecoder struct {
	strs   map[string]string
	last   [5]string // the last row's interned fields
	rounds map[int64]*int
	// scratch, reused from one row to the next
	ids    []int32 // per measure: the end of its id in buf
	buf    []byte  // the row's id, then its measure ids
	tags   []docTag
	themes []analytics.DocTheme
	counts []int32
	// slabs the rows' slices are cut from
	idSlab    []string
	themeSlab []analytics.DocTheme
	indexSlab []int32
}

func newDocDecoder() *docDecoder {
	return &docDecoder{strs: map[string]string{}, rounds: map[int64]*int{}}
}

// slabSize is the least number of elements a slab holds.
const slabSize = 4096

func (dc *docDecoder) intern(b []byte) string {
	if s, ok := dc.strs[string(b)]; ok {
		return s
	}
	s := string(b)
	dc.strs[s] = s
	return s
}

func (dc *docDecoder) takeIDs(n int) []string {
	if len(dc.idSlab) < n {
		dc.idSlab = make([]string, max(n, slabSize))
	}
	s := dc.idSlab[:n:n]
	dc.idSlab = dc.idSlab[n:]
	return s
}

func (dc *docDecoder) takeThemes(n int) []analytics.DocTheme {
	if len(dc.themeSlab) < n {
		dc.themeSlab = make([]analytics.DocTheme, max(n, slabSize))
	}
	s := dc.themeSlab[:n:n]
	dc.themeSlab = dc.themeSlab[n:]
	return s
}

func (dc *docDecoder) takeIndexes(n int) []int32 {
	if len(dc.indexSlab) < n {
		dc.indexSlab = make([]int32, max(n, 4*slabSize))
	}
	s := dc.indexSlab[:n:n]
	dc.indexSlab = dc.indexSlab[n:]
	return s
}

// docReader reads the parts of an encoded row in order; the first
// failure sticks.
type docReader struct {
	b   []byte
	off int
	err error
}

func (r *docReader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		r.err = fmt.Errorf("%w: bad number at byte %d", errBadDoc, r.off)
		return 0
	}
	r.off += n
	return v
}

func (r *docReader) varint() int64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b[r.off:])
	if n <= 0 {
		r.err = fmt.Errorf("%w: bad number at byte %d", errBadDoc, r.off)
		return 0
	}
	r.off += n
	return v
}

func (r *docReader) bytes(n uint64) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)-r.off) {
		r.err = fmt.Errorf("%w: %d bytes at byte %d, %d left", errBadDoc, n, r.off, len(r.b)-r.off)
		return nil
	}
	s := r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return s
}

func (r *docReader) str() []byte { return r.bytes(r.uvarint()) }

// decode reads an encoded row into d (which has no measures) and in.
func (dc *docDecoder) decode(b []byte, d *analytics.Doc, in *analytics.Inspection) error {
	if len(b) == 0 || b[0] != docFormat {
		return fmt.Errorf("%w: not of format %d", errBadDoc, docFormat)
	}
	r := docReader{b: b, off: 1}
	id := r.str()
	var f [5]string // unit, body, round key, publication date, inspection start
	for i := range f {
		b := r.str()
		if last := dc.last[i]; string(b) == last { // neighbours share most fields
			f[i] = last
		} else {
			f[i] = dc.intern(b)
			dc.last[i] = f[i]
		}
	}
	unit, body, key, published, start := f[0], f[1], f[2], f[3], f[4]
	var round *int
	switch flag := r.bytes(1); {
	case r.err != nil || flag[0] == 0:
	case flag[0] == 1:
		v := r.varint()
		p, ok := dc.rounds[v]
		if !ok {
			p = new(int)
			*p = int(v)
			dc.rounds[v] = p
		}
		round = p
	default:
		r.err = fmt.Errorf("%w: bad round flag %d", errBadDoc, flag[0])
	}
	nt := r.uvarint()
	if r.err == nil && nt > uint64(len(b)) { // each theme takes at least a byte
		r.err = fmt.Errorf("%w: %d themes in %d bytes", errBadDoc, nt, len(b))
	}
	themes := dc.themes[:0]
	for range nt {
		if t := r.str(); r.err == nil {
			themes = append(themes, analytics.DocTheme{ID: dc.intern(t)})
		}
	}
	n := r.uvarint()
	if r.err != nil {
		return r.err
	}
	if n > uint64(len(b)) { // each measure takes at least two bytes
		return fmt.Errorf("%w: %d measures in %d bytes", errBadDoc, n, len(b))
	}
	// The row's id and its measures' ids go into one string.
	buf, ends, tags := append(dc.buf[:0], id...), dc.ids[:0], dc.tags[:0]
	defer func() { dc.buf, dc.ids, dc.tags, dc.themes = buf, ends, tags, themes }()
	for i := range int32(n) {
		h := r.uvarint()
		mid := r.bytes(h >> 1)
		if h&1 == 1 {
			buf = append(append(buf, id...), '-')
		}
		buf = append(buf, mid...)
		ends = append(ends, int32(len(buf)))
		for k := r.uvarint(); k > 0 && r.err == nil; k-- {
			j := r.uvarint()
			if j >= uint64(len(themes)) {
				if r.err == nil {
					r.err = fmt.Errorf("%w: theme %d of %d at byte %d", errBadDoc, j, len(themes), r.off)
				}
				break
			}
			tags = append(tags, docTag{theme: int32(j), measure: i})
		}
	}
	if r.err == nil && r.off != len(b) {
		r.err = fmt.Errorf("%w: %d bytes left over", errBadDoc, len(b)-r.off)
	}
	if r.err != nil {
		return r.err
	}
	all := string(buf)
	d.DisclosureID, d.Unit, d.RoundKey, d.Round, d.Published = all[:len(id)], unit, key, round, published
	*in = analytics.Inspection{DisclosureID: d.DisclosureID, Unit: unit, RoundKey: key, Body: body, Start: start}
	if n == 0 {
		return nil
	}
	d.MeasureIDs = dc.takeIDs(len(ends))
	from := int32(len(id))
	for i, end := range ends {
		d.MeasureIDs[i] = all[from:end]
		from = end
	}
	if len(themes) == 0 {
		return nil
	}
	// Count each theme's tags, cut their arrays, then fill them in tag
	// order (measures ascending).
	d.Themes = dc.takeThemes(len(themes))
	copy(d.Themes, themes)
	backing := dc.takeIndexes(len(tags))
	counts := append(dc.counts[:0], make([]int32, len(themes))...)
	dc.counts = counts
	for _, t := range tags {
		counts[t.theme]++
	}
	at := int32(0)
	for k := range d.Themes {
		d.Themes[k].Measures = backing[at : at : at+counts[k]]
		at += counts[k]
	}
	for _, t := range tags {
		d.Themes[t.theme].Measures = append(d.Themes[t.theme].Measures, t.measure)
	}
	return nil
}
