package library

import (
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
// It errs high rather than low: a string shared with the cached rows or
// docs (a measure id, a unit name) is counted in every result that holds
// it (once per result: a pointee, a map or a string's bytes are counted
// once). Long slices and large maps are weighed by
// a sample of their elements (maxSampled), so that weighing a result costs
// a small part of computing it.
func approxBytes(v any) int64 {
	rv := reflect.ValueOf(v)
	if !rv.IsValid() {
		return 0
	}
	s := sizer{seen: map[uintptr]struct{}{}, ptrs: map[reflect.Type]bool{}}
	return int64(rv.Type().Size()) + s.outside(rv, 0)
}

// maxSampled is how many elements of a slice or map approxBytes weighs;
// a longer one counts their mean per element.
const maxSampled = 256

// maxDepth bounds the recursion (a long chain of pointers is counted to
// that depth).
const maxDepth = 64

type sizer struct {
	seen map[uintptr]struct{}  // pointees counted
	ptrs map[reflect.Type]bool // types that hold pointers
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

// outside is what v reaches beyond its own bytes.
func (s *sizer) outside(v reflect.Value, depth int) int64 {
	if depth > maxDepth || !s.holdsPointers(v.Type()) {
		return 0
	}
	depth++
	switch v.Kind() {
	case reflect.String:
		if v.Len() == 0 {
			return 0
		}
		p := uintptr(unsafe.Pointer(unsafe.StringData(v.String())))
		if _, ok := s.seen[p]; ok {
			return 0
		}
		s.seen[p] = struct{}{}
		return int64(v.Len())
	case reflect.Pointer:
		if v.IsNil() {
			return 0
		}
		if _, ok := s.seen[v.Pointer()]; ok {
			return 0
		}
		s.seen[v.Pointer()] = struct{}{}
		e := v.Elem()
		return int64(e.Type().Size()) + s.outside(e, depth)
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		if e.Kind() == reflect.Pointer || e.Kind() == reflect.Map {
			return s.outside(e, depth) // stored in the interface word
		}
		return int64(e.Type().Size()) + s.outside(e, depth)
	case reflect.Slice:
		n := v.Len()
		own := int64(v.Cap()) * int64(v.Type().Elem().Size())
		if n == 0 || !s.holdsPointers(v.Type().Elem()) {
			return own
		}
		if n <= maxSampled {
			for i := range n {
				own += s.outside(v.Index(i), depth)
			}
			return own
		}
		var sum int64
		for k := range maxSampled {
			sum += s.outside(v.Index(k*n/maxSampled), depth)
		}
		return own + sum*int64(n)/maxSampled
	case reflect.Map:
		if v.IsNil() {
			return 0
		}
		if _, ok := s.seen[v.Pointer()]; ok {
			return 0
		}
		s.seen[v.Pointer()] = struct{}{}
		n := v.Len()
		kt, et := v.Type().Key(), v.Type().Elem()
		// A Swiss table: slots for n/0.875 entries, a control byte each.
		own := int64(48) + int64(n)*(int64(kt.Size()+et.Size())+1)*8/7
		if n == 0 || (!s.holdsPointers(kt) && !s.holdsPointers(et)) {
			return own
		}
		var sum int64
		k := 0
		for it := v.MapRange(); k < maxSampled && it.Next(); k++ {
			sum += s.outside(it.Key(), depth) + s.outside(it.Value(), depth)
		}
		return own + sum*int64(n)/int64(k)
	case reflect.Array:
		var sum int64
		for i := range v.Len() {
			sum += s.outside(v.Index(i), depth)
		}
		return sum
	case reflect.Struct:
		var sum int64
		for i := range v.NumField() {
			sum += s.outside(v.Field(i), depth)
		}
		return sum
	}
	return 0 // funcs, channels, unsafe pointers: their header only
}
