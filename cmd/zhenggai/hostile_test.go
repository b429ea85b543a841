package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Memory bounds of the hostile-input suite. The server runs with
// GOMEMLIMIT=hostileSoftLimit; a watchdog reading /proc/PID/status kills
// it if its resident memory ever passes hostileCap, and after every attack
// its peak resident memory (VmHWM) must still be under hostileCap.
const (
	hostileSoftLimit = "384MiB"
	hostileCap       = 768 << 20 // bytes
	hostileDocs      = 80        // synthetic disclosures in the inbox
)

// hostileServer is the real binary serving a data folder under watch.
type hostileServer struct {
	t      *testing.T
	cmd    *exec.Cmd
	base   string
	data   string
	stderr *lockedBuffer
	peak   atomic.Int64 // largest VmRSS the watchdog saw, bytes
	killed atomic.Bool
	client *http.Client
	stats  hostileStats // after the inbox job
}

type hostileStats struct {
	Disclosures        int `json:"disclosures"`
	Measures           int `json:"measures"`
	Indexed            int `json:"indexed"`
	IndexedDisclosures int `json:"indexed_disclosures"`
}

// procKB reads one "Name: N kB" line of /proc/PID/status, in bytes.
func procKB(pid int, name string) (int64, bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, name+":"); ok {
			n, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n << 10, err == nil
		}
	}
	return 0, false
}

// startHostile builds the binary, writes a synthetic corpus into the
// default inbox, starts serve under the memory watch and returns once the
// process listens (the library may still be opening).
func startHostile(t *testing.T) *hostileServer {
	t.Helper()
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Skip("needs /proc to watch the server's memory")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "zhenggai")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build zhenggai: %v\n%s", err, out)
	}
	data := filepath.Join(dir, "data")
	if out, err := exec.Command(bin, "generate", "--disclosures", strconv.Itoa(hostileDocs), "-o",
		filepath.Join(data, "inbox", "synth")).CombinedOutput(); err != nil {
		t.Fatalf("generate: %v\n%s", err, out)
	}
	hs := &hostileServer{t: t, data: data, stderr: &lockedBuffer{}, client: &http.Client{Timeout: 60 * time.Second}}
	hs.cmd = exec.Command(bin, "--data", data, "serve", "--addr", "127.0.0.1:0")
	hs.cmd.Env = append(os.Environ(), "ZHENGGAI_API_KEYS="+serveKey, "GOMEMLIMIT="+hostileSoftLimit)
	pipe, err := hs.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := hs.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	t.Cleanup(func() {
		close(stop)
		wg.Wait()
		if hs.cmd.ProcessState == nil {
			_ = hs.cmd.Process.Kill()
			_ = hs.cmd.Wait()
		}
	})
	wg.Add(1)
	go func() { // the watchdog
		defer wg.Done()
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			rss, ok := procKB(hs.cmd.Process.Pid, "VmRSS")
			if !ok {
				continue
			}
			if rss > hs.peak.Load() {
				hs.peak.Store(rss)
			}
			if rss > hostileCap {
				hs.killed.Store(true)
				_ = hs.cmd.Process.Kill()
				return
			}
		}
	}()
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			hs.stderr.Write([]byte(line + "\n"))
			if _, a, ok := strings.Cut(line, "listening on "); ok {
				select {
				case addr <- a:
				default:
				}
			}
		}
	}()
	select {
	case hs.base = <-addr:
	case <-time.After(60 * time.Second):
		t.Fatalf("no listening address on stderr:\n%s", hs.stderr.String())
	}
	return hs
}

// do sends one request and returns its status, headers and body.
func (hs *hostileServer) do(method, path string, body []byte, hdr map[string]string) (int, http.Header, []byte) {
	hs.t.Helper()
	req, err := http.NewRequest(method, hs.base+path, bytes.NewReader(body))
	if err != nil {
		hs.t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := hs.client.Do(req)
	if err != nil {
		hs.t.Fatalf("%s %.80s: %v (watchdog killed: %v)\n%s", method, path, err, hs.killed.Load(), hs.tail())
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		hs.t.Fatalf("%s %.80s: read body: %v", method, path, err)
	}
	return resp.StatusCode, resp.Header, b
}

func (hs *hostileServer) get(path string) (int, http.Header, []byte) {
	return hs.do(http.MethodGet, path, nil, nil)
}

// tail is the end of the server's log, for failure messages.
func (hs *hostileServer) tail() string {
	s := hs.stderr.String()
	return s[max(0, len(s)-3000):]
}

// readyStats waits for /readyz and returns its stats.
func (hs *hostileServer) readyStats() hostileStats {
	hs.t.Helper()
	var h struct {
		Status string       `json:"status"`
		Stats  hostileStats `json:"stats"`
	}
	code, _, body := hs.get("/readyz")
	if code != http.StatusOK || json.Unmarshal(body, &h) != nil {
		hs.t.Fatalf("/readyz: %d %.300s", code, body)
	}
	return h.Stats
}

// healthy asserts, after an attack, that the process is up, /healthz
// answers ok, store and index agree and hold what they held, and the peak
// resident memory stayed under the cap.
func (hs *hostileServer) healthy(after string) {
	hs.t.Helper()
	if hs.killed.Load() {
		hs.t.Fatalf("after %s: the watchdog killed the server above %d MiB", after, hostileCap>>20)
	}
	code, _, body := hs.get("/healthz")
	if code != http.StatusOK || !bytes.Contains(body, []byte(`"ok"`)) {
		hs.t.Fatalf("after %s: /healthz %d %s", after, code, body)
	}
	st := hs.readyStats()
	if st.Measures != st.Indexed || st.Disclosures != st.IndexedDisclosures {
		hs.t.Errorf("after %s: store and index disagree: %+v", after, st)
	}
	if hs.stats != (hostileStats{}) && st != hs.stats {
		hs.t.Errorf("after %s: stats %+v, were %+v", after, st, hs.stats)
	}
	hwm, ok := procKB(hs.cmd.Process.Pid, "VmHWM")
	if !ok {
		hs.t.Fatalf("after %s: no VmHWM for the server", after)
	}
	if hwm > hostileCap {
		hs.t.Errorf("after %s: peak resident memory %d MiB, over the cap of %d MiB", after, hwm>>20, hostileCap>>20)
	}
	hs.t.Logf("after %-34s peak RSS %4d MiB", after+":", hwm>>20)
}

// problemCode is the code of a problem+json body ("" if none).
func problemCode(body []byte) string {
	var p struct{ Code string }
	_ = json.Unmarshal(body, &p)
	return p.Code
}

// job posts an ingest job and waits for its end through its event stream.
func (hs *hostileServer) job(paths ...string) (int, string, map[string]any) {
	hs.t.Helper()
	body, _ := json.Marshal(map[string][]string{"paths": paths})
	key := map[string]string{"X-API-Key": serveKey, "Content-Type": "application/json"}
	code, hdr, resp := hs.do(http.MethodPost, "/api/v1/ingest/jobs", body, key)
	if code != http.StatusAccepted {
		return code, problemCode(resp), nil
	}
	hs.do(http.MethodGet, hdr.Get("Location")+"/events", nil, key) // ends with the job
	_, _, resp = hs.do(http.MethodGet, hdr.Get("Location"), nil, key)
	var j map[string]any
	if err := json.Unmarshal(resp, &j); err != nil {
		hs.t.Fatalf("job: %v: %.300s", err, resp)
	}
	return code, "", j
}

// TestHostileInputs runs the attacks of issue 9 against the real binary
// under a memory watch, and after each one requires the server healthy,
// consistent and under the memory cap.
func TestHostileInputs(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	hs := startHostile(t)

	// Finding 12: /readyz says 503 while the library opens, logged at INFO.
	saw503 := false
	deadline := time.Now().Add(90 * time.Second)
	for {
		code, _, _ := hs.get("/readyz")
		if code == http.StatusOK {
			break
		}
		if code != http.StatusServiceUnavailable || time.Now().After(deadline) {
			t.Fatalf("/readyz %d during start-up\n%s", code, hs.tail())
		}
		saw503 = true
		time.Sleep(20 * time.Millisecond)
	}
	if saw503 {
		for line := range strings.Lines(hs.stderr.String()) {
			if strings.Contains(line, "route=/readyz") && strings.Contains(line, "status=503") && !strings.Contains(line, "level=INFO") {
				t.Errorf("start-up /readyz logged above INFO: %s", line)
			}
		}
	}
	inbox := filepath.Join(hs.data, "inbox")
	if !strings.Contains(hs.stderr.String(), "ingest jobs may read files under "+inbox) {
		t.Errorf("serve did not announce its default inbox %s:\n%s", inbox, hs.tail())
	}

	// Finding 5 (and 1): the inbox holds the corpus, a link to
	// /proc/self/pagemap, a link to /etc and a FIFO; paths outside it are
	// refused before any job starts.
	for link, target := range map[string]string{"notes.txt": "/proc/self/pagemap", "etc": "/etc", "passwd.txt": "/etc/passwd"} {
		if err := os.Symlink(target, filepath.Join(inbox, "synth", link)); err != nil {
			t.Fatal(err)
		}
	}
	if err := syscall.Mkfifo(filepath.Join(inbox, "synth", "pipe.txt"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/proc/self/pagemap", "/etc", inbox + "/synth/etc", inbox + "/../zhenggai.db", inbox + "/synth/notes.txt"} {
		if code, pc, _ := hs.job(p); code != http.StatusBadRequest || pc != "path_not_allowed" {
			t.Errorf("job on %s: %d %s, want 400 path_not_allowed", p, code, pc)
		}
	}
	code, _, j := hs.job(filepath.Join(inbox, "synth"))
	if code != http.StatusAccepted {
		t.Fatalf("job on the inbox: %d", code)
	}
	sum, _ := j["summary"].(map[string]any)
	if j["state"] != "done" || sum["stored"] != float64(hostileDocs) || sum["failed"] != float64(2) {
		t.Fatalf("job on the inbox: state %v, summary %v (want %d stored, the two links refused)", j["state"], sum, hostileDocs)
	}
	hs.healthy("ingest with hostile links")
	hs.stats = hs.readyStats()
	if hs.stats.Disclosures != hostileDocs {
		t.Fatalf("stats %+v after ingesting %d", hs.stats, hostileDocs)
	}
	_, _, body := hs.get("/api/v1/disclosures?limit=100")
	if bytes.Contains(body, []byte(inbox)) {
		t.Error("the disclosure list shows a server path")
	}

	// Finding 3: duplicates page within a bound whatever the pairs.
	code, _, body = hs.get("/api/v1/analytics/duplicates?threshold=0.1&same_unit=true&limit=100")
	var page struct {
		Total int               `json:"total"`
		Pairs []json.RawMessage `json:"pairs"`
	}
	if err := json.Unmarshal(body, &page); code != http.StatusOK || err != nil {
		t.Fatalf("duplicates: %d %v", code, err)
	}
	if page.Total <= 100 || len(page.Pairs) != 100 || len(body) > 1<<20 {
		t.Errorf("duplicates: %d of %d pairs in %d bytes; want a page of 100 under 1 MiB of more pairs", len(page.Pairs), page.Total, len(body))
	}
	for _, p := range []string{"/api/v1/analytics/duplicates?threshold=0.1&same_unit=true&offset=10000&limit=500",
		"/api/v1/analytics/compare?by=unit", "/api/v1/analytics/recurring?min_rounds=1", "/api/v1/analytics/common?min_units=1",
		"/api/v1/units", "/api/v1/rounds"} {
		if code, _, body := hs.get(p); code != http.StatusOK || len(body) > 4<<20 {
			t.Errorf("%s: %d, %d bytes", p, code, len(body))
		}
	}
	if code, _, body := hs.get("/api/v1/analytics/duplicates?limit=100000"); code != http.StatusBadRequest || problemCode(body) != "limit_out_of_range" {
		t.Errorf("duplicates limit=100000: %d %s", code, body)
	}
	hs.healthy("duplicates and analytics")

	// Finding 6: a ~950 KB year list, and 101 values.
	years := strings.TrimSuffix(strings.Repeat("2024,", 190000), ",")
	if code, _, body := hs.get("/api/v1/measures/search?year=" + years); code != http.StatusBadRequest || problemCode(body) != "url_too_long" {
		t.Errorf("950 KB year list: %d %.200s", code, body)
	}
	if code, _, body := hs.get("/api/v1/measures/search?year=" + strings.TrimSuffix(strings.Repeat("2024,", 101), ",")); code != http.StatusBadRequest || problemCode(body) != "too_many_values" {
		t.Errorf("101 years: %d %.200s", code, body)
	}
	hs.healthy("filter lists")

	// Finding 11: q not UTF-8, or operators only.
	for _, q := range []string{"%FF%FE", "*", "-", "%22%22", "*+-"} {
		if code, _, body := hs.get("/api/v1/measures/search?q=" + q); code != http.StatusBadRequest ||
			(problemCode(body) != "query_not_utf8" && problemCode(body) != "query_without_terms") {
			t.Errorf("q=%s: %d %.200s", q, code, body)
		}
	}
	if code, _, _ := hs.get("/api/v1/measures/search?q=" + url.QueryEscape("整改")); code != http.StatusOK {
		t.Errorf("an ordinary search: %d", code)
	}
	hs.healthy("operator-only queries")

	// Finding 7: 2,000 requests with made-up methods leave /metrics as it was.
	_, _, before := hs.get("/metrics")
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 250 {
				req, _ := http.NewRequest(fmt.Sprintf("M%d%dX", w, i), hs.base+fmt.Sprintf("/x/%d/%d", w, i), nil)
				if resp, err := hs.client.Do(req); err == nil {
					_, _ = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
				}
			}
		}()
	}
	wg.Wait()
	_, _, after := hs.get("/metrics")
	if bytes.Contains(after, []byte("M0")) || len(after)-len(before) > 8<<10 {
		t.Errorf("/metrics grew from %d to %d bytes over 2,000 made-up methods", len(before), len(after))
	}
	hs.healthy("made-up methods")

	// Finding 12: headers, HEAD.
	for _, p := range []string{"/", "/assets/index.html"} {
		code, hdr, _ := hs.get(p)
		if code != http.StatusOK || !strings.Contains(hdr.Get("Content-Security-Policy"), "frame-ancestors 'none'") || hdr.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s: %d, CSP %q, nosniff %q", p, code, hdr.Get("Content-Security-Policy"), hdr.Get("X-Content-Type-Options"))
		}
	}
	if code, hdr, _ := hs.get("/api/v1/nothing"); code != http.StatusNotFound || hdr.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("404 without nosniff: %d %v", code, hdr)
	}
	if code, _, body := hs.do(http.MethodHead, "/api/v1/units", nil, nil); code != http.StatusOK || len(body) != 0 {
		t.Errorf("HEAD /api/v1/units: %d with %d bytes", code, len(body))
	}
	hs.healthy("headers")
	t.Logf("watchdog peak RSS %d MiB (cap %d MiB, GOMEMLIMIT %s)", hs.peak.Load()>>20, hostileCap>>20, hostileSoftLimit)
}
