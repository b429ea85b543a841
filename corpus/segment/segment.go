package segment

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// Base dictionaries embedded in gse.
const (
	// BaseSimplified is gse's simplified-Chinese dictionary (352k words).
	BaseSimplified = "zh_s"
	// BaseAll is simplified plus traditional (587k words, ~70 MiB more heap).
	BaseAll = "zh"
)

// revision changes whenever this package changes how it turns gse segments
// into tokens; it is part of DictVersion.
const revision = "tokens-1" // unchanged by the own shortest path: its tokens are gse's (TestTokenStreamsUnchanged)

// Options configures Load. The zero value is the project default.
type Options struct {
	// Base is the embedded gse dictionary: BaseSimplified ("zh_s", the
	// default when empty) or BaseAll ("zh").
	Base string
	// Extra is additional dictionary text ("word freq [pos]" lines, see
	// ParseDict). It is loaded before the domain dictionary, so its entries
	// win over both the domain and the base dictionary.
	Extra string
	// NoDomain leaves out the embedded domain dictionary (for comparisons).
	NoDomain bool
	// CacheDir is where Load keeps the compact dictionary it builds (one
	// file per dictionary version, about 34 MB for zh_s), to read it next time in a
	// few tens of milliseconds instead of building it again (about two
	// seconds). Empty: no cache. Shared uses DefaultCacheDir. A cache that
	// cannot be read or written only costs the time of a build.
	CacheDir string
}

// Mode selects how Tokens cuts text.
type Mode int

const (
	// Precise is gse's shortest-path cut: one token per word. Use it for
	// queries.
	Precise Mode = iota
	// Search is Precise plus the sub-words of every word at the word's own
	// position. Use it for indexing, never for queries.
	Search
)

// String returns "precise" or "search".
func (m Mode) String() string {
	switch m {
	case Precise:
		return "precise"
	case Search:
		return "search"
	}
	return "Mode(" + strconv.Itoa(int(m)) + ")"
}

// Type classifies a token by its characters.
type Type int

const (
	// Ideographic tokens contain Han (or kana/hangul) characters.
	Ideographic Type = iota
	// AlphaNumeric tokens hold letters, or letters and digits.
	AlphaNumeric
	// Numeric tokens hold digits only.
	Numeric
)

// Token is one word of the input.
type Token struct {
	// Term is text[Start:End]: a slice of the input, in the input's case.
	Term []byte
	// Start and End are byte offsets into the input.
	Start, End int
	// Position is 1-based; sub-words share their parent's position.
	Position int
	Type     Type
}

// Segmenter cuts text into tokens. It is immutable and safe for concurrent
// use.
type Segmenter struct {
	dict    *compactDict // gse's dictionary, compacted (compact.go)
	pool    sync.Pool    // of *scratch
	version string
	source  string // how Load got the dictionary (Source)
}

// Load builds a Segmenter: the entries of opts.Extra, then the domain
// dictionary, then gse's embedded base dictionary, with gse's path costs
// (CalcToken) computed once at the end; then it keeps only their compact
// form (compact.go), letting gse's go: about 40 MiB of flat arrays the
// garbage collector never walks, where gse's took 130 MiB, 80 of them
// pointers. A build takes about two seconds; with opts.CacheDir, the next
// Load of the same dictionary reads the built form instead (cache.go).
// Call it once per process, or use Shared.
func Load(opts Options) (*Segmenter, error) {
	version, err := Version(opts)
	if err != nil {
		return nil, fmt.Errorf("load segmenter: %w", err)
	}
	var path string
	if opts.CacheDir != "" {
		path = cachePath(opts.CacheDir, version)
		if d, err := readCache(path, version); err == nil {
			return &Segmenter{dict: d, version: version, source: "read from " + path}, nil
		}
	}
	g, err := loadGse(opts)
	if err != nil {
		return nil, err
	}
	d, err := newCompactDict(g.Dict)
	if err != nil {
		return nil, err
	}
	source := "built from gse's dictionary"
	if path != "" {
		if err := writeCache(path, version, d); err != nil {
			source += "; not cached: " + err.Error()
		} else {
			source += "; cached in " + path
		}
	}
	return &Segmenter{dict: d, version: version, source: source}, nil
}

// Source tells how Load got the dictionary: built from gse's, and whether
// it was cached, or read from the cache (for logs and benchmarks).
func (s *Segmenter) Source() string { return s.source }

// loadGse loads gse's segmenter with the dictionaries Load reads.
func loadGse(opts Options) (*gse.Segmenter, error) {
	base, err := baseOf(opts)
	if err != nil {
		return nil, fmt.Errorf("load segmenter: %w", err)
	}
	extra, err := ParseDict(opts.Extra)
	if err != nil {
		return nil, fmt.Errorf("load extra dictionary: %w", err)
	}
	var domain []Entry
	if !opts.NoDomain {
		if domain, err = ParseDict(domainDict); err != nil {
			return nil, fmt.Errorf("load domain dictionary: %w", err)
		}
	}

	// The HMM model is never used (Segment is a dictionary shortest path)
	// and loading it writes package-global maps in gse.
	g := &gse.Segmenter{NotLoadHMM: true, SkipLog: true}
	g.Dict = gse.NewDict()
	g.Init()
	// AddToken does not compute path costs; LoadDictEmbed below does, once,
	// for every entry. gse keeps the first of duplicate words, so ours win.
	for _, list := range [][]Entry{extra, domain} {
		for _, e := range list {
			if err := g.AddToken(e.Word, e.Freq, e.Pos); err != nil {
				return nil, fmt.Errorf("add word %q: %w", e.Word, err)
			}
		}
	}
	if err := g.LoadDictEmbed(base); err != nil {
		return nil, fmt.Errorf("load embedded dictionary %s: %w", base, err)
	}
	return g, nil
}

// Raw is gse's own segmenter with the dictionaries Load reads: the
// baseline the benchmarks time Tokens against. It holds gse's whole
// dictionary (about 130 MiB).
type Raw struct{ seg *gse.Segmenter }

// LoadRaw loads gse's segmenter as Load does, and keeps it.
func LoadRaw(opts Options) (*Raw, error) {
	g, err := loadGse(opts)
	if err != nil {
		return nil, err
	}
	return &Raw{seg: g}, nil
}

// Segment runs gse's own shortest-path segmentation and returns the number
// of segments.
func (r *Raw) Segment(text []byte) int { return len(r.seg.Segment(text)) }

// Version returns the DictVersion a Segmenter loaded with opts has,
// without loading it: callers that only compare versions (opening an
// index) need not pay for the dictionary.
func Version(opts Options) (string, error) {
	base, err := baseOf(opts)
	if err != nil {
		return "", fmt.Errorf("dictionary version: %w", err)
	}
	return dictVersion(base, opts), nil
}

// baseOf is opts' base dictionary, BaseSimplified when empty.
func baseOf(opts Options) (string, error) {
	switch opts.Base {
	case "":
		return BaseSimplified, nil
	case BaseSimplified, BaseAll:
		return opts.Base, nil
	}
	return "", fmt.Errorf("unknown base dictionary %q", opts.Base)
}

// dictVersion hashes everything that decides how text is cut: gse's version
// (which fixes its embedded base dictionaries), this package's revision,
// the base dictionary's name and the extra and domain dictionary bytes.
func dictVersion(base string, opts Options) string {
	h := sha256.New()
	fmt.Fprintf(h, "gse %s\x00%s\x00base %s\x00extra %d\x00",
		gse.Version, revision, base, len(opts.Extra))
	h.Write([]byte(opts.Extra))
	if !opts.NoDomain {
		h.Write([]byte("\x00domain\x00"))
		h.Write([]byte(domainDict))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// shared is the process-wide Segmenter of Shared: the one package
// variable, as gse's dictionary is too costly to load twice.
var shared = &onceLoader{load: func() (*Segmenter, error) { return Load(Options{CacheDir: DefaultCacheDir()}) }}

// onceLoader runs load once at a time in its own goroutine and keeps its
// first success; a failed load is retried by the next caller.
type onceLoader struct {
	load    func() (*Segmenter, error)
	mu      sync.Mutex
	running *loading // the load running or done; nil before, or after a failure
	done    atomic.Pointer[Segmenter]
}

// loading is one load; done closes when it ends.
type loading struct {
	done chan struct{}
	seg  *Segmenter
	err  error
}

// Shared returns the process-wide Segmenter built by Load with the default
// dictionaries and DefaultCacheDir, loading it on first use (a few tens of
// milliseconds from the cache, about two seconds to build; about 40 MiB).
// Concurrent first callers wait for the one load; a failed load is retried
// by the next call.
func Shared() (*Segmenter, error) { return shared.get(context.Background()) }

// SharedContext is Shared waiting at most until ctx ends: the load runs in
// its own goroutine and goes on for the next caller when a waiter gives up,
// so a server can start it in the background and a search arriving before
// it ends waits within its deadline.
func SharedContext(ctx context.Context) (*Segmenter, error) { return shared.get(ctx) }

func (o *onceLoader) get(ctx context.Context) (*Segmenter, error) {
	if s := o.done.Load(); s != nil {
		return s, nil // every token stream asks: no lock once loaded
	}
	o.mu.Lock()
	l := o.running
	if l == nil {
		l = &loading{done: make(chan struct{})}
		o.running = l
		go o.run(l)
	}
	o.mu.Unlock()
	select {
	case <-l.done:
		return l.seg, l.err
	case <-ctx.Done():
		return nil, fmt.Errorf("wait for the dictionary to load: %w", ctx.Err())
	}
}

func (o *onceLoader) run(l *loading) {
	defer close(l.done)
	defer func() {
		if v := recover(); v != nil {
			l.seg, l.err = nil, fmt.Errorf("load segmenter: panic: %v", v)
		}
		if l.err != nil {
			o.mu.Lock()
			o.running = nil // the next caller tries again
			o.mu.Unlock()
			return
		}
		o.done.Store(l.seg)
	}()
	l.seg, l.err = o.load()
}

// SharedLoaded reports whether the shared Segmenter is loaded, without
// loading it.
func SharedLoaded() bool { return shared.done.Load() != nil }

// DictVersion is a short hash of gse's version, this package's token
// revision, the base dictionary's name and the extra and domain dictionary
// bytes (see Version). Store it with an index; a different value means rebuild.
func (s *Segmenter) DictVersion() string { return s.version }

// NumWords returns the number of words in the loaded dictionary.
func (s *Segmenter) NumWords() int { return len(s.dict.info) }

// Tokens cuts text into tokens. Offsets come from gse's Segment; terms are
// slices of text. Punctuation, symbols, spaces and invalid bytes are dropped
// without taking a position.
func (s *Segmenter) Tokens(text []byte, mode Mode) []Token {
	return s.AppendTokens(nil, text, mode)
}

// AppendTokens is Tokens appending to dst[:0], so that a caller that
// copies the tokens out (a bleve tokenizer) can reuse one buffer instead
// of allocating an over-sized slice per text.
func (s *Segmenter) AppendTokens(dst []Token, text []byte, mode Mode) []Token {
	sc, _ := s.pool.Get().(*scratch)
	if sc == nil {
		sc = new(scratch)
	}
	defer func() {
		if cap(sc.units) <= maxPooledUnits {
			s.pool.Put(sc)
		}
	}()
	s.cut(sc, text)
	path := sc.path
	out := dst[:0]
	if n := len(path); cap(out) < n {
		if mode == Search {
			n *= 3 // measured on the seed: about 2.8 tokens per word
		}
		out = make([]Token, 0, n)
	}
	pos := 0
	for i := 0; i < len(path); i++ {
		start, end := path[i].start, path[i].end
		if isFullWidthAlnum(text[start:end]) {
			for i+1 < len(path) && isFullWidthAlnum(text[path[i+1].start:path[i+1].end]) {
				i++
				end = path[i].end
			}
			pos++
			out = append(out, newToken(text, start, end, pos))
			continue
		}
		if droppable(text[start:end]) {
			continue
		}
		pos++
		out = append(out, newToken(text, start, end, pos))
		if mode == Search {
			out = s.appendSubwords(out, text, start, end, path[i].word, pos)
		}
	}
	return out
}

// maxPooledUnits bounds the buffers kept for the next text: a scratch grown
// by a longer text (about a quarter of a million characters) is dropped.
const maxPooledUnits = 1 << 18

// appendSubwords adds the sub-words of dictionary word w (−1 for none),
// which spans text[start:end] (an entry of the path), all at position pos.
func (s *Segmenter) appendSubwords(out []Token, text []byte, start, end int, w int32, pos int) []Token {
	if w < 0 {
		return out
	}
	for _, sw := range s.dict.subwords(w) {
		a, e := start+int(sw.start), start+int(sw.end)
		out = append(out, Token{Term: text[a:e:e], Start: a, End: e, Position: pos, Type: sw.typ})
	}
	return out
}

// subword is a sub-word of a dictionary word: word[start:end] and its type.
type subword struct {
	start, end int32
	typ        Type
}

// walkSubwords appends the sub-words of tok, whose text is word[start:end]
// (up to ASCII case), depth first, punctuation dropped: what walking gse's
// Token.Segments gives (computed once per word, newCompactDict).
func walkSubwords(out []subword, word []byte, start, end int, tok *gse.Token) []subword {
	if tok == nil {
		return out
	}
	for _, sub := range tok.Segments() {
		s, e := start+sub.Start(), start+sub.End()
		if s < start || e > end || s >= e {
			continue
		}
		if !droppable(word[s:e]) {
			out = append(out, subword{start: int32(s), end: int32(e), typ: typeOf(word[s:e])})
		}
		out = walkSubwords(out, word, s, e, sub.Token())
	}
	return out
}

func newToken(text []byte, start, end, pos int) Token {
	term := text[start:end:end]
	return Token{Term: term, Start: start, End: end, Position: pos, Type: typeOf(term)}
}

// Words returns the Precise words of text, punctuation dropped, in the
// input's case: a convenience for keyword statistics.
func (s *Segmenter) Words(text string) []string {
	toks := s.Tokens([]byte(text), Precise)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = string(t.Term)
	}
	return out
}

// droppable reports whether b holds only spaces, punctuation, symbols,
// control or format characters, or invalid UTF-8.
func droppable(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		if r == utf8.RuneError && n <= 1 {
			continue
		}
		if isCommonHan(r) || r < utf8.RuneSelf && (r >= '0' && r <= '9' || r|0x20 >= 'a' && r|0x20 <= 'z') {
			return false // the common cases, without the Unicode tables
		}
		if !unicode.IsSpace(r) && !unicode.IsPunct(r) && !unicode.IsSymbol(r) &&
			!unicode.Is(unicode.Cc, r) && !unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	return true
}

// isFullWidthAlnum reports whether b is non-empty and holds only full-width
// digits and Latin letters (U+FF10–FF19, FF21–FF3A, FF41–FF5A), which gse
// cuts one character at a time.
func isFullWidthAlnum(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		if !(r >= 0xFF10 && r <= 0xFF19 || r >= 0xFF21 && r <= 0xFF3A || r >= 0xFF41 && r <= 0xFF5A) {
			return false
		}
	}
	return true
}

func typeOf(b []byte) Type {
	digits := true
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		b = b[n:]
		if isCommonHan(r) {
			return Ideographic
		}
		if r < utf8.RuneSelf {
			if r < '0' || r > '9' {
				digits = false
			}
			continue
		}
		if unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
			unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) {
			return Ideographic
		}
		if !unicode.IsDigit(r) {
			digits = false
		}
	}
	if digits {
		return Numeric
	}
	return AlphaNumeric
}

// isCommonHan reports whether r is in the CJK Unified Ideographs block
// (U+4E00–U+9FFF), where nearly every character of a measure lies: a range
// check instead of a Unicode table lookup.
func isCommonHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }
