package library_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
	"github.com/zhenggai/zhenggai/indexer/store/pgstore"
	"github.com/zhenggai/zhenggai/indexer/store/pgstore/pgtest"
)

// checkRef checks that a result names the stored measure: its text,
// disclosure, unit and round key as the store gives them.
func checkRef(t *testing.T, st library.Store, what string, r library.MeasureRef) {
	t.Helper()
	m, err := st.Measure(context.Background(), r.ID)
	if err != nil {
		t.Errorf("%s: measure %s: %v", what, r.ID, err)
		return
	}
	want := library.MeasureRef{ID: m.ID, DisclosureID: m.DisclosureID, Unit: m.Unit, RoundLabel: m.RoundKey, Text: m.Text}
	if r != want || r.Text == "" {
		t.Errorf("%s:\n got %+v\nwant %+v", what, r, want)
	}
}

// TestSimilarResultsNameTheStoredMeasures: every measure of a duplicates
// answer (whole and paged), a similar answer and a clusters page carries
// the stored text, disclosure, unit and round key of its measure (the
// index keeps no texts: each answer reads its own).
func TestSimilarResultsNameTheStoredMeasures(t *testing.T) {
	lib, a, b := similarLibrary(t)
	ingest(t, lib, a, b)
	checkSimilarResults(t, lib)
}

// TestTextsFromPostgres: the near-duplicate answers, grouped recurrences
// and profiles read their texts from a PostgreSQL store as from SQLite.
func TestTextsFromPostgres(t *testing.T) {
	url := pgtest.Schema(t)
	st, err := pgstore.Open(context.Background(), url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	lib := open(t, t.TempDir(), library.Options{Store: st})
	defer lib.Close()
	_, a, b := similarLibrary(t)
	ingest(t, lib, fixtures(t), a, b, synthFolder(t, 80))
	checkSimilarResults(t, lib)
	checkRecurringTexts(t, lib)
}

// checkSimilarResults checks that every measure of lib's near-duplicate
// answers is the stored one (checkRef).
func checkSimilarResults(t *testing.T, lib *library.Library) {
	t.Helper()
	ctx := context.Background()
	st := lib.Store()
	all, err := lib.Duplicates(ctx, 0.5, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 3 {
		t.Fatalf("only %d pairs at 0.5", len(all))
	}
	rounds := 0
	for i, p := range all {
		checkRef(t, st, "pair A", p.A)
		checkRef(t, st, "pair B", p.B)
		if p.A.RoundLabel != "" {
			rounds++
		}
		if i > 0 && p.Similarity > all[i-1].Similarity {
			t.Errorf("pairs not ordered by similarity at %d", i)
		}
	}
	if rounds == 0 {
		t.Error("no pair's measure has a round: the rounds are not checked")
	}
	page, err := lib.DuplicatesPage(ctx, library.DuplicateQuery{Threshold: 0.5, Limit: library.MaxDuplicateLimit})
	if err != nil {
		t.Fatal(err)
	}
	if page.Total != len(all) || !reflect.DeepEqual(page.Pairs, all) {
		t.Errorf("DuplicatesPage differs from Duplicates: %d of %d pairs", len(page.Pairs), page.Total)
	}
	sim, err := lib.Similar(ctx, all[0].A.ID, 10, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(sim) == 0 {
		t.Fatalf("nothing similar to %s", all[0].A.ID)
	}
	for _, p := range sim {
		checkRef(t, st, "similar A", p.A)
		checkRef(t, st, "similar B", p.B)
	}
	cl, err := lib.Clusters(ctx, library.ClusterQuery{Threshold: 0.5, Limit: 500, Members: library.MaxClusterMembers})
	if err != nil {
		t.Fatal(err)
	}
	if len(cl.Clusters) == 0 {
		t.Fatal("no clusters at 0.5")
	}
	for _, c := range cl.Clusters {
		m, err := st.Measure(ctx, c.Representative)
		if err != nil || c.RepresentativeText != m.Text || m.Text == "" {
			t.Errorf("cluster of %s: representative text %q, stored %+v, %v", c.Representative, c.RepresentativeText, m, err)
		}
		for _, cm := range c.Members {
			m, err := st.Measure(ctx, cm.ID)
			if err != nil || cm.Unit != m.Unit || cm.Round != m.RoundKey {
				t.Errorf("member %s: unit %q round %q, stored %+v, %v", cm.ID, cm.Unit, cm.Round, m, err)
			}
		}
	}
}

// TestSimilarOddMeasureIDs: records stored with measure ids of their own
// (not their disclosure's id and a number; one that reads as another
// disclosure's) are named and filtered by their own disclosure and unit.
func TestSimilarOddMeasureIDs(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := store.Open(ctx, filepath.Join(dir, library.StoreFile), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	const (
		study = "修订党组理论学习中心组学习制度，将学习贯彻习近平新时代中国特色社会主义思想列为第一议题，全年开展专题研讨"
		check = "联合医疗保障部门开展医保基金使用专项检查，覆盖全部公立医院和民营医院，督促限期整改并追回违规资金"
	)
	idOf := func(name string) string {
		sum := sha256.Sum256([]byte("合成测试记录 " + name))
		return hex.EncodeToString(sum[:])[:16]
	}
	put := func(name, unit string, measures ...[2]string) {
		data := []byte("合成测试记录 " + name)
		d := &corpus.Disclosure{ID: idOf(name), Kind: corpus.KindRectification, Unit: unit, Title: unit + "巡察整改情况的通报",
			Inspection: corpus.Inspection{Scope: "巡察", Body: "市委"}, Categories: []corpus.Category{}, Sections: []corpus.Section{},
			Flags: []corpus.Flag{}}
		for _, m := range measures {
			d.Measures = append(d.Measures, corpus.Measure{ID: m[0], Category: 1, Number: len(d.Measures) + 1, Text: m[1], Themes: []string{}})
		}
		if _, _, err := st.Put(ctx, store.Original{Path: name + ".txt", Format: "txt", Encoding: "utf-8", Data: data}, d); err != nil {
			t.Fatal(err)
		}
	}
	ida, idb, idc, idd := idOf("a"), idOf("b"), idOf("c"), idOf("d")
	put("a", "甲局", [2]string{ida + "-001", study + "6次。"}, [2]string{"m-free", check + "。"})
	// b's first measure id reads as a's.
	put("b", "乙局", [2]string{ida + "-009", study + "8次。"}, [2]string{"plain", check + "，建立台账。"})
	put("c", "", [2]string{idc + "-001", study + "10次。"})
	put("d", "甲局", [2]string{"x", study + "12次。"})
	lib := open(t, dir, library.Options{Store: st})
	defer lib.Close()
	disclosure := map[string]string{ida + "-001": ida, "m-free": ida, ida + "-009": idb, "plain": idb, idc + "-001": idc, "x": idd}
	key := func(p library.MeasurePair) [2]string { return [2]string{p.A.ID, p.B.ID} }
	for _, across := range []bool{false, true} {
		pairs, err := lib.Duplicates(ctx, 0.5, across)
		if err != nil {
			t.Fatal(err)
		}
		got := map[[2]string]bool{}
		for _, p := range pairs {
			got[key(p)] = true
			for _, r := range []library.MeasureRef{p.A, p.B} {
				checkRef(t, st, "pair", r)
				if r.DisclosureID != disclosure[r.ID] {
					t.Errorf("measure %s of disclosure %s, want %s", r.ID, r.DisclosureID, disclosure[r.ID])
				}
			}
			if across && p.A.Unit == p.B.Unit && p.A.Unit != "" {
				t.Errorf("across units only, yet %s and %s of %s", p.A.ID, p.B.ID, p.A.Unit)
			}
		}
		want := map[[2]string]bool{
			{ida + "-001", ida + "-009"}: true, // 甲局 and 乙局, though b's id reads as a's
			{"m-free", "plain"}:          true,
			{ida + "-001", idc + "-001"}: true, // c names no unit: its own
			{ida + "-009", idc + "-001"}: true,
		}
		if !across {
			want[[2]string{ida + "-001", "x"}] = true // both 甲局
		}
		for k := range want {
			if k[1] < k[0] {
				k = [2]string{k[1], k[0]}
			}
			if !got[k] {
				t.Errorf("across units %v: no pair %v among %v", across, k, got)
			}
		}
		if across && (got[[2]string{ida + "-001", "x"}] || got[[2]string{"x", ida + "-001"}]) {
			t.Errorf("across units: the pair of 甲局's two measures")
		}
	}
	sim, err := lib.Similar(ctx, ida+"-009", 10, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range sim {
		checkRef(t, st, "similar", p.B)
		if p.B.Unit == "乙局" || p.B.ID == "plain" {
			t.Errorf("other units only, yet %+v", p.B)
		}
	}
	if len(sim) < 3 {
		t.Errorf("Similar(%s, other units) = %+v, want a's, c's and d's", ida+"-009", sim)
	}
}
