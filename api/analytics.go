package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// Analytics compares themes and finds recurring and common problems over
// the stored theme tags (*library.Library).
type Analytics interface {
	Compare(ctx context.Context, by string, units, rounds []string) (analytics.Comparison, error)
	Recurring(ctx context.Context, minRounds int) (analytics.Recurrences, error)
	Common(ctx context.Context, minUnits int) (analytics.Commonalities, error)
}

// maxThreshold bounds min_rounds and min_units.
const maxThreshold = 1000

// ComparisonPage is a page of a comparison's groups, with the distinctive
// themes of those groups.
type ComparisonPage struct {
	analytics.Comparison
	Page
}

// RecurrencePage is a page of recurring themes.
type RecurrencePage struct {
	analytics.Recurrences
	// Recurring is Recurrences.Recurring with round_labels.
	Recurring []Recurrence `json:"recurring"`
	Page
}

// CommonPage is a page of common themes.
type CommonPage struct {
	analytics.Commonalities
	// Common is Commonalities.Common with round_label.
	Common []CommonTheme `json:"common"`
	Page
}

// compareQuery is the parameters of GET /api/v1/analytics/compare.
type compareQuery struct {
	by            string
	units, rounds []string
	page          Page
	top           int            // ranked themes per group
	filter        library.Filter // the search parameters selecting the measures
	ids           int            // measure ids listed per cell (measure_ids)
}

// Bounds of compare's measure ids per cell (parameter measure_ids): each
// cell lists at most this many of its measures' ids, its count says how
// many it has, and measure_ids_truncated marks a cut list; the cell's
// search (cells[].search) lists them all. Every id of a 10,000-disclosure
// corpus made one page 3.7 MB.
const (
	DefaultCellIDs = 5
	MaxCellIDs     = 5000
)

// defaultCompareGroups is compare's page of groups unless asked (at most
// maxListLimit): each group carries a cell, with its search, per theme
// (up to 44), so 100 groups of a 10,000-disclosure corpus made 1.7 MB.
const defaultCompareGroups = 40

// Bounds of the measure ids listed per entry of the recurring and common
// routes (parameter measure_ids): measure_count counts them all and
// measure_ids_truncated marks a cut list. 100 entries of a
// 10,000-disclosure corpus listing every id made 1 MB.
const (
	DefaultEntryIDs = 20
	MaxEntryIDs     = 5000
)

// readCompare reads by (required: unit or round), units and rounds.
func readCompare(p *params) (compareQuery, error) {
	by, err := p.str("by")
	if err != nil {
		return compareQuery{}, err
	}
	switch by {
	case analytics.ByUnit, analytics.ByRound:
	case "":
		return compareQuery{}, paramError(CodeInvalidParameter, "by", "by is required: unit or round")
	default:
		return compareQuery{}, paramError(CodeInvalidParameter, "by", "by takes unit or round, got %q", by)
	}
	pg, err := pageParams(p, defaultCompareGroups, maxListLimit, maxListOffset)
	if err != nil {
		return compareQuery{}, err
	}
	top, err := p.intIn("top", defaultRankTop, 1, maxRankTop, CodeInvalidParameter)
	if err != nil {
		return compareQuery{}, err
	}
	ids, err := p.intIn("measure_ids", DefaultCellIDs, 0, MaxCellIDs, CodeInvalidParameter)
	if err != nil {
		return compareQuery{}, err
	}
	f, err := readFilter(p)
	// round_label is the API's one name for a round; rounds stays.
	rounds := append(p.list("rounds"), p.list("round_label")...)
	return compareQuery{by: by, units: p.list("units"), rounds: rounds, page: pg, top: top, filter: f, ids: ids}, err
}

// comparePage keeps the groups on page pg and the distinctive themes of
// those groups, and lists at most ids measure ids per cell (the
// comparison itself, shared with the library's cache, is not modified).
func comparePage(res analytics.Comparison, pg Page, ids int) ComparisonPage {
	res.Groups = slicePage(res.Groups, &pg)
	keys := make(map[string]bool, len(res.Groups))
	for i, g := range res.Groups {
		keys[g.Key] = true
		themes := make([]analytics.ThemeCount, len(g.Themes))
		for j, th := range g.Themes {
			if len(th.MeasureIDs) > ids {
				th.MeasureIDs = th.MeasureIDs[:ids:ids]
				th.MeasureIDsTruncated = true
			}
			themes[j] = th
		}
		res.Groups[i].Themes = themes
	}
	dist := res.Distinctive[:0:0]
	for _, d := range res.Distinctive {
		if keys[d.Group] {
			dist = append(dist, d)
		}
	}
	res.Distinctive = dist
	return ComparisonPage{Comparison: res, Page: pg}
}

// compareThemes answers GET /api/v1/analytics/compare.
func (s *Server) compareThemes(c *gin.Context) {
	allowed := append([]string{"by", "units", "rounds", "round_label", "limit", "offset", "top", "measure_ids"}, filterParams()...)
	q, b, ok := beginQuery(s, c, allowed, readCompare)
	if !ok {
		return
	}
	if g, ok := grouped(b); ok {
		// Ranked and conditioned on the search parameters (analytics12.go).
		res, err := g.CompareWhere(c.Request.Context(), q.by, q.units, q.rounds, q.filter, q.top)
		if err != nil {
			s.fail(c, err)
			return
		}
		writeJSON(c, http.StatusOK, rankedPage(res, q.page, q.filter, q.ids))
		return
	}
	res, err := b.Analytics.Compare(c.Request.Context(), q.by, q.units, q.rounds)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, comparePage(res, q.page, q.ids))
}

// thresholdQuery is a threshold and a page.
type thresholdQuery struct {
	n    int
	page Page
	ids  int // measure ids listed per entry
}

// threshold reads one whole-number threshold parameter, the measure ids
// listed per entry and the page.
func threshold(name string, def int) func(*params) (thresholdQuery, error) {
	return func(p *params) (thresholdQuery, error) {
		n, err := p.intIn(name, def, 1, maxThreshold, CodeInvalidParameter)
		if err != nil {
			return thresholdQuery{}, err
		}
		ids, err := p.intIn("measure_ids", DefaultEntryIDs, 0, MaxEntryIDs, CodeInvalidParameter)
		if err != nil {
			return thresholdQuery{}, err
		}
		pg, err := listPage(p)
		return thresholdQuery{n: n, page: pg, ids: ids}, err
	}
}

// capIDs returns at most n of ids and whether it cut them; the list is
// never nil.
func capIDs(ids []string, n int) ([]string, bool) {
	if ids == nil {
		return []string{}, false
	}
	if len(ids) > n {
		return ids[:n:n], true
	}
	return ids, false
}

// recurringThemes answers GET /api/v1/analytics/recurring.
func (s *Server) recurringThemes(c *gin.Context) {
	q, b, ok := beginQuery(s, c, []string{"min_rounds", "limit", "offset", "measure_ids"}, threshold("min_rounds", analytics.DefaultMinRounds))
	if !ok {
		return
	}
	res, err := b.Analytics.Recurring(c.Request.Context(), q.n)
	if err != nil {
		s.fail(c, err)
		return
	}
	res.Recurring = slicePage(res.Recurring, &q.page) // a copy: the library's list is shared
	for i := range res.Recurring {
		r := &res.Recurring[i]
		r.MeasureCount = len(r.MeasureIDs)
		r.MeasureIDs, r.MeasureIDsTruncated = capIDs(r.MeasureIDs, q.ids)
	}
	writeJSON(c, http.StatusOK, RecurrencePage{Recurrences: res, Recurring: recurrencesWithLabels(res.Recurring), Page: q.page})
}

// commonThemes answers GET /api/v1/analytics/common.
func (s *Server) commonThemes(c *gin.Context) {
	q, b, ok := beginQuery(s, c, []string{"min_units", "limit", "offset", "measure_ids"}, threshold("min_units", analytics.DefaultMinUnits))
	if !ok {
		return
	}
	res, err := b.Analytics.Common(c.Request.Context(), q.n)
	if err != nil {
		s.fail(c, err)
		return
	}
	res.Common = slicePage(res.Common, &q.page) // a copy: the library's list is shared
	for i := range res.Common {
		ct := &res.Common[i]
		ct.MeasureCount = len(ct.MeasureIDs)
		ct.MeasureIDs, ct.MeasureIDsTruncated = capIDs(ct.MeasureIDs, q.ids)
	}
	writeJSON(c, http.StatusOK, CommonPage{Commonalities: res, Common: commonWithLabels(res.Common), Page: q.page})
}
