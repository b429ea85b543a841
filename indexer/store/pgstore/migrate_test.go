package pgstore_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer/store"
	"github.com/zhenggai/zhenggai/indexer/store/pgstore"
	"github.com/zhenggai/zhenggai/indexer/store/pgstore/pgtest"
)

// count reads one count on the database at url.
func count(t *testing.T, url, query string) int {
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

// TestMigrateV1: a store of schema version 1 (before the signatures) is
// migrated in place: its records and change log stay, and signatures can
// be stored and go with their record.
func TestMigrateV1(t *testing.T) {
	url := pgtest.Schema(t)
	ctx := context.Background()
	s, err := pgstore.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("合成通报 迁移")
	sum := sha256.Sum256(data)
	id := hex.EncodeToString(sum[:])[:16]
	d := &corpus.Disclosure{ID: id, Kind: corpus.KindRectification, Unit: "甲局",
		Measures: []corpus.Measure{{ID: id + "-001", Category: 1, Number: 1, Text: "整改措施"}}}
	if _, _, err := s.Put(ctx, store.Original{Data: data}, d); err != nil {
		t.Fatal(err)
	}
	s.Close()
	bump(t, url, "DROP TABLE measure_signatures")
	bump(t, url, "UPDATE zhenggai_schema SET version = 1")
	if s, err = pgstore.Open(ctx, url, store.Options{}); err != nil {
		t.Fatalf("Open of a version 1 store: %v", err)
	}
	defer s.Close()
	if v := count(t, url, "SELECT version FROM zhenggai_schema"); v != pgstore.SchemaVersion {
		t.Fatalf("schema version %d after Open, want %d", v, pgstore.SchemaVersion)
	}
	if _, err := s.Disclosure(ctx, id); err != nil {
		t.Errorf("record of version 1 lost: %v", err)
	}
	if cs, err := s.Changes(ctx, 0, 0); err != nil || len(cs) != 1 {
		t.Errorf("change log after migration = %v, %v; want the one put", cs, err)
	}
	if err := s.PutSignatures(ctx, "v", []store.MeasureSignature{{MeasureID: id + "-001", Signature: []uint64{1, 2}}}); err != nil {
		t.Fatal(err)
	}
	if n := count(t, url, "SELECT count(*) FROM measure_signatures"); n != 1 {
		t.Fatalf("%d signatures stored, want 1", n)
	}
	if err := s.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if n := count(t, url, "SELECT count(*) FROM measure_signatures"); n != 0 {
		t.Errorf("%d signatures left after their record was deleted, want 0", n)
	}
}
