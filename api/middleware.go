package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
	"unicode"

	"github.com/gin-gonic/gin"
)

// Log attribute keys.
const (
	logRequestID = "request_id"
	logRoute     = "route"
	logMethod    = "method"
	logPath      = "path"
	logStatus    = "status"
	logLatency   = "latency_ms"
	logBytes     = "bytes"
	logClient    = "client"
	logErr       = "err"
	logPanic     = "panic"
	logJob       = "job"
)

// Header and context key names.
const (
	headerRequestID = "X-Request-ID"
	headerAPIKey    = "X-API-Key"
	ctxRequestID    = "zhenggai.request_id"
	maxRequestIDLen = 128
)

// apiPolicy is the content security policy of every response but the web
// page's: nothing may load, nothing may frame it.
const apiPolicy = "default-src 'none'; frame-ancestors 'none'"

// securityHeaders sets X-Content-Type-Options: nosniff and a strict
// content security policy on every response; the web page's HTML replaces
// the policy by pagePolicy, an original by its sandbox.
func (s *Server) securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", apiPolicy)
	c.Next()
}

// requestIDMiddleware takes X-Request-ID from the request when it is sane,
// or makes one, and echoes it on the response.
func (s *Server) requestIDMiddleware(c *gin.Context) {
	id := c.GetHeader(headerRequestID)
	if !saneRequestID(id) {
		id = newID()
	}
	c.Set(ctxRequestID, id)
	c.Header(headerRequestID, id)
	c.Next()
}

// saneRequestID accepts short printable ASCII ids without spaces.
func saneRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for _, r := range id {
		if r > unicode.MaxASCII || !unicode.IsPrint(r) || r == ' ' {
			return false
		}
	}
	return true
}

// newID returns 16 random bytes in hex.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// requestID returns the request's id.
func requestID(c *gin.Context) string { return c.GetString(ctxRequestID) }

// accessLog logs one line per request and feeds the request metrics. It
// logs the path without the query string, and no header: an API key never
// reaches the log.
func (s *Server) accessLog(c *gin.Context) {
	start := time.Now()
	c.Next()
	latency := time.Since(start)
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	s.metrics.observe(route, c.Request.Method, status, latency)
	level := slogLevel(status)
	if route == "/readyz" && status == http.StatusServiceUnavailable {
		level = slog.LevelInfo // not ready yet is how start-up looks, not an error
	}
	s.log.Log(c.Request.Context(), level, "request",
		logMethod, methodLabel(c.Request.Method), logRoute, route, logPath, c.Request.URL.Path, logStatus, status,
		logLatency, float64(latency.Microseconds())/1000, logBytes, c.Writer.Size(),
		logClient, c.ClientIP(), logRequestID, requestID(c))
}

// recovery turns a panic into a 500 problem and keeps the server up. A
// panic with http.ErrAbortHandler aborts the response as net/http does.
func (s *Server) recovery(c *gin.Context) {
	defer func() {
		rec := recover()
		if rec == nil {
			return
		}
		if err, ok := rec.(error); ok && errors.Is(err, http.ErrAbortHandler) {
			panic(rec)
		}
		s.log.ErrorContext(c.Request.Context(), "handler panicked", logRequestID, requestID(c),
			logRoute, c.FullPath(), logPanic, fmt.Sprint(rec))
		if c.Writer.Written() {
			c.Abort()
			return
		}
		s.writeProblem(c, &Error{Code: CodeInternal,
			Detail: "an internal error occurred; the server log has the cause (search it for the request id)"})
	}()
	c.Next()
}

// deadline bounds the request's context by the route's timeout.
func (s *Server) deadline(kind timeoutKind) gin.HandlerFunc {
	d := s.opts.RequestTimeout
	switch kind {
	case timeoutExport:
		d = s.opts.ExportTimeout
	case timeoutNone:
		return func(c *gin.Context) { c.Next() }
	}
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), d)
		defer cancel()
		c.Request = c.Request.WithContext(ctx)
		c.Next()
	}
}

// hashKeys digests the configured keys, so that comparing takes the same
// time whatever the length of the key presented. Empty keys are dropped.
func hashKeys(keys []string) [][32]byte {
	var out [][32]byte
	for _, k := range keys {
		if k = strings.TrimSpace(k); k != "" {
			out = append(out, sha256.Sum256([]byte(k)))
		}
	}
	return out
}

// presentedKey returns the key of X-API-Key or Authorization: Bearer.
func presentedKey(r *http.Request) string {
	if k := r.Header.Get(headerAPIKey); k != "" {
		return strings.TrimSpace(k)
	}
	auth := r.Header.Get("Authorization")
	if scheme, token, ok := strings.Cut(auth, " "); ok && strings.EqualFold(scheme, "Bearer") {
		return strings.TrimSpace(token)
	}
	return ""
}

// requireKey guards a write or admin route: 403 when no key is configured,
// 401 when the request has no valid key. Every configured key is compared,
// in constant time.
func (s *Server) requireKey(c *gin.Context) {
	if len(s.keys) == 0 {
		s.writeProblem(c, errorf(CodeWritesDisabled,
			"this server has no API key configured, so writes and admin routes are disabled; set ZHENGGAI_API_KEYS or --api-keys-file"))
		return
	}
	key := presentedKey(c.Request)
	if key == "" {
		s.writeProblem(c, errorf(CodeUnauthorized, "send an API key in X-API-Key or Authorization: Bearer"))
		return
	}
	sum := sha256.Sum256([]byte(key))
	match := 0
	for _, k := range s.keys {
		match |= subtle.ConstantTimeCompare(sum[:], k[:])
	}
	if match != 1 {
		s.writeProblem(c, errorf(CodeUnauthorized, "the API key is not valid"))
		return
	}
	c.Next()
}

// jsonRender writes a value as JSON without HTML escaping, in a given
// content type.
type jsonRender struct {
	contentType string
	value       any
}

func (j jsonRender) Render(w http.ResponseWriter) error {
	j.WriteContentType(w)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(j.value)
}

func (j jsonRender) WriteContentType(w http.ResponseWriter) {
	w.Header().Set("Content-Type", j.contentType+"; charset=utf-8")
}

// writeJSON answers status with v as application/json.
func writeJSON(c *gin.Context, status int, v any) {
	c.Render(status, jsonRender{contentType: "application/json", value: v})
}

// slogLevel is the access log level of a status: errors for 5xx.
func slogLevel(status int) slog.Level {
	if status >= http.StatusInternalServerError {
		return slog.LevelError
	}
	return slog.LevelInfo
}
