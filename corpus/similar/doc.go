// Package similar finds similar and near-duplicate measure texts with
// MinHash signatures and locality-sensitive hashing (LSH). It is pure
// computation: no store, no index, no HTTP.
//
// # Method
//
// A text becomes a set of shingles: the measure text is folded (full-width
// ASCII to half-width, ASCII letters to lower case), punctuation, symbols
// and white space are dropped, and every run of ShingleSize (3) consecutive
// characters is one shingle. Texts shorter than ShortText (10) characters
// after folding use 2-character shingles instead, so that a short measure
// still has a handful of them; a single character is its own shingle. A
// shingle is up to three runes packed into one uint64, so shingles never
// collide.
//
// The similarity of two texts is the Jaccard index of their shingle sets,
// |A ∩ B| / |A ∪ B|. A one-character substitution in a 50-character measure
// changes three shingles and leaves a Jaccard index near 0.89; unrelated
// measures of the genre share a few stock phrases and score below 0.1.
//
// A Signature is K (128) MinHash values: for each of K hash functions, the
// least hash of any shingle in the set. The share of positions where two
// signatures agree estimates the Jaccard index, with a standard error of
// sqrt(J(1-J)/K), about 0.035 at J = 0.8. The hash functions are
// h_i(x) = a_i·mix(x) + b_i mod 2^64, with odd a_i and b_i drawn from a
// splitmix64 sequence started at Options.Seed: the same seed gives the same
// signatures in every process, so signatures may be stored.
//
// # LSH banding
//
// The signature is cut into Bands (b = 32) bands of Rows (r = 4) values.
// Two texts become candidates when any band agrees exactly. A pair of
// Jaccard index s is a candidate with probability
//
//	P(s) = 1 − (1 − s^r)^b
//
// an S-curve whose steepest point, the threshold, is near (1/b)^(1/r) ≈ 0.42
// for 32 × 4. With these parameters P(0.3) ≈ 0.23, P(0.5) ≈ 0.87,
// P(0.6) ≈ 0.985 and P(0.8) > 0.99999995, so near-duplicates (≥ 0.8) are
// practically never missed while most unrelated pairs are never compared.
// Candidates are then reranked by the Jaccard index of their shingle sets,
// so the order is deterministic (similarity descending, then ids).
//
// The index keeps each shingle as a 32-bit fingerprint (the high half of
// its splitmix64 mix), not the 64-bit shingle, and reranks by the Jaccard
// index of the fingerprint sets. It equals the exact index unless two
// distinct shingles of the two texts share a fingerprint, which happens to
// a pair of 70-shingle measures with probability about 70·70/2^32 ≈ 1e-6
// and then moves its similarity by about one shingle in the union. Over
// the measures of 10,000 generated disclosures no compared similarity
// differed (TestFingerprintJaccard with SIMILAR_FP_DISCLOSURES=10000). A
// band key is kept as 31 bits: two texts whose bands merely share a key
// (probability 2^-31 per pair and band) become one candidate more, judged
// by its Jaccard index like any other.
//
// # Clusters
//
// [Index.Clusters] groups near-duplicates instead of listing pairs: a
// measure copied into 14 units is one cluster of 14, not 91 pairs. It
// streams the LSH candidates one text at a time (pairs sharing at least two
// bands), verifies each by Jaccard index, joins the verified pairs in
// a union-find forest and counts each text's near-duplicates; no pair is
// stored, so memory stays linear in the texts (the shared buckets laid out
// one after another for the walk, and a few arrays of one int32 per text). Each
// union-find component is then split by leaders, highest degree first: a
// leader takes every member of its LSH buckets at least the threshold (0.8)
// similar to it, so a chain of small edits never joins texts far apart.
// Clusters carry their members (similarity to the representative, unit and
// round as the caller labels them), distinct units and rounds, the
// similarity range and the representative's text, ranked by distinct units,
// then size; they come one page at a time (offset, limit ≤ 500).
//
// # Use
//
// An Index holds one Hasher, the fingerprint sets of the texts added and
// their LSH buckets as rings (per band and text, the next text of its
// bucket, or its band key when it is alone there; per band the keys of the
// shared buckets), in flat arrays: about 473 heap bytes per text
// once queried, at the 105,727 measures of 10,000 generated disclosures
// (SIMILAR_BENCH_DISCLOSURES=10000 go test ./corpus/similar -run XXX
// -bench IndexMemory -benchtime 1x; 1,293 with 64-bit shingles and keys
// and sorted key tables), and as many at 317,526 (150 MB). Build
// it with Add or AddText, then query it with Candidates, Similar and Pairs.
// Adding is not safe for concurrent use; once built, an Index may be
// queried from many goroutines.
//
// Signatures depend only on the text and Options.SignatureVersion, so they
// may be stored and given back to Add: the library keeps them with the
// measures, and a restart does not compute them again.
package similar
