package library

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/zhenggai/zhenggai/corpus"
)

// rebuildBatch is how many records are indexed per call while rebuilding.
const rebuildBatch = 200

// Reindex rebuilds the index from the store alone, calling progress (if not
// nil) with the records done and the total. Searches keep running on the
// old index until the new one replaces it.
func (l *Library) Reindex(ctx context.Context, progress func(done, total int)) error {
	l.write.Lock()
	defer l.write.Unlock()
	return l.rebuild(ctx, progress)
}

// rebuild builds index.new from the store, then swaps it in. The caller
// holds l.write.
func (l *Library) rebuild(ctx context.Context, progress func(done, total int)) error {
	seq, err := l.store.LastChange(ctx) // follow.go: the new index holds every change up to here
	if err != nil {
		return err
	}
	st, err := l.store.Stats(ctx, "")
	if err != nil {
		return err
	}
	newDir := filepath.Join(l.dir, IndexDir+".new")
	oldDir := filepath.Join(l.dir, IndexDir+".old")
	if err := os.RemoveAll(newDir); err != nil {
		return fmt.Errorf("remove unfinished rebuild: %w", err)
	}
	fresh, err := l.openIndex(ctx, newDir)
	if err != nil {
		return fmt.Errorf("rebuild index: %w", err)
	}
	var ids []string
	var batch []*corpus.Disclosure
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := fresh.Add(ctx, batch...); err != nil {
			return err
		}
		for _, d := range batch {
			ids = append(ids, d.ID)
		}
		batch = batch[:0]
		if progress != nil {
			progress(len(ids), st.Disclosures)
		}
		return nil
	}
	err = l.store.Each(ctx, func(d *corpus.Disclosure) error {
		batch = append(batch, d)
		if len(batch) >= rebuildBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	version := fresh.IndexVersion()
	if cerr := fresh.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return errors.Join(fmt.Errorf("rebuild index: %w", err), os.RemoveAll(newDir))
	}

	// Swap: close the old index, move the new one in, reopen.
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.index != nil {
		if err := l.index.Close(); err != nil {
			return fmt.Errorf("close old index: %w", err)
		}
		l.index = nil
	}
	cur := filepath.Join(l.dir, IndexDir)
	if err := os.RemoveAll(oldDir); err != nil {
		return fmt.Errorf("remove old index: %w", err)
	}
	if err := os.Rename(cur, oldDir); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("move old index aside: %w", err)
	}
	if err := os.Rename(newDir, cur); err != nil {
		return fmt.Errorf("move new index in: %w", err)
	}
	ix, err := l.openIndex(ctx, cur)
	if err != nil {
		return fmt.Errorf("open rebuilt index: %w", err)
	}
	// Its files were recorded as known good when it closed: the check
	// skips its probe, and a clean close records the changes to come. A
	// failure only leaves that to the next open's check, as before.
	if err := ix.Check(ctx); err != nil {
		l.log.Warn("check the rebuilt index", "err", err)
	}
	l.index = ix
	if err := os.RemoveAll(oldDir); err != nil {
		l.log.Warn("could not remove the old index", "dir", oldDir, "err", err)
	}
	if err := l.store.ClearIndexed(ctx); err != nil {
		return err
	}
	for i := 0; i < len(ids); i += 500 {
		if err := l.store.MarkIndexed(ctx, version, ids[i:min(i+500, len(ids))]...); err != nil {
			return err
		}
	}
	l.log.Info("index rebuilt", "disclosures", len(ids))
	return l.rebuiltAt(seq, version)
}
