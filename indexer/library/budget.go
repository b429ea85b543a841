package library

import (
	"context"
	"os"
)

// readBudget bounds what an ingest has read and parsed but not yet stored
// and indexed: each file takes units by its size (one per started
// budgetUnit bytes, at most half the budget, so that a batch is flushed
// before the readers wait on it), and gives them back once its outcome is
// reported. Only the ingest's reader loop acquires, so partial
// acquisitions cannot deadlock.
type readBudget struct {
	units  int
	tokens chan struct{}
}

const (
	// budgetUnit is the size of one unit of the read budget.
	budgetUnit = 256 << 10
	// budgetUnits is the budget: 32 MB of files read ahead (reading and
	// parsing allocate 40–70 bytes per byte, but most of it is garbage
	// once the record is made), or 128 small files.
	budgetUnits = 128
)

func newReadBudget() *readBudget {
	return &readBudget{units: budgetUnits, tokens: make(chan struct{}, budgetUnits)}
}

// weigh is the number of units path takes.
func (b *readBudget) weigh(path string) int {
	fi, err := os.Stat(path)
	if err != nil {
		return 1 // the read fails and reports why
	}
	return min(max(1, int((fi.Size()+budgetUnit-1)/budgetUnit)), b.units/2)
}

// acquire takes n units, waiting for them; false when ctx ends first (the
// units taken so far are given back).
func (b *readBudget) acquire(ctx context.Context, n int) bool {
	for i := range n {
		select {
		case b.tokens <- struct{}{}:
		case <-ctx.Done():
			b.release(i)
			return false
		}
	}
	return true
}

// release gives n units back.
func (b *readBudget) release(n int) {
	for range n {
		<-b.tokens
	}
}
