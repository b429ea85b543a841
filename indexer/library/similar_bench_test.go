package library_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/corpus/similar"
	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// fixtureClauses returns the clauses (split at ，；。) of every measure of
// the fixtures' golden parses, without repeats.
func fixtureClauses(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(corpustest.RepoRoot(tb), "corpus", "testdata", "fixtures", "*.golden.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no golden fixtures: %v", err)
	}
	seen := map[string]bool{}
	var out []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var d corpus.Disclosure
		if err := json.Unmarshal(b, &d); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		for _, m := range d.Measures {
			for _, c := range strings.FieldsFunc(m.Text, func(r rune) bool { return strings.ContainsRune("，；。：", r) }) {
				if len([]rune(c)) >= 4 && !seen[c] {
					seen[c] = true
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// synthLibrary stores n disclosures of 25 measures each, from 100 units,
// every measure 2 to 4 fixture clauses recombined at random, then opens the
// folder as a library (which indexes them).
func synthLibrary(b *testing.B, n int) *library.Library {
	ctx := context.Background()
	dir := b.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, library.StoreFile), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	cs := fixtureClauses(b)
	r := rand.New(rand.NewPCG(5, 6))
	for i := range n {
		data := []byte(fmt.Sprintf("synthetic disclosure %d", i))
		sum := sha256.Sum256(data)
		sha := hex.EncodeToString(sum[:])
		unit := fmt.Sprintf("中共合成%03d县委员会", i%100)
		d := &corpus.Disclosure{
			ID: sha[:16], Source: corpus.Source{Path: fmt.Sprintf("%d.txt", i), SHA256: sha, Format: "txt", Encoding: "utf-8"},
			Kind: corpus.KindRectification, Title: unit + "关于巡察反馈意见整改情况的通报", Unit: unit,
			Inspection: corpus.Inspection{Scope: "巡察", Body: "县委"},
			Categories: []corpus.Category{}, Sections: []corpus.Section{}, Flags: []corpus.Flag{},
		}
		for j := range 25 {
			parts := make([]string, 2+r.IntN(3))
			for k := range parts {
				parts[k] = cs[r.IntN(len(cs))]
			}
			d.Measures = append(d.Measures, corpus.Measure{ID: fmt.Sprintf("%s-%03d", d.ID, j+1), Category: 1, Number: j + 1,
				Text: strings.Join(parts, "，") + "。", Themes: []string{}})
		}
		if _, _, err := st.Put(ctx, store.Original{SHA256: sha, Path: d.Source.Path, Format: "txt", Data: data}, d); err != nil {
			b.Fatal(err)
		}
	}
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	lib, err := library.Open(ctx, dir, library.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { lib.Close() })
	return lib
}

// BenchmarkDuplicates finds the near-duplicates across units of 10,000
// stored measures: cold (the index built from the store each time) and
// warm (the cached index).
func BenchmarkDuplicates(b *testing.B) {
	lib := synthLibrary(b, 400)
	ctx := context.Background()
	for _, cold := range []bool{true, false} {
		b.Run(map[bool]string{true: "cold", false: "warm"}[cold], func(b *testing.B) {
			n := 0
			for b.Loop() {
				if cold {
					library.InvalidateSimilar(lib)
				}
				pairs, err := lib.Duplicates(ctx, 0.8, true)
				if err != nil {
					b.Fatal(err)
				}
				n = len(pairs)
			}
			b.ReportMetric(float64(n), "pairs")
		})
	}
}

// BenchmarkSignStored is what an ingest adds per measure to keep the
// near-duplicate signatures in the store: shingle, sign (K = 128) and
// store 10,000 measures (400 disclosures), 1,000 a transaction.
func BenchmarkSignStored(b *testing.B) {
	lib := synthLibrary(b, 400)
	var ds []*corpus.Disclosure
	n := 0
	if err := lib.Store().Each(context.Background(), func(d *corpus.Disclosure) error {
		ds = append(ds, d)
		n += len(d.Measures)
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	c0 := cpuTime()
	for b.Loop() {
		library.SignStored(lib, ds)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/measure")
	b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N*n), "cpu-ns/measure")
}

// BenchmarkRestartClusters is the first clusters page after a restart over
// 10,000 stored measures (400 synthetic disclosures): with every signature
// in the store (read, none computed) and with none (each computed and
// stored, as on the first query after upgrading a store of schema 2). It
// reports the CPU time per page (the machine is shared) and the signatures
// computed.
func BenchmarkRestartClusters(b *testing.B) {
	ctx := context.Background()
	lib := synthLibrary(b, 400)
	dir := lib.Dir()
	if _, err := lib.Clusters(ctx, library.ClusterQuery{}); err != nil { // stores every signature
		b.Fatal(err)
	}
	lib.Close()
	for _, stored := range []bool{true, false} {
		b.Run(map[bool]string{true: "stored", false: "none-stored"}[stored], func(b *testing.B) {
			var cpu time.Duration
			var computed int64
			for range b.N {
				b.StopTimer()
				if !stored {
					sqlExec(b, dir, "DELETE FROM measure_signatures")
				}
				l, err := library.Open(ctx, dir, library.Options{})
				if err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				c0 := cpuTime()
				if _, err := l.Clusters(ctx, library.ClusterQuery{}); err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - c0
				b.StopTimer()
				computed = library.SignaturesComputed(l)
				l.Close()
				b.StartTimer()
			}
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(float64(computed), "computed")
		})
	}
}

// cpuTime is the process's user and system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkReadSignatures reads 10,000 stored measures (400 synthetic
// disclosures) with their stored signatures, against reading the texts
// alone and signing them: what a stored signature saves on a restart.
func BenchmarkReadSignatures(b *testing.B) {
	ctx := context.Background()
	lib := synthLibrary(b, 400)
	if _, err := lib.Clusters(ctx, library.ClusterQuery{}); err != nil { // stores every signature
		b.Fatal(err)
	}
	version := similar.Options{}.SignatureVersion()
	h, err := similar.NewHasher(similar.DefaultK, 0)
	if err != nil {
		b.Fatal(err)
	}
	for _, stored := range []bool{true, false} {
		b.Run(map[bool]string{true: "read-stored", false: "read-and-sign"}[stored], func(b *testing.B) {
			n := 0
			c0 := cpuTime()
			for b.Loop() {
				n = 0
				var err error
				if stored {
					err = lib.Store().SignedMeasureTexts(ctx, version, func(m store.MeasureText, sig []uint64) error {
						if len(sig) != similar.DefaultK {
							b.Fatalf("measure %s has no stored signature", m.ID)
						}
						n++
						return nil
					})
				} else {
					var sig similar.Signature
					err = lib.Store().MeasureTexts(ctx, func(m store.MeasureText) error {
						sig = h.AppendSignature(sig[:0], similar.Shingle(m.Text))
						n++
						return nil
					})
				}
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N*n), "cpu-ns/measure")
		})
	}
}
