package indexer_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/zhenggai/zhenggai/indexer"
)

// TestRelevance evaluates our search and plain bleve with the cjk analyzer
// on the relevance set (indexer/testdata/relevance: invented measures,
// judged queries) and holds ours to the bar: judged recall and
// nDCG@10 at least 0.85, every exact phrase found, no descriptive query
// empty, no negative query answered.
func TestRelevance(t *testing.T) {
	ours, base, err := indexer.EvaluateRelevance(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.MarshalIndent(map[string]any{"ours": ours, "baseline_bleve_cjk": base}, "", "  ")
	t.Logf("relevance:\n%s", b)
	if ours.All.Queries < 60 {
		t.Errorf("relevance set has %d judged queries, want at least 60", ours.All.Queries)
	}
	if ours.All.Recall < 0.85 {
		t.Errorf("judged recall %.3f, want >= 0.85", ours.All.Recall)
	}
	if ours.All.NDCG10 < 0.85 {
		t.Errorf("nDCG@10 %.3f, want >= 0.85", ours.All.NDCG10)
	}
	if r := ours.ByKind["exact"].Recall; r != 1 {
		t.Errorf("exact-phrase recall %.3f, want 1", r)
	}
	if n := ours.ByKind["description"].Empty; n != 0 {
		t.Errorf("%d descriptive queries found nothing", n)
	}
	if n := ours.All.NegativesFound; n != 0 {
		t.Errorf("%d negative queries found measures", n)
	}
}
