package segment

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestCacheRoundTrip: a dictionary read back from the cache is the one
// that was built, and cuts every stream text as gse does.
func TestCacheRoundTrip(t *testing.T) {
	s := testSegmenter(t)
	var buf bytes.Buffer
	if err := encodeDict(&buf, s.version, s.dict); err != nil {
		t.Fatal(err)
	}
	d, err := decodeDict(buf.Bytes(), s.version)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(d, s.dict) {
		t.Fatal("the dictionary read back differs from the one written")
	}
	read := &Segmenter{dict: d, version: s.version}
	for _, mode := range []Mode{Precise, Search} {
		for i, in := range streamTexts(t) {
			if got, want := formatTokens(in, read.Tokens([]byte(in), mode)), formatTokens(in, referenceTokens(t, []byte(in), mode)); got != want {
				t.Fatalf("%v text %d: the cached dictionary cuts it otherwise:\n%s", mode, i, diffLines(want, got))
			}
		}
	}
}

// TestCacheRejectsDamage: a cache of another version, cut short or with a
// changed byte is refused with a reason, never read past its end.
func TestCacheRejectsDamage(t *testing.T) {
	s := testSegmenter(t)
	var buf bytes.Buffer
	if err := encodeDict(&buf, s.version, s.dict); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if _, err := decodeDict(b, "another"); err == nil || !strings.Contains(err.Error(), "version") {
		t.Errorf("another version: %v", err)
	}
	for _, cut := range []int{0, 3, 8, 12, 30, 60, 90, len(b) / 2, len(b) - 1} {
		if _, err := decodeDict(b[:cut], s.version); err == nil {
			t.Errorf("cut to %d of %d bytes: read without error", cut, len(b))
		}
	}
	for _, at := range []int{len(b) / 3, len(b) - 5} {
		bad := bytes.Clone(b)
		bad[at] ^= 0x40
		if _, err := decodeDict(bad, s.version); err == nil || !strings.Contains(err.Error(), "checksum") {
			t.Errorf("byte %d changed: %v", at, err)
		}
	}
}

// TestLoadUsesCache: Load builds and caches the dictionary (removing
// another version's), reads it the next time, builds it again over a
// damaged cache file, which it rewrites, and builds it without a cache
// where the cache folder cannot be made.
func TestLoadUsesCache(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the dictionary three times (about 6 s)")
	}
	dir := t.TempDir()
	opts := Options{CacheDir: dir}
	stale := filepath.Join(dir, "dict-0123456789abcdef-1.bin") // an earlier version's
	if err := os.WriteFile(stale, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	first, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(first.Source(), "built") || !strings.Contains(first.Source(), "cached in") {
		t.Fatalf("first load: %s", first.Source())
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("another version's cache is still there after a build: %v", err)
	}
	second, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(second.Source(), "read from") || second.DictVersion() != first.DictVersion() || second.NumWords() != first.NumWords() {
		t.Fatalf("second load: %s, version %s (first %s), %d words (first %d)", second.Source(), second.DictVersion(), first.DictVersion(), second.NumWords(), first.NumWords())
	}
	in := []byte("县委巡察组反馈意见整改落实情况，建立健全长效机制。")
	if got, want := formatTokens(string(in), second.Tokens(in, Search)), formatTokens(string(in), first.Tokens(in, Search)); got != want {
		t.Fatalf("cached and built dictionaries cut otherwise:\n%s", diffLines(want, got))
	}
	path := cachePath(dir, first.DictVersion())
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b[:len(b)/2], 0o600); err != nil {
		t.Fatal(err)
	}
	third, err := Load(opts)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(third.Source(), "built") {
		t.Fatalf("load over a damaged cache: %s", third.Source())
	}
	if after, err := os.ReadFile(path); err != nil || !bytes.Equal(after, b) {
		t.Errorf("the damaged cache was not written again whole (%d bytes, want %d): %v", len(after), len(b), err)
	}
	// A cache folder that cannot be made (a file stands in its way) only
	// costs the build.
	blocked := filepath.Join(dir, "file")
	if err := os.WriteFile(blocked, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	fourth, err := Load(Options{CacheDir: filepath.Join(blocked, "cache")})
	if err != nil {
		t.Fatalf("load with an unusable cache folder: %v", err)
	}
	if !strings.Contains(fourth.Source(), "not cached") || fourth.NumWords() != first.NumWords() {
		t.Errorf("load with an unusable cache folder: %s, %d words", fourth.Source(), fourth.NumWords())
	}
}
