package indexer

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/analytics"
)

// maxSuggestions caps the known values proposed for an unknown filter
// value.
const maxSuggestions = 5

// resolveFilters turns the unit, round label and theme filters people type
// into the values the index holds:
//
//   - a unit by its printed name, its canonical key (analytics.UnitKey:
//     云岭县教育局) or a short form (县教育局, 卫健委), matching every unit
//     whose key is or contains the value's key;
//   - a round by its printed label (十届市委第二轮), a place-qualified label
//     (青溪县十届县委第二轮: the label of units of that place) or a bare
//     round (第二轮, 二轮);
//   - a theme by its id (B1) or its name, whole or in part (津补贴).
//
// A value naming nothing is kept (so the filter selects nothing, as asked)
// and returned with the closest known values.
func (ix *Index) resolveFilters(ctx context.Context, idx bleve.Index, q *Query) ([]FilterSuggestion, error) {
	var unknown []FilterSuggestion
	if len(q.Unit) > 0 {
		units, err := ix.fieldTerms(ctx, idx, fieldUnit)
		if err != nil {
			return nil, err
		}
		var out []string
		for _, v := range q.Unit {
			found := resolveUnit(v, units)
			if len(found) == 0 {
				unknown = append(unknown, FilterSuggestion{Filter: "unit", Value: v, Suggestions: closest(v, units)})
				found = []string{v}
			}
			out = appendNew(out, found...)
		}
		q.Unit = out
	}
	if len(q.RoundLabel) > 0 {
		labels, err := ix.fieldTerms(ctx, idx, fieldRoundLabel)
		if err != nil {
			return nil, err
		}
		var out []string
		var places []string
		for _, v := range q.RoundLabel {
			found, place := resolveRound(v, labels)
			if len(found) == 0 {
				unknown = append(unknown, FilterSuggestion{Filter: "round", Value: v, Suggestions: closest(v, labels)})
				found = []string{v}
			}
			out = appendNew(out, found...)
			if place != "" {
				places = appendNew(places, place)
			}
		}
		q.RoundLabel = out
		if len(places) > 0 {
			// A place-qualified round selects that place's units.
			units, err := ix.fieldTerms(ctx, idx, fieldUnit)
			if err != nil {
				return nil, err
			}
			var inPlace []string
			for _, u := range units {
				if slices.Contains(places, analytics.Jurisdiction(u)) {
					inPlace = append(inPlace, u)
				}
			}
			if len(q.Unit) == 0 {
				q.Unit = inPlace
			} else {
				q.Unit = slices.DeleteFunc(q.Unit, func(u string) bool { return !slices.Contains(inPlace, u) })
			}
			if len(q.Unit) == 0 {
				q.Unit = []string{"\x00no unit of " + strings.Join(places, "、")}
			}
		}
	}
	if len(q.Themes) > 0 {
		ids, err := ix.fieldTerms(ctx, idx, fieldThemes)
		if err != nil {
			return nil, err
		}
		var names []string
		for _, th := range ix.themes.Themes() {
			names = append(names, th.ID+" "+th.Name)
		}
		var out []string
		for _, v := range q.Themes {
			found := ix.resolveTheme(v, ids)
			if len(found) == 0 {
				unknown = append(unknown, FilterSuggestion{Filter: "theme", Value: v, Suggestions: closest(v, names)})
				found = []string{v}
			}
			out = appendNew(out, found...)
		}
		q.Themes = out
	}
	return unknown, nil
}

// resolveUnit returns the stored units a value names.
func resolveUnit(v string, units []string) []string {
	if slices.Contains(units, v) {
		return []string{v}
	}
	key := analytics.UnitKey(v)
	var exact, partial []string
	for _, u := range units {
		uk := analytics.UnitKey(u)
		switch {
		case uk == key:
			exact = append(exact, u)
		case utf8.RuneCountInString(key) >= 2 && strings.Contains(uk, key):
			partial = append(partial, u)
		}
	}
	if len(exact) > 0 {
		return exact
	}
	return partial
}

// resolveRound returns the stored round labels a value names and, for a
// place-qualified label, the place.
func resolveRound(v string, labels []string) ([]string, string) {
	v = strings.Join(strings.Fields(v), "")
	if slices.Contains(labels, v) {
		return []string{v}, ""
	}
	// A place-qualified label: a stored label ending the value.
	var best string
	for _, l := range labels {
		if strings.HasSuffix(v, l) && len(l) > len(best) {
			best = l
		}
	}
	if best != "" {
		if place := strings.TrimSuffix(v, best); place != "" {
			return []string{best}, place
		}
	}
	// A bare round: 第二轮, 二轮 or 2.
	bare := v
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		bare = "第" + corpus.ChineseNumber(n) + "轮"
	} else if !strings.HasPrefix(bare, "第") && strings.HasSuffix(bare, "轮") {
		bare = "第" + bare
	}
	if !strings.HasSuffix(bare, "轮") {
		return nil, ""
	}
	var out []string
	for _, l := range labels {
		if strings.HasSuffix(l, bare) {
			out = append(out, l)
		}
	}
	return out, ""
}

// resolveTheme returns the theme ids a value names: an id (any case), a
// name, or a part of a name.
func (ix *Index) resolveTheme(v string, _ []string) []string {
	if th, ok := ix.themes.Lookup(strings.ToUpper(v)); ok {
		return []string{th.ID}
	}
	var out []string
	for _, th := range ix.themes.Themes() {
		if th.Name == v {
			return []string{th.ID}
		}
		if utf8.RuneCountInString(v) >= 2 && strings.Contains(th.Name, v) {
			out = append(out, th.ID)
		}
	}
	return out
}

// closest returns up to maxSuggestions known values most like v: by the
// characters they share, then by length difference.
func closest(v string, known []string) []string {
	type scored struct {
		s     string
		share int
		diff  int
	}
	vr := []rune(analytics.UnitKey(v))
	var cands []scored
	for _, k := range known {
		kr := []rune(k)
		share := 0
		for _, r := range slices.Compact(slices.Sorted(slices.Values(vr))) {
			if slices.Contains(kr, r) {
				share++
			}
		}
		if share == 0 {
			continue
		}
		cands = append(cands, scored{k, share, abs(len(kr) - len(vr))})
	}
	slices.SortFunc(cands, func(a, b scored) int {
		if c := cmp.Compare(b.share, a.share); c != 0 {
			return c
		}
		if c := cmp.Compare(a.diff, b.diff); c != 0 {
			return c
		}
		return cmp.Compare(a.s, b.s)
	})
	out := []string{}
	for _, c := range cands[:min(len(cands), maxSuggestions)] {
		out = append(out, c.s)
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func appendNew(dst []string, vs ...string) []string {
	for _, v := range vs {
		if !slices.Contains(dst, v) {
			dst = append(dst, v)
		}
	}
	return dst
}
