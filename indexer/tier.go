package indexer

import (
	"context"
	"fmt"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"
)

// tierQuery matches what its child matches and adds a fixed score to the
// child's. It scores exactly as a conjunction of the child with a
// match-all clause boosted to score would, without that clause's cost:
// bleve advances a match-all clause by walking every document id in
// turn, so each verbatim or word tier cost a walk over the whole index.
type tierQuery struct {
	child query.Query
	score float64
}

// tier adds score to every match of child.
func tier(child query.Query, score float64) query.Query {
	return &tierQuery{child: child, score: score}
}

// Searcher implements query.Query.
func (q *tierQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	s, err := q.child.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, fmt.Errorf("tier searcher: %w", err)
	}
	return &tierSearcher{Searcher: s, boost: q.score, add: q.score, scoring: options.Score != "none"}, nil
}

// tierSearcher adds boost×queryNorm to each match of the searcher it wraps.
type tierSearcher struct {
	search.Searcher
	boost   float64
	add     float64
	scoring bool
}

// Weight counts the tier as a match-all clause of that boost counts it.
func (s *tierSearcher) Weight() float64 {
	return s.Searcher.Weight() + s.boost*s.boost
}

// SetQueryNorm scales the tier as bleve scales a constant clause.
func (s *tierSearcher) SetQueryNorm(n float64) {
	s.Searcher.SetQueryNorm(n)
	s.add = s.boost * n
}

func (s *tierSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	if dm != nil && s.scoring {
		dm.Score += s.add
	}
	return dm, err
}

func (s *tierSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm != nil && s.scoring {
		dm.Score += s.add
	}
	return dm, err
}

// matchOnly matches what its child matches and scores nothing: a filter
// joined to the words as one more clause of their conjunction, so that
// bleve leaps between the rarer and the commoner clause instead of
// testing every hit of the words against the filter. Its weight is 0 and
// it adds 0 to each score, so scores are those of the words alone.
type matchOnly struct{ child query.Query }

// Searcher implements query.Query.
func (q *matchOnly) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	options.Score, options.IncludeTermVectors, options.Explain = "none", false, false
	s, err := q.child.Searcher(ctx, r, m, options)
	if err != nil {
		return nil, fmt.Errorf("filter searcher: %w", err)
	}
	return &zeroSearcher{Searcher: s}, nil
}

// zeroSearcher scores every match of the searcher it wraps 0.
type zeroSearcher struct{ search.Searcher }

func (s *zeroSearcher) Weight() float64        { return 0 }
func (s *zeroSearcher) SetQueryNorm(_ float64) {}

func (s *zeroSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	if dm != nil {
		dm.Score = 0
	}
	return dm, err
}

func (s *zeroSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm != nil {
		dm.Score = 0
	}
	return dm, err
}
