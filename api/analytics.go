package api

import (
	"context"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/corpus/analytics"
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

// compareQuery is the parameters of GET /api/v1/analytics/compare.
type compareQuery struct {
	by            string
	units, rounds []string
}

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
	return compareQuery{by: by, units: p.list("units"), rounds: p.list("rounds")}, nil
}

// compareThemes answers GET /api/v1/analytics/compare.
func (s *Server) compareThemes(c *gin.Context) {
	q, b, ok := beginQuery(s, c, []string{"by", "units", "rounds"}, readCompare)
	if !ok {
		return
	}
	res, err := b.Analytics.Compare(c.Request.Context(), q.by, q.units, q.rounds)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, res)
}

// threshold reads one whole-number threshold parameter.
func threshold(name string, def int) func(*params) (int, error) {
	return func(p *params) (int, error) {
		return p.intIn(name, def, 1, maxThreshold, CodeInvalidParameter)
	}
}

// recurringThemes answers GET /api/v1/analytics/recurring.
func (s *Server) recurringThemes(c *gin.Context) {
	n, b, ok := beginQuery(s, c, []string{"min_rounds"}, threshold("min_rounds", analytics.DefaultMinRounds))
	if !ok {
		return
	}
	res, err := b.Analytics.Recurring(c.Request.Context(), n)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, res)
}

// commonThemes answers GET /api/v1/analytics/common.
func (s *Server) commonThemes(c *gin.Context) {
	n, b, ok := beginQuery(s, c, []string{"min_units"}, threshold("min_units", analytics.DefaultMinUnits))
	if !ok {
		return
	}
	res, err := b.Analytics.Common(c.Request.Context(), n)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, res)
}
