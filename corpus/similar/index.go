package similar

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"sync"
)

// Match is one text found similar to a query.
type Match struct {
	ID         string  `json:"id"`
	Similarity float64 `json:"similarity"` // Jaccard index of the shingle sets (as fingerprints: see the package documentation)
}

// Pair is two texts found similar; A sorts before B.
type Pair struct {
	A, B       string
	Similarity float64 // Jaccard index of the shingle sets (as fingerprints)
}

// Index is an LSH index over MinHash signatures that keeps every text's
// shingle set (as fingerprints) to rerank candidates by Jaccard index. Add
// is not safe for concurrent use; queries are, once adding is done.
//
// Memory is a few flat arrays (see the package documentation): every
// text's shingle fingerprints (4 bytes a shingle) in chunks and, built on
// the first query after an Add, per band and text the next text of its LSH
// bucket or, when it is alone there, its band key (4 bytes per text and
// band), and per band the keys of the buckets of two or more. The band
// keys of the texts added since (a signature is needed only to make them)
// wait in a list until then.
type Index struct {
	opts    Options
	hasher  *Hasher
	ids     []string
	pos     map[string]int32 // texts added since byID was sorted
	byID    []int32          // the texts before them, by id (sorted by buckets())
	chunks  [][]uint32       // the fingerprint sets, none across two chunks
	at      []uint32         // text i's set starts at chunks[at>>chunkBits][at&chunkMask]
	lens    []uint32         // and holds lens[i] fingerprints
	keys    [][]uint32       // per band, the band keys of the texts added since the table was built
	scratch Signature
	fps     []uint32 // Add's scratch

	mu    sync.Mutex // guards table
	table *bandTable // the LSH buckets, built by buckets()
}

// Sets are kept in chunks of chunkSize fingerprints, so that the index
// grows without copying what it holds (an append doubling one large array
// would hold it twice for a moment, and up to twice its size after); a set
// longer than a chunk has chunks of its own.
const (
	chunkBits = 16
	chunkSize = 1 << chunkBits
	chunkMask = chunkSize - 1
)

// bandTable holds the LSH buckets of the first n texts as rings: per band
// and text, next[b][i] is the next text of i's bucket in band b, in
// ascending order and back from the last to the first, or ^key (negative)
// when i is alone there or has no shingles. A bucket is walked from any
// member. shared[b] holds key<<32 | least member of every bucket of two
// or more texts of band b, sorted: with the lone texts' keys, every key is
// kept, so the table can be built again when texts are added.
type bandTable struct {
	n      int
	next   [][]int32
	shared [][]uint64
}

// ring calls f with every other text of i's bucket in band b: first those
// after i in ascending order, then those before it, ascending.
func (t *bandTable) ring(i int32, b int, f func(j int32)) {
	next := t.next[b]
	if next[i] < 0 {
		return
	}
	for j := next[i]; j != i; j = next[j] {
		f(j)
	}
}

// bandKeys returns every text's key of band b, room left for more.
func (t *bandTable) bandKeys(b, room int) []uint32 {
	next := t.next[b]
	out := make([]uint32, t.n, t.n+room)
	for i, v := range next {
		if v < 0 {
			out[i] = uint32(^v)
		}
	}
	for _, e := range t.shared[b] {
		k, first := uint32(e>>32), int32(uint32(e))
		out[first] = k
		for j := next[first]; j != first; j = next[j] {
			out[j] = k
		}
	}
	return out
}

// NewIndex returns an empty index with the given parameters.
func NewIndex(opts Options) (*Index, error) {
	o, err := opts.resolve()
	if err != nil {
		return nil, err
	}
	h, err := NewHasher(o.K, o.Seed)
	if err != nil {
		return nil, err
	}
	c := max(o.Capacity, 0)
	return &Index{
		opts: o, hasher: h, pos: make(map[string]int32, c), ids: make([]string, 0, c),
		at: make([]uint32, 0, c), lens: make([]uint32, 0, c), keys: make([][]uint32, o.Bands),
	}, nil
}

// Options returns the index's parameters, defaults filled in.
func (ix *Index) Options() Options { return ix.opts }

// Hasher returns the hasher that makes the index's signatures.
func (ix *Index) Hasher() *Hasher { return ix.hasher }

// SignatureVersion names what the index's signatures depend on (see
// Options.SignatureVersion): a signature stored under it may be given to
// Add of any index with the same version.
func (ix *Index) SignatureVersion() string { return ix.opts.SignatureVersion() }

// Len is the number of texts added.
func (ix *Index) Len() int { return len(ix.ids) }

// lookup returns the text added under id.
func (ix *Index) lookup(id string) (int32, bool) {
	if p, ok := ix.pos[id]; ok {
		return p, true
	}
	x, ok := slices.BinarySearchFunc(ix.byID, id, func(p int32, id string) int { return cmp.Compare(ix.ids[p], id) })
	if !ok {
		return -1, false
	}
	return ix.byID[x], true
}

// set is the fingerprint set of text i, sorted.
func (ix *Index) set(i int32) []uint32 {
	a, n := ix.at[i], ix.lens[i]
	c := ix.chunks[a>>chunkBits]
	from := a & chunkMask
	return c[from : from+n : from+n]
}

// setLen is the size of the fingerprint set of text i.
func (ix *Index) setLen(i int32) int { return int(ix.lens[i]) }

// fingerprint is the 32 bits of a shingle the index keeps: the high half
// of its splitmix64 mix, so that distinct shingles share one with
// probability 2^-32.
func fingerprint(x uint64) uint32 { return uint32(mix(x) >> 32) }

// AddText shingles text, signs it and adds it under id.
func (ix *Index) AddText(id, text string) error {
	s := Shingle(text)
	ix.scratch = ix.hasher.AppendSignature(ix.scratch[:0], s)
	return ix.Add(id, ix.scratch, s)
}

// Add adds a text under id by its signature (made by ix.Hasher, or stored
// under ix.SignatureVersion) and its shingle set; the set is kept as
// fingerprints, the signature only cut into band keys. A text
// without shingles is kept but never a candidate. An id added before is
// refused.
func (ix *Index) Add(id string, sig Signature, s Shingles) error {
	if _, dup := ix.lookup(id); dup {
		return fmt.Errorf("add %s: %w: id added twice", id, ErrInvalid)
	}
	if len(sig) != ix.opts.K {
		return fmt.Errorf("add %s: %w: signature of %d values, want %d", id, ErrInvalid, len(sig), ix.opts.K)
	}
	fps := ix.fps[:0]
	for _, x := range s {
		fps = append(fps, fingerprint(x))
	}
	slices.Sort(fps)
	fps = slices.Compact(fps)
	ix.fps = fps
	// Where the set goes: the end of the last chunk, or a new chunk
	// (as long as the set when it is longer than one).
	last := len(ix.chunks) - 1
	if last < 0 || len(ix.chunks[last])+len(fps) > chunkSize {
		last = len(ix.chunks)
		if len(ix.ids) >= math.MaxInt32 || last >= 1<<(32-chunkBits) {
			return fmt.Errorf("add %s: %w: index full", id, ErrInvalid)
		}
		ix.chunks = append(ix.chunks, make([]uint32, 0, max(chunkSize, len(fps))))
	}
	c := ix.chunks[last]
	if ix.pos == nil {
		ix.pos = map[string]int32{}
	}
	ix.pos[id] = int32(len(ix.ids))
	ix.ids = append(ix.ids, id)
	ix.at = append(ix.at, uint32(last)<<chunkBits|uint32(len(c)))
	ix.lens = append(ix.lens, uint32(len(fps)))
	ix.chunks[last] = append(c, fps...)
	for b := range ix.opts.Bands {
		if ix.keys[b] == nil && ix.opts.Capacity > len(ix.ids) {
			ix.keys[b] = make([]uint32, 0, ix.opts.Capacity-len(ix.ids)+1)
		}
		ix.keys[b] = append(ix.keys[b], ix.bandKey(sig, b))
	}
	return nil
}

// buckets returns the LSH buckets of every text added, linking the rings
// again when texts were added since the last call.
func (ix *Index) buckets() *bandTable {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	n := len(ix.ids)
	if t := ix.table; t != nil && t.n == n {
		return t
	}
	old := ix.table // texts were added since it was built
	ix.table = nil
	if len(ix.pos) > 0 {
		// The ids by a sorted list rather than a map: 4 bytes a text
		// instead of about 30 once the index is built.
		ix.byID = slices.Grow(ix.byID, len(ix.pos))
		for _, p := range ix.pos {
			ix.byID = append(ix.byID, p)
		}
		ix.pos = nil
		slices.SortFunc(ix.byID, func(a, b int32) int { return cmp.Compare(ix.ids[a], ix.ids[b]) })
	}
	nb := ix.opts.Bands
	t := &bandTable{n: n, next: make([][]int32, nb), shared: make([][]uint64, nb)}
	// Per band, the texts with shingles sorted by key then text: a run
	// of equal keys is one bucket, linked into a ring.
	kt := make([]uint64, 0, n)
	runs := func(f func(lo, hi int)) {
		for lo := 0; lo < len(kt); {
			hi := lo + 1
			for hi < len(kt) && kt[hi]>>32 == kt[lo]>>32 {
				hi++
			}
			if hi-lo >= 2 {
				f(lo, hi)
			}
			lo = hi
		}
	}
	for b := range nb {
		// The band's keys: those kept in the old table, then those of
		// the texts added since. Each band's are let go once its rings
		// are linked, so keys and rings are never all held at once.
		keys := ix.keys[b]
		if old != nil {
			keys = append(old.bandKeys(b, len(keys)), keys...)
			old.next[b], old.shared[b] = nil, nil
		}
		ix.keys[b] = nil
		next := make([]int32, n)
		for i := range next {
			next[i] = ^int32(keys[i])
		}
		t.next[b] = next
		kt = kt[:0]
		for i := range int32(n) {
			if ix.lens[i] > 0 {
				kt = append(kt, uint64(keys[i])<<32|uint64(i))
			}
		}
		slices.Sort(kt)
		shared := 0
		runs(func(int, int) { shared++ })
		t.shared[b] = make([]uint64, 0, shared)
		runs(func(lo, hi int) {
			for x := lo; x < hi-1; x++ {
				next[uint32(kt[x])] = int32(uint32(kt[x+1]))
			}
			next[uint32(kt[hi-1])] = int32(uint32(kt[lo]))
			t.shared[b] = append(t.shared[b], kt[lo])
		})
	}
	ix.table = t
	return t
}

// bandKey hashes the rows of band b of a signature into one 31-bit key.
// Two bands of different rows share a key with probability 2^-31: they
// make a candidate more, which the rerank judges like any other.
func (ix *Index) bandKey(sig Signature, b int) uint32 {
	k := uint64(b) + 1
	for _, v := range sig[b*ix.opts.Rows : (b+1)*ix.opts.Rows] {
		k = mix(k ^ v)
	}
	return uint32(k) & math.MaxInt32
}

// Candidates returns the ids of the texts that share at least one band
// with sig, in the order they were added. A band shared with a text alone
// in it is found by reading every text's slot of that band.
func (ix *Index) Candidates(sig Signature) []string {
	if len(sig) != ix.opts.K || sig[0] == math.MaxUint64 {
		return nil
	}
	t := ix.buckets()
	hit := make([]bool, t.n)
	for b := range ix.opts.Bands {
		k := ix.bandKey(sig, b)
		byKey := func(e uint64, k uint32) int { return cmp.Compare(uint32(e>>32), k) }
		if x, ok := slices.BinarySearchFunc(t.shared[b], k, byKey); ok {
			first := int32(uint32(t.shared[b][x]))
			hit[first] = true
			t.ring(first, b, func(j int32) { hit[j] = true })
			continue
		}
		for i, v := range t.next[b] {
			if v == ^int32(k) && ix.lens[i] > 0 {
				hit[i] = true
			}
		}
	}
	out := []string{}
	for i, h := range hit {
		if h {
			out = append(out, ix.ids[i])
		}
	}
	return out
}

// Similar returns up to k texts most similar to the text added under id,
// by Jaccard index, most similar first (ties by id), leaving out id
// itself, texts sharing no shingle, and those keep rejects (nil keeps
// all). LSH candidates come first; when they are fewer than k, the rest of
// the index is scanned by Jaccard index, so that weaker matches still
// fill the list. ok is false when id was never added.
func (ix *Index) Similar(id string, k int, keep func(id string) bool) (matches []Match, ok bool) {
	t := ix.buckets()
	q, ok := ix.lookup(id)
	if !ok {
		return nil, false
	}
	if k <= 0 || ix.setLen(q) == 0 {
		return []Match{}, true
	}
	seen := map[int32]bool{q: true}
	var found []Match
	consider := func(j int32) {
		if seen[j] {
			return
		}
		seen[j] = true
		if keep != nil && !keep(ix.ids[j]) {
			return
		}
		if s := jaccard(ix.set(q), ix.set(j)); s > 0 {
			found = append(found, Match{ID: ix.ids[j], Similarity: s})
		}
	}
	for b := range ix.opts.Bands {
		t.ring(q, b, consider)
	}
	if len(found) < k {
		// Too few candidates: the rest of the index by Jaccard
		// index, best first, until k of them are kept (the ones after
		// cannot rank above those).
		type sim struct {
			j int32
			s float64
		}
		var rest []sim
		qs := ix.set(q)
		for j := range int32(len(ix.ids)) {
			if seen[j] {
				continue
			}
			if s := jaccard(qs, ix.set(j)); s > 0 {
				rest = append(rest, sim{j, s})
			}
		}
		slices.SortFunc(rest, func(a, b sim) int { return cmp.Or(cmp.Compare(b.s, a.s), cmp.Compare(a.j, b.j)) })
		added := 0
		for _, r := range rest {
			if added == k {
				break
			}
			if keep != nil && !keep(ix.ids[r.j]) {
				continue
			}
			found = append(found, Match{ID: ix.ids[r.j], Similarity: r.s})
			added++
		}
	}
	slices.SortFunc(found, func(a, b Match) int {
		return cmp.Or(cmp.Compare(b.Similarity, a.Similarity), cmp.Compare(a.ID, b.ID))
	})
	return found[:min(len(found), k)], true
}

// Pairs returns every pair of texts sharing a band whose Jaccard
// index is at least threshold and that keep accepts (nil keeps all), most
// similar first, then by A and B. A pair of Jaccard index s is found with
// the probability Options.CandidateProbability(s): pairs above 0.8 are
// found with certainty for practical purposes, pairs near the S-curve's
// threshold only sometimes.
func (ix *Index) Pairs(threshold float64, keep func(a, b string) bool) []Pair {
	var out []Pair
	// Without a context nothing can cancel the walk: the error is always nil.
	_ = ix.eachPair(context.Background(), threshold, keep, func(p Pair) { out = append(out, p) })
	slices.SortFunc(out, comparePairs)
	return out
}

// eachPair calls fn with every candidate pair of texts whose Jaccard
// index reaches threshold and that keep (when set) keeps, A < B, each once.
// It checks ctx every checkEvery candidates.
func (ix *Index) eachPair(ctx context.Context, threshold float64, keep func(a, b string) bool, fn func(Pair)) error {
	nb := ix.opts.Bands
	t := ix.buckets()
	stamp := make([]int32, len(ix.ids))
	for i := range stamp {
		stamp[i] = -1
	}
	work := 0
	for i := range int32(len(ix.ids)) {
		if ix.setLen(i) == 0 {
			continue
		}
		for b := range nb {
			// The ring runs up from i, then wraps to its least member:
			// the texts after i are those before the wrap.
			next := t.next[b]
			for j := next[i]; j > i; j = next[j] {
				if work++; work%checkEvery == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				if stamp[j] == i {
					continue
				}
				stamp[j] = i
				// |A ∩ B| / |A ∪ B| ≤ min/max of the sizes (and so do their
				// rounded quotients): skip what cannot reach threshold.
				if a, c := ix.setLen(i), ix.setLen(j); float64(min(a, c))/float64(max(a, c)) < threshold {
					continue
				}
				s, ok := jaccardAtLeast(ix.set(i), ix.set(j), threshold)
				if !ok {
					continue
				}
				a, c := ix.ids[i], ix.ids[j]
				if c < a {
					a, c = c, a
				}
				if keep != nil && !keep(a, c) {
					continue
				}
				fn(Pair{A: a, B: c, Similarity: s})
			}
		}
	}
	return nil
}
