package api

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on the query string, checked before any handler reads it.
const (
	// maxURLBytes bounds the request target (path and query). A search
	// needs far less: q is at most indexer.MaxTextBytes.
	maxURLBytes = 16 << 10
	// maxFilterValues bounds the values of one parameter, repeated or
	// comma-separated (year=2020,2021&year=2022 is three).
	maxFilterValues = 100
)

// CheckQueryText refuses a search text that is not valid UTF-8, or that
// holds operators or punctuation (*, -, "", …) but no letter or digit to
// find: either would otherwise match every measure. An empty or blank text
// is allowed: it browses, in the documented order.
func CheckQueryText(q string) error {
	if !utf8.ValidString(q) {
		return paramError(CodeQueryNotUTF8, "q", "q is not valid UTF-8 (send it percent-encoded as UTF-8)")
	}
	if strings.TrimSpace(q) == "" {
		return nil
	}
	if !strings.ContainsFunc(q, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }) {
		return paramError(CodeQueryWithoutTerms, "q",
			"q %q holds operators but no word to find; leave q empty to browse every measure", q)
	}
	return nil
}

// checkQueryLimits refuses a parameter with more than maxFilterValues
// values, and a value that is not valid UTF-8.
func checkQueryLimits(vals map[string][]string) error {
	for name, vs := range vals {
		n := 0
		for _, v := range vs {
			n += strings.Count(v, ",") + 1
			if !utf8.ValidString(v) {
				if name == "q" {
					return CheckQueryText(v)
				}
				return paramError(CodeInvalidParameter, name, "%s is not valid UTF-8", name)
			}
		}
		if n > maxFilterValues {
			return paramError(CodeTooManyValues, name, "%s has %d values, at most %d are allowed", name, n, maxFilterValues)
		}
	}
	return nil
}
