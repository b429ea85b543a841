package theme_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/corpus/theme"
)

// seedMeasure is one crudely split measure of the seed with its heading.
type seedMeasure struct {
	heading, text string
}

// splitSeed splits the rectification section of the seed into measures:
// lines starting with 一是 … 九是, under the last （一）-style heading. Other
// lines of the section are the second halves of page-broken paragraphs and
// are appended to the heading or measure before them. A rough split, for
// tagging only.
func splitSeed(text string) (intro []string, measures []seedMeasure) {
	section, heading := "", ""
	inMeasure := false
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case strings.HasPrefix(line, "一、"), strings.HasPrefix(line, "二、"), strings.HasPrefix(line, "三、"):
			section = line
			continue
		case strings.HasPrefix(line, "（"), strings.HasPrefix(line, "("):
			if strings.HasPrefix(section, "二、") {
				heading, inMeasure = line, false
				continue
			}
		}
		if !strings.HasPrefix(section, "二、") {
			if section == "" || strings.HasPrefix(section, "一、") {
				intro = append(intro, line)
			}
			continue
		}
		switch r := []rune(line); {
		case len(r) > 2 && r[1] == '是' && strings.ContainsRune("一二三四五六七八九十", r[0]):
			measures = append(measures, seedMeasure{heading: heading, text: line})
			inMeasure = true
		case inMeasure:
			measures[len(measures)-1].text += line
		default:
			heading += line
		}
	}
	return intro, measures
}

func TestSeed(t *testing.T) {
	intro, measures := splitSeed(string(corpustest.Seed(t)))
	if len(measures) != 25 {
		t.Fatalf("split %d measures, want 25", len(measures))
	}
	tg := theme.NewTagger(nil)

	tagged := 0
	for i, m := range measures {
		got := tg.TagWithContext(m.text, m.heading)
		if len(got) > 0 {
			tagged++
		}
		t.Logf("%2d %-8s %v", i+1, tg.HeadingGroup(m.heading), got)
	}
	if tagged < 20 {
		t.Errorf("%d of %d measures tagged, want ≥ 20", tagged, len(measures))
	}

	// Each expectation names a word that identifies the measure and a theme
	// it must carry.
	expect := []struct{ word, id string }{
		{"师德师风", "B7"},
		{"信访", "B4"},
		{"三会一课", "D2"},
		{"议题呈报单", "D1"},
		{"铸牢中华民族共同体意识专项教育实践活动方案", "A9"},
		{"校园安全", "A7"},
		{"综合治理", "A7"},
		{"减负", "B2"},
		{"年轻干部", "D6"},
		{"党员培养", "D4"},
		{"主体责任清单", "C1"},
		{"警示教育大会", "C3"},
		{"校长负责制“2+2”", "A12"},
	}
	for _, e := range expect {
		found := false
		for _, m := range measures {
			if !strings.Contains(m.text, e.word) {
				continue
			}
			found = true
			if got := tg.TagWithContext(m.text, m.heading); !slices.Contains(got, e.id) {
				t.Errorf("measure with %s: tags %v, want %s among them", e.word, got, e.id)
			}
		}
		if !found {
			t.Errorf("no measure mentions %s", e.word)
		}
	}

	// The 减负 measure is about formalism, not pupils' burden.
	for _, m := range measures {
		if strings.Contains(m.text, "控制发文") {
			if got := tg.TagWithContext(m.text, m.heading); slices.Contains(got, "B7") {
				t.Errorf("减负 measure tagged B7: %v", got)
			}
		}
	}

	// The opening and the organisation section are boilerplate.
	if len(intro) < 4 {
		t.Fatalf("intro has %d paragraphs", len(intro))
	}
	for _, p := range intro {
		if got := tg.Tag(p); len(got) > 0 {
			t.Errorf("boilerplate paragraph %.30q… tagged %v (hits %v)", p, got, tg.Hits(p))
		}
	}
}
