package theme

import (
	"errors"
	"strconv"
)

// Errors a taxonomy can be rejected with. They arrive wrapped, inside a
// [*ParseError] when they come from [ReadTaxonomy]; test them with errors.Is.
var (
	ErrInvalidID    = errors.New("invalid theme id (want ASCII letters, digits, _ - ., at most 32 bytes)")
	ErrDuplicateID  = errors.New("duplicate theme id")
	ErrInvalidGroup = errors.New("missing or invalid group")
	ErrMissingName  = errors.New("missing theme name")
	ErrNoKeywords   = errors.New("theme has no keywords")
	ErrEmptyKeyword = errors.New("empty keyword")
	ErrBadKeyword   = errors.New("keyword has invalid UTF-8, spaces or control characters")
	ErrColumns      = errors.New("want 4 tab-separated columns: id, group, name, keywords")
	ErrTooLarge     = errors.New("taxonomy file too large")
)

// ParseError reports where a taxonomy file is wrong. Line is 1-based.
type ParseError struct {
	Line int
	Err  error
}

func (e *ParseError) Error() string {
	return "line " + strconv.Itoa(e.Line) + ": " + e.Err.Error()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }
