package pgstore

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zhenggai/zhenggai/indexer/store"
)

// Changes returns up to limit changes (store.DefaultChangesLimit when
// limit ≤ 0) numbered above after, in order.
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]store.Change, error) {
	if limit <= 0 {
		limit = store.DefaultChangesLimit
	}
	rows, err := s.pool.Query(ctx, "SELECT seq, op, disclosure_id FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2", after, int64(limit))
	if err != nil {
		return nil, fmt.Errorf("read changes after %d: %w", after, err)
	}
	defer rows.Close()
	list := []store.Change{}
	for rows.Next() {
		var c store.Change
		var op string
		if err := rows.Scan(&c.Seq, &op, &c.DisclosureID); err != nil {
			return nil, fmt.Errorf("read changes after %d: %w", after, err)
		}
		c.Op = store.ChangeOp(op)
		list = append(list, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read changes after %d: %w", after, err)
	}
	return list, nil
}

// LastChange returns the number of the newest change, 0 when there is none.
func (s *Store) LastChange(ctx context.Context) (int64, error) {
	var seq int64
	if err := s.pool.QueryRow(ctx, "SELECT coalesce(max(seq), 0) FROM changes").Scan(&seq); err != nil {
		return 0, fmt.Errorf("read last change: %w", err)
	}
	return seq, nil
}

// StoreID returns the identity given to the store when it was created.
func (s *Store) StoreID(ctx context.Context) (string, error) {
	var id string
	if err := s.pool.QueryRow(ctx, "SELECT store_id FROM store_info WHERE id = 1").Scan(&id); err != nil {
		return "", fmt.Errorf("read store id: %w", notFound(err))
	}
	return id, nil
}

// listenRetry is the pause before listening again after a lost connection.
const listenRetry = time.Second

// Watch returns a channel that receives a value when any process or server
// commits a change (LISTEN zhenggai_changes on a connection of its own,
// reconnecting when it is lost; a wake is also sent after each reconnect,
// since changes may have been missed meanwhile). Wakes merge. The channel is
// closed when ctx ends.
func (s *Store) Watch(ctx context.Context) <-chan struct{} {
	ch := make(chan struct{}, 1)
	wake := func() {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	go func() {
		defer close(ch)
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("change listener panicked; followers fall back to polling", "panic", fmt.Sprint(r))
			}
		}()
		for ctx.Err() == nil {
			err := s.listen(ctx, wake)
			if ctx.Err() != nil {
				return
			}
			s.log.Warn("change listener lost its connection; retrying", "store", s.where, "err", err)
			wake()
			select {
			case <-ctx.Done():
				return
			case <-time.After(listenRetry):
			}
		}
	}()
	return ch
}

// listen holds one LISTEN connection until it fails or ctx ends.
func (s *Store) listen(ctx context.Context, wake func()) error {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return fmt.Errorf("wait for notification: %w", err)
		}
		wake()
	}
}

// Snapshot reads the counts and the last change in one statement (one
// snapshot); change numbers become visible in order, so the counts hold
// exactly the changes up to Seq.
func (s *Store) Snapshot(ctx context.Context) (store.Snapshot, error) {
	var sn store.Snapshot
	if err := s.pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM disclosures), (SELECT count(*) FROM measures),
		(SELECT coalesce(max(seq), 0) FROM changes)`).Scan(&sn.Disclosures, &sn.Measures, &sn.Seq); err != nil {
		return store.Snapshot{}, fmt.Errorf("read store snapshot: %w", err)
	}
	return sn, nil
}
