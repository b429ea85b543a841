package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/extract"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// uploadField is the multipart field that carries files.
const uploadField = "file"

// UploadResult is the outcome of one uploaded file.
type UploadResult struct {
	File     string          `json:"file"`
	Outcome  library.Outcome `json:"outcome"`
	Status   int             `json:"status"` // 201 stored, 200 already stored, 422 refused
	ID       string          `json:"id,omitempty"`
	Kind     corpus.Kind     `json:"kind,omitempty"`
	Measures int             `json:"measures,omitempty"`
	Reason   string          `json:"reason,omitempty"`
}

// UploadResponse answers an upload that stored or found at least one file.
type UploadResponse struct {
	// IDs are the disclosure ids of the files stored or already stored, in
	// upload order.
	IDs   []string       `json:"ids"`
	Files []UploadResult `json:"files"`
}

// upload is one file read from the request.
type upload struct {
	name string
	data []byte
}

// uploadDisclosures answers POST /api/v1/disclosures: 201 when a file was
// stored, 200 when every good file was stored before, 422 when none could
// be; several files get per-file results.
func (s *Server) uploadDisclosures(c *gin.Context) {
	_, b, ok := s.begin(c)
	if !ok {
		return
	}
	files, err := s.readUploads(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	resp := UploadResponse{IDs: []string{}}
	stored, skipped := 0, 0
	for _, f := range files {
		fr := b.Ingest.IngestBytes(ctx, f.name, f.data)
		r := uploadResult(fr)
		r.File = f.name
		if err := ctx.Err(); err != nil && r.Outcome == library.Failed {
			s.fail(c, err)
			return
		}
		if err := fr.Err; errors.Is(err, library.ErrNoSpace) { // 507, not 422
			s.fail(c, err)
			return
		}
		switch r.Outcome {
		case library.Stored:
			stored++
		case library.Skipped:
			skipped++
		}
		if r.ID != "" {
			resp.IDs = append(resp.IDs, r.ID)
		}
		resp.Files = append(resp.Files, r)
	}
	if len(resp.IDs) == 0 {
		code := CodeUnprocessableFile
		if skipped == len(files) {
			code = CodeNotADisclosure
		}
		e := &Error{Code: code, Files: resp.Files}
		if len(files) == 1 {
			e.File, e.Detail = files[0].name, files[0].name+": "+resp.Files[0].Reason
		} else {
			e.Detail = fmt.Sprintf("none of the %d files could be ingested; see files", len(files))
		}
		s.writeProblem(c, e)
		return
	}
	status := http.StatusOK
	if stored > 0 {
		status = http.StatusCreated
	}
	if len(resp.IDs) == 1 {
		c.Header("Location", "/api/v1/disclosures/"+resp.IDs[0])
	}
	writeJSON(c, status, resp)
}

// uploadResult turns a library outcome into the wire result.
func uploadResult(fr library.FileResult) UploadResult {
	r := UploadResult{Outcome: fr.Outcome, ID: fr.ID, Kind: fr.Kind, Measures: fr.Measures}
	switch fr.Outcome {
	case library.Stored:
		r.Status = http.StatusCreated
	case library.Duplicate:
		r.Status = http.StatusOK
		r.Reason = "the same bytes were ingested before"
	case library.Skipped:
		r.Status = http.StatusUnprocessableEntity
		r.Reason = fmt.Sprintf("not a disclosure (%s: %s)", fr.Kind, fr.Reason)
	default:
		r.Status = http.StatusUnprocessableEntity
		r.Reason = fr.Error
		if r.Reason == "" && fr.Err != nil {
			r.Reason = fr.Err.Error()
		}
	}
	return r
}

// readUploads reads every file of the multipart body, enforcing the
// per-request size, the per-file size and the file count before anything
// is ingested.
func (s *Server) readUploads(c *gin.Context) ([]upload, error) {
	req := c.Request
	if ct := c.ContentType(); ct != "multipart/form-data" {
		return nil, errorf(CodeUnsupportedMediaType, "send the files as multipart/form-data in the field %q, got %q", uploadField, ct)
	}
	limit := s.opts.MaxRequestBytes
	if req.ContentLength > limit {
		return nil, errorf(CodeRequestTooLarge, "the request body is %d bytes, at most %d are allowed", req.ContentLength, limit)
	}
	req.Body = http.MaxBytesReader(c.Writer, req.Body, limit)
	mr, err := req.MultipartReader()
	if err != nil {
		return nil, errorf(CodeInvalidUpload, "read multipart body: %v", err)
	}
	var files []upload
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, uploadReadError(err)
		}
		f, err := s.readPart(part, len(files))
		part.Close()
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil, errorf(CodeInvalidUpload, "no file in the multipart field %q", uploadField)
	}
	return files, nil
}

// readPart reads one part as a file, the n-th of the request.
func (s *Server) readPart(part *multipart.Part, n int) (upload, error) {
	if part.FormName() != uploadField {
		return upload{}, errorf(CodeInvalidUpload, "unknown multipart field %q; files go in %q", part.FormName(), uploadField)
	}
	name := cleanName(part.FileName())
	if name == "" {
		return upload{}, errorf(CodeInvalidUpload, "a part of field %q has no file name; the name's extension gives the format", uploadField)
	}
	if n >= s.opts.MaxFiles {
		return upload{}, errorf(CodeTooManyFiles, "at most %d files per request; send the rest in another request or use an ingest job", s.opts.MaxFiles)
	}
	data, err := io.ReadAll(io.LimitReader(part, s.opts.MaxFileBytes+1))
	if err != nil {
		return upload{}, uploadReadError(err)
	}
	if int64(len(data)) > s.opts.MaxFileBytes {
		return upload{}, &Error{Code: CodeFileTooLarge, File: name,
			Detail: fmt.Sprintf("%s is larger than %d bytes, the per-file limit", name, s.opts.MaxFileBytes)}
	}
	return upload{name: sniffedName(name, data), data: data}, nil
}

// maxNameBytes caps an uploaded file's name.
const maxNameBytes = 200

// cleanName reduces a client's file name to a plain base name: no folders,
// no control or format characters (bidi overrides), no leading dots or
// spaces, at most maxNameBytes bytes with the extension kept. "" when
// nothing is left.
func cleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError || r == '/' {
			return -1
		}
		if unicode.IsSpace(r) {
			return ' '
		}
		return r
	}, name)
	name = strings.TrimLeft(strings.TrimSpace(name), ". ")
	if len(name) > maxNameBytes {
		ext := path.Ext(name)
		if len(ext) > 16 {
			ext = ""
		}
		stem := name[:maxNameBytes-len(ext)]
		for !utf8.ValidString(stem) {
			stem = stem[:len(stem)-1]
		}
		name = stem + ext
	}
	return name
}

// sniffedName returns name, or name+".txt" when name says HTML but the
// content is plain text without markup: extract decides by content
// first, yet trusts an .html name when the content could be either, and
// a plain text read as HTML loses its line breaks.
func sniffedName(name string, data []byte) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm", ".shtml", ".xhtml":
	default:
		return name
	}
	head := data[:min(len(data), 4096)]
	if f, err := extract.SniffContent(data); err == nil && f == "txt" && !bytes.Contains(head, []byte("<")) {
		return name + ".txt"
	}
	return name
}

// uploadReadError classifies a failure reading the body: too large, or
// malformed.
func uploadReadError(err error) error {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		return errorf(CodeRequestTooLarge, "the request body exceeds %d bytes, the per-request limit", mb.Limit)
	}
	return errorf(CodeInvalidUpload, "read multipart body: %v", err)
}
