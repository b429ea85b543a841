package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/corpus/theme"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// UnitList is every unit with its disclosure and measure counts.
type UnitList struct {
	Units []store.Count `json:"units"`
}

// RoundList is every round (by its label) with its counts.
type RoundList struct {
	Rounds []store.Count `json:"rounds"`
}

// ThemeList is the taxonomy measures are tagged with.
type ThemeList struct {
	Themes []theme.Theme `json:"themes"`
}

// listUnits answers GET /api/v1/units.
func (s *Server) listUnits(c *gin.Context) {
	s.counts(c, func(b *Backend) (any, error) {
		list, err := b.Records.Units(c.Request.Context())
		if list == nil {
			list = []store.Count{}
		}
		return UnitList{Units: list}, err
	})
}

// listRounds answers GET /api/v1/rounds.
func (s *Server) listRounds(c *gin.Context) {
	s.counts(c, func(b *Backend) (any, error) {
		list, err := b.Records.Rounds(c.Request.Context())
		if list == nil {
			list = []store.Count{}
		}
		return RoundList{Rounds: list}, err
	})
}

// counts runs a parameterless read and writes its answer.
func (s *Server) counts(c *gin.Context, read func(*Backend) (any, error)) {
	_, b, ok := s.begin(c)
	if !ok {
		return
	}
	v, err := read(b)
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
