package indexer

import (
	"bufio"
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/normalize"
)

// The relevance set: measures and disclosures we invented in the shapes
// real ones take (no real page text), and judged queries of every kind.
var (
	//go:embed testdata/relevance/measures.jsonl
	relevanceMeasures []byte
	//go:embed testdata/relevance/disclosures.jsonl
	relevanceDisclosures []byte
	//go:embed testdata/relevance/queries.jsonl
	relevanceQueries []byte
)

// RelevanceQuery is one judged query of the relevance set. The relevant
// measures are those of Topics (when given) narrowed to those holding one
// of ContainsAny, or those holding Phrase, or holding every PhraseAll and
// none of PhraseNone (compared after folding widths, case and traditional
// characters); a Negative query has none.
type RelevanceQuery struct {
	Q           string   `json:"q"`
	Kind        string   `json:"kind"`
	Topics      []string `json:"topics,omitempty"`
	ContainsAny []string `json:"contains_any,omitempty"`
	Phrase      string   `json:"phrase,omitempty"`
	PhraseAll   []string `json:"phrase_all,omitempty"`
	PhraseNone  []string `json:"phrase_none,omitempty"`
	Negative    bool     `json:"negative,omitempty"`
	Synonyms    bool     `json:"synonyms,omitempty"`
}

type relevanceMeasure struct {
	ID       string   `json:"id"`
	D        string   `json:"d"`
	Category string   `json:"category"`
	Problem  string   `json:"problem"`
	Themes   []string `json:"themes"`
	Topics   []string `json:"topics"`
	Text     string   `json:"text"`
}

type relevanceDisclosure struct {
	ID        string `json:"id"`
	Unit      string `json:"unit"`
	Body      string `json:"body"`
	Term      int    `json:"term"`
	Round     int    `json:"round"`
	Published string `json:"published"`
}

// RelevanceSet is the loaded set: disclosures to index and judged queries.
type RelevanceSet struct {
	Disclosures []*corpus.Disclosure
	Queries     []RelevanceQuery
	measures    []relevanceMeasure
}

// LoadRelevanceSet reads the embedded relevance set.
func LoadRelevanceSet() (*RelevanceSet, error) {
	var ms []relevanceMeasure
	var ds []relevanceDisclosure
	set := &RelevanceSet{}
	for _, f := range []struct {
		name string
		data []byte
		add  func(json.RawMessage) error
	}{
		{"measures.jsonl", relevanceMeasures, func(b json.RawMessage) error {
			var m relevanceMeasure
			err := json.Unmarshal(b, &m)
			ms = append(ms, m)
			return err
		}},
		{"disclosures.jsonl", relevanceDisclosures, func(b json.RawMessage) error {
			var d relevanceDisclosure
			err := json.Unmarshal(b, &d)
			ds = append(ds, d)
			return err
		}},
		{"queries.jsonl", relevanceQueries, func(b json.RawMessage) error {
			var q RelevanceQuery
			err := json.Unmarshal(b, &q)
			set.Queries = append(set.Queries, q)
			return err
		}},
	} {
		sc := bufio.NewScanner(bytes.NewReader(f.data))
		for line := 1; sc.Scan(); line++ {
			if len(bytes.TrimSpace(sc.Bytes())) == 0 {
				continue
			}
			if err := f.add(json.RawMessage(slices.Clone(sc.Bytes()))); err != nil {
				return nil, fmt.Errorf("read relevance set %s line %d: %w", f.name, line, err)
			}
		}
	}
	set.measures = ms
	byID := map[string]*corpus.Disclosure{}
	for _, rd := range ds {
		term, round := rd.Term, rd.Round
		d := &corpus.Disclosure{
			ID: rd.ID, Kind: corpus.KindRectification, Unit: rd.Unit, Published: rd.Published,
			Title:      rd.Unit + "关于巡察整改情况的通报（合成示例数据）",
			Inspection: corpus.Inspection{Scope: "巡察", Body: rd.Body, Term: &term, Round: &round, Type: "常规巡察"},
		}
		byID[rd.ID] = d
		set.Disclosures = append(set.Disclosures, d)
	}
	for _, m := range ms {
		d := byID[m.D]
		if d == nil {
			return nil, fmt.Errorf("read relevance set: measure %s names unknown disclosure %q", m.ID, m.D)
		}
		cat := slices.IndexFunc(d.Categories, func(c corpus.Category) bool { return c.Title == m.Category })
		if cat < 0 {
			d.Categories = append(d.Categories, corpus.Category{Number: len(d.Categories) + 1, Title: m.Category})
			cat = len(d.Categories) - 1
		}
		c := &d.Categories[cat]
		prob := slices.IndexFunc(c.Problems, func(p corpus.Problem) bool { return p.Title == m.Problem })
		if prob < 0 {
			c.Problems = append(c.Problems, corpus.Problem{Number: len(c.Problems) + 1, Title: m.Problem})
			prob = len(c.Problems) - 1
		}
		pn := c.Problems[prob].Number
		d.Measures = append(d.Measures, corpus.Measure{
			ID: m.ID, Category: c.Number, Problem: &pn, Number: len(d.Measures) + 1, Text: m.Text,
			Themes: slices.Clone(m.Themes),
		})
	}
	return set, nil
}

// Relevant returns the ids of the measures judged relevant to q.
func (s *RelevanceSet) Relevant(q RelevanceQuery) map[string]bool {
	out := map[string]bool{}
	if q.Negative {
		return out
	}
	norm := normalize.New()
	fold := func(t string) string { return foldString(norm.Query(t)) }
	for _, m := range s.measures {
		text := fold(m.Text)
		ok := true
		switch {
		case len(q.Topics) > 0:
			ok = slices.ContainsFunc(m.Topics, func(t string) bool { return slices.Contains(q.Topics, t) })
			if ok && len(q.ContainsAny) > 0 {
				ok = slices.ContainsFunc(q.ContainsAny, func(p string) bool { return strings.Contains(text, fold(p)) })
			}
		case len(q.ContainsAny) > 0:
			ok = slices.ContainsFunc(q.ContainsAny, func(p string) bool { return strings.Contains(text, fold(p)) })
		case q.Phrase != "":
			ok = strings.Contains(text, fold(q.Phrase))
		case len(q.PhraseAll) > 0:
			for _, p := range q.PhraseAll {
				ok = ok && strings.Contains(text, fold(p))
			}
			for _, p := range q.PhraseNone {
				ok = ok && !strings.Contains(text, fold(p))
			}
		default:
			ok = false
		}
		if ok {
			out[m.ID] = true
		}
	}
	return out
}

// foldString folds as the analyzers do (see foldRune).
func foldString(s string) string { return strings.Map(foldRune, s) }

// RelevanceFigures are the mean figures of a group of queries.
type RelevanceFigures struct {
	Queries int     `json:"queries"`
	Recall  float64 `json:"recall"`
	P10     float64 `json:"precision_at_10"`
	NDCG10  float64 `json:"ndcg_at_10"`
	// Empty counts the queries with relevant measures that found nothing;
	// NegativesFound counts negative queries that found something.
	Empty          int `json:"empty"`
	NegativesFound int `json:"negatives_found"`
}

// RelevanceReport is the relevance of one search engine on the set.
type RelevanceReport struct {
	All    RelevanceFigures            `json:"all"`
	ByKind map[string]RelevanceFigures `json:"by_kind"`
	P50Ms  float64                     `json:"p50_ms"`
	P99Ms  float64                     `json:"p99_ms"`
	// Misses lists, per query with a recall below 1 or an unwanted hit,
	// what went wrong (for tuning; not part of the figures).
	Misses []string `json:"misses,omitempty"`
}

// RelevanceSearch runs one judged query and returns every hit's id in rank
// order.
type RelevanceSearch func(ctx context.Context, q RelevanceQuery) ([]string, error)

// excludedKinds are reported on their own and not in All: mistyped terms
// are answered by corrections, not by hits.
func excludedKinds() []string { return []string{"typo"} }

// Evaluate runs every query through search and computes recall (over all
// hits), precision@10 and nDCG@10 (binary gains), per kind and overall.
// Negative queries count only in NegativesFound.
func (s *RelevanceSet) Evaluate(ctx context.Context, search RelevanceSearch) (*RelevanceReport, error) {
	rep := &RelevanceReport{ByKind: map[string]RelevanceFigures{}}
	type acc struct {
		n                 int
		recall, p10, ndcg float64
		empty, negsFound  int
	}
	accs := map[string]*acc{}
	all := &acc{}
	var lat []float64
	for _, q := range s.Queries {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("evaluate relevance: %w", err)
		}
		start := time.Now()
		ids, err := search(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("evaluate relevance: query %q: %w", q.Q, err)
		}
		lat = append(lat, float64(time.Since(start).Microseconds())/1000)
		rel := s.Relevant(q)
		a := accs[q.Kind]
		if a == nil {
			a = &acc{}
			accs[q.Kind] = a
		}
		targets := []*acc{a}
		if !slices.Contains(excludedKinds(), q.Kind) {
			targets = append(targets, all)
		}
		if len(rel) == 0 {
			if len(ids) > 0 {
				for _, t := range targets {
					t.negsFound++
				}
				rep.Misses = append(rep.Misses, fmt.Sprintf("%s %q: negative found %d (%s)", q.Kind, q.Q, len(ids), strings.Join(ids[:min(3, len(ids))], ",")))
			}
			continue
		}
		found, dcg, idcg, top := 0, 0.0, 0.0, 0
		for i, id := range ids {
			if rel[id] {
				found++
				if i < 10 {
					top++
					dcg += 1 / math.Log2(float64(i+2))
				}
			}
		}
		for i := range min(10, len(rel)) {
			idcg += 1 / math.Log2(float64(i+2))
		}
		recall := float64(found) / float64(len(rel))
		p10 := float64(top) / float64(min(10, len(rel)))
		ndcg := dcg / idcg
		if recall < 1 || ndcg < 0.999 {
			var missed []string
			for id := range rel {
				if !slices.Contains(ids, id) {
					missed = append(missed, id)
				}
			}
			sort.Strings(missed)
			rep.Misses = append(rep.Misses, fmt.Sprintf("%s %q: recall %.2f ndcg %.2f (%d hits, %d relevant; missed %s; top %s)",
				q.Kind, q.Q, recall, ndcg, len(ids), len(rel), strings.Join(missed, ","), strings.Join(ids[:min(5, len(ids))], ",")))
		}
		for _, t := range targets {
			t.n++
			t.recall += recall
			t.p10 += p10
			t.ndcg += ndcg
			if len(ids) == 0 {
				t.empty++
			}
		}
	}
	figures := func(a *acc) RelevanceFigures {
		f := RelevanceFigures{Queries: a.n, Empty: a.empty, NegativesFound: a.negsFound}
		if a.n > 0 {
			f.Recall = round3(a.recall / float64(a.n))
			f.P10 = round3(a.p10 / float64(a.n))
			f.NDCG10 = round3(a.ndcg / float64(a.n))
		}
		return f
	}
	for k, a := range accs {
		rep.ByKind[k] = figures(a)
	}
	rep.All = figures(all)
	slices.Sort(lat)
	if len(lat) > 0 {
		rep.P50Ms = lat[len(lat)/2]
		rep.P99Ms = lat[min(len(lat)-1, int(math.Ceil(0.99*float64(len(lat))))-1)]
	}
	return rep, nil
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// EvaluateRelevance indexes the relevance set into in-memory indexes (ours
// and plain bleve with the cjk analyzer) and evaluates both.
func EvaluateRelevance(ctx context.Context) (ours, baseline *RelevanceReport, err error) {
	set, err := LoadRelevanceSet()
	if err != nil {
		return nil, nil, err
	}
	ix, err := Open(ctx, "", Options{})
	if err != nil {
		return nil, nil, err
	}
	defer ix.Close()
	if err := ix.Add(ctx, set.Disclosures...); err != nil {
		return nil, nil, err
	}
	if ours, err = set.Evaluate(ctx, ix.RelevanceSearch()); err != nil {
		return nil, nil, err
	}
	bl, err := NewBaseline("")
	if err != nil {
		return nil, nil, err
	}
	defer bl.Close()
	var ids, texts []string
	for _, d := range set.Disclosures {
		for _, m := range d.Measures {
			ids, texts = append(ids, m.ID), append(texts, m.Text)
		}
	}
	if err := bl.Add(ctx, ids, texts); err != nil {
		return nil, nil, err
	}
	baseline, err = set.Evaluate(ctx, func(ctx context.Context, q RelevanceQuery) ([]string, error) {
		return bl.Search(ctx, q.Q, MaxLimit)
	})
	return ours, baseline, err
}

// RelevanceSearch returns the search the relevance set judges: every hit
// of a plain Query with the judged text (no collapsing), up to MaxLimit.
func (ix *Index) RelevanceSearch() RelevanceSearch {
	return func(ctx context.Context, q RelevanceQuery) ([]string, error) {
		res, err := ix.Search(ctx, Query{Text: q.Q, Limit: MaxLimit, Synonyms: q.Synonyms})
		if err != nil {
			return nil, err
		}
		ids := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = h.ID
		}
		return ids, nil
	}
}
