package similar

import (
	"errors"
	"fmt"
	"math"
)

// Default parameters of an Index; see the package documentation.
const (
	DefaultK     = 128
	DefaultBands = 32
	DefaultRows  = 4
	// DefaultSeed starts the sequence the hash functions are drawn from.
	// Signatures made with different seeds cannot be compared.
	DefaultSeed uint64 = 0x7a68656e67676169 // "zhenggai"
)

// ErrInvalid means the parameters or arguments were rejected.
var ErrInvalid = errors.New("invalid argument")

// Options set the MinHash and LSH parameters. The zero value means K = 128
// hash functions cut into 32 bands of 4 rows, with DefaultSeed.
type Options struct {
	// K is the number of MinHash values per signature; 0 means
	// Bands × Rows when both are set, else DefaultK.
	K int
	// Bands and Rows cut a signature for LSH; Bands × Rows must equal K.
	// Zero means DefaultBands and DefaultRows (or K/DefaultRows bands when
	// only K is set).
	Bands, Rows int
	// Seed draws the hash functions; 0 means DefaultSeed.
	Seed uint64
	// Capacity is the number of texts expected, to size the index up
	// front; 0 grows it as texts are added.
	Capacity int
}

// resolve fills the defaults and checks the parameters.
func (o Options) resolve() (Options, error) {
	if o.Seed == 0 {
		o.Seed = DefaultSeed
	}
	if o.Rows == 0 {
		o.Rows = DefaultRows
	}
	if o.Bands == 0 {
		if o.K > 0 {
			o.Bands = o.K / o.Rows
		} else {
			o.Bands = DefaultBands
		}
	}
	if o.K == 0 {
		o.K = o.Bands * o.Rows
	}
	if o.K <= 0 || o.Bands <= 0 || o.Rows <= 0 || o.Bands*o.Rows != o.K {
		return o, fmt.Errorf("check minhash options: %w: K %d, Bands %d × Rows %d", ErrInvalid, o.K, o.Bands, o.Rows)
	}
	return o, nil
}

// shingleRevision numbers the way texts become shingles (Fold and Shingle):
// raise it when they change, so that stored signatures are made again.
const shingleRevision = 1

// SignatureVersion names everything a signature depends on: the shingling
// (its revision, ShingleSize, ShortText), K and the seed, and the banding
// the index cuts it into. Signatures stored under one version may be
// reused by any index of the same version; a change of any of these makes
// a new version, so stored signatures are made again.
func (o Options) SignatureVersion() string {
	o, err := o.resolve()
	if err != nil {
		return ""
	}
	return fmt.Sprintf("minhash/%d shingle=%d short=%d k=%d seed=%016x bands=%dx%d",
		shingleRevision, ShingleSize, ShortText, o.K, o.Seed, o.Bands, o.Rows)
}

// Threshold is the Jaccard index at which two texts become LSH candidates
// with probability about one half: (1/Bands)^(1/Rows), about 0.42 for the
// defaults.
func (o Options) Threshold() float64 {
	o, err := o.resolve()
	if err != nil {
		return math.NaN()
	}
	return math.Pow(1/float64(o.Bands), 1/float64(o.Rows))
}

// CandidateProbability is the chance that two texts of Jaccard index s
// share at least one band: 1 − (1 − s^Rows)^Bands.
func (o Options) CandidateProbability(s float64) float64 {
	o, err := o.resolve()
	if err != nil {
		return math.NaN()
	}
	return 1 - math.Pow(1-math.Pow(s, float64(o.Rows)), float64(o.Bands))
}

// Signature is the MinHash signature of a shingle set: one least hash per
// hash function. The signature of an empty set is all math.MaxUint64.
type Signature []uint64

// Estimate is the share of positions where two signatures agree, an
// estimate of the Jaccard index of their sets; 0 when the lengths differ
// or either set was empty.
func (s Signature) Estimate(o Signature) float64 {
	if len(s) != len(o) || len(s) == 0 || s[0] == math.MaxUint64 || o[0] == math.MaxUint64 {
		return 0
	}
	same := 0
	for i, v := range s {
		if v == o[i] {
			same++
		}
	}
	return float64(same) / float64(len(s))
}

// Hasher makes signatures with K seeded hash functions. It is immutable
// and safe for concurrent use.
type Hasher struct {
	a, b []uint64
}

// NewHasher draws k hash functions from seed (0 means DefaultSeed).
func NewHasher(k int, seed uint64) (*Hasher, error) {
	if k <= 0 {
		return nil, fmt.Errorf("make hasher: %w: k %d", ErrInvalid, k)
	}
	if seed == 0 {
		seed = DefaultSeed
	}
	h := &Hasher{a: make([]uint64, k), b: make([]uint64, k)}
	state := seed
	for i := range k {
		state, h.a[i] = splitmix64(state)
		state, h.b[i] = splitmix64(state)
		h.a[i] |= 1 // odd: multiplication modulo 2^64 is then a bijection
	}
	return h, nil
}

// K is the number of hash functions, the length of a signature.
func (h *Hasher) K() int { return len(h.a) }

// Signature returns the MinHash signature of a shingle set.
func (h *Hasher) Signature(s Shingles) Signature {
	return h.AppendSignature(make(Signature, 0, len(h.a)), s)
}

// AppendSignature appends the MinHash signature of a shingle set to dst.
func (h *Hasher) AppendSignature(dst Signature, s Shingles) Signature {
	n := len(dst)
	for range h.a {
		dst = append(dst, math.MaxUint64)
	}
	as := h.a
	bs := h.b[:len(as)] // the same lengths: no bounds checks below
	sig := dst[n:][:len(as)]
	for _, x := range s {
		m := mix(x)
		for i, a := range as {
			sig[i] = min(sig[i], a*m+bs[i])
		}
	}
	return dst
}

// splitmix64 advances the state and returns the next value.
func splitmix64(state uint64) (uint64, uint64) {
	state += 0x9e3779b97f4a7c15
	return state, mix(state)
}

// mix is the splitmix64 finaliser: a bijection that spreads every input
// bit over the output.
func mix(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
