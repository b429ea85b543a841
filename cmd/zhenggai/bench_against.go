package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/synth"
)

// againstReport is `zhenggai bench --against URL`: the load run's 40
// clients against a server running elsewhere (another process, a memory
// capped control group, another machine), a warm-up run then a measured
// one, each as long as --load.
type againstReport struct {
	URL         string     `json:"url"`
	Disclosures int        `json:"disclosures"` // the synthetic corpus the queries are drawn from
	Queries     int        `json:"queries"`     // distinct queries, asked round robin
	Clients     int        `json:"clients"`
	Seconds     float64    `json:"seconds"` // of each run
	Warm        againstRun `json:"warm"`
	Run         againstRun `json:"run"`
}

// againstRun is one run's figures as the clients saw them.
type againstRun struct {
	Queries int     `json:"queries"`
	QPS     float64 `json:"qps"`
	P50Ms   float64 `json:"p50_ms"`
	P99Ms   float64 `json:"p99_ms"`
	Errors  int     `json:"errors"`
}

// checkAgainstURL accepts an http(s) URL with a host and no query: the
// server's root, to which the search route is added.
func checkAgainstURL(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
		return "", fmt.Errorf("%w: --against takes a server's address, as http://127.0.0.1:8080, got %q", errUsage, raw)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// benchAgainst draws the queries `bench --scale n` asks (pieces of the
// measure texts of n synthetic disclosures: the generator's phrasing, which
// a folder `zhenggai generate` wrote holds too, whatever its --units) and
// runs the load run's clients against base for d, twice.
func benchAgainst(ctx context.Context, e *env, base string, n int, seed int64, d time.Duration) (*againstReport, error) {
	qs, err := againstQueries(ctx, n, seed)
	if err != nil {
		return nil, err
	}
	client := newLoadClient()
	defer client.CloseIdleConnections()
	// One search first: a server that is not there, or refuses, is told
	// apart from a slow one.
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/measures/search?q="+url.QueryEscape(qs[0]), nil)
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", base, err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("search %s: %w", base, err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("search %s: HTTP %d", base, resp.StatusCode)
	}
	fmt.Fprintf(e.stderr, "zhenggai: %d queries from %d synthetic disclosures; %d clients against %s, %v to warm up, then %v measured\n",
		len(qs), n, loadClients, base, d, d)
	r := &againstReport{URL: base, Disclosures: n, Queries: len(qs), Clients: loadClients, Seconds: d.Seconds()}
	for _, run := range []*againstRun{&r.Warm, &r.Run} {
		p := loadPhaseRun(ctx, client, base, qs, d) // its RSS figures are this process's: not kept
		*run = againstRun{Queries: p.Queries, QPS: p.QPS, P50Ms: p.P50Ms, P99Ms: p.P99Ms, Errors: p.Errors}
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("load against %s: %w", base, err)
		}
	}
	return r, nil
}

func writeAgainst(w io.Writer, r *againstReport) {
	fmt.Fprintf(w, "against    %s, %d clients, %d queries from %d synthetic disclosures, %.0f s each run\n",
		r.URL, r.Clients, r.Queries, r.Disclosures, r.Seconds)
	for _, x := range []struct {
		name string
		run  againstRun
	}{{"warm-up", r.Warm}, {"measured", r.Run}} {
		fmt.Fprintf(w, "%-10s %d queries, %.1f queries/s, p50 %.1f ms, p99 %.1f ms, %d errors\n",
			x.name, x.run.Queries, x.run.QPS, x.run.P50Ms, x.run.P99Ms, x.run.Errors)
	}
}

// againstQueries draws the queries `bench --scale n` asks.
func againstQueries(ctx context.Context, n int, seed int64) ([]string, error) {
	parser := corpus.NewParser(corpus.Options{})
	var texts []string
	docs, err := synth.GenerateContext(ctx, synth.Options{Seed: seed, Disclosures: n})
	if err != nil {
		return nil, fmt.Errorf("draw queries: %w", err)
	}
	for i, doc := range docs {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("draw queries: %w", err)
			}
		}
		rec, err := parser.Parse(corpus.Input{Text: doc.Text})
		if err != nil {
			return nil, fmt.Errorf("draw queries: parse %s: %w", doc.Name, err)
		}
		for _, m := range rec.Measures {
			texts = append(texts, strings.Clone(m.Text))
		}
	}
	qs := phrases(texts, 1000)
	if len(qs) == 0 {
		return nil, fmt.Errorf("draw queries: %d disclosures gave none", n)
	}
	return qs, nil
}
