package theme_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/theme"
)

// builtinIDs lists the 44 ids of docs/domain.md §3.
func builtinIDs() []string {
	var ids []string
	for _, g := range []struct {
		group string
		n     int
	}{{"A", 12}, {"B", 9}, {"C", 4}, {"D", 7}, {"E", 8}, {"F", 2}, {"G", 2}} {
		for i := 1; i <= g.n; i++ {
			ids = append(ids, fmt.Sprintf("%s%d", g.group, i))
		}
	}
	return ids
}

func TestDefaultHasAllThemes(t *testing.T) {
	tax := theme.Default()
	want := builtinIDs()
	if len(want) != 44 || tax.Len() != 44 {
		t.Fatalf("got %d themes, want 44 (%d ids listed)", tax.Len(), len(want))
	}
	var got []string
	for _, th := range tax.Themes() {
		got = append(got, th.ID)
	}
	if !slices.Equal(got, want) {
		t.Errorf("theme ids in order:\n got %v\nwant %v", got, want)
	}
	names := map[string]string{}
	for _, id := range want {
		th, ok := tax.Lookup(id)
		if !ok {
			t.Errorf("Lookup(%s): missing", id)
			continue
		}
		if th.Group != id[:1] {
			t.Errorf("%s: group %q, want %q", id, th.Group, id[:1])
		}
		if th.Name == "" || theme.GroupName(th.Group) == "" {
			t.Errorf("%s: empty name or group name", id)
		}
		if other, dup := names[th.Name]; dup {
			t.Errorf("%s and %s share the name %s", id, other, th.Name)
		}
		names[th.Name] = id
		if n := len(th.Keywords) + len(th.Weak) + len(th.Generic); len(th.Keywords) < 8 || n > 20 {
			t.Errorf("%s: %d strong and %d weak keywords, want ≥ 8 strong and ≤ 20 in all", id, len(th.Keywords), len(th.Weak))
		}
	}
	if _, ok := tax.Lookup("Z9"); ok {
		t.Error("Lookup(Z9) found a theme")
	}
}

func TestDefaultIsFreshAndImmutable(t *testing.T) {
	a := theme.Default()
	th := a.Themes()
	th[0].Keywords[0] = "改坏了"
	th[0].Name = "改坏了"
	got, _ := a.Lookup(th[0].ID)
	if got.Name == "改坏了" || got.Keywords[0] == "改坏了" {
		t.Error("Themes returned shared slices")
	}
	if b := theme.Default(); b == a {
		t.Error("Default returned the same pointer twice")
	}
}

func TestStopPhrasesAreNotKeywords(t *testing.T) {
	tax := theme.Default()
	stop := tax.Stop()
	for _, w := range []string{"两个维护", "四个意识", "四个自信", "两个确立", "政治站位", "高质量发展"} {
		if !slices.Contains(stop, w) {
			t.Errorf("stop list lacks %s", w)
		}
	}
	for _, th := range tax.Themes() {
		for _, kw := range slices.Concat(th.Keywords, th.Weak) {
			if slices.Contains(stop, kw) {
				t.Errorf("%s keyword %s is also a stop phrase", th.ID, kw)
			}
		}
	}
}

func TestMerge(t *testing.T) {
	user, err := theme.ReadTaxonomy(strings.NewReader(
		"B7\tB\t教育收费和师德\t违规收费,补课\n" +
			"H1\tH\t校外培训治理\t校外培训,学科类培训\n" +
			"!stop\t教育强国\n"))
	if err != nil {
		t.Fatal(err)
	}
	base := theme.Default()
	merged := base.Merge(user)

	if merged.Len() != 45 {
		t.Fatalf("merged Len = %d, want 45", merged.Len())
	}
	b7, _ := merged.Lookup("B7")
	if b7.Name != "教育收费和师德" || !slices.Equal(b7.Keywords, []string{"违规收费", "补课"}) {
		t.Errorf("B7 not overridden: %+v", b7)
	}
	themes := merged.Themes()
	if themes[len(themes)-1].ID != "H1" || themes[18].ID != "B7" {
		t.Errorf("merged order wrong: B7 at 18 is %s, last is %s", themes[18].ID, themes[len(themes)-1].ID)
	}
	if !slices.Contains(merged.Stop(), "教育强国") || !slices.Contains(merged.Stop(), "两个维护") {
		t.Error("stop lists not joined")
	}
	if orig, _ := base.Lookup("B7"); orig.Name != "师德师风和教育乱象" {
		t.Errorf("Merge changed its receiver: B7 is %s", orig.Name)
	}
	if base.Len() != 44 {
		t.Errorf("Merge changed its receiver: Len %d", base.Len())
	}

	tg := theme.NewTagger(merged)
	for _, c := range []struct{ text, want string }{
		{"规范学科类培训机构", "H1"},
		{"严禁违规收费", "B7"},
		{"加强师德师风建设", ""}, // the override dropped 师德师风
	} {
		got := strings.Join(tg.Tag(c.text), ",")
		if got != c.want {
			t.Errorf("Tag(%q) = %q, want %q", c.text, got, c.want)
		}
	}
	if n := base.Merge(nil).Len(); n != 44 {
		t.Errorf("Merge(nil).Len() = %d", n)
	}
}

func TestGroupsInOrder(t *testing.T) {
	if got := strings.Join(theme.Default().Groups(), ""); got != "ABCDEFG" {
		t.Errorf("Groups = %s", got)
	}
}
