package library_test

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// BenchmarkAnalyticsDataDir profiles the first (uncached) compare and
// recurring call on a data folder built elsewhere (a COPY of it: opening
// may write), named by ZHENGGAI_BENCH_DATA, e.g. of `zhenggai generate
// --disclosures 30000` ingested:
//
//	ZHENGGAI_BENCH_DATA=/tmp/d30k go test ./indexer/library -run '^$' \
//	  -bench AnalyticsDataDir -benchtime 3x -cpuprofile cpu.out
func BenchmarkAnalyticsDataDir(b *testing.B) {
	dir := os.Getenv("ZHENGGAI_BENCH_DATA")
	if dir == "" {
		b.Skip("set ZHENGGAI_BENCH_DATA to a copy of a data folder to profile its analytics")
	}
	ctx := context.Background()
	lib, err := library.Open(ctx, dir, library.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer lib.Close()
	for _, bc := range []struct {
		name string
		run  func() error
	}{
		{"compare-unit", func() error {
			_, err := lib.CompareWhere(ctx, analytics.ByUnit, nil, nil, library.Filter{}, 10)
			return err
		}},
		{"compare-round", func() error {
			_, err := lib.CompareWhere(ctx, analytics.ByRound, nil, nil, library.Filter{}, 10)
			return err
		}},
		{"recurring", func() error {
			if _, err := lib.Recurring(ctx, 2); err != nil {
				return err
			}
			_, err := lib.Common(ctx, 2)
			return err
		}},
	} {
		b.Run(bc.name+"/uncached", func(b *testing.B) {
			cpu := cpuTime()
			for b.Loop() {
				library.DropRows(lib)
				if err := bc.run(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
		})
		b.Run(bc.name+"/rows-cached", func(b *testing.B) {
			if err := bc.run(); err != nil { // the rows or docs read
				b.Fatal(err)
			}
			cpu := cpuTime()
			for b.Loop() {
				library.DropDerived(lib)
				if err := bc.run(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-cpu).Milliseconds())/float64(b.N), "cpu-ms/op")
		})
	}
}

// TestWarmMemoryDataDir opens a data folder built elsewhere (a COPY, named
// by ZHENGGAI_BENCH_DATA) as serve does, with the analytics warmed and the
// Go heap's soft limit at serve's default (768 MB), waits for the warm-up,
// and reports the process's resident set and Go heap; with
// ZHENGGAI_BENCH_HEAP it writes a heap profile there:
//
//	ZHENGGAI_BENCH_DATA=/tmp/d30k ZHENGGAI_BENCH_HEAP=/tmp/heap.out \
//	  go test ./indexer/library -run WarmMemoryDataDir -v -timeout 30m
func TestWarmMemoryDataDir(t *testing.T) {
	dir := os.Getenv("ZHENGGAI_BENCH_DATA")
	if dir == "" {
		t.Skip("set ZHENGGAI_BENCH_DATA to a copy of a data folder to measure its warmed memory")
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(768 << 20))
	ctx := context.Background()
	start := time.Now()
	lib, err := library.Open(ctx, dir, library.Options{WarmAnalytics: true})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	for !lib.WarmState().Warmed {
		if e := lib.WarmState().Err; e != "" {
			t.Fatal(e)
		}
		time.Sleep(time.Second)
	}
	t.Logf("warmed in %s (warm-up %s); %s", time.Since(start).Round(time.Millisecond), lib.WarmState().Took.Round(time.Millisecond), memLine())
	runtime.GC()
	t.Logf("after a GC: %s", memLine())
	if p := os.Getenv("ZHENGGAI_BENCH_HEAP"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := pprof.WriteHeapProfile(f); err != nil {
			t.Fatal(err)
		}
	}
}

// memLine reports the resident set (now and peak) and the Go heap.
func memLine() string {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	status, _ := os.ReadFile("/proc/self/status")
	var rss, hwm string
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			rss = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			hwm = strings.TrimSpace(v)
		}
	}
	return fmt.Sprintf("RSS %s (peak %s), heap in use %d MB, heap sys %d MB, Go sys %d MB", rss, hwm, ms.HeapInuse>>20, ms.HeapSys>>20, ms.Sys>>20)
}
