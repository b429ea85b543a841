package indexer

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// TestRawPostingsMatchZapx: every entry read raw through skip points —
// frequency, norm, positions — is the one zapx's own iterator reads, for
// every term of every segment of an index whose common terms span several
// chunks, with deleted documents, visiting every document in order, a few
// far apart, and some out of order.
func TestRawPostingsMatchZapx(t *testing.T) {
	m := bleve.NewIndexMapping()
	idx, err := bleve.New(filepath.Join(t.TempDir(), "raw"), m)
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	rng := rand.New(rand.NewPCG(7, 11))
	// A few words in nearly every document (chunks of ~1,000 postings),
	// many in some, most in few; repeated words give several positions.
	vocab := strings.Fields("audit rectify measure unit round team report fund cadre rule check file plan duty")
	for i := range 300 {
		vocab = append(vocab, fmt.Sprintf("w%03d", i))
	}
	for b := range 2 {
		batch := idx.NewBatch()
		for i := range 3000 {
			var ws []string
			for range 2 + rng.IntN(30) {
				k := rng.IntN(len(vocab))
				if rng.IntN(3) > 0 {
					k = rng.IntN(14) // the common words
				}
				ws = append(ws, vocab[k])
			}
			if err := batch.Index(fmt.Sprintf("d%d-%04d", b, i), map[string]any{"text": strings.Join(ws, " ")}); err != nil {
				t.Fatal(err)
			}
		}
		if err := idx.Batch(batch); err != nil {
			t.Fatal(err)
		}
	}
	for i := 0; i < 3000; i += 97 {
		if err := idx.Delete(fmt.Sprintf("d0-%04d", i)); err != nil {
			t.Fatal(err)
		}
	}
	waitPersisted(t, idx)
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.(*scorch.Scorch).Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	sl := rawSkips()
	lists, dense, chunked, entries := 0, 0, 0, 0
	for _, ss := range r.(*scorch.IndexSnapshot).Segments() {
		seg := ss.Segment()
		dict, err := seg.Dictionary("text")
		if err != nil {
			t.Fatal(err)
		}
		it := dict.AutomatonIterator(nil, nil, nil)
		for de, err := it.Next(); de != nil || err != nil; de, err = it.Next() {
			if err != nil {
				t.Fatal(err)
			}
			term := de.Term
			pl, err := dict.PostingsList([]byte(term), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			rp, err := sl.get(seg, "text", term, pl.Count(), func() (segment.PostingsList, error) { return pl, nil })
			if err != nil {
				t.Fatal(err)
			}
			if rp == nil {
				if pl.Count() > 1 {
					t.Fatalf("%q (%d postings) not read raw", term, pl.Count())
				}
				continue // the one-hit encoding
			}
			lists++
			if rp.sparse == nil {
				dense++
			}
			if len(rp.fn.ends) > 1 {
				chunked++
			}
			// zapx's entries, in order.
			type entry struct {
				d    uint32
				freq uint64
				norm float64
				pos  []uint64
			}
			var want []entry
			zit := pl.Iterator(true, true, true, nil)
			for p, err := zit.Next(); p != nil || err != nil; p, err = zit.Next() {
				if err != nil {
					t.Fatal(err)
				}
				e := entry{d: uint32(p.Number()), freq: p.Frequency(), norm: p.Norm()}
				for _, l := range p.Locations() {
					e.pos = append(e.pos, l.Pos())
				}
				want = append(want, e)
			}
			// Every entry in order, and the impacts read from them, are
			// zapx's.
			k := 0
			if err := rp.each(func(d uint32, freq uint64, norm float64) {
				if k >= len(want) || want[k].d != d || want[k].freq != freq || want[k].norm != norm {
					t.Fatalf("%q: entry %d read in order %d %d %v", term, k, d, freq, norm)
				}
				k++
			}); err != nil || k != len(want) {
				t.Fatalf("%q: %d of %d entries read in order: %v", term, k, len(want), err)
			}
			sc := &termScorer{avgLen: 9, weight: 1, include: true}
			fromRaw, err := newImpacts(maxImpactBytes).get(seg, seg.Count(), "text", term, 1000, sc, rp, nil)
			if err != nil {
				t.Fatal(err)
			}
			fromZapx, err := newImpacts(maxImpactBytes).get(seg, seg.Count(), "text", term, 1000, sc, nil, func() (segment.PostingsList, error) { return pl, nil })
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(fromRaw.blocks, fromZapx.blocks) {
				t.Fatalf("%q: impacts from the raw entries differ from zapx's", term)
			}
			visits := [][]int{make([]int, len(want))} // every one in order
			for i := range want {
				visits[0][i] = i
			}
			var sparse, shuffled []int
			for i := range want {
				if rng.IntN(40) == 0 {
					sparse = append(sparse, i)
				}
				if rng.IntN(5) == 0 {
					shuffled = append(shuffled, i)
				}
			}
			rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
			visits = append(visits, sparse, shuffled)
			for v, visit := range visits {
				c := rawCursor{rp: rp, chunk: -1}
				var pos []uint64
				for _, i := range visit {
					w := want[i]
					withPos := (i+v)%3 != 0
					freq, norm, got, err := c.at(w.d, pos, withPos)
					pos = got
					if err != nil {
						t.Fatalf("%q, document %d: %v", term, w.d, err)
					}
					if freq != w.freq || norm != w.norm || withPos && !slices.Equal(got, w.pos) {
						t.Fatalf("%q, document %d (visit %d): raw %d %v %v, zapx %d %v %v", term, w.d, v, freq, norm, got, w.freq, w.norm, w.pos)
					}
					entries++
				}
			}
			if _, _, _, err := (&rawCursor{rp: rp, chunk: -1}).at(uint32(seg.Count()), nil, false); err == nil {
				t.Fatalf("%q: a document past the segment read without an error", term)
			}
		}
	}
	if lists < 100 || dense < 10 || lists-dense < 10 || chunked < 10 || entries < 50000 || sl.misread.Load() != 0 {
		t.Fatalf("%d lists read raw (%d dense, %d of several chunks, %d not as expected), %d entries compared: too few", lists, dense, chunked, sl.misread.Load(), entries)
	}
	t.Logf("%d lists read raw (%d dense, %d of several chunks), %d entries compared", lists, dense, chunked, entries)
}

// TestPostingsReadOnce: searches that ask at once for a list no search
// has read yet read it once between them — the others go on without it
// (zapx's entries, the term's most anywhere) — and it serves them all
// after; the same for impacts.
func TestPostingsReadOnce(t *testing.T) {
	idx, err := bleve.New(filepath.Join(t.TempDir(), "once"), bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	defer idx.Close()
	batch := idx.NewBatch()
	for i := range 600 {
		if err := batch.Index(fmt.Sprintf("d%03d", i), map[string]any{"text": "audit rectify " + strings.Repeat("fund ", i%5)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Batch(batch); err != nil {
		t.Fatal(err)
	}
	waitPersisted(t, idx)
	adv, _ := idx.Advanced()
	r, err := adv.(*scorch.Scorch).Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	seg := r.(*scorch.IndexSnapshot).Segments()[0].Segment()
	start := make(chan struct{})
	raw := func() (segment.PostingsList, error) {
		<-start                             // every search has asked before the first read ends
		dict, err := seg.Dictionary("text") // a dictionary is not for two goroutines
		if err != nil {
			return nil, err
		}
		return dict.PostingsList([]byte("audit"), nil, nil)
	}
	sl, im := rawSkips(), newImpacts(maxImpactBytes)
	sc := &termScorer{avgLen: 4, weight: 1, include: true}
	const searches = 16
	lists := make([]*rawPostings, searches)
	imps := make([]*termImpacts, searches)
	var wg sync.WaitGroup
	var asked sync.WaitGroup
	asked.Add(2 * searches)
	for i := range searches {
		wg.Go(func() {
			asked.Done()
			var err error
			if lists[i], err = sl.get(seg, "text", "audit", 600, raw); err != nil {
				t.Error(err)
			}
		})
		wg.Go(func() {
			asked.Done()
			var err error
			if imps[i], err = im.get(seg, seg.Count(), "text", "audit", 600, sc, nil, raw); err != nil {
				t.Error(err)
			}
		})
	}
	asked.Wait()
	time.Sleep(50 * time.Millisecond) // the others reach get
	close(start)
	wg.Wait()
	if b := sl.built.Load(); b != 1 {
		t.Fatalf("the list was read %d times", b)
	}
	rp, _ := sl.get(seg, "text", "audit", 600, raw)
	ti, _ := im.get(seg, seg.Count(), "text", "audit", 600, sc, nil, raw)
	if rp == nil || ti == nil {
		t.Fatal("not kept once read")
	}
	for i := range searches {
		if lists[i] != nil && lists[i] != rp || imps[i] != nil && imps[i] != ti {
			t.Fatalf("search %d got another copy", i)
		}
	}
	if len(sl.reading) != 0 || len(im.reading) != 0 {
		t.Fatalf("%d lists and %d impacts still marked as being read", len(sl.reading), len(im.reading))
	}
}
