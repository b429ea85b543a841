package library_test

import (
	"context"
	"os"
	"testing"

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
