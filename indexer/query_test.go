package indexer_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/indexer"
)

// recallPhrases are domain phrases of 1–11 characters present in the test
// corpus, some of them only inside longer words or across gse's word
// boundaries, plus words that decoys hold apart.
var recallPhrases = []string{
	"党", "校", "整改", "落实", "责任", "党组织领导的校长负责制", "校长负责制", "负责制", "党组织",
	"违规发放津补贴", "违规发放", "津补贴", "干部队伍", "年轻干部队伍", "干部队伍建设", "队伍建设",
	"年轻干部", "三会一课", "一岗双责", "整改落实", "主体责任", "党风廉政建设", "巡察整改",
	"意识形态", "公务接待", "三重一大", "集体决策", "第一议题", "党费", "警示教育", "以案促改",
	"内部控制", "政府采购", "长效机制", "高质量发展", "八项规定", "四风", "选人用人", "党建",
	"财务管理", "议事规则", "落实主体责任", "整改责任", "严格落实", "党支部书记", "干部队伍结构",
	"整改工作", "APP", "１４项", "12.6万元", "工作责任", "廉政风险", "干部培养",
}

// absentPhrases occur nowhere in the corpus (texts, headings, theme
// names), not even as separate words.
var absentPhrases = []string{"区块链", "量子计算", "脱贫攻坚", "巡视整改", "元宇宙"}

func TestRecallAndRanking(t *testing.T) {
	ix, ds, _ := openTest(t)
	if len(recallPhrases) < 30 {
		t.Fatalf("only %d recall phrases", len(recallPhrases))
	}
	withDecoys := 0
	for _, p := range recallPhrases {
		t.Run(p, func(t *testing.T) {
			want := verbatimIDs(ds, p)
			if len(want) == 0 {
				t.Fatalf("phrase %q is not in the test corpus", p)
			}
			res := search(t, ix, indexer.Query{Text: p, Limit: indexer.MaxLimit})
			if int(res.Total) != len(res.Hits) {
				t.Fatalf("total %d but %d hits: raise the limit", res.Total, len(res.Hits))
			}
			// Every measure holding the phrase verbatim comes first, before
			// any measure holding only its words.
			for i, h := range res.Hits {
				if i < len(want) && !want[h.ID] {
					t.Errorf("hit %d %s (%s) holds only the words of %q but ranks above a verbatim match; hits %v, verbatim %v",
						i, h.ID, h.Text, p, hitIDs(res), slices.Sorted(maps.Keys(want)))
				}
			}
			got := map[string]bool{}
			for _, h := range res.Hits {
				got[h.ID] = true
			}
			for id := range want {
				if !got[id] {
					t.Errorf("measure %s holds %q but was not found", id, p)
				}
			}
			if len(res.Hits) > len(want) {
				withDecoys++
			}
		})
	}
	// The ranking half of the test is only meaningful if some phrases
	// also found measures holding just their words.
	if withDecoys < 3 {
		t.Errorf("only %d phrases found measures with only their words; make the decoys richer", withDecoys)
	}
	for _, p := range absentPhrases {
		if res := search(t, ix, indexer.Query{Text: p}); res.Total != 0 {
			t.Errorf("absent phrase %q: %d hits %v", p, res.Total, hitIDs(res))
		}
	}
}

func TestQuerySyntax(t *testing.T) {
	ix, ds, _ := openTest(t)
	has := func(text string, sub ...string) bool {
		for _, s := range sub {
			if !strings.Contains(text, s) {
				return false
			}
		}
		return true
	}
	where := func(pred func(text string) bool) []string {
		var ids []string
		for _, mi := range allMeasures(ds) {
			if pred(mi.m.Text) {
				ids = append(ids, mi.id)
			}
		}
		sort.Strings(ids)
		return ids
	}
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"ascii quotes force a phrase", `"干部建设"`, nil},
		{"chinese quotes force a phrase", `“整改落实”`, where(func(s string) bool { return has(s, "整改落实") })},
		{"quoted phrase is not matched across punctuation", `"整改落实" 销号`, nil},
		{"two parts must both match", "校长负责制 党组织", where(func(s string) bool { return has(s, "校长负责制", "党组织") })},
		{"ideographic space separates parts", "校长负责制\u3000党组织", where(func(s string) bool { return has(s, "校长负责制", "党组织") })},
		{"minus excludes", "整改 -落实", where(func(s string) bool { return has(s, "整改") && !has(s, "落实") })},
		{"full-width minus excludes", "整改 －落实", where(func(s string) bool { return has(s, "整改") && !has(s, "落实") })},
		{"minus of a quoted phrase", `整改 -"整改落实"`, where(func(s string) bool { return has(s, "整改") && !has(s, "整改落实") })},
		{"minus alone lists all but", "-党", where(func(s string) bool { return !has(s, "党") })},
		{"single characters", "党 校", where(func(s string) bool { return has(s, "党", "校") })},
		{"punctuation-only part is ignored", "一岗双责 ，", where(func(s string) bool { return has(s, "一岗双责") })},
		{"unclosed quote runs to the end", `"巡察整改`, where(func(s string) bool { return has(s, "巡察整改") })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := search(t, ix, indexer.Query{Text: tc.text, Limit: indexer.MaxLimit})
			got := hitIDs(res)
			sort.Strings(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("%q = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
	// Unquoted, the same words match as words: ranked after verbatim hits
	// (there are none here), but found.
	if res := search(t, ix, indexer.Query{Text: "干部建设"}); res.Total == 0 {
		t.Errorf("unquoted 干部建设 found nothing; its words are in the corpus")
	}
}

func TestFilters(t *testing.T) {
	ix, ds, _ := openTest(t)
	for _, tc := range []struct {
		name string
		q    indexer.Query
		keep func(mi measureInfo) bool
	}{
		{"unit", indexer.Query{Unit: []string{"中共云岭县民政局党组"}}, func(mi measureInfo) bool { return mi.d.Unit == "中共云岭县民政局党组" }},
		{"two units", indexer.Query{Unit: []string{"中共云岭县民政局党组", "中共拉萨市教育局党组"}},
			func(mi measureInfo) bool {
				return mi.d.Unit == "中共云岭县民政局党组" || mi.d.Unit == "中共拉萨市教育局党组"
			}},
		{"body", indexer.Query{Body: []string{"市委"}}, func(mi measureInfo) bool { return mi.d.Inspection.Body == "市委" }},
		{"level", indexer.Query{Level: []string{"provincial"}}, func(mi measureInfo) bool { return mi.d.Inspection.Level == "provincial" }},
		{"group", indexer.Query{Group: []string{"市委第四巡察组"}}, func(mi measureInfo) bool { return mi.d.Inspection.Group == "市委第四巡察组" }},
		{"type", indexer.Query{Type: []string{"专项巡察"}}, func(mi measureInfo) bool { return mi.d.Inspection.Type == "专项巡察" }},
		{"kind", indexer.Query{Kind: []string{"rectification_concentrated"}}, func(mi measureInfo) bool { return mi.d.Kind == "rectification_concentrated" }},
		{"theme", indexer.Query{Themes: []string{"D3"}}, func(mi measureInfo) bool { return slices.Contains(mi.m.Themes, "D3") }},
		{"themes", indexer.Query{Themes: []string{"B1", "E2"}}, func(mi measureInfo) bool {
			return slices.Contains(mi.m.Themes, "B1") || slices.Contains(mi.m.Themes, "E2")
		}},
		{"round label", indexer.Query{RoundLabel: []string{"十届市委第二轮"}}, func(mi measureInfo) bool { return mi.roundLabel == "十届市委第二轮" }},
		{"term", indexer.Query{Term: []int{14}}, func(mi measureInfo) bool { return eq(mi.d.Inspection.Term, 14) }},
		{"round", indexer.Query{Round: []int{2, 4}}, func(mi measureInfo) bool {
			return eq(mi.d.Inspection.Round, 2) || eq(mi.d.Inspection.Round, 4)
		}},
		{"category", indexer.Query{Category: []int{3}}, func(mi measureInfo) bool { return mi.m.Category == 3 }},
		{"year", indexer.Query{Year: []int{2023, 2025}}, func(mi measureInfo) bool {
			return strings.HasPrefix(mi.d.Published, "2023") || strings.HasPrefix(mi.d.Published, "2025")
		}},
		{"disclosure", indexer.Query{DisclosureID: "d3"}, func(mi measureInfo) bool { return mi.d.ID == "d3" }},
		{"published from", indexer.Query{PublishedFrom: "2024-04-15"}, func(mi measureInfo) bool { return mi.d.Published >= "2024-04-15" }},
		{"published to", indexer.Query{PublishedTo: "2023-06-01"}, func(mi measureInfo) bool {
			return mi.d.Published != "" && mi.d.Published <= "2023-06-01"
		}},
		{"published range", indexer.Query{PublishedFrom: "2023-06-01", PublishedTo: "2024-04-15"}, func(mi measureInfo) bool {
			return mi.d.Published >= "2023-06-01" && mi.d.Published <= "2024-04-15"
		}},
		{"filters combine with AND", indexer.Query{Body: []string{"县委"}, Category: []int{1}}, func(mi measureInfo) bool {
			return mi.d.Inspection.Body == "县委" && mi.m.Category == 1
		}},
		{"filter and text", indexer.Query{Text: "落实", Body: []string{"市委"}}, func(mi measureInfo) bool {
			return mi.d.Inspection.Body == "市委" && strings.Contains(mi.m.Text, "落实")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			q.Limit = indexer.MaxLimit
			res := search(t, ix, q)
			got := hitIDs(res)
			sort.Strings(got)
			var want []string
			for _, mi := range allMeasures(ds) {
				if tc.keep(mi) {
					want = append(want, mi.id)
				}
			}
			sort.Strings(want)
			if len(want) == 0 {
				t.Fatalf("the filter keeps nothing in the test corpus")
			}
			if !slices.Equal(got, want) || res.Total != uint64(len(want)) {
				t.Errorf("got %d %v, want %v", res.Total, got, want)
			}
		})
	}
}

func eq(p *int, v int) bool { return p != nil && *p == v }

func TestFacets(t *testing.T) {
	ix, ds, _ := openTest(t)
	all := []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear,
		indexer.FacetCategory, indexer.FacetType, indexer.FacetBody}
	for _, tc := range []struct {
		name string
		q    indexer.Query
		keep func(mi measureInfo) bool
	}{
		{"everything", indexer.Query{}, func(measureInfo) bool { return true }},
		{"text", indexer.Query{Text: "落实"}, func(mi measureInfo) bool { return strings.Contains(mi.m.Text, "落实") }},
		{"text and filter", indexer.Query{Text: "党", Year: []int{2024}}, func(mi measureInfo) bool {
			return strings.Contains(mi.m.Text, "党") && strings.HasPrefix(mi.d.Published, "2024")
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := tc.q
			q.Facets = all
			q.Limit = 1
			res := search(t, ix, q)
			want := map[string]map[string]int{}
			add := func(facet, key string) {
				if key == "" {
					return
				}
				if want[facet] == nil {
					want[facet] = map[string]int{}
				}
				want[facet][key]++
			}
			n := 0
			for _, mi := range allMeasures(ds) {
				if !tc.keep(mi) {
					continue
				}
				n++
				add(indexer.FacetUnit, mi.d.Unit)
				add(indexer.FacetRound, mi.roundLabel)
				for _, th := range mi.m.Themes {
					add(indexer.FacetTheme, th)
				}
				if mi.d.Published != "" {
					add(indexer.FacetYear, mi.d.Published[:4])
				}
				add(indexer.FacetCategory, itoa(mi.m.Category))
				add(indexer.FacetType, mi.d.Inspection.Type)
				add(indexer.FacetBody, mi.d.Inspection.Body)
			}
			if res.Total != uint64(n) {
				t.Errorf("total %d, want %d", res.Total, n)
			}
			for _, f := range all {
				got := map[string]int{}
				for _, b := range res.Facets[f] {
					got[b.Key] = b.Count
				}
				if !maps.Equal(got, want[f]) && !(len(got) == 0 && len(want[f]) == 0) {
					t.Errorf("facet %s = %v, want %v", f, got, want[f])
				}
				if !slices.IsSortedFunc(res.Facets[f], func(a, b indexer.Bucket) int { return b.Count - a.Count }) {
					t.Errorf("facet %s is not ordered by count: %v", f, res.Facets[f])
				}
			}
		})
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestSortAndSearchAfter(t *testing.T) {
	ix, ds, _ := openTest(t)
	n := len(allMeasures(ds))
	published := map[string]string{}
	for _, mi := range allMeasures(ds) {
		published[mi.id] = mi.d.Published
	}
	for _, tc := range []struct {
		name string
		q    indexer.Query
		want int
	}{
		{"default without text is newest first", indexer.Query{}, n},
		{"date", indexer.Query{Sort: indexer.SortDate}, n},
		{"-date", indexer.Query{Sort: indexer.SortDateDesc}, n},
		{"relevance", indexer.Query{Text: "党"}, len(verbatimIDs(ds, "党"))},
		{"date with text", indexer.Query{Text: "落实", Sort: indexer.SortDate}, len(verbatimIDs(ds, "落实"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen := map[string]int{}
			var order []indexer.Hit
			q := tc.q
			q.Limit = 4
			for page := 0; ; page++ {
				if page > 100 {
					t.Fatal("paging does not end")
				}
				res := search(t, ix, q)
				if res.Total != uint64(tc.want) {
					t.Fatalf("page %d: total %d, want %d", page, res.Total, tc.want)
				}
				for _, h := range res.Hits {
					seen[h.ID]++
					order = append(order, h)
				}
				if len(res.Hits) < q.Limit {
					break
				}
				q.SearchAfter = res.Hits[len(res.Hits)-1].Sort
			}
			if len(seen) != tc.want {
				t.Errorf("visited %d distinct hits, want %d", len(seen), tc.want)
			}
			for id, c := range seen {
				if c != 1 {
					t.Errorf("hit %s visited %d times", id, c)
				}
			}
			// The pages joined are the one-shot answer.
			q = tc.q
			q.Limit = indexer.MaxLimit
			if oneShot := hitIDs(search(t, ix, q)); !slices.Equal(oneShot, idsOf(order)) {
				t.Errorf("paged order %v differs from one page %v", idsOf(order), oneShot)
			}
			if tc.q.Text != "" && tc.q.Sort == "" {
				return
			}
			desc := tc.q.Sort != indexer.SortDate
			for i := 1; i < len(order); i++ {
				a, b := published[order[i-1].ID], published[order[i].ID]
				switch {
				case a == "" && b != "":
					t.Errorf("undated %s before dated %s", order[i-1].ID, order[i].ID)
				case a == "" || b == "":
				case desc && a < b, !desc && a > b:
					t.Errorf("%s (%s) before %s (%s), desc=%v", order[i-1].ID, a, order[i].ID, b, desc)
				}
			}
		})
	}
}

func idsOf(hs []indexer.Hit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.ID
	}
	return out
}

func TestOffsetPaging(t *testing.T) {
	ix, _, _ := openTest(t)
	all := hitIDs(search(t, ix, indexer.Query{Text: "党", Limit: indexer.MaxLimit}))
	var paged []string
	for off := 0; off < len(all); off += 5 {
		res := search(t, ix, indexer.Query{Text: "党", Offset: off, Limit: 5})
		if res.Offset != off || res.Limit != 5 {
			t.Errorf("echoed offset/limit %d/%d, want %d/5", res.Offset, res.Limit, off)
		}
		paged = append(paged, hitIDs(res)...)
	}
	if !slices.Equal(paged, all) {
		t.Errorf("offset pages %v, want %v", paged, all)
	}
	if res := search(t, ix, indexer.Query{}); res.Limit != indexer.DefaultLimit || len(res.Hits) != indexer.DefaultLimit {
		t.Errorf("default limit: echoed %d, %d hits, want %d", res.Limit, len(res.Hits), indexer.DefaultLimit)
	}
}

func TestInvalidQuery(t *testing.T) {
	ix, _, _ := openTest(t)
	for _, q := range []indexer.Query{
		{Limit: indexer.MaxLimit + 1},
		{Limit: -1},
		{Offset: -1},
		{Offset: indexer.MaxOffset + 1},
		{Sort: "score"},
		{Facets: []string{"colour"}},
		{PublishedFrom: "2024-13-01"},
		{PublishedFrom: "2024-05-01", PublishedTo: "2024-04-01"},
		{SearchAfter: []string{"x"}},
		{SearchAfter: []string{"not-a-date", "d0-001"}},
		{Text: "党", SearchAfter: []string{"high", "d0-001"}},
		{Offset: 5, SearchAfter: []string{"", "d0-001"}},
		{Text: strings.Repeat("党 ", indexer.MaxParts+1)},
		{Text: strings.Repeat("党", indexer.MaxTextBytes)},
		{FacetSize: indexer.MaxFacetSize + 1},
	} {
		if _, err := ix.Search(context.Background(), q); !errors.Is(err, indexer.ErrInvalidQuery) {
			t.Errorf("Search(%+v) error = %v, want ErrInvalidQuery", q, err)
		}
	}
}

func TestCancelledContext(t *testing.T) {
	ix, _, _ := openTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ix.Search(ctx, indexer.Query{Text: "党"}); !errors.Is(err, context.Canceled) {
		t.Errorf("search with a cancelled context: error = %v, want context.Canceled", err)
	}
	if _, _, err := ix.Count(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("count with a cancelled context: error = %v, want context.Canceled", err)
	}
	if err := ix.Add(ctx, testDisclosures()...); !errors.Is(err, context.Canceled) {
		t.Errorf("add with a cancelled context: error = %v, want context.Canceled", err)
	}
}

func TestMeasure(t *testing.T) {
	ix, ds, _ := openTest(t)
	m := ds[2].Measures[1]
	h, err := ix.Measure(context.Background(), m.ID)
	if err != nil {
		t.Fatalf("get measure: %v", err)
	}
	if h.Text != m.Text || h.DisclosureID != "d2" || h.Unit != ds[2].Unit || h.RoundLabel != "十届市委第二轮" ||
		h.Round == nil || *h.Round != 2 || h.Number != m.Number || h.Category != m.Category ||
		h.Published != "2024-04-15" || h.CategoryTitle != "党的领导方面" || h.Title != ds[2].Title ||
		!slices.Equal(h.Themes, m.Themes) || h.Problem != nil {
		t.Errorf("measure %s = %+v", m.ID, h)
	}
	if _, err := ix.Measure(context.Background(), "nope"); !errors.Is(err, indexer.ErrNotFound) {
		t.Errorf("missing measure: error = %v, want ErrNotFound", err)
	}
	if _, err := ix.Measure(context.Background(), "disclosure:d2"); !errors.Is(err, indexer.ErrNotFound) {
		t.Errorf("a disclosure document returned as a measure: error = %v", err)
	}
}
