package indexer_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer"
)

// TestLongMeasuresNotSunk: a long measure that works on the searched
// problem in detail (the phrase twice, with what was done) ranks above
// short ones that name it once; length alone does not sink it. With
// bleve's default length normalisation (BM25 b = 0.75) the long one came
// last.
func TestLongMeasuresNotSunk(t *testing.T) {
	ctx := context.Background()
	ix, err := indexer.Open(ctx, filepath.Join(t.TempDir(), "index"), indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	long := "针对党费收缴不及时的问题，支部逐月核对党员工资基数，按规定标准重新核定每名党员应缴金额，" +
		"建立党费收缴台账，由组织委员每月10日前提醒、20日前催缴，支部书记每季度审核一次台账；" +
		"对近三年少缴、漏缴的党员逐一谈话并限期补缴，已补缴党费1.2万元；将党费收缴情况纳入支部年度考核，" +
		"每半年在支部党员大会上通报一次，确保党费收缴工作规范有序、按时足额。"
	d := &corpus.Disclosure{
		ID:   "len",
		Unit: "中共云岭县审计局党组",
		Measures: []corpus.Measure{
			{ID: "len-001", Category: 1, Number: 1, Text: "规范党费收缴工作。"},
			{ID: "len-002", Category: 1, Number: 2, Text: "按时开展党费收缴。"},
			{ID: "len-003", Category: 1, Number: 3, Text: long},
			{ID: "len-004", Category: 1, Number: 4, Text: "加强党费收缴管理，按月收缴。"},
		},
	}
	if err := ix.Add(ctx, d); err != nil {
		t.Fatal(err)
	}
	res := search(t, ix, indexer.Query{Text: "党费收缴"})
	if len(res.Hits) != 4 {
		t.Fatalf("%d hits, want 4: %v", len(res.Hits), hitIDs(res))
	}
	for _, h := range res.Hits {
		t.Logf("%s %.12f", h.ID, h.Score)
	}
	if res.Hits[0].ID != "len-003" {
		t.Errorf("order %v: the detailed long measure (the phrase four times in %d characters) should lead",
			hitIDs(res), len([]rune(long)))
	}
}
