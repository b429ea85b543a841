package store

import "errors"

// Errors returned by the store. Test for them with errors.Is; they arrive
// wrapped with the operation and object, e.g. "get disclosure 0a1b…: not found".
var (
	// ErrNotFound means the record, measure, original or meta key asked
	// for is not in the store.
	ErrNotFound = errors.New("not found")
	// ErrInvalid means an argument was rejected before anything was
	// written: a nil record, an empty id, a digest that does not match the
	// bytes, an unknown grouping, a negative offset.
	ErrInvalid = errors.New("invalid argument")
	// ErrNotStore means the file given to Open is not a SQLite database, or
	// is a SQLite database that belongs to another program.
	ErrNotStore = errors.New("not a zhenggai store")
	// ErrSchemaTooNew means the database was migrated by a newer version of
	// this program than the one running; it is left untouched.
	ErrSchemaTooNew = errors.New("store schema is newer than this program")
)
