package indexer

import (
	"fmt"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	unicodetok "github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/zhenggai/zhenggai/corpus/segment"
)

// Names of the analysis components registered with bleve. They are stored in
// the index's mapping, so renaming one makes existing indexes unopenable.
const (
	// TokenizerType is the bleve tokenizer type backed by corpus/segment.
	// Its config takes "mode": "search" or "precise" (default).
	TokenizerType = "zhenggai_gse"

	// IndexAnalyzer analyses Chinese text at index time: gse search mode
	// (words plus their sub-words at the word's position), cjk_width, to_lower.
	IndexAnalyzer = "zh_index"
	// QueryAnalyzer analyses queries against IndexAnalyzer fields: gse
	// precise mode, cjk_width, to_lower. Set it on every match and
	// match_phrase query, because the field's own analyzer is IndexAnalyzer.
	QueryAnalyzer = "zh_query"
	// CJKAnalyzer is the exact-phrase companion: unicode tokenizer,
	// cjk_width, to_lower, and cjk_bigram without unigrams (a lone
	// character between non-Han text is still a unigram). Index with it;
	// query with CJKQueryAnalyzer. A query whose analysis holds a single
	// character (党) is matched on the IndexAnalyzer field instead, where
	// every Han character is a sub-word token (see bigramsOnly): unigrams
	// here would only repeat it.
	//
	// Caveat (bleve v2.6.3, measured): the unicode tokenizer drops runs of
	// full-width digits (１４ in １４项), so they are not in this field; the
	// IndexAnalyzer field has them (as 14).
	CJKAnalyzer = "cjk_uni"
	// CJKQueryAnalyzer is bleve's stock cjk analyzer (bigrams; a lone
	// character as a unigram). Query CJKAnalyzer fields with it: querying
	// with CJKAnalyzer itself would turn every phrase into a chain of
	// single characters, which matches across punctuation (整改，落实 for
	// 整改落实).
	CJKQueryAnalyzer = cjk.AnalyzerName

	tokenizerSearch  = "zh_gse_search"
	tokenizerPrecise = "zh_gse_precise"
	bigramOnly       = "cjk_bigram_only"
)

// init registers the gse tokenizer type: bleve rebuilds analyzers by type
// name from the mapping stored in the index, both when a mapping is created
// and every time an index is opened. This is the project's only init.
func init() {
	if err := registry.RegisterTokenizer(TokenizerType, newTokenizer); err != nil {
		panic(fmt.Sprintf("register tokenizer %s: %v", TokenizerType, err))
	}
}

// newTokenizer builds a tokenizer from its mapping config. The config may
// come back from the index's JSON, so values are read as plain JSON types.
func newTokenizer(config map[string]any, _ *registry.Cache) (analysis.Tokenizer, error) {
	mode := segment.Precise
	if v, ok := config["mode"]; ok {
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("build tokenizer %s: mode is %T, want a string", TokenizerType, v)
		}
		switch s {
		case "search":
			mode = segment.Search
		case "precise", "":
			mode = segment.Precise
		default:
			return nil, fmt.Errorf("build tokenizer %s: unknown mode %q (want search or precise)", TokenizerType, s)
		}
	}
	return &gseTokenizer{mode: mode, bufs: &sync.Pool{}}, nil
}

// gseTokenizer adapts segment.Segmenter to bleve. It is safe for concurrent
// use, as bleve's analysis workers share one instance. It takes the shared
// segmenter on first use, not when built: bleve builds tokenizers whenever
// it opens an index, and opening one must not load the dictionary (Index
// loads it, with its error, before analysing anything).
type gseTokenizer struct {
	mode segment.Mode
	bufs *sync.Pool // of *[]segment.Token, reused between texts
}

// Tokenize returns tokens whose terms slice input, with byte offsets from
// gse and 1-based positions; sub-words (search mode) share their parent's
// position.
func (t *gseTokenizer) Tokenize(input []byte) analysis.TokenStream {
	seg, err := segment.Shared()
	if err != nil {
		// Unreachable in practice (the dictionaries are embedded): Add and
		// Search load the segmenter first and return this error.
		return analysis.TokenStream{}
	}
	buf, _ := t.bufs.Get().(*[]segment.Token)
	if buf == nil {
		buf = new([]segment.Token)
	}
	toks := seg.AppendTokens(*buf, input, t.mode)
	defer func() {
		*buf = toks[:0]
		t.bufs.Put(buf)
	}()
	out := make(analysis.TokenStream, len(toks))
	all := make([]analysis.Token, len(toks))
	for i, tok := range toks {
		all[i] = analysis.Token{
			Term:     tok.Term,
			Start:    tok.Start,
			End:      tok.End,
			Position: tok.Position,
			Type:     tokenType(tok.Type),
		}
		out[i] = &all[i]
	}
	return out
}

func tokenType(t segment.Type) analysis.TokenType {
	switch t {
	case segment.Numeric:
		return analysis.Numeric
	case segment.AlphaNumeric:
		return analysis.AlphaNumeric
	}
	return analysis.Ideographic
}

// AddAnalyzers registers IndexAnalyzer, QueryAnalyzer and CJKAnalyzer (with
// the tokenizers and the filter they use) on m. It loads the shared
// segmenter if it is not loaded yet.
func AddAnalyzers(m *mapping.IndexMappingImpl) error {
	for name, mode := range map[string]string{tokenizerSearch: "search", tokenizerPrecise: "precise"} {
		if err := m.AddCustomTokenizer(name, map[string]any{"type": TokenizerType, "mode": mode}); err != nil {
			return fmt.Errorf("add tokenizer %s: %w", name, err)
		}
	}
	if err := m.AddCustomTokenFilter(bigramOnly, map[string]any{
		"type": cjk.BigramName, "output_unigram": false,
	}); err != nil {
		return fmt.Errorf("add token filter %s: %w", bigramOnly, err)
	}
	analyzers := []struct {
		name, tokenizer string
		filters         []string
	}{
		{IndexAnalyzer, tokenizerSearch, []string{cjk.WidthName, lowercase.Name}},
		{QueryAnalyzer, tokenizerPrecise, []string{cjk.WidthName, lowercase.Name}},
		{CJKAnalyzer, unicodetok.Name, []string{cjk.WidthName, lowercase.Name, bigramOnly}},
	}
	for _, a := range analyzers {
		if err := m.AddCustomAnalyzer(a.name, map[string]any{
			"type": custom.Name, "tokenizer": a.tokenizer, "token_filters": a.filters,
		}); err != nil {
			return fmt.Errorf("add analyzer %s: %w", a.name, err)
		}
	}
	return nil
}

// bigramsOnly reports whether w analysed by cjkA (CJKQueryAnalyzer) gives
// at least one token and no single Han character: only then can a phrase
// of it match CJKAnalyzer's field, which holds bigrams and no unigrams.
func bigramsOnly(cjkA analysis.Analyzer, w string) bool {
	if cjkA == nil {
		return false
	}
	toks := cjkA.Analyze([]byte(w))
	if len(toks) == 0 {
		return false
	}
	for _, t := range toks {
		if r, n := utf8.DecodeRune(t.Term); n == len(t.Term) && unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return true
}
