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
	Similarity float64 `json:"similarity"` // exact Jaccard index of the shingle sets
}

// Pair is two texts found similar; A sorts before B.
type Pair struct {
	A, B       string
	Similarity float64 // exact Jaccard index of the shingle sets
}

// Index is an LSH index over MinHash signatures that keeps every text's
// shingle set to rerank candidates exactly. Add is not safe for concurrent
// use; queries are, once adding is done.
//
// Memory is a few flat arrays: the shingle sets one after another, Bands
// band keys per text (a signature is needed only to make them), and,
// built on the first query after an Add, per band the texts sorted by band
// key (12 bytes per text and band) instead of a map of buckets.
type Index struct {
	opts     Options
	hasher   *Hasher
	ids      []string
	pos      map[string]int32
	shingles []uint64 // every text's shingle set, one after another
	ends     []uint32 // text i's set ends at shingles[ends[i]]
	keys     []uint64 // Bands band keys per text
	scratch  Signature

	mu    sync.Mutex // guards table
	table *bandTable // the LSH buckets, built by buckets()
}

// bandTable holds the LSH buckets of the first n texts: per band, the band
// keys of the texts with shingles, sorted, and the texts in the same order
// (ascending within a key), so a bucket is a run of equal keys.
type bandTable struct {
	n     int
	keys  [][]uint64
	texts [][]int32
}

// bucket returns the texts whose band b has key, in the order added.
func (t *bandTable) bucket(b int, key uint64) []int32 {
	ks := t.keys[b]
	lo, found := slices.BinarySearch(ks, key)
	if !found {
		return nil
	}
	hi := lo + 1
	for hi < len(ks) && ks[hi] == key {
		hi++
	}
	return t.texts[b][lo:hi]
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
		opts: o, hasher: h, pos: make(map[string]int32, c),
		ids: make([]string, 0, c), ends: make([]uint32, 0, c), keys: make([]uint64, 0, c*o.Bands),
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

// set is the shingle set of text i.
func (ix *Index) set(i int32) Shingles {
	from := uint32(0)
	if i > 0 {
		from = ix.ends[i-1]
	}
	return Shingles(ix.shingles[from:ix.ends[i]:ix.ends[i]])
}

// setLen is the size of the shingle set of text i.
func (ix *Index) setLen(i int32) int {
	if i == 0 {
		return int(ix.ends[0])
	}
	return int(ix.ends[i] - ix.ends[i-1])
}

// AddText shingles text, signs it and adds it under id.
func (ix *Index) AddText(id, text string) error {
	s := Shingle(text)
	ix.scratch = ix.hasher.AppendSignature(ix.scratch[:0], s)
	return ix.Add(id, ix.scratch, s)
}

// Add adds a text under id by its signature (made by ix.Hasher, or stored
// under ix.SignatureVersion) and its shingle set; the set is copied, the
// signature only cut into band keys. A text
// without shingles is kept but never a candidate. An id added before is
// refused.
func (ix *Index) Add(id string, sig Signature, s Shingles) error {
	if _, dup := ix.pos[id]; dup {
		return fmt.Errorf("add %s: %w: id added twice", id, ErrInvalid)
	}
	if len(sig) != ix.opts.K {
		return fmt.Errorf("add %s: %w: signature of %d values, want %d", id, ErrInvalid, len(sig), ix.opts.K)
	}
	if len(ix.ids) >= math.MaxInt32 || len(ix.shingles)+len(s) > math.MaxUint32 {
		return fmt.Errorf("add %s: %w: index full", id, ErrInvalid)
	}
	ix.pos[id] = int32(len(ix.ids))
	ix.ids = append(ix.ids, id)
	ix.shingles = append(ix.shingles, s...)
	ix.ends = append(ix.ends, uint32(len(ix.shingles)))
	for b := range ix.opts.Bands {
		ix.keys = append(ix.keys, ix.bandKey(sig, b))
	}
	return nil
}

// buckets returns the LSH buckets of every text added, sorting the band
// keys when texts were added since the last call.
func (ix *Index) buckets() *bandTable {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	n := len(ix.ids)
	if t := ix.table; t != nil && t.n == n {
		return t
	}
	nb := ix.opts.Bands
	with := make([]int32, 0, n) // texts with shingles
	for i := range int32(n) {
		if ix.setLen(i) > 0 {
			with = append(with, i)
		}
	}
	type keyText struct {
		k uint64
		t int32
	}
	t := &bandTable{n: n, keys: make([][]uint64, nb), texts: make([][]int32, nb)}
	tmp := make([]keyText, len(with))
	for b := range nb {
		for x, i := range with {
			tmp[x] = keyText{ix.keys[int(i)*nb+b], i}
		}
		slices.SortFunc(tmp, func(a, c keyText) int { return cmp.Or(cmp.Compare(a.k, c.k), cmp.Compare(a.t, c.t)) })
		ks, ts := make([]uint64, len(tmp)), make([]int32, len(tmp))
		for x, e := range tmp {
			ks[x], ts[x] = e.k, e.t
		}
		t.keys[b], t.texts[b] = ks, ts
	}
	ix.table = t
	return t
}

// bandKey hashes the rows of band b of a signature into one key.
func (ix *Index) bandKey(sig Signature, b int) uint64 {
	k := uint64(b) + 1
	for _, v := range sig[b*ix.opts.Rows : (b+1)*ix.opts.Rows] {
		k = mix(k ^ v)
	}
	return k
}

// Candidates returns the ids of the texts that share at least one band
// with sig, in the order they were added.
func (ix *Index) Candidates(sig Signature) []string {
	if len(sig) != ix.opts.K || sig[0] == math.MaxUint64 {
		return nil
	}
	t := ix.buckets()
	var hits []int32
	seen := map[int32]bool{}
	for b := range ix.opts.Bands {
		for _, j := range t.bucket(b, ix.bandKey(sig, b)) {
			if !seen[j] {
				seen[j] = true
				hits = append(hits, j)
			}
		}
	}
	slices.Sort(hits)
	out := make([]string, len(hits))
	for i, j := range hits {
		out[i] = ix.ids[j]
	}
	return out
}

// Similar returns up to k texts most similar to the text added under id,
// by exact Jaccard index, most similar first (ties by id), leaving out id
// itself, texts sharing no shingle, and those keep rejects (nil keeps
// all). LSH candidates come first; when they are fewer than k, the rest of
// the index is scanned by exact Jaccard index, so that weaker matches still
// fill the list. ok is false when id was never added.
func (ix *Index) Similar(id string, k int, keep func(id string) bool) (matches []Match, ok bool) {
	q, ok := ix.pos[id]
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
		if s := Jaccard(ix.set(q), ix.set(j)); s > 0 {
			found = append(found, Match{ID: ix.ids[j], Similarity: s})
		}
	}
	t := ix.buckets()
	for b := range ix.opts.Bands {
		for _, j := range t.bucket(b, ix.keys[int(q)*ix.opts.Bands+b]) {
			consider(j)
		}
	}
	if len(found) < k {
		// Too few candidates: the rest of the index by exact Jaccard
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
			if s := Jaccard(qs, ix.set(j)); s > 0 {
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

// Pairs returns every pair of texts sharing a band whose exact Jaccard
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

// eachPair calls fn with every candidate pair of texts whose exact Jaccard
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
			bucket := t.bucket(b, ix.keys[int(i)*nb+b])
			at, _ := slices.BinarySearch(bucket, i+1) // buckets hold texts in the order added
			for _, j := range bucket[at:] {
				if work++; work%checkEvery == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				if stamp[j] == i {
					continue
				}
				stamp[j] = i
				s := Jaccard(ix.set(i), ix.set(j))
				if s < threshold {
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
