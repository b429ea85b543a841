package api

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/indexer"
)

// params reads a request's query string strictly: unknown names are
// refused, scalars may not repeat, numbers and dates must parse.
type params struct {
	vals url.Values
}

// keyParams are names a client might try to pass an API key under.
func keyParams() []string { return []string{"api_key", "apikey", "key", "token", "access_token"} }

// readParams checks that the query holds only allowed names.
func readParams(c *gin.Context, allowed ...string) (*params, error) {
	if n := len(c.Request.RequestURI); n > maxURLBytes {
		return nil, errorf(CodeURLTooLong, "the request URL is %d bytes, at most %d are allowed", n, maxURLBytes)
	}
	vals := c.Request.URL.Query()
	if err := checkQueryLimits(vals); err != nil {
		return nil, err
	}
	names := make([]string, 0, len(vals))
	for name := range vals {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if slices.Contains(allowed, name) {
			continue
		}
		if slices.Contains(keyParams(), strings.ToLower(name)) {
			return nil, paramError(CodeUnknownParameter, name,
				"API keys are not accepted in the query string; send X-API-Key or Authorization: Bearer")
		}
		if len(allowed) == 0 {
			return nil, paramError(CodeUnknownParameter, name, "this route takes no query parameters, got %q", name)
		}
		return nil, paramError(CodeUnknownParameter, name, "unknown query parameter %q (this route takes: %s)",
			name, strings.Join(allowed, ", "))
	}
	return &params{vals: vals}, nil
}

// has reports whether name was given at all.
func (p *params) has(name string) bool { _, ok := p.vals[name]; return ok }

// str returns the single value of name, "" when absent.
func (p *params) str(name string) (string, error) {
	vs := p.vals[name]
	switch len(vs) {
	case 0:
		return "", nil
	case 1:
		return vs[0], nil
	}
	return "", paramError(CodeInvalidParameter, name, "%s may be given once, got %d values", name, len(vs))
}

// list returns the values of name, repeated or comma-separated, trimmed,
// without empty ones.
func (p *params) list(name string) []string {
	var out []string
	for _, v := range p.vals[name] {
		for part := range strings.SplitSeq(v, ",") {
			if part = strings.TrimSpace(part); part != "" {
				out = append(out, part)
			}
		}
	}
	return out
}

// ints returns the values of name as whole numbers.
func (p *params) ints(name string) ([]int, error) {
	var out []int
	for _, v := range p.list(name) {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, paramError(CodeInvalidParameter, name, "%s takes whole numbers, got %q", name, v)
		}
		out = append(out, n)
	}
	return out, nil
}

// intIn returns the single value of name within [lo, hi], or def when
// absent; a value out of range answers with code.
func (p *params) intIn(name string, def, lo, hi int, code Code) (int, error) {
	v, err := p.str(name)
	if err != nil || v == "" {
		return def, err
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, paramError(CodeInvalidParameter, name, "%s takes a whole number, got %q", name, v)
	}
	if n < lo || n > hi {
		return 0, paramError(code, name, "%s %d is outside %d–%d", name, n, lo, hi)
	}
	return n, nil
}

// boolean returns the single value of name as true/false, or def.
func (p *params) boolean(name string, def bool) (bool, error) {
	v, err := p.str(name)
	if err != nil || v == "" {
		return def, err
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, paramError(CodeInvalidParameter, name, "%s takes true or false, got %q", name, v)
	}
	return b, nil
}

// date returns the single value of name, checked as YYYY-MM-DD.
func (p *params) date(name string) (string, error) {
	v, err := p.str(name)
	if err != nil || v == "" {
		return "", err
	}
	if _, err := time.Parse(time.DateOnly, v); err != nil {
		return "", paramError(CodeInvalidParameter, name, "%s takes a YYYY-MM-DD date, got %q", name, v)
	}
	return v, nil
}

// searchParams are the query parameters of a measure search, shared by
// the search and export routes.
func searchParams() []string {
	return []string{"q", "unit", "round", "round_label", "theme", "year", "category", "body", "kind",
		"level", "group", "type", "term", "disclosure_id", "from", "to", "sort", "limit", "offset",
		"search_after", "facets", "facet_size", "highlight", "synonyms", "collapse"}
}

// facetNames are the facets a search may ask for.
func facetNames() []string {
	return []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear,
		indexer.FacetCategory, indexer.FacetType, indexer.FacetBody}
}

// defaultFacets are counted when a search does not name any.
func defaultFacets() []string {
	return []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear}
}

// searchQuery builds an index query from the search parameters, checking
// every limit before the index sees it.
func searchQuery(p *params) (indexer.Query, error) {
	var q indexer.Query
	var err error
	if q.Text, err = p.str("q"); err != nil {
		return q, err
	}
	if err := CheckQueryText(q.Text); err != nil {
		return q, err
	}
	if len(q.Text) > indexer.MaxTextBytes {
		return q, paramError(CodeQueryTooLong, "q", "q is %d bytes, at most %d are allowed", len(q.Text), indexer.MaxTextBytes)
	}
	q.Unit, q.RoundLabel, q.Themes = p.list("unit"), p.list("round_label"), p.list("theme")
	q.Body, q.Kind, q.Level, q.Group, q.Type = p.list("body"), p.list("kind"), p.list("level"), p.list("group"), p.list("type")
	// A round is a number or a label (printed or place-qualified): labels
	// join round_label and are resolved by the index.
	for _, v := range p.list("round") {
		n, err := strconv.Atoi(v)
		switch {
		case err == nil:
			q.Round = append(q.Round, n)
		case strings.HasSuffix(v, "轮") || strings.HasSuffix(v, "轮（推断）"):
			q.RoundLabel = append(q.RoundLabel, v)
		default:
			return q, paramError(CodeInvalidParameter, "round",
				"round takes a number or a round label such as 十届市委第二轮, got %q", v)
		}
	}
	for _, f := range []struct {
		name string
		dst  *[]int
	}{{"year", &q.Year}, {"category", &q.Category}, {"term", &q.Term}} {
		if *f.dst, err = p.ints(f.name); err != nil {
			return q, err
		}
	}
	if q.DisclosureID, err = p.str("disclosure_id"); err != nil {
		return q, err
	}
	if q.PublishedFrom, err = p.date("from"); err != nil {
		return q, err
	}
	if q.PublishedTo, err = p.date("to"); err != nil {
		return q, err
	}
	if q.Sort, err = p.str("sort"); err != nil {
		return q, err
	}
	if q.Sort != "" && !slices.Contains([]string{indexer.SortRelevance, indexer.SortDate, indexer.SortDateDesc}, q.Sort) {
		return q, paramError(CodeInvalidParameter, "sort", "sort takes relevance, date or -date, got %q", q.Sort)
	}
	if q.Limit, err = p.intIn("limit", indexer.DefaultLimit, 1, indexer.MaxLimit, CodeLimitOutOfRange); err != nil {
		return q, err
	}
	if q.Offset, err = p.intIn("offset", 0, 0, indexer.MaxOffset, CodeOffsetOutOfRange); err != nil {
		return q, err
	}
	if err := searchAfterParam(p, &q); err != nil {
		return q, err
	}
	if err := facetParams(p, &q); err != nil {
		return q, err
	}
	if q.Synonyms, err = p.boolean("synonyms", false); err != nil {
		return q, err
	}
	if q.Collapse, err = p.boolean("collapse", false); err != nil {
		return q, err
	}
	if q.Collapse && len(q.SearchAfter) > 0 {
		return q, paramError(CodeInvalidParameter, "collapse", "collapse and search_after cannot be combined")
	}
	q.Highlight, err = p.boolean("highlight", true)
	return q, err
}

// searchAfterParam reads search_after, "value,id": a hit's sort key.
func searchAfterParam(p *params, q *indexer.Query) error {
	v, err := p.str("search_after")
	if err != nil || v == "" {
		return err
	}
	value, id, ok := strings.Cut(v, ",")
	if !ok || id == "" {
		return paramError(CodeInvalidParameter, "search_after",
			"search_after takes a hit's sort key as \"value,id\" (the response's next_search_after), got %q", v)
	}
	if p.has("offset") && q.Offset != 0 {
		return paramError(CodeInvalidParameter, "search_after", "offset and search_after cannot be combined")
	}
	q.SearchAfter = []string{value, id}
	return nil
}

// facetParams reads facets and facet_size. Without facets, the default
// four are counted; an empty facets= asks for none.
func facetParams(p *params, q *indexer.Query) error {
	if !p.has("facets") {
		q.Facets = defaultFacets()
	}
	for _, f := range p.list("facets") {
		if !slices.Contains(facetNames(), f) {
			return paramError(CodeInvalidParameter, "facets", "unknown facet %q (known: %s)", f, strings.Join(facetNames(), ", "))
		}
		q.Facets = append(q.Facets, f)
	}
	var err error
	q.FacetSize, err = p.intIn("facet_size", indexer.DefaultFacetSize, 1, indexer.MaxFacetSize, CodeInvalidParameter)
	return err
}
