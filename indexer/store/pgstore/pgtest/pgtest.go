// Package pgtest gives tests a PostgreSQL database of their own: the
// server named by $ZHENGGAI_TEST_PG (a postgres:// URL; .ci/run starts a
// throwaway cluster and sets it), with a fresh schema per test that is
// dropped when the test ends. Without the variable, tests skip saying so —
// except in CI ($CI set), where a missing database fails the test.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env is the variable naming the test server.
const Env = "ZHENGGAI_TEST_PG"

// URL returns the test server's URL, or skips the test (fails it in CI).
func URL(tb testing.TB) string {
	tb.Helper()
	url := os.Getenv(Env)
	if url != "" {
		return url
	}
	if os.Getenv("CI") != "" {
		tb.Fatalf("$%s is not set but $CI is: CI must run the PostgreSQL tests (.ci/run starts the server)", Env)
	}
	tb.Skipf("no PostgreSQL to test against: set $%s=postgres://… (.ci/run starts a throwaway cluster)", Env)
	return ""
}

// Schema creates a fresh schema on the test server and returns a URL whose
// connections use it (search_path); the schema is dropped, with everything
// in it, when the test ends.
func Schema(tb testing.TB) string {
	tb.Helper()
	base := URL(tb)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		tb.Fatalf("connect to $%s: %v", Env, err)
	}
	defer conn.Close(context.Background())
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "zg_test_" + hex.EncodeToString(b)
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+name); err != nil {
		tb.Fatalf("create schema %s: %v", name, err)
	}
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
			return
		}
		defer conn.Close(context.Background())
		if _, err := conn.Exec(ctx, "DROP SCHEMA "+name+" CASCADE"); err != nil {
			tb.Errorf("drop schema %s: %v", name, err)
		}
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + name
}
