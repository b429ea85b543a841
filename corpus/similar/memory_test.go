package similar_test

import (
	"context"
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus/similar"
	gen "github.com/zhenggai/zhenggai/corpus/synth"
)

// synthMeasures returns the ids and texts of the measures of n generated
// disclosures (about 10.5 measures each), as the library would add them.
func synthMeasures(n int) (ids, texts []string) {
	for _, d := range gen.Generate(gen.Options{Seed: 7, Disclosures: n}) {
		for _, m := range d.Truth.Measures {
			ids = append(ids, m.Key(d.Name))
			texts = append(texts, m.Text)
		}
	}
	return ids, texts
}

// BenchmarkIndexMemory builds the index of the measures of
// SIMILAR_BENCH_DISCLOSURES generated disclosures (default 2,000: about
// 21,000 measures; 10000 gives about 105,000) the way the library does
// (shingles and signature made outside, given to Add, ids shared with the
// caller), then makes the first query (which readies the LSH buckets), one
// pass over the pairs at 0.8 (the duplicates route's first answer) and
// one clustering. It reports the heap the index holds per text once the
// buckets are ready (heap-B/text, GC before each reading, ids and texts
// not counted: the caller holds them), the highest heap seen while
// building and making the first query (peak-B/text, read every 2 ms; it
// counts garbage not yet collected: run with GOGC=10 to read it as the
// live heap within about 10%), and the CPU time of the first query, the
// pairs pass and the clustering.
func BenchmarkIndexMemory(b *testing.B) {
	n := 2000
	if v, err := strconv.Atoi(os.Getenv("SIMILAR_BENCH_DISCLOSURES")); err == nil && v > 0 {
		n = v
	}
	ids, texts := synthMeasures(n)
	h, err := similar.NewHasher(similar.DefaultK, 0)
	if err != nil {
		b.Fatal(err)
	}
	var held, peak uint64
	var first, pairsCPU, clusterCPU time.Duration
	var npairs, nclusters int
	for b.Loop() {
		var before, ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		peak = 0
		stop, done := make(chan struct{}), make(chan struct{})
		go func() {
			defer close(done)
			var ms runtime.MemStats
			tick := time.NewTicker(2 * time.Millisecond)
			defer tick.Stop()
			for {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc-min(ms.HeapAlloc, before.HeapAlloc))
				select {
				case <-stop:
					return
				case <-tick.C:
				}
			}
		}()
		ix, err := similar.NewIndex(similar.Options{Capacity: len(texts)})
		if err != nil {
			b.Fatal(err)
		}
		var sig similar.Signature
		for i, s := range texts {
			set := similar.Shingle(s)
			sig = h.AppendSignature(sig[:0], set)
			if err := ix.Add(ids[i], sig, set); err != nil {
				b.Fatal(err)
			}
		}
		c0 := cpuTime()
		ix.Similar(ids[0], 10, nil)
		first = cpuTime() - c0
		close(stop)
		<-done
		runtime.GC()
		runtime.ReadMemStats(&ms)
		held = ms.HeapAlloc - before.HeapAlloc
		c0 = cpuTime()
		_, npairs, err = ix.TopPairs(context.Background(), 0.8, nil, 1000)
		if err != nil {
			b.Fatal(err)
		}
		pairsCPU = cpuTime() - c0
		c0 = cpuTime()
		p, err := ix.Clusters(similar.ClusterOptions{})
		if err != nil {
			b.Fatal(err)
		}
		clusterCPU = cpuTime() - c0
		nclusters = p.Total
		runtime.KeepAlive(ix)
	}
	b.ReportMetric(float64(len(texts)), "texts")
	b.ReportMetric(float64(held)/float64(len(texts)), "heap-B/text")
	b.ReportMetric(float64(peak)/float64(len(texts)), "peak-B/text")
	b.ReportMetric(first.Seconds(), "first-query-cpu-s")
	b.ReportMetric(pairsCPU.Seconds(), "pairs-cpu-s")
	b.ReportMetric(clusterCPU.Seconds(), "clusters-cpu-s")
	b.ReportMetric(float64(npairs), "pairs")
	b.ReportMetric(float64(nclusters), "clusters")
}
