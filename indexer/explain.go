package indexer

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/zhenggai/zhenggai/corpus/segment"
)

const (
	// collapseWindow caps the hits read from the top to fill a collapsed
	// page.
	collapseWindow = 600
	// maxDuplicates caps the copies listed per collapsed hit.
	maxDuplicates = 50
	// maxScanBytes bounds how much of a measure text is scanned per hit for
	// highlights and matched fields, whatever the text's length.
	maxScanBytes = 64 << 10
	// maxCorrections caps the corrections proposed per word.
	maxCorrections = 3
)

// collapseHits keeps the best-ranked hit of each text (by text key), then
// the page [from, from+size) of those; it returns the page, the text keys
// of its hits, and how many hits of the window were folded.
func collapseHits(hits []*search.DocumentMatch, from, size int) ([]*search.DocumentMatch, []string, int) {
	seen := map[string]bool{}
	var leaders []*search.DocumentMatch
	folded := 0
	for _, h := range hits {
		k := fieldString(h.Fields, fieldTextKey)
		if k != "" && seen[k] {
			folded++
			continue
		}
		seen[k] = true
		leaders = append(leaders, h)
	}
	if from >= len(leaders) {
		return nil, nil, folded
	}
	page := leaders[from:min(len(leaders), from+size)]
	keys := make([]string, 0, len(page))
	for _, h := range page {
		if k := fieldString(h.Fields, fieldTextKey); k != "" {
			keys = append(keys, k)
		}
	}
	return page, keys, folded
}

// addDuplicates lists, on each hit, the other measures with its text
// (whatever the filters) and counts the units holding it.
//
// The copies of a text are read once per write generation (dupCache):
// copied texts are the ones that come back page after page, and reading
// them decompresses each copy's stored document, text and all.
func (ix *Index) addDuplicates(ctx context.Context, idx bleve.Index, _ *bleve.SearchRequest, hits []Hit, keys []string) error {
	gen := ix.gen.Load()
	byKey := make(map[string][]Duplicate, len(keys))
	var missing []string
	for _, k := range keys {
		if ds, ok := ix.dups.get(gen, k); ok {
			byKey[k] = ds
		} else {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		found, err := readDuplicates(ctx, idx, missing)
		if err != nil {
			return err
		}
		for k, ds := range found {
			ix.dups.put(gen, k, ds)
			byKey[k] = ds
		}
	}
	for i := range hits {
		h := &hits[i]
		dups := byKey[textKey(h.Text)]
		units := map[string]bool{h.Unit: true}
		for _, d := range dups {
			if d.ID == h.ID {
				continue
			}
			h.Duplicates = append(h.Duplicates, d)
			units[d.Unit] = true
		}
		if len(h.Duplicates) > 0 {
			h.DuplicateUnits = len(units)
		}
	}
	return nil
}

// readDuplicates reads the measures holding each text key, up to
// maxDuplicates+1 per key; every key asked has an entry, empty or not.
func readDuplicates(ctx context.Context, idx bleve.Index, keys []string) (map[string][]Duplicate, error) {
	var kq []query.Query
	for _, k := range keys {
		kq = append(kq, termQuery(fieldTextKey, k))
	}
	bq := bleve.NewBooleanQuery()
	bq.AddMust(bleve.NewDisjunctionQuery(kq...))
	bq.AddFilter(termQuery(fieldDocType, docTypeMeasure))
	req := bleve.NewSearchRequestOptions(bq, min(10000, maxDuplicates*len(keys)+len(keys)), 0, false)
	req.Fields = []string{fieldTextKey, fieldUnit, fieldRoundLabel, fieldPublished, fieldDisclosureID}
	req.SortByCustom(search.SortOrder{&search.SortField{Field: fieldTextKey}, &search.SortDocID{}})
	res, err := idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("find duplicates: %w", translate(err))
	}
	byKey := make(map[string][]Duplicate, len(keys))
	for _, k := range keys {
		byKey[k] = nil
	}
	for _, h := range res.Hits {
		k := fieldString(h.Fields, fieldTextKey)
		if len(byKey[k]) > maxDuplicates {
			continue
		}
		d := Duplicate{ID: h.ID, DisclosureID: fieldString(h.Fields, fieldDisclosureID), Unit: fieldString(h.Fields, fieldUnit), RoundLabel: fieldString(h.Fields, fieldRoundLabel)}
		if t, err := time.Parse(time.RFC3339Nano, fieldString(h.Fields, fieldPublished)); err == nil {
			d.Published = t.Format(time.DateOnly)
		}
		byKey[k] = append(byKey[k], d)
	}
	return byKey, nil
}

// maxDupEntries bounds the copies cache (Index.dups, texts by text key);
// when full it starts over.
const maxDupEntries = 4096

// matchedFields says where a hit holds the query's words: "text" when in
// its text (the first maxScanBytes), "category", "problem" and "theme"
// when in those headings; "text" alone when found in none of them (the
// index matched the text beyond the scanned part).
func (ix *Index) matchedFields(h Hit, words []string) []string {
	text := h.Text
	if len(text) > maxScanBytes {
		text = text[:maxScanBytes]
	}
	has := func(s string) bool {
		s = foldString(s)
		return slices.ContainsFunc(words, func(w string) bool { return w != "" && strings.Contains(s, foldString(w)) })
	}
	var out []string
	if has(text) {
		out = append(out, "text")
	}
	if has(h.CategoryTitle) {
		out = append(out, "category")
	}
	if has(h.ProblemTitle) {
		out = append(out, "problem")
	}
	for _, id := range h.Themes {
		if has(ix.themeName(id)) {
			out = append(out, "theme")
			break
		}
	}
	if len(out) == 0 {
		out = append(out, "text")
	}
	return out
}

// explainEmpty fills Unmatched and Corrections of a search that found
// nothing: the words no measure holds (in text or headings, expansions
// included), and indexed words one character away from a part or such a
// word, those differing by a character commonly mistyped for it first.
func (ix *Index) explainEmpty(ctx context.Context, idx bleve.Index, pl plan, out *Result) error {
	cjkA := idx.Mapping().AnalyzerNamed(CJKQueryAnalyzer)
	var unmatched []string
	for _, pp := range pl.plans {
		for _, c := range pp.concepts {
			if err := ctx.Err(); err != nil {
				return err
			}
			var qs []query.Query
			for _, w := range append([]string{c.word}, c.alts...) {
				qs = append(qs, verbatimQuery(w, fieldTextCJK, cjkA), conceptQuery(w, fieldHeading, cjkA))
			}
			bq := bleve.NewBooleanQuery()
			bq.AddMust(bleve.NewDisjunctionQuery(qs...))
			bq.AddFilter(termQuery(fieldDocType, docTypeMeasure))
			res, err := idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, 0, 0, false))
			if err != nil {
				return fmt.Errorf("explain empty result: %w", translate(err))
			}
			if res.Total == 0 && !slices.Contains(unmatched, c.word) {
				unmatched = append(unmatched, c.word)
			}
		}
	}
	out.Unmatched = unmatched
	// Correct the parts no measure holds verbatim, and the unmatched words
	// of three or more characters (shorter ones are usually debris of a
	// word the dictionary does not know: 三会一棵 → 三/会/一棵).
	var from []string
	for _, pp := range pl.plans {
		phrase := verbatimQuery(pp.text, fieldTextCJK, cjkA)
		bq := bleve.NewBooleanQuery()
		bq.AddMust(phrase)
		bq.AddFilter(termQuery(fieldDocType, docTypeMeasure))
		res, err := idx.SearchInContext(ctx, bleve.NewSearchRequestOptions(bq, 0, 0, false))
		if err != nil {
			return fmt.Errorf("explain empty result: %w", translate(err))
		}
		if res.Total == 0 {
			from = append(from, pp.text)
			if len(pp.concepts) == 0 && !slices.Contains(out.Unmatched, pp.text) {
				out.Unmatched = append(out.Unmatched, pp.text) // matched verbatim only
			}
		}
	}
	for _, w := range unmatched {
		if utf8.RuneCountInString(w) >= 3 && !slices.Contains(from, w) {
			from = append(from, w)
		}
	}
	for _, f := range from {
		cs, err := ix.corrections(ctx, idx, f)
		if err != nil {
			return err
		}
		for _, c := range cs {
			if !slices.ContainsFunc(out.Corrections, func(o Correction) bool { return o.To == c.To }) {
				out.Corrections = append(out.Corrections, c)
			}
		}
	}
	return nil
}

// corrections returns indexed words of word's length that differ from it
// in one character, ranked: a character read alike (pinyin, tones aside)
// or commonly mistaken for it by shape first, then by how many measures
// hold them.
func (ix *Index) corrections(ctx context.Context, idx bleve.Index, word string) ([]Correction, error) {
	wr := []rune(word)
	if len(wr) < 2 || len(wr) > 8 {
		return nil, nil
	}
	vocab, err := ix.vocabulary(ctx, idx, len(wr))
	if err != nil {
		return nil, err
	}
	type cand struct {
		Correction
		confusable bool // read alike or looks alike
	}
	var cands []cand
	for _, v := range vocab {
		if !utf8.ValidString(v.word) {
			continue
		}
		vr := []rune(v.word)
		diff, at := 0, -1
		for i := range wr {
			if foldRune(vr[i]) != foldRune(wr[i]) {
				diff++
				at = i
			}
		}
		if diff != 1 {
			continue
		}
		reason := ""
		switch {
		case ix.sound.Alike(wr[at], vr[at]):
			reason = ReasonSound // a pinyin input method's wrong candidate
		case segment.Confusable(wr[at], vr[at]):
			reason = ReasonShape
		}
		if len(wr) == 2 && reason == "" {
			continue // two-character words have too many neighbours to guess
		}
		cands = append(cands, cand{Correction{From: word, To: v.word, Measures: v.df, Reason: reason}, reason != ""})
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.confusable != b.confusable {
			if a.confusable {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(b.Measures, a.Measures); c != 0 {
			return c
		}
		return cmp.Compare(a.To, b.To)
	})
	var out []Correction
	for _, c := range cands[:min(len(cands), maxCorrections)] {
		out = append(out, c.Correction)
	}
	return out, nil
}
