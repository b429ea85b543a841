// Package sound tells whether two Chinese characters are read alike, for
// correcting a word typed with a pinyin input method's wrong candidate
// (三会一棵 for 三会一课, 津补帖 for 津补贴): a character chosen by its
// sound is usually a homophone, often in another tone.
package sound

import "github.com/mozillazg/go-pinyin"

// Reader reads characters' syllables, every reading of a heteronym,
// without tones. The zero value is not usable; make one with New.
type Reader struct {
	args pinyin.Args
}

// New returns a Reader.
func New() *Reader {
	a := pinyin.NewArgs()
	a.Style = pinyin.Normal // tones dropped: a wrong candidate is often another tone
	a.Heteronym = true
	a.Fallback = func(rune, pinyin.Args) []string { return nil }
	return &Reader{args: a}
}

// Syllables returns the toneless readings of r, none for a character
// without one (not Han).
func (s *Reader) Syllables(r rune) []string {
	return pinyin.SinglePinyin(r, s.args)
}

// Alike reports whether a and b are different characters that share a
// reading, tones aside.
func (s *Reader) Alike(a, b rune) bool {
	if a == b {
		return false
	}
	sa := s.Syllables(a)
	if len(sa) == 0 {
		return false
	}
	for _, y := range s.Syllables(b) {
		for _, x := range sa {
			if x == y {
				return true
			}
		}
	}
	return false
}
