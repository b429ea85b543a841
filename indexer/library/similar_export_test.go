package library

import (
	"context"

	"github.com/zhenggai/zhenggai/corpus"
)

// InvalidateSimilar drops the cached similarity index, for benchmarks of
// a cold Duplicates.
func InvalidateSimilar(l *Library) { l.sim.invalidate() }

// SignaturesComputed is l.SignaturesComputed.
func SignaturesComputed(l *Library) int64 { return l.SignaturesComputed() }

// SignStored signs and stores the measures of ds as an ingest does.
func SignStored(l *Library, ds []*corpus.Disclosure) { l.signStored(context.Background(), ds) }
