// Package corpustest holds helpers shared by the tests of corpus and the
// packages beneath it: locating the real seed disclosure kept outside the
// repository, and building test inputs in the formats users have.
package corpustest

import (
	"os"
	"path/filepath"
	"testing"
)

// SeedName is the file name of the reference disclosure in ../shared/seed.
const SeedName = "000_3693a073771ca133.txt"

// RepoRoot returns the directory holding go.mod, walking up from the
// working directory of the test.
func RepoRoot(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatalf("get working directory: %v", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatalf("no go.mod above the test's working directory")
		}
		dir = parent
	}
}

// SeedPath returns the path of the real seed disclosure, which lives in
// ../shared/seed beside the checkout and is never copied into the project.
// Where that folder is absent the test is skipped with a message saying so.
func SeedPath(tb testing.TB) string {
	tb.Helper()
	p := filepath.Join(RepoRoot(tb), "..", "shared", "seed", SeedName)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("seed disclosure not available (%v): tests on the real seed need ../shared/seed beside the checkout", err)
	}
	return p
}

// Seed returns the bytes of the real seed disclosure, skipping the test
// where ../shared/seed is absent.
func Seed(tb testing.TB) []byte {
	tb.Helper()
	b, err := os.ReadFile(SeedPath(tb))
	if err != nil {
		tb.Fatalf("read seed: %v", err)
	}
	return b
}
