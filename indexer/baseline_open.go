package indexer

import (
	"fmt"

	"github.com/blevesearch/bleve/v2"
)

// OpenBaseline opens a baseline index NewBaseline created in dir, so that a
// benchmark can search the index it timed instead of building a second one
// (in memory, that one costs gigabytes at a province's scale).
func OpenBaseline(dir string) (*Baseline, error) {
	idx, err := bleve.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("open baseline index %s: %w", dir, err)
	}
	return &Baseline{idx: idx}, nil
}
