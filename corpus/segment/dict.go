package segment

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
)

// domainDict is the project's domain dictionary, "word freq pos" per line.
//
//go:embed dict/domain.txt
var domainDict string

// minFreq is gse's MinTokenFreq: dictionary lines below it are dropped.
const minFreq = 2

// Entry is one line of a dictionary.
type Entry struct {
	Word string
	Freq float64
	Pos  string
}

// DomainDict returns the embedded domain dictionary text.
func DomainDict() string { return domainDict }

// ParseDict parses dictionary text: one "word freq [pos]" line per entry,
// separated by spaces; blank lines and lines starting with # are skipped.
// It rejects what gse would silently drop or misread: a missing or
// non-numeric frequency, a frequency below 2, and the text ", " (which gse's
// NewEmbed treats as a file separator).
func ParseDict(text string) ([]Entry, error) {
	var out []Entry
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.Contains(line, ", ") {
			return nil, fmt.Errorf("parse dictionary line %d %q: contains \", \"", i+1, line)
		}
		f := strings.Fields(line)
		if len(f) < 2 || len(f) > 3 {
			return nil, fmt.Errorf("parse dictionary line %d %q: want \"word freq [pos]\"", i+1, line)
		}
		freq, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			return nil, fmt.Errorf("parse dictionary line %d frequency: %w", i+1, err)
		}
		if freq < minFreq {
			return nil, fmt.Errorf("parse dictionary line %d %q: frequency below %d would be dropped", i+1, line, minFreq)
		}
		e := Entry{Word: f[0], Freq: freq}
		if len(f) == 3 {
			e.Pos = f[2]
		}
		out = append(out, e)
	}
	return out, nil
}

// queryWords lists the failing and generic words of queries, "word kind"
// per line.
//
//go:embed dict/query_words.txt
var queryWords string

// Kinds of QueryWords.
const (
	// QueryFailing describes a failing (不规范, 不及时 …): measures say what
	// was done, so a query's failing words never appear in them.
	QueryFailing = "failing"
	// QueryGeneric is so common in measures that it tells none apart
	// (工作, 管理, 落实 …).
	QueryGeneric = "generic"
)

// QueryWords returns the embedded list of failing and generic query
// words: word → QueryFailing or QueryGeneric.
func QueryWords() (map[string]string, error) {
	out := map[string]string{}
	for i, line := range strings.Split(queryWords, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 || (f[1] != QueryFailing && f[1] != QueryGeneric) {
			return nil, fmt.Errorf("parse query words line %d %q: want \"word failing|generic\"", i+1, line)
		}
		if _, dup := out[f[0]]; dup {
			return nil, fmt.Errorf("parse query words line %d: %q listed twice", i+1, f[0])
		}
		out[f[0]] = f[1]
	}
	return out, nil
}

// confusables lists characters mistyped for one another, one group a line.
//
//go:embed dict/confusable.txt
var confusables string

// Confusable reports whether a and b are in one group of the embedded
// table of characters mistyped for one another (by sound or shape).
func Confusable(a, b rune) bool {
	for _, line := range strings.Split(confusables, "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		if strings.ContainsRune(line, a) && strings.ContainsRune(line, b) {
			return true
		}
	}
	return false
}
