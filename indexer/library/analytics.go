package library

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/corpus/theme"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// Compare compares the themes of the rectification measures grouped by
// "unit" or "round" (see analytics.Compare). units and rounds, when given,
// select the measures of those units (matched by analytics.UnitKey, so
// 中共青石镇委员会 finds 青石镇党委 too) and of those round keys (e.g.
// 十届县委第二轮); the list of the grouping dimension also names the groups
// and their order.
func (l *Library) Compare(ctx context.Context, by string, units, rounds []string) (analytics.Comparison, error) {
	if by != analytics.ByUnit && by != analytics.ByRound {
		return analytics.Comparison{}, fmt.Errorf("compare themes by %q: %w", by, analytics.ErrInvalidGrouping)
	}
	if len(units) == 0 && len(rounds) == 0 {
		// Every group: the comparison CompareWhere caches for no filter
		// (one copy of its measure ids in a server, not two).
		cs, err := l.comparedWhere(ctx, by, nil, nil, Filter{})
		return cs.c, err
	}
	rounds, err := l.roundKeys(ctx, rounds)
	if err != nil {
		return analytics.Comparison{}, fmt.Errorf("compare themes: %w", err)
	}
	f := store.RowFilter{}
	if len(units) > 0 {
		names, err := l.unitNames(ctx, units)
		if err != nil {
			return analytics.Comparison{}, fmt.Errorf("compare themes: %w", err)
		}
		f.Units = names
	}
	c, err := deriveDocs(ctx, l, derivedKey("compare-plain", by, nilIfEmpty(units), nilIfEmpty(rounds), nilIfEmpty(f.Units)), func(all []analytics.Doc) (analytics.Comparison, error) {
		docs := all
		if len(f.Units) > 0 || len(rounds) > 0 {
			// A round given as printed (十届县委第二轮) selects it in every place.
			docs = filterDocs(all, func(d *analytics.Doc) bool {
				return (len(f.Units) == 0 || slices.Contains(f.Units, d.Unit)) &&
					(len(rounds) == 0 || slices.ContainsFunc(rounds, func(k string) bool { return d.RoundKey == k || strings.HasSuffix(d.RoundKey, k) }))
			})
		}
		keys := rounds
		if by == analytics.ByUnit {
			keys = units
		} else if len(rounds) > 0 {
			keys = qualifiedRounds(docs, rounds)
		}
		return analytics.CompareDocs(docs, by, keys, l.taxonomy())
	})
	if err != nil {
		return analytics.Comparison{}, fmt.Errorf("compare themes: %w", err)
	}
	return c, nil
}

// Recurring finds themes a unit's rectification measures carry in at least
// minRounds rounds (analytics.DefaultMinRounds when < 1).
func (l *Library) Recurring(ctx context.Context, minRounds int) (analytics.Recurrences, error) {
	minRounds = cmp.Or(max(minRounds, 0), analytics.DefaultMinRounds)
	res, err := deriveDocs(ctx, l, derivedKey("recurring", minRounds), func(docs []analytics.Doc) (analytics.Recurrences, error) {
		return analytics.RecurringDocs(docs, minRounds, l.taxonomy()), nil
	})
	if err != nil {
		return analytics.Recurrences{}, fmt.Errorf("find recurring themes: %w", err)
	}
	return res, nil
}

// Common finds themes the rectification measures of at least minUnits
// units carry in one round (analytics.DefaultMinUnits when < 1).
func (l *Library) Common(ctx context.Context, minUnits int) (analytics.Commonalities, error) {
	minUnits = cmp.Or(max(minUnits, 0), analytics.DefaultMinUnits)
	res, err := deriveDocs(ctx, l, derivedKey("common", minUnits), func(docs []analytics.Doc) (analytics.Commonalities, error) {
		return analytics.CommonDocs(docs, minUnits, l.taxonomy()), nil
	})
	if err != nil {
		return analytics.Commonalities{}, fmt.Errorf("find common themes: %w", err)
	}
	return res, nil
}

// rows returns the analytics rows matching f (its Units and RoundKeys;
// every row carries its publication date, whatever f.Details, and no
// text: see rowTexts),
// from the rows cached per store change (rowcache.go). The slice is the
// caller's, but its rows' fields are shared: do not modify them.
func (l *Library) rows(ctx context.Context, f store.RowFilter) ([]analytics.Row, error) {
	all, err := l.allRows(ctx)
	if err != nil {
		return nil, err
	}
	if len(f.Units) == 0 && len(f.RoundKeys) == 0 {
		return slices.Clone(all), nil
	}
	return filterRows(all, func(r analytics.Row) bool {
		return (len(f.Units) == 0 || slices.Contains(f.Units, r.Unit)) &&
			(len(f.RoundKeys) == 0 || slices.Contains(f.RoundKeys, r.RoundKey))
	}), nil
}

// unitNames resolves units to the names stored for them: every stored unit
// whose analytics.UnitKey is one of theirs, plus the names as given (so a
// unit not stored still selects nothing rather than everything).
func (l *Library) unitNames(ctx context.Context, units []string) ([]string, error) {
	want := make(map[string]bool, len(units))
	for _, u := range units {
		want[analytics.UnitKey(u)] = true
	}
	stored, err := l.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	names := slices.Clone(units)
	for _, c := range stored {
		if want[analytics.UnitKey(c.Key)] && !slices.Contains(names, c.Key) {
			names = append(names, c.Key)
		}
	}
	return names, nil
}

// filterDocs returns the Docs keep accepts, in a new slice (the cached
// Docs are shared).
func filterDocs(docs []analytics.Doc, keep func(*analytics.Doc) bool) []analytics.Doc {
	out := make([]analytics.Doc, 0, len(docs)/4)
	for i := range docs {
		if keep(&docs[i]) {
			out = append(out, docs[i])
		}
	}
	return out
}

// qualifiedRounds lists, in the order the rounds were asked for, the
// place-qualified round keys of the measures of docs that each asked round
// names.
func qualifiedRounds(docs []analytics.Doc, rounds []string) []string {
	var out []string
	for _, k := range rounds {
		var found []string
		for _, r := range docs {
			if len(r.MeasureIDs) > 0 && (r.RoundKey == k || strings.HasSuffix(r.RoundKey, k)) && !slices.Contains(found, r.RoundKey) && !slices.Contains(out, r.RoundKey) {
				found = append(found, r.RoundKey)
			}
		}
		if len(found) == 0 {
			found = []string{k} // asked for but absent: an empty group, as before
		}
		slices.Sort(found)
		out = append(out, found...)
	}
	return out
}

// roundKeys resolves a round given by its number (the contract's
// `--rounds N,M`) to every stored round key of that number (十届县委第二轮,
// 九届区委第二轮 …); round keys pass through unchanged.
func (l *Library) roundKeys(ctx context.Context, rounds []string) ([]string, error) {
	var numbers []string
	for _, r := range rounds {
		if n, err := strconv.Atoi(r); err == nil && n > 0 {
			numbers = append(numbers, "第"+corpus.ChineseNumber(n)+"轮")
		}
	}
	if len(numbers) == 0 {
		return rounds, nil
	}
	stored, err := l.store.Rounds(ctx)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, r := range rounds {
		if n, err := strconv.Atoi(r); err != nil || n <= 0 {
			keys = append(keys, r)
		}
	}
	for _, c := range stored {
		for _, suffix := range numbers {
			if strings.HasSuffix(c.Key, suffix) && !slices.Contains(keys, c.Key) {
				keys = append(keys, c.Key)
			}
		}
	}
	if len(keys) == 0 {
		keys = rounds // nothing matches: the filter selects nothing, as asked
	}
	return keys, nil
}

// taxonomy names the themes: the configured taxonomy, else the built-in.
func (l *Library) taxonomy() *theme.Taxonomy {
	if l.opts.Taxonomy != nil {
		return l.opts.Taxonomy
	}
	return theme.Default()
}
