package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// ingestRemote uploads every file under paths to the server, one a
// request, and reports each as a local ingest does.
func ingestRemote(ctx context.Context, e *env, r *remote, paths []string, maxMB int64, asJSON bool) error {
	var files []string
	for _, p := range paths {
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() {
				if path != p && strings.HasPrefix(name, ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "~$") {
				return nil
			}
			files = append(files, path)
			return nil
		})
		if err != nil {
			return fmt.Errorf("read %s: %w", p, err)
		}
	}
	enc := newJSON(e.stdout)
	var sum library.Summary
	for _, path := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		fr, err := r.upload(ctx, path, maxMB<<20)
		if err != nil {
			return err
		}
		sum.Files++
		switch fr.Outcome {
		case library.Stored:
			sum.Stored++
			sum.Measures += fr.Measures
		case library.Duplicate:
			sum.Duplicate++
		case library.Skipped:
			sum.Skipped++
		default:
			sum.Failed++
		}
		if asJSON {
			_ = enc.Encode(fr)
		} else {
			fmt.Fprintf(e.stderr, "%-9s %s%s\n", fr.Outcome, fr.Path, resultNote(fr))
		}
	}
	if asJSON {
		_ = enc.Encode(map[string]any{"summary": sum})
	}
	fmt.Fprintf(e.stderr, "%d files: %d stored (%d measures), %d already stored, %d not disclosures, %d failed\n",
		sum.Files, sum.Stored, sum.Measures, sum.Duplicate, sum.Skipped, sum.Failed)
	if sum.Failed > 0 {
		return fmt.Errorf("%w: %d of %d files could not be stored", errSomeFailed, sum.Failed, sum.Files)
	}
	return nil
}

// upload sends one file to POST /api/v1/disclosures and returns its
// outcome; a refused file is an outcome, a refused request an error.
func (r *remote) upload(ctx context.Context, path string, maxBytes int64) (library.FileResult, error) {
	fr := library.FileResult{Path: path}
	fail := func(reason string) (library.FileResult, error) {
		fr.Outcome, fr.Error = library.Failed, reason
		return fr, nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return fail(err.Error())
	}
	if !info.Mode().IsRegular() {
		return fail("unsupported: not a regular file")
	}
	if info.Size() > maxBytes {
		return fail(fmt.Sprintf("too large: %d bytes, at most %d (--max-mb)", info.Size(), maxBytes))
	}
	f, err := os.Open(path)
	if err != nil {
		return fail(err.Error())
	}
	defer f.Close()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, err := mw.CreateFormFile("file", filepath.Base(path))
	if err == nil {
		_, err = io.Copy(part, io.LimitReader(f, maxBytes+1))
	}
	if err == nil {
		err = mw.Close()
	}
	if err != nil {
		return fail(err.Error())
	}
	resp, err := r.do(ctx, http.MethodPost, "/api/v1/disclosures", nil, &body, mw.FormDataContentType())
	var answer struct {
		Files []api.UploadResult `json:"files"`
	}
	if err != nil {
		// A file the server refused (422) is that file's outcome.
		var he *httpError
		if errors.As(err, &he) && he.status == http.StatusUnprocessableEntity && json.Unmarshal(he.body, &answer) == nil && len(answer.Files) == 1 {
			return fileResult(path, answer.Files[0]), nil
		}
		return fr, err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&answer); err != nil || len(answer.Files) != 1 {
		return fr, fmt.Errorf("read the answer of %s to %s: %v", r.name(), path, err)
	}
	return fileResult(path, answer.Files[0]), nil
}

// fileResult is an upload's result as a local ingest reports it.
func fileResult(path string, u api.UploadResult) library.FileResult {
	fr := library.FileResult{Path: path, Outcome: u.Outcome, ID: u.ID, Kind: u.Kind, Measures: u.Measures}
	if u.Outcome == library.Failed {
		fr.Error = u.Reason
	} else {
		fr.Reason = u.Reason
	}
	return fr
}
