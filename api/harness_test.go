package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// testKey is the API key of the servers built by newServer.
const testKey = "s3cret-test-key-5f1c"

// fixturesDir holds the parser fixtures, relative to this package.
var fixturesDir = filepath.Join("..", "corpus", "testdata", "fixtures")

// shared is one library for the whole test binary, loaded with the
// fixtures in TestMain: opening it loads the gse dictionary once.
var shared *library.Library

func TestMain(m *testing.M) {
	gin.SetMode(gin.TestMode)
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "zhenggai-api-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	shared, err = library.Open(ctx, dir, library.Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "open library:", err)
		return 1
	}
	defer shared.Close()
	if _, err := shared.Ingest(ctx, []string{fixturesDir}, nil, nil); err != nil {
		fmt.Fprintln(os.Stderr, "ingest fixtures:", err)
		return 1
	}
	return m.Run()
}

// spec is the OpenAPI document with its router, loaded once.
type spec struct {
	doc    *openapi3.T
	router routers.Router
}

var loadSpec = sync.OnceValues(func() (*spec, error) {
	b, err := api.OpenAPIJSON()
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(b)
	if err != nil {
		return nil, fmt.Errorf("load openapi: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("validate openapi: %w", err)
	}
	r, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("openapi router: %w", err)
	}
	return &spec{doc: doc, router: r}, nil
})

// harness serves requests to one Server and checks them against the spec.
type harness struct {
	t    *testing.T
	srv  *api.Server
	h    http.Handler
	logs *syncBuffer
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// newServer builds a server over lib (nil: not ready) with the test key,
// unless opts sets keys itself. Its logs are captured.
func newServer(t *testing.T, lib *library.Library, opts api.Options) *harness {
	t.Helper()
	logs := &syncBuffer{}
	opts.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if lib != nil && opts.Backend == nil {
		opts.Backend = api.LibraryBackend(lib)
	}
	if opts.APIKeys == nil {
		opts.APIKeys = []string{testKey}
	}
	srv := api.New(opts)
	t.Cleanup(func() { _ = srv.Close(context.Background()) })
	return &harness{t: t, srv: srv, h: srv.Handler(), logs: logs}
}

// call is one request for harness.do.
type call struct {
	method, target string
	body           []byte
	contentType    string
	key            string // sent as X-API-Key
	bearer         string // sent as Authorization: Bearer
	header         map[string]string
	// invalid marks a request that breaks the spec on purpose: it is not
	// validated, its response still is.
	invalid bool
}

// do serves c and validates request and response against the spec.
func (h *harness) do(c call) *httptest.ResponseRecorder {
	h.t.Helper()
	req := c.request()
	rec := httptest.NewRecorder()
	h.h.ServeHTTP(rec, req)
	validate(h.t, c, rec)
	return rec
}

func (c call) request() *http.Request {
	req := httptest.NewRequest(c.method, c.target, bytes.NewReader(c.body))
	if c.contentType != "" {
		req.Header.Set("Content-Type", c.contentType)
	}
	if c.key != "" {
		req.Header.Set("X-API-Key", c.key)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	return req
}

// validate checks a request and its response against the OpenAPI document.
// Responses of routes the document lacks (404, 405) must still be problems.
func validate(t *testing.T, c call, rec *httptest.ResponseRecorder) {
	t.Helper()
	sp, err := loadSpec()
	if err != nil {
		t.Fatal(err)
	}
	req := c.request()
	route, pathParams, err := sp.router.FindRoute(req)
	if err != nil {
		if rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed {
			t.Fatalf("%s %s is not in the OpenAPI document (%v) but answered %d", c.method, c.target, err, rec.Code)
		}
		problem(t, rec)
		return
	}
	ctx := context.Background()
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: pathParams, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if !c.invalid {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			t.Errorf("request %s %s breaks the OpenAPI document: %v", c.method, c.target, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: rec.Code, Header: rec.Header(),
		Body: io.NopCloser(bytes.NewReader(rec.Body.Bytes())), Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		t.Errorf("response %d to %s %s breaks the OpenAPI document: %v\nbody: %.500s", rec.Code, c.method, c.target, err, rec.Body.String())
	}
	if rec.Code >= 400 {
		problem(t, rec)
	}
}

// problem decodes a problem+json body and checks its required fields.
func problem(t *testing.T, rec *httptest.ResponseRecorder) api.Problem {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
		t.Fatalf("status %d with Content-Type %q, want application/problem+json; body %.300s", rec.Code, ct, rec.Body.String())
	}
	var p api.Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("problem body: %v: %s", err, rec.Body.String())
	}
	if p.Status != rec.Code || p.Code == "" || p.Type == "" || p.Title == "" || p.Detail == "" || p.RequestID == "" {
		t.Errorf("incomplete problem for status %d: %+v", rec.Code, p)
	}
	if p.RequestID != rec.Header().Get("X-Request-ID") {
		t.Errorf("problem request_id %q, header %q", p.RequestID, rec.Header().Get("X-Request-ID"))
	}
	return p
}

// decode unmarshals a JSON response into v after checking its status.
func decode(t *testing.T, rec *httptest.ResponseRecorder, status int, v any) {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status %d, want %d: %.500s", rec.Code, status, rec.Body.String())
	}
	if v == nil {
		return
	}
	if err := json.Unmarshal(rec.Body.Bytes(), v); err != nil {
		t.Fatalf("decode %T: %v: %.300s", v, err, rec.Body.String())
	}
}

// multipartBody builds a multipart body with files in field "file" (or
// another field).
func multipartBody(t *testing.T, field string, files map[string][]byte, order ...string) ([]byte, string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, name := range order {
		fw, err := w.CreateFormFile(field, name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fw.Write(files[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), w.FormDataContentType()
}

// fixture reads a fixture file.
func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixturesDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
