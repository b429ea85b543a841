package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
)

// BenchmarkPut stores a disclosure of 25 measures (8, 9 and 8 under three
// categories, like the seed), three themes each, per iteration: one
// transaction with a full fsync.
func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	s, _ := newStore(b)
	text := strings.Repeat("严格落实党组织领导的校长负责制，规范议事决策程序，", 6)
	i := 0
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
		if _, created, err := s.Put(ctx, o, d); err != nil || !created {
			b.Fatal(created, err)
		}
	}
}

// BenchmarkPutExisting is the idempotent path: the bytes are already stored.
func BenchmarkPutExisting(b *testing.B) {
	ctx := context.Background()
	s, _ := newStore(b)
	o := original("a.txt", "existing")
	d := fullDisclosure(o)
	if _, _, err := s.Put(ctx, o, d); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, created, err := s.Put(ctx, o, d); err != nil || created {
			b.Fatal(created, err)
		}
	}
}

// BenchmarkDisclosure reads one record back.
func BenchmarkDisclosure(b *testing.B) {
	ctx := context.Background()
	s, _ := newStore(b)
	o := original("a.txt", "read")
	id, _, err := s.Put(ctx, o, fullDisclosure(o))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := s.Disclosure(ctx, id); err != nil {
			b.Fatal(err)
		}
	}
}
