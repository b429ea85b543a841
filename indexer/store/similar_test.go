package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/zhenggai/zhenggai/indexer/store"
)

func TestMeasureTexts(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	empty, err := s.MeasureMark(ctx)
	if err != nil || empty != (store.MeasureMark{}) {
		t.Fatalf("mark of an empty store %+v, %v", empty, err)
	}
	a := mustPut(t, s, fixture{unit: "县民政局党组", body: "县委", round: ptr(2), themes: [][]string{{"A1"}, {}}}, "a")
	b := mustPut(t, s, fixture{unit: "县教育局党组", body: "县委", themes: [][]string{{}}}, "b")
	var got []store.MeasureText
	collect := func(m store.MeasureText) error { got = append(got, m); return nil }
	if err := s.MeasureTexts(ctx, collect); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].ID != a+"-001" || got[1].ID != a+"-002" || got[2].DisclosureID != b {
		t.Fatalf("measure texts %+v", got)
	}
	if got[0].Unit != "县民政局党组" || got[0].Text != "第1项整改措施" || got[2].Unit != "县教育局党组" {
		t.Errorf("fields %+v", got[0])
	}
	stop := errors.New("stop")
	n := 0
	if err := s.MeasureTexts(ctx, func(store.MeasureText) error { n++; return stop }); !errors.Is(err, stop) || n != 1 {
		t.Errorf("fn's error: %v after %d calls", err, n)
	}
	m1, _ := s.MeasureMark(ctx)
	if m1.Count != 3 || m1.MaxRow < 3 {
		t.Errorf("mark %+v", m1)
	}
	if err := s.Delete(ctx, a); err != nil {
		t.Fatal(err)
	}
	if m2, _ := s.MeasureMark(ctx); m2 == m1 {
		t.Errorf("mark unchanged by a delete: %+v", m2)
	}
}
