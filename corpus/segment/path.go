package segment

import (
	"unicode"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// This file cuts text along gse's shortest path itself, with buffers reused
// between texts, instead of calling gse's Segment, which allocates its
// character list, its path table and its result for every text (most of the
// tokenizer's garbage). It reads the compact form of gse's dictionary
// (compact.go: what Dictionary.LookupTokens finds, Token.Freq's costs and
// Token.Segments' sub-words) and reproduces gse v0.80.3's
// Segmenter.Segment step for step: the same units (SplitTextToWords), the
// same costs (CalcToken), the same relaxation order and tie rule
// (updateJumper) and the same pseudo-token for a character the dictionary
// does not start a word with. TestTokenStreamsUnchanged and FuzzTokens
// compare it with gse's own Segment.

// tokenInfo is what the path needs of a dictionary token that gse keeps
// unexported: its path cost and its length in units.
type tokenInfo struct {
	distance float32
	units    int32
}

// jumper is gse's: the cheapest path ending at a unit and its last word.
type jumper struct {
	minDistance float32
	units       int32 // length of the last word in units
	word        int32 // its index in the dictionary; −1 for gse's pseudo-token (one unit, cost 32)
}

// pseudoDistance is the cost gse gives a unit no dictionary word starts
// with.
const pseudoDistance = 32

// step is one word of the path: text[start:end] and its dictionary word
// (−1 for a pseudo-token).
type step struct {
	start, end int
	word       int32
}

// scratch holds the buffers of one cut, reused through Segmenter.pool.
type scratch struct {
	lower []byte
	units []gse.Text
	off   []int
	jump  []jumper
	cands []int32
	path  []step
}

// isUnitRune reports whether r, size bytes long, joins an alphanumeric run
// in gse's SplitTextToWords: a letter or number of at most two bytes.
func isUnitRune(r rune, size int) bool {
	if size > 2 {
		return false
	}
	if r < utf8.RuneSelf {
		return r >= '0' && r <= '9' || r|0x20 >= 'a' && r|0x20 <= 'z'
	}
	return unicode.IsNumber(r) || unicode.IsLetter(r)
}

// countUnits counts the units SplitTextToWords cuts s into.
func countUnits(s string) int {
	n, inAlnum := 0, true
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if isUnitRune(r, size) {
			inAlnum = true
		} else {
			if inAlnum && i != 0 {
				n++
			}
			inAlnum = false
			n++
		}
		i += size
	}
	if inAlnum && len(s) != 0 {
		n++
	}
	return n
}

// split cuts text into gse's units (runs of short letters and digits,
// lower-cased, and single characters otherwise) into sc.units, with the
// byte offset of each unit in sc.off and len(text) after the last.
func (sc *scratch) split(text []byte) {
	src := text
	for _, c := range text {
		if c >= 'A' && c <= 'Z' {
			// gse lower-cases runs of letters; A–Z are in no other unit.
			sc.lower = append(sc.lower[:0], text...)
			for i, c := range sc.lower {
				if c >= 'A' && c <= 'Z' {
					sc.lower[i] = c + 'a' - 'A'
				}
			}
			src = sc.lower
			break
		}
	}
	units, off := sc.units[:0], sc.off[:0]
	start, inAlnum := 0, true
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(text[i:])
		}
		if isUnitRune(r, size) {
			if !inAlnum {
				start, inAlnum = i, true
			}
		} else {
			if inAlnum && i != 0 {
				units, off = append(units, src[start:i]), append(off, start)
			}
			inAlnum = false
			units, off = append(units, src[i:i+size]), append(off, i)
		}
		i += size
	}
	if inAlnum && len(text) != 0 {
		units, off = append(units, src[start:]), append(off, start)
	}
	sc.units, sc.off = units, append(off, len(text))
}

// cut fills sc.path with gse's shortest-path words of text, in order.
func (s *Segmenter) cut(sc *scratch, text []byte) {
	sc.path = sc.path[:0]
	if len(text) == 0 {
		return
	}
	sc.split(text)
	n := len(sc.units)
	if cap(sc.jump) < n {
		sc.jump = make([]jumper, n)
	}
	jump := sc.jump[:n]
	clear(jump)
	d := s.dict
	if len(sc.cands) < d.maxLen {
		sc.cands = make([]int32, d.maxLen)
	}
	for cur := 0; cur < n; cur++ {
		var base float32
		if cur > 0 {
			base = jump[cur-1].minDistance
		}
		num := d.lookup(sc.units[cur:min(cur+d.maxLen, n)], sc.cands)
		first := int32(0)
		for k := 0; k < num; k++ {
			info := d.info[sc.cands[k]]
			if k == 0 {
				first = info.units
			}
			end := cur + int(info.units) - 1
			if end < cur || end >= n {
				continue // gse would index out of range; cannot happen with v0.80.3
			}
			j := &jump[end]
			if dist := base + info.distance; j.minDistance == 0 || j.minDistance > dist {
				j.minDistance, j.units, j.word = dist, info.units, sc.cands[k]
			}
		}
		if num == 0 || first > 1 {
			j := &jump[cur]
			if dist := base + pseudoDistance; j.minDistance == 0 || j.minDistance > dist {
				j.minDistance, j.units, j.word = dist, 1, -1
			}
		}
	}
	for i := n - 1; i >= 0; {
		loc := i - int(jump[i].units) + 1
		sc.path = append(sc.path, step{start: sc.off[loc], end: sc.off[i+1], word: jump[i].word})
		i = loc - 1
	}
	for i, j := 0, len(sc.path)-1; i < j; i, j = i+1, j-1 {
		sc.path[i], sc.path[j] = sc.path[j], sc.path[i]
	}
}
