package api_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// sseEvent is one parsed server-sent event.
type sseEvent struct {
	id, event, data string
}

func parseSSE(t *testing.T, body string) []sseEvent {
	t.Helper()
	var out []sseEvent
	var cur sseEvent
	sc := bufio.NewScanner(strings.NewReader(body))
	sc.Buffer(make([]byte, 1<<20), 1<<22)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "":
			if cur.event != "" {
				out = append(out, cur)
			}
			cur = sseEvent{}
		case strings.HasPrefix(line, ":"):
		case strings.HasPrefix(line, "id: "):
			cur.id = line[4:]
		case strings.HasPrefix(line, "event: "):
			cur.event = line[7:]
		case strings.HasPrefix(line, "data: "):
			cur.data = line[6:]
		default:
			t.Fatalf("unexpected SSE line %q", line)
		}
	}
	return out
}

func TestIngestJobEvents(t *testing.T) {
	lib, err := library.Open(context.Background(), t.TempDir(), library.Options{})
	if err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(fixturesDir)
	if err != nil {
		t.Fatal(err)
	}
	h := newServer(t, lib, api.Options{IngestRoots: []string{abs}})
	t.Cleanup(func() {
		_ = h.srv.Close(context.Background())
		_ = lib.Close()
	})
	files, _ := library.Files(context.Background(), []string{abs})
	body, _ := json.Marshal(api.JobRequest{Paths: []string{abs}})
	rec := h.do(call{method: "POST", target: "/api/v1/ingest/jobs", body: body, contentType: "application/json", key: testKey})
	var job api.Job
	decode(t, rec, http.StatusAccepted, &job)
	loc := rec.Header().Get("Location")
	if loc != "/api/v1/ingest/jobs/"+job.ID {
		t.Fatalf("Location %q for job %s", loc, job.ID)
	}

	// The stream replays what happened and follows the job to its end.
	rec = h.do(call{method: "GET", target: loc + "/events", key: testKey})
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/event-stream") {
		t.Fatalf("events: %d %v", rec.Code, rec.Header())
	}
	events := parseSSE(t, rec.Body.String())
	if len(events) != len(files)+1 {
		t.Fatalf("%d events for %d files", len(events), len(files))
	}
	stored := 0
	for i, ev := range events[:len(files)] {
		var fe api.FileEvent
		if err := json.Unmarshal([]byte(ev.data), &fe); err != nil || ev.event != "file" || fe.Index != i+1 || fe.Total != len(files) {
			t.Fatalf("event %d: %+v (%v)", i, ev, err)
		}
		if fe.Result.Outcome == library.Stored {
			stored++
		}
	}
	var sum api.SummaryEvent
	last := events[len(events)-1]
	if err := json.Unmarshal([]byte(last.data), &sum); err != nil || last.event != "summary" || sum.State != api.JobDone ||
		sum.Summary.Files != len(files) || sum.Summary.Stored != stored || stored < 15 {
		t.Errorf("summary %+v (%v), %d stored", sum, err, stored)
	}

	// Progress and per-file outcomes.
	decode(t, h.do(call{method: "GET", target: loc, key: testKey}), http.StatusOK, &job)
	if job.State != api.JobDone || job.Done != len(files) || job.Total != len(files) || len(job.Results) != len(files) || job.Finished == nil {
		t.Errorf("job %+v", job)
	}
	// Resuming after the 5th event sends the rest.
	rec = h.do(call{method: "GET", target: loc + "/events", key: testKey, header: map[string]string{"Last-Event-ID": "5"}})
	if got := parseSSE(t, rec.Body.String()); len(got) != len(files)-5+1 || got[0].id != "6" {
		t.Errorf("resume after 5: %d events, first %+v", len(got), got[0])
	}

	for _, tt := range []struct {
		body string
		ct   string
		code api.Code
	}{
		{`{"paths":[]}`, "application/json", api.CodeInvalidBody},
		{`{"paths":["relative/dir"]}`, "application/json", api.CodeInvalidBody},
		{`{"paths":["/tmp"],"extra":1}`, "application/json", api.CodeInvalidBody},
		{`not json`, "application/json", api.CodeInvalidBody},
		{`{"paths":["/tmp"]}`, "text/plain", api.CodeUnsupportedMediaType},
	} {
		rec := h.do(call{method: "POST", target: "/api/v1/ingest/jobs", body: []byte(tt.body), contentType: tt.ct, key: testKey, invalid: true})
		if p := problem(t, rec); p.Code != tt.code {
			t.Errorf("job body %s: %d %s, want %s", tt.body, rec.Code, p.Code, tt.code)
		}
	}
	if rec := h.do(call{method: "GET", target: "/api/v1/ingest/jobs/nope", key: testKey}); rec.Code != http.StatusNotFound {
		t.Errorf("unknown job: %d", rec.Code)
	}
	roots := newServer(t, lib, api.Options{IngestRoots: []string{filepath.Join(abs, "sub")}})
	rec = roots.do(call{method: "POST", target: "/api/v1/ingest/jobs", body: body, contentType: "application/json", key: testKey})
	if p := problem(t, rec); p.Code != api.CodePathNotAllowed {
		t.Errorf("path outside roots: %d %s", rec.Code, p.Code)
	}
}
