package store_test

import (
	"context"
	"reflect"
	"slices"
	"strconv"
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
	if v := pragma(t, path, "user_version"); v != strconv.Itoa(store.SchemaVersion) {
		t.Fatalf("user_version = %s after Open, want %d", v, store.SchemaVersion)
	}
	if n := countRows(t, path, "disclosure_docs"); n != 8 {
		t.Errorf("%d rows in disclosure_docs after migration, want 8", n)
	}
	checkDocs(t, s)
	// A row lost all the same (none is, but MeasureDocs must not need it).
	execSQL(t, path, "DELETE FROM disclosure_docs")
	checkDocs(t, s)
}

// TestMigrateV4: a store of schema version 4 (its analytics rows in
// columns, the measures packed as text, NULL for the disclosure whose
// measure id holds a separator) gets every row converted to the encoded
// form, answering as before.
func TestMigrateV4(t *testing.T) {
	s, path := newStore(t)
	docsFixture(t, s)
	s.Close()
	execSQL(t, path, "DROP TABLE disclosure_docs; "+store.SchemaV4+"; PRAGMA user_version = 4")
	if n := pragmaQuery(t, path, "SELECT count(*) FROM disclosure_docs WHERE measures IS NULL"); n != "1" {
		t.Fatalf("%s rows of schema 4 without packed measures, want 1 (the fixture's odd id)", n)
	}
	s = mustOpen(t, path)
	if v := pragma(t, path, "user_version"); v != strconv.Itoa(store.SchemaVersion) {
		t.Fatalf("user_version = %s after Open, want %d", v, store.SchemaVersion)
	}
	if n := countRows(t, path, "disclosure_docs"); n != 8 {
		t.Errorf("%d rows in disclosure_docs after migration, want 8", n)
	}
	if n := pragmaQuery(t, path, "SELECT count(*) FROM disclosure_docs WHERE doc IS NULL"); n != "0" {
		t.Errorf("%s rows without an encoded doc after migration, want 0", n)
	}
	if n := pragmaQuery(t, path, "SELECT count(*) FROM sqlite_schema WHERE name LIKE 'disclosure_docs_%'"); n != "0" {
		t.Errorf("%s tables or indexes of the conversion left", n)
	}
	checkDocs(t, s)
	// A new record after the migration, and a delete.
	o, d := fixture{unit: "庚局", body: "市委", round: ptr(3), themes: [][]string{{"A1"}}}.build("after")
	if _, _, err := s.Put(context.Background(), o, d); err != nil {
		t.Fatal(err)
	}
	if err := s.Delete(context.Background(), d.ID); err != nil {
		t.Fatal(err)
	}
	checkDocs(t, s)
}

// TestMeasureDocsUnreadableRow: a stored row that does not decode (a
// damaged file) is read from its record, measures and tags instead; the
// others are unaffected.
func TestMeasureDocsUnreadableRow(t *testing.T) {
	s, path := newStore(t)
	docsFixture(t, s)
	for _, bad := range []string{"x'01'", "x'02'", "substr(doc, 1, length(doc) - 1)", "doc || x'00'"} {
		execSQL(t, path, "UPDATE disclosure_docs SET doc = "+bad+" WHERE pos = (SELECT min(pos) FROM disclosure_docs WHERE doc IS NOT NULL AND length(doc) > 30)")
		checkDocs(t, s)
		execSQL(t, path, "DELETE FROM disclosure_docs WHERE pos = (SELECT min(pos) FROM disclosure_docs WHERE doc IS NOT NULL AND length(doc) > 30)")
	}
	checkDocs(t, s)
}

// TestMeasureDocsInHalves: read in two halves at once, the Docs are the
// same, in stored order, a row that does not decode included.
func TestMeasureDocsInHalves(t *testing.T) {
	s, path := newStore(t)
	docsFixture(t, s)
	store.SetMinParallelDocs(s, 1)
	checkDocs(t, s)
	execSQL(t, path, "UPDATE disclosure_docs SET doc = x'01' WHERE pos = (SELECT max(pos) FROM disclosure_docs)")
	execSQL(t, path, "UPDATE disclosure_docs SET doc = x'01' WHERE pos = (SELECT min(pos) FROM disclosure_docs)")
	checkDocs(t, s)
}
