package indexer

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/zhenggai/zhenggai/corpus/segment"
)

// Limits and defaults of Query.
const (
	DefaultLimit     = 20
	MaxLimit         = 100
	MaxOffset        = 10000 // deeper pages go through SearchAfter
	DefaultFacetSize = 50
	MaxFacetSize     = 1000
	MaxTextBytes     = 1000
	MaxParts         = 16
)

// Sort orders of Query.Sort.
const (
	SortRelevance = "relevance" // score, then id; the default with a text (without one, SortDateDesc)
	SortDate      = "date"      // oldest first, undated last, then id
	SortDateDesc  = "-date"     // newest first, undated last, then id; the default without a text
)

// Facet names of Query.Facets and Result.Facets.
const (
	FacetUnit     = "unit"
	FacetRound    = "round" // by round_label, e.g. 十届市委第二轮
	FacetTheme    = "theme"
	FacetYear     = "year"
	FacetCategory = "category"
	FacetType     = "type"
	FacetBody     = "body"
)

// Query is a measure search. The zero value finds every measure, newest
// first.
type Query struct {
	// Text is split on spaces (ASCII, U+3000, …) into parts; every part must
	// match. A plain part matches as a phrase (the characters verbatim) or
	// as words (every word of its precise gse cut); verbatim matches rank
	// first. A part in quotes ("…" or “…”) must match verbatim; a part with
	// a leading minus (-整改 or -"整改 落实") excludes measures holding it.
	// Parts without any word or character (punctuation only) are ignored.
	Text string

	// Keyword filters: a measure matches one of the values of each
	// non-empty filter, and every non-empty filter. Unit, RoundLabel and
	// Themes take what people type (see resolveFilters: a unit's key or
	// short form, a round label with or without its place, a theme id or
	// name); a value naming nothing selects nothing and is reported in
	// Result.UnknownFilters with the closest known values.
	Unit, Body, Level, Group, Type, Kind, Themes, RoundLabel []string
	Term, Round, Category, Year                              []int
	DisclosureID                                             string
	// PublishedFrom and PublishedTo bound the publication date, inclusive,
	// as YYYY-MM-DD; either may be empty. Undated measures never match a
	// bound.
	PublishedFrom, PublishedTo string

	// Sort is SortRelevance (default with a text), SortDate or SortDateDesc
	// (default without one).
	Sort string
	// Offset and Limit page the hits: Limit defaults to DefaultLimit and may
	// not exceed MaxLimit; Offset may not exceed MaxOffset.
	Offset, Limit int
	// SearchAfter is the Sort key of the last hit of the previous page
	// (Hit.Sort); set it instead of Offset for deep paging.
	SearchAfter []string

	// Facets names the facets to count over all hits (FacetUnit, …), each
	// with up to FacetSize buckets (default DefaultFacetSize).
	Facets    []string
	FacetSize int
	// Highlight fills Hit.Highlight.
	Highlight bool
	// Synonyms also searches the broad expansions of the synonym table
	// (巡察 ↔ 巡视, 四风 → its four); the safe ones (公车 → 公务用车, 一把手 →
	// 主要负责人 …) are always searched. Result.Expanded lists what was added.
	Synonyms bool
	// Collapse folds measures with the same text (copies in several units)
	// into the best-ranked one, which lists the others in Hit.Duplicates.
	// It cannot be combined with SearchAfter.
	Collapse bool
}

// Result is one page of a measure search.
type Result struct {
	Total  uint64              `json:"total"`
	TookMs float64             `json:"took_ms"`
	Offset int                 `json:"offset"`
	Limit  int                 `json:"limit"`
	Hits   []Hit               `json:"hits"`
	Facets map[string][]Bucket `json:"facets,omitempty"`
	// Expanded lists the synonyms the query also searched.
	Expanded []string `json:"expanded,omitempty"`
	// Ignored lists words of the query that describe a failing (不规范,
	// 不及时 …): measures say what was done, so they were not required.
	Ignored []string `json:"ignored,omitempty"`
	// Unmatched lists, when nothing was found, the words of the query that
	// no measure holds.
	Unmatched []string `json:"unmatched,omitempty"`
	// Corrections propose, when nothing was found, indexed words a
	// mistyped part may have meant (三会一棵 → 三会一课).
	Corrections []Correction `json:"corrections,omitempty"`
	// UnknownFilters lists filter values that name nothing in the index,
	// with the closest known values; such a filter selects nothing.
	UnknownFilters []FilterSuggestion `json:"unknown_filters,omitempty"`
	// Collapsed counts the hits of this page's window folded into another
	// hit with the same text (Query.Collapse).
	Collapsed int `json:"collapsed,omitempty"`
}

// Correction is a proposed spelling of a part of the query.
type Correction struct {
	From string `json:"from"`
	To   string `json:"to"`
	// Measures is how many measures hold To.
	Measures uint64 `json:"measures"`
	// Reason says why To is proposed first: ReasonSound (the differing
	// characters are read alike, as a pinyin input method confuses them)
	// or ReasonShape (they look alike); empty for a plain one-character
	// neighbour.
	Reason string `json:"reason,omitempty"`
}

// Reasons of a Correction.
const (
	ReasonSound = "sound"
	ReasonShape = "shape"
)

// FilterSuggestion is a filter value the index does not know and the
// closest values it does.
type FilterSuggestion struct {
	Filter      string   `json:"filter"`
	Value       string   `json:"value"`
	Suggestions []string `json:"suggestions"`
}

// Duplicate is another measure with the same text as a collapsed hit.
type Duplicate struct {
	ID           string `json:"id"`
	DisclosureID string `json:"disclosure_id"`
	Unit         string `json:"unit,omitempty"`
	RoundLabel   string `json:"round_label,omitempty"`
	Published    string `json:"published,omitempty"`
}

// Hit is one measure found.
type Hit struct {
	ID            string   `json:"id"`
	DisclosureID  string   `json:"disclosure_id"`
	Unit          string   `json:"unit,omitempty"`
	Round         *int     `json:"round"`
	RoundLabel    string   `json:"round_label,omitempty"`
	Category      int      `json:"category"`
	CategoryTitle string   `json:"category_title,omitempty"`
	Problem       *int     `json:"problem"`
	Number        int      `json:"number"`
	Published     string   `json:"published,omitempty"`
	Title         string   `json:"title,omitempty"`
	Text          string   `json:"text"`
	Highlight     string   `json:"highlight,omitempty"`
	Score         float64  `json:"score"`
	Themes        []string `json:"themes"`
	// ProblemTitle is the heading of the problem the measure answers.
	ProblemTitle string `json:"problem_title,omitempty"`
	// Matched names where the query's words were found: "text",
	// "category", "problem" and/or "theme" (a heading matched alone ranks
	// below the text).
	Matched []string `json:"matched,omitempty"`
	// Duplicates are the other measures with the same text, when the
	// search collapses copies; DuplicateUnits counts the units holding the
	// text, this hit's included.
	Duplicates     []Duplicate `json:"duplicates,omitempty"`
	DuplicateUnits int         `json:"duplicate_units,omitempty"`
	// Sort is the hit's sort key, [score, id] or [RFC 3339 date, id] (the
	// date empty when unknown): pass the last hit's as Query.SearchAfter
	// for the next page.
	Sort []string `json:"sort"`
}

// Bucket is one facet value and how many hits have it.
type Bucket struct {
	Key   string `json:"key"`
	Count int    `json:"count"`
}

// hitFields are the stored fields loaded for a Hit.
func hitFields() []string {
	return []string{fieldText, fieldDisclosureID, fieldUnit, fieldRound, fieldRoundLabel,
		fieldCategory, fieldCategoryTitle, fieldProblem, fieldNumber, fieldPublished,
		fieldTitle, fieldThemes, fieldProblemTitle, fieldTextKey}
}

// facetField returns the index field behind a facet name.
func facetField(name string) (string, bool) {
	switch name {
	case FacetUnit:
		return fieldUnit, true
	case FacetRound:
		return fieldRoundLabel, true
	case FacetTheme:
		return fieldThemes, true
	case FacetYear:
		return fieldYear, true
	case FacetCategory:
		return fieldCategory, true
	case FacetType:
		return fieldType, true
	case FacetBody:
		return fieldBody, true
	}
	return "", false
}

// Search finds measures. It stops when ctx is done.
func (ix *Index) Search(ctx context.Context, q Query) (*Result, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("search measures: %w", err)
	}
	idx, err := ix.acquire()
	if err != nil {
		return nil, fmt.Errorf("search measures: %w", err)
	}
	defer ix.mu.RUnlock()
	start := time.Now()
	ix.fan.running.Add(1)
	defer ix.fan.running.Add(-1)

	// Documents were folded to half-width and simplified characters at
	// ingest; a query in traditional or full-width characters is too.
	q.Text = ix.norm.Query(q.Text)
	if q.Collapse && len(q.SearchAfter) > 0 {
		return nil, fmt.Errorf("search measures: %w", invalidf("collapse and search_after cannot be combined"))
	}
	unknown, err := ix.resolveFilters(ctx, idx, &q)
	if err != nil {
		return nil, fmt.Errorf("search measures: %w", err)
	}
	seg, env, err := ix.queryEnv(ctx, idx, q.Text)
	if err != nil {
		return nil, fmt.Errorf("search measures: %w", err)
	}
	// Facets count every hit, whatever the page: a page turn (or the same
	// query asked again) takes them from the cache of this write generation.
	facetKey, gen := "", ix.gen.Load()
	var cachedFacets map[string][]Bucket
	if len(q.Facets) > 0 {
		facetKey = facetCacheKey(q, env.synonyms)
		if c, ok := ix.facets.get(gen, facetKey); ok {
			cachedFacets = c
			q.Facets = nil
		}
	}
	req, pl, err := buildRequest(idx.Mapping(), q, env)
	if err != nil {
		return nil, fmt.Errorf("search measures: %w", err)
	}
	// Collapsing folds copies found in a window of hits from the top.
	from, size := req.From, req.Size
	if q.Collapse {
		req.From, req.Size = 0, min(collapseWindow, (from+size)*3)
	}
	ctx = withValue(withValue(ctx, ix.impacts), ix.skips)
	tc, sctx, err := ix.collectTop(ctx, req, pl)
	if err != nil {
		return nil, fmt.Errorf("search measures: %w", err)
	}
	var res *bleve.SearchResult
	split := false
	if tc != nil && shareable(req.Query) {
		if parts := ix.fan.plan(func() uint64 { return ix.docCount(idx) }); parts > 1 {
			res, split, err = ix.searchSplit(ctx, idx, req, tc, parts)
		}
	}
	if err == nil && !split {
		res, err = idx.SearchInContext(sctx, req)
		if err == nil && tc != nil {
			res.Total += tc.tallied
		}
	}
	if err != nil {
		if errors.Is(err, ErrDamaged) {
			ix.checked.Store(false) // Close must not record these files as good
		}
		return nil, fmt.Errorf("search measures: %w", translate(err))
	}
	if tc != nil {
		res.Hits = tc.hits // its facets are cut from its counts below
	}
	out := &Result{
		Total:  res.Total,
		Offset: from,
		Limit:  size,
		Hits:   make([]Hit, 0, len(res.Hits)),

		Expanded:       pl.expanded,
		Ignored:        pl.ignored,
		UnknownFilters: unknown,
	}
	hits := res.Hits
	var keys []string
	if q.Collapse {
		hits, keys, out.Collapsed = collapseHits(hits, from, size)
	}
	for _, h := range hits {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("search measures: %w", err)
		}
		out.Hits = append(out.Hits, ix.toHit(h, pl, seg))
	}
	if q.Collapse && len(keys) > 0 {
		if err := ix.addDuplicates(ctx, idx, req, out.Hits, keys); err != nil {
			return nil, fmt.Errorf("search measures: %w", err)
		}
	}
	if len(pl.facets) > 0 {
		out.Facets = make(map[string][]Bucket, len(pl.facets))
		size := q.FacetSize
		if size == 0 {
			size = DefaultFacetSize
		}
		for _, name := range pl.facets {
			if f, ok := isCombined(name); ok {
				lookup := func(key string) (string, bool, error) { return ix.facetNames.lookup(ctx, idx, gen, key) }
				var bs []Bucket
				var err error
				if tc != nil && tc.counts != nil {
					bs, err = tc.buckets(f, size, lookup)
				} else {
					bs, err = splitCombined(f, res.Facets[combinedFacetRequest], size, lookup)
				}
				if err != nil {
					return nil, fmt.Errorf("search measures: %w", err)
				}
				out.Facets[name] = bs
				continue
			}
			out.Facets[name] = buckets(name, res.Facets[name])
		}
		ix.facets.put(gen, facetKey, out.Facets)
	}
	if cachedFacets != nil {
		out.Facets = maps.Clone(cachedFacets)
	}
	if res.Total == 0 && len(pl.plans) > 0 {
		if err := ix.explainEmpty(ctx, idx, pl, out); err != nil {
			return nil, fmt.Errorf("search measures: %w", err)
		}
	}
	out.TookMs = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// collectTop moves a search whose facets (if any) are all combined ones
// to a topCollector: it returns the collector and the context that hands
// bleve's hits to it, with req changed to collect nothing itself. Other
// searches are left to bleve (nil collector).
func (ix *Index) collectTop(ctx context.Context, req *bleve.SearchRequest, pl plan) (*topCollector, context.Context, error) {
	if ix.bleveCollects {
		return nil, ctx, nil
	}
	for _, name := range pl.facets {
		if _, ok := isCombined(name); !ok {
			return nil, ctx, nil
		}
	}
	by := byScore
	switch pl.sort {
	case SortDate:
		by = byDateAsc
	case SortDateDesc:
		by = byDateDesc
	}
	tc, err := newTopCollector(req.From+req.Size, req.From, by, req.SearchAfter, req.Fields, ix.columns, len(pl.facets) > 0)
	if err != nil {
		return nil, ctx, err
	}
	req.Facets, req.Fields, req.SearchAfter = nil, nil, nil
	req.From, req.Size = 0, 0
	req.Sort = search.SortOrder{&search.SortScore{Desc: true}}
	if pl.listing {
		req.Score = bleve.ScoreNone // the order is the date's, and scores say nothing
	}
	ctx = context.WithValue(ctx, collectorKey{}, tc)
	return tc, context.WithValue(ctx, search.MakeDocumentMatchHandlerKey, search.MakeDocumentMatchHandler(tc.makeHandler)), nil
}

// WarmColumns reads the in-memory columns (facet and date keys) of every
// segment of the current snapshot, so that the first search after a
// start or a merge does not pay for them (about 0.3 s at 300,000
// measures).
func (ix *Index) WarmColumns(ctx context.Context) error {
	snap, release, err := ix.readSnapshot()
	if err != nil {
		return fmt.Errorf("warm columns: %w", err)
	}
	defer release()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("warm columns: %w", err)
	}
	if _, _, err := ix.columns.ranges(snap); err != nil {
		return fmt.Errorf("warm columns: %w", err)
	}
	return nil
}

// readSnapshot returns the index's current scorch snapshot, held (with
// the index open) until release.
func (ix *Index) readSnapshot() (snap *scorch.IndexSnapshot, release func(), err error) {
	idx, err := ix.acquire()
	if err != nil {
		return nil, nil, err
	}
	snap, err = scorchSnapshot(idx)
	if err != nil {
		ix.mu.RUnlock()
		return nil, nil, err
	}
	return snap, func() { snap.Close(); ix.mu.RUnlock() }, nil
}

// scorchSnapshot returns idx's current scorch snapshot, to be closed by
// the caller; the caller keeps idx open meanwhile.
func scorchSnapshot(idx bleve.Index) (*scorch.IndexSnapshot, error) {
	adv, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		r.Close()
		return nil, fmt.Errorf("the index reader is a %T, not a scorch snapshot", r)
	}
	return snap, nil
}

// queryEnv is what building a request for text needs: the segmenter (only
// words need it: filters alone never load the dictionary; a load under
// way is waited for within ctx), the synonyms, the query words and the
// index's document frequencies.
func (ix *Index) queryEnv(ctx context.Context, idx bleve.Index, text string) (*segment.Segmenter, queryEnv, error) {
	var seg *segment.Segmenter
	if strings.TrimSpace(text) != "" {
		var err error
		if seg, err = ix.segmenter(ctx); err != nil {
			return nil, queryEnv{}, err
		}
	}
	return seg, queryEnv{
		synonyms: ix.synonyms.current(),
		words:    ix.words,
		seg:      segWords{seg},
		df: func(w string) uint64 {
			n, _ := docFreq(idx, fieldText, w)
			return n
		},
		native: !ix.bleveWalks,
	}, nil
}

// segWords adapts the segmenter to queryEnv.
type segWords struct{ seg *segment.Segmenter }

func (s segWords) Words(text string) []string { return s.seg.Words(text) }

// SearchWords returns the sub-words of text in search mode.
func (s segWords) SearchWords(text string) []string {
	var out []string
	for _, t := range s.seg.Tokens([]byte(text), segment.Search) {
		if w := string(t.Term); w != text && !slices.Contains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

// Measure returns one measure by id, or ErrNotFound.
func (ix *Index) Measure(ctx context.Context, id string) (*Hit, error) {
	idx, err := ix.acquire()
	if err != nil {
		return nil, fmt.Errorf("get measure %s: %w", id, err)
	}
	defer ix.mu.RUnlock()
	q := bleve.NewBooleanQuery()
	q.AddMust(bleve.NewDocIDQuery([]string{id}))
	q.AddFilter(termQuery(fieldDocType, docTypeMeasure))
	req := bleve.NewSearchRequestOptions(q, 1, 0, false)
	req.Fields = hitFields()
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("get measure %s: %w", id, translate(err))
	}
	if len(res.Hits) == 0 {
		return nil, fmt.Errorf("get measure %s: %w", id, ErrNotFound)
	}
	h := ix.toHit(res.Hits[0], plan{sort: SortRelevance}, nil) // no highlight: no segmenter
	return &h, nil
}

// toHit converts a bleve hit.
func (ix *Index) toHit(h *search.DocumentMatch, p plan, seg *segment.Segmenter) Hit {
	hit := Hit{
		ID:            h.ID,
		DisclosureID:  fieldString(h.Fields, fieldDisclosureID),
		Unit:          fieldString(h.Fields, fieldUnit),
		Round:         fieldInt(h.Fields, fieldRound),
		RoundLabel:    fieldString(h.Fields, fieldRoundLabel),
		CategoryTitle: fieldString(h.Fields, fieldCategoryTitle),
		Problem:       fieldInt(h.Fields, fieldProblem),
		Title:         fieldString(h.Fields, fieldTitle),
		Text:          fieldString(h.Fields, fieldText),
		Score:         h.Score,
		Themes:        fieldStrings(h.Fields, fieldThemes),
		ProblemTitle:  fieldString(h.Fields, fieldProblemTitle),
	}
	if c := fieldInt(h.Fields, fieldCategory); c != nil {
		hit.Category = *c
	}
	if n := fieldInt(h.Fields, fieldNumber); n != nil {
		hit.Number = *n
	}
	if t, err := time.Parse(time.RFC3339Nano, fieldString(h.Fields, fieldPublished)); err == nil {
		hit.Published = t.Format(time.DateOnly)
	}
	if hit.Themes == nil {
		hit.Themes = []string{}
	}
	if p.highlight {
		var ws wordSegmenter // a nil interface without a segmenter (no words)
		if seg != nil {
			ws = seg
		}
		hit.Highlight = highlight(hit.Text, p.parts, p.words, ws)
	}
	if len(p.words) > 0 {
		hit.Matched = ix.matchedFields(hit, p.words)
	}
	switch p.sort {
	case SortRelevance:
		hit.Sort = []string{strconv.FormatFloat(h.Score, 'g', -1, 64), h.ID}
	default:
		v := ""
		if len(h.DecodedSort) > 0 {
			v = h.DecodedSort[0]
		}
		if v == missingDateLast || v == missingDateFirst {
			v = ""
		}
		hit.Sort = []string{v, h.ID}
	}
	return hit
}

func fieldString(fields map[string]any, name string) string {
	switch v := fields[name].(type) {
	case string:
		return v
	case []any:
		if len(v) > 0 {
			s, _ := v[0].(string)
			return s
		}
	}
	return ""
}

func fieldStrings(fields map[string]any, name string) []string {
	switch v := fields[name].(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

func fieldInt(fields map[string]any, name string) *int {
	n, err := strconv.Atoi(fieldString(fields, name))
	if err != nil {
		return nil
	}
	return &n
}

// buckets converts a terms facet, ordered by
// count (descending) then key.
func buckets(name string, fr *search.FacetResult) []Bucket {
	out := []Bucket{}
	if fr == nil || fr.Terms == nil {
		return out
	}
	for _, t := range fr.Terms.Terms() {
		out = append(out, Bucket{Key: t.Term, Count: t.Count})
	}
	sortBuckets(out)
	return out
}

// sortBuckets orders buckets largest first, then by key.
func sortBuckets(bs []Bucket) {
	slices.SortFunc(bs, func(a, b Bucket) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
}

// MatchingIDs returns the ids of up to max measures q finds, oldest first
// (SortDate), and whether more matched: what analytics conditioned on a
// search count. It reads no stored field, counts no facet and highlights
// nothing, so a few thousand ids cost about one search of a page.
func (ix *Index) MatchingIDs(ctx context.Context, q Query, max int) ([]string, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, fmt.Errorf("select measures: %w", err)
	}
	if max <= 0 {
		return nil, false, fmt.Errorf("select measures: %w", invalidf("max %d is not positive", max))
	}
	idx, err := ix.acquire()
	if err != nil {
		return nil, false, fmt.Errorf("select measures: %w", err)
	}
	defer ix.mu.RUnlock()
	q.Text = ix.norm.Query(q.Text)
	q.Facets, q.Highlight, q.Collapse, q.Offset, q.SearchAfter = nil, false, false, 0, nil
	q.Sort, q.Limit = SortDate, 1
	if _, err := ix.resolveFilters(ctx, idx, &q); err != nil {
		return nil, false, fmt.Errorf("select measures: %w", err)
	}
	_, env, err := ix.queryEnv(ctx, idx, q.Text)
	if err != nil {
		return nil, false, fmt.Errorf("select measures: %w", err)
	}
	req, pl, err := buildRequest(idx.Mapping(), q, env)
	if err != nil {
		return nil, false, fmt.Errorf("select measures: %w", err)
	}
	req.Size, req.Fields, req.Score = max, nil, "none"
	tc, sctx, err := ix.collectTop(ctx, req, pl)
	if err != nil {
		return nil, false, fmt.Errorf("select measures: %w", err)
	}
	res, err := idx.SearchInContext(sctx, req)
	if err != nil {
		return nil, false, fmt.Errorf("select measures: %w", translate(err))
	}
	if tc != nil {
		res.Hits = tc.hits
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, res.Total > uint64(len(ids)), nil
}
