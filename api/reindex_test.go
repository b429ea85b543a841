package api_test

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// TestReindexRoute: a key holder rebuilds the index through the API (the
// CLI's reindex beside a running server); searches find the same measures
// after it, and a second POST while one runs answers its state.
func TestReindexRoute(t *testing.T) {
	ctx := context.Background()
	lib, err := library.Open(ctx, t.TempDir(), library.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	if _, err := lib.Ingest(ctx, []string{filepath.Join(fixturesDir, "01_district_culture_layoutA.txt"),
		filepath.Join(fixturesDir, "02_county_housing_layoutB.txt")}, nil, nil); err != nil {
		t.Fatal(err)
	}
	h := newServer(t, lib, api.Options{})
	before := searchTotal(t, h, "q=整改")
	if before == 0 {
		t.Fatal("no measure found before the rebuild")
	}
	var st api.ReindexStatus
	decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/reindex", key: testKey}), http.StatusOK, &st)
	if st.State != api.ReindexIdle {
		t.Fatalf("state before any rebuild: %+v", st)
	}
	decode(t, h.do(call{method: http.MethodPost, target: "/api/v1/reindex", key: testKey}), http.StatusAccepted, &st)
	if st.State != api.ReindexRunning && st.State != api.ReindexDone {
		t.Fatalf("state after POST: %+v", st)
	}
	deadline := time.Now().Add(60 * time.Second)
	for st.State == api.ReindexRunning && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		decode(t, h.do(call{method: http.MethodGet, target: "/api/v1/reindex", key: testKey}), http.StatusOK, &st)
	}
	if st.State != api.ReindexDone || st.Total != 2 || st.Done != 2 || st.Finished == nil {
		t.Fatalf("rebuild ended %+v", st)
	}
	if after := searchTotal(t, h, "q=整改"); after != before {
		t.Errorf("%d measures found after the rebuild, %d before", after, before)
	}
}
