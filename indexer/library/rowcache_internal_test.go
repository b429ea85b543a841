package library

import (
	"reflect"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/analytics"
)

// TestCompactRows: the compacted rows equal the rows read, in a slice of
// their length, sharing one round number per value and one theme list per
// list; the rows read are left as they were.
func TestCompactRows(t *testing.T) {
	one, two, alsoOne := 1, 2, 1
	rows := []analytics.Row{
		{MeasureID: "a-001", DisclosureID: "a", Unit: "甲局", RoundKey: "k1", Round: &one, Themes: append(make([]string, 0, 8), "A1", "B2"), Published: "2024-01-02"},
		{MeasureID: "a-002", DisclosureID: "a", Unit: "甲局", RoundKey: "k1", Round: &alsoOne, Themes: []string{"A1", "B2"}},
		{MeasureID: "b-001", DisclosureID: "b", Unit: "乙局", Round: &two, Themes: []string{"A1"}},
		{MeasureID: "b-002", DisclosureID: "b", Unit: "乙局", Themes: []string{"B2", "A1"}},
		{MeasureID: "c-001", DisclosureID: "c"},
	}
	before := make([]analytics.Row, len(rows))
	copy(before, rows)
	got := compactRows(rows)
	if !reflect.DeepEqual(got, rows) || cap(got) != len(rows) {
		t.Fatalf("compactRows = %+v (cap %d)\nwant %+v", got, cap(got), rows)
	}
	if got[0].Round != got[1].Round || got[0].Round == got[2].Round {
		t.Error("round numbers not shared per value")
	}
	if &got[0].Themes[0] != &got[1].Themes[0] || &got[0].Themes[0] == &got[3].Themes[0] || cap(got[0].Themes) >= 8 {
		t.Error("theme lists not shared per list (in order), or holding the room of the list read")
	}
	for i := range rows {
		if rows[i].Round != before[i].Round || len(rows[i].Themes) > 0 && &rows[i].Themes[0] != &before[i].Themes[0] {
			t.Errorf("row %d read was changed", i)
		}
	}
}
