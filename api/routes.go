package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"
)

// timeoutKind says which deadline a route's context gets.
type timeoutKind int

const (
	timeoutRequest timeoutKind = iota // Options.RequestTimeout
	timeoutExport                     // Options.ExportTimeout
	timeoutNone                       // streams that end with their job or client
)

// route is one row of the route table.
type route struct {
	method, path string
	admin        bool // needs an API key
	timeout      timeoutKind
	limited      bool // search or analytics: runs under the concurrency limit (limit.go)
	handle       gin.HandlerFunc
}

// routes is every route, in one table. Paths under /api/v1 are relative to
// it in the OpenAPI document.
func (s *Server) routes() []route {
	const v1 = "/api/v1"
	return []route{
		{method: http.MethodGet, path: "/", handle: s.root},
		{method: http.MethodGet, path: "/assets/*filepath", handle: s.asset},
		{method: http.MethodGet, path: "/healthz", handle: s.healthz},
		{method: http.MethodGet, path: "/readyz", handle: s.readyz},
		{method: http.MethodGet, path: "/metrics", handle: s.serveMetrics},
		{method: http.MethodGet, path: v1 + "/openapi.json", handle: s.openAPI},

		{method: http.MethodGet, path: v1 + "/measures/search", limited: true, handle: s.searchMeasures},
		{method: http.MethodGet, path: v1 + "/measures/:id", handle: s.getMeasure},
		{method: http.MethodGet, path: v1 + "/measures/:id/similar", limited: true, handle: s.similarMeasures},

		{method: http.MethodGet, path: v1 + "/disclosures", handle: s.listDisclosures},
		{method: http.MethodPost, path: v1 + "/disclosures", admin: true, handle: s.uploadDisclosures},
		{method: http.MethodGet, path: v1 + "/disclosures/:id", handle: s.getDisclosure},
		{method: http.MethodDelete, path: v1 + "/disclosures/:id", admin: true, handle: s.deleteDisclosure},
		{method: http.MethodPost, path: v1 + "/reindex", admin: true, handle: s.startReindex},
		{method: http.MethodGet, path: v1 + "/reindex", admin: true, handle: s.getReindex},
		{method: http.MethodGet, path: v1 + "/disclosures/:id/original", handle: s.getOriginal},

		{method: http.MethodGet, path: v1 + "/units", handle: s.listUnits},
		{method: http.MethodGet, path: v1 + "/rounds", handle: s.listRounds},
		{method: http.MethodGet, path: v1 + "/themes", handle: s.listThemes},

		{method: http.MethodGet, path: v1 + "/analytics/compare", limited: true, handle: s.compareThemes},
		{method: http.MethodGet, path: v1 + "/analytics/recurring", limited: true, handle: s.recurringThemes},
		{method: http.MethodGet, path: v1 + "/analytics/common", limited: true, handle: s.commonThemes},
		{method: http.MethodGet, path: v1 + "/analytics/duplicates", limited: true, handle: s.duplicateMeasures},
		{method: http.MethodGet, path: v1 + "/analytics/clusters", limited: true, handle: s.clusters},
		{method: http.MethodGet, path: v1 + "/analytics/recurring/units", limited: true, handle: s.recurringByUnit},
		{method: http.MethodGet, path: v1 + "/analytics/common/themes", limited: true, handle: s.commonByTheme},
		{method: http.MethodGet, path: v1 + "/analytics/trends", limited: true, handle: s.trends},
		{method: http.MethodGet, path: v1 + "/units/:key/profile", limited: true, handle: s.unitProfile},

		{method: http.MethodPost, path: v1 + "/ingest/jobs", admin: true, handle: s.createJob},
		{method: http.MethodGet, path: v1 + "/ingest/jobs/:id", admin: true, handle: s.getJob},
		{method: http.MethodGet, path: v1 + "/ingest/jobs/:id/events", admin: true, timeout: timeoutNone, handle: s.jobEvents},

		{method: http.MethodGet, path: v1 + "/export/measures.xlsx", timeout: timeoutExport, handle: s.exportXLSX},
		{method: http.MethodGet, path: v1 + "/export/measures.csv", timeout: timeoutExport, handle: s.exportCSV},
	}
}

// build assembles the gin engine: middleware, the route table, 404 and 405.
func (s *Server) build() *gin.Engine {
	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.ContextWithFallback = true
	if err := r.SetTrustedProxies(s.opts.TrustedProxies); err != nil {
		s.log.Error("invalid trusted proxies: trusting none", logErr, err)
		_ = r.SetTrustedProxies(nil)
	}
	r.Use(s.securityHeaders, s.requestIDMiddleware, s.accessLog, s.recovery)
	table := s.routes()
	for _, rt := range table {
		chain := []gin.HandlerFunc{s.deadline(rt.timeout)}
		if rt.admin {
			chain = append(chain, s.requireKey)
		}
		if rt.limited {
			chain = append(chain, s.limit.middleware(s))
		}
		chain = append(chain, rt.handle)
		r.Handle(rt.method, rt.path, chain...)
		// HEAD where GET is (net/http drops the body), but for event
		// streams, which never end on their own.
		if rt.method == http.MethodGet && rt.timeout != timeoutNone {
			r.Handle(http.MethodHead, rt.path, chain...)
		}
	}
	r.NoRoute(func(c *gin.Context) {
		s.writeProblem(c, errorf(CodeRouteNotFound, "no route %s %s", c.Request.Method, c.Request.URL.Path))
	})
	// gin's own Allow can name methods of other paths (its tree walk
	// reuses skipped nodes), so the 405 lists the route table's methods
	// for this path, and a path no route has stays a 404.
	r.NoMethod(func(c *gin.Context) {
		allow := allowedMethods(table, c.Request.URL.Path)
		if len(allow) == 0 {
			c.Writer.Header().Del("Allow")
			s.writeProblem(c, errorf(CodeRouteNotFound, "no route %s %s", c.Request.Method, c.Request.URL.Path))
			return
		}
		list := strings.Join(allow, ", ")
		c.Writer.Header().Set("Allow", list)
		s.writeProblem(c, errorf(CodeMethodNotAllowed, "%s is not allowed on %s (allowed: %s)", c.Request.Method, c.Request.URL.Path, list))
	})
	return r
}

// allowedMethods lists, sorted, the methods the route table answers on
// path: HEAD where GET is, but for event streams (as build registers them).
func allowedMethods(table []route, path string) []string {
	var allow []string
	for _, rt := range table {
		if !pathMatches(rt.path, path) {
			continue
		}
		allow = append(allow, rt.method)
		if rt.method == http.MethodGet && rt.timeout != timeoutNone {
			allow = append(allow, http.MethodHead)
		}
	}
	slices.Sort(allow)
	return slices.Compact(allow)
}

// pathMatches says whether a gin pattern (":name" one segment, "*name" the
// rest) matches path.
func pathMatches(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	for i, seg := range ps {
		if strings.HasPrefix(seg, "*") {
			return len(xs) >= i
		}
		if i >= len(xs) {
			return false
		}
		if strings.HasPrefix(seg, ":") {
			if xs[i] == "" {
				return false
			}
			continue
		}
		if seg != xs[i] {
			return false
		}
	}
	return len(xs) == len(ps)
}
