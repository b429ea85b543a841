package library

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// TestApproxBytes: what a value holds is weighed exactly where it is
// plain, a shared pointee or string once, a cycle ends, and a long slice
// weighed by a sample stays near its size.
func TestApproxBytes(t *testing.T) {
	type node struct {
		next *node
		pad  [64]byte
	}
	a, b := &node{}, &node{}
	a.next, b.next = b, a
	shared := &[1024]byte{}
	same := strings.Repeat("整改", 10) // 60 bytes
	repeated := make([]string, 100)
	for i := range repeated {
		repeated[i] = same
	}
	distinct := make([]string, 10_000) // sampled: over maxSampled
	for i := range distinct {
		distinct[i] = "measure-" + strconv.Itoa(100_000+i) // 14 bytes each
	}
	var boxed any = [3]int64{}

	for _, c := range []struct {
		name   string
		v      any
		lo, hi int64
	}{
		{"nil", nil, 0, 0},
		{"ints", make([]int64, 1<<20), 24 + 8<<20, 24 + 8<<20},
		{"room counts", make([]int32, 0, 1000), 24 + 4000, 24 + 4000},
		{"one pointee for two pointers", struct{ A, B *[1024]byte }{shared, shared}, 16 + 1024, 16 + 1024},
		{"one string's bytes", repeated, 24 + 100*16 + 60, 24 + 100*16 + 60},
		{"a cycle", a, 8 + 2*72, 8 + 2*72},
		{"boxed in an interface", &struct{ V any }{boxed}, 8 + 16 + 24, 8 + 16 + 24},
		{"sampled strings", distinct, 24 + 10_000*16 + 10_000*14*95/100, 24 + 10_000*16 + 10_000*14*105/100},
	} {
		if got := approxBytes(c.v); got < c.lo || got > c.hi {
			t.Errorf("%s: approxBytes = %d, want %d…%d", c.name, got, c.lo, c.hi)
		}
	}

	// A map: its entries' slots (estimated) and what its values hold.
	m := make(map[string][]int32, 1000)
	for i := range 1000 {
		m[strconv.Itoa(i)] = make([]int32, 100)
	}
	if got, least := approxBytes(m), int64(1000*(16+24+400)); got < least || got > 2*least {
		t.Errorf("map: approxBytes = %d, want %d…%d", got, least, 2*least)
	}
}

// TestApproxBytesBoundedWalk: however deep and long a value nests,
// weighing it looks into at most about maxVisits values.
func TestApproxBytesBoundedWalk(t *testing.T) {
	leaf := make([]string, 1000)
	for i := range leaf {
		leaf[i] = strconv.Itoa(i)
	}
	// Six levels of 1,000 slices each, every level sharing the one below:
	// 10^18 strings as written out, a few kilobytes in memory.
	level := leaf
	var nest func(depth int) any
	nest = func(depth int) any {
		if depth == 0 {
			return level
		}
		below := nest(depth - 1)
		out := make([]any, 1000)
		for i := range out {
			out[i] = below
		}
		return out
	}
	v := nest(5)
	s := sizer{seen: map[uintptr]struct{}{}, ptrs: map[reflect.Type]bool{}}
	if got := approxBytes(v); got < 1e15 {
		t.Errorf("weighed %d bytes, want over 10^15 (not wrapped round)", got)
	}
	s.outside(reflect.ValueOf(v), 0, 0)
	if s.visits > maxVisits+1000 {
		t.Errorf("looked into %d values, want at most about %d", s.visits, maxVisits)
	}
}
