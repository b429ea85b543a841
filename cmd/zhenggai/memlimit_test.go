package main

import (
	"errors"
	"flag"
	"math"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/cmd/zhenggai/memcap/memcaptest"
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

// Without --memory-limit-mb, the heap limit is the default or half the
// control group's memory limit, whichever is lower; the flag, when given,
// is taken as it is.
func TestHeapLimitMB(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		limit  string // memory.max; "" for no file
		want   int64
		reason string
	}{
		{"a 1,280 MB group", nil, "1342177280", 640, "half the control group's memory limit of 1280 MB"},
		{"a 4 GB group", nil, "4294967296", defaultMemoryLimitMB, "half the control group's 4096 MB is more"},
		{"no limit", nil, "max", defaultMemoryLimitMB, "no control group memory limit"},
		{"no group file", nil, "", defaultMemoryLimitMB, "no control group memory limit"},
		{"a damaged group file", nil, "plenty", defaultMemoryLimitMB, "not read"},
		{"the flag wins", []string{"--memory-limit-mb", "900"}, "1342177280", 900, "--memory-limit-mb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs := flag.NewFlagSet("serve", flag.ContinueOnError)
			mb := memoryLimitFlag(fs)
			if err := fs.Parse(tc.args); err != nil {
				t.Fatal(err)
			}
			got, why, _ := heapLimitMB(fs, *mb, memcaptest.V2Unit(t, tc.limit))
			if got != tc.want || !strings.Contains(why, tc.reason) {
				t.Errorf("heap limit %d MB (%s), want %d MB (%s)", got, why, tc.want, tc.reason)
			}
		})
	}
}

// Random reads are advised when the control group leaves the page cache,
// after the heap limit, less room than the index holds.
func TestRandomIndexReads(t *testing.T) {
	const mb = int64(1) << 20
	for _, tc := range []struct {
		group, heap, index int64
		want               bool
	}{
		{1280 * mb, 640 * mb, 778 * mb, true},  // 640 MB of room
		{1536 * mb, 768 * mb, 778 * mb, true},  // 768
		{2048 * mb, 768 * mb, 778 * mb, false}, // 1,280
		{0, 768 * mb, 778 * mb, false},         // no group limit
		{1024 * mb, math.MaxInt64, 10 * mb, true},
		{1024 * mb, 512 * mb, 100 * mb, false},
	} {
		if got := randomIndexReads(tc.group, tc.heap, tc.index); got != tc.want {
			t.Errorf("group %d MB, heap %d, index %d MB: %v, want %v", tc.group/mb, tc.heap, tc.index/mb, got, tc.want)
		}
	}
}

// The analytics results serve keeps are bounded by --analytics-cache-mb,
// else by a quarter of the heap limit within 16…192 MB; serve refuses a
// negative bound.
func TestAnalyticsCacheMB(t *testing.T) {
	const mb = int64(1) << 20
	for _, tc := range []struct {
		flag int
		heap int64
		want int
	}{
		{0, 768 * mb, 192},
		{0, 512 * mb, 128},
		{0, 640 * mb, 160},
		{0, math.MaxInt64, 192}, // no heap limit
		{0, 50 * mb, 16},
		{100, 768 * mb, 100},
		{1000, 512 * mb, 1000},
	} {
		if got := analyticsCacheMB(tc.flag, tc.heap); got != tc.want {
			t.Errorf("flag %d, heap %d MB: %d, want %d", tc.flag, tc.heap/mb, got, tc.want)
		}
	}
	if code, _, stderr := runCLI(t, nil, "serve", "--analytics-cache-mb", "-1"); code != 2 || !strings.Contains(stderr, "--analytics-cache-mb") {
		t.Errorf("serve --analytics-cache-mb -1: exit %d, want 2 naming the flag\n%s", code, stderr)
	}
}
