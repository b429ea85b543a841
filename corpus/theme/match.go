package theme

import (
	"cmp"
	"slices"
)

// matcher is an Aho–Corasick automaton over bytes. Keywords are valid
// UTF-8, so a byte-level match always starts and ends on rune boundaries of
// valid UTF-8 text. The root and the states with many edges (those after a
// UTF-8 lead byte) have dense 256-entry rows; other states keep their few
// edges in a compressed sparse row (first/label/next). Missing edges fall
// back along fail links. The automaton is read-only after build.
type matcher struct {
	root  [256]int32
	first []int32 // edges of state s are label/next[first[s]:first[s+1]]
	label []byte
	next  []int32
	row   []int32 // per state: offset of its dense row in dense, or -1
	dense []int32 // dense rows: next state, or -1 for no edge
	fail  []int32
	out   []int32 // pattern ending exactly at the state, or -1
	dict  []int32 // nearest state on the fail chain with out >= 0, or -1
	plen  []int32 // byte length of each pattern
	// asciiEdge marks patterns that begin or end with an ASCII letter or
	// digit (12345): such a match must not continue an ASCII word.
	asciiEdge []bool
}

// denseEdges is the number of edges from which a state gets a dense row.
const denseEdges = 8

// match is one occurrence of a pattern: text[start:end].
type match struct {
	start, end int
	pat        int32
}

// newMatcher builds the automaton for patterns (non-empty, distinct).
func newMatcher(patterns []string) *matcher {
	// Build the trie with map-based children.
	children := []map[byte]int32{{}}
	out := []int32{-1}
	for pi, p := range patterns {
		s := int32(0)
		for i := 0; i < len(p); i++ {
			nxt, ok := children[s][p[i]]
			if !ok {
				nxt = int32(len(children))
				children = append(children, map[byte]int32{})
				out = append(out, -1)
				children[s][p[i]] = nxt
			}
			s = nxt
		}
		out[s] = int32(pi)
	}
	n := len(children)
	m := &matcher{
		first:     make([]int32, n+1),
		fail:      make([]int32, n),
		out:       out,
		dict:      make([]int32, n),
		plen:      make([]int32, len(patterns)),
		asciiEdge: make([]bool, len(patterns)),
	}
	for pi, p := range patterns {
		m.plen[pi] = int32(len(p))
		m.asciiEdge[pi] = isASCIIWord(p[0]) || isASCIIWord(p[len(p)-1])
	}
	// Compressed sparse rows, labels sorted.
	for s := range n {
		m.first[s] = int32(len(m.label))
		keys := make([]byte, 0, len(children[s]))
		for b := range children[s] {
			keys = append(keys, b)
		}
		slices.Sort(keys)
		for _, b := range keys {
			m.label = append(m.label, b)
			m.next = append(m.next, children[s][b])
		}
	}
	m.first[n] = int32(len(m.label))
	m.row = make([]int32, n)
	for s := range n {
		m.row[s] = -1
		if s == 0 || m.first[s+1]-m.first[s] < denseEdges {
			continue
		}
		m.row[s] = int32(len(m.dense))
		base := len(m.dense)
		for range 256 {
			m.dense = append(m.dense, -1)
		}
		for i := m.first[s]; i < m.first[s+1]; i++ {
			m.dense[base+int(m.label[i])] = m.next[i]
		}
	}
	for b, s := range children[0] {
		m.root[b] = s
	}
	// Fail and dictionary links, breadth first.
	m.dict[0] = -1
	queue := make([]int32, 0, n)
	for _, s := range children[0] {
		m.fail[s] = 0
		m.dict[s] = -1
		queue = append(queue, s)
	}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		for i := m.first[u]; i < m.first[u+1]; i++ {
			b, v := m.label[i], m.next[i]
			m.fail[v] = m.step(m.fail[u], b)
			f := m.fail[v]
			if m.out[f] >= 0 {
				m.dict[v] = f
			} else {
				m.dict[v] = m.dict[f]
			}
			queue = append(queue, v)
		}
	}
	return m
}

// step follows the goto function from state s on byte b, taking fail links
// where s has no edge for b.
func (m *matcher) step(s int32, b byte) int32 {
	for s != 0 {
		if r := m.row[s]; r >= 0 {
			if nxt := m.dense[int(r)+int(b)]; nxt >= 0 {
				return nxt
			}
			s = m.fail[s]
			continue
		}
		for i := m.first[s]; i < m.first[s+1]; i++ {
			if m.label[i] == b {
				return m.next[i]
			}
		}
		s = m.fail[s]
	}
	return m.root[b]
}

// findAll appends every occurrence of every pattern in text to dst.
func (m *matcher) findAll(dst []match, text string) []match {
	s := int32(0)
	for i := 0; i < len(text); i++ {
		s = m.step(s, text[i])
		for t := s; t > 0; t = m.dict[t] {
			p := m.out[t]
			if p < 0 {
				continue
			}
			end := i + 1
			start := end - int(m.plen[p])
			if m.asciiEdge[p] && !asciiBounded(text, start, end) {
				continue
			}
			dst = append(dst, match{start: start, end: end, pat: p})
		}
	}
	return dst
}

// maximal keeps the matches not contained in a longer one (the longest
// keyword wins: 中央八项规定精神 hides 八项规定), sorted by start. Matches
// that merely overlap are both kept.
func maximal(ms []match) []match {
	slices.SortFunc(ms, func(a, b match) int {
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(b.end, a.end)
	})
	out := ms[:0]
	maxEnd := -1
	for _, m := range ms {
		if m.end <= maxEnd {
			continue // inside an earlier match that starts no later
		}
		maxEnd = m.end
		out = append(out, m)
	}
	return out
}

func isASCIIWord(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z'
}

// asciiBounded reports whether text[start:end] does not continue an ASCII
// word on either side.
func asciiBounded(text string, start, end int) bool {
	if start > 0 && isASCIIWord(text[start-1]) && isASCIIWord(text[start]) {
		return false
	}
	if end < len(text) && isASCIIWord(text[end]) && isASCIIWord(text[end-1]) {
		return false
	}
	return true
}
