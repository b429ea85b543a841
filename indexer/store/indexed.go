package store

import (
	"context"
	"fmt"

	"github.com/zhenggai/zhenggai/corpus"
)

// Every record carries the version of the index it was last indexed into
// (empty: never indexed). The indexer names its version (analyzer,
// dictionary, mapping); at start-up it indexes Unindexed(version) and marks
// them, so that exactly the records recorded but not indexed are indexed.

// Unindexed returns up to limit records (all of them when limit ≤ 0) not
// indexed at version, in the order they were stored. Call it again after
// MarkIndexed until it returns none.
func (s *Store) Unindexed(ctx context.Context, version string, limit int) ([]*corpus.Disclosure, error) {
	if version == "" {
		return nil, fmt.Errorf("find unindexed records: %w: empty index version", ErrInvalid)
	}
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	list, _, err := s.records(ctx, "indexed_version != ?", []any{version}, 0, limit)
	if err != nil {
		return nil, fmt.Errorf("find unindexed records: %w", err)
	}
	return list, nil
}

// MarkIndexed records that the records ids are indexed at version, in one
// transaction. Ids not in the store (deleted meanwhile) are ignored.
func (s *Store) MarkIndexed(ctx context.Context, version string, ids ...string) error {
	if version == "" {
		return fmt.Errorf("mark indexed: %w: empty index version", ErrInvalid)
	}
	if len(ids) == 0 {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("mark indexed: begin: %w", err)
	}
	defer tx.Rollback()
	stmt, err := tx.PrepareContext(ctx, "UPDATE disclosures SET indexed_version = ? WHERE id = ?")
	if err != nil {
		return fmt.Errorf("mark indexed: prepare: %w", err)
	}
	defer stmt.Close()
	for _, id := range ids {
		if _, err := stmt.ExecContext(ctx, version, id); err != nil {
			return fmt.Errorf("mark indexed %s: %w", id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("mark indexed: commit: %w", err)
	}
	return nil
}

// ClearIndexed marks every record as not indexed, before a full reindex.
func (s *Store) ClearIndexed(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, "UPDATE disclosures SET indexed_version = '' WHERE indexed_version != ''"); err != nil {
		return fmt.Errorf("clear indexed versions: %w", err)
	}
	return nil
}
