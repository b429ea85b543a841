package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus/segment"
)

// TestServeAnswersBeforeDictionary: serve answers /healthz, records
// serve.json and answers a filters-only search while the dictionary load it
// starts in the background is still held, and logs the load once it ends.
// No timing is asserted: the load is a hook the test holds open.
func TestServeAnswersBeforeDictionary(t *testing.T) {
	data := t.TempDir()
	started, release := make(chan struct{}), make(chan struct{})
	stderr := &lockedBuffer{}
	e := &env{stdout: io.Discard, stderr: stderr, getenv: func(string) string { return "" }, data: data, dataGiven: true, command: "serve"}
	e.loadDictionary = func(ctx context.Context) error {
		close(started)
		select {
		case <-release:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	e.setLogger()
	loadedBefore := segment.SharedLoaded() // another test of this binary may have loaded it
	ctx, cancel := context.WithCancel(context.Background())
	var serveErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		serveErr = runServe(ctx, e, []string{"--addr", "127.0.0.1:0"})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
			if serveErr != nil {
				t.Errorf("serve: %v", serveErr)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("serve did not stop")
		}
	})

	select {
	case <-started:
	case <-done:
		t.Fatalf("serve ended before loading the dictionary: %v\n%s", serveErr, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatalf("serve never started the dictionary load:\n%s", stderr.String())
	}
	_, url, ok := strings.Cut(stderr.String(), "listening on ")
	if !ok {
		t.Fatalf("no listening address on stderr:\n%s", stderr.String())
	}
	url = strings.TrimSpace(strings.SplitN(url, "\n", 2)[0])
	if _, err := os.Stat(filepath.Join(data, serveFile)); err != nil {
		t.Errorf("serve.json not written before the dictionary loaded: %v", err)
	}
	for _, path := range []string{"/healthz", "/readyz", "/api/v1/measures/search?limit=1", "/api/v1/disclosures"} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatalf("GET %s while the dictionary loads: %v", path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s while the dictionary loads = %d %s, want 200", path, resp.StatusCode, body)
		}
	}
	if !loadedBefore && segment.SharedLoaded() {
		t.Errorf("a filters-only search loaded the dictionary")
	}
	close(release)
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(stderr.String(), "dictionary loaded") {
		if time.Now().After(deadline) {
			t.Fatalf("no \"dictionary loaded\" log line after the load ended:\n%s", stderr.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}
