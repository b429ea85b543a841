package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func TestRunAsksEveryServerEveryQuery(t *testing.T) {
	var asked atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/v1/measures/search" || r.URL.Query().Get("q") == "" {
			http.Error(w, "bad", http.StatusBadRequest)
			return
		}
		asked.Add(1)
		w.Write([]byte(`{"total":0}`))
	}))
	defer srv.Close()
	texts := filepath.Join(t.TempDir(), "texts.txt")
	if err := os.WriteFile(texts, []byte("严格落实党费收缴制度按月足额收缴\n规范公务接待管理严格执行接待标准\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run([]string{"-texts", texts, "-queries", "20", "-rounds", "2", srv.URL, srv.URL}, &out); err != nil {
		t.Fatal(err)
	}
	if got := asked.Load(); got != 80 {
		t.Errorf("server asked %d times, want 2 rounds × 2 targets × 20 queries = 80", got)
	}
	if n := strings.Count(out.String(), "p99"); n != 4 {
		t.Errorf("output has %d lines with p99, want 4:\n%s", n, out.String())
	}
}

func TestRunFailsOnErrorAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "overloaded", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	texts := filepath.Join(t.TempDir(), "texts.txt")
	os.WriteFile(texts, []byte("严格落实党费收缴制度按月足额收缴\n"), 0o600)
	err := run([]string{"-texts", texts, "-queries", "3", srv.URL}, &strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "HTTP 503") {
		t.Fatalf("err = %v, want HTTP 503", err)
	}
}
