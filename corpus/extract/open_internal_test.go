package extract

import (
	"os"
	"runtime"
	"testing"
)

// The resolved-path check stops /proc paths first; this checks that the
// statfs check behind it recognises procfs on its own (a bind mount of
// /proc elsewhere passes the path check).
func TestPseudoFSRecognisesProcfs(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("statfs magic is Linux's")
	}
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skipf("no procfs: %v", err)
	}
	defer f.Close()
	if got := pseudoFS(f); got != "procfs" {
		t.Fatalf("pseudoFS(/proc/self/status) = %q, want procfs", got)
	}
	g, err := os.Open(os.Args[0])
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	if got := pseudoFS(g); got != "" {
		t.Fatalf("pseudoFS(test binary) = %q, want none", got)
	}
}
