package synth

import (
	"math/rand/v2"
	"strings"
)

// Pieces draws n query pieces of 2–6 characters from texts, as `zhenggai
// bench`, cmd/searchlat and the search benchmarks send them: a random
// span of a random text, without punctuation, spaces or digits. The same
// texts and seeds give the same pieces; it gives up after 100·n draws
// (fewer pieces when texts are short or empty).
func Pieces(texts []string, n int, seed1, seed2 uint64) []string {
	rng := rand.New(rand.NewPCG(seed1, seed2))
	out := make([]string, 0, n)
	for tries := 0; len(out) < n && len(texts) > 0 && tries < 100*n; tries++ {
		rs := []rune(texts[rng.IntN(len(texts))])
		k := 2 + rng.IntN(5)
		if len(rs) <= k {
			continue
		}
		i := rng.IntN(len(rs) - k)
		p := string(rs[i : i+k])
		if strings.ContainsAny(p, "，。；：、“”《》（） 0123456789") {
			continue
		}
		out = append(out, p)
	}
	return out
}
