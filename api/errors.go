package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer"
	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// Code is the stable, machine-readable name of an error. Scripts match on
// it; the title and detail are for people and may change.
type Code string

// The error codes. Add freely; rename none. Each has one row in [codeInfo].
const (
	CodeInvalidParameter     Code = "invalid_parameter"      // a malformed int, date, enum or list value
	CodeUnknownParameter     Code = "unknown_parameter"      // a query parameter the route does not take
	CodeQueryTooLong         Code = "query_too_long"         // q longer than indexer.MaxTextBytes
	CodeLimitOutOfRange      Code = "limit_out_of_range"     // limit outside 1–100
	CodeTooManyValues        Code = "too_many_values"        // a filter with more values than maxFilterValues
	CodeURLTooLong           Code = "url_too_long"           // a request URL longer than maxURLBytes
	CodeQueryNotUTF8         Code = "query_not_utf8"         // q is not valid UTF-8
	CodeQueryWithoutTerms    Code = "query_without_terms"    // q holds only operators (*, -, "") and no word to find
	CodeOffsetOutOfRange     Code = "offset_out_of_range"    // offset negative or beyond the deepest page
	CodeInvalidQuery         Code = "invalid_query"          // the index refused the query
	CodeInvalidBody          Code = "invalid_body"           // a request body that is not the JSON asked for
	CodeInvalidUpload        Code = "invalid_upload"         // a multipart body without files, or a part without a file name
	CodeTooManyFiles         Code = "too_many_files"         // more files in one upload than allowed
	CodePathNotAllowed       Code = "path_not_allowed"       // an ingest path outside the configured roots
	CodeUnauthorized         Code = "unauthorized"           // a write or admin route without a valid API key
	CodeWritesDisabled       Code = "writes_disabled"        // no API key is configured: writes are refused
	CodeNotFound             Code = "not_found"              // the measure, disclosure or job does not exist
	CodeRouteNotFound        Code = "route_not_found"        // no such route
	CodeMethodNotAllowed     Code = "method_not_allowed"     // the route exists, not with this method
	CodeFileTooLarge         Code = "file_too_large"         // one uploaded file beyond the per-file limit
	CodeRequestTooLarge      Code = "request_too_large"      // the whole request body beyond the per-request limit
	CodeUnsupportedMediaType Code = "unsupported_media_type" // a body in a content type the route does not read
	CodeUnprocessableFile    Code = "unprocessable_file"     // an uploaded file that could not be read or stored
	CodeNotADisclosure       Code = "not_a_disclosure"       // an uploaded file that was read but is no disclosure
	CodeInternal             Code = "internal"               // a bug or an unexpected failure; the log has the cause
	CodeNotReady             Code = "not_ready"              // the library is not open (yet, or any more)
	CodeTimeout              Code = "timeout"                // the request took longer than the configured timeout
	CodeCancelled            Code = "cancelled"              // the client went away or the server is shutting down
	CodeInsufficientStorage  Code = "insufficient_storage"   // the disk of the data folder is full: nothing was stored
	CodeOverloaded           Code = "overloaded"             // more searches or analytics at once than the server takes: retry after Retry-After
)

// codeInfo is the one table from code to HTTP status and title.
func codeInfo(c Code) (status int, title string) {
	switch c {
	case CodeInvalidParameter:
		return http.StatusBadRequest, "Invalid parameter"
	case CodeUnknownParameter:
		return http.StatusBadRequest, "Unknown parameter"
	case CodeQueryTooLong:
		return http.StatusBadRequest, "Query too long"
	case CodeLimitOutOfRange:
		return http.StatusBadRequest, "Limit out of range"
	case CodeTooManyValues:
		return http.StatusBadRequest, "Too many values"
	case CodeURLTooLong:
		return http.StatusBadRequest, "URL too long"
	case CodeQueryNotUTF8:
		return http.StatusBadRequest, "Query is not UTF-8"
	case CodeQueryWithoutTerms:
		return http.StatusBadRequest, "Query without terms"
	case CodeOffsetOutOfRange:
		return http.StatusBadRequest, "Offset out of range"
	case CodeInvalidQuery:
		return http.StatusBadRequest, "Invalid query"
	case CodeInvalidBody:
		return http.StatusBadRequest, "Invalid request body"
	case CodeInvalidUpload:
		return http.StatusBadRequest, "Invalid upload"
	case CodeTooManyFiles:
		return http.StatusBadRequest, "Too many files"
	case CodePathNotAllowed:
		return http.StatusBadRequest, "Path not allowed"
	case CodeUnauthorized:
		return http.StatusUnauthorized, "API key required"
	case CodeWritesDisabled:
		return http.StatusForbidden, "Writes are disabled"
	case CodeNotFound:
		return http.StatusNotFound, "Not found"
	case CodeRouteNotFound:
		return http.StatusNotFound, "No such route"
	case CodeMethodNotAllowed:
		return http.StatusMethodNotAllowed, "Method not allowed"
	case CodeFileTooLarge:
		return http.StatusRequestEntityTooLarge, "File too large"
	case CodeRequestTooLarge:
		return http.StatusRequestEntityTooLarge, "Request too large"
	case CodeUnsupportedMediaType:
		return http.StatusUnsupportedMediaType, "Unsupported media type"
	case CodeUnprocessableFile:
		return http.StatusUnprocessableEntity, "File could not be ingested"
	case CodeNotADisclosure:
		return http.StatusUnprocessableEntity, "File is not a disclosure"
	case CodeNotReady:
		return http.StatusServiceUnavailable, "Not ready"
	case CodeTimeout:
		return http.StatusServiceUnavailable, "Request timed out"
	case CodeCancelled:
		return http.StatusServiceUnavailable, "Request cancelled"
	case CodeInsufficientStorage:
		return http.StatusInsufficientStorage, "Insufficient storage"
	case CodeOverloaded:
		return http.StatusServiceUnavailable, "Too many requests in progress"
	}
	return http.StatusInternalServerError, "Internal error"
}

// problemContentType is the media type of every error body (RFC 9457).
const problemContentType = "application/problem+json"

// Problem is an error response body (application/problem+json).
type Problem struct {
	Type      string `json:"type"`
	Title     string `json:"title"`
	Status    int    `json:"status"`
	Detail    string `json:"detail"`
	Code      Code   `json:"code"`
	RequestID string `json:"request_id,omitempty"`
	Instance  string `json:"instance,omitempty"`
	// Parameter names the query parameter at fault, when one is.
	Parameter string `json:"parameter,omitempty"`
	// File names the uploaded file at fault, when one is.
	File string `json:"file,omitempty"`
	// Files holds the per-file outcomes of an upload that stored nothing.
	Files []UploadResult `json:"files,omitempty"`
}

// Error is an error that knows its code; handlers return it and [Server.fail]
// writes it.
type Error struct {
	Code      Code
	Detail    string
	Parameter string
	File      string
	Files     []UploadResult
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Detail }

// errorf builds an *Error.
func errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Detail: fmt.Sprintf(format, args...)}
}

// paramError builds an *Error about one query parameter.
func paramError(code Code, param, format string, args ...any) *Error {
	return &Error{Code: code, Parameter: param, Detail: fmt.Sprintf(format, args...)}
}

// classify maps any error onto an *Error: ours as they are, the domain's
// sentinels by the table below, everything else as internal.
func classify(err error) (e *Error, internal bool) {
	var mb *http.MaxBytesError
	switch {
	case errors.As(err, &e):
		return e, false
	case errors.Is(err, store.ErrNotFound), errors.Is(err, indexer.ErrNotFound):
		return &Error{Code: CodeNotFound, Detail: err.Error()}, false
	case errors.Is(err, analytics.ErrInvalidGrouping):
		return &Error{Code: CodeInvalidParameter, Parameter: "by", Detail: err.Error()}, false
	case errors.Is(err, indexer.ErrInvalidQuery), errors.Is(err, store.ErrInvalid):
		return &Error{Code: CodeInvalidQuery, Detail: err.Error()}, false
	case errors.Is(err, library.ErrNoSpace):
		return &Error{Code: CodeInsufficientStorage, Detail: "the disk of the data folder is full: the file was not stored (free some space and send it again)"}, false
	case errors.Is(err, indexer.ErrIndexClosed):
		return &Error{Code: CodeNotReady, Detail: "the library is closed"}, false
	case errors.Is(err, context.DeadlineExceeded):
		return &Error{Code: CodeTimeout, Detail: "the request took longer than the server allows"}, false
	case errors.Is(err, context.Canceled):
		return &Error{Code: CodeCancelled, Detail: "the request was cancelled"}, false
	case errors.As(err, &mb):
		return &Error{Code: CodeRequestTooLarge, Detail: fmt.Sprintf("the request body exceeds %d bytes", mb.Limit)}, false
	}
	return &Error{Code: CodeInternal, Detail: "an internal error occurred; the server log has the cause (search it for the request id)"}, true
}

// fail writes err as a problem and stops the handler chain. Internal errors
// are logged with the request id; their cause is not shown to the client.
func (s *Server) fail(c *gin.Context, err error) {
	e, internal := classify(err)
	if internal {
		s.log.ErrorContext(c.Request.Context(), "request failed", logRequestID, requestID(c), logRoute, c.FullPath(), logErr, err)
	}
	s.writeProblem(c, e)
}

// writeProblem writes e as application/problem+json.
func (s *Server) writeProblem(c *gin.Context, e *Error) {
	status, title := codeInfo(e.Code)
	p := Problem{
		Type: "urn:zhenggai:problem:" + string(e.Code), Title: title, Status: status, Detail: e.Detail,
		Code: e.Code, RequestID: requestID(c), Instance: c.Request.URL.Path,
		Parameter: e.Parameter, File: e.File, Files: e.Files,
	}
	if p.Detail == "" {
		p.Detail = title
	}
	if e.Code == CodeUnauthorized {
		c.Header("WWW-Authenticate", `Bearer realm="zhenggai"`)
	}
	c.Abort()
	c.Render(status, jsonRender{contentType: problemContentType, value: p})
}
