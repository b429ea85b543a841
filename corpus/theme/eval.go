package theme

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Labelled is one hand-labelled measure: the text, the focus-area heading
// it sits under (may be empty) and the themes an analyst gives it.
type Labelled struct {
	Line    int      `json:"line"`
	Kind    string   `json:"kind"` // plain, passing, multi, none, context
	Heading string   `json:"heading,omitempty"`
	Text    string   `json:"text"`
	Themes  []string `json:"themes"`
}

var (
	//go:embed testdata/labelled.tsv
	labelledTSV string
	//go:embed testdata/holdout.tsv
	holdoutTSV string
	//go:embed testdata/fixture_sample.tsv
	fixtureSampleTSV string
)

// MaxLabelledBytes bounds what [ReadLabelled] reads.
const MaxLabelledBytes = 4 << 20

// ErrLabelledColumns rejects a labelled line without its four columns.
var ErrLabelledColumns = errors.New("want 4 tab-separated columns: kind, themes, heading, text")

// LabelledSet returns the built-in hand-labelled set: over 250 measures
// written for this repository in the shapes of published disclosures (every
// built-in theme, keywords in passing, several themes in one measure, none
// of the 44). It is the reference [Evaluate] is measured on.
func LabelledSet() []Labelled { return mustLabelled(labelledTSV) }

// HoldoutSet returns a second built-in labelled set (60 measures) written
// after the tagger's rules and never used to tune them, so that a score on
// it says how the tagger does on measures it was not fitted to.
func HoldoutSet() []Labelled { return mustLabelled(holdoutTSV) }

// FixtureSampleSet returns 60 measures drawn from the repository's parser
// fixtures (written by other hands than the labels) and labelled afterwards,
// never used to tune the tagger: the least flattering of the three sets.
func FixtureSampleSet() []Labelled { return mustLabelled(fixtureSampleTSV) }

func mustLabelled(data string) []Labelled {
	set, err := ReadLabelled(strings.NewReader(data))
	if err != nil {
		panic("theme: built-in labelled set: " + err.Error()) // caught by the package tests
	}
	return set
}

// ReadLabelled reads a labelled set: one measure a line,
// kind<TAB>themes<TAB>heading<TAB>text, themes comma-separated or "-" for
// none. Blank lines and lines starting with '#' are skipped. Errors are
// [*ParseError] values naming the 1-based line.
func ReadLabelled(r io.Reader) ([]Labelled, error) {
	sc := bufio.NewScanner(io.LimitReader(r, MaxLabelledBytes+1))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	var out []Labelled
	n, size := 0, 0
	for sc.Scan() {
		n++
		line := sc.Text()
		size += len(line) + 1
		if size > MaxLabelledBytes {
			return nil, &ParseError{Line: n, Err: ErrTooLarge}
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 || strings.TrimSpace(cols[3]) == "" {
			return nil, &ParseError{Line: n, Err: ErrLabelledColumns}
		}
		l := Labelled{Line: n, Kind: cols[0], Heading: strings.TrimSpace(cols[2]), Text: strings.TrimSpace(cols[3]), Themes: []string{}}
		if ids := strings.TrimSpace(cols[1]); ids != "-" {
			for id := range strings.SplitSeq(ids, ",") {
				if id = strings.TrimSpace(id); id != "" && !slices.Contains(l.Themes, id) {
					l.Themes = append(l.Themes, id)
				}
			}
		}
		out = append(out, l)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read labelled set: %w", err)
	}
	return out, nil
}

// Score is precision, recall and F1 of one theme (or of all, micro-averaged).
type Score struct {
	ID        string  `json:"id"`
	Support   int     `json:"support"` // measures labelled with the theme
	TP        int     `json:"tp"`
	FP        int     `json:"fp"`
	FN        int     `json:"fn"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
}

func (s *Score) finish() {
	s.Precision = ratio(s.TP, s.TP+s.FP)
	s.Recall = ratio(s.TP, s.TP+s.FN)
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
}

// ratio is a/b, and 1 when b is 0 (nothing claimed, nothing wrong).
func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// Miss is one measure whose tags differ from its labels.
type Miss struct {
	Line     int      `json:"line"`
	Kind     string   `json:"kind"`
	Text     string   `json:"text"`
	Want     []string `json:"want"`
	Got      []string `json:"got"`
	Evidence []Hit    `json:"evidence"`
}

// Evaluation is the tagger's score on a labelled set.
type Evaluation struct {
	Measures int     `json:"measures"`
	Overall  Score   `json:"overall"`  // micro-averaged over (measure, theme) pairs
	MacroF1  float64 `json:"macro_f1"` // mean F1 over themes with support
	Exact    float64 `json:"exact"`    // share of measures tagged exactly right
	Themes   []Score `json:"themes"`   // taxonomy order, then unknown ids
	Misses   []Miss  `json:"misses"`
}

// Evaluate tags every labelled measure under its heading with
// [Tagger.TagWithContext] and scores the tags against the labels.
func Evaluate(tg *Tagger, set []Labelled) Evaluation {
	ev := Evaluation{Measures: len(set), Misses: []Miss{}}
	idx := map[string]int{}
	score := func(id string) *Score {
		i, ok := idx[id]
		if !ok {
			i = len(ev.Themes)
			idx[id] = i
			ev.Themes = append(ev.Themes, Score{ID: id})
		}
		return &ev.Themes[i]
	}
	for _, id := range tg.ids {
		score(id)
	}
	exact := 0
	for _, l := range set {
		got := tg.TagWithContext(l.Text, l.Heading)
		if got == nil {
			got = []string{}
		}
		for _, id := range l.Themes {
			s := score(id)
			s.Support++
			if slices.Contains(got, id) {
				s.TP++
			} else {
				s.FN++
			}
		}
		for _, id := range got {
			if !slices.Contains(l.Themes, id) {
				score(id).FP++
			}
		}
		same := len(got) == len(l.Themes)
		for _, id := range l.Themes {
			same = same && slices.Contains(got, id)
		}
		if same {
			exact++
			continue
		}
		ev.Misses = append(ev.Misses, Miss{Line: l.Line, Kind: l.Kind, Text: l.Text, Want: l.Themes, Got: got,
			Evidence: tg.HitsWithContext(l.Text, l.Heading)})
	}
	sum, n := 0.0, 0
	for i := range ev.Themes {
		s := &ev.Themes[i]
		s.finish()
		ev.Overall.TP += s.TP
		ev.Overall.FP += s.FP
		ev.Overall.FN += s.FN
		ev.Overall.Support += s.Support
		if s.Support > 0 {
			sum += s.F1
			n++
		}
	}
	ev.Overall.ID = "all"
	ev.Overall.finish()
	if n > 0 {
		ev.MacroF1 = sum / float64(n)
	}
	ev.Exact = ratio(exact, len(set))
	return ev
}
