package export

import (
	"context"
	"strconv"
	"strings"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer"
)

// CriteriaOf describes a search for the criteria sheet: the query text and
// every filter it sets, with Chinese names, in a fixed order.
func CriteriaOf(q indexer.Query) []Criterion {
	var out []Criterion
	add := func(name string, vs ...string) {
		if v := strings.Join(vs, "、"); v != "" {
			out = append(out, Criterion{Name: name, Value: v})
		}
	}
	ints := func(ns []int) []string {
		s := make([]string, len(ns))
		for i, n := range ns {
			s[i] = strconv.Itoa(n)
		}
		return s
	}
	add("查询", q.Text)
	add("单位", q.Unit...)
	add("轮次", ints(q.Round)...)
	add("轮次名称", q.RoundLabel...)
	add("主题", q.Themes...)
	add("年份", ints(q.Year)...)
	add("类别", ints(q.Category)...)
	add("巡察主体", q.Body...)
	add("层级", q.Level...)
	add("巡察组", q.Group...)
	add("巡察类型", q.Type...)
	add("届", ints(q.Term)...)
	add("文档类型", q.Kind...)
	add("通报ID", q.DisclosureID)
	add("发布日期起", q.PublishedFrom)
	add("发布日期止", q.PublishedTo)
	add("排序", q.Sort)
	if q.Synonyms {
		add("近义词", "是")
	}
	return out
}

// TitlesFrom makes an Options.Titles from a reader of stored disclosures.
func TitlesFrom(get func(ctx context.Context, id string) (*corpus.Disclosure, error)) func(context.Context, string) (Titles, error) {
	return func(ctx context.Context, id string) (Titles, error) {
		d, err := get(ctx, id)
		if err != nil {
			return Titles{}, err
		}
		t := Titles{Categories: map[int]string{}, Problems: map[[2]int]string{}}
		for _, c := range d.Categories {
			t.Categories[c.Number] = c.Title
			for _, p := range c.Problems {
				t.Problems[[2]int{c.Number, p.Number}] = p.Title
			}
		}
		return t, nil
	}
}
