package indexer

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/synth"
)

// fusedSamples are texts the fused analysis must treat exactly as bleve's:
// generated measures and headings, and edge cases of width, case, scripts,
// punctuation and invalid bytes.
func fusedSamples(t *testing.T) []string {
	t.Helper()
	out := []string{
		"", "党", "整改", "中", "a", "A", " ", "，。", "１４项", "第１４项整改措施", "ＡＢＣ＆ｄｅｆ", "ｶﾞｷﾞｸﾞ ﾊﾟﾋﾟ", "ｱﾞ",
		"ΟΔΟΣ ΣΑΣ σ", "Ⱥ Ⱦ ȺȾ中文", "İstanbul ǅ ǈ", "ＡＩ赋能2024年GDP增长", "全面从严治党ABC整改abc落实",
		"中文 中文\t中文\n中文", "中、文；中。文", "日本語のテキストとカタカナ", "한국어 텍스트 中文", "emoji 😀中文😀",
		"\xff中文", "中\x80文", "整改\xe4\xb8", "ｘ中ｙ文ｚ", "中Ａ文", "1、2、3", "（一）加强党的建设", "10.5%的资金",
		"Ⅰ Ⅱ Ⅲ ⅰ", "ＫＰＩ考核", "ﾃｽﾄ中文ﾃｽﾄ", "中ﾞ文", "ｶﾟ", "A\u0301中", "ß ẞ", "Ǆ", "\u00a0中\u3000文",
	}
	parser := corpus.NewParser(corpus.Options{})
	for _, d := range synth.Generate(synth.Options{Seed: 5, Disclosures: 40}) {
		rec, err := parser.Parse(corpus.Input{Text: d.Text})
		if err != nil {
			t.Fatalf("parse %s: %v", d.Name, err)
		}
		for _, m := range rec.Measures {
			out = append(out, m.Text)
		}
		for _, c := range rec.Categories {
			out = append(out, c.Title)
			for _, p := range c.Problems {
				out = append(out, p.Title)
			}
		}
	}
	// Random mixtures of the characters that take special paths.
	pool := []rune("中文整改落实党建ａＡｚＺ０９aAzZ09ｶﾞﾟﾊｱ，。、；：“”《》（）  \t-_.%ΣσςȺßİ😀한テ・ー")
	r := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		n := 1 + r.IntN(12)
		var b strings.Builder
		for range n {
			b.WriteRune(pool[r.IntN(len(pool))])
		}
		out = append(out, b.String())
	}
	return out
}

// TestFusedAnalysisSame checks that the fused analysis of every text field
// the mapping indexes (words, bigrams, headings; with and without term
// vectors, in an array or not) gives exactly bleve's analysis: the same
// length, terms, frequencies and locations in the same order (positions;
// the offsets are 0, as the index does not keep them); from the
// heap, and from an arena recycled after every field (each analysis then
// reuses memory an earlier one wrote).
func TestFusedAnalysisSame(t *testing.T) {
	for _, reuse := range []bool{false, true} {
		t.Run(fmt.Sprintf("reuse=%v", reuse), func(t *testing.T) { testFusedAnalysisSame(t, newFuser(map[bool]*fieldArena{true: {}}[reuse])) })
	}
}

func testFusedAnalysisSame(t *testing.T, fz *fuser) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	samples := fusedSamples(t)
	for _, name := range []string{IndexAnalyzer, CJKAnalyzer, keyword.Name} {
		a := m.AnalyzerNamed(name)
		if a == nil {
			t.Fatalf("no analyzer %s", name)
		}
		if fuse(a) == nil {
			t.Fatalf("analyzer %s is not fused: indexing would take bleve's slower path", name)
		}
		for _, opts := range []index.FieldIndexingOptions{
			index.IndexField | index.StoreField | index.IncludeTermVectors,
			index.IndexField,
			index.IndexField | index.IncludeTermVectors | index.SkipFreqNorm,
		} {
			for _, ap := range [][]uint64{nil, {2}} {
				for _, s := range samples {
					want := document.NewTextFieldCustom("f", ap, []byte(s), opts, a)
					want.Analyze()
					doc := document.NewDocument("x")
					doc.AddField(document.NewTextFieldCustom("f", ap, []byte(s), opts, a))
					fz.fields(doc)
					got, ok := doc.Fields[0].(*fusedField)
					if !ok {
						t.Fatalf("%s: field not fused", name)
					}
					got.Analyze()
					if string(got.Value()) != s {
						t.Fatalf("%s %q: analysis changed the value to %q", name, s, got.Value())
					}
					if d := freqDiff(want.AnalyzedLength(), want.AnalyzedTokenFrequencies(), got.AnalyzedLength(), got.AnalyzedTokenFrequencies()); d != "" {
						t.Fatalf("%s %v %v %q: %s", name, opts, ap, s, d)
					}
					fz.recycle()
				}
			}
		}
	}
}

// TestFusedSharedOnlyWithoutLocations checks that frequencies are shared
// between documents only for single-valued fields without term vectors,
// and then are the same object for the same value.
func TestFusedSharedOnlyWithoutLocations(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(IndexAnalyzer)
	fz := newFuser(new(fieldArena))
	freqsOf := func(opts index.FieldIndexingOptions, ap []uint64) index.TokenFrequencies {
		defer fz.recycle() // shared frequencies outlive a batch
		doc := document.NewDocument("x")
		doc.AddField(document.NewTextFieldCustom("f", ap, []byte("加强干部队伍建设"), opts, a))
		fz.fields(doc)
		doc.Fields[0].Analyze()
		return doc.Fields[0].AnalyzedTokenFrequencies()
	}
	same := func(x, y index.TokenFrequencies) bool {
		for k := range x {
			return x[k] == y[k]
		}
		return false
	}
	if x, y := freqsOf(index.IndexField, nil), freqsOf(index.IndexField, nil); !same(x, y) {
		t.Error("a single-valued field without term vectors: frequencies not shared")
	}
	if x, y := freqsOf(index.IndexField|index.IncludeTermVectors, nil), freqsOf(index.IndexField|index.IncludeTermVectors, nil); same(x, y) {
		t.Error("a field with term vectors shares frequencies")
	}
	if x, y := freqsOf(index.IndexField, []uint64{0}), freqsOf(index.IndexField, []uint64{0}); same(x, y) {
		t.Error("a field of an array shares frequencies")
	}
}

func freqDiff(wl int, want index.TokenFrequencies, gl int, got index.TokenFrequencies) string {
	if wl != gl {
		return fmt.Sprintf("length %d, want %d", gl, wl)
	}
	if len(want) != len(got) {
		return fmt.Sprintf("%d terms %v, want %d %v", len(got), keys(got), len(want), keys(want))
	}
	for k, w := range want {
		g, ok := got[k]
		if !ok {
			return fmt.Sprintf("term %q missing; got %v", k, keys(got))
		}
		if string(g.Term) != string(w.Term) || g.Frequency() != w.Frequency() || len(g.Locations) != len(w.Locations) {
			return fmt.Sprintf("term %q: %q ×%d %d locations, want %q ×%d %d", k, g.Term, g.Frequency(), len(g.Locations), w.Term, w.Frequency(), len(w.Locations))
		}
		for i := range w.Locations {
			gl, wl := *g.Locations[i], *w.Locations[i]
			// The index keeps positions, not offsets (frequencies).
			if gl.Field != wl.Field || gl.Start != 0 || gl.End != 0 || gl.Position != wl.Position ||
				!slices.Equal(gl.ArrayPositions, wl.ArrayPositions) {
				return fmt.Sprintf("term %q location %d: %+v, want %+v", k, i, gl, wl)
			}
		}
	}
	return ""
}

func keys(tf index.TokenFrequencies) []string {
	var out []string
	for k := range tf {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestFusedLocationsIndependent checks that appending to one term's
// locations (bleve merges the frequencies of a multi-valued field) never
// overwrites another term's.
func TestFusedLocationsIndependent(t *testing.T) {
	occs := []occurrence{{term: []byte("a"), pos: 1}, {term: []byte("b"), pos: 2}, {term: []byte("a"), pos: 3}}
	tf, _ := frequencies(occs, nil, index.IndexField|index.IncludeTermVectors, &fieldArena{}, new(analysisScratch))
	tf["a"].Locations = append(tf["a"].Locations, &index.TokenLocation{Position: 99})
	if b := tf["b"].Locations; len(b) != 1 || b[0].Position != 2 {
		t.Fatalf("b's locations changed: %+v", b)
	}
}

// TestCaselessBlocks checks the ranges needsFold skips: no rune there has
// a lower case or is a width form.
func TestCaselessBlocks(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if caseless(r) && (unicode.ToLower(r) != r || r >= 0xFF01 && r <= 0xFF9F) {
			t.Fatalf("%U is in a caseless block but folds", r)
		}
	}
}

// TestHanKeptByTextKey checks textKey's shortcut: every rune of the block
// isHan covers folds to itself and is no space, punctuation or symbol.
func TestHanKeptByTextKey(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if isHan(r) && (foldRune(r) != r || unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)) {
			t.Fatalf("%U is in isHan's block but textKey would change or drop it", r)
		}
	}
}

// TestArenaReuseIndexSame checks that fields made from recycled arena
// memory index exactly what fields from fresh memory do: an index built in
// batches of 3 measure documents over two Adds (the arena recycled after
// every batch and kept between the Adds) holds the same postings — every
// field's terms, their documents, frequencies, norms and locations — as one
// built in a single batch. Should bleve ever keep a batch's documents past
// Batch, the later batches would overwrite them and this would differ.
func TestArenaReuseIndexSame(t *testing.T) {
	ctx := context.Background()
	parser := corpus.NewParser(corpus.Options{})
	var ds []*corpus.Disclosure
	for _, g := range synth.Generate(synth.Options{Seed: 11, Disclosures: 24}) {
		d, err := parser.Parse(corpus.Input{Text: g.Text})
		if err != nil {
			t.Fatalf("parse %s: %v", g.Name, err)
		}
		ds = append(ds, d)
	}
	build := func(name string, batch int, parts ...[]*corpus.Disclosure) map[string][]string {
		ix, err := Open(ctx, filepath.Join(t.TempDir(), name), Options{BatchSize: batch})
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		for _, p := range parts {
			if err := ix.Add(ctx, p...); err != nil {
				t.Fatal(err)
			}
		}
		idx, err := ix.acquire()
		if err != nil {
			t.Fatal(err)
		}
		defer ix.mu.RUnlock()
		return postings(t, idx)
	}
	half := len(ds) / 2
	small := build("small", 3, ds[:half], ds[half:])
	one := build("one", 1<<20, ds)
	if len(one) < 10 {
		t.Fatalf("only %d fields indexed", len(one))
	}
	terms := 0
	for field, want := range one {
		got := small[field]
		terms += len(want)
		if !slices.Equal(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("field %s: posting %d\n got %s\nwant %s", field, i, got[i], want[i])
				}
			}
			t.Fatalf("field %s: %d postings, want %d", field, len(got), len(want))
		}
	}
	if len(small) != len(one) {
		t.Fatalf("%d fields, want %d", len(small), len(one))
	}
	if terms < 1000 {
		t.Fatalf("only %d postings compared", terms)
	}
}

// postings describes every posting of idx by field, sorted: term, external
// document id, frequency, norm and term vectors.
func postings(t *testing.T, idx bleve.Index) map[string][]string {
	t.Helper()
	adv, err := idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	fields, err := idx.Fields()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, field := range fields {
		dict, err := r.FieldDict(field)
		if err != nil {
			t.Fatal(err)
		}
		var terms []string
		for e, err := dict.Next(); e != nil || err != nil; e, err = dict.Next() {
			if err != nil {
				t.Fatal(err)
			}
			terms = append(terms, e.Term)
		}
		dict.Close()
		var list []string
		for _, term := range terms {
			tfr, err := r.TermFieldReader(context.Background(), []byte(term), field, true, true, true)
			if err != nil {
				t.Fatal(err)
			}
			for d, err := tfr.Next(nil); d != nil || err != nil; d, err = tfr.Next(nil) {
				if err != nil {
					t.Fatal(err)
				}
				id, err := r.ExternalID(d.ID)
				if err != nil {
					t.Fatal(err)
				}
				var vs []string
				for _, v := range d.Vectors {
					vs = append(vs, fmt.Sprintf("%s%v@%d[%d:%d]", v.Field, v.ArrayPositions, v.Pos, v.Start, v.End))
				}
				list = append(list, fmt.Sprintf("%q %s ×%d n%.4f %v", term, id, d.Freq, d.Norm, vs))
			}
			tfr.Close()
		}
		slices.Sort(list)
		out[field] = list
	}
	return out
}

// TestSlabs checks the arena's carving: takes never overlap, a last take's
// unused tail comes back, chunks are reused (cleared) after recycle.
func TestSlabs(t *testing.T) {
	var s slabs[int]
	a := s.take(10)
	b := s.take(5)
	if len(a) != 10 || cap(a) != 10 || len(b) != 5 || &a[9] == &b[0] {
		t.Fatalf("takes overlap or are not capped: %d/%d %d", len(a), cap(a), len(b))
	}
	for i := range b {
		b[i] = 7
	}
	s.giveBack(a, 2) // not the last take: kept
	c := s.take(1)
	if &c[0] == &a[2] {
		t.Fatal("giveBack freed an earlier take's tail")
	}
	d := s.take(4)
	s.giveBack(d, 1)
	e := s.take(1)
	if &e[0] != &d[1] {
		t.Fatal("the last take's unused tail was not given back")
	}
	big := s.take(maxChunk + 1) // a chunk of its own
	if len(big) != maxChunk+1 {
		t.Fatalf("take(%d) gave %d", maxChunk+1, len(big))
	}
	s.recycle()
	again := s.take(10)
	if &again[0] != &a[0] {
		t.Fatal("recycle did not reuse the first chunk")
	}
	if x := s.take(5); &x[0] != &b[0] || x[0] != 0 {
		t.Fatalf("recycled memory not cleared: %v", x)
	}
}
