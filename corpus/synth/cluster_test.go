package synth_test

import (
	"encoding/json"
	"syscall"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus/similar"
	"github.com/zhenggai/zhenggai/corpus/synth"
)

// TestOnlyPlantedCopiesAreNearDuplicates: on a corpus of 2,500 disclosures
// every planted copy is clustered with its source, no cluster merges two
// planted groups, and every cluster is a planted group (nothing the
// generator did not copy is a near-duplicate).
func TestOnlyPlantedCopiesAreNearDuplicates(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and clusters 2,500 disclosures")
	}
	docs := synth.Generate(synth.Options{Seed: 5, Disclosures: 2500})
	s, err := synth.ScorePlanted(docs, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d disclosures, %d measures, %d planted copies, %d clusters: recall %d/%d (%.3f), %d merged, %d not a planted group (precision %.3f)",
		len(docs), s.Measures, s.Planted, s.Clusters, s.Recalled, s.Planted, s.Recall, s.Merged, s.Impure, s.Precision)
	if s.Planted < s.Measures/50 {
		t.Fatalf("only %d planted copies in %d measures", s.Planted, s.Measures)
	}
	if s.Recalled != s.Planted {
		t.Errorf("cluster recall on planted copies %d/%d, want all", s.Recalled, s.Planted)
	}
	if s.Merged > 0 || s.Impure > 0 {
		t.Errorf("%d clusters merge planted groups, %d are not a planted group (precision %.3f)", s.Merged, s.Impure, s.Precision)
	}
}

// TestLargeCorpus: 7,000 disclosures and more once panicked on round
// numbers above 99; rounds now move on to the next term.
func TestLargeCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 7,500 disclosures")
	}
	docs := synth.Generate(synth.Options{Seed: 1, Disclosures: 7500})
	if len(docs) != 7500 {
		t.Fatalf("got %d disclosures", len(docs))
	}
	for _, d := range docs {
		if d.Truth.Round > 15 || d.Truth.Term > 99 {
			t.Fatalf("%s: term %d round %d", d.Name, d.Truth.Term, d.Truth.Round)
		}
	}
	// The last documents (late terms, dates decades ahead) still parse to
	// their truth.
	parserAccuracy(t, docs[len(docs)-40:])
	for n, want := range map[int]string{7: "七", 10: "十", 15: "十五", 99: "九十九", 100: "一百", 105: "一百零五", 112: "一百一十二", 120: "一百二十", 999: "九百九十九", 1000: "1000"} {
		if got := synth.CN(n); got != want {
			t.Errorf("cn(%d) = %s, want %s", n, got, want)
		}
	}
}

// TestScorePlantedCounts checks the score on a hand-made corpus: a copy
// with its source, a copy of a copy, and two unplanted identical measures.
func TestScorePlantedCounts(t *testing.T) {
	a := "对全县公租房承租户开展全面复核，清退不符合条件承租户，追缴违规租金，建立动态审核机制。"
	b := "修订党组会议议事规则，细化三重一大事项范围和决策程序，建立会议纪要备案制度。"
	docs := []synth.Doc{
		{Name: "x", Truth: synth.Truth{Measures: []synth.TruthMeasure{{Category: 1, Number: 1, Text: a}, {Category: 1, Number: 2, Text: b}}}},
		{Name: "y", Truth: synth.Truth{Measures: []synth.TruthMeasure{{Category: 1, Number: 1, Text: a + "。", NearCopyOf: "x#1.0.1"}, {Category: 1, Number: 2, Text: b}}}},
		{Name: "z", Truth: synth.Truth{Measures: []synth.TruthMeasure{{Category: 1, Number: 1, Text: "深入" + a, NearCopyOf: "y#1.0.1"}}}},
	}
	s, err := synth.ScorePlanted(docs, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s.Measures != 5 || s.Planted != 2 || s.Recalled != 2 || s.Clusters != 2 || s.Impure != 1 || s.Merged != 0 || s.Precision != 0.5 || s.Recall != 1 {
		t.Errorf("got %+v", s)
	}
}

// BenchmarkClustersSynth10k clusters the measures of 10,000 generated
// disclosures (index built once, outside the timer) and reports the first
// page's JSON size: the work behind a duplicates-as-clusters route.
func BenchmarkClustersSynth10k(b *testing.B) {
	docs := synth.Generate(synth.Options{Seed: 3, Disclosures: 10000})
	ix, err := similar.NewIndex(similar.Options{})
	if err != nil {
		b.Fatal(err)
	}
	unit := map[string]string{}
	text := map[string]string{}
	for _, d := range docs {
		for _, m := range d.Truth.Measures {
			k := m.Key(d.Name)
			unit[k], text[k] = d.Truth.Unit, m.Text
			if err := ix.AddText(k, m.Text); err != nil {
				b.Fatal(err)
			}
		}
	}
	opts := similar.ClusterOptions{
		Attr: func(id string) (string, string) { return unit[id], "" },
		Text: func(id string) string { return text[id] },
	}
	b.ResetTimer()
	var p similar.ClusterPage
	var ru0, ru1 syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	for b.Loop() {
		if p, err = ix.Clusters(opts); err != nil {
			b.Fatal(err)
		}
	}
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
	js, _ := json.Marshal(p)
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
	b.ReportMetric(float64(ix.Len()), "measures")
	b.ReportMetric(float64(p.Total), "clusters")
	b.ReportMetric(float64(len(js)), "page_json_bytes")
}
