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
	"github.com/blevesearch/bleve/v2/numeric"
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
	expanded  []string // synonyms added to the query
}

// buildRequest validates q and turns it into a bleve request.
func buildRequest(m mapping.IndexMapping, q Query) (*bleve.SearchRequest, plan, error) {
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
	must, mustNot, added := textQueries(m, parts, q.Synonyms)
	for _, pt := range parts {
		if !pt.exclude {
			p.parts = append(p.parts, pt.text)
		}
	}
	p.parts = append(p.parts, added...)
	p.expanded = added

	filter, err := filters(q)
	if err != nil {
		return nil, p, err
	}
	bq := bleve.NewBooleanQuery()
	if len(must) > 0 {
		bq.AddMust(must...)
	}
	if len(mustNot) > 0 {
		bq.AddMustNot(mustNot...)
	}
	bq.AddFilter(filter)

	switch q.Sort {
	case "", SortRelevance:
		p.sort = SortRelevance
		if len(must) == 0 {
			p.sort = SortDateDesc
		}
	case SortDate, SortDateDesc:
		p.sort = q.Sort
	default:
		return nil, p, invalidf("unknown sort %q (want %s, %s or %s)", q.Sort, SortRelevance, SortDate, SortDateDesc)
	}

	req := bleve.NewSearchRequestOptions(bq, limit, q.Offset, false)
	req.Fields = hitFields()
	req.IncludeLocations = q.Highlight
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
	for _, name := range q.Facets {
		field, ok := facetField(name)
		if !ok {
			return nil, invalidf("unknown facet %q", name)
		}
		if slices.Contains(names, name) {
			continue
		}
		fr := bleve.NewFacetRequest(field, size)
		if field == fieldYear {
			// A numeric field holds one term per precision; count only the
			// full-precision ones (shift 0) and decode them in buckets.
			fr.SetPrefixFilter(string([]byte{numeric.ShiftStartInt64}))
		}
		req.AddFacet(name, fr)
		names = append(names, name)
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

// textQueries builds one must clause per part and one must-not clause per
// excluded part. Parts without any token (punctuation only) are dropped.
// With synonyms, a plain part that is a member of a synonym group matches
// any member, and the members added are returned.
func textQueries(m mapping.IndexMapping, parts []part, synonyms bool) (must, mustNot []query.Query, added []string) {
	cjkA, wordA := m.AnalyzerNamed(CJKQueryAnalyzer), m.AnalyzerNamed(QueryAnalyzer)
	for _, p := range parts {
		clause, phrase, ok := partClause(p, cjkA, wordA)
		if !ok {
			continue
		}
		if p.exclude {
			mustNot = append(mustNot, phrase)
			continue
		}
		if synonyms && !p.quoted {
			alts := []query.Query{clause}
			for _, alt := range synonymsOf(p.text) {
				if c, _, ok := partClause(part{text: alt}, cjkA, wordA); ok {
					alts = append(alts, c)
					added = append(added, alt)
				}
			}
			if len(alts) > 1 {
				clause = bleve.NewDisjunctionQuery(alts...)
			}
		}
		must = append(must, clause)
	}
	return must, mustNot, added
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
	if hasCJK && !strings.ContainsFunc(p.text, isDigit) {
		phrase.SetField(fieldTextCJK)
		phrase.Analyzer = CJKQueryAnalyzer
	} else {
		phrase.SetField(fieldText)
		phrase.Analyzer = QueryAnalyzer
	}
	tier := bleve.NewMatchAllQuery()
	tier.SetBoost(verbatimBoost)
	verbatim := bleve.NewConjunctionQuery(phrase, tier)
	if p.quoted || !hasWords {
		return verbatim, phrase, true
	}
	words := bleve.NewMatchQuery(p.text)
	words.SetField(fieldText)
	words.Analyzer = QueryAnalyzer
	words.SetOperator(query.MatchQueryOperatorAnd)
	return bleve.NewDisjunctionQuery(verbatim, words), phrase, true
}

// filters returns the non-scoring conjunction of the measure type and every
// filter of q.
func filters(q Query) (query.Query, error) {
	fs := []query.Query{termQuery(fieldDocType, docTypeMeasure)}
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
		var ys []query.Query
		incl := true
		for _, y := range q.Year {
			v := float64(y)
			yq := bleve.NewNumericRangeInclusiveQuery(&v, &v, &incl, &incl)
			yq.SetField(fieldYear)
			ys = append(ys, yq)
		}
		fs = append(fs, bleve.NewDisjunctionQuery(ys...))
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
		dq := bleve.NewDateRangeInclusiveQuery(from, to, &incl, &incl)
		dq.SetField(fieldPublished)
		fs = append(fs, dq)
	}
	return bleve.NewConjunctionQuery(fs...), nil
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
		return search.SortOrder{&search.SortField{Field: fieldDateAsc, Type: search.SortFieldAsDate}, &search.SortDocID{}}
	case SortDateDesc:
		return search.SortOrder{&search.SortField{Field: fieldDateDesc, Type: search.SortFieldAsDate, Desc: true}, &search.SortDocID{}}
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
		} else if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
			return nil, invalidf("search_after date %q is not an RFC 3339 time", v)
		}
		return []string{v, key[1]}, nil
	}
}
