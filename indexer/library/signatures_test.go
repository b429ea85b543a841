package library_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/zhenggai/zhenggai/corpus/similar"
	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
	"github.com/zhenggai/zhenggai/indexer/store/pgstore"
	"github.com/zhenggai/zhenggai/indexer/store/pgstore/pgtest"
)

// sqlCount reads one number from the library's SQLite file through a
// connection of its own.
func sqlCount(t *testing.T, dir, query string, args ...any) int {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, library.StoreFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// sqlExec runs one statement on the library's SQLite file.
func sqlExec(t testing.TB, dir, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(dir, library.StoreFile))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}

// TestSignaturesSurviveRestart: the near-duplicate index computes each
// measure's MinHash signature once and keeps it in the store: a second open
// of the same data computes none and answers the same; a deleted
// disclosure's signatures are gone with it, and storing it again computes
// only its own; signatures of another hasher version are made again and
// replaced.
func TestSignaturesSurviveRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	version := similar.Options{}.SignatureVersion()
	lib := open(t, dir, library.Options{})
	ingest(t, lib, fixtures(t))
	lib2, a, b := similarLibrary(t) // only for the planted files' paths
	lib2.Close()
	ingest(t, lib, a, b)
	st, err := lib.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	measures := st.Measures
	// The ingest signs every new measure once and stores the signatures.
	if n := library.SignaturesComputed(lib); n != int64(measures) {
		t.Fatalf("ingest computed %d signatures, want one per measure (%d)", n, measures)
	}
	if n := sqlCount(t, dir, "SELECT count(*) FROM measure_signatures WHERE version = ?", version); n != measures {
		t.Fatalf("%d signatures stored, want %d", n, measures)
	}
	// The index is built from them: none computed again.
	before, err := lib.Duplicates(ctx, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Clusters(ctx, library.ClusterQuery{}); err != nil {
		t.Fatal(err)
	}
	if n := library.SignaturesComputed(lib); n != int64(measures) {
		t.Errorf("building the index computed %d more signatures, want 0", n-int64(measures))
	}
	if err := lib.Close(); err != nil {
		t.Fatal(err)
	}

	// A restart reads them: none computed, the same answer.
	lib = open(t, dir, library.Options{})
	defer func() { lib.Close() }()
	after, err := lib.Duplicates(ctx, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	if n := library.SignaturesComputed(lib); n != 0 {
		t.Errorf("after a restart %d signatures computed, want 0", n)
	}
	if len(before) == 0 || !reflect.DeepEqual(before, after) {
		t.Errorf("duplicates after a restart differ: %d pairs before, %d after", len(before), len(after))
	}

	// A deleted disclosure takes its signatures along.
	var culture string
	var cultureMeasures []string
	for _, p := range before {
		for _, m := range []library.MeasureRef{p.A, p.B} {
			if strings.Contains(m.Unit, "柏川县") {
				culture = m.DisclosureID
			}
		}
	}
	if culture == "" {
		t.Fatal("no pair holds the planted culture bureau's measures")
	}
	d, err := lib.Store().Disclosure(ctx, culture)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range d.Measures {
		cultureMeasures = append(cultureMeasures, m.ID)
	}
	if err := lib.Delete(ctx, culture); err != nil {
		t.Fatal(err)
	}
	if n := sqlCount(t, dir, "SELECT count(*) FROM measure_signatures WHERE measure_id LIKE ?", culture+"-%"); n != 0 {
		t.Errorf("%d signatures of deleted disclosure %s left", n, culture)
	}
	if n := sqlCount(t, dir, "SELECT count(*) FROM measure_signatures"); n != measures-len(cultureMeasures) {
		t.Errorf("%d signatures after deleting %d measures of %d, want %d", n, len(cultureMeasures), measures, measures-len(cultureMeasures))
	}
	// Stored again, only its measures are signed (by the ingest, the
	// index build computing none).
	ingest(t, lib, a)
	if _, err := lib.Duplicates(ctx, 0, true); err != nil {
		t.Fatal(err)
	}
	if n := library.SignaturesComputed(lib); n != int64(len(cultureMeasures)) {
		t.Errorf("after storing %s again %d signatures computed, want its %d", culture, n, len(cultureMeasures))
	}
	if err := lib.Close(); err != nil {
		t.Fatal(err)
	}

	// Signatures of another hasher version (or none, as in a store of
	// schema 2) are made again by the index build, and replaced.
	sqlExec(t, dir, "UPDATE measure_signatures SET version = 'minhash/0 older'")
	lib = open(t, dir, library.Options{})
	if _, err := lib.Similar(ctx, fixtureStudy, 3, false); err != nil {
		t.Fatal(err)
	}
	if n := library.SignaturesComputed(lib); n != int64(measures) {
		t.Errorf("with signatures of another version %d computed, want %d", n, measures)
	}
	if n := sqlCount(t, dir, "SELECT count(*) FROM measure_signatures WHERE version = ?", version); n != measures {
		t.Errorf("%d signatures of the current version after replacing, want %d", n, measures)
	}
}

// storedSignatures counts the measures of s with a signature of version.
func storedSignatures(t *testing.T, s library.Store, version string) (measures, signed int) {
	t.Helper()
	err := s.SignedMeasureTexts(context.Background(), version, func(_ store.MeasureText, sig []uint64) error {
		measures++
		if sig != nil {
			signed++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return measures, signed
}

// TestSignaturesSurviveRestartPostgres: the same on PostgreSQL, a second
// server (its own data folder) computing none.
func TestSignaturesSurviveRestartPostgres(t *testing.T) {
	url := pgtest.Schema(t)
	ctx := context.Background()
	version := similar.Options{}.SignatureVersion()
	openPG := func(dir string) *library.Library {
		s, err := pgstore.Open(ctx, url, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return open(t, dir, library.Options{Store: s})
	}
	lib := openPG(t.TempDir())
	lib2, a, b := similarLibrary(t)
	lib2.Close()
	ingest(t, lib, a, b)
	if _, err := lib.Duplicates(ctx, 0, false); err != nil {
		t.Fatal(err)
	}
	measures, signed := storedSignatures(t, lib.Store(), version)
	if measures == 0 || signed != measures || library.SignaturesComputed(lib) != int64(measures) {
		t.Fatalf("first build: %d of %d measures signed, %d computed", signed, measures, library.SignaturesComputed(lib))
	}
	other := openPG(t.TempDir())
	defer other.Close()
	if _, err := other.Clusters(ctx, library.ClusterQuery{}); err != nil {
		t.Fatal(err)
	}
	if n := library.SignaturesComputed(other); n != 0 {
		t.Errorf("a second server computed %d signatures, want 0", n)
	}
	d, _, err := lib.Store().List(ctx, store.ListQuery{Limit: 1})
	if err != nil || len(d) == 0 {
		t.Fatalf("List = %v, %v", d, err)
	}
	if err := lib.Delete(ctx, d[0].ID); err != nil {
		t.Fatal(err)
	}
	lib.Close()
	left := sqlCountPG(t, url, "SELECT count(*) FROM measure_signatures")
	if m, _ := storedSignatures(t, other.Store(), version); left != m || m >= measures {
		t.Errorf("after deleting %s: %d signatures for %d measures (of %d before)", d[0].ID, left, m, measures)
	}
}

// sqlCountPG reads one number from the database at url.
func sqlCountPG(t *testing.T, url, query string) int {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	if err := conn.QueryRow(ctx, query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}
