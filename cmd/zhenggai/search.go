package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/zhenggai/zhenggai/api"
	"github.com/zhenggai/zhenggai/indexer"
)

// listFlag collects a repeatable or comma-separated flag.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }
func (l *listFlag) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*l = append(*l, p)
		}
	}
	return nil
}

// intList parses a list flag of integers.
func intList(name string, l listFlag) ([]int, error) {
	out := make([]int, 0, len(l))
	for _, v := range l {
		n, err := strconv.Atoi(v)
		if err != nil {
			return nil, fmt.Errorf("%w: --%s takes whole numbers, got %q", errUsage, name, v)
		}
		out = append(out, n)
	}
	return out, nil
}

// searchFlags are the flags search and export share.
type searchFlags struct {
	unit, round, roundLabel, theme, year, category, body, kind listFlag
	from, to, sort                                             string
	limit, offset                                              int
	synonyms, collapse                                         bool
}

func (s *searchFlags) register(fs *flag.FlagSet) {
	fs.Var(&s.unit, "unit", "only this unit: its name, key or a short form such as 县教育局 (repeat or comma-separate for several)")
	fs.Var(&s.round, "round", "only round N (轮), or a label: 十届市委第二轮, 青溪县十届县委第二轮")
	fs.Var(&s.roundLabel, "round-label", "only this round, e.g. 十届市委第二轮")
	fs.Var(&s.theme, "theme", "only measures tagged with this theme: an id (B1) or a name")
	fs.Var(&s.year, "year", "only this publication year")
	fs.Var(&s.category, "category", "only category number N")
	fs.Var(&s.body, "body", "only this inspecting body, e.g. 市委")
	fs.Var(&s.kind, "kind", "only this kind of disclosure")
	fs.StringVar(&s.from, "from", "", "published on or after YYYY-MM-DD")
	fs.StringVar(&s.to, "to", "", "published on or before YYYY-MM-DD")
	fs.StringVar(&s.sort, "sort", "", "relevance, date or -date (default: relevance with a query, newest first without)")
	fs.IntVar(&s.limit, "limit", indexer.DefaultLimit, "hits per page (at most 100)")
	fs.IntVar(&s.offset, "offset", 0, "hits to skip")
	fs.BoolVar(&s.synonyms, "synonyms", false, "also search broad near-synonyms (巡察 ↔ 巡视); safe ones (公车 → 公务用车) always are")
	fs.BoolVar(&s.collapse, "collapse", false, "show measures copied into several units once, with the units holding them")
}

// query builds the index query from the flags and the query words. A
// text that is not UTF-8, or holds only operators, is a usage error (as the
// API answers 400): it would match every measure.
func (s *searchFlags) query(text string) (indexer.Query, error) {
	if err := api.CheckQueryText(text); err != nil {
		var ae *api.Error
		if errors.As(err, &ae) {
			return indexer.Query{}, fmt.Errorf("%w: %s", errUsage, ae.Detail)
		}
		return indexer.Query{}, err
	}
	q := indexer.Query{
		Text: text, Unit: s.unit, RoundLabel: s.roundLabel, Themes: s.theme, Body: s.body, Kind: s.kind,
		PublishedFrom: s.from, PublishedTo: s.to, Sort: s.sort, Limit: s.limit, Offset: s.offset,
		Facets:    []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear},
		Highlight: true,
		Synonyms:  s.synonyms,
		Collapse:  s.collapse,
	}
	for _, v := range s.round {
		if n, err := strconv.Atoi(v); err == nil {
			q.Round = append(q.Round, n)
		} else {
			q.RoundLabel = append(q.RoundLabel, v)
		}
	}
	var err error
	if q.Year, err = intList("year", s.year); err != nil {
		return q, err
	}
	if q.Category, err = intList("category", s.category); err != nil {
		return q, err
	}
	return q, nil
}

// runSearch searches measures: a readable table, or the contract's JSON.
func runSearch(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "search")
	asJSON := fs.Bool("json", false, "the search result as JSON on stdout")
	var sf searchFlags
	sf.register(fs)
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	q, err := sf.query(strings.Join(words, " "))
	if err != nil {
		return err
	}
	var res *indexer.Result
	if r, err := e.server(ctx); err != nil {
		return err
	} else if r != nil {
		res = new(indexer.Result)
		if err := r.getJSON(ctx, "/api/v1/measures/search", queryValues(q), res); err != nil {
			return err
		}
	} else {
		lib, err := openLibrary(ctx, e, 50)
		if err != nil {
			return err
		}
		defer lib.Close()
		if res, err = lib.Search(ctx, q); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := newJSON(e.stdout)
		return enc.Encode(res)
	}
	writeHits(e.stdout, res)
	return nil
}

// writeHits prints a result for a person: one block per hit, the matched
// words in 【】.
func writeHits(w io.Writer, res *indexer.Result) {
	fmt.Fprintf(w, "%d measures (%.1f ms), showing %d from %d\n", res.Total, res.TookMs, len(res.Hits), res.Offset+1)
	if len(res.Expanded) > 0 {
		fmt.Fprintf(w, "also searched: %s\n", strings.Join(res.Expanded, "、"))
	}
	if len(res.Ignored) > 0 {
		fmt.Fprintf(w, "not required (describe a failing): %s\n", strings.Join(res.Ignored, "、"))
	}
	if len(res.Unmatched) > 0 {
		fmt.Fprintf(w, "found nothing: %s\n", strings.Join(res.Unmatched, "、"))
	}
	for _, c := range res.Corrections {
		why := ""
		switch c.Reason {
		case indexer.ReasonSound:
			why = ", read alike"
		case indexer.ReasonShape:
			why = ", looks alike"
		}
		fmt.Fprintf(w, "did you mean: %s → %s (%d measures%s)\n", c.From, c.To, c.Measures, why)
	}
	for _, u := range res.UnknownFilters {
		fmt.Fprintf(w, "unknown %s %q; closest: %s\n", u.Filter, u.Value, strings.Join(u.Suggestions, "、"))
	}
	if res.Collapsed > 0 {
		fmt.Fprintf(w, "%d copies folded into the hits that hold the same text\n", res.Collapsed)
	}
	fmt.Fprintln(w)
	for i, h := range res.Hits {
		text := h.Highlight
		if text == "" {
			text = h.Text
		}
		text = strings.NewReplacer("<mark>", "【", "</mark>", "】", "&lt;", "<", "&gt;", ">", "&amp;", "&", "&#34;", "\"", "&#39;", "'").Replace(text)
		if r := []rune(text); len(r) > 160 {
			text = string(r[:160]) + "…"
		}
		fmt.Fprintf(w, "%3d. %s  %s  %d.%d  [%s]  %.2f\n     %s\n     %s", res.Offset+i+1, h.Unit, h.RoundLabel,
			h.Category, h.Number, strings.Join(h.Themes, " "), h.Score, text, h.ID)
		if len(h.Matched) > 0 && !slices.Equal(h.Matched, []string{"text"}) {
			fmt.Fprintf(w, "  matched in: %s", strings.Join(h.Matched, ", "))
			if h.ProblemTitle != "" && slices.Contains(h.Matched, "problem") {
				fmt.Fprintf(w, " (问题: %s)", h.ProblemTitle)
			}
		}
		if len(h.Duplicates) > 0 {
			units := make([]string, 0, len(h.Duplicates))
			for _, d := range h.Duplicates {
				if d.Unit != h.Unit && !slices.Contains(units, d.Unit) {
					units = append(units, d.Unit)
				}
			}
			fmt.Fprintf(w, "\n     same text in %d units: %s", h.DuplicateUnits, strings.Join(units[:min(len(units), 8)], "、"))
			if len(units) > 8 {
				fmt.Fprint(w, " …")
			}
		}
		fmt.Fprint(w, "\n\n")
	}
	for _, name := range []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear} {
		bs := res.Facets[name]
		if len(bs) == 0 {
			continue
		}
		parts := make([]string, 0, len(bs))
		for _, b := range bs[:min(len(bs), 8)] {
			parts = append(parts, fmt.Sprintf("%s %d", b.Key, b.Count))
		}
		fmt.Fprintf(w, "%-6s %s\n", name, strings.Join(parts, " · "))
	}
}
