package extract_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/corpus/extract"
)

// bigPage is a ~200 KB gb2312 page: site chrome around a long article.
func bigPage(tb testing.TB) []byte {
	tb.Helper()
	var paras []string
	for i := 0; ; i++ {
		paras = append(paras,
			fmt.Sprintf("（%d）关于落实全面从严治党责任不到位的问题。", i+1),
			"一是召开党风廉政建设专题会议，研究部署整改工作，签订责任书36份；二是对低保资金发放情况开展专项检查，追回违规发放资金1.2万元；三是建立健全长效机制，确保整改不反弹、不走样。")
		page := corpustest.HTMLPage(corpustest.HTMLPageOptions{
			Title: "中共云岭县民政局党组关于县委第三轮巡察整改进展情况的通报", Paragraphs: paras,
			Published: "2024-09-20", Publisher: "云岭县民政局", IndexNo: "115300000000000000/2024-00001", Related: 20,
		})
		if len(page) >= 200<<10 {
			return page
		}
	}
}

func BenchmarkHTML(b *testing.B) {
	page := bigPage(b)
	ex := extract.New(extract.Options{}, nil)
	ctx := context.Background()
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ex.Bytes(ctx, "page.html", page); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGBKText(b *testing.B) {
	var s []byte
	for len(s) < 200<<10 {
		s = append(s, "一是召开党风廉政建设专题会议，研究部署整改工作，签订责任书36份。\n"...)
	}
	data := corpustest.GBK(string(s))
	ex := extract.New(extract.Options{}, nil)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ex.Bytes(context.Background(), "a.txt", data); err != nil {
			b.Fatal(err)
		}
	}
}
