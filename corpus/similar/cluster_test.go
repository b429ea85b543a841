package similar_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus/similar"
)

// clusterCorpus builds n random measures plus, for each of copies sources,
// a copy (one or two characters edited) in each of the next units 2…15.
// It returns the texts, each text's unit, and the planted groups (source
// first).
func clusterCorpus(tb testing.TB, n, copies int, seed uint64) (texts, units []string, planted [][]int) {
	r := rand.New(rand.NewPCG(seed, seed+1))
	texts = synth(r, clauses(tb), n)
	for range texts {
		units = append(units, fmt.Sprintf("u%03d", r.IntN(200)))
	}
	for c := range copies {
		src := c * (n / copies)
		g := []int{src}
		for k := range 2 + c%13 {
			texts = append(texts, edit(r, texts[src], 1+r.IntN(2)))
			units = append(units, fmt.Sprintf("v%03d-%02d", c, k))
			g = append(g, len(texts)-1)
		}
		planted = append(planted, g)
	}
	return texts, units, planted
}

func buildIndex(tb testing.TB, texts []string) *similar.Index {
	tb.Helper()
	ix, err := similar.NewIndex(similar.Options{Capacity: len(texts)})
	if err != nil {
		tb.Fatal(err)
	}
	for i, s := range texts {
		if err := ix.AddText(fmt.Sprintf("m%06d", i), s); err != nil {
			tb.Fatal(err)
		}
	}
	return ix
}

func TestClustersCopiedMeasure(t *testing.T) {
	base := "对全县公租房承租户开展全面复核，清退不符合条件承租户，追缴违规租金，建立动态审核机制。"
	texts := []string{"修订党组会议议事规则，细化三重一大事项范围和决策程序。"}
	units := []string{"x"}
	for u := range 14 {
		texts = append(texts, strings.Replace(base, "全县", []string{"全县", "全市", "全区"}[u%3], 1))
		units = append(units, fmt.Sprintf("unit%02d", u))
	}
	ix := buildIndex(t, texts)
	page, err := ix.Clusters(similar.ClusterOptions{
		Attr: func(id string) (string, string) {
			var i int
			fmt.Sscanf(id, "m%06d", &i)
			return units[i], "2024"
		},
		Text: func(id string) string {
			var i int
			fmt.Sscanf(id, "m%06d", &i)
			return texts[i]
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != 1 || len(page.Clusters) != 1 {
		t.Fatalf("got %d clusters, want 1: %+v", page.Total, page)
	}
	c := page.Clusters[0]
	if c.Size != 14 || len(c.Units) != 14 || len(c.Rounds) != 1 || c.RepresentativeText == "" || c.Members[0].ID != c.Representative {
		t.Errorf("cluster %+v", c)
	}
	if c.MinSimilarity < 0.8 || c.MaxSimilarity != 1 {
		t.Errorf("similarity range %.3f–%.3f", c.MinSimilarity, c.MaxSimilarity)
	}
}

// TestClustersNoChaining: a chain of edits, each step above the threshold,
// does not make one cluster of texts far apart.
func TestClustersNoChaining(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	text := "对全县公租房承租户开展全面复核清退不符合条件承租户追缴违规租金建立住建民政公安等部门数据比对机制每半年开展一次资格动态审核"
	var texts []string
	for range 12 {
		texts = append(texts, text)
		text = edit(r, text, 2)
	}
	ix := buildIndex(t, texts)
	page, err := ix.Clusters(similar.ClusterOptions{Limit: similar.MaxClusterLimit})
	if err != nil {
		t.Fatal(err)
	}
	first := similar.Jaccard(similar.Shingle(texts[0]), similar.Shingle(texts[11]))
	if first >= 0.8 {
		t.Fatalf("the chain's ends are %.3f similar; the test needs them apart", first)
	}
	if page.Total < 2 {
		t.Errorf("a chain of %d texts made %d cluster(s)", len(texts), page.Total)
	}
	sets := map[string]similar.Shingles{}
	for i, s := range texts {
		sets[fmt.Sprintf("m%06d", i)] = similar.Shingle(s)
	}
	for _, c := range page.Clusters {
		for _, m := range c.Members {
			if j := similar.Jaccard(sets[c.Representative], sets[m.ID]); j < 0.8 || j != m.Similarity {
				t.Errorf("member %s of %s: Jaccard %.3f, reported %.3f", m.ID, c.Representative, j, m.Similarity)
			}
		}
	}
}

func TestClustersPlantedRecallAndPaging(t *testing.T) {
	texts, units, planted := clusterCorpus(t, 2000, 40, 11)
	ix := buildIndex(t, texts)
	attr := func(id string) (string, string) {
		var i int
		fmt.Sscanf(id, "m%06d", &i)
		return units[i], ""
	}
	var all similar.ClusterPage
	for off := 0; ; off += similar.MaxClusterLimit {
		p, err := ix.Clusters(similar.ClusterOptions{Attr: attr, Offset: off, Limit: similar.MaxClusterLimit})
		if err != nil {
			t.Fatal(err)
		}
		all.Total = p.Total
		all.Clusters = append(all.Clusters, p.Clusters...)
		if len(p.Clusters) < similar.MaxClusterLimit {
			break
		}
	}
	if len(all.Clusters) != all.Total {
		t.Fatalf("pages hold %d clusters, total %d", len(all.Clusters), all.Total)
	}
	t.Logf("%d texts, %d clusters", len(texts), all.Total)
	clusterOf := map[string]int{}
	for k, c := range all.Clusters {
		for _, m := range c.Members {
			clusterOf[m.ID] = k
		}
	}
	for _, g := range planted {
		src := fmt.Sprintf("m%06d", g[0])
		k, ok := clusterOf[src]
		near := 0
		for _, c := range g[1:] {
			if similar.Jaccard(similar.Shingle(texts[g[0]]), similar.Shingle(texts[c])) >= 0.8 {
				near++
			}
		}
		if !ok {
			if near > 0 {
				t.Errorf("planted source %s with %d copies above 0.8 in no cluster", src, near)
			}
			continue
		}
		for _, c := range g[1:] {
			id := fmt.Sprintf("m%06d", c)
			j := similar.Jaccard(similar.Shingle(texts[g[0]]), similar.Shingle(texts[c]))
			if kc, ok := clusterOf[id]; (!ok || kc != k) && j >= 0.8 {
				t.Errorf("planted copy %s (Jaccard %.3f to %s) not in its source's cluster", id, j, src)
			}
		}
	}
	for i := 1; i < len(all.Clusters); i++ {
		a, b := all.Clusters[i-1], all.Clusters[i]
		if len(a.Units) < len(b.Units) || len(a.Units) == len(b.Units) && a.Size < b.Size {
			t.Fatalf("clusters %d and %d out of order: %d/%d units, %d/%d members", i-1, i, len(a.Units), len(b.Units), a.Size, b.Size)
		}
	}
	// Pages are slices of the whole ranking.
	p2, err := ix.Clusters(similar.ClusterOptions{Attr: attr, Offset: 5, Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	if p2.Total != all.Total || len(p2.Clusters) != 3 || p2.Clusters[0].Representative != all.Clusters[5].Representative {
		t.Errorf("page at 5: total %d (want %d), %d clusters", p2.Total, all.Total, len(p2.Clusters))
	}
	// All: every cluster on one page, in the same order as the pages.
	whole, err := ix.Clusters(similar.ClusterOptions{Attr: attr, All: true, Offset: 7, Limit: 1})
	if err != nil || whole.Total != all.Total || len(whole.Clusters) != all.Total || whole.Offset != 0 {
		t.Fatalf("All: total %d, %d clusters, offset %d, %v", whole.Total, len(whole.Clusters), whole.Offset, err)
	}
	for i := range whole.Clusters {
		if whole.Clusters[i].Representative != all.Clusters[i].Representative {
			t.Fatalf("All: cluster %d is %s, pages say %s", i, whole.Clusters[i].Representative, all.Clusters[i].Representative)
		}
	}
	if p, _ := ix.Clusters(similar.ClusterOptions{Offset: all.Total + 3}); len(p.Clusters) != 0 || p.Total != all.Total {
		t.Errorf("page past the end: %+v", p)
	}
	// Involving reports only the clusters holding a given text.
	src0 := fmt.Sprintf("m%06d", planted[0][0])
	inv, err := ix.Clusters(similar.ClusterOptions{Involving: func(id string) bool { return id == src0 }})
	if err != nil || inv.Total != 1 || inv.Clusters[0].Members[0].ID != src0 && inv.Clusters[0].Size < 2 {
		t.Errorf("Involving %s: %+v %v", src0, inv, err)
	}
	found := false
	for _, m := range inv.Clusters[0].Members {
		found = found || m.ID == src0
	}
	if !found {
		t.Errorf("the cluster Involving %s does not hold it", src0)
	}
	// Keep restricts the texts clustered.
	kept, _ := ix.Clusters(similar.ClusterOptions{Keep: func(id string) bool { return id != fmt.Sprintf("m%06d", planted[0][0]) }, Limit: similar.MaxClusterLimit})
	for _, c := range kept.Clusters {
		for _, m := range c.Members {
			if m.ID == fmt.Sprintf("m%06d", planted[0][0]) {
				t.Errorf("a text Keep rejects is in a cluster")
			}
		}
	}
}

func TestClustersOptions(t *testing.T) {
	ix := buildIndex(t, []string{"对全县公租房承租户开展全面复核清退不符合条件承租户", "对全县公租房承租户开展全面复核清退不符合条件承租户"})
	for _, o := range []similar.ClusterOptions{{Threshold: 1.5}, {Threshold: -1}, {Offset: -1}, {Limit: -2}} {
		if _, err := ix.Clusters(o); !errors.Is(err, similar.ErrInvalid) {
			t.Errorf("Clusters(%+v) err = %v", o, err)
		}
	}
	p, err := ix.Clusters(similar.ClusterOptions{Limit: 100000})
	if err != nil || p.Limit != similar.MaxClusterLimit || p.Total != 1 || p.Clusters[0].Size != 2 {
		t.Errorf("got %+v, %v", p, err)
	}
	if p, _ := ix.Clusters(similar.ClusterOptions{MinSize: 3}); p.Total != 0 {
		t.Errorf("MinSize 3: %+v", p)
	}
}

// BenchmarkClusters100k clusters 100,000 synthetic measures (random joins
// of the fixtures' clauses, so many accidental near-duplicates, plus 200
// planted copy groups) at 0.8. The index is built once, outside the timer.
const benchN = 100000

func BenchmarkClusters100k(b *testing.B) {
	texts, units, _ := clusterCorpus(b, benchN, 200, 5)
	ix := buildIndex(b, texts)
	attr := func(id string) (string, string) {
		var i int
		fmt.Sscanf(id, "m%06d", &i)
		return units[i], ""
	}
	b.ResetTimer()
	var p similar.ClusterPage
	cpu0 := cpuTime()
	for b.Loop() {
		var err error
		if p, err = ix.Clusters(similar.ClusterOptions{Attr: attr}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(len(texts)), "texts")
	b.ReportMetric(float64(p.Total), "clusters")
	b.ReportMetric(float64(p.Members), "members")
}

// cpuTime is the process's user and system CPU time: on a shared machine
// it says what the work costs when wall time says how busy the machine is.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
