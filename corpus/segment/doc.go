// Package segment cuts Chinese disclosure text into words with gse, keeping
// the byte offsets of every word in the original input. It is the only
// package of the module that imports github.com/go-ego/gse.
//
// # Basics
//
// [Load] builds a [Segmenter] from gse's embedded simplified-Chinese
// dictionary (zh_s) plus the project's domain dictionary (dict/domain.txt,
// embedded). [Segmenter.Tokens] returns tokens in one of two modes:
//
//   - [Precise]: gse's shortest-path cut (Segment), one token per word;
//   - [Search]: Precise plus every word's sub-words (gse Token.Segments,
//     recursively) at the parent's position, for index-time analysis.
//
// The shortest path is cut by this package (path.go) over a compact form of
// gse's dictionary (compact.go: a trie over the words' units in a hash table
// of numbers, each word's path cost and length, and its sub-words walked
// once), step for step as gse's Segment cuts it but with buffers reused
// between texts: the tokens are exactly those of gse's Segment and
// Token.Segments (TestTokenStreamsUnchanged compares them with gse's own
// segmenter, [LoadRaw]), at about gse's own speed (BenchmarkSearchVsGse).
// gse's dictionary is let go once compacted; the compact form is cached in a
// file ([Options.CacheDir], cache.go) and read back by later processes.
//
// Token terms are slices of the input, Start/End are byte offsets taken from
// gse Segment (never from Analyze, which misplaces repeated words), and
// positions are 1-based and contiguous. Punctuation, symbols and spaces are
// dropped without consuming a position. Runs of full-width letters and digits
// (ＡＰＰ, １４) are merged into one token.
//
// [Segmenter.DictVersion] identifies the dictionaries; an index stores it and
// is rebuilt when it changes.
//
// # Caveats
//
//   - Building the dictionary costs about 2 s (gse's load, then compacting;
//     about 500 MB allocated on the way); reading it from the cache about
//     40 ms (BenchmarkLoad, BenchmarkLoadCached). A Segmenter holds about
//     40 MiB of live heap (zh_s), none of it pointers, where gse's
//     dictionary held 130 MiB, 80 of them pointers for the collector to
//     walk. Load once per process: use [Shared], which loads the default
//     segmenter once (with [DefaultCacheDir]) and hands the same instance
//     to every caller (the bleve tokenizer among them).
//   - A Segmenter is immutable after Load and safe for concurrent use. gse's
//     HMM model (package-global maps) is never loaded, so building a second
//     Segmenter while another one is cutting is not a data race.
//   - gse lowercases ASCII in its own token text; Term here keeps the input's
//     case. Lowercase in a later filter.
//   - Terms alias the input: do not modify the input while tokens are in use,
//     and copy a term before modifying it.
//   - Dictionary segmentation depends on context: a term may be cut
//     differently inside a sentence (年轻/干部队伍建设 hides 年轻干部). Search
//     mode recovers words inside a longer word, not words that straddle two.
package segment
