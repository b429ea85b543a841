package indexer

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
)

// Baseline is plain bleve with the stock cjk analyzer on a single text
// field, BM25, default settings: what the benchmarks measure our index
// against, on the same measures.
type Baseline struct {
	idx bleve.Index
}

// NewBaseline creates a baseline index in dir (in memory when dir is "").
func NewBaseline(dir string) (*Baseline, error) {
	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = cjk.AnalyzerName
	m.ScoringModel = "bm25"
	var idx bleve.Index
	var err error
	if dir == "" {
		idx, err = bleve.NewMemOnly(m)
	} else {
		idx, err = bleve.New(dir, m)
	}
	if err != nil {
		return nil, fmt.Errorf("create baseline index: %w", err)
	}
	return &Baseline{idx: idx}, nil
}

// Add indexes texts by id in safe batches of DefaultBatchSize.
func (b *Baseline) Add(ctx context.Context, ids, texts []string) error {
	batch := b.idx.NewBatch()
	for i := range texts {
		if err := batch.Index(ids[i], map[string]any{"text": texts[i]}); err != nil {
			return fmt.Errorf("index baseline document: %w", err)
		}
		if batch.Size() >= DefaultBatchSize || i == len(texts)-1 {
			if err := ctx.Err(); err != nil {
				return fmt.Errorf("index baseline: %w", err)
			}
			if err := b.idx.Batch(batch); err != nil {
				return fmt.Errorf("index baseline batch: %w", err)
			}
			batch.Reset()
		}
	}
	return nil
}

// Phrase runs a phrase query on the text field and returns the hit count.
func (b *Baseline) Phrase(ctx context.Context, text string) (uint64, error) {
	q := bleve.NewMatchPhraseQuery(text)
	q.SetField("text")
	req := bleve.NewSearchRequestOptions(q, DefaultLimit, 0, false)
	res, err := b.idx.SearchInContext(ctx, req)
	if err != nil {
		return 0, fmt.Errorf("search baseline: %w", err)
	}
	return res.Total, nil
}

// Close closes the baseline index.
func (b *Baseline) Close() error { return b.idx.Close() }

// Search runs a match query (bleve's defaults: the cjk analyzer's bigrams,
// any of them) on the text field and returns up to limit hit ids in rank
// order.
func (b *Baseline) Search(ctx context.Context, text string, limit int) ([]string, error) {
	q := bleve.NewMatchQuery(text)
	q.SetField("text")
	req := bleve.NewSearchRequestOptions(q, limit, 0, false)
	res, err := b.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("search baseline: %w", err)
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}
