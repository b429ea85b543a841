package library_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// TestDocsAnswerAsRows ingests a generated corpus (some rounds unstated,
// so inferred) and checks that Compare, CompareWhere, Recurring and Common,
// which read one Doc per disclosure, answer exactly what the row path they
// replaced answers (rowpath_export_test.go), over every grouping, unit and
// round selections and each kind of filter, the search text among them.
func TestDocsAnswerAsRows(t *testing.T) {
	ctx := context.Background()
	lib := open(t, t.TempDir(), library.Options{})
	defer lib.Close()
	ingest(t, lib, synthFolder(t, 150))
	stats := mustStats(t, lib)
	if stats.Measures < 1000 {
		t.Fatalf("only %d measures ingested", stats.Measures)
	}
	check := func(what string, got, want any, gerr, werr error) {
		t.Helper()
		if gerr != nil || werr != nil {
			t.Fatalf("%s: %v / reference %v", what, gerr, werr)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s differs from the row path:\n got %+v\nwant %+v", what, got, want)
		}
	}
	// Units and rounds as the corpus has them, and a disclosure.
	rc, err := library.RowCompare(ctx, lib, analytics.ByRound, nil, nil)
	if err != nil || len(rc.Groups) < 3 {
		t.Fatalf("row comparison by round: %d groups, %v", len(rc.Groups), err)
	}
	uc, err := library.RowCompare(ctx, lib, analytics.ByUnit, nil, nil)
	if err != nil || len(uc.Groups) < 3 {
		t.Fatalf("row comparison by unit: %d groups, %v", len(uc.Groups), err)
	}
	someUnits := []string{uc.Groups[0].Key, uc.Groups[2].UnitKey, "无此单位"}
	someRounds := []string{rc.Groups[1].Key, "2", "十届县委第二轮"}
	disclosure := uc.Groups[1].Themes[0].MeasureIDs[0]
	disclosure = disclosure[:len(disclosure)-4]
	for _, by := range []string{analytics.ByUnit, analytics.ByRound} {
		for _, sel := range []struct{ units, rounds []string }{{nil, nil}, {someUnits, nil}, {nil, someRounds}, {someUnits, someRounds}} {
			got, gerr := lib.Compare(ctx, by, sel.units, sel.rounds)
			want, werr := library.RowCompare(ctx, lib, by, sel.units, sel.rounds)
			check(fmt.Sprintf("Compare by %s units %v rounds %v", by, sel.units, sel.rounds), got, want, gerr, werr)
		}
		for _, f := range []library.Filter{
			{}, {Text: "整改"}, {Text: "三会一课", Units: someUnits[:1]}, {Themes: []string{"D2", "三会一课", "E4"}},
			{Years: []int{2022, 2024}}, {From: "2023-03-01", To: "2024-06"}, {Rounds: []string{"2", rc.Groups[0].Key}},
			{Units: someUnits}, {DisclosureID: disclosure}, {Text: "制度", Themes: []string{"A1", "B1"}, Years: []int{2023}},
		} {
			for _, sel := range []struct{ units, rounds []string }{{nil, nil}, {someUnits[1:], someRounds[:2]}} {
				got, gerr := lib.CompareWhere(ctx, by, sel.units, sel.rounds, f, 5)
				want, werr := library.RowCompareWhere(ctx, lib, by, sel.units, sel.rounds, f, 5)
				check(fmt.Sprintf("CompareWhere by %s units %v rounds %v filter %+v", by, sel.units, sel.rounds, f), got, want, gerr, werr)
			}
		}
	}
	for _, n := range []int{0, 1, 2, 3} {
		got, gerr := lib.Recurring(ctx, n)
		want, werr := library.RowRecurring(ctx, lib, n)
		check(fmt.Sprintf("Recurring %d", n), got, want, gerr, werr)
		gotC, gerr := lib.Common(ctx, n)
		wantC, werr := library.RowCommon(ctx, lib, n)
		check(fmt.Sprintf("Common %d", n), gotC, wantC, gerr, werr)
	}
}

// rowsOnly is a store without MeasureDocs (as the PostgreSQL store): the
// library makes its Docs from the rows.
type rowsOnly struct{ library.Store }

// TestDocsFromRowsStore checks that a store without MeasureDocs answers
// compare, recurring and common as the SQLite store does.
func TestDocsFromRowsStore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	lib := open(t, dir, library.Options{})
	ingest(t, lib, synthFolder(t, 60))
	byUnit, err1 := lib.CompareWhere(ctx, analytics.ByUnit, nil, nil, library.Filter{Themes: []string{"D2", "B1"}}, 5)
	byRound, err2 := lib.Compare(ctx, analytics.ByRound, nil, nil)
	rec, err3 := lib.Recurring(ctx, 2)
	com, err4 := lib.Common(ctx, 2)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		t.Fatal(err)
	}
	if len(byRound.Groups) == 0 || len(rec.Recurring) == 0 || len(com.Common) == 0 {
		t.Fatalf("nothing to compare: %d groups, %d recurring, %d common", len(byRound.Groups), len(rec.Recurring), len(com.Common))
	}
	lib.Close()
	st, err := store.Open(ctx, filepath.Join(dir, library.StoreFile), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	lib = open(t, dir, library.Options{Store: rowsOnly{st}})
	defer lib.Close()
	gotUnit, err1 := lib.CompareWhere(ctx, analytics.ByUnit, nil, nil, library.Filter{Themes: []string{"D2", "B1"}}, 5)
	gotRound, err2 := lib.Compare(ctx, analytics.ByRound, nil, nil)
	gotRec, err3 := lib.Recurring(ctx, 2)
	gotCom, err4 := lib.Common(ctx, 2)
	if err := errors.Join(err1, err2, err3, err4); err != nil {
		t.Fatal(err)
	}
	for what, pair := range map[string][2]any{"CompareWhere": {gotUnit, byUnit}, "Compare": {gotRound, byRound}, "Recurring": {gotRec, rec}, "Common": {gotCom, com}} {
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("%s from the rows differs from the SQLite store's Docs:\n got %+v\nwant %+v", what, pair[0], pair[1])
		}
	}
}
