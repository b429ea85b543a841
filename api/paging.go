package api

// Page sizes of the list and analytics routes (style.md §3.11: every list
// pages, and echoes offset, limit and total).
const (
	// defaultListLimit and maxListLimit bound the pages of /units,
	// /rounds and the analytics routes (compare's groups, recurring's and
	// common's entries).
	defaultListLimit = 100
	maxListLimit     = 1000
	// maxListOffset is the deepest offset of those routes.
	maxListOffset = 1 << 20
)

// Page is the paging part of a list answer: the offset and limit used and
// the number of entries in all.
type Page struct {
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// pageParams reads offset and limit: limit within 1–max (def when absent),
// offset within 0–maxOffset.
func pageParams(p *params, def, max, maxOffset int) (Page, error) {
	limit, err := p.intIn("limit", def, 1, max, CodeLimitOutOfRange)
	if err != nil {
		return Page{}, err
	}
	offset, err := p.intIn("offset", 0, 0, maxOffset, CodeOffsetOutOfRange)
	return Page{Offset: offset, Limit: limit}, err
}

// listPage reads the paging of a list route.
func listPage(p *params) (Page, error) {
	return pageParams(p, defaultListLimit, maxListLimit, maxListOffset)
}

// slicePage returns the entries of list on page pg, never nil, and sets
// pg.Total.
func slicePage[T any](list []T, pg *Page) []T {
	pg.Total = len(list)
	lo := min(pg.Offset, len(list))
	hi := min(lo+pg.Limit, len(list))
	out := make([]T, hi-lo)
	copy(out, list[lo:hi])
	return out
}
