package theme

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Theme is one recurring problem theme, e.g. B1 中央八项规定精神.
type Theme struct {
	// ID is stable across releases: A1 … G2 for the built-ins.
	ID string `json:"id"`
	// Group is the theme's group, "A" … "G" for the built-ins.
	Group string `json:"group"`
	// Name is a short Chinese name, e.g. 三会一课等组织生活.
	Name string `json:"name"`
	// Keywords tag the theme on their own.
	Keywords []string `json:"keywords"`
	// Weak keywords count only when the same text has a strong hit of
	// another theme of the same group, or when the heading passed to
	// [Tagger.TagWithContext] itself has a hit of this theme.
	Weak []string `json:"weak,omitempty"`
	// Generic keywords name a procedure, a meeting or an object that many
	// measures mention on the way to their subject (党组会议, 集体研究,
	// 审批流程, 采购, 资金使用). They tag the theme only when the text has
	// no other, independent evidence of a different theme; see the package
	// documentation on mentions in passing.
	Generic []string `json:"generic,omitempty"`
}

func (th Theme) clone() Theme {
	th.Keywords = slices.Clone(th.Keywords)
	th.Weak = slices.Clone(th.Weak)
	th.Generic = slices.Clone(th.Generic)
	return th
}

// Taxonomy is an ordered, immutable set of themes plus a stop list of
// boilerplate phrases that never tag. Build one with [Default],
// [ReadTaxonomy] or [Taxonomy.Merge].
type Taxonomy struct {
	themes []Theme
	byID   map[string]int
	stop   []string
}

// Default returns the 44 built-in themes of docs/domain.md §3 (A1–A12,
// B1–B9, C1–C4, D1–D7, E1–E8, F1–F2, G1–G2) and the built-in stop list.
// Each call builds a fresh value.
func Default() *Taxonomy {
	t, err := newTaxonomy(builtinThemes(), builtinStop())
	if err != nil {
		panic("theme: invalid built-in taxonomy: " + err.Error())
	}
	return t
}

// newTaxonomy validates themes and stop phrases and builds a Taxonomy.
func newTaxonomy(themes []Theme, stop []string) (*Taxonomy, error) {
	t := &Taxonomy{byID: make(map[string]int, len(themes))}
	for _, th := range themes {
		if err := validateTheme(th); err != nil {
			return nil, err
		}
		if _, dup := t.byID[th.ID]; dup {
			return nil, fmt.Errorf("theme %s: %w", th.ID, ErrDuplicateID)
		}
		t.byID[th.ID] = len(t.themes)
		t.themes = append(t.themes, th.clone())
	}
	for _, s := range stop {
		if err := validateKeyword(s); err != nil {
			return nil, fmt.Errorf("stop phrase %q: %w", s, err)
		}
	}
	t.stop = uniqueStrings(stop)
	return t, nil
}

// Themes returns a copy of the themes in taxonomy order.
func (t *Taxonomy) Themes() []Theme {
	out := make([]Theme, len(t.themes))
	for i, th := range t.themes {
		out[i] = th.clone()
	}
	return out
}

// Len reports the number of themes.
func (t *Taxonomy) Len() int { return len(t.themes) }

// Lookup returns the theme with the given id.
func (t *Taxonomy) Lookup(id string) (Theme, bool) {
	i, ok := t.byID[id]
	if !ok {
		return Theme{}, false
	}
	return t.themes[i].clone(), true
}

// Stop returns a copy of the stop list: phrases that never tag and that
// hide any keyword lying inside them.
func (t *Taxonomy) Stop() []string { return slices.Clone(t.stop) }

// Groups returns the distinct groups in order of first appearance.
func (t *Taxonomy) Groups() []string {
	var out []string
	for _, th := range t.themes {
		if !slices.Contains(out, th.Group) {
			out = append(out, th.Group)
		}
	}
	return out
}

// Merge returns a new taxonomy: t's themes in their order, each replaced
// whole by the user theme with the same id, followed by the user's new
// themes in the user's order. The stop lists are joined. Neither input
// changes; a nil user yields a copy of t.
func (t *Taxonomy) Merge(user *Taxonomy) *Taxonomy {
	out := &Taxonomy{
		themes: t.Themes(),
		byID:   make(map[string]int, len(t.themes)),
		stop:   slices.Clone(t.stop),
	}
	for i, th := range out.themes {
		out.byID[th.ID] = i
	}
	if user == nil {
		return out
	}
	for _, u := range user.themes {
		if i, ok := out.byID[u.ID]; ok {
			out.themes[i] = u.clone()
			continue
		}
		out.byID[u.ID] = len(out.themes)
		out.themes = append(out.themes, u.clone())
	}
	out.stop = uniqueStrings(append(out.stop, user.stop...))
	return out
}

// GroupName returns the Chinese name of a built-in group ("A" … "G"), or ""
// for a group this package does not know.
func GroupName(group string) string {
	switch group {
	case "A":
		return "党中央决策部署落实"
	case "B":
		return "群众身边腐败和不正之风"
	case "C":
		return "全面从严治党和监督"
	case "D":
		return "基层党组织建设和组织路线"
	case "E":
		return "财经管理与资产"
	case "F":
		return "巡视巡察审计等监督整改"
	case "G":
		return "专项领域事项"
	}
	return ""
}

// validateTheme checks one theme's fields and keywords.
func validateTheme(th Theme) error {
	if !validID(th.ID) {
		return fmt.Errorf("theme id %q: %w", th.ID, ErrInvalidID)
	}
	if strings.TrimSpace(th.Group) == "" || strings.ContainsFunc(th.Group, unicode.IsSpace) {
		return fmt.Errorf("theme %s: group %q: %w", th.ID, th.Group, ErrInvalidGroup)
	}
	if strings.TrimSpace(th.Name) == "" {
		return fmt.Errorf("theme %s: %w", th.ID, ErrMissingName)
	}
	if len(th.Keywords)+len(th.Weak)+len(th.Generic) == 0 {
		return fmt.Errorf("theme %s: %w", th.ID, ErrNoKeywords)
	}
	for _, list := range [][]string{th.Keywords, th.Weak, th.Generic} {
		for _, kw := range list {
			if err := validateKeyword(kw); err != nil {
				return fmt.Errorf("theme %s: keyword %q: %w", th.ID, kw, err)
			}
		}
	}
	return nil
}

// validID accepts ASCII letters, digits, '_', '-' and '.', starting with a
// letter or digit, at most 32 bytes.
func validID(id string) bool {
	if id == "" || len(id) > 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case i > 0 && (c == '_' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return true
}

// validateKeyword rejects empty keywords, invalid UTF-8, and keywords with
// spaces or control characters (they could never match normalised text).
func validateKeyword(kw string) error {
	if kw == "" {
		return ErrEmptyKeyword
	}
	if !utf8.ValidString(kw) || strings.ContainsFunc(kw, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}) {
		return ErrBadKeyword
	}
	return nil
}

func uniqueStrings(in []string) []string {
	seen := make(map[string]bool, len(in))
	out := make([]string, 0, len(in))
	for _, s := range in {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
