package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/zhenggai/zhenggai/corpus"
)

// PutItem is one file of a PutBatch: its bytes and its parsed record, as
// Put takes them.
type PutItem struct {
	Original   Original
	Disclosure *corpus.Disclosure
}

// PutResult is what PutBatch did with one item: the record's id and
// whether it was created, as Put returns them, or the item's own error
// (nothing of that item is stored, the others are).
type PutResult struct {
	ID      string
	Created bool
	Err     error
}

// PutBatch stores items as Put would, in one transaction with a savepoint
// per item: one commit (and one fsync) for the batch instead of one per
// file. An item that fails (invalid, or a statement error) is rolled back
// to its savepoint and reported in its result; the others are stored.
// Items are stored, and their changes logged, in order; the same bytes
// twice in one batch store one record (the second is created false).
//
// The error is for the batch as a whole (begin, commit, or a failure that
// aborted the transaction): nothing of the batch is stored then, and the
// results are nil.
func (s *Store) PutBatch(ctx context.Context, items []PutItem) ([]PutResult, error) {
	if len(items) == 0 {
		return []PutResult{}, nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("put batch of %d: begin: %w", len(items), err)
	}
	defer tx.Rollback()
	results := make([]PutResult, len(items))
	created := false
	for i, it := range items {
		r, err := s.putSaved(ctx, tx, it)
		if err != nil {
			return nil, fmt.Errorf("put batch of %d: %w", len(items), err)
		}
		results[i] = r
		created = created || r.Created
	}
	if s.beforeCommit != nil {
		s.beforeCommit()
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("put batch of %d: commit: %w", len(items), err)
	}
	if created {
		s.watch.Notify()
	}
	s.log.DebugContext(ctx, "batch stored", "items", len(items))
	return results, nil
}

// putSaved stores one item of a batch inside its savepoint. An error of
// the item is returned in its result; the error returned is one that
// leaves the transaction unusable (its savepoint could not be rolled back).
func (s *Store) putSaved(ctx context.Context, tx *sql.Tx, it PutItem) (PutResult, error) {
	d := it.Disclosure
	sha, err := check(it.Original, d)
	if err != nil {
		return PutResult{Err: fmt.Errorf("put disclosure: %w", err)}, nil
	}
	var id string
	err = tx.QueryRowContext(ctx, "SELECT id FROM disclosures WHERE sha256 = ?", sha).Scan(&id)
	switch {
	case err == nil:
		return PutResult{ID: id}, nil
	case !errors.Is(err, sql.ErrNoRows):
		return PutResult{}, fmt.Errorf("put disclosure %s: look up sha256: %w", d.ID, err)
	}
	if _, err := tx.ExecContext(ctx, "SAVEPOINT put_item"); err != nil {
		return PutResult{}, fmt.Errorf("put disclosure %s: savepoint: %w", d.ID, err)
	}
	err = s.insert(ctx, tx, sha, it.Original, d)
	if err == nil {
		err = logChange(ctx, tx, ChangePut, d.ID)
	}
	if err != nil {
		// Undo this item alone. When that fails the transaction is gone
		// (SQLite rolls the whole of it back on some errors, a full disk
		// among them): the batch fails with the item's error.
		if rerr := rollbackTo(ctx, tx); rerr != nil {
			return PutResult{}, fmt.Errorf("put disclosure %s: %w (and roll back: %w)", d.ID, err, rerr)
		}
		return PutResult{Err: fmt.Errorf("put disclosure %s: %w", d.ID, err)}, nil
	}
	if _, err := tx.ExecContext(ctx, "RELEASE put_item"); err != nil {
		return PutResult{}, fmt.Errorf("put disclosure %s: release savepoint: %w", d.ID, err)
	}
	s.log.DebugContext(ctx, "disclosure stored", logKeyID, d.ID, logKeySHA256, sha)
	return PutResult{ID: d.ID, Created: true}, nil
}

// rollbackTo undoes the current item's savepoint and drops it.
func rollbackTo(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, "ROLLBACK TO put_item"); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "RELEASE put_item")
	return err
}
