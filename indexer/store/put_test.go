package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer/store"
)

func TestPutRoundTrip(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	o := original("拉萨市教育局.txt", "中共拉萨市教育局党组关于十届市委第二轮巡察整改进展情况的通报……")
	want := fullDisclosure(o)
	id, created, err := s.Put(ctx, o, want)
	if err != nil || !created || id != want.ID {
		t.Fatalf("Put = %q, %v, %v; want %q, true, nil", id, created, err, want.ID)
	}
	got, err := s.Disclosure(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		g, _ := json.MarshalIndent(got, "", " ")
		w, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("Disclosure differs\ngot  %s\nwant %s", g, w)
	}
	gotO, err := s.Original(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*gotO, o) {
		t.Errorf("Original = %+v, want %+v", *gotO, o)
	}
	if byHash, err := s.BySHA256(ctx, strings.ToUpper(o.SHA256)); err != nil || byHash != id {
		t.Errorf("BySHA256 = %q, %v; want %q", byHash, err, id)
	}
}

func TestMeasure(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	o := original("a.txt", "measure test")
	d := fullDisclosure(o)
	if _, _, err := s.Put(ctx, o, d); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		index int
	}{
		{"with problem and themes", 0},
		{"second", 1},
		{"no problem, no themes", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := store.MeasureRow{
				Measure: d.Measures[tt.index], DisclosureID: d.ID, Seq: tt.index + 1, Kind: d.Kind,
				Title: d.Title, Unit: d.Unit, Body: "市委", Level: "city", Term: ptr(10), Round: ptr(2),
				RoundKey: "十届市委第二轮", Group: "巡察四组", Type: "专项巡察", Published: "2024-04-15", Year: ptr(2024),
			}
			got, err := s.Measure(ctx, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("Measure(%s)\ngot  %+v\nwant %+v", want.ID, *got, want)
			}
		})
	}
	if _, err := s.Measure(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Measure(nope) error = %v, want ErrNotFound", err)
	}
}

func TestPutIdempotent(t *testing.T) {
	ctx := context.Background()
	s, path := newStore(t)
	o := original("a.txt", "same bytes")
	d := fullDisclosure(o)
	id, created, err := s.Put(ctx, o, d)
	if err != nil || !created {
		t.Fatalf("first Put = %q, %v, %v", id, created, err)
	}
	before := rowCounts(t, path)

	// The same bytes under another name and with another record change nothing.
	o2 := o
	o2.Path = "copy/b.txt"
	d2 := fullDisclosure(o2)
	d2.ID = "other-id"
	d2.Title = "changed"
	d2.Measures = nil
	id2, created2, err := s.Put(ctx, o2, d2)
	if err != nil || created2 || id2 != id {
		t.Fatalf("second Put = %q, %v, %v; want %q, false, nil", id2, created2, err, id)
	}
	if after := rowCounts(t, path); !reflect.DeepEqual(after, before) {
		t.Errorf("row counts changed: %v → %v", before, after)
	}
	got, err := s.Disclosure(ctx, id)
	if err != nil || got.Title != d.Title {
		t.Errorf("record changed: %v, %v", got, err)
	}
	if gotO, _ := s.Original(ctx, id); gotO.Path != "a.txt" {
		t.Errorf("original path changed to %q", gotO.Path)
	}
}

func TestPutRejects(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name   string
		change func(*store.Original, *corpus.Disclosure) *corpus.Disclosure
	}{
		{"nil record", func(*store.Original, *corpus.Disclosure) *corpus.Disclosure { return nil }},
		{"digest does not match bytes", func(o *store.Original, d *corpus.Disclosure) *corpus.Disclosure {
			o.SHA256 = strings.Repeat("0", 64)
			return d
		}},
		{"record digest does not match bytes", func(o *store.Original, d *corpus.Disclosure) *corpus.Disclosure {
			o.Data = append([]byte("x"), o.Data...)
			o.SHA256 = ""
			return d
		}},
		{"empty id", func(_ *store.Original, d *corpus.Disclosure) *corpus.Disclosure { d.ID = ""; return d }},
		{"empty measure id", func(_ *store.Original, d *corpus.Disclosure) *corpus.Disclosure {
			d.Measures[2].ID = ""
			return d
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, path := newStore(t)
			o := original("a.txt", "reject")
			d := tt.change(&o, fullDisclosure(original("a.txt", "reject")))
			if _, _, err := s.Put(ctx, o, d); !errors.Is(err, store.ErrInvalid) {
				t.Errorf("Put error = %v, want ErrInvalid", err)
			}
			assertEmpty(t, path)
		})
	}
}

// assertEmpty checks that no record, measure, tag or original is stored.
func assertEmpty(t *testing.T, path string) {
	t.Helper()
	for table, n := range rowCounts(t, path) {
		if n != 0 {
			t.Errorf("%s has %d rows, want 0", table, n)
		}
	}
}

func TestPutFailureLeavesNothing(t *testing.T) {
	t.Run("duplicate measure id", func(t *testing.T) {
		s, path := newStore(t)
		o := original("a.txt", "dup")
		d := fullDisclosure(o)
		d.Measures[2].ID = d.Measures[0].ID
		if _, _, err := s.Put(context.Background(), o, d); err == nil {
			t.Fatal("Put with a duplicate measure id succeeded")
		}
		assertEmpty(t, path)
	})
	t.Run("measure id of another record", func(t *testing.T) {
		s, path := newStore(t)
		first := mustPut(t, s, fixture{unit: "甲", themes: [][]string{{"A1"}}}, "first")
		before := rowCounts(t, path)
		o, d := fixture{unit: "乙", themes: [][]string{{"A1"}, {"B2"}}}.build("second")
		d.Measures[1].ID = first + "-001"
		if _, _, err := s.Put(context.Background(), o, d); err == nil {
			t.Fatal("Put reusing a stored measure id succeeded")
		}
		if after := rowCounts(t, path); !reflect.DeepEqual(after, before) {
			t.Errorf("row counts changed: %v → %v", before, after)
		}
	})
	t.Run("context cancelled before commit", func(t *testing.T) {
		s, path := newStore(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		store.SetBeforeCommit(s, cancel)
		o := original("a.txt", "cancel")
		if _, _, err := s.Put(ctx, o, fullDisclosure(o)); !errors.Is(err, context.Canceled) {
			t.Fatalf("Put error = %v, want context.Canceled", err)
		}
		assertEmpty(t, path)
		// The store is still usable afterwards.
		store.SetBeforeCommit(s, nil)
		if _, created, err := s.Put(context.Background(), o, fullDisclosure(o)); err != nil || !created {
			t.Fatalf("Put after cancel = %v, %v", created, err)
		}
	})
	t.Run("context cancelled before Put", func(t *testing.T) {
		s, path := newStore(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		o := original("a.txt", "cancel")
		if _, _, err := s.Put(ctx, o, fullDisclosure(o)); !errors.Is(err, context.Canceled) {
			t.Fatalf("Put error = %v, want context.Canceled", err)
		}
		assertEmpty(t, path)
	})
}

func TestPutConcurrent(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	const writers, each = 4, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*each*2)
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				// Every writer puts the same bytes too: one of them creates it.
				for _, name := range []string{string(rune('a'+w)) + string(rune('0'+i)), "shared" + string(rune('0'+i))} {
					o, d := fixture{unit: "单位" + name, themes: [][]string{{"A1"}}}.build(name)
					if _, _, err := s.Put(ctx, o, d); err != nil {
						errs <- err
					}
					if _, _, err := s.List(ctx, store.ListQuery{}); err != nil {
						errs <- err
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	st, err := s.Stats(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if want := writers*each + each; st.Disclosures != want || st.Measures != want {
		t.Errorf("Stats = %+v, want %d disclosures and measures", st, want)
	}
}

// TestPutGoldenRecords stores every parsed fixture of the corpus and reads
// it back unchanged.
func TestPutGoldenRecords(t *testing.T) {
	ctx := context.Background()
	goldens, _ := filepath.Glob("../../corpus/testdata/fixtures/*.golden.json")
	if len(goldens) == 0 {
		t.Skip("no corpus fixtures")
	}
	s, _ := newStore(t)
	for _, g := range goldens {
		js, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		var want corpus.Disclosure
		if err := json.Unmarshal(js, &want); err != nil {
			t.Fatalf("%s: %v", g, err)
		}
		data, err := os.ReadFile(filepath.Join(filepath.Dir(g), want.Source.Path))
		if err != nil {
			t.Fatal(err)
		}
		id, _, err := s.Put(ctx, store.Original{Data: data}, &want)
		if err != nil {
			t.Fatalf("Put(%s): %v", filepath.Base(g), err)
		}
		got, err := s.Disclosure(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, &want) {
			t.Errorf("%s: record changed in the store", filepath.Base(g))
		}
		o, err := s.Original(ctx, id)
		if err != nil || o.Path != want.Source.Path || o.Format != want.Source.Format || string(o.Data) != string(data) {
			t.Errorf("%s: Original = %+v, %v", filepath.Base(g), o, err)
		}
	}
}
