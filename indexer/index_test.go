package indexer_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer"
)

func TestSearchableFields(t *testing.T) {
	ix, _, _ := openTest(t)
	got, err := ix.Fields(context.Background())
	if err != nil {
		t.Fatalf("fields: %v", err)
	}
	// Exactly these fields hold terms; title, category_title and
	// measure_ids are stored only.
	want := []string{
		"body", "category", "disclosure_id", "doc_type", "facet_keys", "group", "heading", "kind", "level", "number",
		"published", "round", "round_label", "sort_date_asc", "sort_date_desc", "term", "text",
		"text_cjk", "text_key", "themes", "type", "unit", "year",
	}
	if !slices.Equal(got, want) {
		t.Errorf("searchable fields\n got %v\nwant %v", got, want)
	}
}

func TestCount(t *testing.T) {
	ix, ds, _ := openTest(t)
	m, d, err := ix.Count(context.Background())
	if err != nil {
		t.Fatalf("count: %v", err)
	}
	if m != uint64(len(testMeasures)) || d != uint64(len(ds)) {
		t.Errorf("count = %d measures, %d disclosures; want %d, %d", m, d, len(testMeasures), len(ds))
	}
	// A search for measures never returns a disclosure document.
	res := search(t, ix, indexer.Query{Limit: indexer.MaxLimit})
	if res.Total != m {
		t.Errorf("match-all search: %d hits, want %d measures", res.Total, m)
	}
}

// answers runs a fixed set of queries and returns their results without
// timings.
func answers(t *testing.T, ix *indexer.Index) []*indexer.Result {
	t.Helper()
	facets := []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear}
	var out []*indexer.Result
	for _, q := range []indexer.Query{
		{Text: "干部队伍", Highlight: true, Facets: facets},
		{Text: "党 -整改", Highlight: true, Limit: indexer.MaxLimit},
		{Text: "落实", Sort: indexer.SortDate, Facets: facets},
		{Body: []string{"县委"}, Facets: facets, Limit: indexer.MaxLimit},
		{Text: "违规发放", Highlight: true},
	} {
		res := search(t, ix, q)
		res.TookMs = 0
		out = append(out, res)
	}
	return out
}

func TestReopenAndVersions(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := indexer.Open(ctx, dir, indexer.Options{})
	if err != nil {
		t.Fatalf("create index: %v", err)
	}
	if err := ix.Add(ctx, testDisclosures()...); err != nil {
		t.Fatalf("add: %v", err)
	}
	before := answers(t, ix)
	stored, running := ix.Versions()
	if stored != running || ix.NeedsRebuild() || stored.Dict == "" || stored.Mapping == "" {
		t.Errorf("new index: stored %v, running %v, needs rebuild %v", stored, running, ix.NeedsRebuild())
	}
	version := ix.IndexVersion()
	if err := ix.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := ix.Close(); err != nil {
		t.Errorf("second close: %v", err)
	}
	if _, err := ix.Search(ctx, indexer.Query{Text: "党"}); !errors.Is(err, indexer.ErrIndexClosed) || !errors.Is(err, bleve.ErrorIndexClosed) {
		t.Errorf("search after close: error = %v, want ErrIndexClosed (and bleve's)", err)
	}
	if err := ix.Add(ctx, testDisclosures()[0]); !errors.Is(err, indexer.ErrIndexClosed) {
		t.Errorf("add after close: error = %v, want ErrIndexClosed", err)
	}

	// Reopened from disk, the index answers exactly as before.
	ix, err = indexer.Open(ctx, dir, indexer.Options{})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	if after := answers(t, ix); !reflect.DeepEqual(before, after) {
		t.Errorf("reopened index answers differently:\nbefore %+v\nafter  %+v", before, after)
	}
	if ix.NeedsRebuild() || ix.IndexVersion() != version {
		t.Errorf("reopened: needs rebuild %v, version %s (was %s)", ix.NeedsRebuild(), ix.IndexVersion(), version)
	}
	if err := ix.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	// Another dictionary version: the index keeps its own and needs a rebuild.
	ix, err = indexer.Open(ctx, dir, indexer.Options{DictVersion: "another-dictionary"})
	if err != nil {
		t.Fatalf("reopen with another dictionary: %v", err)
	}
	defer ix.Close()
	stored2, running2 := ix.Versions()
	if !ix.NeedsRebuild() || stored2 != stored || running2.Dict != "another-dictionary" || ix.IndexVersion() != version {
		t.Errorf("other dictionary: needs rebuild %v, stored %v (want %v), running %v, version %s",
			ix.NeedsRebuild(), stored2, stored, running2, ix.IndexVersion())
	}
}

func TestOpenRefusesOtherFolders(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if ix, err := indexer.Open(context.Background(), dir, indexer.Options{}); err == nil {
		ix.Close()
		t.Errorf("opened a folder that is not an index")
	}
	// An empty folder is fine: the index is created in it.
	empty := t.TempDir()
	ix, err := indexer.Open(context.Background(), empty, indexer.Options{})
	if err != nil {
		t.Fatalf("open empty folder: %v", err)
	}
	ix.Close()
}

func TestOpenLocked(t *testing.T) {
	_, _, dir := openTest(t)
	start := time.Now()
	ix, err := indexer.Open(context.Background(), dir, indexer.Options{BoltTimeout: 300 * time.Millisecond})
	if err == nil {
		ix.Close()
		t.Fatalf("a second Open of a locked index succeeded")
	}
	if !errors.Is(err, indexer.ErrLocked) {
		t.Errorf("second Open: %v, want ErrLocked", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("second Open took %v despite a 300ms bolt timeout", d)
	}
}

func TestDeleteAndReplace(t *testing.T) {
	ctx := context.Background()
	ix, ds, _ := openTest(t)
	d := ds[0]
	if err := ix.Delete(ctx, d); err != nil {
		t.Fatalf("delete: %v", err)
	}
	if res := search(t, ix, indexer.Query{DisclosureID: d.ID}); res.Total != 0 {
		t.Errorf("after delete: %d measures of %s remain: %v", res.Total, d.ID, hitIDs(res))
	}
	if res := search(t, ix, indexer.Query{Text: "校长负责制"}); res.Total != 0 {
		t.Errorf("after delete: 校长负责制 still finds %v", hitIDs(res))
	}
	m, n, err := ix.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if m != uint64(len(testMeasures)-len(d.Measures)) || n != uint64(len(ds)-1) {
		t.Errorf("after delete: %d measures, %d disclosures", m, n)
	}
	if err := ix.Delete(ctx, d); err != nil {
		t.Errorf("deleting again: %v", err)
	}

	// Re-adding restores it; re-adding a shorter version drops the
	// measures it no longer has.
	if err := ix.Add(ctx, d); err != nil {
		t.Fatalf("re-add: %v", err)
	}
	if res := search(t, ix, indexer.Query{DisclosureID: d.ID}); res.Total != uint64(len(d.Measures)) {
		t.Errorf("after re-add: %d measures, want %d", res.Total, len(d.Measures))
	}
	shorter := *d
	shorter.Measures = d.Measures[:2]
	shorter.Unit = "中共云岭县教育局委员会"
	if err := ix.Add(ctx, &shorter); err != nil {
		t.Fatalf("replace: %v", err)
	}
	res := search(t, ix, indexer.Query{DisclosureID: d.ID})
	if !slices.Equal(hitIDs(res), []string{d.Measures[0].ID, d.Measures[1].ID}) && !slices.Equal(hitIDs(res), []string{d.Measures[1].ID, d.Measures[0].ID}) {
		t.Errorf("after replace: %v, want the first two measures", hitIDs(res))
	}
	for _, h := range res.Hits {
		if h.Unit != shorter.Unit {
			t.Errorf("after replace: %s has unit %s", h.ID, h.Unit)
		}
	}
	if _, n2, _ := ix.Count(ctx); n2 != uint64(len(ds)) {
		t.Errorf("after replace: %d disclosures, want %d", n2, len(ds))
	}
}

func TestAddValidation(t *testing.T) {
	ix, err := indexer.Open(context.Background(), "", indexer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(context.Background(), &corpus.Disclosure{}); err == nil {
		t.Errorf("added a disclosure without id")
	}
	// Measures without ids get the corpus's d.ID-NNN ids.
	d := &corpus.Disclosure{ID: "x", Measures: []corpus.Measure{{Number: 1, Text: "加强党的建设"}}}
	if err := ix.Add(context.Background(), d); err != nil {
		t.Fatal(err)
	}
	if h, err := ix.Measure(context.Background(), "x-001"); err != nil || h.Text != "加强党的建设" || h.Round != nil || h.Published != "" {
		t.Errorf("measure x-001 = %+v, %v", h, err)
	}
}

func TestBatches(t *testing.T) {
	// A batch size smaller than one disclosure still indexes everything,
	// one whole disclosure per batch.
	ix, err := indexer.Open(context.Background(), filepath.Join(t.TempDir(), "i"), indexer.Options{BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(context.Background(), testDisclosures()...); err != nil {
		t.Fatal(err)
	}
	if m, _, _ := ix.Count(context.Background()); m != uint64(len(testMeasures)) {
		t.Errorf("%d measures indexed, want %d", m, len(testMeasures))
	}
}

func TestRoundLabel(t *testing.T) {
	for _, tc := range []struct {
		in   corpus.Inspection
		want string
	}{
		{corpus.Inspection{Body: "市委", Term: ip(10), Round: ip(2)}, "十届市委第二轮"},
		{corpus.Inspection{Body: "县委", Term: ip(14), Round: ip(3)}, "十四届县委第三轮"},
		{corpus.Inspection{Body: "省委", Term: ip(21), Round: ip(10)}, "二十一届省委第十轮"},
		{corpus.Inspection{Body: "区委", Round: ip(5)}, "区委第五轮"},
		{corpus.Inspection{Body: "县委", TermYears: "2022-2026", Round: ip(8)}, "2022-2026年县委第八轮"},
		{corpus.Inspection{Body: "市委", Term: ip(10)}, ""},
		{corpus.Inspection{Round: ip(120)}, "第一百二十轮"},
	} {
		if got := indexer.RoundLabel(tc.in); got != tc.want {
			t.Errorf("RoundLabel(%+v) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
