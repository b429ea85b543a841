package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// TestIngestRoots: ingest jobs read only inside the ingest roots, symbolic
// links resolved; without a root they are refused (finding 5).
func TestIngestRoots(t *testing.T) {
	lib, err := library.Open(context.Background(), t.TempDir(), library.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lib.Close() })
	tmp := t.TempDir()
	root, outside := filepath.Join(tmp, "root"), filepath.Join(tmp, "outside")
	for _, d := range []string{filepath.Join(root, "in"), outside} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write := func(p string, data []byte) {
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(root, "in", "inside.txt"), uniqueFixture(t, "inside the root"))
	write(filepath.Join(outside, "secret.txt"), uniqueFixture(t, "outside the root"))
	for link, target := range map[string]string{
		filepath.Join(root, "in", "link.txt"): filepath.Join(outside, "secret.txt"),
		filepath.Join(root, "linkdir"):        outside,
	} {
		if err := os.Symlink(target, link); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	fifo := filepath.Join(tmp, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(fifo, filepath.Join(root, "in", "fifo.txt")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(root, "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	post := func(h *harness, paths ...string) *api.Job {
		t.Helper()
		body, _ := json.Marshal(api.JobRequest{Paths: paths})
		rec := h.do(call{method: "POST", target: "/api/v1/ingest/jobs", body: body, contentType: "application/json", key: testKey})
		if rec.Code != http.StatusAccepted {
			p := problem(t, rec)
			if p.Code != api.CodePathNotAllowed {
				t.Errorf("job %v: %d %s, want 202 or path_not_allowed", paths, rec.Code, p.Code)
			}
			return nil
		}
		var j api.Job
		decode(t, rec, http.StatusAccepted, &j)
		h.do(call{method: "GET", target: "/api/v1/ingest/jobs/" + j.ID + "/events", key: testKey}) // until it ends
		decode(t, h.do(call{method: "GET", target: "/api/v1/ingest/jobs/" + j.ID, key: testKey}), http.StatusOK, &j)
		return &j
	}

	none := newServer(t, lib, api.Options{})
	if j := post(none, filepath.Join(root, "in")); j != nil {
		t.Errorf("a server without an ingest root ran a job: %+v", j.Summary)
	}

	h := newServer(t, lib, api.Options{IngestRoots: []string{tmp}})
	if j := post(h, filepath.Join(root, "pipe.txt")); j == nil || j.Summary.Failed != 1 || !strings.Contains(j.Results[0].Error, "not a regular file") {
		t.Errorf("a FIFO named as a job path: %+v", j)
	}
	if j := post(h, filepath.Join(root, "in", "fifo.txt")); j == nil || j.Summary.Failed != 1 || !strings.Contains(j.Results[0].Error, "not a regular file") {
		t.Errorf("a link to a FIFO: %+v", j)
	}
	h = newServer(t, lib, api.Options{IngestRoots: []string{root}})
	for _, p := range []string{filepath.Join(root, "linkdir"), filepath.Join(root, "linkdir", "secret.txt"),
		filepath.Join(root, "..", "outside"), "/etc/passwd", "/proc/self/pagemap"} {
		if j := post(h, p); j != nil {
			t.Errorf("job on %s ran: %+v", p, j.Summary)
		}
	}
	j := post(h, filepath.Join(root, "in"))
	if j == nil || j.State != api.JobDone || j.Summary.Stored != 1 || j.Summary.Failed != 1 || j.Total != 2 || j.Done != 2 {
		t.Fatalf("job on the root's folder: %+v", j)
	}
	for _, r := range j.Results {
		// The link to the FIFO is not even listed: a folder's walk takes
		// regular files only.
		if r.Outcome == library.Failed && !(strings.HasSuffix(r.Path, "link.txt") && strings.Contains(r.Error, "outside the ingest roots")) {
			t.Errorf("failed result %+v, want link.txt refused", r)
		}
		if r.Outcome == library.Stored {
			var d corpus.Disclosure
			decode(t, h.do(call{method: "GET", target: "/api/v1/disclosures/" + r.ID}), http.StatusOK, &d)
			if d.Source.Path != "inside.txt" {
				t.Errorf("readers see the source path %q, want inside.txt", d.Source.Path)
			}
		}
	}
	// A root given through a link works as the folder it names.
	alias := filepath.Join(tmp, "alias")
	if err := os.Symlink(root, alias); err != nil {
		t.Fatal(err)
	}
	h = newServer(t, lib, api.Options{IngestRoots: []string{alias}})
	if j := post(h, filepath.Join(alias, "in", "inside.txt")); j == nil || j.Summary.Duplicate != 1 {
		t.Errorf("job through a linked root: %+v", j)
	}
}

// TestJobResultsPage: a job's per-file results page (limit, offset).
func TestJobResultsPage(t *testing.T) {
	lib, err := library.Open(context.Background(), t.TempDir(), library.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lib.Close() })
	abs, err := filepath.Abs(fixturesDir)
	if err != nil {
		t.Fatal(err)
	}
	h := newServer(t, lib, api.Options{IngestRoots: []string{abs}})
	body, _ := json.Marshal(api.JobRequest{Paths: []string{abs}})
	rec := h.do(call{method: "POST", target: "/api/v1/ingest/jobs", body: body, contentType: "application/json", key: testKey})
	loc := rec.Header().Get("Location")
	h.do(call{method: "GET", target: loc + "/events", key: testKey})
	var all, page api.JobPage
	decode(t, h.do(call{method: "GET", target: loc, key: testKey}), http.StatusOK, &all)
	decode(t, h.do(call{method: "GET", target: loc + "?offset=3&limit=2", key: testKey}), http.StatusOK, &page)
	if all.Done < 5 || len(all.Results) != all.Done || len(page.Results) != 2 || page.ResultsOffset != 3 || page.ResultsLimit != 2 ||
		page.Results[0].Path != all.Results[3].Path || page.Done != all.Done {
		t.Errorf("page %d results from %d (limit %d), all %d of %d", len(page.Results), page.ResultsOffset, page.ResultsLimit, len(all.Results), all.Done)
	}
	if rec := h.do(call{method: "GET", target: loc + "?limit=10001", key: testKey, invalid: true}); rec.Code != http.StatusBadRequest {
		t.Errorf("limit=10001: %d", rec.Code)
	}
}
