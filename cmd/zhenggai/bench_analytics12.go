package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/corpus/synth"
	"github.com/zhenggai/zhenggai/corpus/theme"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// themeBench is the tagger's score on one labelled set (corpus/theme).
type themeBench struct {
	Set        string        `json:"set"`
	Measures   int           `json:"measures"`
	Overall    theme.Score   `json:"overall"`
	MacroF1    float64       `json:"macro_f1"`
	Exact      float64       `json:"exact"`
	PerTheme   []theme.Score `json:"themes"`
	MissesSeen int           `json:"misses"`
}

// benchThemes evaluates the built-in tagger on the three labelled sets.
func benchThemes() []themeBench {
	tg := theme.NewTagger(nil)
	var out []themeBench
	for _, s := range []struct {
		name string
		set  []theme.Labelled
	}{{"labelled", theme.LabelledSet()}, {"holdout", theme.HoldoutSet()}, {"fixture_sample", theme.FixtureSampleSet()}} {
		ev := theme.Evaluate(tg, s.set)
		out = append(out, themeBench{Set: s.name, Measures: ev.Measures, Overall: ev.Overall, MacroF1: round2(ev.MacroF1),
			Exact: round2(ev.Exact), PerTheme: ev.Themes, MissesSeen: len(ev.Misses)})
	}
	return out
}

// writeThemes prints each set's overall score and its weakest themes.
func writeThemes(w io.Writer, ts []themeBench) {
	for _, t := range ts {
		fmt.Fprintf(w, "themes     %s set, %d measures: precision %.3f recall %.3f F1 %.3f (macro F1 %.3f, exact %.2f)\n",
			t.Set, t.Measures, t.Overall.Precision, t.Overall.Recall, t.Overall.F1, t.MacroF1, t.Exact)
		for _, s := range t.PerTheme {
			if s.Support > 0 && s.F1 < 0.9 {
				fmt.Fprintf(w, "             %-4s support %d  P %.2f R %.2f F1 %.2f\n", s.ID, s.Support, s.Precision, s.Recall, s.F1)
			}
		}
	}
}

// routeBench is the first page of one analytics route.
type routeBench struct {
	Route string  `json:"route"`
	Ms    float64 `json:"ms"`
	Bytes int     `json:"bytes"`
	// Status is the HTTP status; Computing is true when the answer said
	// the clustering was still being computed.
	Status    int  `json:"status"`
	Computing bool `json:"computing,omitempty"`
	// Within is true when the page came in ≤ 1 s and ≤ 1 MB.
	Within bool `json:"within"`
	// Asked says who sends this request: "page" (the web page's first
	// request of the view), "default" (the API's default request), or
	// "next" (a later page, or a filtered request).
	Asked string `json:"asked"`
}

// analyticsPhase is every analytics route timed on one fresh library open.
type analyticsPhase struct {
	// Name is "cold" (opened without warming, as a one-shot command: the
	// first call of a route pays its computation) or "served" (opened as
	// `serve` opens it, warming the analytics in the background; the routes
	// are asked once the warm-up is done).
	Name string `json:"name"`
	// WarmS is how long the warm-up took after the open (served only).
	WarmS  float64      `json:"warm_s,omitempty"`
	Routes []routeBench `json:"routes"`
}

// analyticsScale is `zhenggai bench --analytics-scale N`.
type analyticsScale struct {
	Disclosures int                `json:"disclosures"`
	Measures    int                `json:"measures"`
	IngestS     float64            `json:"ingest_s"`
	Phases      []analyticsPhase   `json:"phases"`
	Planted     synth.PlantedScore `json:"planted"`
	PeakRSSMB   float64            `json:"peak_rss_mb"`
	// Restart is the first clusters page after the library is closed and
	// opened again on the same data (the near-duplicate index rebuilt).
	Restart *restartBench `json:"restart,omitempty"`
}

// restartBench is the first clusters page after a restart: the time to
// open the library, the page's time, and the Go heap the page left
// allocated (the near-duplicate index and its clustering), per measure.
type restartBench struct {
	OpenMs          float64 `json:"open_ms"`
	ClustersMs      float64 `json:"clusters_ms"`
	ClustersCPUMs   float64 `json:"clusters_cpu_ms"` // the process's CPU time during the page
	Computed        int64   `json:"signatures_computed"`
	HeapMB          float64 `json:"heap_mb"`
	HeapPerMeasureB int     `json:"heap_per_measure_b"`
}

// benchAnalyticsScale ingests n synthetic disclosures, then times the first
// page of every analytics route over loopback HTTP, each phase on a fresh
// open of the data folder: "cold" as a one-shot command opens it (nothing
// warmed: the first call of a route pays its computation), "served" as
// `serve` opens it (the analytics warmed in the background; the routes are
// asked once the warm-up is done, which is timed). It reports the peak RSS
// and scores the near-duplicate clusters against the generator's planted
// copies.
func benchAnalyticsScale(ctx context.Context, e *env, n int, seed int64) (*analyticsScale, error) {
	tmp, err := os.MkdirTemp("", "zhenggai-bench-analytics-*")
	if err != nil {
		return nil, fmt.Errorf("create bench folder: %w", err)
	}
	defer os.RemoveAll(tmp)
	docs := synth.Generate(synth.Options{Seed: seed, Disclosures: n})
	in := filepath.Join(tmp, "in")
	if err := os.MkdirAll(in, 0o755); err != nil {
		return nil, fmt.Errorf("create bench input: %w", err)
	}
	for _, d := range docs {
		if err := os.WriteFile(filepath.Join(in, d.Name), []byte(d.Text), 0o644); err != nil {
			return nil, fmt.Errorf("write bench input: %w", err)
		}
	}
	r := &analyticsScale{Disclosures: len(docs)}
	if r.Planted, err = synth.ScorePlanted(docs, 0); err != nil {
		return nil, err
	}
	docs = nil
	data := filepath.Join(tmp, "data")
	lib, err := library.Open(ctx, data, library.Options{Logger: e.log})
	if err != nil {
		return nil, err
	}
	start := time.Now()
	sum, err := lib.Ingest(ctx, []string{in}, nil, nil)
	if err != nil {
		return nil, errors.Join(err, lib.Close())
	}
	r.IngestS = round2(time.Since(start).Seconds())
	r.Measures = sum.Measures
	if err := lib.Close(); err != nil {
		return nil, err
	}
	for _, warm := range []bool{false, true} {
		ph, err := benchAnalyticsPhase(ctx, e, data, warm)
		if err != nil {
			return nil, err
		}
		r.Phases = append(r.Phases, ph)
	}
	if r.Restart, err = benchRestart(ctx, e, data, r.Measures); err != nil {
		return nil, err
	}
	r.PeakRSSMB = peakRSSMB()
	return r, nil
}

// benchAnalyticsPhase opens the data folder afresh (warming as `serve`
// does when warm is set, and waiting for the warm-up) and times every
// analytics route's first page over loopback HTTP.
func benchAnalyticsPhase(ctx context.Context, e *env, data string, warm bool) (analyticsPhase, error) {
	ph := analyticsPhase{Name: "cold"}
	if warm {
		ph.Name = "served"
	}
	start := time.Now()
	lib, err := library.Open(ctx, data, library.Options{Logger: e.log, WarmAnalytics: warm})
	if err != nil {
		return ph, err
	}
	defer lib.Close()
	if warm {
		for {
			seq, err := lib.Store().LastChange(ctx)
			if err != nil {
				return ph, err
			}
			if ws := lib.WarmState(); ws.Warmed && !ws.Warming && ws.Seq == seq {
				break
			} else if ws.Err != "" {
				return ph, fmt.Errorf("warm the analytics: %s", ws.Err)
			}
			select {
			case <-ctx.Done():
				return ph, ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
		ph.WarmS = round2(time.Since(start).Seconds())
	}
	gin.SetMode(gin.ReleaseMode)
	// The server's own request deadline (api.DefaultRequestTimeout).
	srv := api.New(api.Options{Backend: api.LibraryBackend(lib)})
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	get := func(path, asked string) (routeBench, []byte, error) {
		start := time.Now()
		res, err := http.Get(ts.URL + path)
		if err != nil {
			return routeBench{}, nil, err
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			return routeBench{}, nil, err
		}
		rb := routeBench{Route: path, Ms: ms(time.Since(start)), Bytes: len(b), Status: res.StatusCode, Asked: asked}
		var c struct {
			Computing bool `json:"computing"`
		}
		rb.Computing = json.Unmarshal(b, &c) == nil && c.Computing
		rb.Within = rb.Ms <= 1000 && rb.Bytes <= 1<<20 && rb.Status == http.StatusOK && !rb.Computing
		return rb, b, nil
	}
	const v1 = "/api/v1"
	var unitKey string
	// The web page's requests (api/web/static: analytics12.js, app.js),
	// then the API's defaults, then later pages and a filtered compare.
	for _, rq := range []struct{ path, asked string }{
		{v1 + "/analytics/clusters?limit=20&offset=0&members=10", "page"},
		{v1 + "/analytics/recurring/units?limit=10&offset=0&measures_shown=2", "page"},
		{v1 + "/analytics/common/themes?limit=20", "page"},
		{v1 + "/analytics/trends?by=round&limit=8", "page"},
		{v1 + "/analytics/trends?by=year&limit=8", "page"},
		{v1 + "/analytics/compare?by=unit&top=5&limit=40&measure_ids=0", "page"},
		{v1 + "/analytics/compare?by=round&top=5&limit=40&measure_ids=0", "page"},
		{"profile?copied_limit=20", "page"},
		{v1 + "/analytics/duplicates", "page"},
		{v1 + "/analytics/clusters", "default"},
		{v1 + "/analytics/recurring/units", "default"},
		{v1 + "/analytics/common/themes", "default"},
		{v1 + "/analytics/trends", "default"},
		{v1 + "/analytics/compare?by=unit", "default"},
		{v1 + "/analytics/compare?by=round", "default"},
		{"profile", "default"},
		{v1 + "/analytics/recurring", "default"},
		{v1 + "/analytics/common", "default"},
		{v1 + "/analytics/clusters?limit=20&offset=20&members=10", "next"},
		{v1 + "/analytics/recurring/units?limit=10&offset=10&measures_shown=2", "next"},
		{v1 + "/analytics/compare?by=unit&q=" + url.QueryEscape("整改"), "next"},
	} {
		path := rq.path
		if q, ok := strings.CutPrefix(path, "profile"); ok {
			if unitKey == "" {
				continue
			}
			path = v1 + "/units/" + url.PathEscape(unitKey) + "/profile" + q
		}
		rb, body, err := get(path, rq.asked)
		if err != nil {
			return ph, fmt.Errorf("bench %s: %w", path, err)
		}
		ph.Routes = append(ph.Routes, rb)
		if unitKey == "" && rb.Status == http.StatusOK && strings.HasPrefix(path, v1+"/analytics/recurring/units") {
			var ru struct {
				Units []struct {
					UnitKey string `json:"unit_key"`
				} `json:"units"`
			}
			if json.Unmarshal(body, &ru) == nil && len(ru.Units) > 0 {
				unitKey = ru.Units[0].UnitKey
			}
		}
	}
	return ph, nil
}

// benchRestart opens the data folder again and times the first clusters
// page, which builds the near-duplicate index from the store.
func benchRestart(ctx context.Context, e *env, dir string, measures int) (*restartBench, error) {
	start := time.Now()
	lib, err := library.Open(ctx, dir, library.Options{Logger: e.log})
	if err != nil {
		return nil, fmt.Errorf("bench restart: %w", err)
	}
	defer lib.Close()
	rb := &restartBench{OpenMs: ms(time.Since(start))}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start, cpu0 := time.Now(), cpuTime()
	if _, err := lib.Clusters(ctx, library.ClusterQuery{}); err != nil {
		return nil, fmt.Errorf("bench restart: %w", err)
	}
	rb.ClustersMs, rb.ClustersCPUMs = ms(time.Since(start)), ms(cpuTime()-cpu0)
	rb.Computed = lib.SignaturesComputed()
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	rb.HeapMB = round2(float64(grown) / (1 << 20))
	if measures > 0 {
		rb.HeapPerMeasureB = int(grown / int64(measures))
	}
	return rb, nil
}

// writeAnalyticsScale prints the analytics-scale run.
func writeAnalyticsScale(w io.Writer, r *analyticsScale) {
	fmt.Fprintf(w, "analytics  %d synthetic disclosures, %d measures, ingested in %.1f s; peak RSS %.0f MB\n",
		r.Disclosures, r.Measures, r.IngestS, r.PeakRSSMB)
	for _, ph := range r.Phases {
		switch ph.Name {
		case "served":
			fmt.Fprintf(w, "  served: a fresh open warming the analytics as `serve` does; warmed %.1f s after the open, then:\n", ph.WarmS)
		default:
			fmt.Fprintf(w, "  cold: a fresh open without warming, as a one-shot command (the first call of each route pays its computation):\n")
		}
		for _, rb := range ph.Routes {
			mark := "ok"
			if !rb.Within {
				mark = "OVER (target ≤ 1 s, ≤ 1 MB)"
			}
			if rb.Computing {
				mark += ", still computing"
			}
			fmt.Fprintf(w, "  %9.1f ms %9d B  %d  %-7s  %s  %s\n", rb.Ms, rb.Bytes, rb.Status, rb.Asked, rb.Route, mark)
		}
	}
	if rs := r.Restart; rs != nil {
		fmt.Fprintf(w, "restart    open %.0f ms, first clusters page %.1f ms (%.0f ms CPU, %d signatures computed); near-duplicate index and clustering %.1f MB of heap (%d B per measure)\n",
			rs.OpenMs, rs.ClustersMs, rs.ClustersCPUMs, rs.Computed, rs.HeapMB, rs.HeapPerMeasureB)
	}
	p := r.Planted
	fmt.Fprintf(w, "planted    %d copies in %d measures: %d clusters, recall %.3f (%d), precision %.3f (%d impure, %d merging two sources)\n",
		p.Planted, p.Measures, p.Clusters, p.Recall, p.Recalled, p.Precision, p.Impure, p.Merged)
}
