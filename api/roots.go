package api

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/zhenggai/zhenggai/indexer/library"
)

// resolveRoots returns the ingest roots cleaned and with their symbolic
// links resolved (a root that does not exist yet is kept as given).
func resolveRoots(roots []string) []string {
	out := make([]string, 0, len(roots))
	for _, r := range roots {
		if r == "" {
			continue
		}
		abs, err := filepath.Abs(r)
		if err != nil {
			continue
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		out = append(out, filepath.Clean(abs))
	}
	return out
}

// within reports whether the clean absolute path p lies in one of roots.
func within(p string, roots []string) bool {
	for _, root := range roots {
		if p == root || strings.HasPrefix(p, root+string(filepath.Separator)) || root == string(filepath.Separator) {
			return true
		}
	}
	return false
}

// resolvedWithin resolves p's symbolic links and reports the real path and
// whether it lies in one of roots. A path that does not exist is judged as
// written (reading it fails later).
func resolvedWithin(p string, roots []string) (string, bool) {
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return p, within(p, roots)
	}
	return real, within(real, roots)
}

// rootedIngester runs ingest jobs inside the ingest roots: it walks the
// job's paths itself, resolves every file's symbolic links, and hands only
// the real paths inside a root to the library; a file that leads outside
// (a link to /etc/passwd, a linked folder), or that is no regular file (a
// FIFO, a device), fails with a reason and is not opened.
type rootedIngester struct {
	Ingester
	roots []string
}

// Ingest implements Ingester.
func (ri rootedIngester) Ingest(ctx context.Context, paths []string, start func(total int), fn func(library.FileResult)) (library.Summary, error) {
	files, bad := library.Files(ctx, paths)
	allowed := make([]string, 0, len(files))
	seen := make(map[string]bool, len(files))
	for _, f := range files {
		real, ok := resolvedWithin(f, ri.roots)
		var err error
		if !ok {
			err = fmt.Errorf("read %s: %w", f, errOutsideRoots)
		} else if st, serr := os.Lstat(real); serr == nil && !st.Mode().IsRegular() {
			// A FIFO would block its reader forever, a device never end.
			err = fmt.Errorf("read %s: %w (%s)", f, errNotRegular, st.Mode().Type())
		}
		switch {
		case err != nil:
			bad = append(bad, library.FileResult{Path: f, Outcome: library.Failed, Err: err, Error: err.Error()})
		case !seen[real]:
			seen[real] = true
			allowed = append(allowed, real)
		}
	}
	if start != nil {
		start(len(allowed) + len(bad))
	}
	var refused library.Summary
	for _, r := range bad {
		refused.Files++
		refused.Failed++
		if fn != nil {
			fn(r)
		}
	}
	sum, err := ri.Ingester.Ingest(ctx, allowed, func(int) {}, fn) // the total is told above
	sum.Files += refused.Files
	sum.Failed += refused.Failed
	return sum, err
}

// errNotRegular is the reason a FIFO, device or socket is refused.
var errNotRegular = errors.New("not a regular file")

// errOutsideRoots is the reason a linked file outside the roots is refused.
var errOutsideRoots = errors.New("the file or a link on its way leads outside the ingest roots")
