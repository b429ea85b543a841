package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// BenchmarkPutBatch stores the disclosures of BenchmarkPut 64 to a
// batch, as ingest does: one transaction and one fsync per batch, a
// savepoint per disclosure. ns/op is per disclosure, comparable with
// BenchmarkPut.
func BenchmarkPutBatch(b *testing.B) {
	ctx := context.Background()
	s, _ := newStore(b)
	text := strings.Repeat("严格落实党组织领导的校长负责制，规范议事决策程序，", 6)
	i := 0
	var items []store.PutItem
	flush := func() {
		rs, err := s.PutBatch(ctx, items)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rs {
			if r.Err != nil || !r.Created {
				b.Fatal(r)
			}
		}
		items = items[:0]
	}
	for b.Loop() {
		i++
		o := original(fmt.Sprintf("%d.txt", i), fmt.Sprintf("%d %s", i, strings.Repeat(text, 40)))
		d := fullDisclosure(o)
		d.Measures = d.Measures[:0]
		for j := range 25 {
			cat := 1 + min(j/8, 2)
			d.Measures = append(d.Measures, corpus.Measure{
				ID: fmt.Sprintf("%s-%03d", d.ID, j+1), Category: cat, Number: j + 1, Marker: "一是",
				Text: text, Themes: []string{"A1", "B2", fmt.Sprintf("C%d", j%7)},
			})
		}
		items = append(items, store.PutItem{Original: o, Disclosure: d})
		if len(items) == 64 {
			flush()
		}
	}
	if len(items) > 0 {
		flush()
	}
}
