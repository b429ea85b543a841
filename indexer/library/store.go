package library

import (
	"context"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// Store is the system of record a Library keeps its index agreeing with:
// the embedded SQLite file (*store.Store, the default) or a PostgreSQL
// database shared by several servers (*pgstore.Store). Both pass the same
// conformance suite (package indexer/store/storetest); their shared types
// live in package store.
//
// Every write is one transaction. Put is idempotent by the sha256 of the
// bytes, also under concurrent writers. Every Put that stores a record and
// every Delete appends a Change, numbered in commit order: an index follows
// the store by applying the changes after the last one it applied.
type Store interface {
	// Records.
	Put(ctx context.Context, o store.Original, d *corpus.Disclosure) (id string, created bool, err error)
	// PutBatch stores several files as Put would, in one transaction with
	// a savepoint per file: an item that fails is rolled back alone and
	// reported in its result; an error fails the whole batch (nothing of it
	// stored). One commit per batch instead of one per file.
	PutBatch(ctx context.Context, items []store.PutItem) ([]store.PutResult, error)
	Disclosure(ctx context.Context, id string) (*corpus.Disclosure, error)
	Measure(ctx context.Context, id string) (*store.MeasureRow, error)
	Original(ctx context.Context, id string) (*store.Original, error)
	BySHA256(ctx context.Context, sha string) (string, error)
	List(ctx context.Context, q store.ListQuery) ([]store.Summary, int, error)
	Each(ctx context.Context, fn func(*corpus.Disclosure) error) error
	Delete(ctx context.Context, id string) error

	// Indexed marks (per record, shared by every server of a store).
	Unindexed(ctx context.Context, version string, limit int) ([]*corpus.Disclosure, error)
	MarkIndexed(ctx context.Context, version string, ids ...string) error
	ClearIndexed(ctx context.Context) error

	// Aggregates and analytics rows.
	Stats(ctx context.Context, version string) (store.Stats, error)
	Units(ctx context.Context) ([]store.Count, error)
	Rounds(ctx context.Context) ([]store.Count, error)
	ThemeCounts(ctx context.Context, by string) ([]store.ThemeCount, error)
	MeasureRows(ctx context.Context, f store.RowFilter) ([]analytics.Row, error)
	Inspections(ctx context.Context) ([]analytics.Inspection, error)
	MeasureTexts(ctx context.Context, fn func(store.MeasureText) error) error
	// MeasureTextsByID returns the texts of the stored measures among ids
	// (at most store.MaxTextsByID), by id, in one read; ids not stored are
	// left out.
	MeasureTextsByID(ctx context.Context, ids []string) (map[string]string, error)
	MeasureMark(ctx context.Context) (store.MeasureMark, error)

	// MinHash signatures of the measures (corpus/similar), kept so that a
	// restart does not recompute them. SignedMeasureTexts is MeasureTexts
	// with each measure's stored signature made by the hasher named
	// version (nil when it has none of that version; valid only during
	// the call). PutSignatures stores a batch (at most
	// store.MaxSignatureBatch, each measure once), each replacing its
	// measure's signature of any version and skipping measures not
	// stored; a signature goes when its measure does.
	SignedMeasureTexts(ctx context.Context, version string, fn func(m store.MeasureText, sig []uint64) error) error
	PutSignatures(ctx context.Context, version string, sigs []store.MeasureSignature) error

	// Small values.
	Meta(ctx context.Context, key string) (string, error)
	SetMeta(ctx context.Context, key, value string) error

	// The change log.
	Changes(ctx context.Context, after int64, limit int) ([]store.Change, error)
	LastChange(ctx context.Context) (int64, error)
	StoreID(ctx context.Context) (string, error)
	// Snapshot reads the counts of records and measures with the last
	// change they include, consistently.
	Snapshot(ctx context.Context) (store.Snapshot, error)
	// Watch wakes a follower after a change; implementations may merge
	// or miss wakes (polling LastChange is the fallback).
	Watch(ctx context.Context) <-chan struct{}

	Close() error
}

var _ Store = (*store.Store)(nil)
