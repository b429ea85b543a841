package store

import (
	"context"
	"fmt"
)

// Delete removes the record id with its measures, their theme tags and the
// original bytes, in one transaction. ErrNotFound when there is no such
// record. The caller removes the record's documents from the index.
func (s *Store) Delete(ctx context.Context, id string) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("delete disclosure %s: begin: %w", id, err)
	}
	defer tx.Rollback()
	var sha string
	if err := tx.QueryRowContext(ctx, "SELECT sha256 FROM disclosures WHERE id = ?", id).Scan(&sha); err != nil {
		return fmt.Errorf("delete disclosure %s: %w", id, notFound(err))
	}
	// Measures and their theme tags go with the record: ON DELETE CASCADE.
	if _, err := tx.ExecContext(ctx, "DELETE FROM disclosures WHERE id = ?", id); err != nil {
		return fmt.Errorf("delete disclosure %s: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM originals WHERE sha256 = ?", sha); err != nil {
		return fmt.Errorf("delete original of %s: %w", id, err)
	}
	if err := logChange(ctx, tx, ChangeDelete, id); err != nil {
		return fmt.Errorf("delete disclosure %s: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("delete disclosure %s: commit: %w", id, err)
	}
	s.watch.Notify()
	s.log.DebugContext(ctx, "disclosure deleted", logKeyID, id, logKeySHA256, sha)
	return nil
}
