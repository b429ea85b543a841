package store

// SetBeforeCommit makes Put call f just before it commits.
func SetBeforeCommit(s *Store, f func()) { s.beforeCommit = f }

// SchemaV4 is the SQL of schema version 4, for tests of its migration.
const SchemaV4 = schemaV4

// SetMinParallelDocs makes MeasureDocs read in two halves from n
// disclosures on.
func SetMinParallelDocs(s *Store, n int64) { s.minParallelDocs = n }
