//go:build !linux

package indexer

import segment "github.com/blevesearch/scorch_segment_api/v2"

// adviseRandom does nothing where madvise is not used (see advice_linux.go).
func adviseRandom(segment.Segment) error { return nil }
