package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/corpus/theme"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// UnitList is a page of the units with their disclosure and measure counts.
type UnitList struct {
	Page
	Units []store.Count `json:"units"`
}

// RoundList is a page of the rounds (by their labels) with their counts.
type RoundList struct {
	Page
	Rounds []store.Count `json:"rounds"`
}

// ThemeList is the taxonomy measures are tagged with.
type ThemeList struct {
	Themes []theme.Theme `json:"themes"`
}

// listUnits answers GET /api/v1/units: a page of the units.
func (s *Server) listUnits(c *gin.Context) {
	s.counts(c, func(b *Backend, pg Page) (any, error) {
		list, err := b.Records.Units(c.Request.Context())
		units := slicePage(list, &pg)
		return UnitList{Page: pg, Units: units}, err
	})
}

// listRounds answers GET /api/v1/rounds: a page of the rounds.
func (s *Server) listRounds(c *gin.Context) {
	s.counts(c, func(b *Backend, pg Page) (any, error) {
		list, err := b.Records.Rounds(c.Request.Context())
		rounds := slicePage(list, &pg)
		return RoundList{Page: pg, Rounds: rounds}, err
	})
}

// counts runs a read that takes only limit and offset and writes its
// answer.
func (s *Server) counts(c *gin.Context, read func(*Backend, Page) (any, error)) {
	pg, b, ok := beginQuery(s, c, []string{"limit", "offset"}, listPage)
	if !ok {
		return
	}
	v, err := read(b, pg)
	if err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, v)
}

// listThemes answers GET /api/v1/themes; it needs no library.
func (s *Server) listThemes(c *gin.Context) {
	if _, err := readParams(c); err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, ThemeList{Themes: s.opts.Themes.Themes()})
}
