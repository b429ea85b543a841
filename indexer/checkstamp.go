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
// files; "" when there is no folder to read.
func (ix *Index) fingerprint() string {
	if ix.dir == "" {
		return ""
	}
	var lines []string
	for _, sub := range []string{"", "store"} {
		entries, err := os.ReadDir(filepath.Join(ix.dir, sub))
		if err != nil {
			return ""
		}
		for _, e := range entries {
			if e.IsDir() || e.Name() == checkStampFile {
				continue
			}
			info, err := e.Info()
			if err != nil {
				return ""
			}
			mtime := info.ModTime().UnixNano()
			if e.Name() == "root.bolt" {
				// bolt's file changes time on every open (and after a
				// close, as its pages are written back); its own
				// checksums guard its content, and bleve fails to open
				// it when they fail.
				mtime = 0
			}
			lines = append(lines, fmt.Sprintf("%s/%s %d %d", sub, e.Name(), info.Size(), mtime))
		}
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}

// checkedBefore reports whether the files are those last known good.
func (ix *Index) checkedBefore() bool {
	fp := ix.fingerprint()
	if fp == "" {
		return false
	}
	b, err := os.ReadFile(filepath.Join(ix.dir, checkStampFile))
	return err == nil && strings.TrimSpace(string(b)) == fp
}

// stampChecked records the files as known good; a failure only means the
// next Check probes again.
func (ix *Index) stampChecked() {
	if fp := ix.fingerprint(); fp != "" {
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
