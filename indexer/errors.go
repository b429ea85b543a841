package indexer

import (
	"errors"
	"fmt"

	"github.com/blevesearch/bleve/v2"
)

// Errors returned by Index methods, wrapped with what was being done. Test
// them with errors.Is.
var (
	// ErrNotFound: the measure or disclosure is not in the index.
	ErrNotFound = errors.New("not found")
	// ErrInvalidQuery: a Query the index refuses (limit beyond MaxLimit, an
	// unknown sort or facet, a malformed date or search_after key, …). The
	// message says which part; callers answer it with a client error.
	ErrInvalidQuery = errors.New("invalid query")
	// ErrLocked: another process has the index open (a running
	// `zhenggai serve`, typically) and did not let go within BoltTimeout.
	ErrLocked = errors.New("index is open in another process (a running zhenggai serve?): stop it, or use its HTTP API")
	// ErrIndexClosed: the Index was closed. It also matches bleve's
	// ErrorIndexClosed.
	ErrIndexClosed error = &wrapped{msg: "index closed", err: bleve.ErrorIndexClosed}
)

// wrapped is a sentinel that also matches the bleve error it stands for.
type wrapped struct {
	msg string
	err error
}

func (e *wrapped) Error() string { return e.msg }
func (e *wrapped) Unwrap() error { return e.err }

// invalidf returns an ErrInvalidQuery saying what is wrong.
func invalidf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidQuery, fmt.Sprintf(format, args...))
}

// translate maps bleve's errors onto ours.
func translate(err error) error {
	if errors.Is(err, bleve.ErrorIndexClosed) {
		return ErrIndexClosed
	}
	return err
}
