package store_test

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// docsFixture stores fixtureSet, a disclosure with an inspection start, a
// theme repeated and an empty theme, one without measures and one whose
// measure id holds a separator of the packed form (so its measures are
// read from their rows).
func docsFixture(t *testing.T, s *store.Store) {
	t.Helper()
	fixtureSet(t, s)
	put := func(name string, f fixture, edit func(d *corpus.Disclosure)) {
		o, d := f.build(name)
		edit(d)
		if _, _, err := s.Put(context.Background(), o, d); err != nil {
			t.Fatal(err)
		}
	}
	put("start", fixture{unit: "丁局", body: "市委", published: "2024-06-01", themes: [][]string{{"A1", "", "A1", "B2"}, {}, {"B2"}}},
		func(d *corpus.Disclosure) { d.Inspection.Start = "2024-03-05" })
	put("empty", fixture{unit: "戊局", body: "市委", round: ptr(2)}, func(d *corpus.Disclosure) { d.Inspection.Start = "2024-03-07" })
	put("odd", fixture{unit: "己局", body: "区委", themes: [][]string{{"C3"}, {"A1", "C3"}}},
		func(d *corpus.Disclosure) { d.Measures[1].ID += "\x1e\x1f" })
}

// checkDocs checks that MeasureDocs answers as DocsOf(MeasureRows) and
// Inspections do.
func checkDocs(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	docs, ins, err := s.MeasureDocs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := s.MeasureRows(ctx, store.RowFilter{Details: true})
	if err != nil {
		t.Fatal(err)
	}
	withMeasures := slices.DeleteFunc(slices.Clone(docs), func(d analytics.Doc) bool { return len(d.MeasureIDs) == 0 })
	if want := analytics.DocsOf(rows); !reflect.DeepEqual(withMeasures, want) {
		t.Errorf("MeasureDocs =\n%+v\nwant (DocsOf(MeasureRows))\n%+v", withMeasures, want)
	}
	if len(withMeasures) == len(docs) {
		t.Errorf("MeasureDocs left out the disclosure without measures: %d docs", len(docs))
	}
	if want, err := s.Inspections(ctx); err != nil || !reflect.DeepEqual(ins, want) {
		t.Errorf("MeasureDocs inspections =\n%+v\nwant (Inspections)\n%+v (%v)", ins, want, err)
	}
	if !slices.ContainsFunc(ins, func(in analytics.Inspection) bool { return in.Start == "2024-03-05" }) {
		t.Errorf("no inspection start read: %+v", ins)
	}
}

func TestMeasureDocs(t *testing.T) {
	s, _ := newStore(t)
	docsFixture(t, s)
	checkDocs(t, s)
	// A delete takes the disclosure's row with it.
	docs, _, err := s.MeasureDocs(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(context.Background(), docs[0].DisclosureID); err != nil {
		t.Fatal(err)
	}
	checkDocs(t, s)
}

// TestMigrateV3: a store of schema version 3 (before disclosure_docs) gets
// every disclosure's row from its stored measures and records.
func TestMigrateV3(t *testing.T) {
	s, path := newStore(t)
	docsFixture(t, s)
	s.Close()
	execSQL(t, path, "DROP TABLE disclosure_docs; PRAGMA user_version = 3")
	s = mustOpen(t, path)
	if v := pragma(t, path, "user_version"); v != "4" {
		t.Fatalf("user_version = %s after Open, want 4", v)
	}
	if n := countRows(t, path, "disclosure_docs"); n != 8 {
		t.Errorf("%d rows in disclosure_docs after migration, want 8", n)
	}
	checkDocs(t, s)
	// A row lost all the same (none is, but MeasureDocs must not need it).
	execSQL(t, path, "DELETE FROM disclosure_docs")
	checkDocs(t, s)
}
