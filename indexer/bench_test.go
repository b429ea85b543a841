package indexer_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/segment"
	"github.com/zhenggai/zhenggai/indexer"
)

// synthClauses are the pieces synthetic measures are made of.
var synthClauses = []string{
	"严格落实党组织领导的校长负责制", "坚决纠正违规发放津补贴问题", "加强干部队伍建设", "加强年轻干部队伍建设",
	"严格执行三会一课制度", "落实党风廉政建设一岗双责", "召开专题会议研究部署整改落实工作", "压实全面从严治党主体责任",
	"加强意识形态工作", "规范公务接待管理", "完善三重一大集体决策制度", "落实第一议题制度",
	"规范党费收缴使用管理", "开展警示教育", "以案促改", "建立健全内部控制制度", "加强政府采购管理",
	"建立长效机制", "推动高质量发展", "严格执行中央八项规定精神", "持续纠治四风", "健全选人用人机制",
	"抓好整改工作", "明确整改责任", "逐项销号管理", "加强财务管理", "规范报销审批流程", "追回违规资金",
	"开展自查自纠", "举一反三", "优化干部队伍结构", "加强教师队伍建设", "制定整改方案", "确保整改到位",
}

// synthDisclosures makes n disclosures of perDisclosure measures each,
// deterministically.
func synthDisclosures(n, perDisclosure int) []*corpus.Disclosure {
	r := rand.New(rand.NewPCG(1, 2))
	units := []string{"教育局", "民政局", "财政局", "卫生健康委员会", "第一中学", "交通运输局", "自然资源局", "审计局"}
	bodies := []string{"市委", "县委", "区委", "省委"}
	ds := make([]*corpus.Disclosure, n)
	for i := range ds {
		d := &corpus.Disclosure{
			ID:        fmt.Sprintf("s%05d", i),
			Kind:      corpus.KindRectification,
			Unit:      fmt.Sprintf("中共第%d区%s党组", i%25, units[i%len(units)]),
			Published: fmt.Sprintf("%d-%02d-%02d", 2019+i%7, 1+i%12, 1+i%28),
			Inspection: corpus.Inspection{Body: bodies[i%len(bodies)], Term: ip(10 + i%5), Round: ip(1 + i%9),
				Type: "常规巡察"},
		}
		for j := range perDisclosure {
			k := 2 + r.IntN(3)
			parts := make([]string, k)
			for p := range parts {
				parts[p] = synthClauses[r.IntN(len(synthClauses))]
			}
			d.Measures = append(d.Measures, corpus.Measure{
				ID: fmt.Sprintf("%s-%03d", d.ID, j+1), Category: 1 + j%3, Number: j + 1,
				Text:   strings.Join(parts, "，") + "。",
				Themes: []string{fmt.Sprintf("A%d", 1+r.IntN(8)), fmt.Sprintf("D%d", 1+r.IntN(5))},
			})
		}
		ds[i] = d
	}
	return ds
}

// BenchmarkSearch searches a 5,000-measure synthetic index built once.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	ix, err := indexer.Open(ctx, filepath.Join(b.TempDir(), "index"), indexer.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Add(ctx, synthDisclosures(200, 25)...); err != nil {
		b.Fatal(err)
	}
	facets := []string{indexer.FacetUnit, indexer.FacetRound, indexer.FacetTheme, indexer.FacetYear}
	for _, bc := range []struct {
		name string
		q    indexer.Query
	}{
		{"two_parts_facets_highlight", indexer.Query{Text: "干部队伍 整改", Facets: facets, Highlight: true}},
		{"two_parts_facets", indexer.Query{Text: "干部队伍 整改", Facets: facets}},
		{"phrase", indexer.Query{Text: "违规发放津补贴"}},
		{"filters_by_date", indexer.Query{Body: []string{"市委"}, Year: []int{2023}, Facets: facets}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var total uint64
			for b.Loop() {
				res, err := ix.Search(ctx, bc.q)
				if err != nil {
					b.Fatal(err)
				}
				total = res.Total
			}
			b.ReportMetric(float64(total), "hits")
		})
	}
}

// BenchmarkAdd indexes 1,000 measures into a fresh index, with our Add and
// with plain bleve and the stock cjk analyzer on the same texts (batch
// 1000, safe batches, open to close), and reports both throughputs and
// their ratio (ours / plain).
func BenchmarkAdd(b *testing.B) {
	ctx := context.Background()
	ds := synthDisclosures(40, 25)
	var mb float64
	for _, d := range ds {
		for _, m := range d.Measures {
			mb += float64(len(m.Text)) / 1e6
		}
	}
	// Load the shared segmenter outside the timed loop (Open loads it once
	// per process).
	if _, err := segment.Shared(); err != nil {
		b.Fatal(err)
	}
	var ids, texts []string
	for _, d := range ds {
		for _, m := range d.Measures {
			ids, texts = append(ids, m.ID), append(texts, m.Text)
		}
	}

	var ours, base time.Duration
	n := 0
	for b.Loop() {
		start := time.Now()
		ix, err := indexer.Open(ctx, filepath.Join(b.TempDir(), fmt.Sprintf("ours%d", n)), indexer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Add(ctx, ds...); err != nil {
			b.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
		ours += time.Since(start)

		start = time.Now()
		buildBaseline(ctx, b, filepath.Join(b.TempDir(), fmt.Sprintf("cjk%d", n)), ids, texts)
		base += time.Since(start)
		n++
	}
	oursMBs := mb * float64(n) / ours.Seconds()
	baseMBs := mb * float64(n) / base.Seconds()
	b.ReportMetric(oursMBs, "MB/s")
	b.ReportMetric(baseMBs, "cjk_MB/s")
	b.ReportMetric(oursMBs/baseMBs, "ratio")
}

// buildBaseline indexes ids and texts in a new plain bleve + cjk index in
// dir and closes it.
func buildBaseline(ctx context.Context, b *testing.B, dir string, ids, texts []string) {
	b.Helper()
	bl, err := indexer.NewBaseline(dir)
	if err != nil {
		b.Fatal(err)
	}
	if err := bl.Add(ctx, ids, texts); err != nil {
		b.Fatal(err)
	}
	if err := bl.Close(); err != nil {
		b.Fatal(err)
	}
}
