package segment

import "testing"

// BenchmarkLoad builds a Segmenter from scratch (gse's embedded dictionary
// and ours): what every process that segments pays once.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
