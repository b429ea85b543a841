package store

// SetBeforeCommit makes Put call f just before it commits.
func SetBeforeCommit(s *Store, f func()) { s.beforeCommit = f }
