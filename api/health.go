package api

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/zhenggai/zhenggai/api/web"

	"github.com/zhenggai/zhenggai/indexer/library"
)

// Health is the body of /healthz and /readyz.
type Health struct {
	Status string         `json:"status"`
	Stats  *library.Stats `json:"stats,omitempty"`
}

// pagePolicy keeps the web page to this server's own files and API.
const pagePolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// root answers GET / with the web page; its query (/?q=…) is the page's
// own state, read by the page's script.
func (s *Server) root(c *gin.Context) {
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Content-Security-Policy", pagePolicy)
	c.Header("Cache-Control", "no-cache")
	c.Data(http.StatusOK, "text/html; charset=utf-8", web.Index())
}

// asset answers GET /assets/{filepath} with a file of the web page.
func (s *Server) asset(c *gin.Context) {
	name := strings.TrimPrefix(c.Param("filepath"), "/")
	b, err := fs.ReadFile(web.Assets(), name)
	if err != nil || name == "" || strings.Contains(name, "..") {
		s.writeProblem(c, errorf(CodeNotFound, "no asset %q", name))
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Cache-Control", "no-cache")
	if strings.HasPrefix(ctype, "text/html") {
		c.Header("Content-Security-Policy", pagePolicy)
	}
	c.Data(http.StatusOK, ctype, b)
}

// healthz answers GET /healthz: the process serves HTTP.
func (s *Server) healthz(c *gin.Context) {
	if _, err := readParams(c); err != nil {
		s.fail(c, err)
		return
	}
	writeJSON(c, http.StatusOK, Health{Status: "ok"})
}

// readyz answers GET /readyz: 200 once the library is open and answers,
// 503 before.
func (s *Server) readyz(c *gin.Context) {
	_, b, ok := s.begin(c)
	if !ok {
		return
	}
	st, err := b.Stats.Stats(c.Request.Context())
	if err != nil {
		s.log.WarnContext(c.Request.Context(), "not ready", logErr, err)
		s.writeProblem(c, errorf(CodeNotReady, "the library does not answer"))
		return
	}
	writeJSON(c, http.StatusOK, Health{Status: "ready", Stats: &st})
}

// serveMetrics answers GET /metrics in the Prometheus text format.
func (s *Server) serveMetrics(c *gin.Context) {
	promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{ErrorLog: nil}).ServeHTTP(c.Writer, c.Request)
}

// openAPI answers GET /api/v1/openapi.json.
func (s *Server) openAPI(c *gin.Context) {
	doc, err := OpenAPIJSON()
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json; charset=utf-8", doc)
}
