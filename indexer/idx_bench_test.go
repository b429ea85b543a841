package indexer_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/segment"
	"github.com/zhenggai/zhenggai/corpus/synth"
	"github.com/zhenggai/zhenggai/indexer"
)

// processCPU is the CPU time (user + system) of the process so far, what
// `zhenggai bench` compares (bleve's background merges included).
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkIndexSynth indexes the parsed measures of 300 generated
// disclosures (corpus/synth, as `zhenggai bench`) with our Add and with the
// plain-bleve baseline on the same measure texts, each open to close, the
// two alternating, and reports both CPU times and their ratio as the bench
// does (baseline CPU / ours: ≥ 0.6 is issue 13's target). Run it with
// -cpuprofile to see where our side's CPU goes.
func BenchmarkIndexSynth(b *testing.B) { benchIndexSynth(b, true) }

// BenchmarkIndexSynthOurs is BenchmarkIndexSynth's side of our index only,
// for a profile of it alone.
func BenchmarkIndexSynthOurs(b *testing.B) { benchIndexSynth(b, false) }

func benchIndexSynth(b *testing.B, baseline bool) {
	ctx := context.Background()
	parser := corpus.NewParser(corpus.Options{})
	var ds []*corpus.Disclosure
	var ids, texts []string
	for _, d := range synth.Generate(synth.Options{Seed: 1, Disclosures: benchDisclosures()}) {
		rec, err := parser.Parse(corpus.Input{Text: d.Text})
		if err != nil {
			b.Fatalf("parse %s: %v", d.Name, err)
		}
		ds = append(ds, rec)
		for _, m := range rec.Measures {
			ids, texts = append(ids, m.ID), append(texts, m.Text)
		}
	}
	if _, err := segment.Shared(); err != nil {
		b.Fatal(err)
	}
	var ours, base time.Duration
	n := 0
	for b.Loop() {
		start := processCPU()
		ix, err := indexer.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("ours%d", n)), indexer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Add(ctx, ds...); err != nil {
			b.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		ours += processCPU() - start
		n++
		if !baseline {
			continue
		}

		start = processCPU()
		buildBaseline(ctx, b, filepath.Join(b.TempDir(), fmt.Sprintf("cjk%d", n)), ids, texts)
		base += processCPU() - start
	}
	b.ReportMetric(ours.Seconds()/float64(n), "ours_cpu_s")
	if baseline {
		b.ReportMetric(base.Seconds()/float64(n), "cjk_cpu_s")
		b.ReportMetric(base.Seconds()/ours.Seconds(), "ratio")
	}
	b.ReportMetric(float64(len(texts)), "measures")
}

// benchDisclosures is how many disclosures BenchmarkIndexSynth generates:
// 300, or ZHENGGAI_BENCH_DISCLOSURES (2000 is what `zhenggai bench` samples).
func benchDisclosures() int {
	if n, err := strconv.Atoi(os.Getenv("ZHENGGAI_BENCH_DISCLOSURES")); err == nil && n > 0 {
		return n
	}
	return 300
}

// BenchmarkAddSteady adds 100 generated disclosures (about 1,060 measures,
// one batch) per iteration to one open index, after a first Add of other
// ones, so that what it reports is a long-running server's steady state
// (the fields' memory reused between Adds, see fieldArena): run it with
// -benchmem for the bytes and objects allocated per Add, bleve's segment
// building and background merges included.
func BenchmarkAddSteady(b *testing.B) {
	ctx := context.Background()
	parser := corpus.NewParser(corpus.Options{})
	var sets [][]*corpus.Disclosure
	for seed := range 5 {
		var ds []*corpus.Disclosure
		for _, d := range synth.Generate(synth.Options{Seed: int64(100 + seed), Disclosures: 100}) {
			rec, err := parser.Parse(corpus.Input{Text: d.Text})
			if err != nil {
				b.Fatalf("parse %s: %v", d.Name, err)
			}
			ds = append(ds, rec)
		}
		sets = append(sets, ds)
	}
	ix, err := indexer.Open(ctx, filepath.Join(b.TempDir(), "steady"), indexer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(ctx, sets[0]...); err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		if err := ix.Add(ctx, sets[1+i%(len(sets)-1)]...); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
