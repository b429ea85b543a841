package indexer

import (
	"sync"
	"unicode"
	"unicode/utf8"

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

// fusedAnalysis is the plan for one analyzer.
type fusedAnalysis struct {
	gse     *gseTokenizer      // the gse tokenizer, read from its buffer
	tok     analysis.Tokenizer // any other tokenizer
	bigrams bool               // then cjk_bigram without unigrams
	keyword bool               // the keyword analyzer: the text is the term
	words   bool               // tok is the unicode tokenizer: read its segmenter
	width   *cjk.CJKWidthFilter
	lower   *lowercase.LowerCaseFilter
	occs    sync.Pool // of *[]occurrence, reused between texts

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
// through a fusedAnalysis; everything else is the mapped field's.
type fusedField struct {
	*document.TextField
	plan   *fusedAnalysis
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
		f.size = f.freqs.Size()
		return
	}
	// Terms may be slices of the value: bleve analyses a copy of a stored
	// one because its filters may rewrite terms in place, which fold never
	// does (a term it changes is a new one).
	text := value
	p := f.plan
	if f.sharable() {
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
	if p.keyword {
		f.length = 1
		f.freqs, f.size = frequencies([]occurrence{{term: text, end: len(text), pos: 1}}, f.ArrayPositions(), f.Options())
		return
	}
	buf, _ := p.occs.Get().(*[]occurrence)
	if buf == nil {
		buf = new([]occurrence)
	}
	occs := p.analyze((*buf)[:0], text)
	f.length = len(occs)
	f.freqs, f.size = frequencies(occs, f.ArrayPositions(), f.Options())
	clear(occs) // drop the term references before pooling
	*buf = occs[:0]
	p.occs.Put(buf)
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

// frequencies is analysis.TokenFrequency over occurrences, with the token
// frequencies and locations allocated in one slab each, and an estimate of
// what index.TokenFrequencies.Size would say of them.
func frequencies(occs []occurrence, arrayPositions []uint64, opts index.FieldIndexingOptions) (index.TokenFrequencies, int) {
	rv := make(index.TokenFrequencies, len(occs))
	slab := make([]index.TokenFreq, 0, len(occs)) // never grows: pointers stay valid
	vectors := opts.IncludeTermVectors()
	size := sizeMap
	var of []*index.TokenFreq // each occurrence's term
	if vectors {
		of = make([]*index.TokenFreq, len(occs))
	}
	for i, o := range occs {
		tf, ok := rv[string(o.term)]
		if !ok {
			slab = append(slab, index.TokenFreq{Term: o.term})
			tf = &slab[len(slab)-1]
			rv[string(o.term)] = tf
			size += 2*len(o.term) + sizeTokenFreq
		}
		tf.SetFrequency(tf.Frequency() + 1)
		if vectors {
			of[i] = tf
		}
	}
	if vectors {
		// Each term's locations, in token order, in its own part of one
		// slab of pointers (capped, so that appending to one term's never
		// overwrites the next's).
		ptrs := make([]*index.TokenLocation, len(occs))
		off := 0
		for k := range slab {
			c := slab[k].Frequency()
			slab[k].Locations = ptrs[off : off : off+c]
			off += c
		}
		locs := make([]index.TokenLocation, len(occs))
		for i, o := range occs {
			locs[i] = index.TokenLocation{ArrayPositions: arrayPositions, Start: o.start, End: o.end, Position: o.pos}
			of[i].Locations = append(of[i].Locations, &locs[i])
		}
		size += len(occs) * (sizeTokenLocation + 8*len(arrayPositions))
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

// fusedFields swaps each text field of doc whose analyzer fuse accepts for
// a fusedField. plans caches fuse's answer per analyzer.
func fusedFields(doc *document.Document, plans map[analysis.Analyzer]*fusedAnalysis) {
	for i, f := range doc.Fields {
		tf, ok := f.(*document.TextField)
		if !ok || !tf.Options().IsIndexed() {
			continue
		}
		a := tf.Analyzer()
		if a == nil {
			continue
		}
		p, seen := plans[a]
		if !seen {
			p = fuse(a)
			plans[a] = p
		}
		if p != nil {
			doc.Fields[i] = &fusedField{TextField: tf, plan: p}
		}
	}
}
