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
