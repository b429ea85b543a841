package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"
)

// ChangeOp is what a change did to a record.
type ChangeOp string

// The operations of the change log.
const (
	ChangePut    ChangeOp = "put"
	ChangeDelete ChangeOp = "delete"
)

// Change is one entry of the store's change log: every Put that stores a
// record and every Delete writes one, in the same transaction as the write,
// numbered in commit order. An index follows the store by applying the
// changes after the last sequence number it applied.
type Change struct {
	Seq          int64    `json:"seq"`
	Op           ChangeOp `json:"op"`
	DisclosureID string   `json:"disclosure_id"`
}

// DefaultChangesLimit is the page size of Changes when limit ≤ 0.
const DefaultChangesLimit = 1000

// logChange appends a change inside the write transaction tx.
func logChange(ctx context.Context, tx *sql.Tx, op ChangeOp, id string) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO changes (op, disclosure_id, at) VALUES (?, ?, ?)",
		string(op), id, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		return fmt.Errorf("log change: %w", err)
	}
	return nil
}

// Changes returns up to limit changes (DefaultChangesLimit when limit ≤ 0)
// with a sequence number above after, in order.
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]Change, error) {
	if limit <= 0 {
		limit = DefaultChangesLimit
	}
	rows, err := s.r.QueryContext(ctx, "SELECT seq, op, disclosure_id FROM changes WHERE seq > ? ORDER BY seq LIMIT ?", after, limit)
	if err != nil {
		return nil, fmt.Errorf("read changes after %d: %w", after, err)
	}
	defer rows.Close()
	list := []Change{}
	for rows.Next() {
		var c Change
		var op string
		if err := rows.Scan(&c.Seq, &op, &c.DisclosureID); err != nil {
			return nil, fmt.Errorf("read changes after %d: %w", after, err)
		}
		c.Op = ChangeOp(op)
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read changes after %d: %w", after, err)
	}
	return list, nil
}

// LastChange returns the sequence number of the newest change, 0 when there
// is none.
func (s *Store) LastChange(ctx context.Context) (int64, error) {
	var seq int64
	if err := s.r.QueryRowContext(ctx, "SELECT coalesce(max(seq), 0) FROM changes").Scan(&seq); err != nil {
		return 0, fmt.Errorf("read last change: %w", err)
	}
	return seq, nil
}

// StoreID returns the identity given to the store when it was created: an
// index records it with the change it applied last, so that it is never
// taken for an index of another store.
func (s *Store) StoreID(ctx context.Context) (string, error) {
	var id string
	if err := s.r.QueryRowContext(ctx, "SELECT store_id FROM store_info WHERE id = 1").Scan(&id); err != nil {
		return "", fmt.Errorf("read store id: %w", notFound(err))
	}
	return id, nil
}

// Watch returns a channel that receives a value (without blocking the
// writer, so wakes may merge) after a change this process committed. Changes
// made by other processes are not signalled: poll LastChange for them. The
// channel is closed when ctx ends.
func (s *Store) Watch(ctx context.Context) <-chan struct{} { return s.watch.Subscribe(ctx) }

// Broadcast wakes every subscriber; the zero value is ready to use. Store
// implementations share it to signal changes within a process.
type Broadcast struct {
	mu   sync.Mutex
	subs map[chan struct{}]struct{}
}

// Subscribe returns a channel with a buffer of one that Notify fills; it is
// closed and dropped when ctx ends.
func (b *Broadcast) Subscribe(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	b.mu.Lock()
	if b.subs == nil {
		b.subs = map[chan struct{}]struct{}{}
	}
	b.subs[ch] = struct{}{}
	b.mu.Unlock()
	context.AfterFunc(ctx, func() {
		b.mu.Lock()
		delete(b.subs, ch)
		close(ch)
		b.mu.Unlock()
	})
	return ch
}

// Notify wakes every subscriber that is not already awake.
func (b *Broadcast) Notify() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// Snapshot is what the store holds as of one change: the counts of records
// and measures with every change up to Seq committed and none after it.
// An index that has applied exactly the changes up to Seq holds as many.
type Snapshot struct {
	Disclosures int   `json:"disclosures"`
	Measures    int   `json:"measures"`
	Seq         int64 `json:"seq"`
}

// Snapshot reads the counts and the last change in one statement, so they
// agree with each other even while others write.
func (s *Store) Snapshot(ctx context.Context) (Snapshot, error) {
	var sn Snapshot
	if err := s.r.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM disclosures), (SELECT count(*) FROM measures),
		(SELECT coalesce(max(seq), 0) FROM changes)`).Scan(&sn.Disclosures, &sn.Measures, &sn.Seq); err != nil {
		return Snapshot{}, fmt.Errorf("read store snapshot: %w", err)
	}
	return sn, nil
}
