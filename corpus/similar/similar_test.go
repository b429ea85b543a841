package similar_test

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/similar"
)

// clauses returns the clauses (split at ，；。) of every measure of the
// fixtures' golden parses, in file order, without repeats.
func clauses(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("..", "testdata", "fixtures", "*.golden.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no golden fixtures: %v", err)
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var d struct {
			Measures []struct {
				Text string `json:"text"`
			} `json:"measures"`
		}
		if err := json.Unmarshal(b, &d); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		for _, m := range d.Measures {
			for _, c := range strings.FieldsFunc(m.Text, func(r rune) bool { return strings.ContainsRune("，；。：", r) }) {
				if len([]rune(c)) >= 4 && !seen[c] {
					seen[c] = true
					out = append(out, c)
				}
			}
		}
	}
	if len(out) < 100 {
		tb.Fatalf("only %d clauses in the fixtures", len(out))
	}
	return out
}

// synth makes n measure-like texts by joining 2 to 4 random clauses.
func synth(r *rand.Rand, cs []string, n int) []string {
	out := make([]string, n)
	for i := range out {
		parts := make([]string, 2+r.IntN(3))
		for j := range parts {
			parts[j] = cs[r.IntN(len(cs))]
		}
		out[i] = strings.Join(parts, "，") + "。"
	}
	return out
}

// edit replaces n characters of text at random positions.
func edit(r *rand.Rand, text string, n int) string {
	rs := []rune(text)
	for range n {
		for {
			i := r.IntN(len(rs))
			if rs[i] == '，' || rs[i] == '。' {
				continue
			}
			rs[i] = rune(0x4E00 + r.IntN(0x9FA5-0x4E00))
			break
		}
	}
	return string(rs)
}

func TestShingle(t *testing.T) {
	tests := []struct {
		name, text string
		want       int
	}{
		{"punctuation and spaces dropped", "建立 台账，实行！闭环。", 7}, // 建立台账实行闭环: 8 chars → 2-grams
		{"long text uses 3-grams", "建立隐患整改台账实行闭环管理", 12},      // 14 chars
		{"full-width folded", "ＡＢＣ１２３", 5},                    // abc123: 6 chars → 2-grams
		{"one character", "党", 1},
		{"nothing but punctuation", "，。、 ", 0},
		{"repeats counted once", "整改整改整改整改整改整改", 3}, // 整改整, 改整改 … → 2 distinct 3-grams? see below
	}
	tests[5].want = len(map[string]bool{"整改整": true, "改整改": true})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := similar.Shingle(tt.text); len(got) != tt.want {
				t.Errorf("Shingle(%q) has %d shingles, want %d", tt.text, len(got), tt.want)
			}
		})
	}
	if a, b := similar.Shingle("ＡＢＣ，１２３"), similar.Shingle("abc 123"); similar.Jaccard(a, b) != 1 {
		t.Errorf("full-width and half-width texts differ: %v %v", a, b)
	}
}

func TestSimilarity(t *testing.T) {
	h, err := similar.NewHasher(similar.DefaultK, 0)
	if err != nil {
		t.Fatal(err)
	}
	other := "修订党组理论学习中心组学习制度，将学习贯彻习近平新时代中国特色社会主义思想列为第一议题，全年开展专题研讨6次。"
	base := "梳理招投标、质量监督、竣工验收等关键环节廉洁风险点，制定防控措施，组织开展工程建设领域警示教育，通报典型案例。"
	tests := []struct {
		name     string
		a, b     string
		min, max float64
	}{
		{"identical", base, base, 1, 1},
		{"same text, other punctuation", base, strings.NewReplacer("，", " ", "、", "", "。", "").Replace(base), 1, 1},
		{"one character changed", base, strings.Replace(base, "制定", "制订", 1), 0.8, 0.99},
		{"two characters changed", base, strings.Replace(base, "典型", "重点", 1), 0.8, 0.95},
		// Each scattered substitution costs three shingles: two of them in
		// 48 characters fall just under 0.8, in twice the length they do not.
		{"two characters apart changed", base, strings.Replace(strings.Replace(base, "制定", "制订", 1), "领域", "领城", 1), 0.7, 0.8},
		{"three characters apart changed in a long text", base + other,
			strings.Replace(strings.Replace(strings.Replace(base, "制定", "制订", 1), "领域", "领城", 1), "案例", "案件", 1) + other, 0.8, 0.95},
		{"five characters changed", base, strings.Replace(strings.Replace(strings.Replace(base, "组织", "集中", 1), "典型", "重点", 1), "制定", "制订", 1), 0.5, 0.8},
		{"unrelated", base, other, 0, 0.05},
		{"empty", "", "", 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sa, sb := similar.Shingle(tt.a), similar.Shingle(tt.b)
			j := similar.Jaccard(sa, sb)
			if j < tt.min || j > tt.max {
				t.Errorf("Jaccard = %.3f, want in [%.2f, %.2f]", j, tt.min, tt.max)
			}
			// A 128-value estimate has a standard error under 0.045.
			if e := h.Signature(sa).Estimate(h.Signature(sb)); math.Abs(e-j) > 0.15 {
				t.Errorf("estimate %.3f, exact %.3f", e, j)
			}
		})
	}
}

func TestSignatureIsDeterministic(t *testing.T) {
	h1, _ := similar.NewHasher(128, 0)
	h2, _ := similar.NewHasher(128, similar.DefaultSeed)
	h3, _ := similar.NewHasher(128, 42)
	s := similar.Shingle("建立整改台账，实行周调度、月通报，对账销号。")
	if !slices.Equal(h1.Signature(s), h2.Signature(s)) {
		t.Error("two hashers of the same seed sign differently")
	}
	if slices.Equal(h1.Signature(s), h3.Signature(s)) {
		t.Error("hashers of different seeds sign alike")
	}
	if _, err := similar.NewIndex(similar.Options{Bands: 30, Rows: 4, K: 128}); err == nil {
		t.Error("bands × rows ≠ K accepted")
	}
	if th := (similar.Options{}).Threshold(); th < 0.4 || th > 0.45 {
		t.Errorf("threshold of 32 × 4 is %.3f", th)
	}
	if p := (similar.Options{}).CandidateProbability(0.8); p < 0.9999999 {
		t.Errorf("P(0.8) = %g", p)
	}
}

// planted builds 500 random texts, 50 of them near-copies (1 or 2
// characters replaced) of others, and returns them with the planted pairs.
func planted(t *testing.T) ([]string, [][2]int) {
	r := rand.New(rand.NewPCG(1, 2))
	texts := synth(r, clauses(t), 450)
	var pairs [][2]int
	for i := range 50 {
		src := i * 9
		texts = append(texts, edit(r, texts[src], 1+r.IntN(2)))
		pairs = append(pairs, [2]int{src, len(texts) - 1})
	}
	return texts, pairs
}

func TestLSHRecall(t *testing.T) {
	texts, pairs := planted(t)
	ix, err := similar.NewIndex(similar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range texts {
		if err := ix.AddText(fmt.Sprintf("m%03d", i), s); err != nil {
			t.Fatal(err)
		}
	}
	const threshold = 0.8
	got := map[[2]string]float64{}
	for _, p := range ix.Pairs(threshold, nil) {
		got[[2]string{p.A, p.B}] = p.Similarity
	}
	// Every planted pair above the threshold is found.
	above := 0
	for _, p := range pairs {
		a, b := fmt.Sprintf("m%03d", p[0]), fmt.Sprintf("m%03d", p[1])
		j := similar.Jaccard(similar.Shingle(texts[p[0]]), similar.Shingle(texts[p[1]]))
		if j < threshold {
			continue
		}
		above++
		if _, ok := got[[2]string{a, b}]; !ok {
			t.Errorf("planted pair %s %s (Jaccard %.3f) not found", a, b, j)
		}
	}
	if above < 25 {
		t.Errorf("only %d of 50 planted pairs reach %.1f", above, threshold)
	}
	// And nothing is missed that brute force finds.
	brute := 0
	sets := make([]similar.Shingles, len(texts))
	for i, s := range texts {
		sets[i] = similar.Shingle(s)
	}
	for i := range sets {
		for j := i + 1; j < len(sets); j++ {
			if similar.Jaccard(sets[i], sets[j]) >= threshold {
				brute++
			}
		}
	}
	if brute != len(got) {
		t.Errorf("Pairs found %d pairs, brute force %d", len(got), brute)
	}
	// Similar ranks the planted copy first.
	for _, p := range pairs[:10] {
		a, b := fmt.Sprintf("m%03d", p[0]), fmt.Sprintf("m%03d", p[1])
		m, ok := ix.Similar(b, 3, nil)
		if !ok || len(m) == 0 || m[0].ID != a && m[0].Similarity < 1 {
			t.Errorf("Similar(%s) = %v, want %s first", b, m, a)
		}
	}
}

func TestIndexQueries(t *testing.T) {
	ix, _ := similar.NewIndex(similar.Options{})
	texts := map[string]string{
		"a": "对全县公租房承租户开展全面复核，清退不符合条件承租户，追缴违规租金。",
		"b": "对全市公租房承租户开展全面复核，清退不符合条件承租户，追缴违规租金。",
		"c": "对全县廉租房承租户开展全面复核，清退不符合条件承租户。",
		"d": "修订党组会议议事规则，细化三重一大事项范围和决策程序。",
		"e": "，。",
	}
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		if err := ix.AddText(id, texts[id]); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.AddText("a", "x"); err == nil {
		t.Error("an id added twice was accepted")
	}
	if got := ix.Candidates(ix.Hasher().Signature(similar.Shingle(texts["a"]))); !slices.Contains(got, "b") || slices.Contains(got, "d") {
		t.Errorf("Candidates(a) = %v", got)
	}
	m, ok := ix.Similar("a", 10, nil)
	if !ok || len(m) < 2 || m[0].ID != "b" || m[1].ID != "c" || m[0].Similarity < 0.8 {
		t.Errorf("Similar(a) = %v", m)
	}
	for _, x := range m {
		if x.ID == "a" || x.ID == "e" {
			t.Errorf("Similar(a) holds %s", x.ID)
		}
	}
	m, _ = ix.Similar("a", 10, func(id string) bool { return id != "b" })
	if len(m) == 0 || m[0].ID != "c" {
		t.Errorf("Similar(a) without b = %v", m)
	}
	if _, ok := ix.Similar("zz", 3, nil); ok {
		t.Error("Similar of an unknown id is ok")
	}
	pairs := ix.Pairs(0.5, nil)
	if len(pairs) != 3 || pairs[0].A != "a" || pairs[0].B != "b" {
		t.Errorf("Pairs(0.5) = %v", pairs)
	}
	if p := ix.Pairs(0.5, func(a, b string) bool { return a != "a" }); len(p) != 1 || p[0].A != "b" {
		t.Errorf("Pairs(0.5) without a = %v", p)
	}
	if !slices.Equal(ix.Pairs(0.5, nil), pairs) {
		t.Error("Pairs is not deterministic")
	}
}

// BenchmarkBuild shingles, signs and indexes 10,000 synthetic measures,
// then asks for one text's similar ones (which readies the LSH buckets). It
// reports the heap the built index holds per text (heap-B/text).
func BenchmarkBuild(b *testing.B) {
	texts := synth(rand.New(rand.NewPCG(3, 4)), clauses(b), 10000)
	var held uint64
	for b.Loop() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		ix, _ := similar.NewIndex(similar.Options{Capacity: len(texts)})
		for i, s := range texts {
			if err := ix.AddText(fmt.Sprint(i), s); err != nil {
				b.Fatal(err)
			}
		}
		ix.Similar("0", 5, nil)
		runtime.GC()
		runtime.ReadMemStats(&after)
		held = after.HeapAlloc - before.HeapAlloc
		runtime.KeepAlive(ix)
	}
	b.ReportMetric(float64(held)/float64(len(texts)), "heap-B/text")
}

// BenchmarkPairs finds the pairs of 10,000 synthetic measures at 0.8.
func BenchmarkPairs(b *testing.B) {
	texts := synth(rand.New(rand.NewPCG(3, 4)), clauses(b), 10000)
	ix, _ := similar.NewIndex(similar.Options{})
	for i, s := range texts {
		if err := ix.AddText(fmt.Sprint(i), s); err != nil {
			b.Fatal(err)
		}
	}
	n := 0
	for b.Loop() {
		n = len(ix.Pairs(0.8, nil))
	}
	b.ReportMetric(float64(n), "pairs")
}

// BenchmarkSignature signs the shingle sets of 1,000 synthetic measures.
func BenchmarkSignature(b *testing.B) {
	texts := synth(rand.New(rand.NewPCG(3, 4)), clauses(b), 1000)
	sets := make([]similar.Shingles, len(texts))
	for i, s := range texts {
		sets[i] = similar.Shingle(s)
	}
	h, err := similar.NewHasher(similar.DefaultK, 0)
	if err != nil {
		b.Fatal(err)
	}
	var sig similar.Signature
	cpu0 := cpuTime()
	for b.Loop() {
		for _, s := range sets {
			sig = h.AppendSignature(sig[:0], s)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(sets)), "ns/text")
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N*len(sets)), "cpu-ns/text")
}

// BenchmarkSimilar asks for the 10 texts most similar to each of 100 of
// 10,000 synthetic measures (most have fewer than 10 LSH candidates, so
// the rest of the index is scanned).
func BenchmarkSimilar(b *testing.B) {
	texts := synth(rand.New(rand.NewPCG(3, 4)), clauses(b), 10000)
	ix, _ := similar.NewIndex(similar.Options{})
	for i, s := range texts {
		if err := ix.AddText(fmt.Sprint(i), s); err != nil {
			b.Fatal(err)
		}
	}
	ix.Similar("0", 1, nil)
	cpu0 := cpuTime()
	for b.Loop() {
		for i := range 100 {
			ix.Similar(fmt.Sprint(i*97), 10, nil)
		}
	}
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N*100), "cpu-ns/query")
}
