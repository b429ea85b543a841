package main

import (
	"errors"
	"math"
	"runtime/debug"
	"testing"
)

// ingest and serve set the soft heap limit from --memory-limit-mb; 0 means
// none, a negative value is a usage error, and $GOMEMLIMIT wins.
func TestApplyMemoryLimit(t *testing.T) {
	old := debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetMemoryLimit(old) })
	t.Setenv("GOMEMLIMIT", "")
	if got, err := applyMemoryLimit(512); err != nil || got != 512<<20 || debug.SetMemoryLimit(-1) != 512<<20 {
		t.Errorf("512 MB: limit %d, %v; in force %d", got, err, debug.SetMemoryLimit(-1))
	}
	if got, err := applyMemoryLimit(0); err != nil || got != math.MaxInt64 || debug.SetMemoryLimit(-1) != math.MaxInt64 {
		t.Errorf("0: limit %d, %v", got, err)
	}
	if _, err := applyMemoryLimit(-1); !errors.Is(err, errUsage) {
		t.Errorf("-1: %v, want a usage error", err)
	}
	debug.SetMemoryLimit(300 << 20) // as the runtime does from $GOMEMLIMIT
	t.Setenv("GOMEMLIMIT", "300MiB")
	if got, err := applyMemoryLimit(512); err != nil || got != 300<<20 {
		t.Errorf("with $GOMEMLIMIT: limit %d, %v; want it kept", got, err)
	}
	// Through the command line.
	t.Setenv("GOMEMLIMIT", "")
	if code, _, stderr := runCLI(t, nil, "ingest", "--memory-limit-mb", "-5", "x"); code != 2 {
		t.Errorf("ingest --memory-limit-mb -5: exit %d, want 2\n%s", code, stderr)
	}
}
