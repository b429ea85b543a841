package indexer

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/bits"
	"reflect"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
)

// A zap postings list keeps its frequencies, norms and positions in
// chunks of about a thousand postings, each a run of varints: zapx finds a
// document's entry by decoding every entry before it in its chunk. When
// the documents asked are a few per chunk (the candidates of a phrase of a
// rare and a common bigram, or the hits of a page that may still change),
// a phrase's common term costs a decode of nearly all its postings per
// search: a third of the CPU of 40 clients searching 30,000 disclosures.
//
// skipLists keeps, for a term's postings in a segment, where every
// skipStride-th entry of each chunk starts, so that a document's entry is
// reached from the nearest point before it: at most skipStride-1 entries
// decoded instead of up to a chunk's. The points are found by one decode
// of the term's postings, on the first search that reads them
// (as impacts are), and serve every later search while the segment lives.
//
// The entries are read from the segment's bytes in zap's version 17
// layout, which zapx does not export: the offsets of a postings list are
// read from its unexported fields (zapLayout). Any segment or list this
// does not fit — another zap version, a segment still in memory, a reader
// hook (encryption), the one-hit encoding, a layout not found — is read by
// zapx's own iterator as before. TestRawPostingsMatchZapx holds the
// decoded entries to zapx's, term by term.
type skipLists struct {
	listCache[*rawPostings] // nil: a list left to zapx, not read again
	layout                  zapLayout
	minDocs                 uint64 // fewest postings in a segment worth points

	// Lists decoded with their points, and lists whose bytes did not
	// decode as expected (left to zapx): for tests and diagnostics.
	built, misread atomic.Int64
}

// rankDense and rankGroup: see rawPostings.
const (
	rankDense = 16
	rankGroup = 8
)

// skipStride is the entries between two points of a chunk: a point takes
// 8 bytes, so 32 entries cost a quarter of a byte each.
const skipStride = 32

// maxSkipBytes bounds the points kept.
const maxSkipBytes = 24 << 20

// minSkipDocs is the fewest postings a term holds in a segment for its
// points to be kept: below it, a chunk is short to decode anyway.
const minSkipDocs = 256

func newSkipLists(max int64) *skipLists {
	// At the bound, lists are dropped (in the map's random order) down to
	// half of it: the lists of a running service's common terms mostly
	// stay.
	half := func(max int64) int64 { return max / 2 }
	return &skipLists{listCache: newListCache(max, half, (*rawPostings).size), layout: newZapLayout(), minDocs: minSkipDocs}
}

// zapLayout is where a zapx v17 postings list keeps what a raw read needs:
// the index paths of the unexported fields, found once by name. ok is
// false when any is missing or of another kind (a zapx whose layout
// changed): then nothing is read raw.
type zapLayout struct {
	ok                                                 bool
	sb, freqOffset, locOffset, chunkSize, normBits1Hit []int // in PostingsList
	mem, fileReader                                    []int // in SegmentBase
	processor                                          []int // in FileReader
}

func newZapLayout() zapLayout {
	var l zapLayout
	field := func(t reflect.Type, name string, kind reflect.Kind) ([]int, bool) {
		f, ok := t.FieldByName(name)
		if !ok || f.Type.Kind() != kind {
			return nil, false
		}
		return f.Index, true
	}
	pl := reflect.TypeFor[zap.PostingsList]()
	sb := reflect.TypeFor[zap.SegmentBase]()
	fr := reflect.TypeFor[zap.FileReader]()
	var oks [8]bool
	l.sb, oks[0] = field(pl, "sb", reflect.Pointer)
	l.freqOffset, oks[1] = field(pl, "freqOffset", reflect.Uint64)
	l.locOffset, oks[2] = field(pl, "locOffset", reflect.Uint64)
	l.chunkSize, oks[3] = field(pl, "chunkSize", reflect.Uint64)
	l.normBits1Hit, oks[4] = field(pl, "normBits1Hit", reflect.Uint64)
	l.mem, oks[5] = field(sb, "mem", reflect.Slice)
	l.fileReader, oks[6] = field(sb, "fileReader", reflect.Pointer)
	l.processor, oks[7] = field(fr, "processor", reflect.Func)
	l.ok = true
	for _, ok := range oks {
		l.ok = l.ok && ok
	}
	if l.ok {
		f, _ := sb.FieldByName("mem")
		l.ok = f.Type.Elem().Kind() == reflect.Uint8
	}
	return l
}

// rawPostings is a term's postings in one segment, read from its bytes.
type rawPostings struct {
	// Every posting, deleted ones too (entries follow them). A list in
	// more than one document of rankDense is kept a bit per document, with
	// the postings before every rankGroup words of them: roaring's Rank
	// counts the bits from its container's start, a sixth of the search's
	// CPU on such lists. A sparser list keeps roaring's bitmap (in the
	// segment's bytes), whose Rank searches a short array.
	sparse    *roaring.Bitmap
	words     []uint64
	ranks     []uint32
	chunkSize uint64
	fn, loc   rawChunks // frequencies and norms; positions
	// For chunk c: the rank of its first posting in all, and where its
	// points start in pfn and ploc (point j of c is base[c]+j, for the
	// chunk's entry j·skipStride).
	first, base []uint32
	pfn, ploc   []uint32 // each point's offset in the chunk's fn and loc bytes
}

// rawChunks is a chunked run of varints: chunk c is data[ends[c-1]:ends[c]].
type rawChunks struct {
	data []byte
	ends []uint64
}

// chunk returns chunk c's bytes.
func (r *rawChunks) chunk(c int) ([]byte, error) {
	if c >= len(r.ends) {
		return nil, fmt.Errorf("%w: chunk %d of %d", ErrDamaged, c, len(r.ends))
	}
	var start uint64
	if c > 0 {
		start = r.ends[c-1]
	}
	end := r.ends[c]
	if start > end || end > uint64(len(r.data)) {
		return nil, fmt.Errorf("%w: chunk %d at %d–%d of %d bytes", ErrDamaged, c, start, end, len(r.data))
	}
	return r.data[start:end], nil
}

// readChunks reads the chunked run at off in mem (zap's chunked int
// coder: the number of chunks, each chunk's end, then the data).
func readChunks(mem []byte, off uint64) (rawChunks, error) {
	if off == 0 || off >= uint64(len(mem)) {
		return rawChunks{}, fmt.Errorf("%w: chunks at %d of %d bytes", ErrDamaged, off, len(mem))
	}
	p := mem[off:]
	n, k := binary.Uvarint(p)
	if k <= 0 || n > uint64(len(p)) {
		return rawChunks{}, fmt.Errorf("%w: chunk count at %d", ErrDamaged, off)
	}
	p = p[k:]
	ends := make([]uint64, n)
	for i := range ends {
		if ends[i], k = binary.Uvarint(p); k <= 0 {
			return rawChunks{}, fmt.Errorf("%w: chunk end %d at %d", ErrDamaged, i, off)
		}
		p = p[k:]
	}
	return rawChunks{data: p, ends: ends}, nil
}

// varints reads a run of varints, failing once on a damaged one.
type varints struct {
	b   []byte
	at  int
	bad bool
}

func (v *varints) next() uint64 {
	if v.at < len(v.b) { // most are one byte: frequencies, lengths
		if c := v.b[v.at]; c < 0x80 {
			v.at++
			return uint64(c)
		}
	}
	return v.long()
}

func (v *varints) long() uint64 {
	x, k := binary.Uvarint(v.b[min(v.at, len(v.b)):])
	if k <= 0 {
		v.bad = true
		v.at = len(v.b) + 1
		return 0
	}
	v.at += k
	return x
}

// skip passes n bytes.
func (v *varints) skip(n uint64) {
	if n > uint64(len(v.b)-min(v.at, len(v.b))) {
		v.bad = true
		v.at = len(v.b) + 1
		return
	}
	v.at += int(n)
}

// get returns term's raw postings in field of seg, decoding them and their
// points on first use; nil (and no error) when seg or the list is not
// one read raw, or holds fewer than minDocs postings (count, deleted
// ones included).
func (sl *skipLists) get(seg segment.Segment, field, term string, count uint64, raw func() (segment.PostingsList, error)) (*rawPostings, error) {
	if sl == nil || !sl.layout.ok || count < sl.minDocs {
		return nil, nil
	}
	if _, ok := seg.(*zap.Segment); !ok {
		return nil, nil // another version, or a segment still in memory
	}
	always := func(*rawPostings) bool { return true } // a segment never changes
	rp, err := sl.listCache.get(termKey{seg: seg, field: field, term: term}, always, func() (*rawPostings, error) {
		pl, err := raw()
		if err != nil {
			return nil, err
		}
		rp := sl.read(pl)
		if rp != nil {
			sl.built.Add(1)
		}
		return rp, nil
	})
	if err != nil {
		return nil, fmt.Errorf("skip lists: %w", err)
	}
	return rp, nil // nil: a list zapx reads (or another search reads it now)
}

// size is what rp keeps, in bytes (a nil one: its map entry).
func (rp *rawPostings) size() int64 {
	if rp == nil {
		return 64
	}
	return 160 + int64(len(rp.fn.ends)+len(rp.loc.ends)+len(rp.words))*8 + int64(len(rp.ranks)+len(rp.first)+len(rp.base)+len(rp.pfn)+len(rp.ploc))*4
}

// read decodes list pl (a *zap.PostingsList, no deletions applied) and
// finds its points; nil when it is not one read raw.
func (sl *skipLists) read(list segment.PostingsList) *rawPostings {
	pl, ok := list.(*zap.PostingsList)
	if !ok || pl == nil {
		return nil
	}
	l := &sl.layout
	v := reflect.ValueOf(pl).Elem()
	if v.FieldByIndex(l.normBits1Hit).Uint() != 0 {
		return nil // the one-hit encoding: no chunks
	}
	sbp := v.FieldByIndex(l.sb)
	if sbp.IsNil() {
		return nil
	}
	sb := sbp.Elem()
	if fr := sb.FieldByIndex(l.fileReader); !fr.IsNil() && !fr.Elem().FieldByIndex(l.processor).IsNil() {
		return nil // a reader hook transforms the chunks
	}
	it := pl.Iterator(true, true, true, nil)
	opt, ok := it.(segment.OptimizablePostingsIterator)
	if !ok || opt.ActualBitmap() == nil {
		return nil
	}
	mem := sb.FieldByIndex(l.mem).Bytes()
	all := opt.ActualBitmap()
	rp := &rawPostings{chunkSize: v.FieldByIndex(l.chunkSize).Uint()}
	// Anything not as this reading of the layout expects is left to zapx,
	// which reads the list (and reports any damage) as before.
	var err error
	if rp.fn, err = readChunks(mem, v.FieldByIndex(l.freqOffset).Uint()); err == nil {
		if locOff := v.FieldByIndex(l.locOffset).Uint(); locOff != 0 {
			rp.loc, err = readChunks(mem, locOff)
		}
	}
	if err == nil && rp.chunkSize == 0 {
		err = fmt.Errorf("%w: chunk size 0", ErrDamaged)
	}
	if err == nil {
		err = rp.findPoints(all)
	}
	if err != nil {
		sl.misread.Add(1)
		return nil
	}
	return rp
}

// findPoints decodes every entry once, chunk by chunk, noting where each
// chunk starts (its first posting's rank) and every skipStride-th entry's
// offsets; every chunk must be decoded to its last byte.
func (rp *rawPostings) findPoints(all *roaring.Bitmap) error {
	chunks := len(rp.fn.ends)
	if all.IsEmpty() {
		return fmt.Errorf("%w: no postings", ErrDamaged)
	}
	if n := all.GetCardinality(); n*rankDense > uint64(all.Maximum())+1 {
		rp.words = make([]uint64, all.Maximum()/64+1)
		rp.ranks = make([]uint32, (len(rp.words)+rankGroup-1)/rankGroup)
	} else {
		rp.sparse = all
	}
	if len(rp.loc.ends) != 0 && len(rp.loc.ends) != chunks {
		return fmt.Errorf("%w: %d chunks of positions for %d of frequencies", ErrDamaged, len(rp.loc.ends), chunks)
	}
	rp.first = make([]uint32, chunks+1)
	rp.base = make([]uint32, chunks)
	var fn, loc varints
	cur, rank, local := -1, uint32(0), 0
	finish := func() error {
		if cur < 0 {
			return nil
		}
		if fn.bad || fn.at != len(fn.b) || loc.bad || loc.at != len(loc.b) {
			return fmt.Errorf("%w: chunk %d decodes to %d of %d bytes (positions %d of %d)", ErrDamaged, cur, fn.at, len(fn.b), loc.at, len(loc.b))
		}
		return nil
	}
	open := func(c int) error {
		if err := finish(); err != nil {
			return err
		}
		for cur < c { // chunks without postings keep the rank
			cur++
			rp.first[cur] = rank
			rp.base[cur] = uint32(len(rp.pfn))
		}
		b, err := rp.fn.chunk(c)
		if err != nil {
			return err
		}
		fn = varints{b: b}
		loc = varints{}
		if len(rp.loc.ends) != 0 {
			if loc.b, err = rp.loc.chunk(c); err != nil {
				return err
			}
		}
		local = 0
		return nil
	}
	it := all.Iterator()
	for it.HasNext() {
		d := it.Next()
		if rp.words != nil {
			rp.words[d/64] |= 1 << (d % 64)
		}
		c := int(uint64(d) / rp.chunkSize)
		if c >= chunks {
			return fmt.Errorf("%w: document %d past the %d chunks of %d", ErrDamaged, d, chunks, rp.chunkSize)
		}
		if c != cur {
			if err := open(c); err != nil {
				return err
			}
		}
		if local%skipStride == 0 {
			rp.pfn, rp.ploc = append(rp.pfn, uint32(fn.at)), append(rp.ploc, uint32(loc.at))
		}
		skipEntry(&fn, &loc)
		local++
		rank++
	}
	if err := finish(); err != nil {
		return err
	}
	var n uint32
	for w, word := range rp.words {
		if w%rankGroup == 0 {
			rp.ranks[w/rankGroup] = n
		}
		n += uint32(bits.OnesCount64(word))
	}
	for cur < chunks {
		cur++
		rp.first[cur] = rank
		if cur < chunks {
			rp.base[cur] = uint32(len(rp.pfn))
		}
	}
	return nil
}

// skipEntry passes one entry: its frequency (and whether it has
// positions), its norm unless the frequency is 0, and its positions.
func skipEntry(fn, loc *varints) {
	fh := fn.next()
	if fh>>1 != 0 {
		fn.next()
	}
	if fh&1 != 0 && loc.b != nil {
		loc.skip(loc.next())
	}
}

// each calls f with every entry's document, frequency and norm, in
// order (positions are not read): a term's impacts are read this way when
// its points are kept, at a few nanoseconds an entry.
func (rp *rawPostings) each(f func(d uint32, freq uint64, norm float64)) error {
	var fn varints
	ch := -1
	entry := func(d uint32) error {
		if c := int(uint64(d) / rp.chunkSize); c != ch {
			b, err := rp.fn.chunk(c)
			if err != nil {
				return err
			}
			fn, ch = varints{b: b}, c
		}
		fh := fn.next()
		freq, bits := fh>>1, uint64(0)
		if freq != 0 {
			bits = fn.next()
		}
		if fn.bad {
			return fmt.Errorf("%w: the entry of document %d does not decode", ErrDamaged, d)
		}
		f(d, freq, zapNorm(bits))
		return nil
	}
	if rp.sparse != nil {
		it := rp.sparse.Iterator()
		for it.HasNext() {
			if err := entry(it.Next()); err != nil {
				return err
			}
		}
		return nil
	}
	for w, word := range rp.words {
		for word != 0 {
			if err := entry(uint32(w*64 + bits.TrailingZeros64(word))); err != nil {
				return err
			}
			word &= word - 1
		}
	}
	return nil
}

// rank returns the postings before document d, and whether d is one.
func (rp *rawPostings) rank(d uint32) (uint32, bool) {
	if rp.sparse != nil {
		if !rp.sparse.Contains(d) {
			return 0, false
		}
		return uint32(rp.sparse.Rank(d) - 1), true
	}
	w := int(d / 64)
	if w >= len(rp.words) || rp.words[w]&(1<<(d%64)) == 0 {
		return 0, false
	}
	r := rp.ranks[w/rankGroup]
	for _, word := range rp.words[w&^(rankGroup-1) : w] {
		r += uint32(bits.OnesCount64(word))
	}
	return r + uint32(bits.OnesCount64(rp.words[w]&(1<<(d%64)-1))), true
}

// rawCursor reads entries of a rawPostings at documents in increasing
// order (a lower one starts its chunk over).
type rawCursor struct {
	rp      *rawPostings
	chunk   int // the chunk open, -1 for none
	local   int // the entry fn and loc stand at
	fn, loc varints
}

// at reads document d's entry: its frequency, norm and, when withPos,
// its positions in pos[:0]. d must be a posting.
func (c *rawCursor) at(d uint32, pos []uint64, withPos bool) (freq uint64, norm float64, _ []uint64, err error) {
	rp := c.rp
	ch := int(uint64(d) / rp.chunkSize)
	r, ok := rp.rank(d)
	if ch >= len(rp.base) || !ok {
		return 0, 0, pos, fmt.Errorf("%w: document %d is not a posting of the term", ErrDamaged, d)
	}
	if r < rp.first[ch] || r >= rp.first[ch+1] {
		return 0, 0, pos, fmt.Errorf("%w: document %d is posting %d, outside its chunk's %d–%d", ErrDamaged, d, r, rp.first[ch], rp.first[ch+1])
	}
	local := int(r - rp.first[ch])
	if ch != c.chunk || local < c.local {
		b, err := rp.fn.chunk(ch)
		if err != nil {
			return 0, 0, pos, err
		}
		c.fn, c.loc, c.chunk, c.local = varints{b: b}, varints{}, ch, 0
		if len(rp.loc.ends) != 0 {
			if c.loc.b, err = rp.loc.chunk(ch); err != nil {
				return 0, 0, pos, err
			}
		}
	}
	if p := local / skipStride; p*skipStride > c.local { // a point ahead: start there
		i := int(rp.base[ch]) + p
		if i >= len(rp.pfn) {
			return 0, 0, pos, fmt.Errorf("%w: point %d of %d", ErrDamaged, i, len(rp.pfn))
		}
		c.fn.at, c.loc.at, c.local = int(rp.pfn[i]), int(rp.ploc[i]), p*skipStride
	}
	for ; c.local < local; c.local++ {
		skipEntry(&c.fn, &c.loc)
	}
	fh := c.fn.next()
	freq = fh >> 1
	var bits uint64
	if freq != 0 {
		bits = c.fn.next()
	}
	norm = zapNorm(bits)
	c.local++
	pos = pos[:0]
	if fh&1 != 0 && c.loc.b != nil {
		n := c.loc.next()
		if !withPos {
			c.loc.skip(n)
		} else if n > uint64(len(c.loc.b)-min(c.loc.at, len(c.loc.b))) {
			c.loc.bad = true
		} else {
			// Each position: field, position, start, end, then the
			// count of array positions and those.
			end := c.loc.at + int(n)
			for c.loc.at < end && !c.loc.bad {
				c.loc.next()
				pos = append(pos, c.loc.next())
				c.loc.next()
				c.loc.next()
				na := c.loc.next()
				if na > n {
					c.loc.bad = true
					break
				}
				for range na {
					c.loc.next()
				}
			}
			if c.loc.at != end {
				c.loc.bad = true
			}
		}
	}
	if c.fn.bad || c.loc.bad {
		c.chunk = -1
		return 0, 0, pos, fmt.Errorf("%w: the entry of document %d does not decode", ErrDamaged, d)
	}
	return freq, norm, pos, nil
}

// zapNorm is an entry's norm: zap keeps the field's length (as a float32's
// bits), and the norm is its inverse square root, as a float32 (zapx's
// Posting.Norm).
func zapNorm(bits uint64) float64 {
	return float64(float32(1.0 / math.Sqrt(float64(uint32(bits)))))
}
