package indexer

import (
	"math/bits"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"
	words "github.com/blevesearch/segment"

	"github.com/zhenggai/zhenggai/corpus/segment"
)

// Indexing analyses the measure text twice (words, bigrams) and the
// headings once, and bleve's generic path pays for each token several
// times: a token object, a rune slice and a new term in cjk_width, two
// more objects per bigram, then a location object and a map sized to the
// token count in TokenFrequency. Those allocations and the garbage
// collection they cause were a third of indexing (BenchmarkIndexSynth).
//
// fusedAnalysis computes the same term frequencies, locations and lengths
// as the field's analyzer, in one pass and a few slab allocations, for the
// analyzer shapes the mapping uses: a tokenizer followed by cjk_width and
// to_lower (IndexAnalyzer; the gse tokenizer's tokens are read from a
// reused buffer), optionally followed by cjk_bigram without unigrams
// (CJKAnalyzer; the unicode tokenizer's words are read from its
// segmenter), and the keyword analyzer (one term: the text). Any other
// analyzer, and any text that is not valid UTF-8, goes through bleve's own
// path. TestFusedAnalysisSame compares both on generated corpora and edge
// cases. Values repeated across documents (headings, keywords) are
// analysed once per Add where bleve only reads the result (sharable).
//
// The fields themselves and their frequencies (the map, the token
// frequencies, the locations) come from a fieldArena that Add recycles
// once each batch is written, and keeps between Adds: an Add of about
// 1,060 measures to an open index allocates 55–60 MB and 0.52–0.55 M
// objects instead of 100–103 MB and 0.84–0.85 M (BenchmarkAddSteady), most
// of the rest bleve's segment building. That matters most when searches
// run beside an ingest and every allocation adds to the collector's work.

// fusedAnalysis is the plan for one analyzer.
type fusedAnalysis struct {
	gse     *gseTokenizer      // the gse tokenizer, read from its buffer
	tok     analysis.Tokenizer // any other tokenizer
	bigrams bool               // then cjk_bigram without unigrams
	keyword bool               // the keyword analyzer: the text is the term
	words   bool               // tok is the unicode tokenizer: read its segmenter
	width   *cjk.CJKWidthFilter
	lower   *lowercase.LowerCaseFilter
	scratch sync.Pool // of *analysisScratch, reused between texts

	// shared holds the frequencies of values already analysed, for fields
	// that can share them between documents (see sharable), by whether the
	// field skips frequencies (the one option besides term vectors that
	// changes them) and by value.
	mu      sync.Mutex
	shared  [2]map[string]*sharedFreqs
	nShared int
}

type sharedFreqs struct {
	length, size int
	freqs        index.TokenFrequencies
}

// maxShared bounds the values fusedAnalysis.shared holds (one Add's).
const maxShared = 20000

// occurrence is one output token of an analysis, before frequencies.
type occurrence struct {
	term       []byte
	start, end int
	pos        int
}

// analysisScratch is the per-text working memory of an analysis: its
// output tokens and, when locations are kept, each one's term.
type analysisScratch struct {
	occs []occurrence
	of   []*index.TokenFreq
}

// fuse returns the fused plan for a, or nil when a is not of a shape it
// reproduces (the field then keeps bleve's analysis).
func fuse(a analysis.Analyzer) *fusedAnalysis {
	da, ok := a.(*analysis.DefaultAnalyzer)
	if !ok || len(da.CharFilters) > 0 {
		return nil
	}
	fs := da.TokenFilters
	if len(fs) == 0 {
		if _, ok := da.Tokenizer.(*single.SingleTokenTokenizer); ok {
			return &fusedAnalysis{keyword: true}
		}
		return nil
	}
	if len(fs) != 2 && len(fs) != 3 {
		return nil
	}
	if _, ok := fs[0].(*cjk.CJKWidthFilter); !ok {
		return nil
	}
	if _, ok := fs[1].(*lowercase.LowerCaseFilter); !ok {
		return nil
	}
	f := &fusedAnalysis{width: cjk.NewCJKWidthFilter(), lower: lowercase.NewLowerCaseFilter()}
	if len(fs) == 3 {
		if _, ok := fs[2].(*cjk.CJKBigramFilter); !ok {
			return nil
		}
		// The filter's unigram option is not exported: probe it. Without
		// unigrams, two adjacent Han characters give one bigram.
		if ts := fs[2].Filter(analysis.TokenStream{
			{Term: []byte("中"), Start: 0, End: 3, Position: 1, Type: analysis.Ideographic},
			{Term: []byte("文"), Start: 3, End: 6, Position: 2, Type: analysis.Ideographic},
		}); len(ts) != 1 {
			return nil
		}
		f.bigrams = true
	}
	if g, ok := da.Tokenizer.(*gseTokenizer); ok && !f.bigrams {
		f.gse = g
	} else {
		f.tok = da.Tokenizer
		_, f.words = da.Tokenizer.(*unicodetok.UnicodeTokenizer)
	}
	return f
}

// fusedField is a text field of a mapped document whose analysis runs
// through a fusedAnalysis; everything else is the mapped field's (held by
// value, so that field and analysis are one object, from the arena).
type fusedField struct {
	document.TextField
	plan   *fusedAnalysis
	arena  *fieldArena // nil: the heap
	length int
	size   int // of freqs, estimated
	freqs  index.TokenFrequencies
}

// Analyze computes the field's token frequencies as the mapped field's
// analyzer would.
func (f *fusedField) Analyze() {
	value := f.Value()
	if !utf8.Valid(value) {
		f.TextField.Analyze()
		f.length, f.freqs = f.TextField.AnalyzedLength(), f.TextField.AnalyzedTokenFrequencies()
		for _, tf := range f.freqs {
			for _, l := range tf.Locations {
				l.Start, l.End = 0, 0 // positions only, as frequencies keeps them
			}
		}
		f.size = f.freqs.Size()
		return
	}
	// Terms may be slices of the value: bleve analyses a copy of a stored
	// one because its filters may rewrite terms in place, which fold never
	// does (a term it changes is a new one).
	text := value
	p := f.plan
	arena := f.arena
	if f.sharable() {
		arena = nil // kept for the whole Add, past the batch's reuse
		skip := 0
		if f.Options().SkipFreqNorm() {
			skip = 1
		}
		p.mu.Lock()
		sf := p.shared[skip][string(value)]
		p.mu.Unlock()
		if sf != nil {
			f.length, f.size, f.freqs = sf.length, sf.size, sf.freqs
			return
		}
		defer func() {
			p.mu.Lock()
			defer p.mu.Unlock()
			if p.shared[skip] == nil {
				p.shared[skip] = map[string]*sharedFreqs{}
			}
			if p.nShared < maxShared {
				p.shared[skip][string(value)] = &sharedFreqs{length: f.length, size: f.size, freqs: f.freqs}
				p.nShared++
			}
		}()
	}
	sc, _ := p.scratch.Get().(*analysisScratch)
	if sc == nil {
		sc = new(analysisScratch)
	}
	occs := sc.occs[:0]
	if p.keyword {
		occs = append(occs, occurrence{term: text, end: len(text), pos: 1})
	} else {
		occs = p.analyze(occs, text)
	}
	f.length = len(occs)
	f.freqs, f.size = frequencies(occs, f.ArrayPositions(), f.Options(), arena, sc)
	clear(occs) // drop the term references before pooling
	sc.occs = occs[:0]
	p.scratch.Put(sc)
}

// sharable reports whether the field's frequencies may be shared with
// other documents' fields of the same value: bleve only reads them, except
// that it merges a document's further values of one field into the first's
// frequencies and stamps the field name on their locations. So: a field of
// one value (no array position: documents give every field one value or an
// array), without term vectors (locations).
func (f *fusedField) sharable() bool {
	return !f.Options().IncludeTermVectors() && len(f.ArrayPositions()) == 0
}

func (f *fusedField) AnalyzedLength() int                              { return f.length }
func (f *fusedField) AnalyzedTokenFrequencies() index.TokenFrequencies { return f.freqs }

// Size adds the frequencies' size (bleve's statistics, read per document
// of a batch), estimated as they were built, which the embedded field does
// not hold.
func (f *fusedField) Size() int { return f.TextField.Size() + f.size }

// analyze appends the analysis's output tokens of text to dst.
func (p *fusedAnalysis) analyze(dst []occurrence, text []byte) []occurrence {
	if p.gse != nil {
		seg, err := segment.Shared()
		if err != nil {
			return dst // as gseTokenizer: unreachable once Add has loaded it
		}
		buf, _ := p.gse.bufs.Get().(*[]segment.Token)
		if buf == nil {
			buf = new([]segment.Token)
		}
		toks := seg.AppendTokens(*buf, text, p.gse.mode)
		for i := range toks {
			t := &toks[i]
			dst = append(dst, occurrence{term: p.fold(t.Term), start: t.Start, end: t.End, pos: t.Position})
		}
		clear(toks)
		*buf = toks[:0]
		p.gse.bufs.Put(buf)
		return dst
	}
	if p.bigrams && p.words {
		return p.bigramsOfWords(dst, text)
	}
	toks := p.tok.Tokenize(text)
	if !p.bigrams {
		for _, t := range toks {
			dst = append(dst, occurrence{term: p.fold(t.Term), start: t.Start, end: t.End, pos: t.Position})
		}
		return dst
	}
	return p.bigramsOf(dst, toks)
}

// bigramsOf is cjk_bigram without unigrams over the folded tokens: each
// run of adjacent Han characters (Ideographic tokens, split into their
// characters) gives its overlapping bigrams, a lone character a unigram,
// and any other token passes through; positions count the output.
func (p *fusedAnalysis) bigramsOf(dst []occurrence, toks analysis.TokenStream) []occurrence {
	textLen := 0
	if len(toks) > 0 {
		textLen = toks[len(toks)-1].End
	}
	bg := bigrammer{dst: dst, pos: 1, textLen: textLen}
	for _, t := range toks {
		bg.add(p.fold(t.Term), t.Start, t.End, t.Type == analysis.Ideographic)
	}
	return bg.finish()
}

// bigramsOfWords is bigramsOf over the unicode tokenizer's tokens of text,
// read from its segmenter as they come instead of from a token stream
// (the same segmenter and types: segment's ideographs and kana are
// Ideographic, and segments without a type are no token).
func (p *fusedAnalysis) bigramsOfWords(dst []occurrence, text []byte) []occurrence {
	bg := bigrammer{dst: dst, pos: 1, textLen: len(text)}
	sg := words.NewWordSegmenterDirect(text)
	start := 0
	for sg.Segment() {
		b := sg.Bytes()
		end := start + len(b)
		if typ := sg.Type(); typ != words.None {
			bg.add(p.fold(b), start, end, typ == words.Ideo || typ == words.Kana)
		}
		start = end
	}
	return bg.finish()
}

// bigrammer is the state of cjk_bigram (without unigrams) over a stream.
type bigrammer struct {
	dst     []occurrence
	prev    occurrence // the buffered character, when held
	held    int        // characters buffered: 0, 1 or 2 (prev is the last)
	pos     int
	terms   []byte // the bigrams, in one buffer per text
	textLen int    // bigrams take at most twice the text
}

func (bg *bigrammer) flush() {
	if bg.held == 1 {
		bg.dst = append(bg.dst, occurrence{term: bg.prev.term, start: bg.prev.start, end: bg.prev.end, pos: bg.pos})
		bg.pos++
	}
	bg.held = 0
}

// add takes the next (folded) token.
func (bg *bigrammer) add(term []byte, start, end int, ideographic bool) {
	if !ideographic {
		bg.flush()
		bg.dst = append(bg.dst, occurrence{term: term, start: start, end: end, pos: bg.pos})
		bg.pos++
		return
	}
	for sofar := 0; sofar < len(term); {
		_, n := utf8.DecodeRune(term[sofar:])
		c := occurrence{term: term[sofar : sofar+n], start: start + sofar, end: start + sofar + n}
		sofar += n
		if bg.held > 0 && c.start != bg.prev.end {
			bg.flush()
		}
		if bg.held == 0 {
			bg.prev, bg.held = c, 1
			continue
		}
		// A reallocation of the buffer leaves the earlier bigrams where
		// they are.
		need := len(bg.prev.term) + len(c.term)
		if cap(bg.terms)-len(bg.terms) < need {
			bg.terms = make([]byte, 0, max(2*bg.textLen, need))
		}
		n0 := len(bg.terms)
		bg.terms = append(append(bg.terms, bg.prev.term...), c.term...)
		bi := bg.terms[n0:len(bg.terms):len(bg.terms)]
		bg.dst = append(bg.dst, occurrence{term: bi, start: bg.prev.start, end: c.end, pos: bg.pos})
		bg.pos++
		bg.prev, bg.held = c, 2
	}
}

// finish returns the output, with a last lone character as a unigram.
func (bg *bigrammer) finish() []occurrence {
	if bg.held == 1 {
		bg.dst = append(bg.dst, occurrence{term: bg.prev.term, start: bg.prev.start, end: bg.prev.end, pos: bg.pos})
	}
	return bg.dst
}

// fold returns term after cjk_width and to_lower: term itself when they
// leave it unchanged (the common case, checked without allocating), else
// what the two filters make of it.
func (p *fusedAnalysis) fold(term []byte) []byte {
	if !needsFold(term) {
		return term
	}
	t := &analysis.Token{Term: term}
	ts := p.lower.Filter(p.width.Filter(analysis.TokenStream{t}))
	return ts[0].Term
}

// needsFold reports whether cjk_width or to_lower could change term (valid
// UTF-8): a full- or half-width form (U+FF01–U+FF9F) or a rune with a
// lower case.
func needsFold(term []byte) bool {
	for i := 0; i < len(term); {
		b := term[i]
		if b < utf8.RuneSelf {
			if 'A' <= b && b <= 'Z' {
				return true
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(term[i:])
		i += n
		if caseless(r) {
			continue
		}
		if r >= 0xFF01 && r <= 0xFF9F || unicode.ToLower(r) != r {
			return true
		}
	}
	return false
}

// caseless reports the CJK blocks where no rune has a lower case and none
// is a width form: radicals, CJK symbols and punctuation, kana, Han, Hangul
// (TestCaselessBlocks checks every rune).
func caseless(r rune) bool {
	return r >= 0x2E80 && r <= 0x9FFF || r >= 0xAC00 && r <= 0xD7A3
}

// frequencies is analysis.TokenFrequency over occurrences, with the map,
// the token frequencies and the locations taken from arena (the heap when
// nil) in one piece each, and an estimate of what
// index.TokenFrequencies.Size would say of them. Map keys are the terms'
// bytes, not copies: a term is never written once made (terms slice the
// field's value, a folded copy or the bigram buffer of one text).
func frequencies(occs []occurrence, arrayPositions []uint64, opts index.FieldIndexingOptions, arena *fieldArena, sc *analysisScratch) (index.TokenFrequencies, int) {
	vectors := opts.IncludeTermVectors()
	rv, slab, ptrs, locs := arena.take(len(occs), vectors)
	size := sizeMap
	var of []*index.TokenFreq // each occurrence's term
	if vectors {
		of = slices.Grow(sc.of[:0], len(occs))[:len(occs)]
	}
	uniq := 0
	for i, o := range occs {
		tf, ok := rv[string(o.term)]
		if !ok {
			slab[uniq] = index.TokenFreq{Term: o.term}
			tf = &slab[uniq]
			uniq++
			rv[unsafe.String(unsafe.SliceData(o.term), len(o.term))] = tf
			size += 2*len(o.term) + sizeTokenFreq
		}
		tf.SetFrequency(tf.Frequency() + 1)
		if vectors {
			of[i] = tf
		}
	}
	arena.giveBack(slab, uniq)
	slab = slab[:uniq:uniq]
	if vectors {
		// Each term's locations, in token order, in its own part of one
		// slab of pointers (capped, so that appending to one term's never
		// overwrites the next's).
		off := 0
		for k := range slab {
			c := slab[k].Frequency()
			slab[k].Locations = ptrs[off : off : off+c]
			off += c
		}
		for i, o := range occs {
			// Positions only: the offsets are left 0, as nothing reads
			// them (highlights are found in the text, phrases by
			// position), and zap writes every location's two offsets as
			// varints: two bytes each past the 128th byte of a text.
			locs[i] = index.TokenLocation{ArrayPositions: arrayPositions, Position: o.pos}
			of[i].Locations = append(of[i].Locations, &locs[i])
		}
		size += len(occs) * (sizeTokenLocation + 8*len(arrayPositions))
		clear(of)
		sc.of = of[:0]
	}
	if opts.SkipFreqNorm() {
		for k := range slab {
			slab[k].SetFrequency(0)
		}
	}
	return rv, size
}

// Sizes for frequencies' estimate (64-bit): a map header, a map entry and
// a TokenFreq, a TokenLocation and its pointer.
const (
	sizeMap           = 48
	sizeTokenFreq     = 24 + 56
	sizeTokenLocation = 64 + 8
)

// fieldArena hands out the memory of the fused fields of one Add and of
// their frequencies, from chunks reused once the batch that holds them is
// written (recycle), instead of allocating it for every field: the
// frequencies were half of what indexing allocated, and the garbage
// collection it caused slowed every other goroutine (GC assists).
//
// Reuse relies on bleve not keeping the documents of a batch once
// Index.Batch has returned: scorch analyses them, zapx copies what it
// needs into the new segment (terms become its dictionary's strings,
// frequencies and locations its numbers), and the batch is reset. The
// terms' bytes are never reused (map keys alias them), only the structs.
// It is safe for concurrent use by bleve's analysis workers.
type fieldArena struct {
	mu     sync.Mutex
	freqs  slabs[index.TokenFreq]
	locs   slabs[index.TokenLocation]
	ptrs   slabs[*index.TokenLocation]
	fields slabs[fusedField]
	slots  slabs[document.Field]
	apos   slabs[uint64]
	free   [maxMapClass + 1][]index.TokenFrequencies // cleared maps by size class
	used   []classedMap                              // maps handed out since recycle
}

// classedMap is a map of the arena and its size class: made for up to
// 1<<class-1 terms.
type classedMap struct {
	m     index.TokenFrequencies
	class int
}

// maxMapClass is the largest size class of maps kept: 1<<maxMapClass
// entries (longer texts' maps are left to the garbage collector).
const maxMapClass = 14

// take returns a map for n terms, n token frequencies and, with vectors,
// n location pointers and n locations.
func (a *fieldArena) take(n int, vectors bool) (m index.TokenFrequencies, freqs []index.TokenFreq, ptrs []*index.TokenLocation, locs []index.TokenLocation) {
	if a == nil {
		m, freqs = make(index.TokenFrequencies, n), make([]index.TokenFreq, n)
		if vectors {
			ptrs, locs = make([]*index.TokenLocation, n), make([]index.TokenLocation, n)
		}
		return m, freqs, ptrs, locs
	}
	class := bits.Len(uint(n))
	a.mu.Lock()
	defer a.mu.Unlock()
	if class <= maxMapClass {
		if k := len(a.free[class]); k > 0 {
			m = a.free[class][k-1]
			a.free[class][k-1] = nil
			a.free[class] = a.free[class][:k-1]
		} else {
			m = make(index.TokenFrequencies, 1<<class-1)
		}
		a.used = append(a.used, classedMap{m, class})
	} else {
		m = make(index.TokenFrequencies, n)
	}
	freqs = a.freqs.take(n)
	if vectors {
		ptrs, locs = a.ptrs.take(n), a.locs.take(n)
	}
	return m, freqs, ptrs, locs
}

// giveBack frees freqs[used:], where freqs is what take returned, when no
// other take came after it.
func (a *fieldArena) giveBack(freqs []index.TokenFreq, used int) {
	if a == nil || used >= len(freqs) {
		return
	}
	a.mu.Lock()
	a.freqs.giveBack(freqs, used)
	a.mu.Unlock()
}

// field returns a zeroed fusedField.
func (a *fieldArena) field() *fusedField {
	if a == nil {
		return new(fusedField)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return &a.fields.take(1)[0]
}

// fieldSlots returns an empty slice with room for n document fields.
func (a *fieldArena) fieldSlots(n int) []document.Field {
	if a == nil {
		return make([]document.Field, 0, n)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.slots.take(n)[:0]
}

// positions returns n array positions (to be set).
func (a *fieldArena) positions(n int) []uint64 {
	if a == nil {
		return make([]uint64, n)
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.apos.take(n)
}

// recycle makes everything handed out since the last recycle free again,
// cleared (so that it keeps nothing of the written batch alive). Call it
// once bleve's Batch holding the fields' documents has returned, and
// before any of the next batch's fields is made.
func (a *fieldArena) recycle() {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.freqs.recycle()
	a.locs.recycle()
	a.ptrs.recycle()
	a.fields.recycle()
	a.slots.recycle()
	a.apos.recycle()
	// A map bleve merged a field's further values into may have grown:
	// it still has at least its class's room.
	for i, u := range a.used {
		clear(u.m)
		a.free[u.class] = append(a.free[u.class], u.m)
		a.used[i] = classedMap{}
	}
	a.used = a.used[:0]
}

// slabs hands out slices of T carved from chunks that are reused after
// recycle (not safe for concurrent use: fieldArena locks).
type slabs[T any] struct {
	chunks [][]T
	cur    int // the chunk being carved
	off    int // what of it is taken
}

// Chunk sizes, in elements: the first, and the largest a chunk grows to by
// doubling (a longer take gets a chunk of its own size).
const (
	minChunk = 1 << 10
	maxChunk = 1 << 16
)

// take returns n elements (zero once recycled), capped at n.
func (s *slabs[T]) take(n int) []T {
	for ; s.cur < len(s.chunks); s.cur, s.off = s.cur+1, 0 {
		if c := s.chunks[s.cur]; len(c)-s.off >= n {
			out := c[s.off : s.off+n : s.off+n]
			s.off += n
			return out
		}
	}
	size := minChunk
	if k := len(s.chunks); k > 0 {
		size = min(2*len(s.chunks[k-1]), maxChunk)
	}
	c := make([]T, max(size, n))
	s.chunks = append(s.chunks, c)
	s.cur, s.off = len(s.chunks)-1, n
	return c[:n:n]
}

// giveBack frees taken[used:], where taken is what the last take
// returned (else it does nothing).
func (s *slabs[T]) giveBack(taken []T, used int) {
	n := len(taken)
	if used >= n || s.cur >= len(s.chunks) || s.off < n {
		return
	}
	if c := s.chunks[s.cur]; &c[s.off-n] != &taken[0] {
		return
	}
	s.off -= n - used
}

// recycle clears what was taken and makes it free again.
func (s *slabs[T]) recycle() {
	for i := 0; i <= s.cur && i < len(s.chunks); i++ {
		clear(s.chunks[i])
	}
	s.cur, s.off = 0, 0
}

// fuser is the fused analysis of one Add: a plan per analyzer (fuse's
// answer, cached) and the arena its fields come from. Only the Add's
// goroutine calls it; the fields it makes are analysed by bleve's workers.
type fuser struct {
	plans map[analysis.Analyzer]*fusedAnalysis
	arena *fieldArena // nil: fields and frequencies on the heap
}

// newFuser returns a fuser whose fields and their frequencies come from
// arena (nil: the heap), which the caller must recycle once each batch
// holding them is written, and before the next batch's fields are made.
func newFuser(arena *fieldArena) *fuser {
	return &fuser{plans: map[analysis.Analyzer]*fusedAnalysis{}, arena: arena}
}

// recycle frees the memory of every field made so far (see newFuser).
func (fz *fuser) recycle() { fz.arena.recycle() }

// plan returns the fused plan of a, or nil when a is not fused.
func (fz *fuser) plan(a analysis.Analyzer) *fusedAnalysis {
	if a == nil {
		return nil
	}
	p, seen := fz.plans[a]
	if !seen {
		p = fuse(a)
		fz.plans[a] = p
	}
	return p
}

// fields swaps each indexed text field of doc whose analyzer fuse accepts
// for a fusedField.
func (fz *fuser) fields(doc *document.Document) {
	for i, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		if !ok || !tf.Options().IsIndexed() {
			continue
		}
		if p := fz.plan(tf.Analyzer()); p != nil {
			ff := fz.arena.field()
			ff.TextField, ff.plan, ff.arena = *tf, p, fz.arena
			doc.Fields[i] = ff
		}
	}
}

// textField returns the text field document.NewTextFieldCustom makes of
// value, as a fusedField when its analyzer is fused; then the field's
// value is value's own bytes, not a copy, when it is valid UTF-8 (the
// fused analysis of valid UTF-8 never writes to it; bleve only copies it
// into the segment). A nil fuser makes plain text fields.
func (fz *fuser) textField(t fieldTemplate, arrayPositions []uint64, value string) document.Field {
	var p *fusedAnalysis
	if fz != nil && t.options.IsIndexed() {
		p = fz.plan(t.analyzer)
	}
	if p == nil {
		return document.NewTextFieldCustom(t.name, arrayPositions, []byte(value), t.options, t.analyzer)
	}
	b := []byte(nil)
	if value != "" && utf8.ValidString(value) {
		b = unsafe.Slice(unsafe.StringData(value), len(value))
	} else {
		b = []byte(value)
	}
	ff := fz.arena.field()
	ff.TextField = *document.NewTextFieldCustom(t.name, arrayPositions, b, t.options, t.analyzer)
	ff.plan, ff.arena = p, fz.arena
	return ff
}
