package analytics

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
)

// storeRows makes rows as the store reads them: disclosures of several
// measures sharing a unit (printed several ways) and round, each measure
// once, some without themes, some with an empty or repeated theme.
func storeRows(r *rand.Rand) []Row {
	units := []string{"中共甲县教育局党组", "甲县教育局党组", "中共乙镇委员会", "乙镇党委", "丙局党委", ""}
	rounds := []string{"十届县委第一轮", "十届县委第二轮", "十一届县委第二轮", ""}
	themes := []string{"A1", "A10", "A2", "B1", "D2", "E4", "X9", ""}
	var out []Row
	for d := range r.IntN(30) {
		base := Row{DisclosureID: fmt.Sprintf("d%02d", d), Unit: units[r.IntN(len(units))], Published: fmt.Sprintf("20%02d-0%d-01", 18+r.IntN(6), 1+r.IntN(9))}
		if k := r.IntN(len(rounds)); rounds[k] != "" {
			base.RoundKey = rounds[k]
			if r.IntN(5) > 0 {
				base.Round = ptrInt(1 + k%2)
			}
		} else if r.IntN(3) == 0 {
			base.Round = ptrInt(3) // a number without a key
		}
		for m := range r.IntN(8) {
			row := base
			row.MeasureID = fmt.Sprintf("%s-%03d", base.DisclosureID, m+1)
			row.Themes = nil
			for range r.IntN(4) {
				row.Themes = append(row.Themes, themes[r.IntN(len(themes))])
			}
			out = append(out, row)
		}
	}
	return out
}

func ptrInt(n int) *int { return &n }

// TestDocsAnswerAsRows checks, on random store-like rows, that the Doc
// analyses over DocsOf(rows) (also after Keep) and the row analyses answer
// exactly what the row analyses of commit cf76cb3 (reference_test.go)
// answer.
func TestDocsAnswerAsRows(t *testing.T) {
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 11))
		rows := storeRows(r)
		docs := DocsOf(rows)
		check := func(what string, got, want any) {
			t.Helper()
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("seed %d %s:\n got %+v\nwant %+v", seed, what, got, want)
			}
		}
		for _, by := range []string{ByUnit, ByRound} {
			for _, keys := range [][]string{nil, {"乙镇党委", "十届县委第二轮", "无此单位"}, {"十一届县委第二轮", "甲县教育局"}} {
				want, werr := oldCompare(rows, by, keys, nil)
				got, err := CompareDocs(docs, by, keys, nil)
				check("compare docs error", err, werr)
				check(fmt.Sprintf("CompareDocs by %s keys %v", by, keys), got, want)
				got, err = Compare(rows, by, keys, nil)
				check("compare error", err, werr)
				check(fmt.Sprintf("Compare by %s keys %v", by, keys), got, want)
			}
		}
		for _, n := range []int{0, 1, 2, 3} {
			check(fmt.Sprintf("RecurringDocs %d", n), RecurringDocs(docs, n, nil), oldRecurring(rows, n, nil))
			check(fmt.Sprintf("Recurring %d", n), Recurring(rows, n, nil), oldRecurring(rows, n, nil))
			check(fmt.Sprintf("CommonDocs %d", n), CommonDocs(docs, n, nil), oldCommon(rows, n, nil))
			check(fmt.Sprintf("Common %d", n), Common(rows, n, nil), oldCommon(rows, n, nil))
		}
		// Keep: the measures of an odd number or carrying A1.
		keep := func(row Row) bool {
			var n int
			fmt.Sscanf(row.MeasureID[len(row.MeasureID)-3:], "%d", &n)
			return n%2 == 1 || slicesContains(row.Themes, "A1")
		}
		var kept []Row
		for _, row := range rows {
			if keep(row) {
				kept = append(kept, row)
			}
		}
		var keptDocs []Doc
		for _, d := range docs {
			byIndex := map[int][]string{}
			for _, th := range d.Themes {
				for _, i := range th.Measures {
					byIndex[int(i)] = append(byIndex[int(i)], th.ID)
				}
			}
			keptDocs = append(keptDocs, d.Keep(func(i int) bool {
				return keep(Row{MeasureID: d.MeasureIDs[i], Themes: byIndex[i]})
			}))
		}
		want, _ := oldCompare(kept, ByUnit, nil, nil)
		got, _ := CompareDocs(keptDocs, ByUnit, nil, nil)
		check("CompareDocs after Keep", got, want)
		check("RecurringDocs after Keep", RecurringDocs(keptDocs, 2, nil), oldRecurring(kept, 2, nil))
		check("CommonDocs after Keep", CommonDocs(keptDocs, 2, nil), oldCommon(kept, 2, nil))
	}
}

// TestRecurringDocsNumbered checks RecurringDocs against the reference on
// random rows whose rounds each carry one number (or none) in all their
// rows, so that every cell's rounds follow its unit's order, and on rows
// where one round's rows disagree (a number and none, or two numbers).
func TestRecurringDocsNumbered(t *testing.T) {
	for seed := range uint64(300) {
		r := rand.New(rand.NewPCG(seed, 12))
		rows := storeRows(r)
		mixed := seed%2 == 1
		for i := range rows {
			if k := rows[i].RoundKey; k != "" {
				rows[i].Round = ptrInt(len(k) % 4) // one number per key
				if len(k)%4 == 0 {
					rows[i].Round = nil
				}
			}
			if mixed && rows[i].DisclosureID == "d03" && rows[i].RoundKey != "" {
				rows[i].Round = ptrInt(7) // one disclosure's number differs from its round's
			}
		}
		docs := DocsOf(rows)
		for _, n := range []int{1, 2, 3} {
			if got, want := RecurringDocs(docs, n, nil), oldRecurring(rows, n, nil); !reflect.DeepEqual(got, want) {
				t.Fatalf("seed %d RecurringDocs %d:\n got %+v\nwant %+v", seed, n, got, want)
			}
		}
	}
}

// TestRowsAnswerAsBefore checks, on random rows with repeated measures and
// without units or rounds, that the row analyses answer what they did.
func TestRowsAnswerAsBefore(t *testing.T) {
	units := []string{"中共甲县教育局党组", "甲县教育局党组", "中共乙镇委员会", "乙镇党委", "丙局党委", ""}
	themes := []string{"A1", "A10", "A2", "B1", "D2", "E4", "X9"}
	for seed := range uint64(200) {
		r := rand.New(rand.NewPCG(seed, 13))
		var rows []Row
		for i := range r.IntN(60) {
			row := Row{MeasureID: fmt.Sprintf("m%03d", r.IntN(i+1)), Unit: units[r.IntN(len(units))]}
			if k := r.IntN(4); k < 3 {
				row.RoundKey, row.Round = fmt.Sprintf("十届县委第%d轮", k), ptrInt(k)
			}
			for range r.IntN(4) {
				row.Themes = append(row.Themes, themes[r.IntN(len(themes))])
			}
			rows = append(rows, row)
		}
		for _, by := range []string{ByUnit, ByRound} {
			want, _ := oldCompare(rows, by, nil, nil)
			if got, _ := Compare(rows, by, nil, nil); !reflect.DeepEqual(got, want) {
				t.Fatalf("seed %d Compare by %s:\n got %+v\nwant %+v", seed, by, got, want)
			}
		}
		if got, want := Recurring(rows, 2, nil), oldRecurring(rows, 2, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d Recurring:\n got %+v\nwant %+v", seed, got, want)
		}
		if got, want := Common(rows, 2, nil), oldCommon(rows, 2, nil); !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d Common:\n got %+v\nwant %+v", seed, got, want)
		}
	}
}
