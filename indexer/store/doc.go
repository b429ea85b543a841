// Package store is zhenggai's system of record: an embedded SQLite file in
// the data folder that keeps every ingested file's bytes with its sha256, the
// parsed record, its measures and their theme tags. The search index is a
// derived view; it can always be rebuilt from the store alone.
//
// # Basics
//
// Open creates the file when it is missing and migrates the schema:
//
//	s, err := store.Open(ctx, filepath.Join(dataDir, "zhenggai.db"), store.Options{Logger: log})
//	defer s.Close()
//	id, created, err := s.Put(ctx, store.Original{Path: path, Data: data}, d)
//
// Put writes the original, the record, its measures and their tags in one
// transaction; the same bytes again return the existing id and change
// nothing. PutBatch stores several in one transaction with a savepoint per
// record (one commit for all, a failed record rolled back alone). Disclosure, Measure, Original, BySHA256 and List read; Delete
// removes a record with everything that hangs off it.
//
// Every record carries the version of the index it was last indexed into.
// The ingest order is: Put, index, MarkIndexed. At start-up the indexer asks
// for Unindexed(version) and indexes those, so a crash between Put and
// MarkIndexed is repaired exactly; a new index version (a changed analyzer
// or dictionary) makes every record unindexed at once. Reindexing from
// scratch is ClearIndexed followed by Each. Meta keeps small values such as
// the index's dictionary version.
//
// Stats, Units, Rounds and ThemeCounts are SQL aggregates for the stats
// command and for analytics that do not depend on a text query; every theme
// count comes with the ids of its measures. Rounds are grouped by RoundKey
// (十届市委第二轮).
//
// Every Put that stores a record and every Delete also appends a row to
// the change log (Changes, LastChange), numbered in commit order, in the
// same transaction: indexes follow the store by applying the changes after
// the last one they applied (package library). StoreID names the store, so
// that an index is never taken for one of another store; Watch wakes
// followers in this process. The PostgreSQL store (package pgstore) keeps
// the same contract with the same types for several servers at once.
//
// Tables: originals (sha256 → bytes, path, format, encoding, size),
// disclosures (the record as JSON plus the columns filters need: kind, unit,
// body, level, term, round, round_key, group, type, published, year,
// measure_count, parser_version, indexed_version), measures (one row per
// measure, deleted with their record), measure_themes (measure × theme id),
// meta (key → value), changes (seq → put or delete of a record id),
// store_info (the store's identity) and measure_signatures (measure id →
// its MinHash signature as little-endian uint64s, with the version of the
// hasher that made it; deleted with its measure) and disclosure_docs (one
// row per record, deleted with it: what MeasureDocs reads for compare and
// recurring — the unit, round and date columns, the inspection start and the
// measures' ids and theme ids, encoded in one value, see appendDoc). The
// schema version is PRAGMA user_version; the file is marked with PRAGMA
// application_id.
//
// # Caveats
//
//   - One process owns the file. Within it the Store is safe for concurrent
//     use: reads run on a pool of read-only connections, writes on a single
//     connection. A second process (a CLI beside the server) waits up to the
//     busy timeout for the write lock instead of failing at once.
//   - The file is in WAL mode: copy it together with its -wal file, or only
//     after Close. Commits are synchronous=FULL, so a stored record survives
//     a power loss.
//   - A record is read back exactly as it was encoded to JSON: an empty but
//     non-nil slice or map of a field marked omitempty (Inspection.Types,
//     Figures.Meetings, Figures.Lists) comes back nil, and unexported fields
//     (the parser's working state in Table) are not kept.
//   - Measure ids are unique across the store (the parser makes them from
//     the record id); a record whose measure id is already stored is refused
//     as a whole.
//   - Open refuses a file that is not a SQLite database, a SQLite database
//     of another program, and a store migrated by a newer version of this
//     program (ErrNotStore, ErrSchemaTooNew), without changing the file.
//   - Each reads in batches of 100 without holding a read transaction while
//     its callback runs: records put or deleted during the walk may or may
//     not be seen.
package store
