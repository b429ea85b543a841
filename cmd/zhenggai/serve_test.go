package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
)

// serveKey is the API key the end-to-end server runs with.
const serveKey = "e2e-key-7d0b41"

// lockedBuffer collects a child's stderr while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// seedOrFixture returns the real seed when ../shared is beside the
// checkout, else fixture 01, so that the test always runs.
func seedOrFixture(t *testing.T) (string, string) {
	t.Helper()
	seed := filepath.Join(corpustest.RepoRoot(t), "..", "shared", "seed", corpustest.SeedName)
	if _, err := os.Stat(seed); err == nil {
		return seed, "三会一课"
	}
	return filepath.Join("..", "..", "corpus", "testdata", "fixtures", "01_district_culture_layoutA.txt"), "三会一课"
}

// startServe builds the binary, starts `serve` on port 0 and returns the
// process, its base URL and its stderr.
func startServe(t *testing.T) (*exec.Cmd, string, *lockedBuffer) {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "zhenggai")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build zhenggai: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "--data", t.TempDir(), "serve", "--addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "ZHENGGAI_API_KEYS="+serveKey)
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	})
	stderr := &lockedBuffer{}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			line := sc.Text()
			stderr.Write([]byte(line + "\n"))
			if _, a, ok := strings.Cut(line, "listening on "); ok {
				select {
				case addr <- a:
				default:
				}
			}
		}
	}()
	select {
	case a := <-addr:
		return cmd, a, stderr
	case <-time.After(60 * time.Second):
		t.Fatalf("no listening address on stderr:\n%s", stderr.String())
	}
	return nil, "", nil
}

// waitReady polls /readyz until the library is open.
func waitReady(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(base + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatal("server never became ready")
}

func TestServeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	cmd, base, stderr := startServe(t)
	waitReady(t, base)
	path, phrase := seedOrFixture(t)

	// Upload: 201 with an id.
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fw, _ := mw.CreateFormFile("file", filepath.Base(path))
	fw.Write(data)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/disclosures", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+serveKey)
	var up struct{ IDs []string }
	if code := doJSON(t, req, &up); code != http.StatusCreated || len(up.IDs) != 1 {
		t.Fatalf("upload: %d %+v\n%s", code, up, stderr.String())
	}

	// Search.
	var res struct {
		Total int
		Hits  []struct {
			DisclosureID string `json:"disclosure_id"`
		}
	}
	req, _ = http.NewRequest(http.MethodGet, base+"/api/v1/measures/search?q="+url.QueryEscape(phrase), nil)
	if code := doJSON(t, req, &res); code != http.StatusOK || res.Total == 0 || res.Hits[0].DisclosureID != up.IDs[0] {
		t.Fatalf("search %s: %d %+v", phrase, code, res)
	}

	// Export every measure of the upload and read the workbook back.
	var all struct{ Total int }
	req, _ = http.NewRequest(http.MethodGet, base+"/api/v1/measures/search?facets=&disclosure_id="+up.IDs[0], nil)
	doJSON(t, req, &all)
	resp, err := http.Get(base + "/api/v1/export/measures.xlsx?disclosure_id=" + up.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	xlsx, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("export: %d %v", resp.StatusCode, err)
	}
	book, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatalf("read export: %v", err)
	}
	rows, err := book.GetRows(book.GetSheetName(0))
	book.Close()
	if err != nil || len(rows) != all.Total+1 || all.Total == 0 || rows[0][1] != "单位" {
		t.Fatalf("export has %d rows for %d measures (%v)", len(rows), all.Total, err)
	}

	// SIGTERM: exit 0 within 10 s, HTTP drained and the library closed.
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		var ee *exec.ExitError
		if errors.As(err, &ee) || err != nil {
			t.Fatalf("exit after SIGTERM: %v\n%s", err, stderr.String())
		}
		t.Logf("stopped %v after SIGTERM", time.Since(start).Round(time.Millisecond))
	case <-time.After(10 * time.Second):
		t.Fatalf("still running 10 s after SIGTERM\n%s", stderr.String())
	}
	if logs := stderr.String(); strings.Contains(logs, serveKey) || !strings.Contains(logs, "stopped") {
		t.Errorf("stderr holds the key or lacks the stop notice:\n%s", logs)
	}
}

// doJSON sends req and decodes a JSON answer into v; it returns the status.
func doJSON(t *testing.T, req *http.Request, v any) int {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil && resp.StatusCode < 300 {
		t.Fatalf("decode %s: %v", req.URL, err)
	}
	return resp.StatusCode
}
