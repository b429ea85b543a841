package indexer

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	index "github.com/blevesearch/bleve_index_api"
)

// checkStampFile, in the index folder, holds the fingerprint of the files
// the index was last known good with: after a full Check passed, or after
// this process wrote them and closed the index cleanly. A later Check
// whose files still match it skips the probe search, whose cost grows
// with the corpus (about 0.7 s at 300,000 measures); any change to the
// files (a segment missing, cut, rewritten or garbled: its size or
// modification time differs; for bolt's root.bolt, its size) brings the
// probe back.
const checkStampFile = "zhenggai-checked"

// fingerprint sums the names, sizes and modification times of the index's
// files that idx's current snapshot reads: index_meta.json, root.bolt and
// the snapshot's segments. Other files in the folder (segments merged away
// that scorch deletes on its next open) are left out: counting them made
// a later open find the files changed and probe the index. It is "" when
// there is no folder to read or a segment has no file yet. The caller
// holds ix.mu.
func (ix *Index) fingerprint(idx bleve.Index) string {
	if ix.dir == "" || idx == nil {
		return ""
	}
	files, ok := snapshotFiles(idx)
	if !ok {
		return ""
	}
	return ix.fingerprintOf(files)
}

// fingerprintOf is fingerprint over segment files listed before (Close
// lists them while the index is open and sums them once it is closed).
func (ix *Index) fingerprintOf(segments []string) string {
	if ix.dir == "" {
		return ""
	}
	files := append(slices.Clone(segments), "index_meta.json", filepath.Join("store", "root.bolt"))
	var lines []string
	for _, name := range files {
		info, err := os.Stat(filepath.Join(ix.dir, name))
		if err != nil {
			return ""
		}
		mtime := info.ModTime().UnixNano()
		if filepath.Base(name) == "root.bolt" {
			// bolt's file changes time on every open (and after a
			// close, as its pages are written back); its own
			// checksums guard its content, and bleve fails to open
			// it when they fail.
			mtime = 0
		}
		lines = append(lines, fmt.Sprintf("%s %d %d", filepath.ToSlash(name), info.Size(), mtime))
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

// snapshotFiles returns the segment files of idx's current snapshot,
// relative to the index folder; ok is false when idx is not scorch's or a
// segment has no file (not yet persisted).
func snapshotFiles(idx bleve.Index) (files []string, ok bool) {
	snap, err := scorchSnapshot(idx)
	if err != nil {
		return nil, false
	}
	defer snap.Close()
	for _, ss := range snap.Segments() {
		p, ok := ss.Segment().(interface{ Path() string })
		if !ok || p.Path() == "" {
			return nil, false
		}
		files = append(files, filepath.Join("store", filepath.Base(p.Path())))
	}
	return files, true
}

// checkedBefore reports whether fp, the files' fingerprint, is that of the
// files last known good.
func (ix *Index) checkedBefore(fp string) bool {
	if fp == "" {
		return false
	}
	b, err := os.ReadFile(filepath.Join(ix.dir, checkStampFile))
	return err == nil && strings.TrimSpace(string(b)) == fp
}

// stampChecked records fp, a fingerprint, as known good; a failure (or an
// empty fp) only means the next Check probes again.
func (ix *Index) stampChecked(fp string) {
	if fp != "" {
		_ = os.WriteFile(filepath.Join(ix.dir, checkStampFile), []byte(fp+"\n"), 0o644)
	}
}

// liveCount counts the live documents of one term of a field in every
// segment of a scorch snapshot, from the posting lists less the deleted
// documents: no document is visited. ok is false when the reader is not
// a scorch snapshot.
func liveCount(ctx context.Context, r index.IndexReader, field, term string) (n uint64, ok bool, err error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return 0, false, nil
	}
	for _, ss := range snap.Segments() {
		if err := ctx.Err(); err != nil {
			return 0, true, err
		}
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return 0, true, fmt.Errorf("read the %s dictionary: %w", field, err)
		}
		pl, err := dict.PostingsList([]byte(term), ss.Deleted(), nil)
		if err != nil {
			return 0, true, fmt.Errorf("read the postings of %s:%s: %w", field, term, err)
		}
		n += pl.Count()
	}
	return n, true, nil
}
