package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/accuracy"
	"github.com/zhenggai/zhenggai/corpus/segment"
	"github.com/zhenggai/zhenggai/corpus/synth"
	"github.com/zhenggai/zhenggai/indexer"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// benchReport is the contract's `zhenggai bench --json` object. Every
// ratio compares two things measured in the same run on the same text.
type benchReport struct {
	Corpus struct {
		Disclosures int     `json:"disclosures"`
		Measures    int     `json:"measures"`
		MB          float64 `json:"mb"`
		Synthetic   bool    `json:"synthetic"`
	} `json:"corpus"`
	Parse struct {
		MBPerS float64 `json:"mb_per_s"`
	} `json:"parse"`
	// Segment rates are MB per CPU second of the process.
	Segment struct {
		MBPerS    float64 `json:"mb_per_s"`
		RawMBPerS float64 `json:"raw_gse_mb_per_s"`
		Ratio     float64 `json:"ratio"`
	} `json:"segment"`
	Ingest struct {
		// MBPerS and the baseline index the same measure texts, in MB per
		// CPU second of the process (steady on a shared machine); FilesPerS
		// is the whole pipeline (read, parse, store, index) over the files,
		// per wall second.
		MBPerS         float64 `json:"mb_per_s"`
		BaselineMBPerS float64 `json:"baseline_bleve_cjk_mb_per_s"`
		Ratio          float64 `json:"ratio"`
		FilesPerS      float64 `json:"files_per_s"`
		PeakRSSMB      float64 `json:"peak_rss_mb"`
		// CPUSPer1000 is the process's CPU time (user + system) of the
		// whole-pipeline ingest per 1,000 files: unlike files/s, it does not
		// depend on what else the machine runs.
		CPUSPer1000 float64 `json:"cpu_s_per_1000_files"`
		// Sizes on disk after the ingest, per 1,000 disclosures.
		IndexMBPer1000 float64 `json:"index_mb_per_1000"`
		StoreMBPer1000 float64 `json:"store_mb_per_1000"`
	} `json:"ingest"`
	// PhasesRSS is the process's peak resident memory in each phase, in
	// run order (bench_phases.go): Ingest.PeakRSSMB is their maximum.
	PhasesRSS []phaseRSS `json:"phases_peak_rss_mb,omitempty"`
	// ProductPeakRSSMB is the highest peak of the product's phases (ingest,
	// search, analytics, the load run), the harness's left out
	// (bench_phases.go); MemoryLimitMB the soft heap limit the run had, as
	// serve and ingest set it (0: none).
	ProductPeakRSSMB  float64 `json:"product_peak_rss_mb"`
	ProductPeakAnonMB float64 `json:"product_peak_anon_mb"`
	MemoryLimitMB     int64   `json:"memory_limit_mb"`
	// RatioSample is how many disclosures (the first) the segment and
	// index ratios were measured on.
	RatioSample int `json:"ratio_sample_disclosures"`
	Search      struct {
		Queries       int     `json:"queries"`
		P50Ms         float64 `json:"p50_ms"`
		P99Ms         float64 `json:"p99_ms"`
		BaselineP99Ms float64 `json:"baseline_p99_ms"`
		QPSHTTP       float64 `json:"qps_http"`
		// The same queries without facets (as the page turns a page): the
		// facet cost is P50Ms − NoFacetsP50Ms.
		NoFacetsP50Ms float64 `json:"no_facets_p50_ms"`
		NoFacetsP99Ms float64 `json:"no_facets_p99_ms"`
		// Other queries (drawn with other seeds) with facets, after those:
		// a running service's searches, whose common terms' impacts
		// earlier searches have read (the first pass reads them).
		WarmP50Ms float64 `json:"warm_p50_ms"`
		WarmP99Ms float64 `json:"warm_p99_ms"`
		// Before those, the warm-up serve runs after a change read the
		// common terms' impacts and skip points: that many lists, in that
		// time.
		WarmPostingsLists   int     `json:"warm_postings_lists"`
		WarmPostingsSeconds float64 `json:"warm_postings_seconds"`
	} `json:"search"`
	Analytics struct {
		CompareMs    float64 `json:"compare_ms"`
		RecurringMs  float64 `json:"recurring_ms"`
		DuplicatesMs float64 `json:"duplicates_ms"`
		// CompareCPUMs and RecurringCPUMs are the process's CPU time
		// during the first compare (which reads the store) and recurring
		// (which reuses what compare read) calls.
		CompareCPUMs   float64 `json:"compare_cpu_ms"`
		RecurringCPUMs float64 `json:"recurring_cpu_ms"`
		// CompareServedMs and RecurringServedMs are what a request meets
		// once serve has warmed the analytics: the call the route makes
		// (compare with its ranking, recurring) with its answer cached for
		// the store's state, as the warm-up leaves it (HTTP and JSON aside).
		CompareServedMs   float64 `json:"compare_served_ms"`
		RecurringServedMs float64 `json:"recurring_served_ms"`
	} `json:"analytics"`
	// StartupMs is loading the segmenter's dictionary plus opening the
	// data folder, as a new process does.
	StartupMs float64 `json:"startup_ms"`
	// OpenMs is opening the data folder alone, what commands that do not
	// segment (stats) pay; DictMs is loading the dictionary, paid on the
	// first search with words or ingest.
	OpenMs float64 `json:"open_ms"`
	DictMs float64 `json:"dict_ms"`
	// DictSource tells where the dictionary DictMs timed came from: its
	// cache (segment.DefaultCacheDir), or built when there is none.
	// DictBuildMs is building it (what the first process pays).
	DictSource  string  `json:"dict_source"`
	DictBuildMs float64 `json:"dict_build_ms"`
	// OpenFirstMs is the first open after the load run, which indexes
	// what the run's cut ingest stored but had not indexed (OpenMs is the
	// median of three opens after it and a sync).
	OpenFirstMs float64 `json:"open_first_ms"`
	// Accuracy is the parse accuracy on the fixtures (absent when they are
	// not found: bench runs outside the repository).
	Accuracy *accuracy.Report `json:"accuracy,omitempty"`
	// Load is the load run (40 concurrent searches on loopback, alone and
	// with an ingest job running); absent with --load 0.
	Load *loadReport `json:"load,omitempty"`
	// Relevance is the relevance set (indexer/testdata/relevance: invented
	// measures, judged queries) searched by ours and by plain bleve with
	// the cjk analyzer.
	Relevance struct {
		Ours     *indexer.RelevanceReport `json:"ours"`
		Baseline *indexer.RelevanceReport `json:"baseline_bleve_cjk"`
	} `json:"relevance"`
	// Store is measured with --store postgres://… (bench_store.go).
	Store *storeBench `json:"store,omitempty"`
	// Themes is the tagger's precision, recall and F1 per labelled set
	// and theme (bench_analytics12.go).
	Themes []themeBench `json:"themes,omitempty"`
}

// ratioSample is how many disclosures (the first ones) the same-run
// ratios of segmenting and indexing are measured on: they are rates, and
// holding every parsed record would cost gigabytes at a province's scale.
const ratioSample = 2000

// loadOptions are the bench flags of the load run.
type loadOptions struct {
	d     time.Duration
	files int
	seed  int64
}

// benchRelevance evaluates the relevance set.
func benchRelevance(ctx context.Context, r *benchReport) error {
	ours, base, err := indexer.EvaluateRelevance(ctx)
	if err != nil {
		return fmt.Errorf("bench relevance: %w", err)
	}
	ours.Misses, base.Misses = nil, nil
	r.Relevance.Ours, r.Relevance.Baseline = ours, base
	return nil
}

// runBench runs the performance suite on a synthetic corpus in a temporary
// folder and prints the figures (JSON with --json).
func runBench(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "bench")
	asJSON := fs.Bool("json", false, "the report as JSON on stdout")
	quick := fs.Bool("quick", false, "a small corpus and fewer queries (about 10 s)")
	n := fs.Int("disclosures", 0, "synthetic disclosures to generate (default 500, 60 with --quick)")
	scale := fs.Int("scale", 0, "build N synthetic disclosures (any N) and measure at that scale: the same as --disclosures N with 1,000 queries")
	seed := fs.Int64("seed", 1, "generator seed")
	accDir := fs.String("accuracy", "", "only measure parse accuracy on DIR (files + expect.jsonl, or fixtures)")
	load := fs.Duration("load", 0, "each phase of the load run: 40 concurrent searches on 127.0.0.1, alone and during an ingest job (default 30s, 3s with --quick; 0s skips it)")
	memMB := memoryLimitFlag(fs)
	against := fs.String("against", "", "only the load run, against a server already running at URL (http://HOST:PORT): its 40 clients ask the 1,000 queries `bench --scale N` asks (pieces of the generator's measure texts, which a folder `generate --disclosures N` wrote holds too) for --load (default 20s), after a warm-up run as long")
	aScale := fs.Int("analytics-scale", 0, "only the analytics at N synthetic disclosures: every analytics route's first page (time, size), peak RSS, planted-copy recall and precision (bench_analytics12.go)")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	limit, _, _, err := setHeapLimit(fs, *memMB, e)
	if err != nil {
		return err
	}
	if *aScale < 0 || *aScale > 200000 {
		return fmt.Errorf("%w: --analytics-scale takes 0–200000, got %d", errUsage, *aScale)
	}
	if *aScale > 0 {
		r, err := benchAnalyticsScale(ctx, e, *aScale, *seed)
		if err != nil {
			return err
		}
		if *asJSON {
			return newJSON(e.stdout).Encode(r)
		}
		writeAnalyticsScale(e.stdout, r)
		return nil
	}
	if *accDir != "" {
		return runAccuracyOnly(ctx, e, *accDir, *asJSON)
	}
	if *against != "" {
		base, err := checkAgainstURL(*against)
		if err != nil {
			return err
		}
		d := 20 * time.Second
		if flagSet(fs, "load") {
			d = *load
		}
		if *scale <= 0 || *scale > 200000 || d <= 0 || d > 10*time.Minute {
			return fmt.Errorf("%w: --against needs --scale 1–200000 (the disclosures the server holds) and a --load of 1s to 10m", errUsage)
		}
		r, err := benchAgainst(ctx, e, base, *scale, *seed, d)
		if err != nil {
			return err
		}
		if *asJSON {
			return newJSON(e.stdout).Encode(r)
		}
		writeAgainst(e.stdout, r)
		return nil
	}
	lo := loadOptions{d: *load, files: 1000, seed: *seed}
	if !flagSet(fs, "load") {
		lo.d = 30 * time.Second
		if *quick {
			lo.d = 3 * time.Second
		}
	}
	if *quick {
		lo.files = 100
	}
	if lo.d < 0 || lo.d > 10*time.Minute {
		return fmt.Errorf("%w: --load takes 0s to 10m, got %v", errUsage, *load)
	}
	queries := 2000
	if *scale > 0 {
		*n, queries = *scale, 1000
	}
	if *n <= 0 {
		*n = 500
		if *quick {
			*n = 60
		}
	}
	if *quick && *scale <= 0 {
		queries = 200
	}
	tmp, err := os.MkdirTemp("", "zhenggai-bench-*")
	if err != nil {
		return fmt.Errorf("create bench folder: %w", err)
	}
	defer os.RemoveAll(tmp)
	r, err := bench(ctx, e, tmp, synth.Options{Seed: *seed, Disclosures: *n}, queries, lo)
	if err != nil {
		return err
	}
	r.ProductPeakRSSMB, r.ProductPeakAnonMB = r.productPeakRSS()
	if limit < math.MaxInt64 {
		r.MemoryLimitMB = limit >> 20
	}
	acc, accSkipped, err := benchAccuracy(ctx, e, fixturesDir)
	if err != nil {
		return err
	}
	r.Accuracy = acc
	r.Themes = benchThemes()
	if *asJSON {
		if err := newJSON(e.stdout).Encode(r); err != nil {
			return err
		}
	} else {
		writeBench(e, r)
		writeThemes(e.stdout, r.Themes)
		writeAccuracy(e, acc, accSkipped)
	}
	// Errors fail the run (CI runs bench --quick); timings never do.
	if l := r.Load; l != nil && l.Idle.Errors+l.Ingesting.Errors > 0 {
		return fmt.Errorf("bench: %d searches of the load run failed", l.Idle.Errors+l.Ingesting.Errors)
	}
	return nil
}

func bench(ctx context.Context, e *env, tmp string, opts synth.Options, queries int, lo loadOptions) (*benchReport, error) {
	r := &benchReport{}
	phase := r.startPhase(phaseGenerate)
	docs, err := synth.GenerateContext(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	in := filepath.Join(tmp, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		return nil, fmt.Errorf("create bench input: %w", err)
	}
	var fileBytes, textBytes, sampleMeasures, disclosures int
	var ds []*corpus.Disclosure // the first ratioSample records only
	var ids, texts []string
	parser := corpus.NewParser(corpus.Options{})
	start := time.Now()
	for i, d := range docs {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil { // interrupted: stop before the next phase
				return nil, fmt.Errorf("bench: %w", err)
			}
		}
		rec, err := parser.Parse(corpus.Input{Text: d.Text})
		if err != nil {
			return nil, fmt.Errorf("parse %s: %w", d.Name, err)
		}
		fileBytes += len(d.Text)
		disclosures++
		sample := len(ds) < ratioSample
		for _, m := range rec.Measures {
			ids, texts = append(ids, m.ID), append(texts, strings.Clone(m.Text))
			if sample {
				textBytes += len(m.Text)
				sampleMeasures++
			}
		}
		if sample {
			ds = append(ds, rec)
		}
	}
	r.Parse.MBPerS = round2(float64(fileBytes) / 1e6 / time.Since(start).Seconds())
	for i, d := range docs {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("bench: %w", err)
			}
		}
		if err := os.WriteFile(filepath.Join(in, d.Name), []byte(d.Text), 0o644); err != nil {
			return nil, fmt.Errorf("write bench input: %w", err)
		}
	}
	r.Corpus.Disclosures, r.Corpus.Measures, r.Corpus.MB, r.Corpus.Synthetic = disclosures, len(texts), round2(float64(fileBytes)/1e6), true
	mb := float64(textBytes) / 1e6
	docs = nil // the files are written: what follows reads them from disk

	phase = phase.next(phaseRatios)
	r.RatioSample = len(ds)
	if err := benchSegment(r, texts[:sampleMeasures]); err != nil {
		return nil, err
	}
	if err := benchIndex(ctx, r, tmp, ds, ids[:sampleMeasures], texts[:sampleMeasures], mb); err != nil {
		return nil, err
	}
	ds = nil

	// The baseline (plain bleve + cjk) gets the measures past its sample, so
	// that the search phase times both on the same measures. Building it is
	// the harness's work, not the product's: it has a phase of its own, and
	// the measure texts are let go once the queries are drawn from them.
	phase = phase.next(phaseBaseline)
	if err := completeBaseline(ctx, tmp, ids[sampleMeasures:], texts[sampleMeasures:]); err != nil {
		return nil, err
	}
	qs, others := phrases(texts, queries), otherPhrases(texts, queries)
	ids, texts = nil, nil

	phase = phase.next("ingest")

	data := filepath.Join(tmp, "data")
	lib, err := library.Open(ctx, data, library.Options{Logger: e.log})
	if err != nil {
		return nil, err
	}
	start, cpu0 := time.Now(), cpuTime()
	sum, err := lib.Ingest(ctx, []string{in}, nil, nil)
	if err != nil {
		return nil, errors.Join(err, lib.Close())
	}
	r.Ingest.FilesPerS = round2(float64(sum.Files) / time.Since(start).Seconds())
	if sum.Files > 0 {
		per := 1000 / float64(sum.Files)
		r.Ingest.CPUSPer1000 = round2((cpuTime() - cpu0).Seconds() * per)
		r.Ingest.IndexMBPer1000 = round2(dirMB(filepath.Join(data, library.IndexDir)) * per)
		store := 0.0
		files, _ := filepath.Glob(filepath.Join(data, library.StoreFile+"*")) // with -wal, -shm
		for _, f := range files {
			store += dirMB(f)
		}
		r.Ingest.StoreMBPer1000 = round2(store * per)
	}
	phase = phase.next("search")
	if err := benchSearch(ctx, r, lib, qs, others); err != nil {
		return nil, errors.Join(err, lib.Close())
	}
	phase = phase.next(phaseBaseSrch)
	if err := benchBaselineSearch(ctx, r, tmp, qs); err != nil {
		return nil, errors.Join(err, lib.Close())
	}
	phase = phase.next("analytics")
	if err := benchAnalytics(ctx, r, lib); err != nil {
		return nil, errors.Join(err, lib.Close())
	}
	phase.end()
	r.Ingest.PeakRSSMB = r.peakOfPhases()
	if lo.d > 0 {
		// serve warms its caches and near-duplicate index after start: the
		// load run meets a library in that state (and memory).
		phase = r.startPhase(phaseWarm)
		start := time.Now()
		if _, err := lib.Warm(ctx); err != nil {
			return nil, errors.Join(err, lib.Close())
		}
		warm := time.Since(start)
		phase.end()
		if r.Load, err = benchLoad(ctx, tmp, lib, qs, lo.d, lo.files, lo.seed); err != nil {
			return nil, errors.Join(err, lib.Close())
		}
		r.Load.WarmSeconds = round2(warm.Seconds())
	}
	if err := lib.Close(); err != nil {
		return nil, err
	}
	phase = r.startPhase(phaseRelevance)
	if err := benchRelevance(ctx, r); err != nil {
		return nil, err
	}
	// Start-up is what a new process pays: loading the dictionary (this
	// process has it already, so load a second one: from the cache Shared
	// wrote, as a new process does) and opening the folder. Building the
	// dictionary, what the first process pays, is timed too.
	start = time.Now()
	if _, err := segment.Load(segment.Options{}); err != nil {
		return nil, err
	}
	r.DictBuildMs = ms(time.Since(start))
	start = time.Now()
	again, err := segment.Load(segment.Options{CacheDir: segment.DefaultCacheDir()})
	if err != nil {
		return nil, err
	}
	dict := time.Since(start)
	r.DictSource = again.Source()
	// The first open follows the load run, whose ingest job is cut: when
	// the cut falls between a batch's store and its index, this open
	// indexes that batch (the store is the record; the index catches up
	// at open), 13–330 ms between runs of the same tree. Start-up proper
	// is the median of three opens after it, once the load run's writes
	// are also on disk (a sync); both are reported.
	var opens []float64
	for i := range 4 {
		if i == 1 {
			syscall.Sync()
		}
		start = time.Now()
		lib, err = library.Open(ctx, data, library.Options{Logger: e.log})
		if err != nil {
			return nil, err
		}
		opens = append(opens, ms(time.Since(start)))
		if err := lib.Close(); err != nil {
			return nil, err
		}
	}
	r.OpenFirstMs, r.OpenMs, r.DictMs = opens[0], percentile(opens[1:], 0.5), ms(dict)
	r.StartupMs = round2(r.DictMs + r.OpenMs)
	// This phase loads a second dictionary beside the first.
	phase.end()
	if e.store != "" { // bench_store.go
		if err := benchStore(ctx, e, r, tmp, in, qs); err != nil {
			return nil, err
		}
	}
	return r, nil
}

// benchSegment times our search-mode tokens against gse's own Segment on
// the same measure texts. Our side is what the index tokenizer runs
// (AppendTokens into one reused buffer). The two sides alternate pass by
// pass until each has used at least half a CPU second, so that a busy
// machine, the garbage left by earlier work and the collector's pace weigh
// on both alike.
func benchSegment(r *benchReport, texts []string) error {
	seg, err := segment.Shared()
	if err != nil {
		return err
	}
	raw, err := segment.LoadRaw(segment.Options{}) // gse's own, the baseline
	if err != nil {
		return err
	}
	bs := make([][]byte, len(texts))
	total := 0
	for i, t := range texts {
		bs[i] = []byte(t)
		total += len(t)
	}
	var buf []segment.Token
	sides := [2]func([]byte){
		func(b []byte) { buf = seg.AppendTokens(buf, b, segment.Search) },
		func(b []byte) { raw.Segment(b) },
	}
	// Rates per CPU second of the process, not per wall second: on a
	// shared machine the two sides would otherwise get different shares.
	var cpu [2]time.Duration
	rounds := 0
	for rounds == 0 || min(cpu[0], cpu[1]) < 500*time.Millisecond {
		for i, f := range sides {
			c0 := cpuTime()
			for _, b := range bs {
				f(b)
			}
			cpu[i] += cpuTime() - c0
		}
		rounds++
	}
	rate := func(d time.Duration) float64 {
		return float64(total*rounds) / 1e6 / max(d, time.Millisecond).Seconds()
	}
	r.Segment.MBPerS = round2(rate(cpu[0]))
	r.Segment.RawMBPerS = round2(rate(cpu[1]))
	r.Segment.Ratio = round2(r.Segment.MBPerS / r.Segment.RawMBPerS)
	return nil
}

// benchIndex indexes the same measures with our index and with plain bleve
// and the stock cjk analyzer.
func benchIndex(ctx context.Context, r *benchReport, tmp string, ds []*corpus.Disclosure, ids, texts []string, mb float64) error {
	// Per CPU second of the process (bleve's merges included), as benchSegment.
	start := cpuTime()
	ix, err := indexer.Open(ctx, filepath.Join(tmp, "ours"), indexer.Options{})
	if err != nil {
		return err
	}
	if err := ix.Add(ctx, ds...); err != nil {
		return errors.Join(err, ix.Close())
	}
	if err := ix.Close(); err != nil {
		return err
	}
	r.Ingest.MBPerS = round2(mb / max(cpuTime()-start, time.Millisecond).Seconds())
	start = cpuTime()
	bl, err := indexer.NewBaseline(filepath.Join(tmp, "baseline"))
	if err != nil {
		return err
	}
	if err := bl.Add(ctx, ids, texts); err != nil {
		return errors.Join(err, bl.Close())
	}
	if err := bl.Close(); err != nil {
		return err
	}
	r.Ingest.BaselineMBPerS = round2(mb / max(cpuTime()-start, time.Millisecond).Seconds())
	r.Ingest.Ratio = round2(r.Ingest.MBPerS / r.Ingest.BaselineMBPerS)
	return nil
}

// benchBaselineSearch times the baseline's phrase queries: the index
// benchIndex built and timed, on disk (a second one in memory held 1.9 GB
// at 2,000 disclosures), with every measure (completeBaseline).
func benchBaselineSearch(ctx context.Context, r *benchReport, tmp string, qs []string) error {
	bl, err := indexer.OpenBaseline(filepath.Join(tmp, "baseline"))
	if err != nil {
		return err
	}
	defer bl.Close()
	lat := make([]float64, 0, len(qs))
	for _, q := range qs {
		start := time.Now()
		if _, err := bl.Phrase(ctx, q); err != nil {
			return err
		}
		lat = append(lat, ms(time.Since(start)))
	}
	r.Search.BaselineP99Ms = percentile(lat, 0.99)
	return nil
}

// completeBaseline adds the measures past the ratio sample to the baseline
// index benchIndex built on disk.
func completeBaseline(ctx context.Context, tmp string, ids, texts []string) error {
	if len(ids) == 0 {
		return nil
	}
	bl, err := indexer.OpenBaseline(filepath.Join(tmp, "baseline"))
	if err != nil {
		return err
	}
	if err := bl.Add(ctx, ids, texts); err != nil {
		return errors.Join(err, bl.Close())
	}
	return bl.Close()
}

// phrases draws query phrases of 2–6 characters from the measure texts
// (synth.Pieces, seeds fixed: every run draws the same).
func phrases(texts []string, n int) []string { return synth.Pieces(texts, n, 7, 11) }

// otherPhrases draws as phrases does, with other seeds.
func otherPhrases(texts []string, n int) []string { return synth.Pieces(texts, n, 13, 17) }

// benchSearch times searches as the page sends them (with four facets and
// highlights) right after the ingest, the same without facets, other
// searches after those (others), and HTTP throughput.
func benchSearch(ctx context.Context, r *benchReport, lib *library.Library, qs, others []string) error {
	pageFacets := []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear}
	timeAll := func(qs, facets []string) ([]float64, error) {
		lat := make([]float64, 0, len(qs))
		for _, q := range qs {
			start := time.Now()
			if _, err := lib.Search(ctx, indexer.Query{Text: q, Highlight: true, Facets: facets}); err != nil {
				return nil, err
			}
			lat = append(lat, ms(time.Since(start)))
		}
		return lat, nil
	}
	lat, err := timeAll(qs, pageFacets)
	if err != nil {
		return err
	}
	r.Search.Queries = len(qs)
	r.Search.P50Ms, r.Search.P99Ms = percentile(lat, 0.50), percentile(lat, 0.99)
	if lat, err = timeAll(qs, nil); err != nil {
		return err
	}
	r.Search.NoFacetsP50Ms, r.Search.NoFacetsP99Ms = percentile(lat, 0.50), percentile(lat, 0.99)
	// serve's warmer reads the common terms' postings after a change; the
	// searches above ran before it, as the first ones after an ingest can.
	start := time.Now()
	lists, err := lib.WarmPostings(ctx)
	if err != nil {
		return err
	}
	r.Search.WarmPostingsLists, r.Search.WarmPostingsSeconds = lists, round2(time.Since(start).Seconds())
	if lat, err = timeAll(others, pageFacets); err != nil {
		return err
	}
	r.Search.WarmP50Ms, r.Search.WarmP99Ms = percentile(lat, 0.50), percentile(lat, 0.99)

	gin.SetMode(gin.ReleaseMode) // as serve runs it
	srv := api.New(api.Options{Backend: api.LibraryBackend(lib)})
	defer srv.Close(ctx)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	const workers = 4
	var wg sync.WaitGroup
	var mu sync.Mutex
	var failed error
	start = time.Now()
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(qs); i += workers {
				res, err := http.Get(ts.URL + "/api/v1/measures/search?q=" + url.QueryEscape(qs[i]))
				if err == nil {
					res.Body.Close()
					if res.StatusCode != http.StatusOK {
						err = fmt.Errorf("search %q: HTTP %d", qs[i], res.StatusCode)
					}
				}
				if err != nil {
					mu.Lock()
					failed = err
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	if failed != nil {
		return failed
	}
	r.Search.QPSHTTP = round2(float64(len(qs)) / time.Since(start).Seconds())
	return nil
}

func benchAnalytics(ctx context.Context, r *benchReport, lib *library.Library) error {
	// The first calls after the ingest: nothing cached, the store read.
	start, cpu := time.Now(), cpuTime()
	if _, err := lib.Compare(ctx, "unit", nil, nil); err != nil {
		return err
	}
	r.Analytics.CompareMs = ms(time.Since(start))
	r.Analytics.CompareCPUMs = ms(cpuTime() - cpu)
	start, cpu = time.Now(), cpuTime()
	if _, err := lib.Recurring(ctx, 2); err != nil {
		return err
	}
	r.Analytics.RecurringMs = ms(time.Since(start))
	r.Analytics.RecurringCPUMs = ms(cpuTime() - cpu)
	start = time.Now()
	if _, err := lib.Duplicates(ctx, library.DefaultDuplicateThreshold, true); err != nil {
		return err
	}
	r.Analytics.DuplicatesMs = ms(time.Since(start))
	// Served after the warm-up: the routes' calls once their answers are
	// cached (the warm-up computes the same ones: CompareWhere by unit and
	// Recurring), the median of 5.
	if _, err := lib.CompareWhere(ctx, "unit", nil, nil, library.Filter{}, 10); err != nil {
		return err
	}
	var cs, rs []float64
	for range 5 {
		start = time.Now()
		if _, err := lib.CompareWhere(ctx, "unit", nil, nil, library.Filter{}, 10); err != nil {
			return err
		}
		cs = append(cs, ms(time.Since(start)))
		start = time.Now()
		if _, err := lib.Recurring(ctx, 2); err != nil {
			return err
		}
		rs = append(rs, ms(time.Since(start)))
	}
	r.Analytics.CompareServedMs, r.Analytics.RecurringServedMs = percentile(cs, 0.5), percentile(rs, 0.5)
	return nil
}

func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(p * float64(len(s)-1))
	return round2(s[i])
}

func ms(d time.Duration) float64 { return round2(float64(d.Microseconds()) / 1000) }

func round2(x float64) float64 { return float64(int64(x*100+0.5)) / 100 }

// peakRSSMB reads the process's peak resident set (VmHWM) on Linux; 0
// elsewhere.
func peakRSSMB() float64 { return statusMB("VmHWM:") }

// statusMB reads one kB figure of /proc/self/status (Linux) in MB; 0
// elsewhere.
func statusMB(key string) float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, key); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			if err == nil {
				return round2(float64(kb) / 1024)
			}
		}
	}
	return 0
}

func writeBench(e *env, r *benchReport) {
	w := e.stdout
	fmt.Fprintf(w, "corpus     %d synthetic disclosures, %d measures, %.2f MB\n", r.Corpus.Disclosures, r.Corpus.Measures, r.Corpus.MB)
	fmt.Fprintf(w, "parse      %.1f MB/s (normalise + classify + parse, one goroutine)\n", r.Parse.MBPerS)
	fmt.Fprintf(w, "segment    %.1f MB per CPU-s search-mode tokens vs %.1f MB per CPU-s raw gse Segment: ratio %.2f\n", r.Segment.MBPerS, r.Segment.RawMBPerS, r.Segment.Ratio)
	fmt.Fprintf(w, "index      %.2f MB per CPU-s of measure text vs %.2f MB per CPU-s plain bleve + cjk: ratio %.2f (segment and index ratios on the first %d disclosures)\n", r.Ingest.MBPerS, r.Ingest.BaselineMBPerS, r.Ingest.Ratio, r.RatioSample)
	fmt.Fprintf(w, "ingest     %.1f files/s (read, parse, store, index); %.1f CPU s per 1,000 files; peak RSS %.0f MB\n", r.Ingest.FilesPerS, r.Ingest.CPUSPer1000, r.Ingest.PeakRSSMB)
	writePhases(w, r.PhasesRSS)
	if len(r.PhasesRSS) > 0 {
		limit := "no memory limit"
		if r.MemoryLimitMB > 0 {
			limit = fmt.Sprintf("memory limit %d MB, as serve and ingest run", r.MemoryLimitMB)
		}
		fmt.Fprintf(w, "           the product's peak (ingest, search, analytics, warm-up, load run): %.0f MB, of which anonymous %.0f MB (the rest pages of the mapped index files); %s\n", r.ProductPeakRSSMB, r.ProductPeakAnonMB, limit)
	}
	fmt.Fprintf(w, "size       per 1,000 disclosures: index %.1f MB, store %.1f MB\n", r.Ingest.IndexMBPer1000, r.Ingest.StoreMBPer1000)
	fmt.Fprintf(w, "search     %d queries: p50 %.2f ms, p99 %.2f ms (plain bleve phrase p99 %.2f ms); HTTP %.0f queries/s\n",
		r.Search.Queries, r.Search.P50Ms, r.Search.P99Ms, r.Search.BaselineP99Ms, r.Search.QPSHTTP)
	fmt.Fprintf(w, "facets     the same queries without facets: p50 %.2f ms, p99 %.2f ms (facet cost p50 %.2f ms)\n",
		r.Search.NoFacetsP50Ms, r.Search.NoFacetsP99Ms, r.Search.P50Ms-r.Search.NoFacetsP50Ms)
	fmt.Fprintf(w, "warm       %d other queries after those and serve's warm-up of the common terms' postings (%d lists, %.2f s), with facets: p50 %.2f ms, p99 %.2f ms\n",
		r.Search.Queries, r.Search.WarmPostingsLists, r.Search.WarmPostingsSeconds, r.Search.WarmP50Ms, r.Search.WarmP99Ms)
	fmt.Fprintf(w, "analytics  compare %.1f ms, recurring %.1f ms, duplicates %.1f ms\n", r.Analytics.CompareMs, r.Analytics.RecurringMs, r.Analytics.DuplicatesMs)
	fmt.Fprintf(w, "           first calls after the ingest: compare %.1f ms (%.1f ms CPU, reading the store), recurring %.1f ms (%.1f ms CPU, on what compare read); served once warmed: compare %.2f ms, recurring %.2f ms\n",
		r.Analytics.CompareMs, r.Analytics.CompareCPUMs, r.Analytics.RecurringMs, r.Analytics.RecurringCPUMs, r.Analytics.CompareServedMs, r.Analytics.RecurringServedMs)
	first := "the first open"
	if r.Load != nil {
		first = "the first open after the load run, which indexes what its cut ingest stored but had not indexed,"
	}
	fmt.Fprintf(w, "startup    %.0f ms (load the dictionary %.0f ms, open the data folder %.0f ms: all that stats pays; median of 3 opens after a sync; %s %.0f ms)\n", r.StartupMs, r.DictMs, r.OpenMs, first, r.OpenFirstMs)
	fmt.Fprintf(w, "dictionary %s; building it (the first process) takes %.0f ms\n", r.DictSource, r.DictBuildMs)
	if l := r.Load; l != nil {
		fmt.Fprintf(w, "warm-up    %.1f s: what serve builds after start (analytics caches, near-duplicate index), built before the load run\n", l.WarmSeconds)
		for _, ph := range []struct {
			name string
			p    loadPhase
		}{{"load", l.Idle}, {"+ ingest", l.Ingesting}} {
			fmt.Fprintf(w, "%-10s %d clients × %.0f s on 127.0.0.1: %.0f queries/s, p50 %.2f ms, p99 %.2f ms, %d errors, peak RSS %.0f MB (anon %.0f)\n",
				ph.name, l.Clients, l.Seconds, ph.p.QPS, ph.p.P50Ms, ph.p.P99Ms, ph.p.Errors, ph.p.PeakRSSMB, ph.p.PeakAnonMB)
		}
		state := "finished"
		if !l.IngestFinished {
			state = "stopped at the end of the phase"
		}
		fmt.Fprintf(w, "           the ingest job read %d and stored %d of %d files in %.1f s (%s)\n", l.IngestDone, l.IngestStored, l.IngestFiles, l.IngestSeconds, state)
	}
	if o, b := r.Relevance.Ours, r.Relevance.Baseline; o != nil && b != nil {
		fmt.Fprintf(w, "relevance  %d judged queries: recall %.3f, P@10 %.3f, nDCG@10 %.3f, %d empty, %d negatives answered; p50 %.2f ms, p99 %.2f ms\n",
			o.All.Queries, o.All.Recall, o.All.P10, o.All.NDCG10, o.All.Empty, o.All.NegativesFound, o.P50Ms, o.P99Ms)
		fmt.Fprintf(w, "           plain bleve + cjk: recall %.3f, P@10 %.3f, nDCG@10 %.3f, %d empty, %d negatives answered\n",
			b.All.Recall, b.All.P10, b.All.NDCG10, b.All.Empty, b.All.NegativesFound)
	}
	writeStoreBench(e, r.Store)
}

// cpuTime is the process's user plus system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// dirMB is the size in MB of the files under path (or of the file path).
func dirMB(path string) float64 {
	var n int64
	_ = filepath.WalkDir(path, func(_ string, d os.DirEntry, err error) error {
		if err != nil {
			return nil // a file gone meanwhile: not counted
		}
		if info, err := d.Info(); err == nil && info.Mode().IsRegular() {
			n += info.Size()
		}
		return nil
	})
	return float64(n) / 1e6
}
