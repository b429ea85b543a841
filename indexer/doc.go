// Package indexer owns the bleve index of rectification measures: the
// mapping, the gse analyzers, document building, queries, facets and
// highlights. Callers see plain types (Query, Result, Hit, Bucket), never
// bleve's.
//
// # Basics
//
// Open creates or opens an index folder; Add indexes disclosures (one
// document per measure repeating its disclosure's fields, plus one per
// disclosure); Delete removes a disclosure's documents; Search answers a
// Query:
//
//	ix, err := indexer.Open(ctx, dir, indexer.Options{Logger: log})
//	…
//	err = ix.Add(ctx, disclosures...)
//	res, err := ix.Search(ctx, indexer.Query{Text: "校长负责制 -“回头看”", Unit: units,
//		Facets: []string{indexer.FacetUnit, indexer.FacetYear}, Highlight: true})
//
// The measure text is indexed twice from one value: field text with
// IndexAnalyzer (gse search mode: words and their sub-words) and field
// text_cjk with CJKAnalyzer (overlapping bigrams plus unigrams). Every
// space-separated part of Query.Text must match; a part matches verbatim
// (a phrase on text_cjk, which finds any substring, even where gse cuts the
// context differently) or as words (every word of the part's precise gse
// cut on text). A verbatim match adds a constant larger than any BM25 score
// of the words, so measures holding a part verbatim rank above measures
// holding only its words; among verbatim matches, those whose words gse
// also cut out rank first, and BM25 orders the rest. Quotes force a
// verbatim match; a leading minus excludes measures holding the part.
// Without text, hits come newest first.
//
// Filters and facets use keyword fields with doc values: unit, body, level,
// term, round, round_label, group, type, kind, category, problem, themes,
// disclosure_id, plus year (numeric) and published (datetime). Sorting by
// date uses typed sort fields, so every hit carries a readable Sort key for
// Query.SearchAfter.
//
// Highlights are computed from term locations of both text fields, merged
// and rendered over the whole measure text (see highlight.go for why
// bleve's HTML highlighter is not used).
//
// # Versions
//
// The index stores the dictionary version of the segmenter and a mapping
// version (SetInternal). When the running code's differ, NeedsRebuild is
// true: documents were analysed with other tokens than queries now use.
// Rebuild by streaming the store's records into a fresh index (there is no
// in-place rebuild). IndexVersion names what an index holds, for the
// store's bookkeeping of indexed records.
//
// # Caveats
//
//   - One process owns an index folder: a second Open waits BoltTimeout on
//     bleve's lock and fails.
//   - Opening an index loads the shared segmenter (about 40 ms from its
//     cache, 2 s to build; about 40 MiB), because bleve rebuilds the analyzers from
//     the stored mapping.
//   - Full-width digits (１４) are dropped by bleve's unicode tokenizer, so
//     they are not in text_cjk; a part made only of them matches as words.
//   - Scores are relative: they include the verbatim constant scaled by
//     bleve's query norm, and are meaningful only within one result.
//   - Deletes are tombstones until segments merge; disk space returns later.
package indexer
