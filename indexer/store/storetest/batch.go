package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// testPutBatch: a batch stores its items in one transaction with a
// savepoint each. A bad item (invalid, or refused by the database: a
// measure id taken) fails alone and leaves nothing behind; the others are
// stored with their changes in item order; bytes stored before, or twice
// in the batch, come back with created false; an empty batch does nothing.
func testPutBatch(t *testing.T, s library.Store) {
	ctx := context.Background()
	if rs, err := s.PutBatch(ctx, nil); err != nil || len(rs) != 0 {
		t.Fatalf("PutBatch(nil) = %v, %v", rs, err)
	}
	before := mustPut(t, s, fixture{unit: "甲局", themes: [][]string{{"A1"}}}, "before")
	last0, err := s.LastChange(ctx)
	if err != nil {
		t.Fatal(err)
	}
	item := func(name string, themes ...[]string) store.PutItem {
		o, d := fixture{unit: "乙局", themes: themes}.build(name)
		return store.PutItem{Original: o, Disclosure: d}
	}
	again := func() store.PutItem {
		o, d := fixture{unit: "甲局", themes: [][]string{{"A1"}}}.build("before")
		return store.PutItem{Original: o, Disclosure: d}
	}
	taken := item("taken", []string{"B2"})
	taken.Disclosure.Measures[0].ID = before + "-001" // refused by the database
	invalid := item("invalid")
	invalid.Disclosure.ID = "" // refused by the check
	twice := item("twice", []string{"C3"})
	items := []store.PutItem{
		item("one", []string{"A1"}, []string{"B2"}),
		taken,
		again(),
		twice,
		invalid,
		item("two"),
		item("twice", []string{"C3"}), // the same bytes again, parsed again
	}
	rs, err := s.PutBatch(ctx, items)
	if err != nil {
		t.Fatalf("PutBatch: %v", err)
	}
	if len(rs) != len(items) {
		t.Fatalf("PutBatch gave %d results for %d items", len(rs), len(items))
	}
	want := []struct {
		id      string
		created bool
		fails   bool
	}{
		{items[0].Disclosure.ID, true, false},
		{"", false, true},
		{before, false, false},
		{twice.Disclosure.ID, true, false},
		{"", false, true},
		{items[5].Disclosure.ID, true, false},
		{twice.Disclosure.ID, false, false},
	}
	for i, w := range want {
		r := rs[i]
		if (r.Err != nil) != w.fails || (!w.fails && (r.ID != w.id || r.Created != w.created)) {
			t.Errorf("item %d: %+v; want id %q created %v failed %v", i, r, w.id, w.created, w.fails)
		}
	}
	if !errors.Is(rs[4].Err, store.ErrInvalid) {
		t.Errorf("invalid item: %v, want ErrInvalid", rs[4].Err)
	}
	if _, err := s.BySHA256(ctx, taken.Original.SHA256); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused item left its original: %v", err)
	}
	st, err := s.Stats(ctx, "")
	if err != nil || st.Disclosures != 4 || st.Measures != 4 {
		t.Errorf("Stats = %+v, %v; want 4 disclosures (before, one, twice, two), 4 measures", st, err)
	}
	cs, err := s.Changes(ctx, last0, 0)
	var got []string
	for _, c := range cs {
		got = append(got, string(c.Op)+" "+c.DisclosureID)
	}
	wantCs := []string{"put " + items[0].Disclosure.ID, "put " + twice.Disclosure.ID, "put " + items[5].Disclosure.ID}
	if err != nil || fmt.Sprint(got) != fmt.Sprint(wantCs) {
		t.Errorf("Changes after the batch = %v, %v; want %v", got, err, wantCs)
	}
	// Read back equal.
	for _, i := range []int{0, 3, 5} {
		d, err := s.Disclosure(ctx, items[i].Disclosure.ID)
		if err != nil || d.Unit != "乙局" || len(d.Measures) != len(items[i].Disclosure.Measures) {
			t.Errorf("Disclosure(%s) = %+v, %v", items[i].Disclosure.ID, d, err)
		}
	}
	// The refused bytes store once corrected.
	fixed := item("taken", []string{"B2"})
	if rs, err := s.PutBatch(ctx, []store.PutItem{fixed}); err != nil || rs[0].Err != nil || !rs[0].Created {
		t.Errorf("PutBatch of the corrected item = %+v, %v", rs, err)
	}
	// A cancelled context fails the batch as a whole, storing nothing.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if rs, err := s.PutBatch(cctx, []store.PutItem{item("late", []string{"A1"})}); err == nil {
		t.Errorf("PutBatch on a cancelled context = %+v, want an error", rs)
	}
	if _, err := s.BySHA256(ctx, item("late").Original.SHA256); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a cancelled batch stored its item: %v", err)
	}
}

// testConcurrentBatches: writers putting the same files at once, in
// batches in different orders and one by one, never deadlock nor fail:
// each file is created once, and every writer gets its id.
func testConcurrentBatches(t *testing.T, s library.Store) {
	ctx := context.Background()
	const files, writers = 12, 6
	build := func(i int) store.PutItem {
		o, d := fixture{unit: "并发局", themes: [][]string{{"A1"}}}.build(fmt.Sprint("batch-", i))
		return store.PutItem{Original: o, Disclosure: d}
	}
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		created = map[string]int{}
		errs    []error
	)
	start := make(chan struct{})
	for w := range writers {
		wg.Go(func() {
			items := make([]store.PutItem, files)
			for i := range files {
				k := i
				if w%2 == 1 {
					k = files - 1 - i // the reverse order
				}
				items[i] = build((k + w) % files)
			}
			<-start
			var rs []store.PutResult
			var err error
			if w == writers-1 {
				for _, it := range items { // one by one
					id, c, perr := s.Put(ctx, it.Original, it.Disclosure)
					rs = append(rs, store.PutResult{ID: id, Created: c, Err: perr})
				}
			} else {
				rs, err = s.PutBatch(ctx, items)
			}
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			for i, r := range rs {
				switch {
				case r.Err != nil:
					errs = append(errs, r.Err)
				case r.ID != items[i].Disclosure.ID:
					errs = append(errs, fmt.Errorf("writer %d item %d: id %s, want %s", w, i, r.ID, items[i].Disclosure.ID))
				case r.Created:
					created[r.ID]++
				}
			}
		})
	}
	close(start)
	wg.Wait()
	if len(errs) > 0 {
		t.Fatalf("errors: %v", errs)
	}
	if len(created) != files {
		t.Errorf("created %d distinct files, want %d: %v", len(created), files, created)
	}
	for id, n := range created {
		if n != 1 {
			t.Errorf("%s created %d times", id, n)
		}
	}
	st, err := s.Stats(ctx, "")
	if err != nil || st.Disclosures != files {
		t.Errorf("Stats = %+v, %v; want %d disclosures", st, err, files)
	}
	if cs, err := s.Changes(ctx, 0, 0); err != nil || len(cs) != files {
		t.Errorf("Changes = %d, %v; want %d puts", len(cs), err, files)
	}
}
