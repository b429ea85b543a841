package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/indexer"
)

// SearchResponse is the contract's search result plus the cursor of the
// next page.
type SearchResponse struct {
	*indexer.Result
	// NextSearchAfter is the last hit's sort key as "value,id": pass it as
	// search_after for the next page. Empty on the last page.
	NextSearchAfter string `json:"next_search_after,omitempty"`
}

// searchMeasures answers GET /api/v1/measures/search.
func (s *Server) searchMeasures(c *gin.Context) {
	q, b, ok := beginQuery(s, c, searchParams(), searchQuery)
	if !ok {
		return
	}
	res, err := b.Search.Search(c.Request.Context(), q)
	if err != nil {
		s.fail(c, err)
		return
	}
	if res.Hits == nil {
		res.Hits = []indexer.Hit{}
	}
	out := SearchResponse{Result: res}
	if n := len(res.Hits); n > 0 && n == res.Limit {
		last := res.Hits[n-1]
		if len(last.Sort) == 2 {
			out.NextSearchAfter = strings.Join(last.Sort, ",")
		}
	}
	writeJSON(c, http.StatusOK, out)
}

// getMeasure answers GET /api/v1/measures/{id}.
func (s *Server) getMeasure(c *gin.Context) {
	_, b, ok := s.begin(c)
	if !ok {
		return
	}
	m, err := b.Records.Measure(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, MeasureRecord{MeasureRow: m, RoundLabel: m.RoundKey})
}
