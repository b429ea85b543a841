package synth_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/synth"
	"github.com/zhenggai/zhenggai/corpus/theme"
)

func TestDeterministic(t *testing.T) {
	a := synth.Generate(synth.Options{Seed: 7})
	b := synth.Generate(synth.Options{Seed: 7})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	if len(a) != 60 {
		t.Fatalf("default corpus has %d documents, want 60", len(a))
	}
	c := synth.Generate(synth.Options{Seed: 8})
	same := 0
	for i := range a {
		if a[i].Text == c[i].Text {
			same++
		}
	}
	if same == len(a) {
		t.Fatal("a different seed gave the same corpus")
	}
	for i, d := range a {
		if want := fmt.Sprintf("synthetic-%04d.txt", i+1); d.Name != want || d.Truth.Name != want {
			t.Errorf("document %d is named %q, want %q", i, d.Name, want)
		}
		if !strings.HasPrefix(d.Text, synth.Marker+"\n") {
			t.Errorf("%s does not open with the synthetic marker", d.Name)
		}
	}
}

func TestParserAccuracy(t *testing.T) {
	parserAccuracy(t, synth.Generate(synth.Options{Seed: 1}))
	// Other seeds and sizes reach the rarer branches (half-width first
	// headings, two phones, years crossed between start and end).
	parserAccuracy(t, synth.Generate(synth.Options{Seed: 99, Disclosures: 90, Units: 40}))
	// Seed 3 holds the two shapes that once failed: a 20-character SOE
	// committee on letterhead and signature, and 专项巡察 opened with 进行了.
	docs := synth.Generate(synth.Options{Seed: 3, Disclosures: 120})
	long, jinxing := 0, 0
	for _, d := range docs {
		if strings.Contains(d.Truth.Unit, "城市建设投资集团有限公司委员会") {
			long++
		}
		if strings.Contains(d.Text, "进行了") && d.Truth.Topic != "" {
			jinxing++
		}
	}
	if long == 0 || jinxing == 0 {
		t.Fatalf("seed 3 lacks the shapes it is here for: %d long units, %d 进行了…专项巡察", long, jinxing)
	}
	parserAccuracy(t, docs)
}

func parserAccuracy(t *testing.T, docs []synth.Doc) {
	p := corpus.NewParser(corpus.Options{})
	fields, wrong := 0, 0
	var agree, total int
	check := func(doc, field string, got, want any) {
		fields++
		if !reflect.DeepEqual(got, want) {
			wrong++
			t.Errorf("%s: %s = %v, want %v", doc, field, got, want)
		}
	}
	for _, d := range docs {
		tr := d.Truth
		got, err := p.Parse(corpus.Input{Text: d.Text})
		if err != nil {
			t.Fatalf("%s: %v", d.Name, err)
		}
		in := got.Inspection
		check(d.Name, "kind", got.Kind, corpus.KindRectification)
		check(d.Name, "unit", got.Unit, tr.Unit)
		check(d.Name, "body", in.Body, tr.Body)
		check(d.Name, "level", in.Level, tr.Level)
		check(d.Name, "term", deref(in.Term), tr.Term)
		check(d.Name, "round", deref(in.Round), tr.Round)
		check(d.Name, "group", in.Group, tr.Group)
		check(d.Name, "type", in.Type, tr.Type)
		check(d.Name, "topic", in.Topic, tr.Topic)
		check(d.Name, "start", in.Start, tr.Start)
		check(d.Name, "end", in.End, tr.End)
		check(d.Name, "feedback", in.Feedback, tr.Feedback)
		check(d.Name, "published", got.Published, tr.Published)
		var cats []string
		for _, c := range got.Categories {
			cats = append(cats, c.Title)
		}
		check(d.Name, "categories", cats, tr.Categories)
		var probs []synth.TruthProblem
		for _, c := range got.Categories {
			for _, pr := range c.Problems {
				probs = append(probs, synth.TruthProblem{Category: c.Number, Number: pr.Number, Title: pr.Title})
			}
		}
		check(d.Name, "problems", probs, tr.Problems)
		check(d.Name, "measures", len(got.Measures), len(tr.Measures))
		for i := range min(len(got.Measures), len(tr.Measures)) {
			gm, tm := got.Measures[i], tr.Measures[i]
			check(d.Name, fmt.Sprintf("measure %d", i), [4]any{gm.Category, deref(gm.Problem), gm.Number, gm.Text}, [4]any{tm.Category, tm.Problem, tm.Number, tm.Text})
			for _, id := range tm.Themes {
				total++
				if slices.Contains(gm.Themes, id) {
					agree++
				} else {
					t.Logf("%s measure %d meant %s, tagged %v: %s", d.Name, i, id, gm.Themes, gm.Text)
				}
			}
		}
		var phones []string
		postcode := ""
		if got.Contact != nil {
			phones, postcode = got.Contact.Phones, got.Contact.Postcode
		}
		check(d.Name, "phones", phones, tr.Phones)
		check(d.Name, "postcode", postcode, tr.Postcode)
		check(d.Name, "flags", got.Flags, []corpus.Flag{})
		check(d.Name, "stated aspects", deref(got.Counts.Aspects), 3)
		check(d.Name, "stated measures", deref(got.Counts.Measures), len(tr.Measures))
		if tr.Layout == "B" {
			check(d.Name, "stated problems", deref(got.Counts.Problems), len(tr.Problems))
		}
	}
	t.Logf("parser agreed on %d of %d fields", fields-wrong, fields)
	rate := float64(agree) / float64(total)
	t.Logf("tagger agreed with the intended theme on %d of %d measures (%.1f%%)", agree, total, 100*rate)
	if rate < 0.9 {
		t.Errorf("tagger agreement %.1f%% is below 90%%", 100*rate)
	}
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// TestBankSentencesTag checks that every bank sentence names its theme in
// the tagger's own words, whatever fills its slots, and that the follow-up
// clauses name none.
func TestBankSentencesTag(t *testing.T) {
	tg := theme.NewTagger(theme.Default())
	r := strings.NewReplacer("{org}", "局党组", "{area}", "全县", "{n}", "6")
	themes := map[string]int{}
	for _, b := range synth.BankSentences() {
		id, s := b[0], r.Replace(b[1])
		themes[id]++
		if got := tg.Tag(s); !slices.Contains(got, id) {
			t.Errorf("%s sentence tags %v: %s", id, got, s)
		}
	}
	if len(themes) < 25 {
		t.Errorf("banks cover %d themes, want at least 25", len(themes))
	}
	for id, n := range themes {
		if n < 4 {
			t.Errorf("theme %s has %d sentences, want at least 4", id, n)
		}
	}
	for _, tail := range synth.Tails() {
		if got := tg.Tag(tail); len(got) > 0 {
			t.Errorf("tail %q tags %v", tail, got)
		}
	}
	for _, p := range synth.Parts() {
		if got := tg.Tag(p); len(got) > 0 {
			t.Errorf("part %q tags %v", p, got)
		}
	}
}

// TestPlantedStructure checks what the generator promises in Truth: units
// recur across rounds with a theme repeated, the units of a round share a
// theme, about 5% of measures are near-copies of another unit's measure,
// and the dates keep their order and spacing.
func TestPlantedStructure(t *testing.T) {
	for _, opts := range []synth.Options{{Seed: 1}, {Seed: 2, Disclosures: 200}, {Seed: 3, Disclosures: 45, Units: 5}} {
		docs := synth.Generate(opts)
		byUnit := map[string][]synth.Truth{}
		byRound := map[string][]synth.Truth{}
		byKey := map[string]synth.TruthMeasure{}
		unitOf := map[string]string{}
		measures, copies := 0, 0
		for _, d := range docs {
			tr := d.Truth
			byUnit[tr.Unit] = append(byUnit[tr.Unit], tr)
			byRound[tr.RoundKey] = append(byRound[tr.RoundKey], tr)
			for _, m := range tr.Measures {
				byKey[m.Key(tr.Name)] = m
				unitOf[m.Key(tr.Name)] = tr.Unit
			}
			checkDates(t, tr)
		}
		for u, trs := range byUnit {
			if len(trs) < 2 || len(trs) > 3 {
				t.Errorf("%v: %s appears in %d rounds, want 2 or 3", opts, u, len(trs))
			}
			rounds := map[string]bool{}
			for _, tr := range trs {
				rounds[tr.RoundKey] = true
			}
			if len(rounds) != len(trs) {
				t.Errorf("%v: %s is inspected twice in one round", opts, u)
			}
			if len(sharedThemes(trs)) == 0 {
				t.Errorf("%v: %s repeats no theme across its rounds", opts, u)
			}
		}
		shared := 0
		for key, trs := range byRound {
			if len(trs) < 2 {
				continue
			}
			shared++
			if len(sharedThemes(trs)) == 0 {
				t.Errorf("%v: the %d units of %s share no theme", opts, len(trs), key)
			}
		}
		if shared == 0 {
			t.Errorf("%v: no round has two units", opts)
		}
		for _, d := range docs {
			for _, m := range d.Truth.Measures {
				measures++
				if m.NearCopyOf == "" {
					continue
				}
				copies++
				src, ok := byKey[m.NearCopyOf]
				switch {
				case !ok:
					t.Errorf("%s: near-copy of unknown measure %s", d.Name, m.NearCopyOf)
				case unitOf[m.NearCopyOf] == d.Truth.Unit:
					t.Errorf("%s: near-copy of the unit's own measure %s", d.Name, m.NearCopyOf)
				default:
					a, b := strings.TrimSuffix(src.Text, "。"), strings.TrimSuffix(m.Text, "。")
					if dist := editDistance(a, b); dist < 1 || dist > 3 {
						t.Errorf("%s: near-copy of %s differs by %d characters:\n%s\n%s", d.Name, m.NearCopyOf, dist, src.Text, m.Text)
					}
				}
			}
		}
		if rate := float64(copies) / float64(measures); rate < 0.02 || rate > 0.10 {
			t.Errorf("%v: %d near-copies in %d measures (%.1f%%), want about 5%%", opts, copies, measures, 100*rate)
		}
		t.Logf("%+v: %d documents, %d units, %d rounds (%d shared), %d measures, %d near-copies", opts, len(docs), len(byUnit), len(byRound), shared, measures, copies)
	}
}

func checkDates(t *testing.T, tr synth.Truth) {
	t.Helper()
	day := func(s string) time.Time {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatalf("%s: bad date %q", tr.Name, s)
		}
		return d
	}
	start, end, fb, pub := day(tr.Start), day(tr.End), day(tr.Feedback), day(tr.Published)
	days := func(a, b time.Time) int { return int(b.Sub(a).Hours() / 24) }
	if n := days(start, end); n < 40 || n > 80 {
		t.Errorf("%s: inspection of %d days", tr.Name, n)
	}
	if n := days(end, fb); n < 15 || n > 60 {
		t.Errorf("%s: feedback %d days after the end", tr.Name, n)
	}
	if n := days(fb, pub); n < 90 || n > 310 {
		t.Errorf("%s: published %d days after feedback", tr.Name, n)
	}
}

// sharedThemes are the theme ids every one of the disclosures lists.
func sharedThemes(trs []synth.Truth) []string {
	var out []string
	for _, m := range trs[0].Measures {
		id := m.Themes[0]
		all := true
		for _, tr := range trs[1:] {
			if !slices.ContainsFunc(tr.Measures, func(o synth.TruthMeasure) bool { return slices.Contains(o.Themes, id) }) {
				all = false
				break
			}
		}
		if all && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// editDistance is the Levenshtein distance in characters.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			c := prev[j-1]
			if ra[i-1] != rb[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// TestGenerateContextCancelled checks that a cancelled generation stops
// with the context's error and returns no documents.
func TestGenerateContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	docs, err := synth.GenerateContext(ctx, synth.Options{Seed: 1, Disclosures: 600})
	if !errors.Is(err, context.Canceled) || docs != nil {
		t.Fatalf("got %d documents, error %v; want none and context.Canceled", len(docs), err)
	}
	if docs, err := synth.GenerateContext(context.Background(), synth.Options{Seed: 1, Disclosures: 3}); err != nil || len(docs) != 3 {
		t.Fatalf("got %d documents, error %v; want 3", len(docs), err)
	}
}
