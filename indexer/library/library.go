package library

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/extract"
	"github.com/zhenggai/zhenggai/corpus/theme"
	"github.com/zhenggai/zhenggai/indexer"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// File names inside a data folder.
const (
	StoreFile = "zhenggai.db"
	IndexDir  = "index"
)

// Options configure a Library. The zero value is ready to use.
type Options struct {
	Logger *slog.Logger
	// Extract limits reading files (size caps, tool timeouts).
	Extract extract.Options
	// Taxonomy tags measures; nil means the built-in 44 themes.
	Taxonomy *theme.Taxonomy
	// LockTimeout bounds the wait for a data folder another process has
	// open; zero means indexer.DefaultBoltTimeout.
	LockTimeout time.Duration
	// DictVersion is the segmenter dictionary version the index is built
	// for; empty means the running segmenter's. An index built for another
	// version is rebuilt at Open.
	DictVersion string
	// WarmAnalytics computes the analytics caches in the background at
	// Open and after every store change (warm.go), so that the analytics
	// routes' default answers are served from memory: for servers.
	WarmAnalytics bool
	// RandomIndexReads advises random reads on the index files' memory
	// maps (indexer.Options.RandomReads): for a service whose memory cap
	// leaves the page cache less room than the index holds.
	RandomIndexReads bool
	// AnalyticsCacheMB bounds the derived analytics results kept for the
	// store's current state (prepared groupings, comparisons, trends: one
	// per analysis, threshold and filter asked), by their estimated size;
	// the least recently used go first. Zero means DefaultAnalyticsCacheMB.
	AnalyticsCacheMB int
	// Store is the system of record; nil opens the SQLite file StoreFile
	// in the data folder. The Library closes it on Close, or when Open
	// fails.
	Store Store
}

// Library is one data folder: its store, its index and the loader that
// feeds them. It is safe for concurrent use; writes are serialised.
type Library struct {
	dir    string
	opts   Options
	log    *slog.Logger
	store  Store
	loader *corpus.Loader

	mu    sync.RWMutex // guards index against a swap by Reindex
	index *indexer.Index
	write sync.Mutex   // one ingest, delete or rebuild at a time
	big   sync.RWMutex // a large file is read and parsed alone (ingest.go)

	sim  similarCache // near-duplicate index, built lazily (similar.go)
	rowc rowCache     // analytics rows per store change (rowcache.go)
	bg   background   // background analytics work, ended by Close (warm.go)
	fol  follower     // the store's change log applied so far (follow.go)

	faults faults // test hooks (fault.go)
}

// Open opens (creating if needed) the data folder dir and brings its index
// into agreement with its store.
func Open(ctx context.Context, dir string, opts Options) (*Library, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		if opts.Store != nil {
			err = errors.Join(err, opts.Store.Close())
		}
		return nil, fmt.Errorf("create data folder: %w", err)
	}
	st := opts.Store
	if st == nil {
		sq, err := store.Open(ctx, filepath.Join(dir, StoreFile), store.Options{Logger: log})
		if err != nil {
			return nil, err
		}
		st = sq
	}
	l := &Library{
		dir: dir, opts: opts, log: log, store: st,
		loader: corpus.NewLoader(extract.New(opts.Extract, log), corpus.NewParser(corpus.Options{Taxonomy: opts.Taxonomy, Logger: log})),
	}
	// A killed reindex leaves index.new (unfinished) or index.old (swapped
	// out); neither is ever used again.
	for _, left := range []string{IndexDir + ".old", IndexDir + ".new"} {
		p := filepath.Join(dir, left)
		if _, err := os.Stat(p); err == nil {
			log.Info("removing what a stopped reindex left", "dir", p)
		}
		if err := os.RemoveAll(p); err != nil {
			log.Warn("could not remove what a stopped reindex left", "dir", p, "err", err)
		}
	}
	damaged, err := l.openOrSetAside(ctx)
	if err != nil {
		return nil, errors.Join(fmt.Errorf("open data folder %s: %w", dir, err), st.Close())
	}
	if damaged {
		if err := l.rebuildDamaged(ctx); err != nil {
			return nil, errors.Join(err, l.Close())
		}
	}
	if err := l.openFollowing(ctx); err != nil { // follow.go: reconcile, then catch up
		return nil, errors.Join(err, l.Close())
	}
	if opts.WarmAnalytics {
		l.startWarming()
	}
	return l, nil
}

// openOrSetAside opens the index and checks it can be read. A damaged one
// (a missing or truncated segment, a corrupt index_meta.json or root.bolt)
// is moved aside to index.damaged-<time> and a new, empty one is opened in
// its place: the caller rebuilds it from the store. An index locked by
// another process is an error, never damage.
func (l *Library) openOrSetAside(ctx context.Context) (damaged bool, err error) {
	ix, err := l.openIndex(ctx, l.indexPath())
	if err == nil {
		cerr := ix.Check(ctx)
		if cerr == nil {
			cerr = l.checkNotEmptied(ctx, ix)
		}
		if cerr != nil {
			err = cerr
			if closeErr := l.closeQuietly(ix); closeErr != nil {
				l.log.Warn("close the damaged index", "err", closeErr)
			}
		}
	}
	if err == nil {
		l.index = ix
		return false, nil
	}
	if !indexer.Damaged(err) {
		return false, err
	}
	aside := filepath.Join(l.dir, fmt.Sprintf("%s.damaged-%s", IndexDir, time.Now().UTC().Format("20060102T150405.000000000Z")))
	if merr := os.Rename(l.indexPath(), aside); merr != nil {
		return false, fmt.Errorf("the index is damaged (%w) and could not be moved aside: %w", err, merr)
	}
	l.log.Warn("the index is damaged: moved aside, rebuilding it from the store", "err", err, "moved_to", aside)
	if l.index, err = l.openIndex(ctx, l.indexPath()); err != nil {
		return false, fmt.Errorf("create a new index in place of the damaged one: %w", err)
	}
	return true, nil
}

// checkNotEmptied reports an index that opens empty although its change
// mark says it had applied the store's changes and the store holds records:
// bleve, finding a segment of its newest snapshot missing or cut, falls
// back to an older snapshot ("unable to load snapshot … continuing"), which
// may be the empty one it was created with.
func (l *Library) checkNotEmptied(ctx context.Context, ix *indexer.Index) error {
	m, ok := l.readMark()
	if !ok || m.Seq <= 0 {
		return nil
	}
	measures, disclosures, err := ix.Count(ctx)
	if err != nil || measures+disclosures > 0 {
		return nil // Check has judged the counts
	}
	st, err := l.store.Stats(ctx, "")
	if err != nil || st.Disclosures == 0 {
		return nil
	}
	return fmt.Errorf("check index: %w: it holds no document, though it had applied the store's changes up to %d and the store holds %d disclosures",
		indexer.ErrDamaged, m.Seq, st.Disclosures)
}

// closeQuietly closes an index, turning a panic of the index library into
// an error.
func (l *Library) closeQuietly(ix *indexer.Index) (err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("close index: panic: %v", v)
		}
	}()
	return ix.Close()
}

// rebuildDamaged rebuilds the index set up in place of a damaged one,
// logging its progress.
func (l *Library) rebuildDamaged(ctx context.Context) error {
	l.write.Lock()
	defer l.write.Unlock()
	last := time.Now()
	err := l.rebuild(ctx, func(done, total int) {
		if time.Since(last) >= 2*time.Second || done == total {
			last = time.Now()
			l.log.Info("rebuilding the damaged index from the store", "done", done, "total", total)
		}
	})
	if err != nil {
		return fmt.Errorf("rebuild the damaged index: %w", err)
	}
	return nil
}

// openIndex opens an index folder with the library's options.
func (l *Library) openIndex(ctx context.Context, dir string) (*indexer.Index, error) {
	return indexer.Open(ctx, dir, indexer.Options{Logger: l.log, BoltTimeout: l.opts.LockTimeout, DictVersion: l.opts.DictVersion,
		SynonymsFile: filepath.Join(l.dir, indexer.SynonymsFile), RandomReads: l.opts.RandomIndexReads})
}

// indexPath is the folder of the live index.
func (l *Library) indexPath() string { return filepath.Join(l.dir, IndexDir) }

// Close closes the index, then the store.
func (l *Library) Close() error {
	l.bg.stop() // warm.go: background analytics work ends first
	l.write.Lock()
	defer l.write.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	var errs []error
	if l.index != nil {
		errs = append(errs, l.index.Close())
		l.index = nil
	}
	if l.store != nil {
		errs = append(errs, l.store.Close())
		l.store = nil
	}
	return errors.Join(errs...)
}

// Dir is the data folder.
func (l *Library) Dir() string { return l.dir }

// Store is the system of record, for reads.
func (l *Library) Store() Store { return l.store }

// Loader reads and parses files without storing them.
func (l *Library) Loader() *corpus.Loader { return l.loader }

// idx returns the current index under the read lock's protection; the
// caller must call the returned release.
func (l *Library) idx() (*indexer.Index, func()) {
	l.mu.RLock()
	return l.index, l.mu.RUnlock
}

// reconcile indexes what is stored but not indexed, and rebuilds the index
// when it was built by other analysis code or its measure count disagrees
// with the store.
func (l *Library) reconcile(ctx context.Context) error {
	l.write.Lock()
	defer l.write.Unlock()
	ix, release := l.idx()
	stale := ix.NeedsRebuild()
	release()
	if stale {
		stored, running := ix.Versions()
		l.log.Warn("analysis changed: rebuilding the index", "stored", stored.String(), "running", running.String())
		return l.rebuild(ctx, nil)
	}
	if _, err := l.catchUp(ctx); err != nil {
		return err
	}
	ok, err := l.agree(ctx)
	if err != nil {
		return err
	}
	if !ok {
		l.log.Warn("index and store disagree: rebuilding the index")
		return l.rebuild(ctx, nil)
	}
	return nil
}

// catchUp indexes every record not indexed at the current version.
func (l *Library) catchUp(ctx context.Context) (int, error) {
	ix, release := l.idx()
	defer release()
	version := ix.IndexVersion()
	n := 0
	for {
		ds, err := l.store.Unindexed(ctx, version, 200)
		if err != nil {
			return n, err
		}
		if len(ds) == 0 {
			return n, nil
		}
		if err := l.addToIndex(ctx, ix, ds); err != nil {
			return n, classifyNoSpace(err)
		}
		ids := make([]string, len(ds))
		for i, d := range ds {
			ids[i] = d.ID
		}
		if err := l.store.MarkIndexed(ctx, version, ids...); err != nil {
			return n, err
		}
		n += len(ds)
		l.log.Info("indexed stored records", "count", len(ds))
	}
}

// agree reports whether the index holds exactly the store's measures and
// disclosures.
func (l *Library) agree(ctx context.Context) (bool, error) {
	ix, release := l.idx()
	defer release()
	st, err := l.store.Stats(ctx, "")
	if err != nil {
		return false, err
	}
	measures, disclosures, err := ix.Count(ctx)
	if err != nil {
		return false, err
	}
	return int(measures) == st.Measures && int(disclosures) == st.Disclosures, nil
}

// Stats is what the store and the index hold.
type Stats struct {
	Disclosures int `json:"disclosures"`
	Measures    int `json:"measures"`
	// Indexed is the number of measures the index holds; it equals
	// Measures when store and index agree.
	Indexed            int    `json:"indexed"`
	IndexedDisclosures int    `json:"indexed_disclosures"`
	Units              int    `json:"units"`
	Rounds             int    `json:"rounds"`
	IndexVersion       string `json:"index_version"`
}

// Stats counts what the store and the index hold.
func (l *Library) Stats(ctx context.Context) (Stats, error) {
	ix, release := l.idx()
	defer release()
	st, err := l.store.Stats(ctx, "")
	if err != nil {
		return Stats{}, err
	}
	m, d, err := ix.Count(ctx)
	if err != nil {
		return Stats{}, err
	}
	return Stats{
		Disclosures: st.Disclosures, Measures: st.Measures, Indexed: int(m), IndexedDisclosures: int(d),
		Units: st.Units, Rounds: st.Rounds, IndexVersion: ix.IndexVersion(),
	}, nil
}

// Search runs a measure search on the index.
func (l *Library) Search(ctx context.Context, q indexer.Query) (*indexer.Result, error) {
	ix, release := l.idx()
	defer release()
	return ix.Search(ctx, q)
}

// Delete removes a disclosure from the store and the index.
func (l *Library) Delete(ctx context.Context, id string) error {
	l.write.Lock()
	defer l.write.Unlock()
	if err := l.store.Delete(ctx, id); err != nil {
		return err
	}
	l.sim.invalidate() // similar.go: the stored measures changed
	l.ensureIndex(ctx)
	if _, err := l.applyLocked(ctx, nil); err != nil { // follow.go: the delete, with any change before it
		// The store no longer holds it; the change stays unapplied and the
		// next write or Open applies it. Meanwhile the index is reopened
		// from disk, as after a failed ingest.
		err = classifyNoSpace(err)
		l.reopenIndex(ctx, err)
		return fmt.Errorf("delete %s from the index: %w", id, err)
	}
	return nil
}
