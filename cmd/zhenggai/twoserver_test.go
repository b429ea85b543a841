package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/indexer/store/pgstore/pgtest"
)

// replicationDeadline is how soon a write through one server must be
// searchable (or a delete gone) on another.
const replicationDeadline = 2 * time.Second

// server is one `zhenggai serve` process of the two-server test.
type server struct {
	cmd    *exec.Cmd
	base   string
	stderr *lockedBuffer
}

// startServer starts `serve` on a free loopback port with its own data
// folder on the store at storeURL; its ingest jobs read under root.
func startServer(t *testing.T, bin, data, storeURL, root string) *server {
	t.Helper()
	cmd := exec.Command(bin, "--data", data, "--store", storeURL, "serve", "--addr", "127.0.0.1:0", "--ingest-root", root)
	cmd.Env = append(os.Environ(), "ZHENGGAI_API_KEYS="+serveKey)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &server{cmd: cmd, stderr: &lockedBuffer{}}
	t.Cleanup(func() { s.kill() })
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			line := sc.Text()
			s.stderr.Write([]byte(line + "\n"))
			if _, a, ok := strings.Cut(line, "listening on "); ok {
				select {
				case addr <- a:
				default:
				}
			}
		}
	}()
	select {
	case s.base = <-addr:
	case <-time.After(60 * time.Second):
		t.Fatalf("no listening address on stderr:\n%s", s.stderr.String())
	}
	waitReady(t, s.base)
	return s
}

func (s *server) kill() {
	if s.cmd.ProcessState == nil {
		_ = s.cmd.Process.Signal(syscall.SIGKILL)
		_ = s.cmd.Wait()
	}
}

// upload posts one file and returns the status and the result.
func (s *server) upload(t *testing.T, name string, data []byte) (int, string, int) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.base+"/api/v1/disclosures", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-API-Key", serveKey)
	var up struct {
		IDs   []string
		Files []struct{ Status int }
	}
	code := doJSON(t, req, &up)
	if len(up.IDs) != 1 || len(up.Files) != 1 {
		t.Fatalf("upload %s: %d %+v\n%s", name, code, up, s.stderr.String())
	}
	return code, up.IDs[0], up.Files[0].Status
}

// measures returns how many measures the server's index finds, all or
// those of one disclosure.
func (s *server) measures(t *testing.T, disclosureID string) int {
	t.Helper()
	u := s.base + "/api/v1/measures/search?facets=&limit=1"
	if disclosureID != "" {
		u += "&disclosure_id=" + disclosureID
	}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	var res struct{ Total int }
	if code := doJSON(t, req, &res); code != http.StatusOK {
		t.Fatalf("search on %s: %d\n%s", s.base, code, s.stderr.String())
	}
	return res.Total
}

// eventually polls cond every 20 ms until it holds or d passes, and says
// how long it took.
func eventually(t *testing.T, d time.Duration, what string, cond func() bool) time.Duration {
	t.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > d {
			t.Fatalf("%s: not within %v", what, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return time.Since(start)
}

// storeStats reads the shared store's counts through a third, short-lived
// data folder (the CLI opens, catches up, prints and closes).
func storeStats(t *testing.T, bin, storeURL string) statsOut {
	t.Helper()
	out, err := exec.Command(bin, "--data", t.TempDir(), "--store", storeURL, "stats", "--json").Output()
	if err != nil {
		t.Fatalf("stats: %v", err)
	}
	var s statsOut
	if err := json.Unmarshal(out, &s); err != nil {
		t.Fatalf("stats output %q: %v", out, err)
	}
	return s
}

// TestTwoServersOnePostgres runs two `serve` processes with their own data
// folders on one PostgreSQL store: a write through either is searchable on
// the other within 2 s, a delete disappears from both, the same file
// uploaded to both at once is stored once, and a server killed with
// SIGKILL in the middle of an ingest job loses and doubles nothing.
func TestTwoServersOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs two servers")
	}
	storeURL := pgtest.Schema(t)
	bin := buildBinary(t)
	dataA, dataB := t.TempDir(), t.TempDir()
	jobs := t.TempDir() // the servers' ingest root
	a := startServer(t, bin, dataA, storeURL, jobs)
	b := startServer(t, bin, dataB, storeURL, jobs)

	fixture := filepath.Join("..", "..", "corpus", "testdata", "fixtures", "01_district_culture_layoutA.txt")
	data, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}

	// Upload through A, search through B.
	code, id, _ := a.upload(t, "a.txt", data)
	if code != http.StatusCreated {
		t.Fatalf("upload through A: %d", code)
	}
	want := a.measures(t, id)
	if want == 0 {
		t.Fatal("A does not find its own upload")
	}
	lag := eventually(t, replicationDeadline, "B finds what A stored", func() bool { return b.measures(t, id) == want })
	t.Logf("A → B: %d measures searchable on B after %v", want, lag.Round(time.Millisecond))

	// Delete through B: gone from both.
	req, _ := http.NewRequest(http.MethodDelete, b.base+"/api/v1/disclosures/"+id, nil)
	req.Header.Set("X-API-Key", serveKey)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		t.Fatalf("delete through B: %d", resp.StatusCode)
	}
	if n := b.measures(t, id); n != 0 {
		t.Errorf("B still finds %d measures of what it deleted", n)
	}
	eventually(t, replicationDeadline, "A loses what B deleted", func() bool { return a.measures(t, id) == 0 })

	// The same bytes uploaded to both at once: stored once.
	other := append([]byte("信息索引号：TWOSERVER-0001\n"), data...)
	var wg sync.WaitGroup
	statuses := make([]int, 2)
	ids := make([]string, 2)
	for i, s := range []*server{a, b} {
		wg.Go(func() { _, ids[i], statuses[i] = s.upload(t, "same.txt", other) })
	}
	wg.Wait()
	if ids[0] != ids[1] || !(statuses[0] == 201 && statuses[1] == 200 || statuses[0] == 200 && statuses[1] == 201) {
		t.Errorf("one file to both servers at once: ids %v, statuses %v; want one id, one 201 and one 200", ids, statuses)
	}
	if st := storeStats(t, bin, storeURL); st.Disclosures != 1 {
		t.Errorf("store holds %d disclosures after the same file twice, want 1", st.Disclosures)
	}

	// Kill A in the middle of an ingest job.
	in := filepath.Join(jobs, "in")
	if err := os.Mkdir(in, 0o755); err != nil {
		t.Fatal(err)
	}
	n := writeVariants(t, in, 300)
	jobID := startJob(t, a, in)
	eventually(t, 60*time.Second, "A's job gets going", func() bool { return jobDone(t, a, jobID) >= 20 })
	a.kill()
	mid := storeStats(t, bin, storeURL)
	if mid.Disclosures < 20 || mid.Disclosures >= n+1 {
		t.Fatalf("after the kill the store holds %d disclosures; want the job cut short (between 20 and %d)", mid.Disclosures, n)
	}
	t.Logf("A killed with %d of %d files stored", mid.Disclosures-1, n)
	eventually(t, replicationDeadline, "B follows everything A stored before it died", func() bool { return b.measures(t, "") == mid.Measures })

	// A again, then the whole folder through B: every file once.
	a = startServer(t, bin, dataA, storeURL, jobs)
	if got := a.measures(t, ""); got != mid.Measures {
		t.Errorf("A after restart finds %d measures, the store holds %d", got, mid.Measures)
	}
	jobID = startJob(t, b, in)
	eventually(t, 120*time.Second, "B's job finishes", func() bool { return jobState(t, b, jobID) != "running" })
	if s := jobState(t, b, jobID); s != "done" {
		t.Fatalf("B's job ended %s\n%s", s, b.stderr.String())
	}
	final := storeStats(t, bin, storeURL)
	if final.Disclosures != n+1 {
		t.Errorf("store holds %d disclosures, want %d (the folder once, plus the upload)", final.Disclosures, n+1)
	}
	if final.Indexed != final.Measures || final.IndexedDisclosures != final.Disclosures {
		t.Errorf("a fresh data folder rebuilt from the store disagrees with it: %+v", final)
	}
	for name, s := range map[string]*server{"A": a, "B": b} {
		eventually(t, replicationDeadline, name+" finds every stored measure once", func() bool { return s.measures(t, "") == final.Measures })
	}
}

// startJob starts an ingest job of folder on s and returns its id.
func startJob(t *testing.T, s *server, folder string) string {
	t.Helper()
	body, _ := json.Marshal(map[string][]string{"paths": {folder}})
	req, _ := http.NewRequest(http.MethodPost, s.base+"/api/v1/ingest/jobs", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-API-Key", serveKey)
	var j struct{ ID string }
	if code := doJSON(t, req, &j); code != http.StatusAccepted || j.ID == "" {
		t.Fatalf("start job: %d %+v\n%s", code, j, s.stderr.String())
	}
	return j.ID
}

type jobView struct {
	State string
	Done  int
}

func getJob(t *testing.T, s *server, id string) jobView {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/api/v1/ingest/jobs/%s", s.base, id), nil)
	req.Header.Set("X-API-Key", serveKey)
	var j jobView
	if code := doJSON(t, req, &j); code != http.StatusOK {
		t.Fatalf("get job %s: %d", id, code)
	}
	return j
}

func jobDone(t *testing.T, s *server, id string) int     { return getJob(t, s, id).Done }
func jobState(t *testing.T, s *server, id string) string { return getJob(t, s, id).State }
