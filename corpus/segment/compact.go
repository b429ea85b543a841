package segment

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"unicode/utf8"

	"github.com/go-ego/gse"
)

// compactDict is what the shortest path and the sub-words need of gse's
// dictionary, in flat arrays of numbers: the words' trie, each word's path
// cost and length in units, and each word's sub-words. gse's own
// dictionary (its trie, and per word a slice per character and a list of
// pointers to its sub-words: about 130 MB, 80 MB of it pointers the
// garbage collector walks on every cycle) is dropped once this is built
// from it: about 40 MB the collector never looks into.
type compactDict struct {
	// The trie is over a word's units (gse's cedar trie is over their
	// bytes): one edge per unit of one character, labelled with it, and
	// one per byte (byteLabel | b) of a longer unit (a run of letters and
	// digits) or of an invalid byte. Units are cut alike in words and in
	// text, and a word is only looked for at the end of a unit, so this
	// finds what a walk over the bytes finds, in a third of the steps for
	// Han characters. It is an open-addressing hash table: slot keys hold
	// parent<<labelBits | label, plus one (zero is an empty slot), and
	// vals the child node. The root is node 0.
	keys   []uint64
	vals   []uint32
	shift  uint    // 64 − log2(len(keys))
	word   []int32 // per node: the word ending there (its index in gse's Dict.Tokens), or −1
	info   []tokenInfo
	subAt  []uint32 // word i's sub-words are subs[subAt[i]:subAt[i+1]]
	subs   []subword
	maxLen int // the longest word in units
}

// Edge labels: a character (below 0x110000), or byteLabel | a byte.
const (
	labelBits = 22
	byteLabel = 1 << 21
)

// maxTrieNodes bounds the nodes: their numbers are uint32s, and a key,
// parent<<labelBits | label, then takes at most 53 bits.
const maxTrieNodes = 1 << 31

// newCompactDict builds the compact form of d: every word of d.Tokens under
// its index, with its cost as gse's CalcToken computes it (float32 log2 of
// the total frequency minus float32 log2 of the word's), its number of
// units as SplitTextToWords counts them, and its sub-words.
func newCompactDict(d *gse.Dictionary) (*compactDict, error) {
	toks := d.Tokens
	logTotal := float32(math.Log2(d.TotalFreq()))
	c := &compactDict{
		word: []int32{-1}, info: make([]tokenInfo, len(toks)), maxLen: d.MaxTokenLen(),
		subAt: make([]uint32, len(toks)+1), subs: make([]subword, 0, 4*len(toks)),
	}
	c.grow(4 * len(toks))
	sc := new(scratch)
	for i := range toks {
		text := []byte(toks[i].Text()) // gse builds it anew on every call
		c.info[i] = tokenInfo{distance: logTotal - float32(math.Log2(toks[i].Freq())), units: int32(countUnits(string(text)))}
		// The word's units, cut as text is: their bytes are gse's trie key.
		sc.split(text)
		node := uint32(0)
		for _, u := range sc.units {
			for lb, rest := unitLabel(u); ; lb, rest = unitLabel(rest) {
				next, ok := c.child(node, lb)
				if !ok {
					if len(c.word) >= maxTrieNodes {
						return nil, fmt.Errorf("compact dictionary: more than %d trie nodes", maxTrieNodes)
					}
					next = uint32(len(c.word))
					c.word = append(c.word, -1)
					if 2*len(c.word) > len(c.keys) { // at most half full
						c.grow(4 * len(c.word))
					}
					c.insert(node, lb, next)
				}
				node = next
				if len(rest) == 0 {
					break
				}
			}
		}
		if c.word[node] < 0 { // gse keeps the first of two equal words
			c.word[node] = int32(i)
		}
		c.subs = walkSubwords(c.subs, text, 0, len(text), &toks[i])
		if len(c.subs) > math.MaxUint32 {
			return nil, fmt.Errorf("compact dictionary: too many sub-words")
		}
		c.subAt[i+1] = uint32(len(c.subs))
	}
	c.grow((5*len(c.word) + 2) / 3) // as small as keeps it at most 0.6 full
	c.subs = slices.Clip(c.subs)
	return c, nil
}

// grow makes the table the least power of two of at least n slots and
// inserts the children it held again.
func (c *compactDict) grow(n int) {
	keys, vals := c.keys, c.vals
	size := 1 << max(4, bits.Len(uint(n-1)))
	c.keys, c.vals = make([]uint64, size), make([]uint32, size)
	c.shift = uint(64 - bits.TrailingZeros(uint(size)))
	mask := uint64(size - 1)
	for i, k := range keys {
		if k == 0 {
			continue
		}
		s := c.slot(k)
		for c.keys[s] != 0 {
			s = (s + 1) & mask
		}
		c.keys[s], c.vals[s] = k, vals[i]
	}
}

// slot is where the probe for key starts.
func (c *compactDict) slot(key uint64) uint64 { return (key * 0x9E3779B97F4A7C15) >> c.shift }

// unitLabel returns the label of the first edge of unit u and what is left
// of u after it: the whole unit when it is one valid character, else its
// first byte.
func unitLabel(u []byte) (uint32, []byte) {
	if u[0] < utf8.RuneSelf {
		if len(u) == 1 {
			return uint32(u[0]), nil
		}
		return byteLabel | uint32(u[0]), u[1:]
	}
	if r, size := utf8.DecodeRune(u); size == len(u) && r != utf8.RuneError {
		return uint32(r), nil
	}
	return byteLabel | uint32(u[0]), u[1:]
}

// child returns the child of node along the edge labelled lb.
func (c *compactDict) child(node, lb uint32) (uint32, bool) {
	key := uint64(node)<<labelBits | uint64(lb) + 1
	mask := uint64(len(c.keys) - 1)
	for s := c.slot(key); ; s = (s + 1) & mask {
		switch c.keys[s] {
		case key:
			return c.vals[s], true
		case 0:
			return 0, false
		}
	}
}

// insert adds the child of node along the edge labelled lb (not there yet).
func (c *compactDict) insert(node, lb, child uint32) {
	key := uint64(node)<<labelBits | uint64(lb) + 1
	mask := uint64(len(c.keys) - 1)
	s := c.slot(key)
	for c.keys[s] != 0 {
		s = (s + 1) & mask
	}
	c.keys[s], c.vals[s] = key, child
}

// lookup writes to words the dictionary words that the units start with,
// shortest first, and returns how many: what gse's Dict.LookupTokens finds,
// as word indexes. words must have room for len(units).
func (c *compactDict) lookup(units []gse.Text, words []int32) int {
	n := 0
	node := uint32(0)
	for _, u := range units {
		for lb, rest := unitLabel(u); ; lb, rest = unitLabel(rest) {
			next, ok := c.child(node, lb)
			if !ok {
				return n
			}
			node = next
			if len(rest) == 0 {
				break
			}
		}
		if w := c.word[node]; w >= 0 {
			words[n] = w
			n++
		}
	}
	return n
}

// subwords are word w's sub-words.
func (c *compactDict) subwords(w int32) []subword { return c.subs[c.subAt[w]:c.subAt[w+1]] }

// bytes is roughly the memory the dictionary holds.
func (c *compactDict) bytes() int {
	return 12*len(c.keys) + 4*len(c.word) + 8*len(c.info) + 4*len(c.subAt) + 12*len(c.subs)
}
