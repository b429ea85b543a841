package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// progress draws a one-line progress bar on a terminal and nothing
// elsewhere, so logs and pipes stay clean.
type progress struct {
	w       io.Writer
	label   string
	total   int
	done    int
	started time.Time
	last    time.Time
	on      bool
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func newProgress(w io.Writer, label string, total int) *progress {
	now := time.Now()
	return &progress{w: w, label: label, total: total, started: now, on: isTerminal(w)}
}

// step advances the bar by one and redraws it at most ten times a second.
func (p *progress) step(note string) {
	p.done++
	if !p.on {
		return
	}
	now := time.Now()
	if p.done < p.total && now.Sub(p.last) < 100*time.Millisecond {
		return
	}
	p.last = now
	const width = 30
	filled := width
	if p.total > 0 {
		filled = width * p.done / p.total
	}
	rate := float64(p.done) / max(now.Sub(p.started).Seconds(), 0.001)
	if r := []rune(note); len(r) > 40 {
		note = "…" + string(r[len(r)-39:])
	}
	fmt.Fprintf(p.w, "\r\033[K%s [%s%s] %d/%d %.1f/s %s", p.label,
		strings.Repeat("#", filled), strings.Repeat(".", width-filled), p.done, p.total, rate, note)
}

// finish ends the bar's line.
func (p *progress) finish() {
	if p.on {
		fmt.Fprintln(p.w)
	}
}
