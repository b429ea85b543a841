package library_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// groupedLibrary holds the invented rounds of analytics_test.go and a copy
// of 民政局's first round published by 平川县教育局: every measure of it is
// copied into a second unit.
func groupedLibrary(t *testing.T) *library.Library {
	t.Helper()
	lib := open(t, t.TempDir(), library.Options{})
	ingestRounds(t, lib)
	dir := t.TempDir()
	copyText := strings.NewReplacer("民政局", "教育局", "0898-5231176", "0898-5231300").Replace(minzhengRound1)
	if err := os.WriteFile(filepath.Join(dir, "jiaoyu1.txt"), []byte(copyText), 0o644); err != nil {
		t.Fatal(err)
	}
	if sum := ingest(t, lib, dir); sum.Stored != 1 {
		t.Fatalf("ingested %+v", sum)
	}
	return lib
}

func TestLibraryClustersAndProfile(t *testing.T) {
	ctx := context.Background()
	lib := groupedLibrary(t)
	page, err := lib.Clusters(ctx, library.ClusterQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total < 3 || len(page.Clusters) != page.Total {
		t.Fatalf("clusters: total %d, page %d", page.Total, len(page.Clusters))
	}
	for _, c := range page.Clusters {
		if c.RepresentativeText == "" || c.Size < 2 || len(c.Members) != c.Size {
			t.Errorf("cluster %+v", c)
		}
	}
	// The copies of 民政局's first round join 教育局: two units.
	if got := page.Clusters[0].Units; len(got) != 2 {
		t.Errorf("top cluster's units %v, want 民政局 and 教育局", got)
	}
	// Paging slices the same ranking; members are bounded.
	p2, err := lib.Clusters(ctx, library.ClusterQuery{Offset: 1, Limit: 1, Members: 1})
	if err != nil || p2.Total != page.Total || len(p2.Clusters) != 1 || p2.Clusters[0].Representative != page.Clusters[1].Representative ||
		len(p2.Clusters[0].Members) != 1 || p2.Clusters[0].Size != page.Clusters[1].Size {
		t.Errorf("page at 1: %+v, %v", p2, err)
	}
	if _, err := lib.Clusters(ctx, library.ClusterQuery{Limit: 501}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("limit 501: %v", err)
	}
	// One unit's clusters: 财政局 copied nothing.
	if p, err := lib.Clusters(ctx, library.ClusterQuery{Unit: "中共平川县财政局党组"}); err != nil || p.Total != 0 {
		t.Errorf("财政局's clusters: %+v, %v", p, err)
	}

	prof, err := lib.Profile(ctx, "平川县民政局", analytics.GroupOptions{}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if prof.UnitKey != "平川县民政局" || len(prof.Rounds) != 3 || len(prof.Disclosures) != 3 || prof.Recurring == nil {
		t.Errorf("profile: key %q, %d rounds, %d disclosures, recurring %v", prof.UnitKey, len(prof.Rounds), len(prof.Disclosures), prof.Recurring)
	}
	if prof.Copied.Total != page.Total {
		t.Errorf("profile's copied clusters %d, want %d (every cluster holds 民政局)", prof.Copied.Total, page.Total)
	}
	if _, err := lib.Profile(ctx, "无此单位", analytics.GroupOptions{}, 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown unit: %v", err)
	}

	// A delete changes the store: the clustering follows.
	var jiaoyu string
	rows, _ := lib.Store().MeasureRows(ctx, store.RowFilter{Units: []string{"中共平川县教育局党组"}})
	if len(rows) == 0 {
		t.Fatal("no 教育局 rows")
	}
	jiaoyu = rows[0].DisclosureID
	if err := lib.Delete(ctx, jiaoyu); err != nil {
		t.Fatal(err)
	}
	after, err := lib.Clusters(ctx, library.ClusterQuery{})
	if err != nil || after.Total >= page.Total {
		t.Errorf("after deleting the copy: %d clusters (before %d), %v", after.Total, page.Total, err)
	}
}

func TestLibraryGroupedTrendsCompare(t *testing.T) {
	ctx := context.Background()
	lib := groupedLibrary(t)

	rec, err := lib.RecurringByUnit(ctx, analytics.GroupOptions{}, library.Filter{})
	if err != nil || rec.Total == 0 || rec.Units[0].UnitKey != "平川县民政局" {
		t.Fatalf("recurring by unit: %+v, %v", rec, err)
	}
	if !slices.ContainsFunc(rec.Units[0].Themes, func(th analytics.RecurringTheme) bool { return th.ID == "D2" }) {
		t.Errorf("民政局's recurring themes lack D2: %+v", rec.Units[0].Themes)
	}
	if _, err := lib.RecurringByUnit(ctx, analytics.GroupOptions{Limit: -1}, library.Filter{}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("negative limit: %v", err)
	}

	com, err := lib.CommonByTheme(ctx, analytics.GroupOptions{}, library.Filter{})
	if err != nil || !slices.ContainsFunc(com.Common, func(g analytics.CommonGroup) bool { return g.ID == "C3" && g.Units == 2 }) {
		t.Errorf("common by theme: %+v, %v", com, err)
	}

	tr, sel, err := lib.Trends(ctx, analytics.PerRound, 0, library.Filter{})
	if err != nil || len(tr.Periods) != 3 || sel.Measures == 0 {
		t.Fatalf("trends per round: %+v, %+v, %v", tr.Periods, sel, err)
	}
	// Filtered to 2022's disclosures: 民政局's first round (published
	// 2022-01-12) and 教育局's copy.
	ty, sel, err := lib.Trends(ctx, analytics.PerYear, 0, library.Filter{Years: []int{2022}})
	if err != nil || len(ty.Periods) != 1 || ty.Periods[0].Key != "2022" || sel.Measures != ty.Periods[0].Measures {
		t.Errorf("trends per year in 2022: %+v, %+v, %v", ty.Periods, sel, err)
	}

	// Compare over the measures a search finds.
	c, err := lib.CompareWhere(ctx, analytics.ByUnit, nil, nil, library.Filter{Text: "警示教育"}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if c.Selection.Measures == 0 || len(c.Groups) != 2 || len(c.Ranking) != 2 {
		t.Fatalf("compare over 警示教育: %+v", c)
	}
	all, err := lib.CompareWhere(ctx, analytics.ByUnit, nil, nil, library.Filter{}, 0)
	if err != nil || all.Selection.Measures <= c.Selection.Measures {
		t.Errorf("unfiltered compare covers %d measures, filtered %d", all.Selection.Measures, c.Selection.Measures)
	}
	for _, g := range c.Groups {
		if !slices.ContainsFunc(g.Themes, func(th analytics.ThemeCount) bool { return th.ID == "C3" }) {
			t.Errorf("group %s over 警示教育 lacks C3: %+v", g.Key, g.Themes)
		}
	}
	// A theme named as the search takes it: an id in any case, or a part
	// of its name (C3 is 警示教育和纪律教育).
	for _, v := range []string{"c3", "警示教育"} {
		byName, err := lib.CompareWhere(ctx, analytics.ByUnit, nil, nil, library.Filter{Themes: []string{v}}, 0)
		if err != nil || byName.Selection.Measures == 0 || byName.Selection.Measures > c.Selection.Measures+2 {
			t.Errorf("compare over theme %s: %+v, %v", v, byName.Selection, err)
		}
	}
	// The compared units among the search's.
	one, err := lib.CompareWhere(ctx, analytics.ByUnit, []string{"平川县财政局"}, nil, library.Filter{Themes: []string{"C3"}}, 1)
	if err != nil || len(one.Groups) != 1 || one.Groups[0].Measures != 1 || len(one.Ranking[0].Themes) != 1 {
		t.Errorf("compare 财政局 over C3: %+v, %v", one, err)
	}
}
