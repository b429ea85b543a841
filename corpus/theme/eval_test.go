package theme_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/theme"
)

// The bar the tagger must keep on the built-in labelled set.
const (
	minPrecision = 0.9
	minF1        = 0.9
)

func TestLabelledSetCoversEveryTheme(t *testing.T) {
	set := theme.LabelledSet()
	if len(set) < 200 {
		t.Fatalf("labelled set has %d measures, want at least 200", len(set))
	}
	known := map[string]bool{}
	for _, id := range builtinIDs() {
		known[id] = true
	}
	support := map[string]int{}
	kinds := map[string]int{}
	for _, l := range set {
		kinds[l.Kind]++
		for _, id := range l.Themes {
			if !known[id] {
				t.Errorf("line %d: unknown theme %q", l.Line, id)
			}
			support[id]++
		}
		if (l.Kind == "none") != (len(l.Themes) == 0) {
			t.Errorf("line %d: kind %s with themes %v", l.Line, l.Kind, l.Themes)
		}
		if l.Kind == "multi" && len(l.Themes) < 2 {
			t.Errorf("line %d: multi with themes %v", l.Line, l.Themes)
		}
	}
	for _, id := range builtinIDs() {
		if support[id] < 3 {
			t.Errorf("theme %s has %d labelled measures, want at least 3", id, support[id])
		}
	}
	for _, k := range []string{"plain", "passing", "multi", "none", "context"} {
		if kinds[k] == 0 {
			t.Errorf("no %s measures", k)
		}
	}
	t.Logf("measures %d, kinds %v", len(set), kinds)
}

func TestEvaluateLabelledSet(t *testing.T) {
	checkEvaluation(t, theme.Evaluate(theme.NewTagger(nil), theme.LabelledSet()))
}

func TestEvaluateHoldoutSet(t *testing.T) {
	set := theme.HoldoutSet()
	if len(set) < 60 {
		t.Fatalf("holdout set has %d measures, want at least 60", len(set))
	}
	support := map[string]int{}
	for _, l := range set {
		for _, id := range l.Themes {
			support[id]++
		}
	}
	for _, id := range builtinIDs() {
		if support[id] == 0 {
			t.Errorf("theme %s has no held-out measure", id)
		}
	}
	checkEvaluation(t, theme.Evaluate(theme.NewTagger(nil), set))
}

// TestEvaluateFixtureSample reports the score on measures the labeller did
// not write and the rules were not tuned on. Its bar sits just under the
// score of this revision (P 0.824, R 0.778, F1 0.800; the tagger before
// the passing-mention rules scored P 0.747, F1 0.762): a regression guard,
// not the target.
func TestEvaluateFixtureSample(t *testing.T) {
	ev := theme.Evaluate(theme.NewTagger(nil), theme.FixtureSampleSet())
	for _, m := range ev.Misses {
		t.Logf("line %d (%s): want %v got %v  %s", m.Line, m.Kind, m.Want, m.Got, m.Text)
	}
	o := ev.Overall
	t.Logf("fixture sample: P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d) over %d measures", o.Precision, o.Recall, o.F1, o.TP, o.FP, o.FN, ev.Measures)
	if ev.Measures != 60 || o.Precision < 0.8 || o.F1 < 0.78 {
		t.Errorf("fixture sample: %d measures, precision %.3f, F1 %.3f; want 60, ≥ 0.80 and ≥ 0.78", ev.Measures, o.Precision, o.F1)
	}
}

func checkEvaluation(t *testing.T, ev theme.Evaluation) {
	t.Helper()
	for _, s := range ev.Themes {
		t.Logf("%-4s support %2d  P %.2f  R %.2f  F1 %.2f", s.ID, s.Support, s.Precision, s.Recall, s.F1)
	}
	for _, m := range ev.Misses {
		t.Logf("line %d (%s): want %v got %v  %s", m.Line, m.Kind, m.Want, m.Got, m.Text)
	}
	o := ev.Overall
	t.Logf("overall: P %.3f R %.3f F1 %.3f (tp %d fp %d fn %d), macro F1 %.3f, exact %.3f over %d measures",
		o.Precision, o.Recall, o.F1, o.TP, o.FP, o.FN, ev.MacroF1, ev.Exact, ev.Measures)
	if o.Precision < minPrecision || o.F1 < minF1 {
		t.Errorf("overall precision %.3f, F1 %.3f; want precision ≥ %.2f and F1 ≥ %.2f", o.Precision, o.F1, minPrecision, minF1)
	}
}

func TestEvaluateCounts(t *testing.T) {
	set, err := theme.ReadLabelled(strings.NewReader("# c\nplain\tB4\t\t对信访积案逐件化解。\nnone\t-\t\t印发整改工作方案。\nplain\tA7\t\t对信访积案逐件化解。\n"))
	if err != nil {
		t.Fatal(err)
	}
	ev := theme.Evaluate(theme.NewTagger(nil), set)
	o := ev.Overall
	if o.TP != 1 || o.FP != 1 || o.FN != 1 || ev.Measures != 3 || len(ev.Misses) != 1 || ev.Misses[0].Line != 4 {
		t.Fatalf("got %+v, misses %+v", o, ev.Misses)
	}
	if o.Precision != 0.5 || o.Recall != 0.5 {
		t.Errorf("precision %v recall %v, want 0.5 0.5", o.Precision, o.Recall)
	}
	if len(ev.Misses[0].Evidence) == 0 || ev.Misses[0].Evidence[0].Keyword == "" {
		t.Errorf("a miss keeps its evidence: %+v", ev.Misses[0])
	}
}

func TestReadLabelledErrors(t *testing.T) {
	_, err := theme.ReadLabelled(strings.NewReader("plain\tB4\t\t对信访积案逐件化解。\nplain\tB4\n"))
	var pe *theme.ParseError
	if !errors.As(err, &pe) || pe.Line != 2 || !errors.Is(err, theme.ErrLabelledColumns) {
		t.Fatalf("err = %v", err)
	}
}

func BenchmarkEvaluate(b *testing.B) {
	tg := theme.NewTagger(nil)
	set := theme.LabelledSet()
	b.ReportAllocs()
	for b.Loop() {
		theme.Evaluate(tg, set)
	}
}

func TestTagWithEvidence(t *testing.T) {
	tg := theme.NewTagger(nil)
	for _, l := range theme.LabelledSet() {
		ids, ev := tg.TagWithEvidence(l.Text, l.Heading)
		want := tg.TagWithContext(l.Text, l.Heading)
		if !slices.Equal(ids, want) {
			t.Fatalf("line %d: TagWithEvidence ids %v, TagWithContext %v", l.Line, ids, want)
		}
		for i, e := range ev {
			if e.ID != ids[i] || len(e.Words) == 0 {
				t.Fatalf("line %d: evidence %+v for ids %v", l.Line, ev, ids)
			}
			for _, w := range e.Words {
				if !strings.Contains(l.Text, w) {
					t.Fatalf("line %d: evidence word %q not in the text", l.Line, w)
				}
			}
		}
	}
	// A keyword in passing leaves no evidence: 党组会议 here is the occasion.
	ids, ev := tg.TagWithEvidence("一是在党组会议上专题研究耕地保护工作，落实耕地保护目标责任。", "")
	if !slices.Equal(ids, []string{"A10"}) || !slices.Equal(ev[0].Words, []string{"耕地保护"}) {
		t.Errorf("got %v %+v", ids, ev)
	}
}
