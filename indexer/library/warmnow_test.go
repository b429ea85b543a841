package library_test

import (
	"context"
	"errors"
	"testing"

	"github.com/zhenggai/zhenggai/indexer/library"
)

// TestWarmNow: Warm warms in the caller's goroutine what the background
// warmer would (its state says so, for the store's last change), without
// changing an answer; a cancelled context is an error.
func TestWarmNow(t *testing.T) {
	lib := open(t, t.TempDir(), library.Options{})
	defer lib.Close()
	ingestRounds(t, lib)
	cold := analyticsAnswers(t, lib)
	if st := lib.WarmState(); st.Warmed {
		t.Fatalf("warmed before Warm: %+v", st)
	}
	st, err := lib.Warm(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !st.Warmed || st.Warming || st.Took <= 0 || st.Seq <= 0 || st.Err != "" {
		t.Errorf("state after Warm %+v", st)
	}
	got := analyticsAnswers(t, lib)
	for name, want := range cold {
		if got[name] != want {
			t.Errorf("%s: answer after Warm differs:\n got %s\nwant %s", name, got[name], want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := lib.Warm(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Warm with a cancelled context: %v", err)
	}
}
