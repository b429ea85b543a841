package theme_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/theme"
)

func TestReadTaxonomyTSV(t *testing.T) {
	in := "\ufeffid\tgroup\tname\tkeywords\r\n" +
		"# 用户自定义主题\n" +
		"\n" +
		"H1\tH\t校外培训治理\t校外培训，学科类培训、~培训机构, 预收费\n" +
		"!stop\t教育强国,办人民满意的教育\n"
	tax, err := theme.ReadTaxonomy(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	h1, ok := tax.Lookup("H1")
	if !ok {
		t.Fatal("H1 missing")
	}
	if h1.Group != "H" || h1.Name != "校外培训治理" ||
		!slices.Equal(h1.Keywords, []string{"校外培训", "学科类培训", "预收费"}) ||
		!slices.Equal(h1.Weak, []string{"培训机构"}) {
		t.Errorf("H1 = %+v", h1)
	}
	if !slices.Equal(tax.Stop(), []string{"教育强国", "办人民满意的教育"}) {
		t.Errorf("stop = %v", tax.Stop())
	}
}

func TestReadTaxonomyJSON(t *testing.T) {
	for _, in := range []string{
		`[{"id": "H1", "group": "H", "name": "校外培训治理", "keywords": ["校外培训", "~培训机构"]}]`,
		`{"themes": [{"id": "H1", "group": "H", "name": "校外培训治理", "keywords": ["校外培训"], "weak": ["培训机构"]}],
		  "stop": ["教育强国"]}`,
	} {
		tax, err := theme.ReadTaxonomy(strings.NewReader(in))
		if err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		h1, _ := tax.Lookup("H1")
		if !slices.Equal(h1.Keywords, []string{"校外培训"}) || !slices.Equal(h1.Weak, []string{"培训机构"}) {
			t.Errorf("H1 = %+v", h1)
		}
	}
}

func TestReadTaxonomyErrors(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		wantLine int
		wantErr  error // nil: any error
	}{
		{"three columns", "H1\tH\t名称\tA,B\nH2\tH\t名称\n", 2, theme.ErrColumns},
		{"five columns", "H1\tH\t名称\tA,B\textra\n", 1, theme.ErrColumns},
		{"bad id", "\n\nH 1\tH\t名称\t关键词\n", 3, theme.ErrInvalidID},
		{"no group", "H1\t\t名称\t关键词\n", 1, theme.ErrInvalidGroup},
		{"no name", "# c\nH1\tH\t\t关键词\n", 2, theme.ErrMissingName},
		{"no keywords", "H1\tH\t名称\t , ,\n", 1, theme.ErrNoKeywords},
		{"duplicate id", "H1\tH\t名称\t甲乙\nH2\tH\t名称\t丙丁\n\nH1\tH\t名称\t戊己\n", 4, theme.ErrDuplicateID},
		{"bad stop line", "H1\tH\t名称\t甲乙\n!stop\n", 2, nil},
		{"invalid utf-8", "H1\tH\t名称\t甲\xff乙\n", 1, theme.ErrBadKeyword},
		{"json missing name", "[\n {\"id\": \"H1\", \"group\": \"H\", \"name\": \"名\", \"keywords\": [\"甲乙\"]},\n {\"id\": \"H2\", \"group\": \"H\",\n  \"keywords\": [\"丙丁\"]}\n]", 3, theme.ErrMissingName},
		{"json duplicate", "[{\"id\": \"H1\", \"group\": \"H\", \"name\": \"名\", \"keywords\": [\"甲乙\"]},\n{\"id\": \"H1\", \"group\": \"H\", \"name\": \"名\", \"keywords\": [\"甲乙\"]}]", 2, theme.ErrDuplicateID},
		{"json syntax", "[\n{\"id\": \"H1\",\n\"group\": \"H\"\n\"name\": \"名\"}]", 4, nil},
		{"json unknown field", "[\n{\"id\": \"H1\", \"group\": \"H\", \"name\": \"名\", \"keywords\": [\"甲乙\"], \"colour\": 1}]", 2, nil},
		{"json unknown key", "{\n\"themes\": [],\n\"extra\": 1}", 3, nil},
		{"json trailing", "[]\n[]", 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := theme.ReadTaxonomy(strings.NewReader(tt.in))
			if err == nil {
				t.Fatal("no error")
			}
			pe, ok := errors.AsType[*theme.ParseError](err)
			if !ok {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			if pe.Line != tt.wantLine {
				t.Errorf("line %d, want %d (%v)", pe.Line, tt.wantLine, err)
			}
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Errorf("message %q does not name the line", err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %v is not %v", err, tt.wantErr)
			}
		})
	}
}

func TestReadTaxonomyTooLarge(t *testing.T) {
	big := strings.Repeat("# 注释\n", theme.MaxTaxonomyBytes/8+1)
	_, err := theme.ReadTaxonomy(strings.NewReader(big))
	if !errors.Is(err, theme.ErrTooLarge) {
		t.Errorf("got %v, want ErrTooLarge", err)
	}
}

func TestReadTaxonomyGeneric(t *testing.T) {
	tax, err := theme.ReadTaxonomy(strings.NewReader("H1\tH\t校外培训治理\t校外培训,^培训机构\n"))
	if err != nil {
		t.Fatal(err)
	}
	th, _ := tax.Lookup("H1")
	if len(th.Generic) != 1 || th.Generic[0] != "培训机构" || len(th.Keywords) != 1 {
		t.Fatalf("got %+v", th)
	}
	tg := theme.NewTagger(tax.Merge(nil))
	if got := tg.Tag("规范培训机构管理"); len(got) != 1 || got[0] != "H1" {
		t.Errorf("a generic keyword alone tags: got %v", got)
	}
}
