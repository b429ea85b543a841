package corpus_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/corpustest"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/fixtures")

func newParser(tb testing.TB) *corpus.Parser {
	tb.Helper()
	return corpus.NewParser(corpus.Options{})
}

func parseText(tb testing.TB, p *corpus.Parser, path, text string) *corpus.Disclosure {
	tb.Helper()
	d, err := p.Parse(corpus.Input{Text: text, Source: corpus.Source{Path: path, Format: "txt", Encoding: "utf-8"}})
	if err != nil {
		tb.Fatalf("parse %s: %v", path, err)
	}
	return d
}

func intp(v *int) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprint(*v)
}

// TestSeed checks the real seed disclosure (kept in ../shared/seed, never in
// the repository) field by field.
func TestSeed(t *testing.T) {
	p := newParser(t)
	d := parseText(t, p, corpustest.SeedName, string(corpustest.Seed(t)))
	in := d.Inspection
	checks := []struct {
		name, got, want string
	}{
		{"kind", string(d.Kind), "rectification"},
		{"unit", d.Unit, "中共拉萨市教育局党组"},
		{"unit organ", d.UnitOrgan, "党组"},
		{"letterhead", d.Letterhead, "中共拉萨市教育局党组"},
		{"title", d.Title, "中共拉萨市教育局党组关于十届市委第二轮巡察反馈意见整改落实情况的公示"},
		{"scope", in.Scope, "巡察"},
		{"body", in.Body, "市委"},
		{"level", in.Level, "city"},
		{"term", intp(in.Term), "10"},
		{"round", intp(in.Round), "2"},
		{"group", in.Group, "巡察四组"},
		{"type", in.Type, "常规巡察"},
		{"start", in.Start, "2023-04-04"},
		{"end", in.End, "2023-06-03"},
		{"feedback", in.Feedback, "2023-07-18"},
		{"feedback year inferred", fmt.Sprint(in.FeedbackYearInferred), "true"},
		{"published", d.Published, "2024-04-15"},
		{"published from", d.PublishedFrom, "signature"},
		{"categories count", intp(d.Counts.Categories), "3"},
		{"aspects", intp(d.Counts.Aspects), "11"},
		{"problems", intp(d.Counts.Problems), "35"},
		{"measures count", intp(d.Counts.Measures), "nil"},
		{"rectified", intp(d.Counts.Rectified), "nil"},
		{"categories", fmt.Sprint(len(d.Categories)), "3"},
		{"measures", fmt.Sprint(len(d.Measures)), "25"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	per := map[int]int{}
	for _, m := range d.Measures {
		per[m.Category]++
		if m.Problem != nil {
			t.Errorf("measure %d.%d has a problem number; the seed restates none", m.Category, m.Number)
		}
		if !strings.HasSuffix(m.Marker, "是") || strings.HasPrefix(m.Text, m.Marker) {
			t.Errorf("measure %d.%d: marker %q, text %.30q: want the 一是 word removed", m.Category, m.Number, m.Marker, m.Text)
		}
		if strings.Contains(m.Text, "\n") {
			t.Errorf("measure %d.%d text has a line break", m.Category, m.Number)
		}
	}
	if per[1] != 8 || per[2] != 9 || per[3] != 8 {
		t.Errorf("measures per category = %v, want 1:8 2:9 3:8", per)
	}
	if len(d.Categories) == 3 {
		want := []string{
			"聚焦党中央各项决策部署在基层的落实情况方面存在的问题",
			"聚焦群众身边腐败问题和不正之风以及群众反映强烈方面存在的问题",
			"聚焦基层党组织建设情况方面存在的问题",
		}
		for i, c := range d.Categories {
			if c.Number != i+1 || c.Title != want[i] {
				t.Errorf("category %d = %d %q, want %d %q", i, c.Number, c.Title, i+1, want[i])
			}
		}
	}
	// Every word broken by a PDF page break is joined inside its measure.
	joined := []string{"感悟领袖风范", "专项教育实践活动》", "广泛开展以", "划出红线", "直属学校干部资源"}
	all := ""
	for _, m := range d.Measures {
		all += m.Text + "\n"
	}
	for _, j := range joined {
		if !strings.Contains(all, j) {
			t.Errorf("measures do not contain the joined %q", j)
		}
	}
	if !strings.Contains(d.NextSteps, "开出了一剂") {
		t.Errorf("next steps do not contain the joined 开出了: %q", d.NextSteps)
	}
	// The first and last measures, exactly as they begin and end.
	if len(d.Measures) == 25 {
		first, last := d.Measures[0], d.Measures[24]
		if first.Number != 1 || !strings.HasPrefix(first.Text, "以全面贯彻落实党的二十大精神为主题") {
			t.Errorf("first measure = %d %q", first.Number, first.Text[:60])
		}
		if last.Category != 3 || last.Number != 8 || !strings.HasPrefix(last.Text, "优化组织机构。") || !strings.HasSuffix(last.Text, "深入推动校园安全主体责任的落实。") {
			t.Errorf("last measure = %d.%d %q", last.Category, last.Number, last.Text)
		}
		m24 := d.Measures[12]
		if m24.Category != 2 || m24.Number != 5 || !strings.HasPrefix(m24.Text, "修订完善《市教育局信访接待制度》") {
			t.Errorf("measure 13 = %d.%d %q", m24.Category, m24.Number, m24.Text)
		}
	}
	if d.Contact == nil {
		t.Fatal("no contact")
	}
	if !reflect.DeepEqual(d.Contact.Phones, []string{"0891-6323368"}) {
		t.Errorf("phones = %v", d.Contact.Phones)
	}
	if d.Contact.Postcode != "850000" {
		t.Errorf("postcode = %q", d.Contact.Postcode)
	}
	if d.Contact.Address != "拉萨市城关区林聚路20号" {
		t.Errorf("address = %q", d.Contact.Address)
	}
	if d.Signature == nil || d.Signature.Org != "中共拉萨市教育局党组" || d.Signature.Date != "2024-04-15" {
		t.Errorf("signature = %+v", d.Signature)
	}
	if len(d.Sections) != 3 || d.Sections[0].Title != "整改工作开展情况" || d.Sections[1].Title != "整改任务落实情况" || d.Sections[2].Title != "下一步工作打算" {
		t.Errorf("top sections = %+v", sectionTitles(d.Sections))
	}
	if len(d.Sections) > 0 && len(d.Sections[0].Children) != 3 {
		t.Errorf("section 一 has %d children, want 3", len(d.Sections[0].Children))
	}
	if len(d.Flags) != 0 {
		t.Errorf("flags = %+v, want none", d.Flags)
	}
	if !reflect.DeepEqual(d.Supervisors, []string{"市委巡察办", "市纪委监委第八驻纪检监察组"}) {
		t.Errorf("supervisors = %v", d.Supervisors)
	}
	if len(d.LegalBasis) == 0 || d.LegalBasis[0] != "党务公开原则" {
		t.Errorf("legal basis = %v", d.LegalBasis)
	}
}

func sectionTitles(ss []corpus.Section) []string {
	var out []string
	for _, s := range ss {
		out = append(out, s.Number+" "+s.Title)
	}
	return out
}

// TestFixtures parses every disclosure we wrote in testdata/fixtures and
// compares it with its golden record (rewritten with -update) and with the
// hand-written expectations in its .expect.json, which state intent
// independently of the parser's output.
func TestFixtures(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "fixtures", "*.txt"))
	if err != nil || len(files) < 12 {
		t.Fatalf("want at least 12 fixtures, found %d (%v)", len(files), err)
	}
	p := newParser(t)
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			d := parseText(t, p, filepath.Base(f), string(raw))
			got := checkGolden(t, strings.TrimSuffix(f, ".txt")+".golden.json", d)
			exp, err := os.ReadFile(strings.TrimSuffix(f, ".txt") + ".expect.json")
			if err != nil {
				t.Fatalf("every fixture needs a hand-written .expect.json: %v", err)
			}
			var wantAny, gotAny any
			if err := json.Unmarshal(exp, &wantAny); err != nil {
				t.Fatalf("expect file: %v", err)
			}
			if err := json.Unmarshal(got, &gotAny); err != nil {
				t.Fatal(err)
			}
			for _, diff := range subset("", wantAny, gotAny) {
				t.Error(diff)
			}
		})
	}
}

// checkGolden compares a record with its golden file, rewriting the file
// first with -update, and returns the record's JSON.
func checkGolden(t *testing.T, golden string, d *corpus.Disclosure) []byte {
	t.Helper()
	got, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden (run go test ./corpus -update): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("record differs from %s (run go test ./corpus -update and review the diff)", golden)
	}
	return got
}

// subset lists where got does not hold what want states: objects match on
// the keys want names, arrays element by element with equal lengths.
func subset(path string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			if got == nil && len(w) == 0 {
				return nil
			}
			return []string{fmt.Sprintf("%s: want an object, got %v", path, brief(got))}
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []string
		for _, k := range keys {
			gv, present := g[k]
			if !present && w[k] == nil {
				continue
			}
			if !present {
				// An empty list or false stated for an omitted field matches.
				if isEmpty(w[k]) {
					continue
				}
				out = append(out, fmt.Sprintf("%s.%s: missing, want %v", path, k, brief(w[k])))
				continue
			}
			out = append(out, subset(path+"."+k, w[k], gv)...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok {
			if got == nil && len(w) == 0 {
				return nil
			}
			return []string{fmt.Sprintf("%s: want a list, got %v", path, brief(got))}
		}
		if len(g) != len(w) {
			return []string{fmt.Sprintf("%s: %d items, want %d: got %v", path, len(g), len(w), brief(g))}
		}
		var out []string
		for i := range w {
			out = append(out, subset(fmt.Sprintf("%s[%d]", path, i), w[i], g[i])...)
		}
		return out
	default:
		if !reflect.DeepEqual(want, got) {
			return []string{fmt.Sprintf("%s = %v, want %v", path, brief(got), brief(want))}
		}
		return nil
	}
}

func isEmpty(v any) bool {
	switch x := v.(type) {
	case []any:
		return len(x) == 0
	case bool:
		return !x
	case string:
		return x == ""
	}
	return false
}

func brief(v any) string {
	b, _ := json.Marshal(v)
	if r := []rune(string(b)); len(r) > 160 {
		return string(r[:160]) + "…"
	}
	return string(b)
}

// TestPublishedFromPage checks the page data a real page prints around the
// title: labelled bullets, a bare date line, a date at the end of the title
// (issue 8, points 1 and 6). The signature date is later in every case, so
// a right answer cannot come from it.
func TestPublishedFromPage(t *testing.T) {
	p := newParser(t)
	const opening = "根据市委统一部署，2025年3月3日至4月30日，市委第四巡察组对某局党组开展了常规巡察。5月23日反馈了巡察意见。现将巡察整改进展情况予以公布。\n一、关于学习的问题\n1.制定学习计划。\n中共某局党组\n2025年9月30日\n"
	const title = "中共某局党组关于市委巡察整改进展情况的通报"
	tests := []struct{ name, text, want string }{
		{"发表时间 bullet above the title", "• 发表时间：2025-08-07 09:12\n" + title + "\n" + opening, "2025-08-07"},
		{"发布日期 bullet below the title", title + "\n· 发布日期：2025/8/7\n" + opening, "2025-08-07"},
		{"bare date and time under the title", title + "\n2025-08-07 11:00\n" + opening, "2025-08-07"},
		{"date at the end of the title line", title + " 2025-08-07\n" + opening, "2025-08-07"},
		{"no page data: the signature", title + "\n" + opening, "2025-09-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parseText(t, p, tt.name, tt.text)
			if d.Published != tt.want || d.Title != title {
				t.Errorf("published %q (%s), title %q; want %q, %q", d.Published, d.PublishedFrom, d.Title, tt.want, title)
			}
		})
	}
}
