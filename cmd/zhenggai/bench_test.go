package main

import (
	"encoding/json"
	"flag"
	"testing"
)

// TestBenchQuick runs the suite on a small synthetic corpus and checks that
// every figure was measured.
func TestBenchQuick(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the performance suite")
	}
	code, out, stderr := runCLI(t, nil, "bench", "--json", "--quick", "--disclosures", "30", "--load", "1s")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r benchReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("output is not the report: %v\n%s", err, out)
	}
	if !r.Corpus.Synthetic || r.Corpus.Disclosures != 30 || r.Corpus.Measures == 0 {
		t.Errorf("corpus %+v", r.Corpus)
	}
	for name, v := range map[string]float64{
		"parse": r.Parse.MBPerS, "segment": r.Segment.MBPerS, "raw gse": r.Segment.RawMBPerS,
		"index": r.Ingest.MBPerS, "baseline": r.Ingest.BaselineMBPerS, "files/s": r.Ingest.FilesPerS,
		"p50": r.Search.P50Ms, "p99": r.Search.P99Ms, "qps": r.Search.QPSHTTP,
		"warm p50": r.Search.WarmP50Ms, "warm p99": r.Search.WarmP99Ms,
		"open": r.OpenMs, "first open": r.OpenFirstMs, "dictionary": r.DictMs,
	} {
		if v <= 0 {
			t.Errorf("%s was not measured: %v", name, v)
		}
	}
	if l := r.Load; l == nil || l.Clients != 40 || l.Idle.Queries == 0 || l.Ingesting.Queries == 0 || l.Idle.Errors+l.Ingesting.Errors != 0 ||
		l.Idle.P99Ms < l.Idle.P50Ms || l.Ingesting.PeakRSSMB <= 0 || l.IngestSeconds <= 0 || l.WarmSeconds <= 0 || l.IngestFiles != 100 || (l.IngestFinished && l.IngestStored != l.IngestFiles) {
		t.Errorf("load run %+v", l)
	}
	if code, _, _ := runCLI(t, nil, "bench", "--load", "11m"); code != exitUsage {
		t.Errorf("--load 11m: exit %d, want %d", code, exitUsage)
	}
	if o := r.Relevance.Ours; o == nil || o.All.Queries < 60 || r.Relevance.Baseline == nil {
		t.Errorf("relevance not measured: %+v", o)
	}
	// The product's peak leaves the harness's phases out: it is the highest
	// of the other phases and of the load run, and the run had serve's limit.
	want, wantAnon, harness := 0.0, 0.0, 0
	for _, p := range r.PhasesRSS {
		if p.PeakAnonMB <= 0 || p.PeakAnonMB > p.PeakRSSMB+1 {
			t.Errorf("phase %q: anonymous peak %v MB against an RSS peak of %v MB", p.Phase, p.PeakAnonMB, p.PeakRSSMB)
		}
		if harnessPhase(p.Phase) {
			harness++
			continue
		}
		want, wantAnon = max(want, p.PeakRSSMB), max(wantAnon, p.PeakAnonMB)
	}
	if r.Load != nil {
		want = max(want, r.Load.Idle.PeakRSSMB, r.Load.Ingesting.PeakRSSMB)
		wantAnon = max(wantAnon, r.Load.Idle.PeakAnonMB, r.Load.Ingesting.PeakAnonMB)
	}
	if harness != 5 || len(r.PhasesRSS) != 9 || want <= 0 || r.ProductPeakRSSMB != want || r.ProductPeakAnonMB != wantAnon {
		t.Errorf("product peak %v MB (anon %v), want %v (anon %v) (phases %+v)", r.ProductPeakRSSMB, r.ProductPeakAnonMB, want, wantAnon, r.PhasesRSS)
	}
	if want, _, _ := heapLimitMB(flag.NewFlagSet("bench", flag.ContinueOnError), defaultMemoryLimitMB, ""); r.MemoryLimitMB != want {
		t.Errorf("memory limit %d MB, want serve's %d", r.MemoryLimitMB, want)
	}
	if r.Search.P99Ms < r.Search.P50Ms {
		t.Errorf("p99 %v below p50 %v", r.Search.P99Ms, r.Search.P50Ms)
	}
}
