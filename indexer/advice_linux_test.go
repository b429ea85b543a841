package indexer_test

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/synth"
	"github.com/zhenggai/zhenggai/indexer"
)

// TestSegmentsAdvisedRandom: with Options.RandomReads, once a search's
// columns have met the segments of a reopened index, the kernel holds the
// random-read advice on every memory map of its segment files (the "rr"
// flag of /proc/self/smaps); without it, on none of them.
func TestSegmentsAdvisedRandom(t *testing.T) {
	ctx := context.Background()
	parser := corpus.NewParser(corpus.Options{})
	var ds []*corpus.Disclosure
	for _, d := range synth.Generate(synth.Options{Seed: 9, Disclosures: 30}) {
		rec, err := parser.Parse(corpus.Input{Text: d.Text})
		if err != nil {
			t.Fatalf("parse %s: %v", d.Name, err)
		}
		ds = append(ds, rec)
	}
	for _, random := range []bool{true, false} {
		dir := filepath.Join(t.TempDir(), "index")
		ix, err := indexer.Open(ctx, dir, indexer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.Add(ctx, ds...); err != nil {
			t.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			t.Fatal(err)
		}
		// Reopened, every segment is a file mapped into memory.
		ix, err = indexer.Open(ctx, dir, indexer.Options{RandomReads: random})
		if err != nil {
			t.Fatal(err)
		}
		if err := ix.WarmColumns(ctx); err != nil {
			t.Fatal(err)
		}
		maps, advised := segmentMaps(t, dir)
		ix.Close()
		if maps == 0 {
			t.Fatalf("RandomReads %v: no segment file of %s is mapped", random, dir)
		}
		if want := map[bool]int{true: maps, false: 0}[random]; advised != want {
			t.Errorf("RandomReads %v: %d of %d segment maps advised random, want %d", random, advised, maps, want)
		}
	}
}

// segmentMaps counts the memory maps of .zap files under dir and those
// whose flags hold the random-read advice.
func segmentMaps(t *testing.T, dir string) (maps, advised int) {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skipf("no /proc/self/smaps to read the advice from: %v", err)
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		fields := strings.Fields(line)
		switch {
		case len(fields) >= 5 && strings.Contains(fields[0], "-"): // a map's header line
			path := ""
			if len(fields) >= 6 {
				path = fields[5]
			}
			in = strings.HasPrefix(path, dir+string(os.PathSeparator)) && strings.HasSuffix(path, ".zap")
			if in {
				maps++
			}
		case in && strings.HasPrefix(line, "VmFlags:"):
			for _, fl := range fields[1:] {
				if fl == "rr" {
					advised++
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return maps, advised
}
