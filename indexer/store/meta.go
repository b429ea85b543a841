package store

import (
	"context"
	"fmt"
)

// Meta returns the value stored under key, or ErrNotFound. Keys are free
// text owned by the callers, e.g. the index's dictionary version.
func (s *Store) Meta(ctx context.Context, key string) (string, error) {
	var v string
	if err := s.r.QueryRowContext(ctx, "SELECT value FROM meta WHERE key = ?", key).Scan(&v); err != nil {
		return "", fmt.Errorf("get meta %s: %w", key, notFound(err))
	}
	return v, nil
}

// SetMeta stores value under key, replacing any previous value.
func (s *Store) SetMeta(ctx context.Context, key, value string) error {
	if _, err := s.w.ExecContext(ctx,
		"INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
		key, value); err != nil {
		return fmt.Errorf("set meta %s: %w", key, err)
	}
	return nil
}
