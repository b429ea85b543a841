package indexer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/zhenggai/zhenggai/corpus"
)

// disclosureDocPrefix prefixes a disclosure's own document id, so that it
// never collides with a measure id.
const disclosureDocPrefix = "disclosure:"

// MeasureID returns the id of the i-th (0-based) measure of d: the
// measure's own ID, or d.ID-NNN as corpus assigns it when that is empty.
func MeasureID(d *corpus.Disclosure, i int) string {
	if id := d.Measures[i].ID; id != "" {
		return id
	}
	return fmt.Sprintf("%s-%03d", d.ID, i+1)
}

// RoundLabel names the inspection round a disclosure answers, e.g.
// 十届市委第二轮; see corpus.Inspection.RoundLabel.
func RoundLabel(in corpus.Inspection) string { return in.RoundLabel() }

// Sort-key sentinels for measures without a publication date (see
// fieldDateAsc), in dateKey's form: after and before every real date.
const (
	missingDateLast  = "2200-01-01T00:00:00Z"
	missingDateFirst = "1900-01-01T00:00:00Z"
)

// dateKey is the keyword form of a date: RFC 3339 in UTC, fixed width for
// years 1000–9999, so that its terms sort and range chronologically.
func dateKey(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// parseDate reads an ISO date (YYYY-MM-DD) as midnight UTC.
func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// commonFields are the disclosure fields every document of d repeats.
func commonFields(d *corpus.Disclosure) map[string]any {
	f := map[string]any{fieldDisclosureID: d.ID}
	set := func(name, v string) {
		if v != "" {
			f[name] = v
		}
	}
	in := d.Inspection
	set(fieldUnit, d.Unit)
	set(fieldBody, in.Body)
	set(fieldLevel, in.Level)
	set(fieldGroup, in.Group)
	set(fieldType, in.Type)
	set(fieldKind, string(d.Kind))
	set(fieldRoundLabel, RoundLabel(in))
	set(fieldTitle, d.Title)
	if in.Term != nil {
		f[fieldTerm] = strconv.Itoa(*in.Term)
	}
	if in.Round != nil {
		f[fieldRound] = strconv.Itoa(*in.Round)
	}
	if t, ok := parseDate(d.Published); ok {
		f[fieldPublished] = dateKey(t)
		f[fieldYear] = strconv.Itoa(t.Year())
	}
	return f
}

// documents returns the bleve documents of d: one per measure (ids from
// MeasureID) and the disclosure's own, keyed by document id.
func documents(d *corpus.Disclosure, themeName func(id string) string) (ids []string, docs []map[string]any) {
	common := commonFields(d)
	categoryTitles := make(map[int]string, len(d.Categories))
	problemTitles := map[[2]int]string{}
	for _, c := range d.Categories {
		categoryTitles[c.Number] = c.Title
		for _, p := range c.Problems {
			problemTitles[[2]int{c.Number, p.Number}] = p.Title
		}
	}
	var themes []string
	for i, m := range d.Measures {
		doc := make(map[string]any, len(common)+8)
		for k, v := range common {
			doc[k] = v
		}
		doc[fieldDocType] = docTypeMeasure
		doc[fieldText] = m.Text
		doc[fieldNumber] = strconv.Itoa(m.Number)
		doc[fieldDateAsc], doc[fieldDateDesc] = missingDateLast, missingDateFirst
		if t, ok := common[fieldPublished].(string); ok {
			doc[fieldDateAsc], doc[fieldDateDesc] = t, t
		}
		if m.Category > 0 {
			doc[fieldCategory] = strconv.Itoa(m.Category)
			if t := categoryTitles[m.Category]; t != "" {
				doc[fieldCategoryTitle] = t
			}
		}
		var heading []string
		if t := categoryTitles[m.Category]; m.Category > 0 && t != "" {
			heading = append(heading, t)
		}
		if m.Problem != nil {
			doc[fieldProblem] = strconv.Itoa(*m.Problem)
			if t := problemTitles[[2]int{m.Category, *m.Problem}]; t != "" {
				doc[fieldProblemTitle] = t
				heading = append(heading, t)
			}
		}
		if len(m.Themes) > 0 {
			doc[fieldThemes] = slices.Clone(m.Themes)
			themes = append(themes, m.Themes...)
			for _, id := range m.Themes {
				if n := themeName(id); n != "" {
					heading = append(heading, n)
				}
			}
		}
		if len(heading) > 0 {
			doc[fieldHeading] = strings.Join(heading, "。")
		}
		doc[fieldTextKey] = textKey(m.Text)
		doc[fieldFacetKeys] = facetKeys(common, m.Themes)
		ids = append(ids, MeasureID(d, i))
		docs = append(docs, doc)
	}
	common[fieldDocType] = docTypeDisclosure
	if len(themes) > 0 {
		slices.Sort(themes)
		common[fieldThemes] = slices.Compact(themes)
	}
	if len(ids) > 0 {
		common[fieldMeasureIDs] = slices.Clone(ids)
	}
	return append(ids, disclosureDocPrefix+d.ID), append(docs, common)
}

// facetKeys are a measure's values of the combined facets (fieldFacetKeys).
func facetKeys(common map[string]any, themes []string) []string {
	keys := make([]string, 0, 3+len(themes))
	for _, f := range combinedFacets {
		if f.field == fieldThemes {
			for _, t := range themes {
				keys = append(keys, facetKey(f.tag, t))
			}
			continue
		}
		if v, ok := common[f.field].(string); ok && v != "" {
			keys = append(keys, f.facetValue(v))
		}
	}
	return keys
}

// textKey identifies a measure text for collapsing copies: a hash of the
// text folded (widths, case) with spaces and punctuation dropped, so that
// copies differing only in those collapse.
func textKey(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	for _, r := range text {
		if isHan(r) { // the common case: kept as it is (TestHanKeptByTextKey)
			b.WriteRune(r)
			continue
		}
		r = foldRune(r)
		if unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r) {
			continue
		}
		b.WriteRune(r)
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:12])
}

// isHan reports the CJK Unified Ideographs block, whose runes textKey keeps
// without looking them up in the Unicode tables.
func isHan(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }
