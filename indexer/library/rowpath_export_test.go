package library

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/corpus/theme"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// The row path of Compare, CompareWhere, Recurring and Common as it was
// before they read Docs (commit cf76cb3): every measure row with its text
// (readRows), filtered row by row, analysed by the row analyses (which
// corpus/analytics tests against their code of that commit). Kept as the
// reference the Docs path must answer exactly as.

// RowCompare is Compare over the rows.
func RowCompare(ctx context.Context, l *Library, by string, units, rounds []string) (analytics.Comparison, error) {
	rounds, err := l.roundKeys(ctx, rounds)
	if err != nil {
		return analytics.Comparison{}, err
	}
	f := store.RowFilter{}
	if len(units) > 0 {
		if f.Units, err = l.unitNames(ctx, units); err != nil {
			return analytics.Comparison{}, err
		}
	}
	all, err := l.readRows(ctx)
	if err != nil {
		return analytics.Comparison{}, err
	}
	rows := all
	if len(f.Units) > 0 || len(rounds) > 0 {
		rows = filterRows(all, func(r analytics.Row) bool {
			return (len(f.Units) == 0 || slices.Contains(f.Units, r.Unit)) &&
				(len(rounds) == 0 || slices.ContainsFunc(rounds, func(k string) bool { return r.RoundKey == k || strings.HasSuffix(r.RoundKey, k) }))
		})
	}
	keys := rounds
	if by == analytics.ByUnit {
		keys = units
	} else if len(rounds) > 0 {
		keys = rowQualifiedRounds(rows, rounds)
	}
	return analytics.Compare(rows, by, keys, l.taxonomy())
}

// RowCompareWhere is CompareWhere over the rows.
func RowCompareWhere(ctx context.Context, l *Library, by string, units, rounds []string, f Filter, top int) (RankedComparison, error) {
	rounds, err := l.roundKeys(ctx, rounds)
	if err != nil {
		return RankedComparison{}, err
	}
	if len(units) > 0 {
		f.Units = append(slices.Clone(f.Units), units...)
		if len(f.Units) > len(units) {
			f.Units = intersectUnits(f.Units[:len(f.Units)-len(units)], units)
		}
	}
	all, err := l.readRows(ctx)
	if err != nil {
		return RankedComparison{}, err
	}
	rows, sel, err := l.selectFrom(ctx, all, f)
	if err != nil {
		return RankedComparison{}, err
	}
	if len(rounds) > 0 {
		rows = slices.DeleteFunc(rows, func(r analytics.Row) bool {
			return !slices.ContainsFunc(rounds, func(k string) bool { return r.RoundKey == k || strings.HasSuffix(r.RoundKey, k) })
		})
	}
	keys := rounds
	if by == analytics.ByUnit {
		keys = units
	} else if len(rounds) > 0 {
		keys = rowQualifiedRounds(rows, rounds)
	}
	sel.Measures = len(rows)
	c, err := analytics.Compare(rows, by, keys, l.taxonomy())
	if err != nil {
		return RankedComparison{}, fmt.Errorf("compare themes: %w", err)
	}
	return RankedComparison{Comparison: c, Ranking: analytics.RankDistinctive(c, top), Selection: sel}, nil
}

// RowRecurring is Recurring over the rows.
func RowRecurring(ctx context.Context, l *Library, minRounds int) (analytics.Recurrences, error) {
	rows, err := l.readRows(ctx)
	return analytics.Recurring(rows, minRounds, l.taxonomy()), err
}

// RowCommon is Common over the rows.
func RowCommon(ctx context.Context, l *Library, minUnits int) (analytics.Commonalities, error) {
	rows, err := l.readRows(ctx)
	return analytics.Common(rows, minUnits, l.taxonomy()), err
}

// rowQualifiedRounds is qualifiedRounds over rows.
func rowQualifiedRounds(rows []analytics.Row, rounds []string) []string {
	var out []string
	for _, k := range rounds {
		var found []string
		for _, r := range rows {
			if (r.RoundKey == k || strings.HasSuffix(r.RoundKey, k)) && !slices.Contains(found, r.RoundKey) && !slices.Contains(out, r.RoundKey) {
				found = append(found, r.RoundKey)
			}
		}
		if len(found) == 0 {
			found = []string{k}
		}
		slices.Sort(found)
		out = append(out, found...)
	}
	return out
}

// RowsWithTexts is every cached analytics row (rounds qualified and
// inferred) with its text, as the store's detailed rows give it: what the
// cached rows held before they let their texts go.
func RowsWithTexts(ctx context.Context, l *Library) ([]analytics.Row, error) {
	rows, err := l.readRows(ctx)
	if err != nil {
		return nil, err
	}
	detailed, err := l.store.MeasureRows(ctx, store.RowFilter{Details: true})
	if err != nil {
		return nil, err
	}
	texts := make(map[string]string, len(detailed))
	for _, r := range detailed {
		texts[r.MeasureID] = r.Text
	}
	for i := range rows {
		rows[i].Text = texts[rows[i].MeasureID]
	}
	return rows, nil
}

// Taxonomy is l.taxonomy().
func Taxonomy(l *Library) *theme.Taxonomy { return l.taxonomy() }
