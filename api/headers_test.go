package api_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/corpus"
)

// TestSecurityHeaders: nosniff on every response, a CSP with
// frame-ancestors 'none' on every HTML one (finding 12).
func TestSecurityHeaders(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	for _, c := range []call{
		{method: "GET", target: "/"},
		{method: "GET", target: "/assets/index.html"},
		{method: "GET", target: "/assets/app.js"},
		{method: "GET", target: "/healthz"},
		{method: "GET", target: "/metrics"},
		{method: "GET", target: "/api/v1/openapi.json"},
		{method: "GET", target: "/api/v1/units"},
		{method: "GET", target: "/api/v1/nothing"},
		{method: "PUT", target: "/api/v1/units"},
		{method: "GET", target: "/api/v1/measures/search?limit=0", invalid: true},
	} {
		rec := h.do(c)
		if got := rec.Header().Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s %s (%d): X-Content-Type-Options %q", c.method, c.target, rec.Code, got)
		}
		csp := rec.Header().Get("Content-Security-Policy")
		if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") || c.target == "/assets/index.html" {
			if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src") {
				t.Errorf("%s %s: HTML with Content-Security-Policy %q", c.method, c.target, csp)
			}
		}
	}
}

// TestHeadWhereGet: every GET route answers HEAD alike, without a body.
func TestHeadWhereGet(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	for _, target := range []string{"/", "/healthz", "/readyz", "/metrics", "/assets/app.js", "/api/v1/units",
		"/api/v1/themes", "/api/v1/measures/search?q=%E6%95%B4%E6%94%B9", "/api/v1/disclosures", "/api/v1/analytics/compare?by=unit"} {
		get := h.do(call{method: "GET", target: target})
		req := call{method: "HEAD", target: target}.request()
		rec := newRecorder()
		h.h.ServeHTTP(rec, req)
		if rec.Code != get.Code || rec.Header().Get("Content-Type") != get.Header().Get("Content-Type") {
			t.Errorf("HEAD %s: %d %q, GET %d %q", target, rec.Code, rec.Header().Get("Content-Type"), get.Code, get.Header().Get("Content-Type"))
		}
	}
}

// TestReadyzDuringStartup: 503 not_ready, logged at INFO, not ERROR.
func TestReadyzDuringStartup(t *testing.T) {
	h := newServer(t, nil, api.Options{})
	rec := h.do(call{method: "GET", target: "/readyz"})
	if p := problem(t, rec); rec.Code != http.StatusServiceUnavailable || p.Code != api.CodeNotReady {
		t.Fatalf("/readyz while opening: %d %s", rec.Code, p.Code)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, "route=/readyz") || strings.Contains(logs, "level=ERROR") {
		t.Errorf("start-up /readyz logged as an error:\n%s", logs)
	}
}

// TestUploadNames: a name with folders, control characters or 1,000
// characters is stored cleaned and capped; a plain text named .html is read
// as text (its content decides); no reader sees a server path.
func TestUploadNames(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	upload := func(name string, data []byte) api.UploadResponse {
		t.Helper()
		body, ct := multipartBody(t, "file", map[string][]byte{name: data}, name)
		var r api.UploadResponse
		decode(t, h.do(call{method: "POST", target: "/api/v1/disclosures", body: body, contentType: ct, key: testKey}), http.StatusCreated, &r)
		return r
	}
	disclosure := func(id string) corpus.Disclosure {
		t.Helper()
		var d corpus.Disclosure
		decode(t, h.do(call{method: "GET", target: "/api/v1/disclosures/" + id}), http.StatusOK, &d)
		return d
	}
	long := strings.Repeat("长", 1000) + ".txt"
	r := upload(long, uniqueFixture(t, "long name"))
	if n := len(r.Files[0].File); n > 255 || !strings.HasSuffix(r.Files[0].File, ".txt") {
		t.Errorf("a 1,000-character name stored as %d bytes: %q", n, r.Files[0].File)
	}
	r = upload("../../etc/evil\t\u202e name.txt", uniqueFixture(t, "control name"))
	if f := r.Files[0].File; strings.ContainsAny(f, "/\\\t\u202e") || !strings.HasSuffix(f, "name.txt") {
		t.Errorf("name stored as %q", f)
	}
	if d := disclosure(r.IDs[0]); strings.ContainsAny(d.Source.Path, "/\\\t\u202e") {
		t.Errorf("source path %q", d.Source.Path)
	}

	plain := uniqueFixture(t, "plain text named html")
	asHTML := upload("notice.html", plain)
	asText := upload("notice.txt", append(plain, '\n'))
	dh, dt := disclosure(asHTML.IDs[0]), disclosure(asText.IDs[0])
	if dh.Source.Format != "txt" || len(dh.Measures) != len(dt.Measures) {
		t.Errorf("plain text named .html read as %q with %d measures; as .txt %d", dh.Source.Format, len(dh.Measures), len(dt.Measures))
	}
	orig := h.do(call{method: "GET", target: "/api/v1/disclosures/" + asHTML.IDs[0] + "/original"})
	if ct := orig.Header().Get("Content-Type"); strings.HasPrefix(ct, "text/html") {
		t.Errorf("the original of a plain text named .html is served as %q", ct)
	}

	// Every stored disclosure shows no absolute path.
	var list api.DisclosureList
	decode(t, h.do(call{method: "GET", target: "/api/v1/disclosures?limit=100"}), http.StatusOK, &list)
	for _, s := range list.Disclosures {
		b, _ := json.Marshal(disclosure(s.ID).Source)
		if strings.Contains(string(b), `"path":"/`) {
			t.Errorf("disclosure %s shows a server path: %s", s.ID, b)
		}
	}
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
