package main

import (
	"cmp"
	"flag"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"

	"github.com/zhenggai/zhenggai/cmd/zhenggai/memcap"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// defaultMemoryLimitMB is the soft limit of the Go heap that ingest and
// serve set: the collector works harder near it instead of letting the heap
// double its live size (measured on 500 synthetic files: ingest peak RSS
// 438 MB without a limit, 347 MB at 300 MiB for 9% more CPU).
const defaultMemoryLimitMB = 768

// memoryLimitFlag adds --memory-limit-mb to fs.
func memoryLimitFlag(fs *flag.FlagSet) *int64 {
	return fs.Int64("memory-limit-mb", defaultMemoryLimitMB,
		"soft limit of the Go heap in MB (the collector works harder near it; 0: none; default 768, or half the control group's memory limit when lower); $GOMEMLIMIT, when set, wins")
}

// heapLimitMB is the heap limit a command sets: --memory-limit-mb when
// given, else defaultMemoryLimitMB, or half the memory limit of the
// process's control group (a container's, a systemd unit's) when that is
// lower, so that the other half is left to the page cache of the index
// files that searches read. Under a 1,280 MB control group at 30,000
// disclosures the default 768 MB left too little of it: 7.6 queries/s
// under 40 clients, 17.2 with 640 MB, and 179 with random reads advised
// as well (randomIndexReads; README, "Memory a service needs").
// why says which rule chose it; group is the control group's memory
// limit in bytes (0: none found); cgroupRoot is where /proc and /sys are
// read ("" for "/").
func heapLimitMB(fs *flag.FlagSet, mb int64, cgroupRoot string) (limit int64, why string, group int64) {
	lim, ok, err := memcap.Read(cmp.Or(cgroupRoot, "/"))
	if ok {
		group = lim.Bytes
	}
	switch {
	case flagSet(fs, "memory-limit-mb"):
		return mb, "--memory-limit-mb", group
	case err != nil:
		return mb, fmt.Sprintf("the default (the control group's memory limit not read: %v)", err), 0
	case !ok:
		return mb, "the default (no control group memory limit)", 0
	}
	half := lim.Bytes / 2 >> 20
	if half >= mb {
		return mb, fmt.Sprintf("the default (half the control group's %d MB is more)", lim.Bytes>>20), group
	}
	return max(half, 1), fmt.Sprintf("half the control group's memory limit of %d MB (%s)", lim.Bytes>>20, lim.File), group
}

// analyticsCacheMB is the bound serve gives the analytics results it keeps
// (library.Options.AnalyticsCacheMB): --analytics-cache-mb when given,
// else a quarter of the heap limit (heap bytes), at most
// library.DefaultAnalyticsCacheMB and at least minAnalyticsCacheMB. What
// serve warms at 30,000 disclosures weighs 170 MB: under a small memory
// cap, the heap has better use than answering every analytics call from
// memory (a result not kept is computed again, 0.5–1.5 s at that size).
func analyticsCacheMB(flagMB int, heap int64) int {
	if flagMB > 0 {
		return flagMB
	}
	if heap == math.MaxInt64 {
		return library.DefaultAnalyticsCacheMB
	}
	return int(min(max(heap/4>>20, minAnalyticsCacheMB), library.DefaultAnalyticsCacheMB))
}

// minAnalyticsCacheMB is the least bound analyticsCacheMB gives.
const minAnalyticsCacheMB = 16

// randomIndexReads reports whether serve advises random reads on the
// index files' memory maps (library.Options.RandomIndexReads): when a
// control group's memory limit (group bytes) leaves the page cache, after
// the heap limit, less room than the index holds. Then read-ahead windows
// push out pages that searches still need (README, "Memory a service
// needs"); with room to spare, read-ahead refills a page cache the kernel
// emptied faster.
func randomIndexReads(group, heap, index int64) bool {
	return group > 0 && index > group-min(heap, group)
}

// folderBytes is the size of the files under dir (the index folder): 0
// when it cannot be read, as for a folder not created yet.
func folderBytes(dir string) int64 {
	var n int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				n += fi.Size()
			}
		}
		return nil
	})
	return n
}

// setHeapLimit sets the soft heap limit of a command that ran
// memoryLimitFlag's flag (mb): heapLimitMB's choice, applied by
// applyMemoryLimit. It returns the limit in force in bytes (math.MaxInt64:
// none), what set it ($GOMEMLIMIT, which the runtime applied at start,
// wins) and the control group's memory limit (0: none found).
func setHeapLimit(fs *flag.FlagSet, mb int64, e *env) (limit int64, why string, group int64, err error) {
	heapMB, why, group := heapLimitMB(fs, mb, e.cgroupRoot)
	if limit, err = applyMemoryLimit(heapMB); err != nil {
		return 0, "", 0, err
	}
	if os.Getenv("GOMEMLIMIT") != "" { // as applyMemoryLimit and the runtime read it
		why = "$GOMEMLIMIT"
	}
	return limit, why, group, nil
}

// applyMemoryLimit sets the soft memory limit of the process to mb MB,
// unless $GOMEMLIMIT set one already (the runtime applied it at start).
// It returns the limit in force, in bytes (math.MaxInt64: none).
func applyMemoryLimit(mb int64) (int64, error) {
	if mb < 0 {
		return 0, fmt.Errorf("%w: --memory-limit-mb takes 0 or more, got %d", errUsage, mb)
	}
	if os.Getenv("GOMEMLIMIT") != "" {
		return debug.SetMemoryLimit(-1), nil
	}
	limit := int64(math.MaxInt64)
	if mb > 0 {
		limit = mb << 20
	}
	debug.SetMemoryLimit(limit)
	return limit, nil
}
