package indexer

import (
	"fmt"
	"syscall"

	segment "github.com/blevesearch/scorch_segment_api/v2"
	zap "github.com/blevesearch/zapx/v17"
)

// adviseRandom tells the kernel that a segment file's memory map is read
// at random (madvise MADV_RANDOM): a page fault then reads the page it
// needs instead of a read-ahead window around it. Searches read a few
// postings blocks and stored documents scattered over the file, so the
// window mostly brings in pages nobody asks for, which take page cache
// from the pages that are asked for when memory is short. Files already
// in the page cache (a segment just written) are not affected. A segment
// that is not a file (in memory) is left alone.
func adviseRandom(seg segment.Segment) error {
	s, ok := seg.(*zap.Segment)
	if !ok || len(s.Data()) == 0 {
		return nil
	}
	if err := syscall.Madvise(s.Data(), syscall.MADV_RANDOM); err != nil {
		return fmt.Errorf("advise random reads of %s: %w", s.Path(), err)
	}
	return nil
}
