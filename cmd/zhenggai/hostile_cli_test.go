package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Issue 9, finding 8 at the command line: reindex and stats on a data
// folder whose index lost its metadata work (they failed with "not a bleve
// index" or "error parsing mapping JSON").
func TestReindexOnADamagedIndex(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"ZHENGGAI_DATA": data}
	fixtures := filepath.Join("..", "..", "corpus", "testdata", "fixtures")
	if code, _, errOut := runCLI(t, env, "ingest", fixtures); code != 0 {
		t.Fatalf("ingest: %d %s", code, errOut)
	}
	if err := os.WriteFile(filepath.Join(data, "index", "index_meta.json"), []byte("{garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, env, "reindex")
	if code != 0 {
		t.Fatalf("reindex on a damaged index: %d %s", code, errOut)
	}
	zaps, _ := filepath.Glob(filepath.Join(data, "index", "store", "*.zap"))
	for _, z := range zaps {
		if err := os.Truncate(z, 10); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runCLI(t, env, "stats", "--json")
	var st struct {
		Measures int `json:"measures"`
		Indexed  int `json:"indexed"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &st) != nil || st.Measures < 100 || st.Indexed != st.Measures {
		t.Fatalf("stats on a damaged index: %d %s %s", code, out, errOut)
	}
}

// Issue 9, finding 1 at the command line: a FIFO and a /proc file are
// refused at once, each with its reason; the command neither hangs nor
// reads them.
func TestIngestRefusesFIFOAndProc(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("FIFOs and procfs as on Linux")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.txt")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	env := map[string]string{"ZHENGGAI_DATA": filepath.Join(dir, "data")}
	type res struct {
		code   int
		errOut string
	}
	done := make(chan res, 1)
	go func() {
		code, _, errOut := runCLI(t, env, "ingest", fifo, "/proc/self/status")
		done <- res{code, errOut}
	}()
	select {
	case r := <-done:
		if r.code != 1 || strings.Count(r.errOut, "unsupported") < 2 {
			t.Fatalf("ingest of a FIFO and a /proc file: %d\n%s", r.code, r.errOut)
		}
	case <-time.After(30 * time.Second):
		if f, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
		t.Fatal("ingest of a FIFO hung")
	}
}
