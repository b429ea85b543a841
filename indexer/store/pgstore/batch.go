package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/zhenggai/zhenggai/indexer/store"
)

// batchAttempts bounds the retries of a batch the server aborted as a
// deadlock or serialization failure.
const batchAttempts = 3

// PutBatch stores items as Put would, in one transaction with a savepoint
// per item (store.Store.PutBatch states the contract): an item that fails
// is rolled back alone and reported in its result.
//
// Lock order: the originals of the batch are inserted first, in sha256
// order, before the change log's lock is taken (by the first record). A
// transaction holding that lock therefore never waits for a row another
// writer holds, so batches and single Puts of several servers cannot
// deadlock; should the server still abort the batch as a deadlock or a
// serialization failure, it is tried again.
func (s *Store) PutBatch(ctx context.Context, items []store.PutItem) ([]store.PutResult, error) {
	if len(items) == 0 {
		return []store.PutResult{}, nil
	}
	var err error
	for range batchAttempts {
		var results []store.PutResult
		results, err = s.putBatch(ctx, items)
		if err == nil {
			return results, nil
		}
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || (pe.Code != "40P01" && pe.Code != "40001") {
			break
		}
		s.log.WarnContext(ctx, "put batch aborted by the server; trying again", "err", err)
	}
	return nil, err
}

// batchItem is an item of a batch being written.
type batchItem struct {
	sha      string
	record   []byte
	inserted bool // its original was inserted by this batch
}

func (s *Store) putBatch(ctx context.Context, items []store.PutItem) ([]store.PutResult, error) {
	results := make([]store.PutResult, len(items))
	its := make([]batchItem, len(items))
	var order []int // valid items, by sha256
	for i, it := range items {
		sha, err := store.CheckPut(it.Original, it.Disclosure)
		if err == nil {
			its[i].sha = sha
			its[i].record, err = json.Marshal(it.Disclosure)
			if err != nil {
				err = fmt.Errorf("encode record: %w", err)
			}
		}
		if err != nil {
			results[i].Err = fmt.Errorf("put disclosure: %w", err)
			continue
		}
		order = append(order, i)
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if its[a].sha < its[b].sha {
			return -1
		} else if its[a].sha > its[b].sha {
			return 1
		}
		return 0
	})
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, fmt.Errorf("put batch of %d: begin: %w", len(items), err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // after Commit it is a no-op
	for _, i := range order {
		it := items[i]
		if its[i].inserted, err = s.insertOriginal(ctx, tx, its[i].sha, it.Original, it.Disclosure); err != nil {
			return nil, fmt.Errorf("put batch of %d: %w", len(items), err)
		}
	}
	for i, it := range items {
		if results[i].Err != nil {
			continue
		}
		if results[i], err = s.putSaved(ctx, tx, its[i], it); err != nil {
			return nil, fmt.Errorf("put batch of %d: %w", len(items), err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, fmt.Errorf("put batch of %d: commit: %w", len(items), err)
	}
	s.log.DebugContext(ctx, "batch stored", "items", len(items))
	return results, nil
}

// putSaved writes the record of one item in a savepoint. The error
// returned is one that leaves the transaction unusable; the item's own
// error is in its result.
func (s *Store) putSaved(ctx context.Context, tx pgx.Tx, b batchItem, it store.PutItem) (store.PutResult, error) {
	d := it.Disclosure
	if !b.inserted {
		// Stored before the batch, or earlier in it.
		var id string
		if err := tx.QueryRow(ctx, "SELECT id FROM disclosures WHERE sha256 = $1", b.sha).Scan(&id); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				// Its twin earlier in this batch failed: nothing holds these bytes.
				return store.PutResult{Err: fmt.Errorf("put disclosure %s: the same bytes failed earlier in the batch", d.ID)}, nil
			}
			return store.PutResult{}, fmt.Errorf("put disclosure %s: look up sha256: %w", d.ID, err)
		}
		return store.PutResult{ID: id}, nil
	}
	sp, err := tx.Begin(ctx) // a savepoint
	if err != nil {
		return store.PutResult{}, fmt.Errorf("put disclosure %s: savepoint: %w", d.ID, err)
	}
	if err := s.insertRecord(ctx, sp, b.sha, b.record, d); err != nil {
		if rerr := sp.Rollback(ctx); rerr != nil {
			return store.PutResult{}, fmt.Errorf("put disclosure %s: %w (and roll back: %w)", d.ID, err, rerr)
		}
		// The original was inserted by this batch, outside the savepoint.
		if _, derr := tx.Exec(ctx, "DELETE FROM originals WHERE sha256 = $1", b.sha); derr != nil {
			return store.PutResult{}, fmt.Errorf("put disclosure %s: %w (and remove its original: %w)", d.ID, err, derr)
		}
		return store.PutResult{Err: err}, nil
	}
	if err := sp.Commit(ctx); err != nil { // releases the savepoint
		return store.PutResult{}, fmt.Errorf("put disclosure %s: release savepoint: %w", d.ID, err)
	}
	return store.PutResult{ID: d.ID, Created: true}, nil
}
