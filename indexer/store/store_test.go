package store_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/indexer/store"
)

func TestOpenRejects(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name    string
		setup   func(t *testing.T, path string)
		wantErr error
	}{
		{"garbage file", func(t *testing.T, path string) {
			writeFile(t, path, bytes.Repeat([]byte("这不是数据库 not a database\n"), 200))
		}, store.ErrNotStore},
		{"SQLite header, garbage after", func(t *testing.T, path string) {
			writeFile(t, path, append([]byte("SQLite format 3\x00"), bytes.Repeat([]byte{0xff}, 4096)...))
		}, store.ErrNotStore},
		{"directory", func(t *testing.T, path string) {
			if err := os.Mkdir(path, 0o750); err != nil {
				t.Fatal(err)
			}
		}, store.ErrNotStore},
		{"database of another program", func(t *testing.T, path string) {
			execSQL(t, path, "CREATE TABLE users (name TEXT)")
		}, store.ErrNotStore},
		{"newer schema", func(t *testing.T, path string) {
			s := mustOpen(t, path)
			s.Close()
			execSQL(t, path, "PRAGMA user_version = 99")
		}, store.ErrSchemaTooNew},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "zhenggai.db")
			tt.setup(t, path)
			before := snapshot(t, path)
			s, err := store.Open(ctx, path, store.Options{})
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			t.Logf("Open: %v", err)
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Open error = %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("Open error %q does not name the file", err)
			}
			if after := snapshot(t, path); !bytes.Equal(before, after) {
				t.Error("Open changed the file it refused")
			}
		})
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "zhenggai.db")
	var logs bytes.Buffer
	s, err := store.Open(ctx, path, store.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(logs.String(), "store schema migrated"); n != store.SchemaVersion {
		t.Errorf("first Open logged %d migrations, want %d:\n%s", n, store.SchemaVersion, logs.String())
	}
	if mode := pragma(t, path, "journal_mode"); mode != "wal" {
		t.Errorf("journal_mode = %s, want wal", mode)
	}
	o := original("a.txt", "reopen")
	want := fullDisclosure(o)
	id, _, err := s.Put(ctx, o, want)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetMeta(ctx, "dict_version", "v7"); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkIndexed(ctx, "idx-1", id); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for range 2 { // migrations run once: opening again finds the schema current
		var logs bytes.Buffer
		s, err = store.Open(ctx, path, store.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(logs.String(), "migrated") {
			t.Errorf("reopening migrated again: %s", logs.String())
		}
		got, err := s.Disclosure(ctx, id)
		if err != nil || got.Title != want.Title || len(got.Measures) != len(want.Measures) {
			t.Fatalf("Disclosure after reopen = %v, %v", got, err)
		}
		if v, err := s.Meta(ctx, "dict_version"); err != nil || v != "v7" {
			t.Errorf("Meta after reopen = %q, %v", v, err)
		}
		if st, err := s.Stats(ctx, "idx-1"); err != nil || st.Indexed != 1 || st.Measures != 3 {
			t.Errorf("Stats after reopen = %+v, %v", st, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if v := pragma(t, path, "user_version"); v != fmt.Sprint(store.SchemaVersion) {
		t.Errorf("user_version = %s, want %d", v, store.SchemaVersion)
	}
}

func TestOpenTwiceConcurrently(t *testing.T) {
	// Two stores on one file (as two processes would be) see each other's writes.
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "zhenggai.db")
	a, b := mustOpen(t, path), mustOpen(t, path)
	id := mustPut(t, a, fixture{unit: "甲", themes: [][]string{{"A1"}}}, "a")
	if _, err := b.Disclosure(ctx, id); err != nil {
		t.Fatalf("second store does not see the first's record: %v", err)
	}
	mustPut(t, b, fixture{unit: "乙"}, "b")
	if st, err := a.Stats(ctx, ""); err != nil || st.Disclosures != 2 {
		t.Errorf("Stats = %+v, %v; want 2 disclosures", st, err)
	}
}

func TestMeta(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	if _, err := s.Meta(ctx, "missing"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Meta(missing) error = %v, want ErrNotFound", err)
	}
	for _, v := range []string{"一", "二", ""} {
		if err := s.SetMeta(ctx, "k", v); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Meta(ctx, "k"); err != nil || got != v {
			t.Errorf("Meta = %q, %v; want %q", got, err, v)
		}
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// snapshot returns the file's bytes, or nil for a directory.
func snapshot(t *testing.T, path string) []byte {
	t.Helper()
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func execSQL(t *testing.T, path, stmt string) {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(stmt); err != nil {
		t.Fatal(err)
	}
}

// pragma reads a pragma of the file through a separate connection.
func pragma(t *testing.T, path, name string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow("PRAGMA " + name).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

// countRows counts the rows of a table through a separate connection.
func countRows(t *testing.T, path, table string) int {
	t.Helper()
	n, err := strconv.Atoi(pragmaQuery(t, path, "SELECT count(*) FROM "+table))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// pragmaQuery reads one value through a separate connection.
func pragmaQuery(t *testing.T, path, query string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var v string
	if err := db.QueryRow(query).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}
