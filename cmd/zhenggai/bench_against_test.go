package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/indexer"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// bench --against runs the load run's clients against a server running
// elsewhere: here an API over a folder of 20 generated disclosures. The
// queries find measures there, every answer is a 200, and a bad address,
// a missing --scale and a server that is not there are told apart.
func TestBenchAgainst(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	gen, data := filepath.Join(dir, "gen"), filepath.Join(dir, "data")
	if code, _, stderr := runCLI(t, nil, "generate", "--disclosures", "20", "-o", gen); code != exitOK {
		t.Fatalf("generate: exit %d\n%s", code, stderr)
	}
	if code, _, stderr := runCLI(t, nil, "--data", data, "ingest", gen); code != exitOK {
		t.Fatalf("ingest: exit %d\n%s", code, stderr)
	}
	lib, err := library.Open(ctx, data, library.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	srv := api.New(api.Options{Backend: api.LibraryBackend(lib), Logger: slog.New(slog.DiscardHandler)})
	defer srv.Close(ctx)
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()

	code, out, stderr := runCLI(t, nil, "bench", "--against", ts.URL+"/", "--scale", "20", "--load", "1s", "--json")
	if code != exitOK {
		t.Fatalf("bench --against: exit %d\n%s", code, stderr)
	}
	var r againstReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("report: %v\n%s", err, out)
	}
	if r.URL != ts.URL || r.Clients != loadClients || r.Queries == 0 || r.Disclosures != 20 {
		t.Errorf("report %+v", r)
	}
	for name, run := range map[string]againstRun{"warm-up": r.Warm, "measured": r.Run} {
		if run.Queries == 0 || run.Errors != 0 || run.QPS <= 0 || run.P99Ms < run.P50Ms {
			t.Errorf("%s run %+v: want queries answered, none failed", name, run)
		}
	}
	// The queries are pieces of the generator's texts: the folder holds them.
	qs, err := againstQueries(ctx, 20, 1)
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, q := range qs[:20] {
		if res, err := lib.Search(ctx, indexer.Query{Text: q}); err == nil && res.Total > 0 {
			found++
		}
	}
	if found < 18 {
		t.Errorf("%d of the first 20 queries find measures in the generated folder, want nearly all", found)
	}

	for _, tc := range []struct {
		args []string
		code int
		says string
	}{
		{[]string{"--against", "ftp://127.0.0.1/", "--scale", "20"}, 2, "--against takes a server's address"},
		{[]string{"--against", ts.URL}, 2, "--against needs --scale"},
		{[]string{"--against", "http://127.0.0.1:1", "--scale", "20", "--load", "1s"}, 1, "search http://127.0.0.1:1"},
	} {
		code, _, stderr := runCLI(t, nil, append([]string{"bench"}, tc.args...)...)
		if code != tc.code || !strings.Contains(stderr, tc.says) {
			t.Errorf("bench %v: exit %d, want %d saying %q\n%s", tc.args, code, tc.code, tc.says, stderr)
		}
	}
}
