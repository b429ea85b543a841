package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/indexer/library"
)

// Similarity finds measures like a given one and near-duplicate measures
// across units (*library.Library).
type Similarity interface {
	Similar(ctx context.Context, measureID string, k int, otherUnitsOnly bool) ([]library.MeasurePair, error)
	DuplicatesPage(ctx context.Context, q library.DuplicateQuery) (library.DuplicatePage, error)
}

// Pairs is the answer of the similar and duplicates routes.
type Pairs struct {
	Pairs []library.MeasurePair `json:"pairs"`
}

// PairPage is a page of near-duplicate pairs and their total.
type PairPage struct {
	Page
	Pairs []library.MeasurePair `json:"pairs"`
}

// maxSimilarK bounds k of the similar route.
const maxSimilarK = 100

// similarQuery is the parameters of GET /api/v1/measures/{id}/similar.
type similarQuery struct {
	k        int
	allUnits bool
}

func readSimilar(p *params) (similarQuery, error) {
	k, err := p.intIn("k", library.DefaultSimilarK, 1, maxSimilarK, CodeLimitOutOfRange)
	if err != nil {
		return similarQuery{}, err
	}
	all, err := p.boolean("all_units", false)
	return similarQuery{k: k, allUnits: all}, err
}

// similarMeasures answers GET /api/v1/measures/{id}/similar: the measures
// most like this one, of other units unless all_units=true.
func (s *Server) similarMeasures(c *gin.Context) {
	q, b, ok := beginQuery(s, c, []string{"k", "all_units"}, readSimilar)
	if !ok {
		return
	}
	pairs, err := b.Similarity.Similar(c.Request.Context(), c.Param("id"), q.k, !q.allUnits)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, Pairs{Pairs: nonNil(pairs)})
}

// duplicatesQuery is the parameters of GET /api/v1/analytics/duplicates.
type duplicatesQuery struct {
	threshold float64
	sameUnit  bool
	page      Page
}

func readDuplicates(p *params) (duplicatesQuery, error) {
	q := duplicatesQuery{threshold: library.DefaultDuplicateThreshold}
	var err error
	if q.page, err = pageParams(p, library.DefaultDuplicateLimit, library.MaxDuplicateLimit, library.MaxDuplicateOffset); err != nil {
		return q, err
	}
	v, err := p.str("threshold")
	if err != nil {
		return q, err
	}
	if v != "" {
		t, err := strconv.ParseFloat(v, 64)
		if err != nil || t <= 0 || t > 1 {
			return q, paramError(CodeInvalidParameter, "threshold", "threshold takes a number in (0, 1], got %q", v)
		}
		q.threshold = t
	}
	q.sameUnit, err = p.boolean("same_unit", false)
	return q, err
}

// duplicateMeasures answers GET /api/v1/analytics/duplicates: a page of
// the pairs of measures whose texts are near-copies, across units unless
// same_unit=true, most similar first, with their total. The pairs are
// found within a memory bound (library.DuplicatesPage).
func (s *Server) duplicateMeasures(c *gin.Context) {
	q, b, ok := beginQuery(s, c, []string{"threshold", "same_unit", "limit", "offset"}, readDuplicates)
	if !ok {
		return
	}
	res, err := b.Similarity.DuplicatesPage(c.Request.Context(), library.DuplicateQuery{
		Threshold: q.threshold, AcrossUnitsOnly: !q.sameUnit, Offset: q.page.Offset, Limit: q.page.Limit})
	if err != nil {
		s.fail(c, err)
		return
	}
	q.page.Total = res.Total
	writeJSON(c, http.StatusOK, PairPage{Page: q.page, Pairs: nonNil(res.Pairs)})
}

func nonNil(p []library.MeasurePair) []library.MeasurePair {
	if p == nil {
		return []library.MeasurePair{}
	}
	return p
}
