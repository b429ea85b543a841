package segment

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
)

// The compact dictionary is cached in a file, so that a process reads it in
// a few tens of milliseconds instead of loading gse's dictionary and
// compacting it (about two seconds). The file is named by the dictionary
// version (which covers gse's version, this package's token revision and
// every dictionary's bytes) and the file format; a file that is cut short,
// damaged or of another version is ignored and written again, and writing
// one removes those of other versions.

// cacheFormat is the version of the cache file's layout.
const cacheFormat = 1

// cacheMagic starts a cache file.
const cacheMagic = "zgdict\x00\x00"

// maxCacheBytes bounds the cache file read (the zh_s dictionary's is about
// 40 MB; zh's about 70).
const maxCacheBytes = 512 << 20

// DefaultCacheDir is where Shared keeps the compact dictionary: the user's
// cache folder (os.UserCacheDir) and zhenggai, or "" (no cache) when there
// is none.
func DefaultCacheDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(d, "zhenggai")
}

// cachePath is the cache file of dictionary version in dir.
func cachePath(dir, version string) string {
	return filepath.Join(dir, fmt.Sprintf("dict-%s-%d.bin", version, cacheFormat))
}

// readCache reads the compact dictionary of version from path.
func readCache(path, version string) (*compactDict, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.Size() > maxCacheBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxCacheBytes)
	}
	b := make([]byte, st.Size())
	if _, err := io.ReadFull(f, b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	c, err := decodeDict(b, version)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// writeCache writes c to path through a temporary file renamed into place,
// so that a reader never sees half a file.
func writeCache(path, version string, c *compactDict) (err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = os.Remove(f.Name())
		}
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	if err := encodeDict(w, version, c); err != nil {
		_ = f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		_ = f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return err
	}
	// Dictionaries of other versions (an earlier build's) would only take
	// room: they go, best effort.
	old, _ := filepath.Glob(filepath.Join(filepath.Dir(path), "dict-*.bin"))
	for _, p := range old {
		if p != path {
			_ = os.Remove(p)
		}
	}
	return nil
}

// The layout, little-endian: the magic; the version's length (uint32) and
// bytes; maxLen, shift and the lengths of keys, word, info and subs
// (uint64 each); the CRC-32C of what follows; then keys (uint64), vals,
// word, info (distance bits, units), subAt and subs (start, end, type), as
// uint32s.

func encodeDict(w io.Writer, version string, c *compactDict) error {
	var body []byte
	u32 := func(v uint32) { body = binary.LittleEndian.AppendUint32(body, v) }
	body = make([]byte, 0, c.bytes()+64)
	for _, k := range c.keys {
		body = binary.LittleEndian.AppendUint64(body, k)
	}
	for _, v := range c.vals {
		u32(v)
	}
	for _, v := range c.word {
		u32(uint32(v))
	}
	for _, t := range c.info {
		u32(math.Float32bits(t.distance))
		u32(uint32(t.units))
	}
	for _, v := range c.subAt {
		u32(v)
	}
	for _, s := range c.subs {
		u32(uint32(s.start))
		u32(uint32(s.end))
		u32(uint32(s.typ))
	}
	head := []byte(cacheMagic)
	head = binary.LittleEndian.AppendUint32(head, uint32(len(version)))
	head = append(head, version...)
	for _, n := range []int{c.maxLen, int(c.shift), len(c.keys), len(c.word), len(c.info), len(c.subs)} {
		head = binary.LittleEndian.AppendUint64(head, uint64(n))
	}
	head = binary.LittleEndian.AppendUint32(head, crc32.Checksum(body, crc32.MakeTable(crc32.Castagnoli)))
	if _, err := w.Write(head); err != nil {
		return err
	}
	_, err := w.Write(body)
	return err
}

// errCache is a cache file that is not a whole compact dictionary of the
// version asked for.
var errCache = errors.New("not a compact dictionary of this version")

func decodeDict(b []byte, version string) (*compactDict, error) {
	if len(b) < len(cacheMagic)+4 || string(b[:len(cacheMagic)]) != cacheMagic {
		return nil, fmt.Errorf("%w: no magic", errCache)
	}
	b = b[len(cacheMagic):]
	n := int(binary.LittleEndian.Uint32(b))
	b = b[4:]
	if n > len(b) || string(b[:n]) != version {
		return nil, fmt.Errorf("%w: another version", errCache)
	}
	b = b[n:]
	if len(b) < 6*8+4 {
		return nil, fmt.Errorf("%w: cut short", errCache)
	}
	var h [6]uint64
	for i := range h {
		h[i] = binary.LittleEndian.Uint64(b[8*i:])
	}
	sum := binary.LittleEndian.Uint32(b[48:])
	b = b[52:]
	maxLen, shift, nKeys, nWord, nInfo, nSubs := h[0], h[1], h[2], h[3], h[4], h[5]
	// Every count is bounded by the body's length before it is used.
	body := uint64(len(b))
	if nKeys == 0 || nKeys&(nKeys-1) != 0 || nKeys > body/12 || shift != uint64(64-bitsOf(nKeys)) ||
		nWord == 0 || nWord > body/4 || nInfo > body/12 || nSubs > body/12 || maxLen > 1<<20 ||
		12*nKeys+4*nWord+12*nInfo+4+12*nSubs != body {
		return nil, fmt.Errorf("%w: inconsistent lengths", errCache)
	}
	if crc32.Checksum(b, crc32.MakeTable(crc32.Castagnoli)) != sum {
		return nil, fmt.Errorf("%w: checksum mismatch", errCache)
	}
	c := &compactDict{
		keys: make([]uint64, nKeys), vals: make([]uint32, nKeys), shift: uint(shift),
		word: make([]int32, nWord), info: make([]tokenInfo, nInfo), subAt: make([]uint32, nInfo+1),
		subs: make([]subword, nSubs), maxLen: int(maxLen),
	}
	u32 := func() uint32 { v := binary.LittleEndian.Uint32(b); b = b[4:]; return v }
	for i := range c.keys {
		c.keys[i] = binary.LittleEndian.Uint64(b)
		b = b[8:]
	}
	for i := range c.vals {
		if c.vals[i] = u32(); c.vals[i] >= uint32(nWord) {
			return nil, fmt.Errorf("%w: a trie edge to node %d of %d", errCache, c.vals[i], nWord)
		}
	}
	for i := range c.word {
		if c.word[i] = int32(u32()); c.word[i] < -1 || int64(c.word[i]) >= int64(nInfo) {
			return nil, fmt.Errorf("%w: node %d names word %d of %d", errCache, i, c.word[i], nInfo)
		}
	}
	for i := range c.info {
		c.info[i] = tokenInfo{distance: math.Float32frombits(u32()), units: int32(u32())}
	}
	for i := range c.subAt {
		c.subAt[i] = u32()
		if c.subAt[i] > uint32(nSubs) || i > 0 && c.subAt[i] < c.subAt[i-1] {
			return nil, fmt.Errorf("%w: sub-word list %d out of order", errCache, i)
		}
	}
	for i := range c.subs {
		c.subs[i] = subword{start: int32(u32()), end: int32(u32()), typ: Type(u32())}
		if sw := c.subs[i]; sw.start < 0 || sw.end <= sw.start || sw.typ < Ideographic || sw.typ > Numeric {
			return nil, fmt.Errorf("%w: sub-word %d is %d–%d of type %d", errCache, i, sw.start, sw.end, sw.typ)
		}
	}
	return c, nil
}

// bitsOf is log2 of n, a power of two.
func bitsOf(n uint64) int {
	k := 0
	for n > 1 {
		n >>= 1
		k++
	}
	return k
}
