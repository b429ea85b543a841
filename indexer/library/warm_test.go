package library_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// analyticsAnswers are the default answers of every analytics call, as
// JSON.
func analyticsAnswers(t *testing.T, lib *library.Library) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	put := func(name string, v any, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[name] = string(b)
	}
	ru, err := lib.RecurringByUnit(ctx, analytics.GroupOptions{MeasuresShown: 2, Limit: 10}, library.Filter{})
	put("recurring/units", ru, err)
	cg, err := lib.CommonByTheme(ctx, analytics.GroupOptions{}, library.Filter{})
	put("common/themes", cg, err)
	for _, per := range []string{analytics.PerRound, analytics.PerYear} {
		tr, sel, err := lib.Trends(ctx, per, 8, library.Filter{})
		put("trends/"+per, []any{tr, sel}, err)
	}
	for _, by := range []string{analytics.ByUnit, analytics.ByRound} {
		rc, err := lib.CompareWhere(ctx, by, nil, nil, library.Filter{}, 5)
		put("compare/"+by, rc, err)
		c, err := lib.Compare(ctx, by, nil, nil)
		put("compare-plain/"+by, c, err)
	}
	rec, err := lib.Recurring(ctx, 2)
	put("recurring", rec, err)
	com, err := lib.Common(ctx, 2)
	put("common", com, err)
	cl, err := lib.Clusters(ctx, library.ClusterQuery{})
	put("clusters", cl, err)
	return out
}

// waitWarm waits until the warmer has warmed the store's last change.
func waitWarm(t *testing.T, lib *library.Library) library.WarmState {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		seq, err := lib.Store().LastChange(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if ws := lib.WarmState(); ws.Warmed && !ws.Warming && ws.Seq == seq {
			return ws
		}
		if time.Now().After(deadline) {
			t.Fatalf("not warmed within a minute: %+v, last change %d", lib.WarmState(), seq)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestWarmAnalytics: a library that warms its analytics answers exactly
// what a cold one computes, warms again after a store change, and its
// answers follow the change.
func TestWarmAnalytics(t *testing.T) {
	dir := t.TempDir()
	lib := open(t, dir, library.Options{})
	ingestRounds(t, lib)
	cold := analyticsAnswers(t, lib)
	if err := lib.Close(); err != nil {
		t.Fatal(err)
	}

	warm := open(t, dir, library.Options{WarmAnalytics: true})
	defer warm.Close()
	ws := waitWarm(t, warm)
	if ws.Took <= 0 || ws.Err != "" {
		t.Errorf("warm state %+v", ws)
	}
	got := analyticsAnswers(t, warm)
	for name, want := range cold {
		if got[name] != want {
			t.Errorf("%s: warmed answer differs from the cold one:\n got %s\nwant %s", name, got[name], want)
		}
	}
	// A store change: the warmer warms it, and the answers count the new
	// disclosure's measures.
	before := ws.Seq
	in := t.TempDir()
	copyText := strings.NewReplacer("民政局", "教育局", "0898-5231176", "0898-5231300").Replace(minzhengRound1)
	if err := os.WriteFile(filepath.Join(in, "jiaoyu1.txt"), []byte(copyText), 0o644); err != nil {
		t.Fatal(err)
	}
	sum := ingest(t, warm, in)
	if sum.Stored != 1 {
		t.Fatalf("ingested %+v", sum)
	}
	if ws := waitWarm(t, warm); ws.Seq <= before {
		t.Errorf("warmed change %d, want after %d", ws.Seq, before)
	}
	_, selBefore, _ := analyticsTrend(t, cold)
	tr, sel, err := warm.Trends(context.Background(), analytics.PerRound, 0, library.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if sel.Measures != selBefore+sum.Measures || len(tr.Periods) == 0 {
		t.Errorf("after the ingest the trends cover %d measures, want %d + %d", sel.Measures, selBefore, sum.Measures)
	}
}

// analyticsTrend decodes the round trend of analyticsAnswers.
func analyticsTrend(t *testing.T, answers map[string]string) (analytics.Trend, int, error) {
	t.Helper()
	var pair []json.RawMessage
	if err := json.Unmarshal([]byte(answers["trends/round"]), &pair); err != nil || len(pair) != 2 {
		t.Fatalf("decode trends: %v", err)
	}
	var tr analytics.Trend
	var sel library.Selection
	if err := json.Unmarshal(pair[0], &tr); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(pair[1], &sel); err != nil {
		t.Fatal(err)
	}
	return tr, sel.Measures, nil
}

// TestClustersComputing: while the clustering is being computed, a query
// that stops waiting says so instead of blocking past its deadline; the
// computation goes on and a later query gets the clusters.
func TestClustersComputing(t *testing.T) {
	lib := groupedLibrary(t)
	defer lib.Close()
	release := library.HoldSimilar(lib)
	page, err := lib.Clusters(context.Background(), library.ClusterQuery{Wait: 50 * time.Millisecond})
	if err != nil || !page.Computing || len(page.Clusters) != 0 || page.Clusters == nil {
		t.Fatalf("while computing: %+v, %v", page, err)
	}
	// A context deadline bounds the wait too.
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	start := time.Now()
	page, err = lib.Clusters(ctx, library.ClusterQuery{})
	cancel()
	if err != nil || !page.Computing {
		t.Fatalf("with a deadline while computing: %+v, %v", page, err)
	}
	if d := time.Since(start); d >= 200*time.Millisecond {
		t.Errorf("answered after %v, past the deadline", d)
	}
	// A profile says its copied measures are being computed.
	ctx, cancel = context.WithTimeout(context.Background(), 500*time.Millisecond)
	p, err := lib.Profile(ctx, "平川县民政局", analytics.GroupOptions{}, 0)
	cancel()
	if err != nil || !p.Copied.Computing || p.Measures == 0 {
		t.Errorf("profile while computing: copied %+v, %d measures, %v", p.Copied, p.Measures, err)
	}
	release()
	page, err = lib.Clusters(context.Background(), library.ClusterQuery{})
	if err != nil || page.Computing || page.Total < 3 {
		t.Fatalf("after the computation: %+v, %v", page, err)
	}
}

// TestCloseWhileWarming: Close ends the warmer, even in the middle of a
// warm-up.
func TestCloseWhileWarming(t *testing.T) {
	dir := t.TempDir()
	lib := open(t, dir, library.Options{})
	ingestRounds(t, lib)
	if err := lib.Close(); err != nil {
		t.Fatal(err)
	}
	warm := open(t, dir, library.Options{WarmAnalytics: true})
	done := make(chan error, 1)
	go func() { done <- warm.Close() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Close did not return within 30 s")
	}
	if _, err := warm.Clusters(context.Background(), library.ClusterQuery{}); err == nil {
		t.Error("clusters of a closed library answered")
	}
}
