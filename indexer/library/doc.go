// Package library keeps the system of record (package store, SQLite) and the
// search index (package indexer, bleve) of one data folder in agreement, and
// runs ingestion through both.
//
// # Basics
//
// A data folder holds zhenggai.db (originals, parsed records, theme tags)
// and index/ (the bleve index, derived). Ingesting a file reads and parses
// it, stores the record (an ingest stores up to 64 files in one
// transaction, with a savepoint per file, so that a bad file fails alone),
// then indexes its measures and marks the record indexed at the index's
// version. The same bytes again are a no-op.
//
// [Open] brings the two into agreement before anything else: records stored
// but not indexed at the current version are indexed; an index built by
// other analysis code (a changed dictionary) or holding a different number
// of measures than the store says it should is rebuilt from the store.
//
// # Following the store
//
// The store may instead be a PostgreSQL database shared by several servers
// (Options.Store; any implementation of [Store]). Every put and delete is
// numbered in the store's change log, and the index applies the changes in
// order: follow.json in the data folder records the last one applied, Open
// catches up from it (or reconciles and rebuilds as above when there is
// none, or when it names another store or is ahead of a restored one), and
// [Library.Follow] keeps applying new ones while a server runs, woken by the
// store and polling. Ingest and Delete apply through the same log, so a
// record written through any server reaches every index the same way.
//
// # Caveats
//
// One process owns a data folder: a second Open waits for the index lock
// (Options.LockTimeout) and then fails, saying so. A kill at any point
// leaves a state the next Open repairs: a record stored but not marked
// indexed is indexed again, and re-indexing replaces documents by their
// ids, so nothing is doubled.
package library
