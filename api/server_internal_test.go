package api

import (
	"bytes"
	"encoding/json"
	"go/parser"
	"go/token"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

func TestPanicAnswersProblemAndServerStaysUp(t *testing.T) {
	var logs bytes.Buffer
	s := New(Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	s.engine.GET("/api/v1/test/panic", s.deadline(timeoutRequest), func(*gin.Context) { panic("boom") })
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/v1/test/panic", nil))
	var p Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("panic answer is not JSON: %v: %s", err, rec.Body.String())
	}
	if rec.Code != http.StatusInternalServerError || p.Code != CodeInternal || p.Status != 500 ||
		!strings.HasPrefix(rec.Header().Get("Content-Type"), problemContentType) || p.RequestID == "" {
		t.Errorf("panic: %d %v %+v", rec.Code, rec.Header(), p)
	}
	if strings.Contains(rec.Body.String(), "boom") {
		t.Errorf("the panic value leaked to the client: %s", rec.Body.String())
	}
	if !strings.Contains(logs.String(), "handler panicked") || !strings.Contains(logs.String(), p.RequestID) {
		t.Errorf("panic not logged with its request id:\n%s", logs.String())
	}
	rec = httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != http.StatusOK {
		t.Errorf("after a panic, healthz answers %d", rec.Code)
	}
}

// TestRoutesDocumented checks that the route table and the OpenAPI
// document name the same routes.
func TestRoutesDocumented(t *testing.T) {
	b, err := OpenAPIJSON()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	s := New(Options{})
	served := map[string]bool{}
	param := regexp.MustCompile(`[:*]([a-z_]+)`)
	for _, rt := range s.routes() {
		p := param.ReplaceAllString(rt.path, "{$1}")
		key := strings.ToLower(rt.method) + " " + p
		served[key] = true
		if _, ok := doc.Paths[p][strings.ToLower(rt.method)]; !ok {
			t.Errorf("%s is served but not documented", key)
		}
	}
	for p, ops := range doc.Paths {
		for m := range ops {
			if !served[m+" "+p] {
				t.Errorf("%s %s is documented but not served", m, p)
			}
		}
	}
}

func TestCodeTable(t *testing.T) {
	for _, c := range []Code{CodeInvalidParameter, CodeUnknownParameter, CodeQueryTooLong, CodeLimitOutOfRange,
		CodeOffsetOutOfRange, CodeInvalidQuery, CodeInvalidBody, CodeInvalidUpload, CodeTooManyFiles, CodePathNotAllowed,
		CodeUnauthorized, CodeWritesDisabled, CodeNotFound, CodeRouteNotFound, CodeMethodNotAllowed, CodeFileTooLarge,
		CodeRequestTooLarge, CodeUnsupportedMediaType, CodeUnprocessableFile, CodeNotADisclosure, CodeNotReady,
		CodeTimeout, CodeCancelled, CodeInsufficientStorage} {
		if status, _ := codeInfo(c); status == http.StatusInternalServerError {
			t.Errorf("code %s has no row in codeInfo", c)
		}
		if !bytes.Contains(OpenAPIYAML(), []byte(string(c))) {
			t.Errorf("code %s is not in the OpenAPI document", c)
		}
	}
}

// TestNoBleveImport keeps package api (and its subpackages) off bleve: it
// sees the library through its own small interfaces.
func TestNoBleveImport(t *testing.T) {
	for _, pattern := range []string{"*.go", "export/*.go"} {
		files, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range af.Imports {
				if strings.Contains(imp.Path.Value, "blevesearch") {
					t.Errorf("%s imports %s", f, imp.Path.Value)
				}
			}
		}
	}
}
