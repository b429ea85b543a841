package library

import (
	"math"
	"reflect"
	"unsafe"
)

// approxBytes estimates the memory v holds: its own size plus everything
// reachable from it through pointers, slices, maps, strings and
// interfaces. It weighs the derived analytics results (rowcache.go), so
// that their cache is bounded by bytes and not only by count: at 317,000
// measures one prepared grouping holds 25–40 MB, and 32 of them held more
// than the whole heap limit.
//
// A string shared with the cached rows or docs (a measure id, a unit name)
// is counted in every result that holds it, once per result (a pointee, a
// map or a string's bytes are counted once). Long slices and large maps
// are weighed by a sample of their elements, fewer the deeper they nest
// (sampleSize), and the walk stops descending after maxVisits values, so
// that weighing costs milliseconds whatever the result: with 256 samples
// at every depth, one prepared grouping of 317,000 measures took 256 ms to
// weigh. What lies past that many values is not counted.
func approxBytes(v any) int64 {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return 0
	}
	s := sizer{seen: map[uintptr]struct{}{}, ptrs: map[reflect.Type]bool{}}
	n := float64(rv.Type().Size()) + s.outside(rv, 0, 0)
	if n >= math.MaxInt64 { // 2^63: past every int64
		return math.MaxInt64
	}
	return int64(n)
}

// sampleSize is how many elements of a slice or map nested in level
// others approxBytes weighs: 256, 16, then 4; a longer one counts their
// mean per element.
func sampleSize(level int) int { return max(4, 256>>(4*level)) }

// maxVisits bounds the values approxBytes looks into; past it, it counts
// what each value holds directly (a slice's elements, a string's bytes)
// but not what they reach.
const maxVisits = 100_000

// maxDepth bounds the recursion (a long chain of pointers is counted to
// that depth).
const maxDepth = 64

type sizer struct {
	seen   map[uintptr]struct{}  // pointees counted
	ptrs   map[reflect.Type]bool // types that hold pointers
	visits int
}

// first reports whether the memory at p is met for the first time, and
// marks it met.
func (s *sizer) first(p uintptr) bool {
	if _, ok := s.seen[p]; ok {
		return false
	}
	s.seen[p] = struct{}{}
	return true
}

// holdsPointers reports whether a value of t can reach memory outside
// itself.
func (s *sizer) holdsPointers(t reflect.Type) bool {
	if p, ok := s.ptrs[t]; ok {
		return p
	}
	s.ptrs[t] = true // a recursive type holds pointers
	p := false
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.String, reflect.Interface:
		p = true
	case reflect.Array:
		p = t.Len() > 0 && s.holdsPointers(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if s.holdsPointers(t.Field(i).Type) {
				p = true
				break
			}
		}
	}
	s.ptrs[t] = p
	return p
}

// outside is what v reaches beyond its own bytes; level counts the
// slices and maps v is nested in.
func (s *sizer) outside(v reflect.Value, depth, level int) float64 {
	if depth > maxDepth || !s.holdsPointers(v.Type()) {
		return 0
	}
	depth++
	s.visits++
	deep := s.visits <= maxVisits
	switch v.Kind() {
	case reflect.String:
		if v.Len() == 0 {
			return 0
		}
		if !s.first(uintptr(unsafe.Pointer(unsafe.StringData(v.String())))) {
			return 0
		}
		return float64(v.Len())
	case reflect.Pointer:
		if v.IsNil() || !s.first(v.Pointer()) {
			return 0
		}
		e := v.Elem()
		if !deep {
			return float64(e.Type().Size())
		}
		return float64(e.Type().Size()) + s.outside(e, depth, level)
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		if e.Kind() == reflect.Pointer || e.Kind() == reflect.Map {
			return s.outside(e, depth, level) // stored in the interface word
		}
		return float64(e.Type().Size()) + s.outside(e, depth, level)
	case reflect.Slice:
		n := v.Len()
		own := float64(v.Cap()) * float64(v.Type().Elem().Size())
		if n == 0 || !deep || !s.holdsPointers(v.Type().Elem()) {
			return own
		}
		k := min(n, sampleSize(level))
		var sum float64
		for i := range k {
			sum += s.outside(v.Index(i*n/k), depth, level+1)
		}
		return own + sum*float64(n)/float64(k)
	case reflect.Map:
		if v.IsNil() || !s.first(v.Pointer()) {
			return 0
		}
		n := v.Len()
		kt, et := v.Type().Key(), v.Type().Elem()
		// A Swiss table: slots for n/0.875 entries, a control byte each.
		own := 48 + float64(n)*float64(kt.Size()+et.Size()+1)*8/7
		if n == 0 || !deep || (!s.holdsPointers(kt) && !s.holdsPointers(et)) {
			return own
		}
		var sum float64
		k, most := 0, sampleSize(level)
		for it := v.MapRange(); k < most && it.Next(); k++ {
			sum += s.outside(it.Key(), depth, level+1) + s.outside(it.Value(), depth, level+1)
		}
		return own + sum*float64(n)/float64(max(k, 1))
	case reflect.Array:
		var sum float64
		for i := range v.Len() {
			sum += s.outside(v.Index(i), depth, level)
		}
		return sum
	case reflect.Struct:
		var sum float64
		for i := range v.NumField() {
			sum += s.outside(v.Field(i), depth, level)
		}
		return sum
	}
	return 0 // funcs, channels, unsafe pointers: their header only
}
