package indexer

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
)

// Field names of the index. Measure documents carry all of them except
// fieldMeasureIDs; disclosure documents carry the disclosure-level ones.
const (
	fieldDocType       = "doc_type" // "measure" or "disclosure"; the mapping's type field
	fieldText          = "text"     // the measure text, IndexAnalyzer (gse search mode)
	fieldTextCJK       = "text_cjk" // the same JSON "text", CJKAnalyzer (bigrams + unigrams)
	fieldDisclosureID  = "disclosure_id"
	fieldUnit          = "unit"
	fieldBody          = "body"  // inspecting committee: 市委, 县委, …
	fieldLevel         = "level" // central, provincial, city, county
	fieldTerm          = "term"  // 届, as a decimal keyword
	fieldRound         = "round" // 轮, as a decimal keyword
	fieldRoundLabel    = "round_label"
	fieldGroup         = "group"
	fieldType          = "type" // inspection type: 常规巡察, 专项巡察, …
	fieldKind          = "kind" // corpus.Kind
	fieldCategory      = "category"
	fieldProblem       = "problem"
	fieldThemes        = "themes"
	fieldYear          = "year"      // keyword, 4 digits, from published
	fieldPublished     = "published" // keyword, RFC 3339 (sorts as it reads)
	fieldNumber        = "number"
	fieldCategoryTitle = "category_title" // stored only
	fieldProblemTitle  = "problem_title"  // stored only: the heading of the problem the measure answers
	// fieldHeading holds what a measure answers, searched below its own
	// text: its category and problem headings and its theme names, joined
	// with 。. IndexAnalyzer (words), not stored.
	fieldHeading = "heading"
	// fieldTextKey identifies a measure's text (a hash of it folded), so
	// that copies of one text in several units collapse into one hit.
	fieldTextKey    = "text_key"
	fieldTitle      = "title"       // stored only: the disclosure's title
	fieldMeasureIDs = "measure_ids" // stored only, disclosure docs: ids of its measure docs

	// Date sort keys of measure docs: published, or a sentinel when it is
	// unknown (missingDateLast / missingDateFirst), so that undated measures
	// sort last in both directions and every hit has a search_after key.
	// Dates are keywords in one fixed RFC 3339 form, which sort and range
	// as they read: one term each, where a bleve numeric or datetime field
	// indexes 16 precision terms per value (36% of a measure's terms).
	fieldDateAsc  = "sort_date_asc"
	fieldDateDesc = "sort_date_desc"

	// fieldFacetKeys holds a measure's unit, round label, year and themes
	// as one multi-valued keyword, each value led by its facet's tag
	// (facetKey), for the page's four facets. Counting them reads one doc
	// value per hit instead of four: doc values are read a chunk at a time
	// and decompressed per field and query, which made the four facets two
	// thirds of a search. Indexed (bleve builds doc values from terms), not
	// stored.
	fieldFacetKeys = "facet_keys"
)

// Document types, the values of fieldDocType.
const (
	docTypeMeasure    = "measure"
	docTypeDisclosure = "disclosure"
)

// mappingRevision changes whenever documents are built differently from the
// same disclosure (a field derived another way) without the mapping itself
// changing. The mapping version also hashes the mapping's JSON, so editing
// a field mapping changes it on its own.
const mappingRevision = "6"

// keywordFields returns the exact-match fields shared by measure and
// disclosure documents: keyword analyzer, stored, doc values for facets and
// filters.
func keywordFields() []string {
	return []string{
		fieldDocType, fieldDisclosureID, fieldUnit, fieldBody, fieldLevel, fieldTerm,
		fieldRound, fieldRoundLabel, fieldGroup, fieldType, fieldKind, fieldThemes,
	}
}

// lengthNorm is BM25's b: how far a measure's length lowers its score for
// the same matches. bleve's default, 0.75 (and still 0.25: bleve takes the
// square root of the frequency before BM25), ranked a detailed measure
// naming the problem four times below one-line ones naming it once
// (TestLongMeasuresNotSunk); measures are short texts of one purpose, where
// how often the words occur says more than the length. The relevance set
// scores the same from b = 0 to 0.75.
const lengthNorm = 0.1

// useLengthNorm sets BM25's b. bleve reads it from a process-wide
// variable at query time, so it holds for every index of the process (the
// bench's plain-bleve baseline included); it is written only when it
// differs, so an index opened while others search writes nothing.
func useLengthNorm() {
	if search.BM25_b != lengthNorm {
		search.BM25_b = lengthNorm
	}
}

// newMapping builds the index mapping: static (nothing is indexed unless
// named here), BM25, one document mapping per document type selected by
// fieldDocType, and none for any other type.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	if err := AddAnalyzers(m); err != nil {
		return nil, fmt.Errorf("build mapping: %w", err)
	}
	m.ScoringModel = "bm25"
	m.TypeField = fieldDocType
	m.DefaultType = "_unknown"
	m.DefaultAnalyzer = keyword.Name
	m.IndexDynamic = false
	m.StoreDynamic = false
	m.DocValuesDynamic = false
	// Documents of any other type are not indexed at all.
	m.DefaultMapping = bleve.NewDocumentDisabledMapping()

	measure := bleve.NewDocumentStaticMapping()
	disclosure := bleve.NewDocumentStaticMapping()
	for _, dm := range []*mapping.DocumentMapping{measure, disclosure} {
		for _, f := range keywordFields() {
			dm.AddFieldMappingsAt(f, filterField(f))
		}
		dm.AddFieldMappingsAt(fieldYear, filterField(fieldYear))
		dm.AddFieldMappingsAt(fieldPublished, filterField(fieldPublished))
		dm.AddFieldMappingsAt(fieldTitle, storedOnlyField())
	}

	// The measure text is indexed twice from one JSON value: by words for
	// relevance and by bigrams (with unigrams) for exact-phrase recall. The
	// renamed field needs an explicit analyzer on every query (tech-notes
	// §3.3), which query.go always sets.
	text := bleve.NewTextFieldMapping()
	text.Analyzer = IndexAnalyzer
	text.Store = true
	text.IncludeTermVectors = true
	text.IncludeInAll = false
	text.DocValues = false
	cjk := bleve.NewTextFieldMapping()
	cjk.Name = fieldTextCJK
	cjk.Analyzer = CJKAnalyzer
	cjk.Store = false // highlights are found in the stored text (highlight.go)
	cjk.IncludeTermVectors = true
	cjk.IncludeInAll = false
	cjk.DocValues = false
	measure.AddFieldMappingsAt(fieldText, text, cjk)
	for _, f := range []string{fieldCategory, fieldProblem, fieldNumber} {
		measure.AddFieldMappingsAt(f, filterField(f))
	}
	measure.AddFieldMappingsAt(fieldCategoryTitle, storedOnlyField())
	measure.AddFieldMappingsAt(fieldProblemTitle, storedOnlyField())
	measure.AddFieldMappingsAt(fieldTextKey, keywordField())
	facetKeys := keywordField()
	facetKeys.Store = false
	measure.AddFieldMappingsAt(fieldFacetKeys, facetKeys)
	heading := bleve.NewTextFieldMapping()
	heading.Analyzer = IndexAnalyzer
	heading.Store = false
	heading.IncludeTermVectors = false // matched by words, never as a phrase
	heading.IncludeInAll = false
	heading.DocValues = false
	measure.AddFieldMappingsAt(fieldHeading, heading)
	for _, f := range []string{fieldDateAsc, fieldDateDesc} {
		sortKey := keywordField()
		sortKey.Store = false
		measure.AddFieldMappingsAt(f, sortKey)
	}
	disclosure.AddFieldMappingsAt(fieldMeasureIDs, storedOnlyField())

	// No _all field: every query names its field, and bleve would otherwise
	// add an empty composite field to every document and visit it for
	// every field indexed (4% of indexing, BenchmarkIndexSynthOurs).
	for _, dm := range []*mapping.DocumentMapping{measure, disclosure} {
		dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	}
	m.AddDocumentMapping(docTypeMeasure, measure)
	m.AddDocumentMapping(docTypeDisclosure, disclosure)
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("validate mapping: %w", err)
	}
	return m, nil
}

// filterField is the mapping of a keyword field: doc values only where a
// facet or a sort reads them (the page's four facets read fieldFacetKeys),
// stored only where a hit shows it. Each doc value and stored value is
// written at every ingest and merge.
func filterField(name string) *mapping.FieldMapping {
	f := keywordField()
	switch name {
	case fieldBody, fieldType, fieldCategory: // facets counted on their own field
	default:
		f.DocValues = false
	}
	switch name {
	case fieldDocType, fieldBody, fieldLevel, fieldTerm, fieldGroup, fieldType, fieldKind, fieldYear:
		f.Store = false // no hit shows them
	}
	return f
}

func keywordField() *mapping.FieldMapping {
	f := bleve.NewKeywordFieldMapping()
	f.Store = true
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = true
	return f
}

func storedOnlyField() *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = keyword.Name
	f.Index = false
	f.Store = true
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

// mappingVersion identifies the mapping the running code builds: the
// revision plus a short hash of the mapping's JSON.
func mappingVersion(m *mapping.IndexMappingImpl) (string, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("encode mapping: %w", err)
	}
	sum := sha256.Sum256(b)
	return mappingRevision + "-" + hex.EncodeToString(sum[:])[:12], nil
}
