package pgstore_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// bump runs one statement on the database at url.
func bump(t *testing.T, url, stmt string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, stmt); err != nil {
		t.Fatalf("%s: %v", stmt, err)
	}
}
