package indexer

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
)

// verbatimBoost is the constant score a part earns when the measure holds
// it verbatim (phrase on text_cjk). It exceeds any BM25 score of the words
// alone, so measures holding a part verbatim rank above those holding only
// its words; BM25 orders measures within each tier.
const verbatimBoost = 1e4

// plan is what Search needs to turn bleve's answer into a Result.
type plan struct {
	sort      string
	highlight bool
	facets    []string
	parts     []string // texts of the parts that must match, for highlights
	words     []string // their words and expansions, for highlights and matched fields
	expanded  []string // synonyms added to the query
	ignored   []string // failing words left out
	plans     []partPlan
	collapse  bool
	// listing: no words must match, so scores mean nothing (every
	// measure the filters keep, in date order).
	listing bool
}

// buildRequest validates q and turns it into a bleve request.
func buildRequest(m mapping.IndexMapping, q Query, env queryEnv) (*bleve.SearchRequest, plan, error) {
	p := plan{highlight: q.Highlight}
	limit := q.Limit
	switch {
	case limit == 0:
		limit = DefaultLimit
	case limit < 0 || limit > MaxLimit:
		return nil, p, invalidf("limit %d is outside 1–%d", q.Limit, MaxLimit)
	}
	if q.Offset < 0 || q.Offset > MaxOffset {
		return nil, p, invalidf("offset %d is outside 0–%d (use search_after for deeper pages)", q.Offset, MaxOffset)
	}
	if len(q.SearchAfter) > 0 && q.Offset != 0 {
		return nil, p, invalidf("offset and search_after cannot be combined")
	}
	if len(q.Text) > MaxTextBytes {
		return nil, p, invalidf("text is longer than %d bytes", MaxTextBytes)
	}
	if !utf8.ValidString(q.Text) {
		return nil, p, invalidf("text is not valid UTF-8")
	}
	parts := splitText(q.Text)
	if len(parts) > MaxParts {
		return nil, p, invalidf("text has %d parts, at most %d are allowed", len(parts), MaxParts)
	}
	must, mustNot, plans := textQueries(m, parts, q.Synonyms, env)
	for _, pt := range parts {
		if !pt.exclude {
			p.parts = append(p.parts, pt.text)
		}
	}
	p.plans = plans
	for _, pp := range plans {
		for _, c := range pp.concepts {
			p.words = append(p.words, c.word)
			p.words = append(p.words, c.alts...)
			for _, a := range c.alts {
				if !slices.Contains(p.expanded, a) {
					p.expanded = append(p.expanded, a)
				}
			}
		}
		p.ignored = append(p.ignored, pp.ignored...)
	}

	// Words are searched in fields only measures have: a search with words
	// needs no filter on the document type, and one without walks the
	// measures' posting list rather than every document.
	hasText := len(must) > 0
	p.listing = !hasText
	filter, err := filters(q, false)
	if err != nil {
		return nil, p, err
	}
	if !hasText {
		must = append(must, termQuery(fieldDocType, docTypeMeasure))
	}
	if filter != nil {
		must = append(must, &matchOnly{child: filter})
	}
	bq := bleve.NewBooleanQuery()
	if len(must) > 0 {
		bq.AddMust(must...)
	}
	if len(mustNot) > 0 {
		bq.AddMustNot(mustNot...)
	}

	switch q.Sort {
	case "", SortRelevance:
		p.sort = SortRelevance
		if !hasText {
			p.sort = SortDateDesc
		}
	case SortDate, SortDateDesc:
		p.sort = q.Sort
	default:
		return nil, p, invalidf("unknown sort %q (want %s, %s or %s)", q.Sort, SortRelevance, SortDate, SortDateDesc)
	}

	rq := flatten(bq)
	if env.native {
		rq = nativize(rq)
	}
	req := bleve.NewSearchRequestOptions(rq, limit, q.Offset, false)
	req.Fields = hitFields()
	req.SortByCustom(sortOrder(p.sort))
	if len(q.SearchAfter) > 0 {
		after, err := searchAfter(p.sort, q.SearchAfter)
		if err != nil {
			return nil, p, err
		}
		req.SearchAfter = after
	}

	if p.facets, err = addFacets(req, q); err != nil {
		return nil, p, err
	}
	if err := req.Validate(); err != nil {
		return nil, p, invalidf("%v", err)
	}
	return req, p, nil
}

// addFacets adds q's facets to req and returns their names, without
// duplicates.
func addFacets(req *bleve.SearchRequest, q Query) ([]string, error) {
	var names []string
	size := q.FacetSize
	switch {
	case size == 0:
		size = DefaultFacetSize
	case size < 0 || size > MaxFacetSize:
		return nil, invalidf("facet size %d is outside 1–%d", q.FacetSize, MaxFacetSize)
	}
	combined := false
	for _, name := range q.Facets {
		field, ok := facetField(name)
		if !ok {
			return nil, invalidf("unknown facet %q", name)
		}
		if slices.Contains(names, name) {
			continue
		}
		names = append(names, name)
		if _, ok := isCombined(name); ok {
			if !combined {
				addCombinedFacet(req)
				combined = true
			}
			continue
		}
		req.AddFacet(name, bleve.NewFacetRequest(field, size))
	}
	return names, nil
}

// part is one space-separated piece of Query.Text.
type part struct {
	text    string
	quoted  bool // must match verbatim
	exclude bool // must not match verbatim
}

// splitText splits a query text into parts: runs of non-space characters,
// or quoted runs ("…", “…”) that may hold spaces, each optionally led by a
// minus (- or －). An unclosed quote runs to the end of the text.
func splitText(s string) []part {
	var parts []part
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if unicode.IsSpace(rs[i]) {
			i++
			continue
		}
		var p part
		if (rs[i] == '-' || rs[i] == '－') && i+1 < len(rs) && !unicode.IsSpace(rs[i+1]) {
			p.exclude = true
			i++
		}
		if closing, ok := quotePair(rs[i]); ok {
			j := i + 1
			for j < len(rs) && rs[j] != closing && !(closing == '”' && rs[j] == '"') {
				j++
			}
			p.text, p.quoted = string(rs[i+1:min(j, len(rs))]), true
			i = j + 1
		} else {
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) {
				j++
			}
			p.text = string(rs[i:j])
			i = j
		}
		if strings.TrimSpace(p.text) != "" {
			parts = append(parts, p)
		}
	}
	return parts
}

// isDigit reports ASCII and full-width digits.
func isDigit(r rune) bool { return r >= '0' && r <= '9' || r >= '０' && r <= '９' }

// quotePair returns the closing quote for an opening one.
func quotePair(r rune) (rune, bool) {
	switch r {
	case '"':
		return '"', true
	case '“':
		return '”', true
	}
	return 0, false
}

// Score tiers: a measure holding a part verbatim earns verbatimBoost; a
// measure holding a word of a part (or one of its expansions) earns
// wordBoost per word in its text and headingBoost per word found only in
// its headings (category, problem, theme names). BM25 orders measures
// within a tier, so neither length normalisation nor a long copy can lift
// a measure holding fewer of the query's words above one holding more.
const (
	wordBoost    = 100
	headingBoost = 20
)

// Caps on the work one query may ask for.
const (
	maxConcepts     = 8  // words kept per part
	maxAlternatives = 6  // expansions kept per word
	maxClauses      = 96 // word and expansion clauses per query
)

// queryEnv is what turning a text into clauses needs besides the mapping.
type queryEnv struct {
	synonyms *synonymTable
	words    map[string]string // segment.QueryWords
	seg      interface {
		Words(string) []string
		SearchWords(string) []string
	}
	// df returns how many measures hold a word of the text field.
	df func(word string) uint64
	// native walks the words' tree natively (nativeTree), not by bleve's
	// searchers.
	native bool
}

// concept is one word of a part with what it also matches.
type concept struct {
	word     string
	alts     []string // expansions (synonyms), not including word
	optional bool     // generic word or single character: scores, never required
	generic  bool     // a generic word (segment.QueryGeneric)
}

// partPlan is how one plain part was understood.
type partPlan struct {
	text     string
	concepts []concept
	ignored  []string // failing words dropped from the part
	minMatch int      // words that must match when not all must
	// plainWords: the part has only generic words or single characters,
	// matched as before this engine read descriptions (verbatim, or all
	// its words); verbatimOnly: only verbatim.
	plainWords, verbatimOnly bool
}

// textQueries builds one must clause per part and one must-not clause per
// excluded part. Parts without any token (punctuation only) are dropped.
func textQueries(m mapping.IndexMapping, parts []part, broad bool, env queryEnv) (must, mustNot []query.Query, plans []partPlan) {
	cjkA, wordA := m.AnalyzerNamed(CJKQueryAnalyzer), m.AnalyzerNamed(QueryAnalyzer)
	budget := maxClauses
	for _, p := range parts {
		clause, phrase, ok := partClause(p, cjkA, wordA)
		if !ok {
			continue
		}
		if p.exclude {
			mustNot = append(mustNot, oneTermPhrase(phrase, cjkA))
			continue
		}
		if p.quoted {
			must = append(must, clause)
			continue
		}
		pp := understand(p.text, broad, env)
		switch {
		case pp.verbatimOnly:
			clause = verbatimTier(phrase, cjkA)
		case pp.plainWords:
			// clause stays partClause's: verbatim, or every word
		default:
			words, used := wordsClause(pp, cjkA, budget)
			budget -= used
			if words != nil {
				clause = bleve.NewDisjunctionQuery(verbatimTier(phrase, cjkA), words)
			}
		}
		must = append(must, clause)
		plans = append(plans, pp)
	}
	return must, mustNot, plans
}

// understand cuts a plain part into concepts: failing words (不规范 …) are
// dropped, words of the synonym table are kept whole with their
// expansions, the rest is cut by the segmenter; a compound no measure
// holds is cut into its sub-words.
func understand(text string, broad bool, env queryEnv) partPlan {
	pp := partPlan{text: text}
	rs := []rune(text)
	// Drop failing words, longest first, unless nothing else is left.
	failing := make([]string, 0, 8)
	for w, k := range env.words {
		if k == "failing" {
			failing = append(failing, w)
		}
	}
	slices.SortFunc(failing, func(a, b string) int {
		if c := utf8.RuneCountInString(b) - utf8.RuneCountInString(a); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	kept := make([]bool, len(rs))
	for i := range kept {
		kept[i] = true
	}
	for _, w := range failing {
		wr := []rune(w)
		for i := 0; i+len(wr) <= len(rs); i++ {
			if kept[i] && slices.Equal(rs[i:i+len(wr)], wr) && !slices.Contains(kept[i:i+len(wr)], false) {
				for j := i; j < i+len(wr); j++ {
					kept[j] = false
				}
				if !slices.Contains(pp.ignored, w) {
					pp.ignored = append(pp.ignored, w)
				}
			}
		}
	}
	if !slices.Contains(kept, true) {
		for i := range kept {
			kept[i] = true
		}
		pp.ignored = nil
	}
	add := func(c concept) {
		if len(pp.concepts) >= maxConcepts || slices.ContainsFunc(pp.concepts, func(o concept) bool { return o.word == c.word }) {
			return
		}
		if len(c.alts) > maxAlternatives {
			c.alts = c.alts[:maxAlternatives]
		}
		pp.concepts = append(pp.concepts, c)
	}
	cut := func(s string) {
		if strings.TrimSpace(s) == "" {
			return
		}
		for _, w := range env.seg.Words(s) {
			if env.words[w] == "failing" {
				continue
			}
			n := utf8.RuneCountInString(w)
			if n >= 4 && env.df(w) == 0 {
				// A compound no measure holds: search its sub-words.
				subs := env.seg.SearchWords(w)
				if len(subs) >= 2 {
					for _, sw := range subs {
						if utf8.RuneCountInString(sw) >= 2 && env.words[sw] != "failing" {
							g := env.words[sw] == "generic"
							add(concept{word: sw, alts: env.synonyms.of(sw, broad), optional: g, generic: g})
						}
					}
					continue
				}
			}
			g := env.words[w] == "generic"
			add(concept{word: w, alts: env.synonyms.of(w, broad), optional: g || n == 1, generic: g})
		}
	}
	// Split the kept runes into segments at dropped words, then find table
	// words (longest first) in each.
	var seg []rune
	flush := func() {
		s := seg
		seg = nil
		var rest []rune
		for i := 0; i < len(s); {
			key := ""
			for _, k := range env.synonyms.keys {
				kr := []rune(k)
				if i+len(kr) <= len(s) && string(s[i:i+len(kr)]) == k {
					key = k
					break
				}
			}
			if key == "" {
				rest = append(rest, s[i])
				i++
				continue
			}
			cut(string(rest))
			rest = nil
			add(concept{word: key, alts: env.synonyms.of(key, broad)})
			i += utf8.RuneCountInString(key)
		}
		cut(string(rest))
	}
	for i, r := range rs {
		if !kept[i] {
			flush()
			continue
		}
		seg = append(seg, r)
	}
	flush()
	// Words that may be left out: with no required word left, all are
	// required; with three or more, about two thirds must match.
	core := 0
	for _, c := range pp.concepts {
		if !c.optional {
			core++
		}
	}
	if core == 0 {
		// Only generic words or single characters: all are required, as
		// plain words (the verbatim clause or every word of the part), the
		// search this engine always made. When all are single characters
		// cut from a longer part, they are debris of a word the dictionary
		// does not know (津补帖 → 津/补/帖) and would match by chance: such a
		// part matches verbatim only.
		pp.plainWords = true
		allSingle := len(pp.concepts) > 0
		for _, c := range pp.concepts {
			allSingle = allSingle && utf8.RuneCountInString(c.word) == 1
		}
		if allSingle && utf8.RuneCountInString(text) > 1 && len(pp.ignored) == 0 {
			pp.verbatimOnly = true
		}
		for i := range pp.concepts {
			pp.concepts[i].optional = false
		}
		core = len(pp.concepts)
	}
	pp.minMatch = core
	if core >= 3 {
		pp.minMatch = (2*core + 2) / 3
	}
	return pp
}

// wordsClause matches a part by its words: each required concept in the
// text or the headings, at least minMatch of them, optional ones only for
// the score. It returns nil for a part of one concept equal to its text
// without expansions (the verbatim clause already says it all) and how
// many leaf clauses it used, never more than budget.
func wordsClause(pp partPlan, cjkA analysis.Analyzer, budget int) (query.Query, int) {
	var required, optional []query.Query
	used := 0
	for _, c := range pp.concepts {
		if c.optional {
			// Generic words and lone characters would only add to the
			// score, at the price of their long posting lists.
			continue
		}
		words := append([]string{c.word}, c.alts...)
		if used+2*len(words) > budget {
			break
		}
		used += 2 * len(words)
		var cq query.Query
		// A part that is one word without expansions is matched in the
		// text by its verbatim clause already.
		if !(len(pp.concepts) == 1 && c.word == pp.text && len(c.alts) == 0) {
			var inText []query.Query
			for _, w := range words {
				inText = append(inText, conceptQuery(w, fieldText, cjkA))
			}
			cq = tier(bleve.NewDisjunctionQuery(inText...), wordBoost)
		}
		// Headings are searched for words that say something: not for a
		// single character nor a generic word (落实 in 整改落实方面).
		if !c.optional && utf8.RuneCountInString(c.word) > 1 && !c.generic {
			var inHeading []query.Query
			for _, w := range words {
				inHeading = append(inHeading, conceptQuery(w, fieldHeading, cjkA))
			}
			hq := tier(bleve.NewDisjunctionQuery(inHeading...), headingBoost)
			if cq == nil {
				cq = hq
			} else {
				cq = bleve.NewDisjunctionQuery(cq, hq)
			}
		}
		if cq == nil {
			continue
		}
		if c.optional {
			optional = append(optional, cq)
		} else {
			required = append(required, cq)
		}
	}
	if len(required) == 0 {
		return nil, used
	}
	bq := bleve.NewBooleanQuery()
	if pp.minMatch >= len(required) {
		bq.AddMust(required...)
	} else {
		any := bleve.NewDisjunctionQuery(required...)
		any.SetMin(float64(pp.minMatch))
		bq.AddMust(any)
	}
	if len(optional) > 0 {
		bq.AddShould(optional...)
	}
	return bq, used
}

// verbatimQuery matches w verbatim in a CJKAnalyzer field (bigrams, a
// unigram for one character); a word with digits or no CJK character is a
// phrase of words on the text field instead (see partClause).
func verbatimQuery(w, field string, cjkA analysis.Analyzer) *query.MatchPhraseQuery {
	q := bleve.NewMatchPhraseQuery(w)
	if bigramsOnly(cjkA, w) && !strings.ContainsFunc(w, isDigit) {
		q.SetField(field)
		q.Analyzer = CJKQueryAnalyzer
		return q
	}
	if field == fieldHeading {
		q.SetField(fieldHeading)
		q.Analyzer = CJKQueryAnalyzer
		return q
	}
	q.SetField(fieldText)
	q.Analyzer = QueryAnalyzer
	return q
}

// conceptQuery matches a word of a part in the text or the headings by
// its words (gse terms, all of them), or a single character as a unigram
// of text_cjk. Its score is scaled away (see quiet): tiers score words.
func conceptQuery(w, field string, cjkA analysis.Analyzer) query.Query {
	if field == fieldText && utf8.RuneCountInString(w) == 1 {
		return oneTermPhrase(quiet(verbatimQuery(w, fieldTextCJK, cjkA)), cjkA)
	}
	q := bleve.NewMatchQuery(w)
	q.SetField(field)
	q.Analyzer = QueryAnalyzer
	q.SetOperator(query.MatchQueryOperatorAnd)
	q.SetBoost(1e-6)
	return wordsAnd(q)
}

// quiet scales a clause's score down to nothing next to the tiers.
func quiet(q *query.MatchPhraseQuery) *query.MatchPhraseQuery {
	q.SetBoost(1e-6)
	return q
}

// verbatimTier is the verbatim phrase with its tier score.
func verbatimTier(phrase *query.MatchPhraseQuery, cjkA analysis.Analyzer) query.Query {
	return tier(oneTermPhrase(phrase, cjkA), verbatimBoost)
}

// oneTermPhrase returns a bigram phrase of one token (a two-character word,
// a lone character) as a term query: it matches and scores the same, and
// bleve's phrase searcher would check every hit's positions for nothing.
// A phrase of more bigrams becomes a gramPhrase (same matches and
// scores, cheaper checks).
func oneTermPhrase(q *query.MatchPhraseQuery, cjkA analysis.Analyzer) query.Query {
	if q.Analyzer != CJKQueryAnalyzer || cjkA == nil {
		return q
	}
	ts := cjkA.Analyze([]byte(q.MatchPhrase))
	if len(ts) != 1 {
		if g, ok := asGramPhrase(q, cjkA); ok {
			return g
		}
		return q
	}
	t := bleve.NewTermQuery(string(ts[0].Term))
	t.SetField(q.FieldVal)
	if q.BoostVal != nil {
		t.SetBoost(q.BoostVal.Value())
	}
	return &oneTerm{q: t}
}

// partClause is the must clause of one part — its verbatim match, boosted
// above all words-only matches, or (unless quoted) its words — and the
// verbatim phrase itself; ok is false for a part without any token.
func partClause(p part, cjkA, wordA analysis.Analyzer) (clause query.Query, phrase *query.MatchPhraseQuery, ok bool) {
	hasCJK := cjkA != nil && len(cjkA.Analyze([]byte(p.text))) > 0
	hasWords := wordA != nil && len(wordA.Analyze([]byte(p.text))) > 0
	if !hasCJK && !hasWords {
		return nil, nil, false
	}
	// The verbatim match: a phrase of bigrams (a unigram for a single
	// character) on text_cjk. text_cjk lacks full-width digits (see
	// CJKAnalyzer), and its digit runs are whole tokens anyway, so a part
	// with digits is a phrase of words on text, which folds １４ and 14 alike.
	phrase = bleve.NewMatchPhraseQuery(p.text)
	if hasCJK && bigramsOnly(cjkA, p.text) && !strings.ContainsFunc(p.text, isDigit) {
		phrase.SetField(fieldTextCJK)
		phrase.Analyzer = CJKQueryAnalyzer
	} else {
		phrase.SetField(fieldText)
		phrase.Analyzer = QueryAnalyzer
	}
	verbatim := verbatimTier(phrase, cjkA)
	if p.quoted || !hasWords {
		return verbatim, phrase, true
	}
	words := bleve.NewMatchQuery(p.text)
	words.SetField(fieldText)
	words.Analyzer = QueryAnalyzer
	words.SetOperator(query.MatchQueryOperatorAnd)
	return bleve.NewDisjunctionQuery(verbatim, wordsAnd(words)), phrase, true
}

// filters returns the non-scoring conjunction of every filter of q, and of
// the measure type when measureType is set; nil when there is none.
func filters(q Query, measureType bool) (query.Query, error) {
	var fs []query.Query
	if measureType {
		fs = append(fs, termQuery(fieldDocType, docTypeMeasure))
	}
	anyOf := func(field string, values []string) {
		var qs []query.Query
		for _, v := range values {
			if v != "" {
				qs = append(qs, termQuery(field, v))
			}
		}
		if len(qs) > 0 {
			fs = append(fs, bleve.NewDisjunctionQuery(qs...))
		}
	}
	itoa := func(vs []int) []string {
		out := make([]string, len(vs))
		for i, v := range vs {
			out[i] = strconv.Itoa(v)
		}
		return out
	}
	anyOf(fieldUnit, q.Unit)
	anyOf(fieldBody, q.Body)
	anyOf(fieldLevel, q.Level)
	anyOf(fieldGroup, q.Group)
	anyOf(fieldType, q.Type)
	anyOf(fieldKind, q.Kind)
	anyOf(fieldThemes, q.Themes)
	anyOf(fieldRoundLabel, q.RoundLabel)
	anyOf(fieldTerm, itoa(q.Term))
	anyOf(fieldRound, itoa(q.Round))
	anyOf(fieldCategory, itoa(q.Category))
	if q.DisclosureID != "" {
		fs = append(fs, termQuery(fieldDisclosureID, q.DisclosureID))
	}
	if len(q.Year) > 0 {
		anyOf(fieldYear, itoa(q.Year))
	}
	if q.PublishedFrom != "" || q.PublishedTo != "" {
		var from, to time.Time
		var ok bool
		if q.PublishedFrom != "" {
			if from, ok = parseDate(q.PublishedFrom); !ok {
				return nil, invalidf("published_from %q is not a YYYY-MM-DD date", q.PublishedFrom)
			}
		}
		if q.PublishedTo != "" {
			if to, ok = parseDate(q.PublishedTo); !ok {
				return nil, invalidf("published_to %q is not a YYYY-MM-DD date", q.PublishedTo)
			}
		}
		if !from.IsZero() && !to.IsZero() && to.Before(from) {
			return nil, invalidf("published_to %s is before published_from %s", q.PublishedTo, q.PublishedFrom)
		}
		incl := true
		var lo, hi string
		if !from.IsZero() {
			lo = dateKey(from)
		}
		if !to.IsZero() {
			hi = dateKey(to)
		}
		dq := bleve.NewTermRangeInclusiveQuery(lo, hi, &incl, &incl)
		dq.SetField(fieldPublished)
		fs = append(fs, dq)
	}
	if len(fs) == 0 {
		return nil, nil
	}
	return bleve.NewConjunctionQuery(fs...), nil
}

// flatten replaces every conjunction, disjunction or boolean query of one
// clause (and no boost of its own) by that clause, in place: it matches
// and scores the same (one clause's weight, no coordination), and each
// layer bleve walks costs time on every hit.
func flatten(q query.Query) query.Query {
	switch x := q.(type) {
	case *query.ConjunctionQuery:
		for i, c := range x.Conjuncts {
			x.Conjuncts[i] = flatten(c)
		}
		if len(x.Conjuncts) == 1 && unboosted(x.BoostVal) {
			return x.Conjuncts[0]
		}
	case *query.DisjunctionQuery:
		for i, c := range x.Disjuncts {
			x.Disjuncts[i] = flatten(c)
		}
		if len(x.Disjuncts) == 1 && x.Min <= 1 && unboosted(x.BoostVal) {
			return x.Disjuncts[0]
		}
	case *query.BooleanQuery:
		if x.Must != nil {
			x.Must = flatten(x.Must)
		}
		// Should and must-not keep their disjunction: it carries how many
		// must match.
		for _, d := range []query.Query{x.Should, x.MustNot} {
			if d, ok := d.(*query.DisjunctionQuery); ok {
				for i, c := range d.Disjuncts {
					d.Disjuncts[i] = flatten(c)
				}
			}
		}
		if x.Filter != nil {
			x.Filter = flatten(x.Filter)
		}
		if x.Must != nil && x.Should == nil && x.MustNot == nil && x.Filter == nil && unboosted(x.BoostVal) {
			return x.Must
		}
	case *tierQuery:
		x.child = flatten(x.child)
	}
	return q
}

func termQuery(field, term string) *query.TermQuery {
	t := bleve.NewTermQuery(term)
	t.SetField(field)
	return t
}

// sortOrder returns the bleve sort of a plan's sort, always ending with the
// document id.
func sortOrder(s string) search.SortOrder {
	switch s {
	case SortDate:
		return search.SortOrder{&search.SortField{Field: fieldDateAsc, Type: search.SortFieldAsString}, &search.SortDocID{}}
	case SortDateDesc:
		return search.SortOrder{&search.SortField{Field: fieldDateDesc, Type: search.SortFieldAsString, Desc: true}, &search.SortDocID{}}
	}
	return search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}}
}

// searchAfter checks a Hit.Sort key given back and turns it into bleve's
// search_after values.
func searchAfter(sort string, key []string) ([]string, error) {
	if len(key) != 2 || key[1] == "" {
		return nil, invalidf("search_after must be a hit's sort key [value, id], got %q", key)
	}
	switch sort {
	case SortRelevance:
		if _, err := strconv.ParseFloat(key[0], 64); err != nil {
			return nil, invalidf("search_after score %q is not a number", key[0])
		}
		return slices.Clone(key), nil
	default:
		v := key[0]
		if v == "" {
			v = missingDateLast
			if sort == SortDateDesc {
				v = missingDateFirst
			}
		} else if t, err := time.Parse(time.RFC3339Nano, v); err != nil {
			return nil, invalidf("search_after date %q is not an RFC 3339 time", v)
		} else {
			v = dateKey(t)
		}
		return []string{v, key[1]}, nil
	}
}
