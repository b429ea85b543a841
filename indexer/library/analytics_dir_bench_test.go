package library_test

import (
	"context"
	"encoding/json"
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
			_, err := lib.Recurring(ctx, 2)
			return err
		}},
		{"common", func() error {
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

// BenchmarkWarmPagesDataDir times the default pages the analytics routes
// serve once warmed (grouped recurrences, a profile, duplicates, clusters,
// similar measures) on a data folder built elsewhere (a COPY, named by
// ZHENGGAI_BENCH_DATA), as serve answers them after its warm-up:
//
//	ZHENGGAI_BENCH_DATA=/tmp/d30k go test ./indexer/library -run '^$' \
//	  -bench WarmPagesDataDir -benchtime 20x
func BenchmarkWarmPagesDataDir(b *testing.B) {
	dir := os.Getenv("ZHENGGAI_BENCH_DATA")
	if dir == "" {
		b.Skip("set ZHENGGAI_BENCH_DATA to a copy of a data folder to time its warmed pages")
	}
	ctx := context.Background()
	lib, err := library.Open(ctx, dir, library.Options{WarmAnalytics: true})
	if err != nil {
		b.Fatal(err)
	}
	defer lib.Close()
	for !lib.WarmState().Warmed {
		if e := lib.WarmState().Err; e != "" {
			b.Fatal(e)
		}
		time.Sleep(time.Second)
	}
	rec, err := lib.RecurringByUnit(ctx, analytics.GroupOptions{}, library.Filter{})
	if err != nil || len(rec.Units) == 0 {
		b.Fatalf("recurring by unit: %d units, %v", len(rec.Units), err)
	}
	dups, err := lib.DuplicatesPage(ctx, library.DuplicateQuery{AcrossUnitsOnly: true})
	if err != nil || len(dups.Pairs) == 0 {
		b.Fatalf("duplicates: %d pairs, %v", len(dups.Pairs), err)
	}
	for _, bc := range []struct {
		name string
		run  func() error
	}{
		{"recurring-units", func() error {
			_, err := lib.RecurringByUnit(ctx, analytics.GroupOptions{}, library.Filter{})
			return err
		}},
		{"profile", func() error {
			_, err := lib.Profile(ctx, rec.Units[0].UnitKey, analytics.GroupOptions{}, 0)
			return err
		}},
		{"duplicates", func() error {
			_, err := lib.DuplicatesPage(ctx, library.DuplicateQuery{AcrossUnitsOnly: true})
			return err
		}},
		{"clusters", func() error {
			_, err := lib.Clusters(ctx, library.ClusterQuery{})
			return err
		}},
		{"similar", func() error {
			_, err := lib.Similar(ctx, dups.Pairs[0].A.ID, 0, true)
			return err
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if err := bc.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestWarmMemoryDataDir opens a data folder built elsewhere (a COPY, named
// by ZHENGGAI_BENCH_DATA) as serve does, with the analytics warmed and the
// Go heap's soft limit at serve's default (768 MB), waits for the warm-up,
// and reports the process's resident set and Go heap; with
// ZHENGGAI_BENCH_HEAP it writes a heap profile there, and with
// ZHENGGAI_BENCH_SIMILAR the near-duplicate answers (similarAnswers) and
// with ZHENGGAI_BENCH_GROUPED the grouped recurrences and unit profiles
// (groupedAnswers) as JSON, to compare two builds:
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
	if p := os.Getenv("ZHENGGAI_BENCH_SIMILAR"); p != "" {
		b, err := json.Marshal(similarAnswers(t, lib))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if p := os.Getenv("ZHENGGAI_BENCH_GROUPED"); p != "" {
		b, err := json.Marshal(groupedAnswers(t, lib))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// groupedAnswers are the grouped recurrences by unit (texts and repeats
// included) of several pages, shown counts, thresholds and filters, common
// themes by round, trends per round and year, and the profiles of the
// first page's units.
func groupedAnswers(t *testing.T, lib *library.Library) []any {
	t.Helper()
	ctx := context.Background()
	var out []any
	var units []string
	for _, c := range []struct {
		opts analytics.GroupOptions
		f    library.Filter
	}{
		{analytics.GroupOptions{}, library.Filter{}},
		{analytics.GroupOptions{Offset: 20, Limit: 100, ThemesShown: 50, RoundsShown: 50, MeasuresShown: 50}, library.Filter{}},
		{analytics.GroupOptions{Limit: 50, MeasuresShown: 10, RepeatThreshold: 0.3}, library.Filter{}},
		{analytics.GroupOptions{MinRounds: 3, Limit: 50}, library.Filter{}},
		{analytics.GroupOptions{Limit: 50}, library.Filter{Themes: []string{"A1", "B2", "D2"}}},
		{analytics.GroupOptions{Limit: 50}, library.Filter{Text: "整改"}},
	} {
		r, err := lib.RecurringByUnit(ctx, c.opts, c.f)
		if err != nil {
			t.Fatal(err)
		}
		if units == nil {
			for _, u := range r.Units {
				units = append(units, u.Unit)
			}
		}
		out = append(out, r)
	}
	for _, opts := range []analytics.GroupOptions{{}, {Offset: 10, Limit: 100, MinUnits: 3}} {
		c, err := lib.CommonByTheme(ctx, opts, library.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	for _, per := range []string{analytics.PerRound, analytics.PerYear} {
		tr, sel, err := lib.Trends(ctx, per, 0, library.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tr, sel)
	}
	for _, u := range units[:min(len(units), 10)] {
		p, err := lib.Profile(ctx, u, analytics.GroupOptions{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// similarAnswers are the near-duplicate answers of a library, texts,
// units and rounds included: the duplicates pages (cached and deeper,
// across units and not), the first clusters pages (every member listed)
// and one unit's, and the similar measures of the first pairs' measures.
func similarAnswers(t *testing.T, lib *library.Library) []any {
	t.Helper()
	ctx := context.Background()
	var out []any
	var first []library.MeasurePair
	for _, q := range []library.DuplicateQuery{
		{AcrossUnitsOnly: true, Limit: library.MaxDuplicateLimit},
		{Limit: library.MaxDuplicateLimit},
		{AcrossUnitsOnly: true, Offset: 1000, Limit: library.MaxDuplicateLimit},
		{Threshold: 0.6, Offset: 200, Limit: 100},
	} {
		p, err := lib.DuplicatesPage(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = p.Pairs
		}
		out = append(out, p)
	}
	var unit string
	for _, q := range []library.ClusterQuery{
		{Limit: 500, Members: library.MaxClusterMembers},
		{Offset: 500, Limit: 500, Members: library.MaxClusterMembers},
		{Threshold: 0.6, Limit: 100},
	} {
		p, err := lib.Clusters(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if unit == "" && len(p.Clusters) > 0 && len(p.Clusters[0].Units) > 0 {
			unit = p.Clusters[0].Units[0]
		}
		out = append(out, p)
	}
	if unit != "" {
		p, err := lib.Clusters(ctx, library.ClusterQuery{Unit: unit, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	for _, p := range first[:min(len(first), 20)] {
		for _, other := range []bool{false, true} {
			s, err := lib.Similar(ctx, p.A.ID, 20, other)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, s)
		}
	}
	return out
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
	return fmt.Sprintf("RSS %s (peak %s), heap live %.1f MB (%d objects), in use %d MB, heap sys %d MB, Go sys %d MB",
		rss, hwm, float64(ms.HeapAlloc)/(1<<20), ms.HeapObjects, ms.HeapInuse>>20, ms.HeapSys>>20, ms.Sys>>20)
}

// TestFirstCallsDataDir measures what a one-shot command pays on a data
// folder built elsewhere (a COPY, named by ZHENGGAI_BENCH_DATA): after a
// fresh Open without warm-up, the first Compare by unit, then the first
// Recurring (on what Compare read), as `zhenggai bench` measures them
// after its ingest; ZHENGGAI_BENCH_REPEAT opens (default 3), each
// reported with its wall and CPU time. ZHENGGAI_BENCH_CPU writes a CPU
// profile of the first calls alone (every repeat). With
// ZHENGGAI_BENCH_DUPS=1 it also times the first Duplicates (default
// threshold, across units only) of the last open, split into building
// the near-duplicate index (a Similar call of an unknown id builds it)
// and finding the pairs, ZHENGGAI_BENCH_DUPS_CPU profiling both. With
// ZHENGGAI_BENCH_ANSWERS it writes compare by unit and by round, recurring
// and common as JSON there, to compare two builds:
//
//	ZHENGGAI_BENCH_DATA=/tmp/d30k ZHENGGAI_BENCH_CPU=/tmp/first.out \
//	  go test ./indexer/library -run FirstCallsDataDir -v -timeout 30m
func TestFirstCallsDataDir(t *testing.T) {
	dir := os.Getenv("ZHENGGAI_BENCH_DATA")
	if dir == "" {
		t.Skip("set ZHENGGAI_BENCH_DATA to a copy of a data folder to time its first analytics calls")
	}
	repeat := 3
	if v := os.Getenv("ZHENGGAI_BENCH_REPEAT"); v != "" {
		if _, err := fmt.Sscan(v, &repeat); err != nil || repeat < 1 {
			t.Fatalf("ZHENGGAI_BENCH_REPEAT=%q: want a positive number", v)
		}
	}
	var prof *os.File
	if p := os.Getenv("ZHENGGAI_BENCH_CPU"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		prof = f
	}
	ctx := context.Background()
	profiling := false
	startProfile := func() {
		if prof != nil && !profiling {
			if err := pprof.StartCPUProfile(prof); err != nil {
				t.Fatal(err)
			}
			profiling = true
		}
	}
	stopProfile := func() {
		if profiling {
			pprof.StopCPUProfile()
			profiling = false
		}
	}
	defer stopProfile()
	var lib *library.Library
	for i := range repeat {
		var err error
		opened := time.Now()
		lib, err = library.Open(ctx, dir, library.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("open %d took %.2f s (a store of an older schema is migrated by the first)", i+1, time.Since(opened).Seconds())
		runtime.GC()
		if i == 0 { // pprof cannot resume a profile: the first open's calls
			startProfile()
		}
		var ms0, ms1 runtime.MemStats
		runtime.ReadMemStats(&ms0)
		start, cpu := time.Now(), cpuTime()
		cmp, err := lib.Compare(ctx, analytics.ByUnit, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		cWall, cCPU := time.Since(start), cpuTime()-cpu
		start, cpu = time.Now(), cpuTime()
		rec, err := lib.Recurring(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		rWall, rCPU := time.Since(start), cpuTime()-cpu
		stopProfile()
		runtime.ReadMemStats(&ms1)
		rounds := 0
		for _, r := range rec.Recurring {
			rounds += len(r.RoundKeys)
		}
		t.Logf("open %d: first compare %.1f ms (CPU %.1f ms, %d groups), then first recurring %.1f ms (CPU %.1f ms, %d entries, %d rounds); both: %d MB allocated, %d GCs, heap %d → %d MB",
			i+1, msOf(cWall), msOf(cCPU), len(cmp.Groups), msOf(rWall), msOf(rCPU), len(rec.Recurring), rounds,
			(ms1.TotalAlloc-ms0.TotalAlloc)>>20, ms1.NumGC-ms0.NumGC, ms0.HeapAlloc>>20, ms1.HeapAlloc>>20)
		if i < repeat-1 {
			if err := lib.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
	defer lib.Close()
	if p := os.Getenv("ZHENGGAI_BENCH_ANSWERS"); p != "" {
		// The answers as JSON, to compare two builds' byte for byte.
		var answers []any
		for _, by := range []string{analytics.ByUnit, analytics.ByRound} {
			c, err := lib.Compare(ctx, by, nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			answers = append(answers, c)
		}
		rec, err := lib.Recurring(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		com, err := lib.Common(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(append(answers, rec, com))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if os.Getenv("ZHENGGAI_BENCH_DUPS") != "1" {
		return
	}
	if p := os.Getenv("ZHENGGAI_BENCH_DUPS_CPU"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			t.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	start, cpu := time.Now(), cpuTime()
	if _, err := lib.Similar(ctx, "\x00no such measure", 1, false); err == nil {
		t.Fatal("Similar of an unknown measure: no error")
	}
	t.Logf("near-duplicate index built in %.1f s (CPU %.1f s; %d signatures computed)",
		time.Since(start).Seconds(), (cpuTime() - cpu).Seconds(), library.SignaturesComputed(lib))
	start, cpu = time.Now(), cpuTime()
	pairs, err := lib.Duplicates(ctx, library.DefaultDuplicateThreshold, true)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("then duplicates (%.1f, across units) in %.1f s (CPU %.1f s): %d pairs",
		library.DefaultDuplicateThreshold, time.Since(start).Seconds(), (cpuTime() - cpu).Seconds(), len(pairs))
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
