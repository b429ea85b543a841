package library

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"runtime"

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
// with each file's result, in file order, once the file is stored and
// indexed. One broken file never stops the rest; only a cancelled context
// does.
//
// Files are read and parsed by several workers while one writer stores
// them in batches, one transaction per batch with a savepoint per file
// (a bad file fails alone), and indexes each batch: a record
// is marked indexed only after its batch is in the index, so a crash at any
// point leaves records the next Open indexes.
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

	// Read and parse ahead in parallel, up to a budget of bytes (budget.go:
	// the next batch is read and parsed while this one is stored and
	// indexed); results come back in file order.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	budget := newReadBudget()
	futures := make(chan chan prepared, budget.units)
	go func() {
		defer close(futures)
		defer func() {
			if v := recover(); v != nil {
				l.log.Error("ingest: the reader loop panicked", "err", panicError("ingest", v))
				cancel()
			}
		}()
		sem := make(chan struct{}, ingestWorkers())
		for _, f := range files {
			w := budget.weigh(f)
			if !budget.acquire(ctx, w) {
				return
			}
			ch := make(chan prepared, 1)
			select {
			case futures <- ch:
			case <-ctx.Done():
				budget.release(w)
				return
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				// ch is queued: fill it, or the reader waits for it forever.
				ch <- withWeight(doneWith(failed(f, fmt.Errorf("ingest %s: %w", f, ctx.Err()))), w)
				return
			}
			go func(path string) {
				defer func() { <-sem }()
				defer func() {
					if v := recover(); v != nil {
						err := panicError("read "+path, v)
						l.log.Error("ingest: reading a file panicked", "path", path, "err", err)
						ch <- withWeight(doneWith(failed(path, fmt.Errorf("read %s: internal error: %v", path, v))), w)
					}
				}()
				unlock := l.lockFor(path)
				defer unlock()
				ch <- withWeight(l.prepareFile(ctx, path), w)
			}(f)
		}
	}()

	// pending holds files in order, those with a known outcome among them;
	// the others are stored and indexed in one batch.
	var pending []prepared
	var toStore, weight int
	var full error // the first full-disk error: the ingest stops there
	// interrupted is set when a file was not stored because ctx ended: the
	// ingest did not finish, whatever count of files it went through.
	interrupted := false
	flush := func() {
		var batch []prepared
		for _, p := range pending {
			if p.done == nil {
				batch = append(batch, p)
			}
		}
		results := l.commit(ctx, batch)
		k := 0
		for _, p := range pending {
			r := p.done
			if r == nil {
				r = &results[k]
				k++
			}
			report(*r)
			if errors.Is(r.Err, context.Canceled) || errors.Is(r.Err, context.DeadlineExceeded) {
				interrupted = true
			}
			if full == nil && errors.Is(r.Err, ErrNoSpace) {
				full = r.Err
				cancel()
			}
			budget.release(p.weight)
		}
		pending, toStore, weight = pending[:0], 0, 0
	}
	for ch := range futures {
		p := <-ch
		pending = append(pending, p)
		weight += p.weight
		if p.done == nil {
			toStore++
		}
		// A batch is flushed full, or at half the budget, so that the
		// readers always have room to fill the rest.
		if toStore >= ingestBatch || weight >= budget.units/2 || len(pending) >= budget.units {
			flush()
		}
	}
	flush()
	if full != nil {
		return sum, fmt.Errorf("ingest stopped: %w", full)
	}
	if err := ctx.Err(); err != nil && len(files) > 0 && (interrupted || sum.Files < len(files)+len(bad)) {
		return sum, fmt.Errorf("ingest: %w", err)
	}
	return sum, nil
}

// bigFile is the size above which a file is read and parsed alone: reading
// and parsing allocate some 40–70 bytes per byte of a file, so two
// large files at once cost more than the rest of an ingest.
const bigFile = 4 << 20

// lockFor lets a worker read and parse path: files above bigFile one at a
// time with nothing else, smaller ones side by side. It returns the unlock.
func (l *Library) lockFor(path string) func() {
	fi, err := os.Stat(path)
	big := err == nil && fi.Size() > bigFile
	unlock := l.big.RUnlock
	if big {
		l.big.Lock()
		unlock = l.big.Unlock
	} else {
		l.big.RLock()
	}
	if l.faults.reading != nil {
		done := l.faults.reading(path, big)
		return func() { done(); unlock() }
	}
	return unlock
}

// ingestBatch is how many disclosures are indexed in one index batch.
const ingestBatch = 64

func ingestWorkers() int { return max(1, min(runtime.GOMAXPROCS(0), 8)) }

// prepared is a file read and parsed, ready to store; done is set instead
// when the file's outcome is already known (failed, skipped, duplicate).
type prepared struct {
	path string
	data []byte
	sha  string
	d    *corpus.Disclosure
	done *FileResult
	// weight is what the file holds of the ingest's read budget.
	weight int
}

func withWeight(p prepared, w int) prepared {
	p.weight = w
	return p
}

// prepareFile reads and parses one file without storing it.
func (l *Library) prepareFile(ctx context.Context, path string) prepared {
	// Bounded, regular files only: a FIFO, device or /proc file is refused
	// with its reason instead of hanging or filling memory.
	data, err := l.loader.Read(ctx, path)
	if err != nil {
		return doneWith(failed(path, err))
	}
	return l.prepare(ctx, path, data)
}

func doneWith(r FileResult) prepared { return prepared{path: r.Path, done: &r} }

// prepare checks whether the bytes are stored already and parses them.
func (l *Library) prepare(ctx context.Context, name string, data []byte) prepared {
	sum := sha256.Sum256(data)
	sha := hex.EncodeToString(sum[:])
	if id, err := l.store.BySHA256(ctx, sha); err == nil {
		return doneWith(FileResult{Path: name, Outcome: Duplicate, ID: id})
	} else if !errors.Is(err, store.ErrNotFound) {
		return doneWith(failed(name, err))
	}
	r := l.loader.Bytes(ctx, name, data)
	switch r.Outcome {
	case corpus.OutcomeFailed:
		return doneWith(failed(name, r.Err))
	case corpus.OutcomeSkipped:
		return doneWith(FileResult{Path: name, Outcome: Skipped, Kind: r.Disclosure.Kind, Reason: r.Disclosure.KindReason})
	}
	return prepared{path: name, data: data, sha: sha, d: r.Disclosure}
}

// commit stores each prepared file in its own transaction, then indexes the
// new ones in one batch and marks them indexed.
func (l *Library) commit(ctx context.Context, batch []prepared) (results []FileResult) {
	if len(batch) == 0 {
		return nil
	}
	l.write.Lock()
	defer l.write.Unlock()
	defer func() {
		if v := recover(); v != nil {
			l.log.Error("ingest: storing a batch panicked", "err", panicError("commit", v))
			results = make([]FileResult, len(batch))
			for i, p := range batch {
				results[i] = failed(p.path, fmt.Errorf("store %s: internal error: %v", p.path, v))
			}
		}
	}()
	l.ensureIndex(ctx)
	results = make([]FileResult, len(batch))
	var fresh []*corpus.Disclosure
	var freshAt []int
	// One transaction for the batch, a savepoint per file (store.PutBatch):
	// one commit instead of one per file, and a bad file fails alone.
	items := make([]store.PutItem, 0, len(batch))
	at := make([]int, 0, len(batch))
	full := false
	for i, p := range batch {
		if full {
			results[i] = failed(p.path, fmt.Errorf("store %s: %w", p.path, ErrNoSpace))
			continue
		}
		if l.faults.put != nil {
			if err := l.faults.put(); err != nil {
				err = classifyNoSpace(err)
				full = errors.Is(err, ErrNoSpace)
				results[i] = failed(p.path, err)
				continue
			}
		}
		items = append(items, store.PutItem{Original: store.Original{
			SHA256: p.sha, Path: p.path, Format: p.d.Source.Format, Encoding: p.d.Source.Encoding, Data: p.data,
		}, Disclosure: p.d})
		at = append(at, i)
	}
	rs, err := l.store.PutBatch(ctx, items)
	for k, i := range at {
		p := batch[i]
		d := p.d
		switch {
		case err != nil:
			results[i] = failed(p.path, fmt.Errorf("store %s: %w", p.path, classifyNoSpace(err)))
		case rs[k].Err != nil:
			results[i] = failed(p.path, classifyNoSpace(rs[k].Err))
		case !rs[k].Created:
			results[i] = FileResult{Path: p.path, Outcome: Duplicate, ID: rs[k].ID}
		default:
			results[i] = FileResult{Path: p.path, Outcome: Stored, ID: rs[k].ID, Kind: d.Kind, Measures: len(d.Measures), Flags: d.Flags}
			fresh = append(fresh, d)
			freshAt = append(freshAt, i)
		}
	}
	if len(fresh) == 0 {
		return results
	}
	l.sim.invalidate() // similar.go: the stored measures changed
	// similar.go: sign the new measures for the near-duplicate index.
	l.signStored(ctx, fresh)
	// Stored first, indexed second, as the store's change log says
	// (follow.go): a failure here leaves the changes unapplied, and the
	// next step or Open applies them.
	err = l.applyStored(ctx, fresh)
	if err == nil {
		ids := make([]string, len(fresh))
		for i, d := range fresh {
			ids[i] = d.ID
		}
		ix, release := l.idx()
		version := ix.IndexVersion()
		release()
		err = l.store.MarkIndexed(ctx, version, ids...)
	}
	if err == nil {
		return results
	}
	err = classifyNoSpace(err)
	if !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
		l.reopenIndex(ctx, err) // the index library's memory may hold a closed segment
	}
	if errors.Is(err, ErrNoSpace) {
		// A full disk: take the new records out of the store again, so that
		// store and index stay as they were. Should that fail too (the store
		// needs room to delete), they stay stored and unindexed, and the next
		// Open indexes them.
		for _, i := range freshAt {
			d := batch[i].d
			if derr := l.store.Delete(ctx, d.ID); derr != nil {
				l.log.Warn("could not undo a record stored before the disk filled", "id", d.ID, "err", derr)
				results[i] = failed(batch[i].path, fmt.Errorf("index %s (stored; indexed at the next start): %w", batch[i].path, err))
				continue
			}
			results[i] = failed(batch[i].path, fmt.Errorf("index %s (nothing stored): %w", batch[i].path, err))
		}
		return results
	}
	for _, i := range freshAt {
		results[i] = failed(batch[i].path, fmt.Errorf("index %s (stored; indexed at the next start): %w", batch[i].path, err))
	}
	return results
}

// IngestFile stores and indexes one file.
func (l *Library) IngestFile(ctx context.Context, path string) FileResult {
	return l.finish(ctx, l.prepareFile(ctx, path))
}

// IngestBytes stores and indexes a file held in memory (an upload). name
// gives the format by its extension and is recorded as the source path.
func (l *Library) IngestBytes(ctx context.Context, name string, data []byte) FileResult {
	return l.finish(ctx, l.prepare(ctx, name, data))
}

func (l *Library) finish(ctx context.Context, p prepared) FileResult {
	if p.done != nil {
		return *p.done
	}
	return l.commit(ctx, []prepared{p})[0]
}

func failed(path string, err error) FileResult {
	return FileResult{Path: path, Outcome: Failed, Err: err, Error: err.Error()}
}
