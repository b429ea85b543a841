package analytics

import (
	"errors"
	"fmt"
)

// Paging bounds of the grouped lists: a page holds DefaultLimit items unless
// asked otherwise, and never more than MaxLimit.
const (
	DefaultLimit = 20
	MaxLimit     = 200
)

// ErrInvalidPage means a negative offset or limit.
var ErrInvalidPage = errors.New("invalid page: offset and limit must not be negative")

// Page is the paging of a list: Total items in all, this page from Offset,
// at most Limit (as applied) items.
type Page struct {
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// pageBounds checks offset and limit and returns the slice bounds of the
// page within total items and the page description.
func pageBounds(offset, limit, total int) (lo, hi int, p Page, err error) {
	if offset < 0 || limit < 0 {
		return 0, 0, Page{}, fmt.Errorf("page offset %d limit %d: %w", offset, limit, ErrInvalidPage)
	}
	if limit == 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	lo = min(offset, total)
	hi = min(lo+limit, total)
	return lo, hi, Page{Total: total, Offset: offset, Limit: limit}, nil
}

// unitKeys memoises UnitKey over the few distinct unit names of many rows.
type unitKeys map[string]string

func (k unitKeys) of(unit string) string {
	if v, ok := k[unit]; ok {
		return v
	}
	v := UnitKey(unit)
	k[unit] = v
	return v
}
