package indexer

import (
	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// segmentWalk walks a snapshot's segments in order and, in each, the
// candidates open gives it, in order: the walk of every searcher that
// searches scorch's segments itself (segmentPhrase, nativeSearcher).
type segmentWalk struct {
	segs  []*scorch.SegmentSnapshot
	bases []uint64 // the global number of each segment's first document
	skip  []bool   // segments another part of a split search reads (nil: none)
	open  func(k int) (*roaring.Bitmap, error)

	cur  int // the segment being walked; -1 before the first
	cand roaring.IntPeekable
	err  error
}

func newSegmentWalk(segs []*scorch.SegmentSnapshot, skip []bool, open func(k int) (*roaring.Bitmap, error)) segmentWalk {
	return segmentWalk{segs: segs, bases: segmentBases(segs), skip: skip, open: open, cur: -1}
}

// next returns the next candidate of the walk (its number in the current
// segment); false at the end, or on an error (kept in w.err).
func (w *segmentWalk) next() (uint32, bool) {
	for w.err == nil {
		if w.cand != nil && w.cand.HasNext() {
			return w.cand.Next(), true
		}
		if !w.nextSegment() {
			return 0, false
		}
	}
	return 0, false
}

// global is the global number of document d of the current segment.
func (w *segmentWalk) global(d uint32) uint64 { return w.bases[w.cur] + uint64(d) }

// advance moves the walk to the segment holding global document target,
// its next candidate at or after it; false past the last segment.
func (w *segmentWalk) advance(target uint64) bool {
	for w.err == nil {
		if w.cur >= 0 && w.cur < len(w.segs) && target < w.bases[w.cur]+w.segs[w.cur].Segment().Count() {
			if w.cand != nil && target > w.bases[w.cur] {
				w.cand.AdvanceIfNeeded(uint32(target - w.bases[w.cur]))
			}
			return true
		}
		if !w.nextSegment() {
			return false
		}
	}
	return false
}

// nextSegment opens the next segment's candidates; false at the end (or
// on an error, kept in w.err).
func (w *segmentWalk) nextSegment() bool {
	w.cand = nil
	w.cur++
	if w.cur >= len(w.segs) {
		return false
	}
	if w.skip != nil && w.skip[w.cur] {
		return true // another part's
	}
	bm, err := w.open(w.cur)
	if err != nil {
		w.err = err
		return false
	}
	if bm != nil {
		w.cand = bm.Iterator()
	}
	return true
}
