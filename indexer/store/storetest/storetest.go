// Package storetest is the conformance suite of the store contract
// (library.Store): every implementation (the SQLite store, the PostgreSQL
// store) runs Run against fresh, empty stores of its kind and must pass all
// of it, so that the library, the API and the command line behave alike on
// either.
package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// Open returns a fresh, empty store; the suite closes it. It may call
// t.Skip or t.Fatal.
type Open func(t *testing.T) library.Store

// Run runs every conformance test, each on a store of its own.
func Run(t *testing.T, open Open) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s library.Store)
	}{
		{"RoundTrip", testRoundTrip},
		{"Idempotent", testIdempotent},
		{"ConcurrentSameBytes", testConcurrentSameBytes},
		{"Invalid", testInvalid},
		{"Atomic", testAtomic},
		{"List", testList},
		{"Each", testEach},
		{"Delete", testDelete},
		{"IndexedMarks", testIndexedMarks},
		{"Aggregates", testAggregates},
		{"AnalyticsRows", testAnalyticsRows},
		{"MeasureTextsAndMark", testMeasureTextsAndMark},
		{"Signatures", testSignatures},
		{"Meta", testMeta},
		{"Changes", testChanges},
		{"Watch", testWatch},
		{"PutBatch", testPutBatch},
		{"ConcurrentBatches", testConcurrentBatches},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			tt.fn(t, s)
		})
	}
}

func ptr[T any](v T) *T { return &v }

func cnt(key string, disclosures, measures int) store.Count {
	return store.Count{Key: key, Disclosures: disclosures, Measures: measures}
}

func tc(key, theme string, n int, ids []string) store.ThemeCount {
	return store.ThemeCount{Key: key, Theme: theme, Measures: n, MeasureIDs: ids}
}

// original wraps text as the bytes of a txt file.
func original(name, text string) store.Original {
	data := []byte(text)
	sum := sha256.Sum256(data)
	return store.Original{SHA256: hex.EncodeToString(sum[:]), Path: name, Format: "txt", Encoding: "utf-8", Data: data}
}

// fixture is a small record: unit, body, term, round, published and one
// theme list per measure.
type fixture struct {
	unit      string
	body      string
	term      *int
	round     *int
	published string
	start     string
	kind      corpus.Kind
	themes    [][]string
}

// build makes the original and the record of f; name makes the bytes unique.
func (f fixture) build(name string) (store.Original, *corpus.Disclosure) {
	o := original(name+".txt", "中共"+f.unit+"关于巡察整改进展情况的通报 "+name)
	kind := f.kind
	if kind == "" {
		kind = corpus.KindRectification
	}
	d := &corpus.Disclosure{
		ID:         o.SHA256[:16],
		Source:     corpus.Source{Path: o.Path, SHA256: o.SHA256, Format: "txt", Encoding: "utf-8", Bytes: int64(len(o.Data))},
		Kind:       kind,
		Title:      f.unit + "关于" + f.body + "巡察整改进展情况的通报",
		Unit:       f.unit,
		Inspection: corpus.Inspection{Scope: "巡察", Body: f.body, Term: f.term, Round: f.round, Start: f.start},
		Published:  f.published,
		Categories: []corpus.Category{},
		Sections:   []corpus.Section{},
		Flags:      []corpus.Flag{},
		Measures:   []corpus.Measure{},
	}
	for i, th := range f.themes {
		d.Measures = append(d.Measures, corpus.Measure{
			ID: fmt.Sprintf("%s-%03d", d.ID, i+1), Category: 1, Number: i + 1,
			Text: fmt.Sprintf("第%d项整改措施，%s", i+1, name), Themes: th,
		})
	}
	return o, d
}

func mustPut(t *testing.T, s library.Store, f fixture, name string) string {
	t.Helper()
	o, d := f.build(name)
	id, created, err := s.Put(context.Background(), o, d)
	if err != nil || !created {
		t.Fatalf("Put(%s) = %q, %v, %v", name, id, created, err)
	}
	return id
}

// fixtureSet stores five small records and returns their ids by name:
//
//	a 甲局 十届市委第二轮 2024-04-15  measures [A1 B2] [A1] []
//	b 甲局 十届市委第三轮 2025-01-10  measures [A1] [C3]
//	c 乙局 十届市委第二轮 2024-05-01  measures [B2] [B2 A1] [A1 A1]
//	d 丙局 县委第五轮 (no term, no date, feedback), no measures
//	e no unit, no round, 2023-11-30 (aggregate)  measures [A1]
func fixtureSet(t *testing.T, s library.Store) map[string]string {
	t.Helper()
	fs := map[string]fixture{
		"a": {unit: "甲局", body: "市委", term: ptr(10), round: ptr(2), published: "2024-04-15", start: "2024-01-08",
			themes: [][]string{{"A1", "B2"}, {"A1"}, {}}},
		"b": {unit: "甲局", body: "市委", term: ptr(10), round: ptr(3), published: "2025-01-10",
			themes: [][]string{{"A1"}, {"C3"}}},
		"c": {unit: "乙局", body: "市委", term: ptr(10), round: ptr(2), published: "2024-05-01",
			themes: [][]string{{"B2"}, {"B2", "A1"}, {"A1", "A1"}}},
		"d": {unit: "丙局", body: "县委", round: ptr(5), kind: corpus.KindFeedback},
		"e": {body: "区委", published: "2023-11-30", kind: corpus.KindAggregate, themes: [][]string{{"A1"}}},
	}
	ids := map[string]string{}
	for _, name := range []string{"a", "b", "c", "d", "e"} {
		ids[name] = mustPut(t, s, fs[name], name)
	}
	return ids
}

// fullDisclosure is a record with every part filled in.
func fullDisclosure(o store.Original) *corpus.Disclosure {
	id := o.SHA256[:16]
	return &corpus.Disclosure{
		ID: id,
		Source: corpus.Source{Path: o.Path, SHA256: o.SHA256, Format: "txt", Encoding: "gb18030",
			Bytes: int64(len(o.Data))},
		Kind:       corpus.KindRectification,
		KindReason: "title: 巡察整改进展情况的通报",
		Title:      "中共示例县教育局党组关于十届县委第二轮巡察整改进展情况的通报",
		Letterhead: "中共示例县教育局党组",
		Unit:       "中共示例县教育局党组",
		UnitOrgan:  "党组",
		Inspection: corpus.Inspection{
			Scope: "巡察", Body: "县委", Level: "county", Term: ptr(10), Round: ptr(2),
			Group: "巡察四组", Type: "专项巡察", Types: []string{"专项巡察", "巡察“回头看”"},
			Start: "2023-04-04", End: "2023-06-03", PeriodPrecision: "day",
			DurationDays: ptr(60), Feedback: "2023-07-18", FeedbackYearInferred: true,
		},
		Published:     "2024-04-15",
		PublishedFrom: "signature",
		Counts: corpus.Counts{
			Categories: ptr(3), Problems: ptr(35), Rectified: ptr(33), InProgress: ptr(2), Rate: ptr(94.3),
			RateComputed: ptr(94.28571428571429),
		},
		Accountability: &corpus.Accountability{PartyDiscipline: ptr(2), Admonished: ptr(5), Criticised: ptr(0)},
		Figures: &corpus.Figures{MoneyYuan: ptr(123456.78),
			Meetings: map[string]int{"党组会": 8}, Lists: []string{"问题清单", "任务清单"}},
		Categories: []corpus.Category{
			{Number: 1, Title: "落实决策部署方面", Problems: []corpus.Problem{{Number: 1, Title: "制度执行不到位"}}},
		},
		Measures: []corpus.Measure{
			{ID: id + "-001", Category: 1, Problem: ptr(1), Number: 1, Marker: "一是",
				Text: "修订完善议事规则和决策程序。", Themes: []string{"A12", "D3"}},
			{ID: id + "-002", Category: 1, Problem: nil, Number: 2, Marker: "二是",
				Text: "清退违规发放的津补贴12.35万元。", Themes: []string{"C4"}},
			{ID: id + "-003", Category: 1, Number: 3, Marker: "（1）", Text: "开展作风建设专项整治。", Themes: []string{}},
		},
		Sections:  []corpus.Section{{Number: "一", Marker: "一、", Title: "整改工作开展情况", Children: []corpus.Section{}}},
		NextSteps: "持续巩固整改成果。",
		Signature: &corpus.Signature{Org: "中共示例县教育局党组", Date: "2024-04-15"},
		Flags:     []corpus.Flag{{Code: corpus.FlagRateMismatch, Detail: "stated 94.3, computed 94.29"}},
	}
}

func testRoundTrip(t *testing.T, s library.Store) {
	ctx := context.Background()
	o := original("示例.txt", "中共示例县教育局党组关于巡察整改进展情况的通报……")
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
		t.Errorf("Disclosure = %+v\nwant %+v", got, want)
	}
	orig, err := s.Original(ctx, id)
	if err != nil || string(orig.Data) != string(o.Data) || orig.SHA256 != o.SHA256 || orig.Path != "示例.txt" {
		t.Errorf("Original = %+v, %v", orig, err)
	}
	if got, err := s.BySHA256(ctx, hexUpper(o.SHA256)); err != nil || got != id {
		t.Errorf("BySHA256 = %q, %v; want %q", got, err, id)
	}
	m, err := s.Measure(ctx, id+"-001")
	if err != nil {
		t.Fatal(err)
	}
	if m.DisclosureID != id || m.Seq != 1 || m.Unit != want.Unit || m.RoundKey != "十届县委第二轮" ||
		!slices.Equal(m.Themes, []string{"A12", "D3"}) || *m.Problem != 1 || *m.Year != 2024 || m.Kind != corpus.KindRectification {
		t.Errorf("Measure = %+v", m)
	}
	m3, err := s.Measure(ctx, id+"-003")
	if err != nil || m3.Themes == nil || len(m3.Themes) != 0 || m3.Problem != nil || m3.Seq != 3 {
		t.Errorf("Measure 3 = %+v, %v; want no themes (non-nil), no problem", m3, err)
	}
	for name, err := range map[string]error{
		"Disclosure": second(s.Disclosure(ctx, "nope")),
		"Measure":    second(s.Measure(ctx, "nope")),
		"Original":   second(s.Original(ctx, "nope")),
		"BySHA256":   second(s.BySHA256(ctx, "00")),
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s(missing) error = %v, want ErrNotFound", name, err)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func hexUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'f' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func testIdempotent(t *testing.T, s library.Store) {
	ctx := context.Background()
	o, d := fixture{unit: "甲局", themes: [][]string{{"A1"}}}.build("x")
	id, created, err := s.Put(ctx, o, d)
	if err != nil || !created {
		t.Fatalf("first Put = %q, %v, %v", id, created, err)
	}
	d2 := *d
	d2.ID, d2.Title = "other", "changed"
	id2, created, err := s.Put(ctx, o, &d2)
	if err != nil || created || id2 != id {
		t.Fatalf("second Put = %q, %v, %v; want %q, false, nil", id2, created, err, id)
	}
	got, err := s.Disclosure(ctx, id)
	if err != nil || got.Title != d.Title {
		t.Errorf("record changed by a repeated Put: %+v, %v", got, err)
	}
	changes, err := s.Changes(ctx, 0, 0)
	if err != nil || len(changes) != 1 {
		t.Errorf("Changes = %v, %v; want one put", changes, err)
	}
}

// testConcurrentSameBytes puts the same bytes from many goroutines at once:
// exactly one stores it, every other reports the same id, not created.
func testConcurrentSameBytes(t *testing.T, s library.Store) {
	ctx := context.Background()
	const writers = 8
	for round := range 3 {
		o, d := fixture{unit: "并发局", themes: [][]string{{"A1"}, {"B2"}}}.build(fmt.Sprint("same-", round))
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			created int
			ids     = map[string]int{}
			errs    []error
		)
		start := make(chan struct{})
		for range writers {
			wg.Go(func() {
				dd := *d // each writer parsed its own copy
				<-start
				id, c, err := s.Put(ctx, o, &dd)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					errs = append(errs, err)
					return
				}
				ids[id]++
				if c {
					created++
				}
			})
		}
		close(start)
		wg.Wait()
		if len(errs) > 0 || created != 1 || len(ids) != 1 || ids[d.ID] != writers {
			t.Fatalf("round %d: %d writers: created %d, ids %v, errors %v; want 1 created, one id", round, writers, created, ids, errs)
		}
	}
	st, err := s.Stats(ctx, "")
	if err != nil || st.Disclosures != 3 || st.Measures != 6 {
		t.Errorf("Stats = %+v, %v; want 3 disclosures, 6 measures", st, err)
	}
	changes, err := s.Changes(ctx, 0, 0)
	if err != nil || len(changes) != 3 {
		t.Errorf("Changes = %v, %v; want 3 puts", changes, err)
	}
}

func testInvalid(t *testing.T, s library.Store) {
	ctx := context.Background()
	o, d := fixture{unit: "甲局"}.build("x")
	bad := o
	bad.SHA256 = "00" + o.SHA256[2:]
	noID := *d
	noID.ID = ""
	for name, call := range map[string]func() error{
		"nil record":      func() error { return third(s.Put(ctx, o, nil)) },
		"digest mismatch": func() error { return third(s.Put(ctx, bad, d)) },
		"no id":           func() error { return third(s.Put(ctx, o, &noID)) },
		"negative offset": func() error { return third(s.List(ctx, store.ListQuery{Offset: -1})) },
		"theme grouping":  func() error { return second(s.ThemeCounts(ctx, "year")) },
		"empty version":   func() error { return second(s.Unindexed(ctx, "", 0)) },
	} {
		if err := call(); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%s: error = %v, want ErrInvalid", name, err)
		}
	}
	if st, err := s.Stats(ctx, ""); err != nil || st != (store.Stats{}) {
		t.Errorf("Stats after refused writes = %+v, %v; want empty", st, err)
	}
}

func third[A, B any](_ A, _ B, err error) error { return err }

// testAtomic: a record whose measure id is taken is refused as a whole,
// leaving no original, record or change behind.
func testAtomic(t *testing.T, s library.Store) {
	ctx := context.Background()
	first := mustPut(t, s, fixture{unit: "甲局", themes: [][]string{{"A1"}}}, "one")
	o, d := fixture{unit: "乙局", themes: [][]string{{"B2"}}}.build("two")
	d.Measures[0].ID = first + "-001"
	if _, _, err := s.Put(ctx, o, d); err == nil {
		t.Fatal("Put with a taken measure id succeeded")
	}
	if _, err := s.BySHA256(ctx, o.SHA256); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("refused record left its original: %v", err)
	}
	st, err := s.Stats(ctx, "")
	if err != nil || st.Disclosures != 1 || st.Measures != 1 {
		t.Errorf("Stats = %+v, %v; want the first record only", st, err)
	}
	if last, err := s.LastChange(ctx); err != nil {
		t.Fatal(err)
	} else if changes, _ := s.Changes(ctx, 0, 0); len(changes) != 1 || changes[0].Seq != last {
		t.Errorf("Changes = %v (last %d); want the first put only", changes, last)
	}
	// The same bytes with a correct record now store.
	o2, d2 := fixture{unit: "乙局", themes: [][]string{{"B2"}}}.build("two")
	if _, created, err := s.Put(ctx, o2, d2); err != nil || !created {
		t.Errorf("Put after a refused one = %v, %v", created, err)
	}
}

func testList(t *testing.T, s library.Store) {
	ctx := context.Background()
	id := fixtureSet(t, s)
	tests := []struct {
		q         store.ListQuery
		want      []string
		wantTotal int
	}{
		{store.ListQuery{}, []string{"b", "c", "a", "e", "d"}, 5},
		{store.ListQuery{Unit: "甲局"}, []string{"b", "a"}, 2},
		{store.ListQuery{Round: 2}, []string{"c", "a"}, 2},
		{store.ListQuery{RoundKey: "县委第五轮"}, []string{"d"}, 1},
		{store.ListQuery{Kind: corpus.KindFeedback}, []string{"d"}, 1},
		{store.ListQuery{Year: 2024}, []string{"c", "a"}, 2},
		{store.ListQuery{Unit: "丁局"}, []string{}, 0},
		{store.ListQuery{Offset: 1, Limit: 2}, []string{"c", "a"}, 5},
		{store.ListQuery{Offset: 10}, []string{}, 5},
	}
	for _, tt := range tests {
		list, total, err := s.List(ctx, tt.q)
		if err != nil {
			t.Fatal(err)
		}
		got := []string{}
		for _, sum := range list {
			got = append(got, sum.ID)
		}
		want := []string{}
		for _, name := range tt.want {
			want = append(want, id[name])
		}
		if !slices.Equal(got, want) || total != tt.wantTotal {
			t.Errorf("List(%+v) = %v, %d; want %v, %d", tt.q, got, total, want, tt.wantTotal)
		}
	}
	list, _, err := s.List(ctx, store.ListQuery{Unit: "甲局", Round: 2})
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %v, %v", list, err)
	}
	want := store.Summary{ID: id["a"], Title: "甲局关于市委巡察整改进展情况的通报", Unit: "甲局", Kind: corpus.KindRectification,
		Body: "市委", Term: ptr(10), Round: ptr(2), RoundKey: "十届市委第二轮", Published: "2024-04-15", Measures: 3}
	if !reflect.DeepEqual(list[0], want) {
		t.Errorf("Summary = %+v, want %+v", list[0], want)
	}
}

func testEach(t *testing.T, s library.Store) {
	ctx := context.Background()
	const n = 230 // more than one batch
	var want []string
	for i := range n {
		want = append(want, mustPut(t, s, fixture{unit: fmt.Sprintf("单位%d", i), themes: [][]string{{"A1"}}}, fmt.Sprint(i)))
	}
	var got []string
	if err := s.Each(ctx, func(d *corpus.Disclosure) error { got = append(got, d.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("Each visited %d records (first %v), want %d in the order stored", len(got), got[:min(3, len(got))], n)
	}
	stop := errors.New("stop")
	calls := 0
	if err := s.Each(ctx, func(*corpus.Disclosure) error { calls++; return stop }); !errors.Is(err, stop) || calls != 1 {
		t.Errorf("Each with a failing callback = %v after %d calls", err, calls)
	}
}

func testDelete(t *testing.T, s library.Store) {
	ctx := context.Background()
	id := fixtureSet(t, s)
	if err := s.Delete(ctx, id["a"]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Disclosure(ctx, id["a"]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Disclosure after Delete: %v", err)
	}
	if _, err := s.Measure(ctx, id["a"]+"-001"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Measure after Delete: %v", err)
	}
	if _, err := s.Original(ctx, id["a"]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Original after Delete: %v", err)
	}
	if err := s.Delete(ctx, id["a"]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second Delete = %v, want ErrNotFound", err)
	}
	st, err := s.Stats(ctx, "")
	if err != nil || st.Disclosures != 4 || st.Measures != 6 {
		t.Errorf("Stats = %+v, %v; want 4 disclosures, 6 measures", st, err)
	}
	tc, err := s.ThemeCounts(ctx, "unit")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range tc {
		for _, m := range c.MeasureIDs {
			if m[:16] == id["a"] {
				t.Errorf("theme tag of a deleted measure left: %+v", c)
			}
		}
	}
	// The same bytes can be stored again, as a new change.
	o, d := fixture{unit: "甲局", body: "市委", term: ptr(10), round: ptr(2), published: "2024-04-15", start: "2024-01-08",
		themes: [][]string{{"A1", "B2"}, {"A1"}, {}}}.build("a")
	if got, created, err := s.Put(ctx, o, d); err != nil || !created || got != id["a"] {
		t.Errorf("Put after Delete = %q, %v, %v", got, created, err)
	}
	changes, err := s.Changes(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, c := range changes[5:] {
		ops = append(ops, string(c.Op)+" "+c.DisclosureID)
	}
	if want := []string{"delete " + id["a"], "put " + id["a"]}; !slices.Equal(ops, want) {
		t.Errorf("changes after the five puts = %v, want %v", ops, want)
	}
}

func testIndexedMarks(t *testing.T, s library.Store) {
	ctx := context.Background()
	id := fixtureSet(t, s)
	un, err := s.Unindexed(ctx, "v1", 0)
	if err != nil || len(un) != 5 {
		t.Fatalf("Unindexed = %d, %v; want 5", len(un), err)
	}
	if err := s.MarkIndexed(ctx, "v1", id["a"], id["b"], "deleted-meanwhile"); err != nil {
		t.Fatal(err)
	}
	un, err = s.Unindexed(ctx, "v1", 2)
	if err != nil || len(un) != 2 || un[0].ID != id["c"] || un[1].ID != id["d"] {
		t.Errorf("Unindexed(limit 2) = %v, %v; want c, d", un, err)
	}
	if st, err := s.Stats(ctx, "v1"); err != nil || st.Indexed != 2 {
		t.Errorf("Stats(v1).Indexed = %+v, %v; want 2", st, err)
	}
	if st, err := s.Stats(ctx, "v2"); err != nil || st.Indexed != 0 {
		t.Errorf("Stats(v2).Indexed = %+v, %v; want 0", st, err)
	}
	if err := s.ClearIndexed(ctx); err != nil {
		t.Fatal(err)
	}
	if st, err := s.Stats(ctx, ""); err != nil || st.Indexed != 0 {
		t.Errorf("Stats after ClearIndexed = %+v, %v", st, err)
	}
}

func testAggregates(t *testing.T, s library.Store) {
	ctx := context.Background()
	id := fixtureSet(t, s)
	m := func(name string, n int) string { return id[name] + "-00" + string(rune('0'+n)) }
	if st, err := s.Stats(ctx, "v1"); err != nil || st != (store.Stats{Disclosures: 5, Measures: 9, Units: 3, Rounds: 3}) {
		t.Errorf("Stats = %+v, %v", st, err)
	}
	units, err := s.Units(ctx)
	if want := []store.Count{cnt("甲局", 2, 5), cnt("丙局", 1, 0), cnt("乙局", 1, 3)}; err != nil || !reflect.DeepEqual(units, want) {
		t.Errorf("Units = %v, %v; want %v", units, err, want)
	}
	rounds, err := s.Rounds(ctx)
	if want := []store.Count{cnt("十届市委第二轮", 2, 6), cnt("十届市委第三轮", 1, 2), cnt("县委第五轮", 1, 0)}; err != nil || !reflect.DeepEqual(rounds, want) {
		t.Errorf("Rounds = %v, %v; want %v", rounds, err, want)
	}
	byUnit, err := s.ThemeCounts(ctx, "unit")
	wantUnit := []store.ThemeCount{
		tc("乙局", "A1", 2, []string{m("c", 2), m("c", 3)}),
		tc("乙局", "B2", 2, []string{m("c", 1), m("c", 2)}),
		tc("甲局", "A1", 3, []string{m("a", 1), m("a", 2), m("b", 1)}),
		tc("甲局", "B2", 1, []string{m("a", 1)}),
		tc("甲局", "C3", 1, []string{m("b", 2)}),
	}
	if err != nil || !reflect.DeepEqual(byUnit, wantUnit) {
		t.Errorf("ThemeCounts(unit) = %v, %v\nwant %v", byUnit, err, wantUnit)
	}
	byRound, err := s.ThemeCounts(ctx, "round")
	wantRound := []store.ThemeCount{
		tc("十届市委第三轮", "A1", 1, []string{m("b", 1)}),
		tc("十届市委第三轮", "C3", 1, []string{m("b", 2)}),
		tc("十届市委第二轮", "A1", 4, []string{m("a", 1), m("a", 2), m("c", 2), m("c", 3)}),
		tc("十届市委第二轮", "B2", 3, []string{m("a", 1), m("c", 1), m("c", 2)}),
	}
	if err != nil || !reflect.DeepEqual(byRound, wantRound) {
		t.Errorf("ThemeCounts(round) = %v, %v\nwant %v", byRound, err, wantRound)
	}
}

func testAnalyticsRows(t *testing.T, s library.Store) {
	ctx := context.Background()
	empty, err := s.MeasureRows(ctx, store.RowFilter{})
	if err != nil || empty == nil || len(empty) != 0 {
		t.Errorf("MeasureRows on an empty store = %#v, %v; want empty, not nil", empty, err)
	}
	id := fixtureSet(t, s)
	m := func(name string, n int) string { return id[name] + "-00" + string(rune('0'+n)) }
	row := func(name string, n int, unit, key string, round int, themes ...string) analytics.Row {
		return analytics.Row{MeasureID: m(name, n), DisclosureID: id[name], Unit: unit, RoundKey: key, Round: ptr(round), Themes: themes}
	}
	a, b := "十届市委第二轮", "十届市委第三轮"
	all := []analytics.Row{
		row("a", 1, "甲局", a, 2, "A1", "B2"), row("a", 2, "甲局", a, 2, "A1"), row("a", 3, "甲局", a, 2),
		row("b", 1, "甲局", b, 3, "A1"), row("b", 2, "甲局", b, 3, "C3"),
		row("c", 1, "乙局", a, 2, "B2"), row("c", 2, "乙局", a, 2, "B2", "A1"), row("c", 3, "乙局", a, 2, "A1"),
	}
	for _, tc := range []struct {
		f    store.RowFilter
		want []analytics.Row
	}{
		{store.RowFilter{}, all},
		{store.RowFilter{Units: []string{"乙局"}}, all[5:]},
		{store.RowFilter{RoundKeys: []string{b, "无此轮"}}, all[3:5]},
		{store.RowFilter{Kind: string(corpus.KindAggregate)}, []analytics.Row{{MeasureID: m("e", 1), DisclosureID: id["e"], Themes: []string{"A1"}}}},
		{store.RowFilter{Units: []string{"丁局"}}, []analytics.Row{}},
	} {
		got, err := s.MeasureRows(ctx, tc.f)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("MeasureRows(%+v) = %+v, %v\nwant %+v", tc.f, got, err, tc.want)
		}
	}
	// Details: each row also carries its measure's text and its
	// disclosure's publication date.
	detailed, err := s.MeasureRows(ctx, store.RowFilter{Units: []string{"甲局"}, Details: true})
	if err != nil || len(detailed) != 5 {
		t.Fatalf("MeasureRows(Details) = %+v, %v", detailed, err)
	}
	for i, r := range detailed {
		w := all[i]
		w.Text = fmt.Sprintf("第%d项整改措施，%s", map[bool]int{true: i + 1, false: i - 2}[i < 3], map[bool]string{true: "a", false: "b"}[i < 3])
		w.Published = map[bool]string{true: "2024-04-15", false: "2025-01-10"}[i < 3]
		if !reflect.DeepEqual(r, w) {
			t.Errorf("MeasureRows(Details)[%d] = %+v\nwant %+v", i, r, w)
		}
	}
	// NoText: the same rows, publication dates and no texts.
	noText, err := s.MeasureRows(ctx, store.RowFilter{Units: []string{"甲局"}, Details: true, NoText: true})
	if err != nil || len(noText) != len(detailed) {
		t.Fatalf("MeasureRows(Details, NoText) = %+v, %v", noText, err)
	}
	for i, r := range noText {
		w := detailed[i]
		w.Text = ""
		if !reflect.DeepEqual(r, w) || r.Published == "" {
			t.Errorf("MeasureRows(Details, NoText)[%d] = %+v\nwant %+v", i, r, w)
		}
	}
	ins, err := s.Inspections(ctx)
	want := []analytics.Inspection{
		{DisclosureID: id["a"], Unit: "甲局", Body: "市委", RoundKey: a, Start: "2024-01-08"},
		{DisclosureID: id["b"], Unit: "甲局", Body: "市委", RoundKey: b},
		{DisclosureID: id["c"], Unit: "乙局", Body: "市委", RoundKey: a},
	}
	if err != nil || !reflect.DeepEqual(ins, want) {
		t.Errorf("Inspections = %+v, %v\nwant %+v", ins, err, want)
	}
}

func testMeasureTextsAndMark(t *testing.T, s library.Store) {
	ctx := context.Background()
	id := fixtureSet(t, s)
	var texts []store.MeasureText
	if err := s.MeasureTexts(ctx, func(m store.MeasureText) error { texts = append(texts, m); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(texts) != 9 || texts[0].ID != id["a"]+"-001" || texts[0].Unit != "甲局" || texts[0].RoundKey != "十届市委第二轮" ||
		texts[0].Text != "第1项整改措施，a" || texts[8].ID != id["e"]+"-001" {
		t.Errorf("MeasureTexts = %+v", texts)
	}
	// Texts by id: known ids (a repeat too), unknown ones left out.
	ids := []string{texts[0].ID, texts[8].ID, "no-such-measure", texts[0].ID}
	byID, err := s.MeasureTextsByID(ctx, ids)
	if err != nil || len(byID) != 2 || byID[texts[0].ID] != texts[0].Text || byID[texts[8].ID] != texts[8].Text {
		t.Errorf("MeasureTextsByID(%q) = %q, %v", ids, byID, err)
	}
	if none, err := s.MeasureTextsByID(ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("MeasureTextsByID(nil) = %q, %v", none, err)
	}
	all := make([]string, 0, store.MaxTextsByID)
	for i := range store.MaxTextsByID {
		all = append(all, texts[i%len(texts)].ID)
	}
	if got, err := s.MeasureTextsByID(ctx, all); err != nil || len(got) != len(texts) {
		t.Errorf("MeasureTextsByID of %d ids: %d texts, %v", len(all), len(got), err)
	}
	if _, err := s.MeasureTextsByID(ctx, append(all, texts[0].ID)); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("MeasureTextsByID of %d ids: %v, want store.ErrInvalid", len(all)+1, err)
	}
	before, err := s.MeasureMark(ctx)
	if err != nil || before.Count != 9 || before.Seq == 0 {
		t.Fatalf("MeasureMark = %+v, %v", before, err)
	}
	// Delete the newest record, then store one with as many measures: the
	// count is back, the change sequence is not.
	if err := s.Delete(ctx, id["e"]); err != nil {
		t.Fatal(err)
	}
	mustPut(t, s, fixture{unit: "丁局", themes: [][]string{{"A1"}}}, "f")
	after, err := s.MeasureMark(ctx)
	if err != nil || after.Count != 9 || after == before || after.Seq <= before.Seq {
		t.Errorf("MeasureMark after delete + put = %+v, %v; before %+v", after, err, before)
	}
}

// signedTexts reads SignedMeasureTexts of version into ids in order and
// signatures by id (copied: the store may reuse the slice).
func signedTexts(t *testing.T, s library.Store, version string) ([]string, map[string][]uint64) {
	t.Helper()
	var ids []string
	sigs := map[string][]uint64{}
	err := s.SignedMeasureTexts(context.Background(), version, func(m store.MeasureText, sig []uint64) error {
		ids = append(ids, m.ID)
		if sig != nil {
			sigs[m.ID] = slices.Clone(sig)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("SignedMeasureTexts(%s): %v", version, err)
	}
	return ids, sigs
}

// testSignatures: signatures are stored per measure and version, read back
// equal (every bit of every uint64), replaced by a newer version, leave the
// measure mark alone, and go with their record.
func testSignatures(t *testing.T, s library.Store) {
	ctx := context.Background()
	id := fixtureSet(t, s)
	var texts []string
	if err := s.MeasureTexts(ctx, func(m store.MeasureText) error { texts = append(texts, m.ID); return nil }); err != nil {
		t.Fatal(err)
	}
	ids, sigs := signedTexts(t, s, "v1")
	if !slices.Equal(ids, texts) || len(sigs) != 0 {
		t.Fatalf("SignedMeasureTexts before any signature = %v, %v; want the measures %v without signatures", ids, sigs, texts)
	}
	sigOf := func(i int, salt uint64) []uint64 {
		return []uint64{uint64(i) + salt, math.MaxUint64, 1<<63 | uint64(i), 0x0102030405060708}
	}
	var batch []store.MeasureSignature
	for i, mid := range texts {
		batch = append(batch, store.MeasureSignature{MeasureID: mid, Signature: sigOf(i, 0)})
	}
	batch = append(batch, store.MeasureSignature{MeasureID: "no-such-measure", Signature: sigOf(99, 0)})
	mark, err := s.MeasureMark(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutSignatures(ctx, "v1", batch); err != nil {
		t.Fatalf("PutSignatures: %v", err)
	}
	if after, err := s.MeasureMark(ctx); err != nil || after != mark {
		t.Errorf("MeasureMark after PutSignatures = %+v, %v; want %+v unchanged", after, err, mark)
	}
	ids, sigs = signedTexts(t, s, "v1")
	if !slices.Equal(ids, texts) || len(sigs) != len(texts) {
		t.Fatalf("SignedMeasureTexts(v1) = %v with %d signatures, want %v with all", ids, len(sigs), texts)
	}
	for i, mid := range texts {
		if !slices.Equal(sigs[mid], sigOf(i, 0)) {
			t.Errorf("signature of %s = %x, want %x", mid, sigs[mid], sigOf(i, 0))
		}
	}
	if _, other := signedTexts(t, s, "v2"); len(other) != 0 {
		t.Errorf("SignedMeasureTexts(v2) returned %d signatures of v1", len(other))
	}
	// A new hasher version replaces a measure's signature.
	first := texts[0]
	if err := s.PutSignatures(ctx, "v2", []store.MeasureSignature{{MeasureID: first, Signature: sigOf(0, 7)}}); err != nil {
		t.Fatal(err)
	}
	_, v1 := signedTexts(t, s, "v1")
	_, v2 := signedTexts(t, s, "v2")
	if _, ok := v1[first]; ok || len(v1) != len(texts)-1 || len(v2) != 1 || !slices.Equal(v2[first], sigOf(0, 7)) {
		t.Errorf("after a v2 signature of %s: v1 holds %d (%v), v2 %v", first, len(v1), v1[first], v2)
	}
	// A deleted record's signatures go with it: stored again (same ids),
	// its measures have none.
	if err := s.Delete(ctx, id["a"]); err != nil {
		t.Fatal(err)
	}
	a := fixture{unit: "甲局", body: "市委", term: ptr(10), round: ptr(2), published: "2024-04-15", start: "2024-01-08",
		themes: [][]string{{"A1", "B2"}, {"A1"}, {}}}
	if again := mustPut(t, s, a, "a"); again != id["a"] {
		t.Fatalf("stored again as %s, want %s", again, id["a"])
	}
	_, v1 = signedTexts(t, s, "v1")
	_, v2 = signedTexts(t, s, "v2")
	for mid := range v1 {
		if strings.HasPrefix(mid, id["a"]) {
			t.Errorf("measure %s of the deleted record kept its signature", mid)
		}
	}
	if len(v1) != len(texts)-3 || len(v2) != 0 {
		t.Errorf("after deleting and storing again %s: %d v1 and %d v2 signatures, want %d and 0", id["a"], len(v1), len(v2), len(texts)-3)
	}
	// Bad batches are refused whole.
	for name, bad := range map[string]struct {
		version string
		sigs    []store.MeasureSignature
	}{
		"no version": {"", batch[:1]},
		"no id":      {"v1", []store.MeasureSignature{{Signature: sigOf(1, 0)}}},
		"empty":      {"v1", []store.MeasureSignature{{MeasureID: texts[1]}}},
		"twice":      {"v1", []store.MeasureSignature{batch[1], batch[1]}},
		"too many":   {"v1", make([]store.MeasureSignature, store.MaxSignatureBatch+1)},
	} {
		if err := s.PutSignatures(ctx, bad.version, bad.sigs); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("PutSignatures, %s = %v, want ErrInvalid", name, err)
		}
	}
}

func testMeta(t *testing.T, s library.Store) {
	ctx := context.Background()
	if _, err := s.Meta(ctx, "k"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Meta(missing) = %v", err)
	}
	for _, v := range []string{"一", "二"} {
		if err := s.SetMeta(ctx, "k", v); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Meta(ctx, "k"); err != nil || got != v {
			t.Errorf("Meta = %q, %v; want %q", got, err, v)
		}
	}
}

func testChanges(t *testing.T, s library.Store) {
	ctx := context.Background()
	if last, err := s.LastChange(ctx); err != nil || last != 0 {
		t.Errorf("LastChange on an empty store = %d, %v", last, err)
	}
	sid, err := s.StoreID(ctx)
	if err != nil || len(sid) < 16 {
		t.Fatalf("StoreID = %q, %v", sid, err)
	}
	var ids []string
	for i := range 7 {
		ids = append(ids, mustPut(t, s, fixture{unit: "甲局", themes: [][]string{{"A1"}}}, fmt.Sprint(i)))
	}
	if err := s.Delete(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	all, err := s.Changes(ctx, 0, 0)
	if err != nil || len(all) != 8 {
		t.Fatalf("Changes = %v, %v; want 8", all, err)
	}
	for i, c := range all {
		if i > 0 && c.Seq <= all[i-1].Seq {
			t.Errorf("change %d: seq %d after %d", i, c.Seq, all[i-1].Seq)
		}
		wantOp, wantID := store.ChangePut, ""
		if i < 7 {
			wantID = ids[i]
		} else {
			wantOp, wantID = store.ChangeDelete, ids[2]
		}
		if c.Op != wantOp || c.DisclosureID != wantID {
			t.Errorf("change %d = %+v, want %s %s", i, c, wantOp, wantID)
		}
	}
	page, err := s.Changes(ctx, all[2].Seq, 3)
	if err != nil || !reflect.DeepEqual(page, all[3:6]) {
		t.Errorf("Changes(after %d, 3) = %v, %v; want %v", all[2].Seq, page, err, all[3:6])
	}
	if last, err := s.LastChange(ctx); err != nil || last != all[7].Seq {
		t.Errorf("LastChange = %d, %v; want %d", last, err, all[7].Seq)
	}
	if rest, err := s.Changes(ctx, all[7].Seq, 0); err != nil || len(rest) != 0 {
		t.Errorf("Changes after the last = %v, %v", rest, err)
	}
	sn, err := s.Snapshot(ctx)
	if want := (store.Snapshot{Disclosures: 6, Measures: 6, Seq: all[7].Seq}); err != nil || sn != want {
		t.Errorf("Snapshot = %+v, %v; want %+v", sn, err, want)
	}
	if again, err := s.StoreID(ctx); err != nil || again != sid {
		t.Errorf("StoreID changed: %q, %v; was %q", again, err, sid)
	}
}

func testWatch(t *testing.T, s library.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	ch := s.Watch(ctx)
	time.Sleep(100 * time.Millisecond) // a listener may need a moment to start
	mustPut(t, s, fixture{unit: "甲局"}, "w")
	select {
	case _, ok := <-ch:
		if !ok {
			t.Fatal("Watch channel closed before its context ended")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no wake within 5 s of a Put")
	}
	cancel()
	deadline := time.After(5 * time.Second)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatal("Watch channel not closed within 5 s of its context ending")
		}
	}
}
