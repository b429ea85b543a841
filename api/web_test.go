package api_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/api"
)

// TestWebPage serves the embedded page and its assets, with a policy that
// keeps the page to this server.
func TestWebPage(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	rec := h.do(call{method: http.MethodGet, target: "/?q=%E4%B8%89%E4%BC%9A%E4%B8%80%E8%AF%BE"})
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("GET /?q=…: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("no content security policy: %q", csp)
	}
	for _, m := range regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(rec.Body.String(), -1) {
		a := h.do(call{method: http.MethodGet, target: m[1]})
		if a.Code != http.StatusOK || a.Body.Len() == 0 {
			t.Errorf("GET %s: %d", m[1], a.Code)
		}
		want := map[bool]string{true: "text/javascript", false: "text/css"}[strings.HasSuffix(m[1], ".js")]
		if !strings.HasPrefix(a.Header().Get("Content-Type"), want) {
			t.Errorf("GET %s: content type %q, want %s", m[1], a.Header().Get("Content-Type"), want)
		}
	}
	if rec := h.do(call{method: http.MethodGet, target: "/assets/nope.js"}); rec.Code != http.StatusNotFound {
		t.Errorf("GET /assets/nope.js: %d", rec.Code)
	}
	if rec := h.do(call{method: http.MethodGet, target: "/assets/../../go.mod"}); rec.Code != http.StatusNotFound && rec.Code != http.StatusMovedPermanently {
		t.Errorf("GET /assets/../../go.mod: %d", rec.Code)
	}
}
