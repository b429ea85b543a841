package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"time"
)

// Phases that are the harness's work, not the product's: generating and
// parsing the corpus in memory, the same-run ratios (a second index of
// the sample and the plain bleve one), completing that baseline, and the
// relevance set with a second dictionary loaded to time start-up. The
// product's peak (productPeakRSS) leaves them out; the line prints them.
const (
	phaseGenerate  = "generate and parse"
	phaseRatios    = "segment and index ratios"
	phaseBaseline  = "baseline index"
	phaseBaseSrch  = "baseline search"
	phaseRelevance = "relevance and start-up"
	phaseWarm      = "warm-up" // the product's: serve's background warm-up, before the load run
)

// harnessPhase reports whether the phase named name is the harness's.
func harnessPhase(name string) bool {
	switch name {
	case phaseGenerate, phaseRatios, phaseBaseline, phaseBaseSrch, phaseRelevance:
		return true
	}
	return false
}

// phaseRSS is the process's peak resident memory during one phase of the
// bench, the phase started with the garbage of the previous one returned
// to the system.
type phaseRSS struct {
	Phase     string  `json:"phase"`
	PeakRSSMB float64 `json:"peak_rss_mb"`
	// PeakAnonMB is the highest anonymous resident memory seen (RssAnon,
	// sampled every 10 ms): the process's own memory, without the pages of
	// the index files it maps, which the kernel may drop and read again.
	PeakAnonMB float64 `json:"peak_anon_mb"`
}

// benchPhase is a phase in progress.
type benchPhase struct {
	r    *benchReport
	name string
	anon *anonSampler
}

// anonSampler samples the process's anonymous resident memory until
// stopped; Linux only (elsewhere it reports 0).
type anonSampler struct {
	stop chan struct{}
	done chan float64
}

// sampleAnon starts sampling RssAnon every 10 ms.
func sampleAnon() *anonSampler {
	a := &anonSampler{stop: make(chan struct{}), done: make(chan float64, 1)}
	go func() {
		peak := 0.0
		defer func() {
			_ = recover() // a failed read only loses the figure
			a.done <- peak
		}()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			peak = max(peak, statusMB("RssAnon:"))
			select {
			case <-a.stop:
				return
			case <-t.C:
			}
		}
	}()
	return a
}

// end stops the sampler and returns the peak in MB.
func (a *anonSampler) end() float64 {
	close(a.stop)
	return <-a.done
}

// startPhase frees what the previous phases left (debug.FreeOSMemory runs
// a collection and returns the memory), resets the peak and starts name.
func (r *benchReport) startPhase(name string) benchPhase {
	debug.FreeOSMemory()
	resetPeakRSS()
	return benchPhase{r: r, name: name, anon: sampleAnon()}
}

// end records the phase's peaks.
func (p benchPhase) end() {
	p.r.PhasesRSS = append(p.r.PhasesRSS, phaseRSS{Phase: p.name, PeakRSSMB: peakRSSMB(), PeakAnonMB: p.anon.end()})
}

// next ends p and starts the phase name.
func (p benchPhase) next(name string) benchPhase {
	p.end()
	return p.r.startPhase(name)
}

// peakOfPhases is the highest peak of the recorded phases.
func (r *benchReport) peakOfPhases() float64 {
	peak := 0.0
	for _, p := range r.PhasesRSS {
		peak = max(peak, p.PeakRSSMB)
	}
	return peak
}

// productPeakRSS is the highest peak of the product's phases (ingest,
// search, analytics, warm-up) and of the load run's two phases: what `ingest` and a
// warmed `serve` hold at this scale.
func (r *benchReport) productPeakRSS() (rss, anon float64) {
	for _, p := range r.PhasesRSS {
		if !harnessPhase(p.Phase) {
			rss, anon = max(rss, p.PeakRSSMB), max(anon, p.PeakAnonMB)
		}
	}
	if l := r.Load; l != nil {
		rss = max(rss, l.Idle.PeakRSSMB, l.Ingesting.PeakRSSMB)
		anon = max(anon, l.Idle.PeakAnonMB, l.Ingesting.PeakAnonMB)
	}
	return rss, anon
}

// writePhases prints the peak of every phase on one line.
func writePhases(w io.Writer, ps []phaseRSS) {
	if len(ps) == 0 {
		return
	}
	fmt.Fprint(w, "peak RSS  ")
	for i, p := range ps {
		sep := ","
		if i == len(ps)-1 {
			sep = ""
		}
		mark := ""
		if harnessPhase(p.Phase) {
			mark = " (harness)"
		}
		fmt.Fprintf(w, " %s%s %.0f MB (anon %.0f)%s", p.Phase, mark, p.PeakRSSMB, p.PeakAnonMB, sep)
	}
	fmt.Fprintln(w)
}
