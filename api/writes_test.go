package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// uniqueFixture returns fixture 01 with a trailing line, so that its bytes
// are new to the shared library.
func uniqueFixture(t *testing.T, note string) []byte {
	return append(fixture(t, "01_district_culture_layoutA.txt"), []byte("\n"+note+"\n")...)
}

func TestAuth(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	body, ct := multipartBody(t, "file", map[string][]byte{"a.txt": uniqueFixture(t, "auth")}, "a.txt")
	writes := []call{
		{method: "POST", target: "/api/v1/disclosures", body: body, contentType: ct},
		{method: "DELETE", target: "/api/v1/disclosures/x"},
		{method: "POST", target: "/api/v1/ingest/jobs", body: []byte(`{"paths":["/nonexistent"]}`), contentType: "application/json"},
		{method: "GET", target: "/api/v1/ingest/jobs/x"},
		{method: "GET", target: "/api/v1/ingest/jobs/x/events"},
		{method: "POST", target: "/api/v1/reindex"},
		{method: "GET", target: "/api/v1/reindex"},
	}
	for _, c := range writes {
		rec := h.do(c)
		if p := problem(t, rec); rec.Code != http.StatusUnauthorized || p.Code != api.CodeUnauthorized || rec.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("%s %s without key: %d %s", c.method, c.target, rec.Code, p.Code)
		}
		c.key = "wrong-" + testKey
		if rec := h.do(c); rec.Code != http.StatusUnauthorized {
			t.Errorf("%s %s with a wrong key: %d", c.method, c.target, rec.Code)
		}
	}
	// Reads stay open without a key.
	if rec := h.do(call{method: "GET", target: "/api/v1/units"}); rec.Code != http.StatusOK {
		t.Errorf("read without key: %d", rec.Code)
	}
	// The right key, either way, passes.
	c := writes[0]
	c.key = testKey
	if rec := h.do(c); rec.Code != http.StatusCreated {
		t.Fatalf("upload with X-API-Key: %d %s", rec.Code, rec.Body.String())
	}
	c.key, c.bearer = "", testKey
	if rec := h.do(c); rec.Code != http.StatusOK {
		t.Errorf("upload again with bearer: %d %s", rec.Code, rec.Body.String())
	}
	if logs := h.logs.String(); strings.Contains(logs, testKey) || !strings.Contains(logs, "route=/api/v1/disclosures") {
		t.Errorf("logs hold the key or lack the access log:\n%s", logs)
	}

	// No key configured: writes are disabled, and the server said so.
	off := newServer(t, shared, api.Options{APIKeys: []string{}})
	for _, c := range writes {
		c.key = testKey
		rec := off.do(c)
		if p := problem(t, rec); rec.Code != http.StatusForbidden || p.Code != api.CodeWritesDisabled {
			t.Errorf("%s %s with writes disabled: %d %s", c.method, c.target, rec.Code, p.Code)
		}
	}
	if !strings.Contains(off.logs.String(), "writes and admin routes are disabled") {
		t.Errorf("no start-up notice of disabled writes:\n%s", off.logs.String())
	}
	if rec := off.do(call{method: "GET", target: "/api/v1/units"}); rec.Code != http.StatusOK {
		t.Errorf("read with writes disabled: %d", rec.Code)
	}
}

func TestUploadAndDelete(t *testing.T) {
	h := newServer(t, shared, api.Options{})
	upload := func(files map[string][]byte, order ...string) (*api.UploadResponse, int, api.Problem) {
		t.Helper()
		body, ct := multipartBody(t, "file", files, order...)
		rec := h.do(call{method: "POST", target: "/api/v1/disclosures", body: body, contentType: ct, key: testKey})
		if rec.Code >= 400 {
			return nil, rec.Code, problem(t, rec)
		}
		var r api.UploadResponse
		decode(t, rec, rec.Code, &r)
		if rec.Code == http.StatusCreated && len(r.IDs) == 1 && rec.Header().Get("Location") != "/api/v1/disclosures/"+r.IDs[0] {
			t.Errorf("Location %q", rec.Header().Get("Location"))
		}
		return &r, rec.Code, api.Problem{}
	}
	data := uniqueFixture(t, "upload")
	first, code, _ := upload(map[string][]byte{"new.txt": data}, "new.txt")
	if code != http.StatusCreated || len(first.IDs) != 1 || first.Files[0].Outcome != library.Stored || first.Files[0].Measures == 0 {
		t.Fatalf("first upload: %d %+v", code, first)
	}
	again, code, _ := upload(map[string][]byte{"renamed.txt": data}, "renamed.txt")
	if code != http.StatusOK || len(again.IDs) != 1 || again.IDs[0] != first.IDs[0] || again.Files[0].Outcome != library.Duplicate {
		t.Errorf("same bytes again: %d %+v, want 200 with %s", code, again, first.IDs[0])
	}
	_, code, p := upload(map[string][]byte{"broken.pdf": []byte("%PDF-1.4 this is not a pdf")}, "broken.pdf")
	if code != http.StatusUnprocessableEntity || p.File != "broken.pdf" || !strings.Contains(p.Detail, "broken.pdf") {
		t.Errorf("broken file: %d %+v", code, p)
	}
	_, code, p = upload(map[string][]byte{"news.txt": fixture(t, "14_neg_inspection_news.txt")}, "news.txt")
	if code != http.StatusUnprocessableEntity || p.Code != api.CodeNotADisclosure || p.File != "news.txt" {
		t.Errorf("not a disclosure: %d %+v", code, p)
	}
	// Several files: per-file results, the bad one included.
	many, code, _ := upload(map[string][]byte{"dup.txt": data, "x.pdf": []byte("nope"), "fresh.txt": uniqueFixture(t, "many")},
		"dup.txt", "x.pdf", "fresh.txt")
	if code != http.StatusCreated || len(many.Files) != 3 || len(many.IDs) != 2 || many.Files[1].Status != 422 || many.Files[1].Reason == "" {
		t.Errorf("several files: %d %+v", code, many)
	}

	// Delete: 204, then 404 on the record and on a second delete.
	id := first.IDs[0]
	if rec := h.do(call{method: "DELETE", target: "/api/v1/disclosures/" + id, key: testKey}); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", rec.Code, rec.Body.String())
	}
	for _, c := range []call{{method: "GET", target: "/api/v1/disclosures/" + id}, {method: "DELETE", target: "/api/v1/disclosures/" + id, key: testKey}} {
		if rec := h.do(c); rec.Code != http.StatusNotFound {
			t.Errorf("%s after delete: %d", c.method, rec.Code)
		}
	}
	if rec := h.do(call{method: "DELETE", target: "/api/v1/disclosures/" + many.IDs[1], key: testKey}); rec.Code != http.StatusNoContent {
		t.Errorf("delete fresh: %d", rec.Code)
	}
}

func TestUploadLimits(t *testing.T) {
	h := newServer(t, shared, api.Options{MaxFileBytes: 1000, MaxRequestBytes: 5000, MaxFiles: 2})
	big := bytes.Repeat([]byte("整改"), 400)
	tests := []struct {
		name   string
		files  map[string][]byte
		order  []string
		field  string
		status int
		code   api.Code
	}{
		{"file too large", map[string][]byte{"big.txt": big}, []string{"big.txt"}, "file", 413, api.CodeFileTooLarge},
		{"request too large", map[string][]byte{"a.txt": big[:900], "b.txt": big[:900], "c.txt": big[:900], "d.txt": big[:900], "e.txt": big[:900], "f.txt": big[:900]},
			[]string{"a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt"}, "file", 413, api.CodeRequestTooLarge},
		{"too many files", map[string][]byte{"a.txt": []byte("a"), "b.txt": []byte("b"), "c.txt": []byte("c")},
			[]string{"a.txt", "b.txt", "c.txt"}, "file", 400, api.CodeTooManyFiles},
		{"wrong field", map[string][]byte{"a.txt": []byte("a")}, []string{"a.txt"}, "upload", 400, api.CodeInvalidUpload},
		{"no files", map[string][]byte{}, nil, "file", 400, api.CodeInvalidUpload},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := multipartBody(t, tt.field, tt.files, tt.order...)
			rec := h.do(call{method: "POST", target: "/api/v1/disclosures", body: body, contentType: ct, key: testKey, invalid: true})
			if p := problem(t, rec); rec.Code != tt.status || p.Code != tt.code {
				t.Errorf("%d %s, want %d %s: %s", rec.Code, p.Code, tt.status, tt.code, p.Detail)
			}
		})
	}
	rec := h.do(call{method: "POST", target: "/api/v1/disclosures", body: []byte("{}"), contentType: "application/json", key: testKey, invalid: true})
	if p := problem(t, rec); rec.Code != http.StatusUnsupportedMediaType || p.Code != api.CodeUnsupportedMediaType {
		t.Errorf("JSON upload: %d %s", rec.Code, p.Code)
	}
}
