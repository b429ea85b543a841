package api

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/corpus/similar"
	"github.com/zhenggai/zhenggai/indexer"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// Grouped answers the grouped analytics: clusters, recurring themes by
// unit, common themes by round, trends, ranked and search-conditioned
// comparisons, and unit profiles (*library.Library).
type Grouped interface {
	Clusters(ctx context.Context, q library.ClusterQuery) (library.ClusterPage, error)
	RecurringByUnit(ctx context.Context, opts analytics.GroupOptions, f library.Filter) (analytics.UnitRecurrences, error)
	CommonByTheme(ctx context.Context, opts analytics.GroupOptions, f library.Filter) (analytics.CommonGroups, error)
	Trends(ctx context.Context, per string, top int, f library.Filter) (analytics.Trend, library.Selection, error)
	CompareWhere(ctx context.Context, by string, units, rounds []string, f library.Filter, top int) (library.RankedComparison, error)
	Profile(ctx context.Context, unit string, opts analytics.GroupOptions, copiedLimit int) (library.UnitProfile, error)
}

// grouped returns the backend's grouped analytics (its Analytics, which
// the library implements).
func grouped(b *Backend) (Grouped, bool) {
	g, ok := b.Analytics.(Grouped)
	return g, ok
}

// filterParams are the search parameters that select the measures of an
// analysis.
func filterParams() []string {
	return []string{"q", "unit", "round", "theme", "year", "from", "to", "disclosure_id"}
}

// readFilter reads the search parameters of an analysis.
func readFilter(p *params) (library.Filter, error) {
	var f library.Filter
	var err error
	if f.Text, err = p.str("q"); err != nil {
		return f, err
	}
	if err := CheckQueryText(f.Text); err != nil {
		return f, err
	}
	if len(f.Text) > indexer.MaxTextBytes {
		return f, paramError(CodeQueryTooLong, "q", "q is %d bytes, at most %d are allowed", len(f.Text), indexer.MaxTextBytes)
	}
	f.Units, f.Rounds, f.Themes = p.list("unit"), p.list("round"), p.list("theme")
	if f.Years, err = p.ints("year"); err != nil {
		return f, err
	}
	if f.From, err = p.date("from"); err != nil {
		return f, err
	}
	if f.To, err = p.date("to"); err != nil {
		return f, err
	}
	f.DisclosureID, err = p.str("disclosure_id")
	return f, err
}

// filterValues writes f as search parameters.
func filterValues(f library.Filter) url.Values {
	v := url.Values{}
	if f.Text != "" {
		v.Set("q", f.Text)
	}
	for _, u := range f.Units {
		v.Add("unit", u)
	}
	for _, r := range f.Rounds {
		v.Add("round", r)
	}
	for _, t := range f.Themes {
		v.Add("theme", t)
	}
	for _, y := range f.Years {
		v.Add("year", strconv.Itoa(y))
	}
	if f.From != "" {
		v.Set("from", f.From)
	}
	if f.To != "" {
		v.Set("to", f.To)
	}
	if f.DisclosureID != "" {
		v.Set("disclosure_id", f.DisclosureID)
	}
	return v
}

// Grouped list pages: analytics.DefaultLimit entries unless asked, at most
// analytics.MaxLimit.
func groupedPage(p *params) (Page, error) {
	return pageParams(p, analytics.DefaultLimit, analytics.MaxLimit, maxListOffset)
}

// groupQuery is the parameters of the grouped recurring and common routes.
type groupQuery struct {
	opts   analytics.GroupOptions
	filter library.Filter
}

// readGroup reads the thresholds, the shown counts, the page and the
// search parameters.
func readGroup(threshold string, def int) func(*params) (groupQuery, error) {
	return func(p *params) (groupQuery, error) {
		var q groupQuery
		n, err := p.intIn(threshold, def, 1, maxThreshold, CodeInvalidParameter)
		if err != nil {
			return q, err
		}
		q.opts.MinRounds, q.opts.MinUnits = n, n
		for _, s := range []struct {
			name string
			dst  *int
		}{{"themes_shown", &q.opts.ThemesShown}, {"rounds_shown", &q.opts.RoundsShown}, {"measures_shown", &q.opts.MeasuresShown}} {
			if *s.dst, err = p.intIn(s.name, 0, 0, analytics.MaxShown, CodeInvalidParameter); err != nil {
				return q, err
			}
		}
		pg, err := groupedPage(p)
		if err != nil {
			return q, err
		}
		q.opts.Offset, q.opts.Limit = pg.Offset, pg.Limit
		q.filter, err = readFilter(p)
		return q, err
	}
}

// recurringByUnit answers GET /api/v1/analytics/recurring/units.
func (s *Server) recurringByUnit(c *gin.Context) {
	allowed := append([]string{"min_rounds", "themes_shown", "rounds_shown", "measures_shown", "limit", "offset"}, filterParams()...)
	q, b, ok := beginQuery(s, c, allowed, readGroup("min_rounds", analytics.DefaultMinRounds))
	if !ok {
		return
	}
	g, ok := s.groupedOf(c, b)
	if !ok {
		return
	}
	res, err := g.RecurringByUnit(c.Request.Context(), q.opts, q.filter)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, res)
}

// commonByTheme answers GET /api/v1/analytics/common/themes.
func (s *Server) commonByTheme(c *gin.Context) {
	allowed := append([]string{"min_units", "limit", "offset"}, filterParams()...)
	q, b, ok := beginQuery(s, c, allowed, readGroup("min_units", analytics.DefaultMinUnits))
	if !ok {
		return
	}
	g, ok := s.groupedOf(c, b)
	if !ok {
		return
	}
	res, err := g.CommonByTheme(c.Request.Context(), q.opts, q.filter)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, res)
}

// groupedOf returns the grouped analytics, or answers that the backend has
// none.
func (s *Server) groupedOf(c *gin.Context, b *Backend) (Grouped, bool) {
	g, ok := grouped(b)
	if !ok {
		s.writeProblem(c, errorf(CodeNotReady, "grouped analytics are not available"))
	}
	return g, ok
}

// clusterQuery reads the parameters of GET /api/v1/analytics/clusters.
func readClusters(p *params) (library.ClusterQuery, error) {
	var q library.ClusterQuery
	th, err := p.str("threshold")
	if err != nil {
		return q, err
	}
	if th != "" {
		if q.Threshold, err = strconv.ParseFloat(th, 64); err != nil || q.Threshold <= 0 || q.Threshold > 1 {
			return q, paramError(CodeInvalidParameter, "threshold", "threshold takes a number in (0, 1], got %q", th)
		}
	}
	if q.MinSize, err = p.intIn("min_size", 2, 2, 1000, CodeInvalidParameter); err != nil {
		return q, err
	}
	if q.Members, err = p.intIn("members", library.DefaultClusterMembers, 1, library.MaxClusterMembers, CodeInvalidParameter); err != nil {
		return q, err
	}
	if q.Unit, err = p.str("unit"); err != nil {
		return q, err
	}
	pg, err := pageParams(p, similar.DefaultClusterLimit, similar.MaxClusterLimit, maxListOffset)
	q.Offset, q.Limit = pg.Offset, pg.Limit
	return q, err
}

// clusters answers GET /api/v1/analytics/clusters.
func (s *Server) clusters(c *gin.Context) {
	q, b, ok := beginQuery(s, c, []string{"threshold", "min_size", "members", "unit", "limit", "offset"}, readClusters)
	if !ok {
		return
	}
	g, ok := s.groupedOf(c, b)
	if !ok {
		return
	}
	res, err := g.Clusters(c.Request.Context(), q)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, res)
}

// Bounds of the trends route's themes.
const (
	defaultTrendThemes = 10
	maxTrendThemes     = 100
)

// TrendAnswer is the theme shares per period with how the measures were
// selected.
type TrendAnswer struct {
	analytics.Trend
	Selection library.Selection `json:"selection"`
}

type trendQuery struct {
	by     string
	top    int
	filter library.Filter
}

func readTrends(p *params) (trendQuery, error) {
	var q trendQuery
	var err error
	if q.by, err = p.str("by"); err != nil {
		return q, err
	}
	switch q.by {
	case "":
		q.by = analytics.PerRound
	case analytics.PerRound, analytics.PerYear:
	default:
		return q, paramError(CodeInvalidParameter, "by", "by takes round or year, got %q", q.by)
	}
	if q.top, err = p.intIn("limit", defaultTrendThemes, 1, maxTrendThemes, CodeLimitOutOfRange); err != nil {
		return q, err
	}
	q.filter, err = readFilter(p)
	return q, err
}

// trends answers GET /api/v1/analytics/trends.
func (s *Server) trends(c *gin.Context) {
	q, b, ok := beginQuery(s, c, append([]string{"by", "limit"}, filterParams()...), readTrends)
	if !ok {
		return
	}
	g, ok := s.groupedOf(c, b)
	if !ok {
		return
	}
	tr, sel, err := g.Trends(c.Request.Context(), q.by, q.top, q.filter)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, TrendAnswer{Trend: tr, Selection: sel})
}

// unitProfile answers GET /api/v1/units/:key/profile.
func (s *Server) unitProfile(c *gin.Context) {
	type profileQuery struct {
		opts   analytics.GroupOptions
		copied int
	}
	q, b, ok := beginQuery(s, c, []string{"min_rounds", "copied_limit"}, func(p *params) (profileQuery, error) {
		var q profileQuery
		var err error
		if q.opts.MinRounds, err = p.intIn("min_rounds", analytics.DefaultMinRounds, 1, maxThreshold, CodeInvalidParameter); err != nil {
			return q, err
		}
		q.copied, err = p.intIn("copied_limit", similar.DefaultClusterLimit, 1, similar.MaxClusterLimit, CodeLimitOutOfRange)
		return q, err
	})
	if !ok {
		return
	}
	g, ok := s.groupedOf(c, b)
	if !ok {
		return
	}
	key := strings.TrimSpace(c.Param("key"))
	if key == "" || len(key) > 400 {
		s.writeProblem(c, paramError(CodeInvalidParameter, "key", "a unit key of 1–400 bytes is required"))
		return
	}
	res, err := g.Profile(c.Request.Context(), key, q.opts, q.copied)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, res)
}

// CellLink is the search listing the measures of one cell of a
// comparison's matrix (a group and a theme).
type CellLink struct {
	Group  string `json:"group"`
	Theme  string `json:"theme"`
	Count  int    `json:"count"`
	Search string `json:"search"` // /api/v1/measures/search?…
}

// RankedComparisonPage is a page of a comparison with its groups' ranked
// themes, how the measures were selected and each cell's search.
type RankedComparisonPage struct {
	ComparisonPage
	Ranking   []analytics.GroupRanking `json:"ranking"`
	Selection library.Selection        `json:"selection"`
	Cells     []CellLink               `json:"cells"`
}

// Bounds of compare's ranked themes per group.
const (
	defaultRankTop = 10
	maxRankTop     = 100
)

// rankedPage pages a ranked comparison and links each cell of the page to
// the search listing its measures.
func rankedPage(res library.RankedComparison, pg Page, f library.Filter, ids int) RankedComparisonPage {
	out := RankedComparisonPage{ComparisonPage: comparePage(res.Comparison, pg, ids), Selection: res.Selection,
		Ranking: []analytics.GroupRanking{}, Cells: []CellLink{}}
	on := map[string]bool{}
	for _, g := range out.Groups {
		on[g.Key] = true
		for _, th := range g.Themes {
			cell := f
			if res.By == analytics.ByUnit {
				cell.Units = []string{g.Key}
			} else {
				cell.Rounds = []string{g.Key}
			}
			cell.Themes = []string{th.ID}
			out.Cells = append(out.Cells, CellLink{Group: g.Key, Theme: th.ID, Count: th.Count,
				Search: "/api/v1/measures/search?" + filterValues(cell).Encode()})
		}
	}
	for _, r := range res.Ranking {
		if on[r.Group] {
			out.Ranking = append(out.Ranking, r)
		}
	}
	return out
}
