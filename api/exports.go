package api

import (
	"mime"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/api/export"
	"github.com/zhenggai/zhenggai/corpus/analytics"
)

// exportXLSX answers GET /api/v1/export/measures.xlsx.
func (s *Server) exportXLSX(c *gin.Context) { s.export(c, export.XLSX) }

// exportCSV answers GET /api/v1/export/measures.csv.
func (s *Server) exportCSV(c *gin.Context) { s.export(c, export.CSV) }

// themeName names a theme id in exports, "" when unknown.
func (s *Server) themeName(id string) string {
	if th, ok := s.opts.Themes.Lookup(id); ok {
		return th.Name
	}
	return ""
}

// export writes every hit of the search parameters' search, up to the
// cap. Errors before the first byte are problems; X-Total-Count and
// X-Export-Truncated tell the total and whether the cap cut it.
func (s *Server) export(c *gin.Context, f export.Format) {
	q, b, ok := beginQuery(s, c, searchParams(), searchQuery)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	ex, err := export.Begin(ctx, b.Search, q, export.Options{MaxRows: s.opts.MaxExportRows, ThemeName: s.themeName,
		UnitKey: analytics.UnitKey, Titles: export.TitlesFrom(b.Records.Disclosure), Criteria: export.CriteriaOf(q)})
	if err != nil {
		s.fail(c, err)
		return
	}
	if dl, ok := ctx.Deadline(); ok {
		_ = http.NewResponseController(c.Writer).SetWriteDeadline(dl.Add(time.Minute))
	}
	name := "measures-" + time.Now().Format("20060102-150405") + "." + string(f)
	setHeaders := func() {
		h := c.Writer.Header()
		h.Set("Content-Type", f.ContentType())
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
		h.Set("X-Total-Count", strconv.FormatUint(ex.Total, 10))
		h.Set("X-Export-Rows", strconv.Itoa(ex.Rows))
		h.Set("X-Export-Truncated", strconv.FormatBool(ex.Truncated))
	}
	if f == export.XLSX {
		book, _, err := ex.XLSX(ctx)
		if err != nil {
			s.fail(c, err)
			return
		}
		defer book.Close()
		setHeaders()
		c.Status(http.StatusOK)
		if _, err := book.WriteTo(c.Writer); err != nil {
			s.log.WarnContext(ctx, "export cut short", logRequestID, requestID(c), logErr, err)
		}
		return
	}
	setHeaders()
	c.Status(http.StatusOK)
	if _, err := ex.WriteCSV(ctx, c.Writer); err != nil {
		// The header is out: the client sees a short file.
		s.log.WarnContext(ctx, "export cut short", logRequestID, requestID(c), logErr, err)
	}
}
