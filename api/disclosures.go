package api

import (
	"mime"
	"net/http"
	"path/filepath"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// DisclosureList is a page of disclosure summaries.
type DisclosureList struct {
	Total       int                 `json:"total"`
	Offset      int                 `json:"offset"`
	Limit       int                 `json:"limit"`
	Disclosures []DisclosureSummary `json:"disclosures"`
}

// listDisclosures answers GET /api/v1/disclosures.
func (s *Server) listDisclosures(c *gin.Context) {
	q, b, ok := beginQuery(s, c, []string{"unit", "round", "round_label", "kind", "year", "offset", "limit"}, listQuery)
	if !ok {
		return
	}
	list, total, err := b.Records.List(c.Request.Context(), q)
	if err != nil {
		s.fail(c, err)
		return
	}
	if list == nil {
		list = []store.Summary{}
	}
	writeJSON(c, http.StatusOK, DisclosureList{Total: total, Offset: q.Offset, Limit: q.Limit, Disclosures: summariesWithLabels(list)})
}

// listQuery reads the disclosure list parameters.
func listQuery(p *params) (store.ListQuery, error) {
	var q store.ListQuery
	var err error
	if q.Unit, err = p.str("unit"); err != nil {
		return q, err
	}
	if q.RoundKey, err = p.str("round_label"); err != nil {
		return q, err
	}
	kind, err := p.str("kind")
	if err != nil {
		return q, err
	}
	q.Kind = corpus.Kind(kind)
	if q.Round, err = p.intIn("round", 0, 1, 1000, CodeInvalidParameter); err != nil {
		return q, err
	}
	if q.Year, err = p.intIn("year", 0, 1900, 2999, CodeInvalidParameter); err != nil {
		return q, err
	}
	if q.Limit, err = p.intIn("limit", store.DefaultListLimit, 1, indexer.MaxLimit, CodeLimitOutOfRange); err != nil {
		return q, err
	}
	q.Offset, err = p.intIn("offset", 0, 0, 1<<30, CodeOffsetOutOfRange)
	return q, err
}

// getDisclosure answers GET /api/v1/disclosures/{id}.
func (s *Server) getDisclosure(c *gin.Context) {
	_, b, ok := s.begin(c)
	if !ok {
		return
	}
	d, err := b.Records.Disclosure(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	d.Source.Path = readerPath(d.Source.Path)
	writeJSON(c, http.StatusOK, d)
}

// readerPath is a stored source path as readers see it: a relative one (an
// upload's name, a job's path under its ingest root) as it is, an absolute
// one (a CLI ingest) by its base name, so that no server path is shown.
func readerPath(p string) string {
	if p == "" || !(filepath.IsAbs(p) || strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`)) {
		return p
	}
	return filepath.Base(filepath.ToSlash(p))
}

// deleteDisclosure answers DELETE /api/v1/disclosures/{id} with 204.
func (s *Server) deleteDisclosure(c *gin.Context) {
	_, b, ok := s.begin(c)
	if !ok {
		return
	}
	if err := b.Ingest.Delete(c.Request.Context(), c.Param("id")); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// getOriginal answers GET /api/v1/disclosures/{id}/original with the
// stored bytes, as an attachment that the browser may not render in our
// origin.
func (s *Server) getOriginal(c *gin.Context) {
	_, b, ok := s.begin(c)
	if !ok {
		return
	}
	o, err := b.Records.Original(c.Request.Context(), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	name := filepath.Base(filepath.ToSlash(o.Path))
	if name == "." || name == "/" || name == "" {
		name = c.Param("id") + "." + o.Format
	}
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Content-Security-Policy", "sandbox; default-src 'none'; frame-ancestors 'none'")
	c.Header("X-Original-SHA256", o.SHA256)
	c.Data(http.StatusOK, contentType(o.Format, o.Encoding), o.Data)
}

// contentType is the media type of an original by its format.
func contentType(format, encoding string) string {
	charset := func(t string) string {
		if encoding == "" {
			return t
		}
		return t + "; charset=" + strings.ToLower(encoding)
	}
	switch format {
	case "txt":
		return charset("text/plain")
	case "html":
		return charset("text/html")
	case "pdf":
		return "application/pdf"
	case "docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case "doc":
		return "application/msword"
	}
	return "application/octet-stream"
}
