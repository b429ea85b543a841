package normalize_test

import (
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/corpus/normalize"
)

// benchParagraph imitates extracted PDF text: spaced numbers, mixed widths,
// a page-break split and a short heading.
const benchParagraph = "（一）聚焦巡察反馈问题整改落实方面存在的问题\n\n" +
	"一是认真研究制定整改措施, 逐项分解细化责任，于 2024 年 4 月 15 日前完成 14 项整改任务(含立行立改 3 项)。" +
	"坚持问题导向，建立问题清单、任务清单、责任清单，做到对账销号、见底清零，推动\n\n" +
	"整改工作走深走实。联系电话:0891-6323368；邮箱 wbqxcb@163.com。\n\n"

func repeatTo(s string, size int) string {
	return strings.Repeat(s, size/len(s)+1)
}

func BenchmarkText(b *testing.B) {
	n := normalize.New()
	for _, bc := range []struct {
		name string
		text func(b *testing.B) string
	}{
		{"paragraph", func(*testing.B) string { return repeatTo(benchParagraph, 1<<20) }},
		{"seed", func(b *testing.B) string { return repeatTo(string(corpustest.Seed(b))+"\n\n", 1<<20) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			text := bc.text(b)
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				n.Text(text)
			}
		})
	}
}

// BenchmarkTextTraditional measures the slow path: detection plus OpenCC.
func BenchmarkTextTraditional(b *testing.B) {
	n := normalize.New()
	text := repeatTo("按照縣委統一部署，縣委第二巡察組對縣教育局黨組開展了常規巡察，建立整改臺賬，逐項對賬銷號。\n", 64<<10)
	n.Text(text) // load the converter outside the loop
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		n.Text(text)
	}
}
