package segment

import "testing"

// BenchmarkLoad builds a Segmenter from scratch (gse's embedded dictionary
// and ours, compacted): what the first process that segments pays.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadCached reads the compact dictionary from its cache: what
// every later process pays.
func BenchmarkLoadCached(b *testing.B) {
	opts := Options{CacheDir: b.TempDir()}
	if _, err := Load(opts); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		s, err := Load(opts)
		if err != nil {
			b.Fatal(err)
		}
		if s.Source()[:4] != "read" {
			b.Fatalf("not read from the cache: %s", s.Source())
		}
	}
}
