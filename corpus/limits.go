package corpus

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Limits on what the parser may make of one document. The longest measure
// of the fixtures, the synthetic corpus and the seed disclosure is 237
// characters and the most measures in one of them 25 (measured with
// `zhenggai parse --json`); real disclosures of a province run to a few
// hundred measures. What lies beyond these caps is no measure but text the
// numbering failed to split (a page of prose, an attachment pasted in), and
// unbounded it makes every search that hits it slow and large.
const (
	// MaxMeasureRunes caps the text of one measure, in characters.
	MaxMeasureRunes = 4000
	// MaxMeasures caps the measures of one disclosure.
	MaxMeasures = 2000
)

// Flag codes set by the limits and the reader.
const (
	// FlagLongMeasure: a measure longer than MaxMeasureRunes was cut to
	// that length (the original file keeps the whole text).
	FlagLongMeasure = "long_measure"
	// FlagTooManyMeasures: measures beyond MaxMeasures were left out (the
	// original file keeps them).
	FlagTooManyMeasures = "too_many_measures"
	// FlagInvalidUTF8: a UTF-8 text held invalid bytes (a damaged byte, a
	// file cut mid-character), each run replaced by U+FFFD.
	FlagInvalidUTF8 = "invalid_utf8"
)

// applyLimits cuts what the parser found down to the caps and flags what it
// cut. It runs at the end of Parse.
func applyLimits(d *Disclosure) {
	if len(d.Measures) > MaxMeasures {
		d.addFlag(FlagTooManyMeasures, fmt.Sprintf("%d measures found, the first %d kept", len(d.Measures), MaxMeasures))
		d.Measures = d.Measures[:MaxMeasures:MaxMeasures]
	}
	var long []string
	for i := range d.Measures {
		m := &d.Measures[i]
		if len(m.Text) <= MaxMeasureRunes { // bytes ≥ runes: most measures stop here
			continue
		}
		n := utf8.RuneCountInString(m.Text)
		if n <= MaxMeasureRunes {
			continue
		}
		m.Text = cutMeasure(m.Text, MaxMeasureRunes)
		if len(long) < 10 {
			long = append(long, fmt.Sprintf("%s: %d characters", m.ID, n))
		}
	}
	if long != nil {
		d.addFlag(FlagLongMeasure, fmt.Sprintf("measures cut to %d characters (%s)", MaxMeasureRunes, strings.Join(long, "; ")))
	}
}

// cutMeasure returns the first max runes of s, ending at the last sentence
// mark of their second half when there is one, followed by "…".
func cutMeasure(s string, max int) string {
	end, n := 0, 0
	for i := range s {
		if n == max {
			end = i
			break
		}
		n++
	}
	head := s[:end]
	if k := strings.LastIndexAny(head, "。；！？"); k >= 0 && utf8.RuneCountInString(head[:k]) > max/2 {
		_, size := utf8.DecodeRuneInString(head[k:])
		head = head[:k+size]
	}
	return head + "…"
}
