package library_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/corpus/synth"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// TestInferredRounds ingests a synthetic corpus, some of whose documents
// do not state their round, and checks every round the comparison groups a
// measure under against what the generator knows: a stated round inherited
// by a document of the same body, place and period must be its true round;
// anything else is a label marked 推断.
func TestInferredRounds(t *testing.T) {
	ctx := context.Background()
	docs := synth.Generate(synth.Options{Seed: 1})
	in := t.TempDir()
	truth := map[string]synth.Truth{} // disclosure id → truth
	unstated := 0
	for _, d := range docs {
		if err := os.WriteFile(filepath.Join(in, d.Name), []byte(d.Text), 0o644); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(d.Text))
		truth[hex.EncodeToString(sum[:])[:16]] = d.Truth
		if d.Truth.Round == 0 {
			unstated++
		}
	}
	if unstated == 0 {
		t.Fatal("the synthetic corpus states every round: nothing to infer")
	}
	lib := open(t, t.TempDir(), library.Options{})
	defer lib.Close()
	ingest(t, lib, in)
	cmp, err := lib.Compare(ctx, analytics.ByRound, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	inherited, labelled := map[string]bool{}, map[string]bool{}
	for _, g := range cmp.Groups {
		for _, th := range g.Themes {
			for _, mid := range th.MeasureIDs {
				disc := mid[:strings.LastIndex(mid, "-")]
				tr, ok := truth[disc]
				if !ok {
					t.Fatalf("measure %s of an unknown disclosure", mid)
				}
				switch {
				case strings.Contains(g.Key, "推断"):
					labelled[disc] = true
				case g.Key != tr.RoundKey:
					t.Errorf("%s grouped under %s, truly %s", mid, g.Key, tr.RoundKey)
				case tr.Round == 0:
					inherited[disc] = true
				}
			}
		}
	}
	if len(inherited)+len(labelled) == 0 {
		t.Errorf("none of the %d documents without a stated round got one", unstated)
	}
	t.Logf("%d documents state no round: %d took their true round from another, %d got a 推断 label",
		unstated, len(inherited), len(labelled))
}
