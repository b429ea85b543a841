package analytics

import (
	"cmp"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/zhenggai/zhenggai/corpus/theme"
	"github.com/zhenggai/zhenggai/corpus/unit"
)

// Groupings of Compare.
const (
	ByUnit  = "unit"  // group by the inspected unit (normalised, see UnitKey)
	ByRound = "round" // group by round key, e.g. 十届市委第二轮
)

// Defaults of Recurring and Common for a threshold of zero or less.
const (
	DefaultMinRounds = 2
	DefaultMinUnits  = 2
)

// ErrInvalidGrouping means Compare was asked to group by something other
// than ByUnit or ByRound.
var ErrInvalidGrouping = errors.New("invalid grouping: want unit or round")

// Row is one stored measure with what the analytics need of its disclosure.
type Row struct {
	MeasureID    string
	DisclosureID string
	// Unit is the inspected unit as printed, e.g. 中共云岭县民政局党组.
	Unit string
	// RoundKey is the round label, e.g. 十届县委第二轮; empty when unknown.
	RoundKey string
	// Round is the round number (轮), nil when unknown.
	Round *int
	// Themes are the measure's theme ids.
	Themes []string
	// Text is the measure's text; optional. RecurringByUnit compares the
	// texts of a unit's rounds when it is set.
	Text string
	// Published is the disclosure's publication date (YYYY-MM-DD, or a
	// prefix of it such as YYYY); optional. Trends by year and Profile use it.
	Published string
}

// UnitKey is the key units are compared by; it is [unit.Key]: the printed
// name without spaces, editorial brackets, a leading 中国共产党 or 中共 and
// one trailing party-organ word, with the common short forms written out. So
// 中共青石镇委员会 and 青石镇党委 are one unit, 青石镇, and 市卫健委党委 is
// 市卫生健康委员会. A short form that also drops the place (区文旅体局 for
// 婺城区文化和旅游体育局) still differs.
func UnitKey(name string) string { return unit.Key(name) }

// unitPrefixes are the party words a unit name may start with, longest first.
func unitPrefixes() []string { return []string{"中国共产党", "中共"} }

// roundID is the identity of a row's round: its key, or its number when
// the key is missing; "" when neither is known.
func roundID(r Row) string {
	if r.RoundKey != "" {
		return r.RoundKey
	}
	if r.Round != nil {
		return "第" + strconv.Itoa(*r.Round) + "轮"
	}
	return ""
}

// dedupe merges rows of the same measure id (the first row's unit and
// round win; themes are joined) and removes repeated themes, keeping the
// order of first appearance. Rows without a measure id are dropped.
func dedupe(rows []Row) []Row {
	at := make(map[string]int, len(rows))
	out := make([]Row, 0, len(rows))
	for _, r := range rows {
		if r.MeasureID == "" {
			continue
		}
		i, seen := at[r.MeasureID]
		if !seen {
			at[r.MeasureID] = len(out)
			r.Themes = uniq(slices.Clone(r.Themes))
			out = append(out, r)
			continue
		}
		out[i].Themes = uniq(append(out[i].Themes, r.Themes...))
	}
	return out
}

// uniq removes empty and repeated strings, keeping the first of each.
func uniq(in []string) []string {
	out := in[:0]
	for _, s := range in {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// CompareThemeIDs orders theme ids naturally: by their letters, then by
// their number, so A2 comes before A10; other ids compare as strings.
func CompareThemeIDs(a, b string) int {
	pa, na, oka := splitID(a)
	pb, nb, okb := splitID(b)
	if oka && okb {
		if c := cmp.Compare(pa, pb); c != 0 {
			return c
		}
		if c := cmp.Compare(na, nb); c != 0 {
			return c
		}
	}
	return cmp.Compare(a, b)
}

// splitID splits an id like B12 into B and 12.
func splitID(id string) (string, int, bool) {
	i := strings.IndexFunc(id, func(r rune) bool { return r >= '0' && r <= '9' })
	if i <= 0 {
		return "", 0, false
	}
	n, err := strconv.Atoi(id[i:])
	if err != nil {
		return "", 0, false
	}
	return id[:i], n, true
}

// themeKey is a theme id split as CompareThemeIDs splits it, to sort many
// ids without splitting them at every comparison.
type themeKey struct {
	id     string
	prefix string
	num    int
	ok     bool
}

func themeKeyOf(id string) themeKey {
	p, n, ok := splitID(id)
	return themeKey{id: id, prefix: p, num: n, ok: ok}
}

// compareThemeKeys is CompareThemeIDs of the keys' ids.
func compareThemeKeys(a, b themeKey) int {
	if a.ok && b.ok {
		if c := cmp.Compare(a.prefix, b.prefix); c != 0 {
			return c
		}
		if c := cmp.Compare(a.num, b.num); c != 0 {
			return c
		}
	}
	return cmp.Compare(a.id, b.id)
}

// themeNames returns themeName over tax, remembering each id's name (a
// taxonomy lookup copies the theme).
func themeNames(tax *theme.Taxonomy) func(id string) string {
	names := map[string]string{}
	return func(id string) string {
		name, ok := names[id]
		if !ok {
			name = themeName(tax, id)
			names[id] = name
		}
		return name
	}
}

// themeName returns the theme's name in tax, "" when unknown.
func themeName(tax *theme.Taxonomy, id string) string {
	if tax == nil {
		return ""
	}
	th, ok := tax.Lookup(id)
	if !ok {
		return ""
	}
	return th.Name
}

// round2 rounds to two decimals.
func round2(x float64) float64 { return math.Round(x*100) / 100 }

// printedName picks the name a group of rows is reported under: the
// printed form carried by most of its measures, ties to the first in
// string order.
type printedName map[string]int

func (p printedName) add(name string) { p[name]++ }

func (p printedName) best() string {
	best, n := "", -1
	for name, c := range p {
		if c > n || (c == n && name < best) {
			best, n = name, c
		}
	}
	return best
}

// sortedNames returns the printed forms in string order.
func (p printedName) sorted() []string {
	out := make([]string, 0, len(p))
	for name := range p {
		out = append(out, name)
	}
	slices.Sort(out)
	return out
}
