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
	write sync.Mutex // one ingest, delete or rebuild at a time

	sim similarCache // near-duplicate index, built lazily (similar.go)
	fol follower     // the store's change log applied so far (follow.go)
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
	if err := os.RemoveAll(filepath.Join(dir, IndexDir+".old")); err != nil {
		log.Warn("could not remove an old index", "err", err)
	}
	var err error
	if l.index, err = l.openIndex(ctx, filepath.Join(dir, IndexDir)); err != nil {
		return nil, errors.Join(fmt.Errorf("open data folder %s: %w", dir, err), st.Close())
	}
	if err := l.openFollowing(ctx); err != nil { // follow.go: reconcile, then catch up
		return nil, errors.Join(err, l.Close())
	}
	return l, nil
}

// openIndex opens an index folder with the library's options.
func (l *Library) openIndex(ctx context.Context, dir string) (*indexer.Index, error) {
	return indexer.Open(ctx, dir, indexer.Options{Logger: l.log, BoltTimeout: l.opts.LockTimeout, DictVersion: l.opts.DictVersion})
}

// Close closes the index, then the store.
func (l *Library) Close() error {
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
		if err := ix.Add(ctx, ds...); err != nil {
			return n, err
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
	l.sim.invalidate()                // similar.go: the stored measures changed
	_, err := l.applyLocked(ctx, nil) // follow.go: the delete, with any change before it
	return err
}
