package similar_test

import (
	"os"
	"strconv"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/similar"
)

// collides reports whether two distinct shingles of a ∪ b share a
// fingerprint: the only case where the index's similarity of a and b may
// differ from their exact Jaccard index.
func collides(a, b similar.Shingles) bool {
	seen := map[uint32]uint64{}
	for _, s := range [2]similar.Shingles{a, b} {
		for _, x := range s {
			f := similar.Fingerprint(x)
			if y, ok := seen[f]; ok && y != x {
				return true
			}
			seen[f] = x
		}
	}
	return false
}

// TestFingerprintJaccard compares the similarity the index reports (over
// 32-bit shingle fingerprints) with the exact Jaccard index of the 64-bit
// shingle sets, for every LSH candidate pair of the measures of 1,000
// generated disclosures (SIMILAR_FP_DISCLOSURES sets another number) and
// for every text scored by 20 Similar queries (each scans the whole
// index). A difference is an error unless two distinct shingles of the
// pair share a fingerprint.
func TestFingerprintJaccard(t *testing.T) {
	n := 1000
	if v, err := strconv.Atoi(os.Getenv("SIMILAR_FP_DISCLOSURES")); err == nil && v > 0 {
		n = v
	}
	ids, texts := synthMeasures(n)
	ix, err := similar.NewIndex(similar.Options{Capacity: len(texts)})
	if err != nil {
		t.Fatal(err)
	}
	sets := make(map[string]similar.Shingles, len(texts))
	inSet := 0 // texts two of whose shingles share a fingerprint
	for i, s := range texts {
		set := similar.Shingle(s)
		sets[ids[i]] = set
		if collides(set, nil) {
			inSet++
		}
		if err := ix.Add(ids[i], ix.Hasher().Signature(set), set); err != nil {
			t.Fatal(err)
		}
	}
	compared, differ := 0, 0
	check := func(a, b string, got float64) {
		compared++
		if want := similar.Jaccard(sets[a], sets[b]); got != want {
			differ++
			if !collides(sets[a], sets[b]) {
				t.Errorf("%s %s: similarity %v, exact Jaccard %v, and no fingerprint collision", a, b, got, want)
			}
		}
	}
	pairs := ix.Pairs(0, nil) // every LSH candidate pair
	for _, p := range pairs {
		check(p.A, p.B, p.Similarity)
	}
	for q := 0; q < len(ids); q += len(ids) / 20 {
		ms, _ := ix.Similar(ids[q], len(ids), nil)
		for _, m := range ms {
			check(ids[q], m.ID, m.Similarity)
		}
	}
	if len(pairs) < len(texts) || compared < 20*len(texts)/10 {
		t.Fatalf("only %d candidate pairs and %d similarities compared for %d texts", len(pairs), compared, len(texts))
	}
	t.Logf("%d texts (%d with two shingles of one fingerprint); %d similarities compared (%d candidate pairs, the rest from Similar's scans): %d differ from the exact Jaccard index",
		len(texts), inSet, compared, len(pairs), differ)
}
