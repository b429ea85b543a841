package library

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/extract"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// Outcome is what ingesting one file did.
type Outcome string

// The outcomes of ingesting one file.
const (
	Stored    Outcome = "stored"    // a new disclosure, stored and indexed
	Duplicate Outcome = "duplicate" // the same bytes were ingested before: nothing changed
	Skipped   Outcome = "skipped"   // read, but not a disclosure (Kind and Reason say what)
	Failed    Outcome = "failed"    // could not be read or stored (Err says why)
)

// FileResult is the outcome of ingesting one file.
type FileResult struct {
	Path     string        `json:"path"`
	Outcome  Outcome       `json:"outcome"`
	ID       string        `json:"id,omitempty"`
	Kind     corpus.Kind   `json:"kind,omitempty"`
	Reason   string        `json:"reason,omitempty"`
	Measures int           `json:"measures,omitempty"`
	Err      error         `json:"-"`
	Error    string        `json:"error,omitempty"`
	Flags    []corpus.Flag `json:"flags,omitempty"`
}

// Summary counts the outcomes of an ingest.
type Summary struct {
	Files     int `json:"files"`
	Stored    int `json:"stored"`
	Duplicate int `json:"duplicate"`
	Skipped   int `json:"skipped"`
	Failed    int `json:"failed"`
	Measures  int `json:"measures"`
}

func (s *Summary) add(r FileResult) {
	s.Files++
	switch r.Outcome {
	case Stored:
		s.Stored++
		s.Measures += r.Measures
	case Duplicate:
		s.Duplicate++
	case Skipped:
		s.Skipped++
	case Failed:
		s.Failed++
	}
}

// Files lists the supported files under the given files and folders, in
// the order they will be ingested. A root that cannot be walked comes back
// as a failed result.
func Files(ctx context.Context, roots []string) ([]string, []FileResult) {
	var files []string
	var bad []FileResult
	for _, root := range roots {
		err := extract.Walk(ctx, []string{root}, func(path string) error {
			files = append(files, path)
			return nil
		})
		if err != nil {
			bad = append(bad, failed(root, fmt.Errorf("walk %s: %w", root, err)))
		}
	}
	return files, bad
}

// Ingest stores and indexes every supported file under paths. start (if
// not nil) is called once with the number of files found, fn (if not nil)
// with each file's result as it completes. One broken file never stops the
// rest; only a cancelled context does.
func (l *Library) Ingest(ctx context.Context, paths []string, start func(total int), fn func(FileResult)) (Summary, error) {
	files, bad := Files(ctx, paths)
	var sum Summary
	if start != nil {
		start(len(files) + len(bad))
	}
	report := func(r FileResult) {
		sum.add(r)
		if fn != nil {
			fn(r)
		}
	}
	for _, r := range bad {
		report(r)
	}
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return sum, fmt.Errorf("ingest: %w", err)
		}
		report(l.IngestFile(ctx, f))
	}
	return sum, nil
}

// IngestFile stores and indexes one file.
func (l *Library) IngestFile(ctx context.Context, path string) FileResult {
	fi, err := os.Stat(path)
	if err != nil {
		return failed(path, fmt.Errorf("read %s: %w", path, err))
	}
	limit := l.opts.Extract.MaxBytes
	if limit <= 0 {
		limit = extract.DefaultMaxBytes
	}
	if fi.Size() > limit || !fi.Mode().IsRegular() {
		// Let the reader refuse it with its own reason, without reading it.
		r := l.loader.File(ctx, path)
		if r.Err != nil {
			return failed(path, r.Err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return failed(path, fmt.Errorf("read %s: %w", path, err))
	}
	return l.IngestBytes(ctx, path, data)
}

// IngestBytes stores and indexes a file held in memory (an upload). name
// gives the format by its extension and is recorded as the source path.
func (l *Library) IngestBytes(ctx context.Context, name string, data []byte) FileResult {
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	if id, err := l.store.BySHA256(ctx, sha); err == nil {
		return FileResult{Path: name, Outcome: Duplicate, ID: id}
	} else if !errors.Is(err, store.ErrNotFound) {
		return failed(name, err)
	}
	r := l.loader.Bytes(ctx, name, data)
	switch r.Outcome {
	case corpus.OutcomeFailed:
		return failed(name, r.Err)
	case corpus.OutcomeSkipped:
		return FileResult{Path: name, Outcome: Skipped, Kind: r.Disclosure.Kind, Reason: r.Disclosure.KindReason}
	}
	d := r.Disclosure
	l.write.Lock()
	defer l.write.Unlock()
	id, created, err := l.store.Put(ctx, store.Original{
		SHA256: sha, Path: name, Format: d.Source.Format, Encoding: d.Source.Encoding, Data: data,
	}, d)
	if err != nil {
		return failed(name, err)
	}
	if !created {
		return FileResult{Path: name, Outcome: Duplicate, ID: id}
	}
	ix, release := l.idx()
	defer release()
	// Stored first, indexed second: a failure here leaves the record
	// unindexed, and the next Open indexes it.
	if err := ix.Add(ctx, d); err != nil {
		return failed(name, fmt.Errorf("index %s: %w", name, err))
	}
	if err := l.store.MarkIndexed(ctx, ix.IndexVersion(), id); err != nil {
		return failed(name, err)
	}
	return FileResult{Path: name, Outcome: Stored, ID: id, Kind: d.Kind, Measures: len(d.Measures), Flags: d.Flags}
}

func failed(path string, err error) FileResult {
	return FileResult{Path: path, Outcome: Failed, Err: err, Error: err.Error()}
}
