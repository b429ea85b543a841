package library

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// The index follows the store's change log (Store.Changes): every put and
// delete, by this process or any other server sharing the store, carries a
// sequence number, and the index applies them in order. FollowFile in the
// data folder records the last change applied, with the identity of the
// store and the version of the index it applies to; at Open the index
// catches up from there (or is reconciled, and rebuilt if need be, when
// the file is absent or names another store), and Follow keeps it current
// while a server runs.

// FollowFile is the name, in the data folder, of the index's high-water
// mark.
const FollowFile = "follow.json"

// DefaultFollowPoll is how often Follow looks for changes when no wake
// arrives (the store's Watch may miss some: a lost LISTEN connection, a
// write by another process to a SQLite file).
const DefaultFollowPoll = time.Second

// changesBatch is how many changes one step of applyChanges reads.
const changesBatch = 500

// errClosed is returned by following once the library is closed.
var errClosed = errors.New("library closed")

// followMark is the content of FollowFile.
type followMark struct {
	StoreID      string `json:"store_id"`
	IndexVersion string `json:"index_version"`
	Seq          int64  `json:"seq"`
}

// follower is the following state of a Library. seq is guarded by
// Library.write; applied mirrors it for lock-free reads.
type follower struct {
	storeID string
	seq     int64
	applied atomic.Int64
}

// AppliedChange returns the sequence number of the last store change the
// index has applied.
func (l *Library) AppliedChange() int64 { return l.fol.applied.Load() }

// openFollowing brings the index into agreement with the store at Open:
// from the high-water mark when there is a valid one, else by the
// reconciliation of a single data folder (index what is stored but not
// marked indexed; rebuild when the counts disagree); either way the mark is
// then written and the changes after it applied.
func (l *Library) openFollowing(ctx context.Context) error {
	sid, err := l.store.StoreID(ctx)
	if err != nil {
		return fmt.Errorf("follow the store: %w", err)
	}
	l.fol.storeID = sid
	start, err := l.store.LastChange(ctx)
	if err != nil {
		return fmt.Errorf("follow the store: %w", err)
	}
	m, ok := l.readMark()
	ix, release := l.idx()
	version, stale := ix.IndexVersion(), ix.NeedsRebuild()
	release()
	switch {
	case ok && m.StoreID != sid:
		l.log.Warn("the index was built from another store: rebuilding it", "mark", m.StoreID, "store", sid)
		if err := l.Reindex(ctx, nil); err != nil {
			return err
		}
	case ok && m.Seq > start:
		l.log.Warn("the store is behind the index (restored from a backup?): rebuilding the index", "mark", m.Seq, "store", start)
		if err := l.Reindex(ctx, nil); err != nil {
			return err
		}
	case ok && m.IndexVersion == version && !stale:
		// The usual start: catch up from the mark. Other servers may be
		// writing meanwhile, so a count that disagrees is given a few
		// more catch-ups before the index is declared damaged.
		agreed, err := l.catchUpFromMark(ctx, m.Seq)
		if err != nil || agreed {
			return err
		}
		l.log.Warn("index and store disagree after catching up with the store: rebuilding the index")
		if err := l.Reindex(ctx, nil); err != nil {
			return err
		}
		l.write.Lock()
		defer l.write.Unlock()
		_, err = l.applyLocked(ctx, nil)
		return err
	case !ok:
		if err := l.buildIfEmpty(ctx); err != nil {
			return err
		}
	}
	if err := l.reconcile(ctx); err != nil {
		return err
	}
	l.write.Lock()
	defer l.write.Unlock()
	// Reconciled: the index holds at least every change up to start (and
	// up to the mark, when it caught up from one or was rebuilt).
	l.setSeq(max(start, l.fol.seq))
	if err := l.writeMark(); err != nil {
		return err
	}
	_, err = l.applyLocked(ctx, nil)
	return err
}

// catchUpFromMark applies the changes after seq up to a snapshot of the
// store and reports whether the index then holds as many measures and
// records as the store did at that snapshot: a check that other servers'
// writes meanwhile cannot upset. The rest of the changes follow.
func (l *Library) catchUpFromMark(ctx context.Context, seq int64) (bool, error) {
	l.write.Lock()
	defer l.write.Unlock()
	l.setSeq(seq)
	sn, err := l.store.Snapshot(ctx)
	if err != nil {
		return false, fmt.Errorf("follow the store: %w", err)
	}
	if _, err := l.applyUpTo(ctx, nil, sn.Seq); err != nil {
		return false, err
	}
	ix, release := l.idx()
	measures, disclosures, err := ix.Count(ctx)
	release()
	if err != nil {
		return false, err
	}
	if int(measures) != sn.Measures || int(disclosures) != sn.Disclosures {
		l.log.Warn("index and store disagree at change", "seq", sn.Seq, "index_measures", measures, "store_measures", sn.Measures,
			"index_disclosures", disclosures, "store_disclosures", sn.Disclosures)
		return false, nil
	}
	_, err = l.applyLocked(ctx, nil)
	return true, err
}

// buildIfEmpty builds an empty index (a new server's, a deleted one) from
// the store, saying so at Info: reconciling would find it disagreeing and
// warn.
func (l *Library) buildIfEmpty(ctx context.Context) error {
	ix, release := l.idx()
	measures, disclosures, err := ix.Count(ctx)
	release()
	if err != nil || measures > 0 || disclosures > 0 {
		return nil //nolint:nilerr // reconcile decides
	}
	st, err := l.store.Stats(ctx, "")
	if err != nil {
		return err
	}
	if st.Disclosures == 0 {
		return nil
	}
	l.log.Info("new index: building it from the store", "disclosures", st.Disclosures)
	return l.Reindex(ctx, nil)
}

// Follow applies the store's new changes to the index until ctx ends or
// the library closes: woken by the store (LISTEN/NOTIFY on PostgreSQL,
// in-process on SQLite) and at least every poll (DefaultFollowPoll when
// poll ≤ 0). A failed step is logged and retried at the next wake; a panic
// is recovered and logged. Servers run it; one-shot commands need not,
// since Open catches up.
func (l *Library) Follow(ctx context.Context, poll time.Duration) {
	if poll <= 0 {
		poll = DefaultFollowPoll
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	wake := l.store.Watch(ctx)
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case _, ok := <-wake:
			if !ok {
				wake = nil // the store stopped watching: poll only
			}
		case <-tick.C:
		}
		if err := l.followStep(ctx); errors.Is(err, errClosed) {
			return
		} else if err != nil && ctx.Err() == nil {
			l.log.Warn("follow the store: applying changes failed; retrying", "err", err)
		}
	}
}

// followStep applies the pending changes once, recovering a panic.
func (l *Library) followStep(ctx context.Context) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("follow the store: panic: %v\n%s", r, debug.Stack())
		}
	}()
	l.write.Lock()
	defer l.write.Unlock()
	n, err := l.applyLocked(ctx, nil)
	if n > 0 {
		l.log.Debug("applied store changes", "count", n, "seq", l.fol.seq)
	}
	return err
}

// applyLocked applies every change after the mark to the index, in order,
// and advances the mark. Records in fresh (just stored by the caller) are
// indexed as given; others are read from the store. A put whose record is
// gone by now is skipped (its delete follows in the log). The caller holds
// l.write.
func (l *Library) applyLocked(ctx context.Context, fresh map[string]*corpus.Disclosure) (int, error) {
	return l.applyUpTo(ctx, fresh, math.MaxInt64)
}

// applyUpTo is applyLocked up to the change numbered last.
func (l *Library) applyUpTo(ctx context.Context, fresh map[string]*corpus.Disclosure, last int64) (int, error) {
	if l.store == nil || l.index == nil {
		return 0, errClosed
	}
	n := 0
	for l.fol.seq < last {
		cs, err := l.store.Changes(ctx, l.fol.seq, changesBatch)
		if err != nil {
			return n, fmt.Errorf("follow the store: %w", err)
		}
		full := len(cs) == changesBatch
		for i, c := range cs {
			if c.Seq > last {
				cs, full = cs[:i], false
				break
			}
		}
		if len(cs) == 0 {
			return n, nil
		}
		if err := l.applyBatch(ctx, cs, fresh); err != nil {
			return n, err
		}
		l.setSeq(cs[len(cs)-1].Seq)
		if err := l.writeMark(); err != nil {
			return n, err
		}
		n += len(cs)
		if !full {
			return n, nil
		}
	}
	return n, nil
}

// applyBatch applies one page of changes: consecutive puts go to the index
// in one call, a delete after the puts before it.
func (l *Library) applyBatch(ctx context.Context, cs []store.Change, fresh map[string]*corpus.Disclosure) error {
	ix, release := l.idx()
	defer release()
	var puts []*corpus.Disclosure
	flush := func() error {
		if len(puts) == 0 {
			return nil
		}
		err := l.addToIndex(ctx, ix, puts)
		puts = puts[:0]
		if err != nil {
			return fmt.Errorf("follow the store: index: %w", err)
		}
		return nil
	}
	for _, c := range cs {
		switch c.Op {
		case store.ChangePut:
			d := fresh[c.DisclosureID]
			if d == nil {
				var err error
				d, err = l.store.Disclosure(ctx, c.DisclosureID)
				if errors.Is(err, store.ErrNotFound) {
					continue // deleted since: its delete is further on
				}
				if err != nil {
					return fmt.Errorf("follow the store: change %d: %w", c.Seq, err)
				}
			}
			puts = append(puts, d)
		case store.ChangeDelete:
			if err := flush(); err != nil {
				return err
			}
			if err := ix.Delete(ctx, &corpus.Disclosure{ID: c.DisclosureID}); err != nil {
				return fmt.Errorf("follow the store: change %d: %w", c.Seq, err)
			}
		default:
			l.log.Warn("follow the store: unknown change skipped", "seq", c.Seq, "op", string(c.Op))
		}
	}
	return flush()
}

// applyStored indexes records the caller has just stored, with every other
// change pending before or among them. The caller holds l.write.
func (l *Library) applyStored(ctx context.Context, ds []*corpus.Disclosure) error {
	fresh := make(map[string]*corpus.Disclosure, len(ds))
	for _, d := range ds {
		fresh[d.ID] = d
	}
	_, err := l.applyLocked(ctx, fresh)
	return err
}

// rebuiltAt records, after a rebuild from the store, that the new index
// holds every change up to seq (read before the rebuild walked the store;
// later changes are applied again, which is harmless). The caller holds
// l.write.
func (l *Library) rebuiltAt(seq int64, version string) error {
	l.setSeq(seq)
	return l.writeMarkVersion(version)
}

func (l *Library) setSeq(seq int64) {
	l.fol.seq = seq
	l.fol.applied.Store(seq)
}

// readMark reads FollowFile; ok is false when it is absent or unreadable.
func (l *Library) readMark() (followMark, bool) {
	var m followMark
	b, err := os.ReadFile(filepath.Join(l.dir, FollowFile))
	if err != nil {
		if !errors.Is(err, os.ErrNotExist) {
			l.log.Warn("could not read the index's change mark; reconciling", "err", err)
		}
		return m, false
	}
	if err := json.Unmarshal(b, &m); err != nil || m.StoreID == "" {
		l.log.Warn("the index's change mark is damaged; reconciling", "file", FollowFile)
		return m, false
	}
	return m, true
}

// writeMark records the mark for the current index.
func (l *Library) writeMark() error {
	ix, release := l.idx()
	if ix == nil {
		release()
		return errClosed
	}
	version := ix.IndexVersion()
	release()
	return l.writeMarkVersion(version)
}

// writeMarkVersion replaces FollowFile (write, then rename).
func (l *Library) writeMarkVersion(version string) error {
	b, err := json.Marshal(followMark{StoreID: l.fol.storeID, IndexVersion: version, Seq: l.fol.seq})
	if err != nil {
		return fmt.Errorf("write change mark: %w", err)
	}
	path := filepath.Join(l.dir, FollowFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return fmt.Errorf("write change mark: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write change mark: %w", err)
	}
	return nil
}
