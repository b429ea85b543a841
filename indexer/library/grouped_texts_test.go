package library_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// TestRecurringByUnitTextsAndRepeats: the grouped recurrences and unit
// profiles, computed from cached rows that keep no texts, are those of the
// rows with their texts (analytics.RecurringByUnit, analytics.Profile):
// the same units and measures, each measure with its text, and the same
// repeats, whatever the page and the shown counts.
func TestRecurringByUnitTextsAndRepeats(t *testing.T) {
	lib := open(t, t.TempDir(), library.Options{})
	defer lib.Close()
	ingest(t, lib, synthFolder(t, 120))
	checkRecurringTexts(t, lib)
}

// checkRecurringTexts checks lib's grouped recurrences and profiles
// against analytics.RecurringByUnit and analytics.Profile over its rows
// with their texts.
func checkRecurringTexts(t *testing.T, lib *library.Library) {
	t.Helper()
	ctx := context.Background()
	rows, err := library.RowsWithTexts(ctx, lib)
	if err != nil {
		t.Fatal(err)
	}
	tax := library.Taxonomy(lib)
	repeats, texts := 0, 0
	var units []string
	for _, opts := range []analytics.GroupOptions{
		{},
		{Limit: 100, ThemesShown: 50, RoundsShown: 50, MeasuresShown: 50},
		{MeasuresShown: 10, RepeatThreshold: 0.3},
		{Offset: 3, Limit: 2, RoundsShown: 2, MeasuresShown: 1},
		{MinRounds: 3, RepeatThreshold: 0.95},
	} {
		got, err := lib.RecurringByUnit(ctx, opts, library.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		want, err := analytics.RecurringByUnit(rows, opts, tax)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("RecurringByUnit(%+v) differs from the rows with texts':\n got %+v\nwant %+v", opts, got, want)
		}
		for _, u := range got.Units {
			if units == nil || len(units) < 5 && opts == (analytics.GroupOptions{}) {
				units = append(units, u.UnitKey)
			}
			repeats += u.Repeats
			for _, th := range u.Themes {
				for _, r := range th.Rounds {
					for _, m := range r.Measures {
						if m.Text == "" {
							t.Errorf("measure %s of %s shown without its text", m.ID, u.UnitKey)
						}
						texts++
					}
				}
			}
		}
	}
	if repeats == 0 || texts == 0 {
		t.Fatalf("%d repeats, %d texts: nothing compared", repeats, texts)
	}
	// A second call pages the cached set again: the texts set on the first
	// page are not left in it.
	first, err := lib.RecurringByUnit(ctx, analytics.GroupOptions{}, library.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	again, err := lib.RecurringByUnit(ctx, analytics.GroupOptions{}, library.Filter{})
	if err != nil || !reflect.DeepEqual(first, again) {
		t.Errorf("a second page differs: %v", err)
	}
	for _, unit := range units {
		p, err := lib.Profile(ctx, unit, analytics.GroupOptions{}, 0)
		if err != nil {
			t.Fatal(err)
		}
		var mine []analytics.Row
		for _, r := range rows {
			if r.Unit != "" && analytics.UnitKey(r.Unit) == unit {
				mine = append(mine, r)
			}
		}
		want, ok := analytics.Profile(mine, unit, analytics.GroupOptions{}, tax)
		if !ok || !reflect.DeepEqual(p.UnitProfile, want) {
			t.Errorf("Profile(%s) differs from the rows with texts':\n got %+v\nwant %+v", unit, p.UnitProfile, want)
		}
		if p.Recurring == nil {
			t.Errorf("Profile(%s): no recurrences", unit)
		}
	}
}
