package library_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/indexer"
	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
)

func fixtures(t *testing.T) string {
	t.Helper()
	return filepath.Join(corpustest.RepoRoot(t), "corpus", "testdata", "fixtures")
}

// otherFixtures counts the fixtures whose hand-written expectation says they
// are not disclosures: the ones an ingest skips.
func otherFixtures(t *testing.T) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(fixtures(t), "*.expect.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("fixture expectations: %v", err)
	}
	n := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var exp struct {
			Kind string `json:"kind"`
		}
		if err := json.Unmarshal(raw, &exp); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if exp.Kind == "other" {
			n++
		}
	}
	return n
}

func open(t *testing.T, dir string, opts library.Options) *library.Library {
	t.Helper()
	lib, err := library.Open(context.Background(), dir, opts)
	if err != nil {
		t.Fatalf("open library: %v", err)
	}
	return lib
}

func ingest(t *testing.T, lib *library.Library, paths ...string) library.Summary {
	t.Helper()
	sum, err := lib.Ingest(context.Background(), paths, nil, func(r library.FileResult) {
		if r.Outcome == library.Failed {
			t.Errorf("%s failed: %v", r.Path, r.Err)
		}
	})
	if err != nil {
		t.Fatalf("ingest: %v", err)
	}
	return sum
}

// hitIDs runs a search and returns the ids of every hit, paging through.
func hitIDs(t *testing.T, lib *library.Library, q indexer.Query) []string {
	t.Helper()
	var ids []string
	q.Limit = indexer.MaxLimit
	for q.Offset = 0; ; q.Offset += q.Limit {
		res, err := lib.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("search %q: %v", q.Text, err)
		}
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		if len(res.Hits) < q.Limit {
			return ids
		}
	}
}

func TestIngestIsIdempotentAndAgrees(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir, library.Options{})
	defer lib.Close()
	first := ingest(t, lib, fixtures(t))
	if first.Stored < 15 || first.Skipped != otherFixtures(t) || first.Failed != 0 {
		t.Fatalf("first ingest %+v", first)
	}
	st, err := lib.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Disclosures != first.Stored || st.Measures != first.Measures || st.Indexed != st.Measures || st.IndexedDisclosures != st.Disclosures {
		t.Fatalf("stats %+v after %+v", st, first)
	}
	again := ingest(t, lib, fixtures(t))
	if again.Stored != 0 || again.Duplicate != first.Stored || again.Skipped != first.Skipped {
		t.Errorf("second ingest %+v, want every disclosure a duplicate", again)
	}
	st2, _ := lib.Stats(ctx)
	if st2 != st {
		t.Errorf("stats changed on re-ingest: %+v → %+v", st, st2)
	}
}

func TestReindexAnswersAsBefore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir, library.Options{})
	ingest(t, lib, fixtures(t))
	queries := []indexer.Query{
		{Text: "三会一课"}, {Text: "警示教育"}, {Text: "整改 制度"}, {Text: "党"},
		{Text: "干部队伍", Sort: indexer.SortDate}, {Unit: []string{"中共青石镇委员会"}},
		{Text: "问题", Themes: []string{"D2"}},
	}
	search := func() [][]indexer.Hit {
		var out [][]indexer.Hit
		for _, q := range queries {
			q.Highlight = true
			q.Limit = 100
			res, err := lib.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, res.Hits)
		}
		return out
	}
	before := search()
	if err := lib.Reindex(ctx, nil); err != nil {
		t.Fatalf("reindex: %v", err)
	}
	sameHits(t, "rebuilt", before, search())
	if err := lib.Close(); err != nil {
		t.Fatal(err)
	}
	// The rebuilt index is recorded as known good (indexer's check stamp),
	// so the next open need not probe it.
	if _, err := os.Stat(filepath.Join(dir, library.IndexDir, "zhenggai-checked")); err != nil {
		t.Errorf("the rebuilt index has no check stamp: %v", err)
	}
	lib = open(t, dir, library.Options{})
	defer lib.Close()
	sameHits(t, "reopened", before, search())
}

func TestChangedDictionaryRebuilds(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir, library.Options{DictVersion: "dict-a"})
	ingest(t, lib, fixtures(t))
	st, _ := lib.Stats(ctx)
	lib.Close()
	if !strings.HasPrefix(st.IndexVersion, "dict-a/") {
		t.Fatalf("index version %q", st.IndexVersion)
	}
	lib = open(t, dir, library.Options{DictVersion: "dict-b"})
	defer lib.Close()
	st2, _ := lib.Stats(ctx)
	if !strings.HasPrefix(st2.IndexVersion, "dict-b/") || st2.Indexed != st.Indexed || st2.Disclosures != st.Disclosures {
		t.Errorf("after a dictionary change: %+v, want a rebuilt index with %d measures", st2, st.Indexed)
	}
}

func TestMissingIndexIsRebuiltFromTheStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir, library.Options{})
	ingest(t, lib, fixtures(t))
	st, _ := lib.Stats(ctx)
	lib.Close()
	if err := os.RemoveAll(filepath.Join(dir, library.IndexDir)); err != nil {
		t.Fatal(err)
	}
	lib = open(t, dir, library.Options{})
	defer lib.Close()
	if st2, _ := lib.Stats(ctx); st2.Indexed != st.Indexed || st2.IndexedDisclosures != st.Disclosures {
		t.Errorf("after losing the index: %+v, want %d measures indexed", st2, st.Indexed)
	}
}

func TestDeleteRemovesFromBoth(t *testing.T) {
	ctx := context.Background()
	lib := open(t, t.TempDir(), library.Options{})
	defer lib.Close()
	ingest(t, lib, fixtures(t))
	ids := hitIDs(t, lib, indexer.Query{Unit: []string{"中共青石镇委员会"}})
	if len(ids) == 0 {
		t.Fatal("no measures of 青石镇")
	}
	discID := strings.SplitN(ids[0], "-", 2)[0]
	before, _ := lib.Stats(ctx)
	if err := lib.Delete(ctx, discID); err != nil {
		t.Fatalf("delete: %v", err)
	}
	after, _ := lib.Stats(ctx)
	if after.Disclosures != before.Disclosures-1 || after.Indexed != after.Measures || after.Measures != before.Measures-len(ids) {
		t.Errorf("stats %+v → %+v after deleting %d measures", before, after, len(ids))
	}
	if left := hitIDs(t, lib, indexer.Query{Unit: []string{"中共青石镇委员会"}}); len(left) != 0 {
		t.Errorf("%d measures left in the index", len(left))
	}
}

// TestPhraseRecall checks, over every fixture (and the seed where present),
// that for each phrase every measure containing it verbatim is returned and
// ranks above measures that only contain its words, and that a phrase absent
// from the corpus finds nothing.
func TestPhraseRecall(t *testing.T) {
	ctx := context.Background()
	lib := open(t, t.TempDir(), library.Options{})
	defer lib.Close()
	paths := []string{fixtures(t)}
	if seed := filepath.Join(corpustest.RepoRoot(t), "..", "shared", "seed"); dirExists(seed) {
		paths = append(paths, seed)
	}
	ingest(t, lib, paths...)
	texts := map[string]string{} // measure id → text
	for _, id := range hitIDs(t, lib, indexer.Query{}) {
		m, err := lib.Store().Measure(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		texts[id] = m.Text
	}
	phrases := []string{
		"党", "整改", "巡察", "制度", "台账", "三会一课", "主体责任", "一岗双责", "警示教育", "年轻干部",
		"干部队伍", "干部队伍建设", "党风廉政建设", "主题党日", "乡村振兴", "医保基金", "议事规则", "专项整治",
		"津补贴", "违规发放津补贴", "三重一大", "问题线索", "谈心谈话", "招标投标", "以案促改", "组织生活",
		"党员发展", "全面从严治党", "落实全面从严治党主体责任", "党组织领导的校长负责制", "建立健全", "不到位",
		"整改落实", "廉洁风险", "民主生活会", "安全隐患",
	}
	checked := 0
	for _, ph := range phrases {
		var want []string
		for id, txt := range texts {
			if strings.Contains(txt, ph) {
				want = append(want, id)
			}
		}
		if len(want) == 0 {
			continue
		}
		checked++
		got := hitIDs(t, lib, indexer.Query{Text: ph})
		if len(got) < len(want) {
			t.Errorf("%s: %d hits, %d measures contain it", ph, len(got), len(want))
			continue
		}
		// Every verbatim hit marks the whole phrase inside one <mark>.
		res, err := lib.Search(ctx, indexer.Query{Text: ph, Highlight: true, Limit: indexer.MaxLimit})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if strings.Contains(h.Text, ph) && !markHolds(h.Highlight, ph) {
				t.Errorf("%s: highlight %q does not mark the whole phrase", ph, h.Highlight)
			}
		}
		top := append([]string(nil), got[:len(want)]...)
		sort.Strings(top)
		sort.Strings(want)
		if !reflect.DeepEqual(top, want) {
			t.Errorf("%s: the %d verbatim measures are not the top hits", ph, len(want))
		}
	}
	if checked < 30 {
		t.Errorf("only %d phrases occur in the corpus; want at least 30", checked)
	}
	for _, absent := range []string{"殡葬改革", "围标串标", "小金库"} {
		if got := hitIDs(t, lib, indexer.Query{Text: absent}); len(got) != 0 {
			t.Errorf("%s is in no measure but found %d", absent, len(got))
		}
	}
}

func dirExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

// sameHits compares two answers to the same queries: the same hits in the
// same order with the same texts and highlights. bleve keeps BM25's
// collection statistics per segment, so scores depend on how the segments
// were written (file by file, or in one rebuild); they may move by 1%.
func sameHits(t *testing.T, what string, before, after [][]indexer.Hit) {
	t.Helper()
	for i := range before {
		if len(before[i]) != len(after[i]) {
			t.Errorf("%s index, query %d: %d hits, before %d", what, i, len(after[i]), len(before[i]))
			continue
		}
		// Hits whose scores agree within 1% may trade places: a rebuilt
		// index computes the same scores up to rounding, so near-ties can
		// come back in either order. Compare such runs in ID order.
		a, b := tieOrder(after[i]), tieOrder(before[i])
		for j := range b {
			if math.Abs(a[j].Score-b[j].Score) > 0.01*math.Max(math.Abs(b[j].Score), 1e-9) {
				t.Errorf("%s index, query %d hit %d: score %v, before %v", what, i, j, a[j].Score, b[j].Score)
			}
			x, y := a[j], b[j]
			x.Score, y.Score, x.Sort, y.Sort = 0, 0, nil, nil
			if !reflect.DeepEqual(x, y) {
				t.Errorf("%s index, query %d hit %d:\n%+v\nbefore\n%+v", what, i, j, x, y)
			}
		}
	}
}

// tieOrder returns the hits with every run of near-equal scores (within 1%
// of the run's first) sorted by ID, the rest of the order kept.
func tieOrder(hits []indexer.Hit) []indexer.Hit {
	out := slices.Clone(hits)
	for start := 0; start < len(out); {
		end := start + 1
		for end < len(out) && math.Abs(out[end].Score-out[start].Score) <= 0.01*math.Max(math.Abs(out[start].Score), 1e-9) && sameSort(out[end], out[start]) {
			end++
		}
		sort.SliceStable(out[start:end], func(x, y int) bool { return out[start+x].ID < out[start+y].ID })
		start = end
	}
	return out
}

// sameSort reports whether two hits may trade places under their sort
// keys: under a score sort ([score, id]) any two may (the scores decide);
// under a date sort ([date, id]) only hits of one date may.
func sameSort(a, b indexer.Hit) bool {
	if len(a.Sort) == 0 || len(b.Sort) == 0 {
		return true
	}
	if _, err := strconv.ParseFloat(a.Sort[0], 64); err == nil {
		return true
	}
	return a.Sort[0] == b.Sort[0]
}

// markHolds reports whether one <mark>…</mark> span of html holds phrase.
func markHolds(html, phrase string) bool {
	for {
		i := strings.Index(html, "<mark>")
		if i < 0 {
			return false
		}
		html = html[i+len("<mark>"):]
		j := strings.Index(html, "</mark>")
		if j < 0 {
			return false
		}
		if strings.Contains(html[:j], phrase) {
			return true
		}
		html = html[j:]
	}
}

// TestStoredButNotIndexedIsIndexedAtOpen covers the crash window between
// storing a record and indexing it: the next Open indexes it.
func TestStoredButNotIndexedIsIndexedAtOpen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir, library.Options{})
	path := filepath.Join(fixtures(t), "02_county_housing_layoutB.txt")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := lib.Loader().Bytes(ctx, path, data)
	if r.Err != nil {
		t.Fatal(r.Err)
	}
	d := r.Disclosure
	if _, _, err := lib.Store().Put(ctx, store.Original{SHA256: d.Source.SHA256, Path: path, Data: data}, d); err != nil {
		t.Fatal(err)
	}
	if st, _ := lib.Stats(ctx); st.Disclosures != 1 || st.Indexed != 0 {
		t.Fatalf("before reopening: %+v", st)
	}
	lib.Close()
	lib = open(t, dir, library.Options{})
	defer lib.Close()
	if st, _ := lib.Stats(ctx); st.Indexed != len(d.Measures) || st.IndexedDisclosures != 1 {
		t.Errorf("after reopening: %+v, want the %d measures indexed", st, len(d.Measures))
	}
	if again := lib.IngestBytes(ctx, path, data); again.Outcome != library.Duplicate {
		t.Errorf("re-ingest after recovery: %s", again.Outcome)
	}
}

// TestTraditionalQuery searches in traditional and full-width characters
// and finds what the simplified query finds.
func TestTraditionalQuery(t *testing.T) {
	lib := open(t, t.TempDir(), library.Options{})
	defer lib.Close()
	ingest(t, lib, fixtures(t))
	for simplified, other := range map[string]string{"三会一课": "三會一課", "警示教育 以案促改": "警示教育　以案促改"} {
		want := hitIDs(t, lib, indexer.Query{Text: simplified})
		got := hitIDs(t, lib, indexer.Query{Text: other})
		if len(want) == 0 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s found %d, %s found %d", other, len(got), simplified, len(want))
		}
	}
}

// TestSynonyms: safe expansions are searched by default (公车 also finds
// 公务用车, says so, and marks both in the highlights); broad ones only
// when asked (巡察 → 巡视).
func TestSynonyms(t *testing.T) {
	ctx := context.Background()
	lib := open(t, t.TempDir(), library.Options{})
	defer lib.Close()
	ingest(t, lib, fixtures(t))
	wide, err := lib.Search(ctx, indexer.Query{Text: "公车", Highlight: true})
	if err != nil {
		t.Fatal(err)
	}
	plainQuoted, err := lib.Search(ctx, indexer.Query{Text: `"公车"`})
	if err != nil {
		t.Fatal(err)
	}
	if plainQuoted.Total == 0 || wide.Total <= plainQuoted.Total {
		t.Fatalf("公车: %d verbatim, %d with safe synonyms", plainQuoted.Total, wide.Total)
	}
	if !slices.Contains(wide.Expanded, "公务用车") {
		t.Errorf("expanded = %v", wide.Expanded)
	}
	found := false
	for _, h := range wide.Hits {
		if strings.Contains(h.Text, "公务用车") {
			found = true
			if !markHolds(h.Highlight, "公务用车") {
				t.Errorf("highlight %q does not mark the synonym", h.Highlight)
			}
		}
	}
	if !found {
		t.Error("no hit holds 公务用车")
	}
	narrow, err := lib.Search(ctx, indexer.Query{Text: "巡察"})
	if err != nil {
		t.Fatal(err)
	}
	broad, err := lib.Search(ctx, indexer.Query{Text: "巡察", Synonyms: true})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(narrow.Expanded, "巡视") || !slices.Contains(broad.Expanded, "巡视") || broad.Total < narrow.Total {
		t.Errorf("巡察: plain %d expanded %v; with synonyms %d expanded %v", narrow.Total, narrow.Expanded, broad.Total, broad.Expanded)
	}
	plain := plainQuoted
	// A quoted part is taken literally.
	quoted, err := lib.Search(ctx, indexer.Query{Text: `"公车"`, Synonyms: true})
	if err != nil {
		t.Fatal(err)
	}
	if quoted.Total != plain.Total || len(quoted.Expanded) != 0 {
		t.Errorf("quoted 公车 with synonyms: %d hits, expanded %v", quoted.Total, quoted.Expanded)
	}
}
