package indexer_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer"
)

// TestSynonymsFile: the table is written to the data folder when absent,
// and an edit is searched without reopening the index.
func TestSynonymsFile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, indexer.SynonymsFile)
	ix, err := indexer.Open(ctx, "", indexer.Options{SynonymsFile: path})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	b, err := os.ReadFile(path)
	if err != nil || string(b) != indexer.DefaultSynonyms() {
		t.Fatalf("default table not written: %v", err)
	}
	if err := ix.Add(ctx, testDisclosures()...); err != nil {
		t.Fatal(err)
	}
	res := search(t, ix, indexer.Query{Text: "一把手"})
	if !slices.Contains(res.Expanded, "第一责任人") || res.Total == 0 {
		t.Fatalf("一把手: %d hits, expanded %v", res.Total, res.Expanded)
	}
	if res := search(t, ix, indexer.Query{Text: "阵地"}); slices.Contains(res.Expanded, "意识形态") {
		t.Fatalf("阵地 expanded before the edit: %v", res.Expanded)
	}
	edited := string(b) + "\n阵地 => 意识形态\n"
	if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	future := time.Now().Add(2 * time.Second)
	if err := os.Chtimes(path, future, future); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		res := search(t, ix, indexer.Query{Text: "阵地"})
		if slices.Contains(res.Expanded, "意识形态") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("edit not picked up: expanded %v", res.Expanded)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// A broken edit keeps the last good table.
	if err := os.WriteFile(path, []byte("no header\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	later := future.Add(2 * time.Second)
	_ = os.Chtimes(path, later, later)
	time.Sleep(1100 * time.Millisecond)
	if res := search(t, ix, indexer.Query{Text: "阵地"}); !slices.Contains(res.Expanded, "意识形态") {
		t.Errorf("a broken table replaced the good one: expanded %v", res.Expanded)
	}
	if !strings.Contains(indexer.DefaultSynonyms(), "broad: 巡察 巡视") {
		t.Error("巡察 ↔ 巡视 is not broad in the default table")
	}
}

// TestExplainEmpty: a mistyped term finds nothing, says which words found
// nothing and proposes the indexed word; a filter naming nothing says so
// with the closest values; short forms of filters resolve.
func TestExplainEmpty(t *testing.T) {
	ix, _, _ := openTest(t)
	res := search(t, ix, indexer.Query{Text: "三会一棵"})
	if res.Total != 0 || !slices.ContainsFunc(res.Corrections, func(c indexer.Correction) bool { return c.To == "三会一课" }) {
		t.Errorf("三会一棵: %d hits, corrections %+v", res.Total, res.Corrections)
	}
	res = search(t, ix, indexer.Query{Text: "津补帖"})
	if res.Total != 0 || !slices.ContainsFunc(res.Corrections, func(c indexer.Correction) bool { return c.To == "津补贴" }) {
		t.Errorf("津补帖: %d hits, corrections %+v", res.Total, res.Corrections)
	}
	// A pinyin input method's wrong candidate: a homophone, in any tone,
	// proposed first and said so, even for a two-character word.
	for _, tc := range []struct{ typed, want string }{{"三会一棵", "三会一课"}, {"党废", "党费"}, {"考和", "考核"}} {
		res = search(t, ix, indexer.Query{Text: tc.typed})
		if res.Total != 0 || len(res.Corrections) == 0 || res.Corrections[0].To != tc.want || res.Corrections[0].Reason != indexer.ReasonSound {
			t.Errorf("%s: %d hits, corrections %+v, want %s first for its sound", tc.typed, res.Total, res.Corrections, tc.want)
		}
	}
	res = search(t, ix, indexer.Query{Text: "区块链 党费"})
	if res.Total != 0 || !slices.Contains(res.Unmatched, "区块") {
		t.Errorf("区块链: %d hits, unmatched %v", res.Total, res.Unmatched)
	}
	// Descriptions: the failing word is optional and reported.
	res = search(t, ix, indexer.Query{Text: "公务接待管理不规范"})
	if res.Total == 0 || !slices.Contains(res.Ignored, "不规范") {
		t.Errorf("公务接待管理不规范: %d hits, ignored %v", res.Total, res.Ignored)
	}
	// Filters as people type them.
	for _, q := range []indexer.Query{
		{Unit: []string{"云岭县教育局"}}, {Unit: []string{"中共云岭县教育局党组"}},
		{RoundLabel: []string{"十四届县委第三轮"}}, {RoundLabel: []string{"云岭县十四届县委第三轮"}},
		{Themes: []string{"c1"}},
	} {
		if res := search(t, ix, q); res.Total == 0 || len(res.UnknownFilters) != 0 {
			t.Errorf("%+v: %d hits, unknown %+v", q, res.Total, res.UnknownFilters)
		}
	}
	res = search(t, ix, indexer.Query{Unit: []string{"云岭县教育厅"}})
	if res.Total != 0 || len(res.UnknownFilters) != 1 || !slices.Contains(res.UnknownFilters[0].Suggestions, "中共云岭县教育局党组") {
		t.Errorf("unknown unit: %d hits, %+v", res.Total, res.UnknownFilters)
	}
	res = search(t, ix, indexer.Query{RoundLabel: []string{"拉萨市十四届县委第三轮"}})
	if res.Total != 0 {
		t.Errorf("a round of another place: %d hits", res.Total)
	}
}

// TestCollapse: one text in three units is one hit saying so; without
// collapsing, three hits; pages of collapsed hits do not repeat a text.
func TestCollapse(t *testing.T) {
	ctx := context.Background()
	ix, err := indexer.Open(ctx, "", indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	text := "认真落实巡察反馈意见，以钉钉子精神抓好整改落实。"
	var ds []*corpus.Disclosure
	for i, u := range []string{"中共云岭县教育局党组", "中共云岭县民政局党组", "中共青溪县财政局党组"} {
		id := "c" + string(rune('0'+i))
		ds = append(ds, &corpus.Disclosure{ID: id, Kind: corpus.KindRectification, Unit: u, Measures: []corpus.Measure{
			{ID: id + "-001", Number: 1, Text: text},
			{ID: id + "-002", Number: 2, Text: u + "建立整改落实台账，逐项销号。"},
		}})
	}
	if err := ix.Add(ctx, ds...); err != nil {
		t.Fatal(err)
	}
	plain := search(t, ix, indexer.Query{Text: "整改落实", Limit: 10})
	folded := search(t, ix, indexer.Query{Text: "整改落实", Limit: 10, Collapse: true})
	if plain.Total != 6 || len(plain.Hits) != 6 {
		t.Fatalf("plain: %d hits", plain.Total)
	}
	if len(folded.Hits) != 4 || folded.Collapsed != 2 {
		t.Fatalf("collapsed: %d hits, %d folded", len(folded.Hits), folded.Collapsed)
	}
	for _, h := range folded.Hits {
		if h.Text == text && (h.DuplicateUnits != 3 || len(h.Duplicates) != 2) {
			t.Errorf("collapsed hit %s: %d units, duplicates %+v", h.ID, h.DuplicateUnits, h.Duplicates)
		}
	}
	page2 := search(t, ix, indexer.Query{Text: "整改落实", Limit: 2, Offset: 2, Collapse: true})
	if len(page2.Hits) != 2 {
		t.Errorf("second collapsed page: %d hits", len(page2.Hits))
	}
	// The copies of a text are cached until the next write: a fourth unit
	// copying it shows at once.
	d := &corpus.Disclosure{ID: "c3", Kind: corpus.KindRectification, Unit: "中共青溪县审计局党组",
		Measures: []corpus.Measure{{ID: "c3-001", Number: 1, Text: text}}}
	if err := ix.Add(ctx, d); err != nil {
		t.Fatal(err)
	}
	again := search(t, ix, indexer.Query{Text: "整改落实", Limit: 10, Collapse: true})
	seen := false
	for _, h := range again.Hits {
		if h.Text == text {
			seen = true
			if h.DuplicateUnits != 4 || len(h.Duplicates) != 3 {
				t.Errorf("after a fourth copy, hit %s: %d units, %d duplicates", h.ID, h.DuplicateUnits, len(h.Duplicates))
			}
		}
	}
	if !seen {
		t.Error("the copied text is not among the collapsed hits")
	}
}
