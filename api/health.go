package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/zhenggai/zhenggai/indexer/library"
)

// Health is the body of /healthz and /readyz.
type Health struct {
	Status string         `json:"status"`
	Stats  *library.Stats `json:"stats,omitempty"`
}

// rootPage is served at / until the web page exists.
const rootPage = `<!doctype html>
<html lang="zh-CN"><meta charset="utf-8"><title>zhenggai</title>
<h1>zhenggai 整改公示检索</h1>
<p>The web page comes later. The API is under <a href="/api/v1/openapi.json">/api/v1</a>
(OpenAPI document at /api/v1/openapi.json).</p>
</html>
`

// root answers GET / with a placeholder page.
func (s *Server) root(c *gin.Context) {
	c.Header("X-Content-Type-Options", "nosniff")
	c.Data(http.StatusOK, "text/html; charset=utf-8", []byte(rootPage))
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
	if _, err := readParams(c); err != nil {
		s.fail(c, err)
		return
	}
	b, ok := s.backendOf(c)
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
