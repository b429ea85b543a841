package main

import (
	"flag"
	"fmt"
	"io"
)

// Page sizes of the analytics commands, as the API's list routes.
const (
	defaultPageLimit = 100
	maxPageLimit     = 1000
	maxPageOffset    = 1 << 20
)

// page is the --limit and --offset of a listing command and the total.
type page struct {
	Total  int `json:"total"`
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// pageFlags adds --limit and --offset to fs.
func pageFlags(fs *flag.FlagSet) *page {
	p := &page{}
	fs.IntVar(&p.Limit, "limit", defaultPageLimit, fmt.Sprintf("entries to print, 1–%d", maxPageLimit))
	fs.IntVar(&p.Offset, "offset", 0, "entries to skip")
	return p
}

// check refuses a limit or offset out of range.
func (p *page) check() error {
	if p.Limit < 1 || p.Limit > maxPageLimit || p.Offset < 0 || p.Offset > maxPageOffset {
		return fmt.Errorf("%w: --limit takes 1–%d and --offset 0–%d, got %d and %d", errUsage, maxPageLimit, maxPageOffset, p.Limit, p.Offset)
	}
	return nil
}

// note tells a person reading the text output that entries were left out.
func (p *page) note(w io.Writer, what string) {
	if shown := min(p.Limit, max(p.Total-p.Offset, 0)); shown < p.Total {
		fmt.Fprintf(w, "\n(%d of %d %s shown, from %d: see --offset and --limit)\n", shown, p.Total, what, p.Offset+1)
	}
}

// pagePart returns the entries of list on page p and sets p.Total.
func pagePart[T any](list []T, p *page) []T {
	p.Total = len(list)
	lo := min(p.Offset, len(list))
	return list[lo:min(lo+p.Limit, len(list))]
}
