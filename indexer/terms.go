package indexer

import (
	"context"
	"fmt"
	"sync"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
)

// maxVocabTerms caps the indexed words kept for corrections.
const maxVocabTerms = 200_000

// termCache holds what is read from the index's term dictionaries, valid
// for one write generation (Index.gen).
type termCache struct {
	mu    sync.Mutex
	gen   uint64
	valid bool
	terms map[string][]string // keyword field → its distinct values
	vocab map[int][]vocabTerm // text words by rune count
}

// vocabTerm is an indexed word and how many measures hold it.
type vocabTerm struct {
	word string
	df   uint64
}

// fieldTerms returns the distinct values of a keyword field.
func (ix *Index) fieldTerms(ctx context.Context, idx bleve.Index, field string) ([]string, error) {
	c := &ix.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reset(ix.gen.Load())
	if ts, ok := c.terms[field]; ok {
		return ts, nil
	}
	var out []string
	err := eachTerm(ctx, idx, field, func(term string, _ uint64) bool {
		out = append(out, term)
		return len(out) < maxVocabTerms
	})
	if err != nil {
		return nil, err
	}
	c.terms[field] = out
	return out, nil
}

// vocabulary returns the indexed words of the text field with n runes.
func (ix *Index) vocabulary(ctx context.Context, idx bleve.Index, n int) ([]vocabTerm, error) {
	c := &ix.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reset(ix.gen.Load())
	if c.vocab == nil {
		vocab := map[int][]vocabTerm{}
		count := 0
		err := eachTerm(ctx, idx, fieldText, func(term string, df uint64) bool {
			k := utf8.RuneCountInString(term)
			if k >= 2 && k <= 8 {
				vocab[k] = append(vocab[k], vocabTerm{term, df})
				count++
			}
			return count < maxVocabTerms
		})
		if err != nil {
			return nil, err
		}
		c.vocab = vocab
	}
	return c.vocab[n], nil
}

func (c *termCache) reset(gen uint64) {
	if c.valid && c.gen == gen {
		return
	}
	c.gen, c.valid = gen, true
	c.terms, c.vocab = map[string][]string{}, nil
}

// eachTerm calls fn with every term of field and its document count until
// fn returns false, checking ctx as it goes.
func eachTerm(ctx context.Context, idx bleve.Index, field string, fn func(term string, df uint64) bool) error {
	dict, err := idx.FieldDict(field)
	if err != nil {
		return fmt.Errorf("read terms of %s: %w", field, translate(err))
	}
	defer dict.Close()
	for i := 0; ; i++ {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("read terms of %s: %w", field, err)
			}
		}
		e, err := dict.Next()
		if err != nil {
			return fmt.Errorf("read terms of %s: %w", field, translate(err))
		}
		if e == nil || !fn(e.Term, e.Count) {
			return nil
		}
	}
}

// docFreq returns how many documents hold term in field.
func docFreq(idx bleve.Index, field, term string) (uint64, error) {
	dict, err := idx.FieldDictRange(field, []byte(term), []byte(term))
	if err != nil {
		return 0, translate(err)
	}
	defer dict.Close()
	e, err := dict.Next()
	if err != nil || e == nil || e.Term != term {
		return 0, translate(err)
	}
	return e.Count, nil
}
