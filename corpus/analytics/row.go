package analytics

import (
	"cmp"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/zhenggai/zhenggai/corpus/theme"
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

// unitPrefixes and unitSuffixes are stripped by UnitKey, longest first.
func unitPrefixes() []string { return []string{"中国共产党", "中共"} }

func unitSuffixes() []string {
	return []string{"委员会", "党工委", "党总支", "党支部", "党组", "党委"}
}

// UnitKey is the key units are compared by: the printed name without
// spaces, without a leading 中国共产党 or 中共 and without one trailing
// party-organ word (委员会, 党工委, 党总支, 党支部, 党组, 党委). So
// 中共青石镇委员会 and 青石镇党委 are one unit, 青石镇. A name that would
// become empty is kept whole. The common short forms are written out
// (市卫健委 → 市卫生健康委员会, 区文旅体局 → 区文化和旅游体育局); a short form
// that also drops the place (区文旅体局 for 婺城区文化和旅游体育局) still
// differs.
func UnitKey(unit string) string {
	s := strings.Join(strings.Fields(unit), "")
	orig := s
	for _, p := range unitPrefixes() {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s = rest
			break
		}
	}
	for _, suf := range unitSuffixes() {
		if rest, ok := strings.CutSuffix(s, suf); ok {
			s = rest
			break
		}
	}
	if s == "" {
		return orig
	}
	return expandAbbreviations(s)
}

// abbreviations are the short forms of unit names the documents use beside
// the formal ones (domain brief §1.4), longest first.
func abbreviations() [][2]string {
	return [][2]string{
		{"文旅体局", "文化和旅游体育局"},
		{"人社局", "人力资源和社会保障局"},
		{"住建局", "住房和城乡建设局"},
		{"市场监管局", "市场监督管理局"},
		{"卫健委", "卫生健康委员会"},
		{"发改委", "发展和改革委员会"},
		{"国资委", "国有资产监督管理委员会"},
		{"文旅局", "文化和旅游局"},
		{"医保局", "医疗保障局"},
	}
}

// expandAbbreviations writes a unit name's short form out in full, so 市卫健委
// and 市卫生健康委员会 are one unit.
func expandAbbreviations(s string) string {
	for _, a := range abbreviations() {
		if strings.Contains(s, a[0]) && !strings.Contains(s, a[1]) {
			s = strings.Replace(s, a[0], a[1], 1)
		}
	}
	return s
}

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
