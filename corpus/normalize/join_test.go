package normalize_test

import (
	"testing"

	"github.com/zhenggai/zhenggai/corpus/normalize"
)

// Two generic 24-character clauses: a full PDF line holds more Han
// characters than minJoinHan.
const (
	clauseA = "各单位要认真落实整改主体责任并按照时间节点推进"  // 23 Han
	clauseB = "建立问题清单任务清单责任清单做到对账销号见底清零" // 24 Han
)

func TestJoinBreaks(t *testing.T) {
	runCases(t, normalize.New(), []textCase{
		{"page break mid word", clauseA + "整\n\n改工作。", clauseA + "整改工作。"},
		{"hard wrap without blank line", clauseA + "\n" + clauseB + "\n完成。", clauseA + clauseB + "完成。"},
		{"after comma", clauseA + "，\n\n" + clauseB + "。", clauseA + "，" + clauseB + "。"},
		{"after enumeration comma", clauseA + "、\n\n" + clauseB + "。", clauseA + "、" + clauseB + "。"},
		{"after ellipsis", clauseA + "……\n\n" + clauseB + "。", clauseA + "……" + clauseB + "。"},
		{"inside book title", "印发《" + clauseA + "专项\n\n工作方案》等文件。", "印发《" + clauseA + "专项工作方案》等文件。"},
		{"inside quotes", "开展“" + clauseA + "感悟\n\n领袖风范”活动。", "开展“" + clauseA + "感悟领袖风范”活动。"},
		{"after closing mark inside sentence", "印发《" + clauseA + "》\n\n等文件。", "印发《" + clauseA + "》等文件。"},
		{"across spaces on the broken line", clauseA + "  \n  \n  整改。", clauseA + "整改。"},
		{"heading split", "（二）聚焦群众身边腐败问题和不正之风以及群众反映\n\n强烈方面存在的问题\n\n一是整改。",
			"（二）聚焦群众身边腐败问题和不正之风以及群众反映强烈方面存在的问题\n一是整改。"},
		{"three lines", clauseA + "\n" + clauseB + "\n" + clauseA + "。", clauseA + clauseB + clauseA + "。"},
		{"seam punctuation", clauseA + "\n,整改。", clauseA + "，整改。"},
		{"seam doubled comma", clauseA + "，\n，整改。", clauseA + "，整改。"},
		{"seam gloss", clauseA + "委\n(wei)整改。", clauseA + "委整改。"},
		{"seam straight quotes", "开展\"" + clauseA + "\n\n学习\"活动。", "开展“" + clauseA + "学习”活动。"},
		{"page number dropped", clauseA + "\n\n- 3 -\n\n整改。", clauseA + "整改。"},
		{"page of pages dropped", clauseA + "\n第 2 页 共 5 页\n整改。", clauseA + "整改。"},

		{"full stop ends", clauseA + "。\n\n" + clauseB, clauseA + "。\n" + clauseB},
		{"semicolon ends", clauseA + "；\n" + clauseB, clauseA + "；\n" + clauseB},
		{"colon ends", clauseA + "：\n" + clauseB, clauseA + "：\n" + clauseB},
		{"bang ends", clauseA + "！\n" + clauseB, clauseA + "！\n" + clauseB},
		{"question ends", clauseA + "？\n" + clauseB, clauseA + "？\n" + clauseB},
		{"half-width colon ends", clauseA + " abc:\n" + clauseB, clauseA + " abc:\n" + clauseB},
		{"quoted sentence ends", "他说：“" + clauseA + "。”\n" + clauseB, "他说：“" + clauseA + "。”\n" + clauseB},
		{"bracketed sentence ends", "（" + clauseA + "。）\n" + clauseB, "（" + clauseA + "。）\n" + clauseB},
		{"short line", "一、整改工作开展情况\n\n（一）坚定站位", "一、整改工作开展情况\n（一）坚定站位"},
		{"short letterhead", "中共某市教育局党组\n\n中共某市教育局党组关于巡察整改情况", "中共某市教育局党组\n中共某市教育局党组关于巡察整改情况"},
		{"title ends with 公示", "中共某市教育局党组关于十届市委第二轮巡察反馈意见整改落实情况的公示\n\n按照市委统一部署开展巡察。",
			"中共某市教育局党组关于十届市委第二轮巡察反馈意见整改落实情况的公示\n按照市委统一部署开展巡察。"},
		{"title ends with 通报", clauseA + "的通报\n正文。", clauseA + "的通报\n正文。"},
		{"heading ends with 情况", clauseA + "情况\n正文。", clauseA + "情况\n正文。"},
		{"long heading keeps its paragraph", "一、坚持提高政治站位，以高度的政治自觉抓好巡视整改各项工作任务\n厅党组召开党组会议专题研究整改工作，制定整改方案。",
			"一、坚持提高政治站位，以高度的政治自觉抓好巡视整改各项工作任务\n厅党组召开党组会议专题研究整改工作，制定整改方案。"},
		{"item line still joins its paragraph", "五是扩大选人用人视野，统筹用好局机关事业单位、直\n\n属学校干部资源，进一步提升素质。",
			"五是扩大选人用人视野，统筹用好局机关事业单位、直属学校干部资源，进一步提升素质。"},
		{"heading with a full stop joins", "（一）坚定站位抓整改。始终站在推动高质量发展和长治久安大局的政治高\n\n度抓整改。",
			"（一）坚定站位抓整改。始终站在推动高质量发展和长治久安大局的政治高度抓整改。"},
		{"page chrome keeps the text apart", "发布时间：2024-09-30　来源：中共某某县纪委县监委（县委巡察办公室）\n根据县委统一部署开展巡察。",
			"发布时间：2024-09-30来源：中共某某县纪委县监委（县委巡察办公室）\n根据县委统一部署开展巡察。"},
		{"long organisation name as letterhead", "中共云岭市城市建设投资集团有限公司委员会\n中共云岭市城市建设投资集团有限公司委员会关于巡察整改情况的通报",
			"中共云岭市城市建设投资集团有限公司委员会\n中共云岭市城市建设投资集团有限公司委员会关于巡察整改情况的通报"},
		{"long organisation name as signature", "中共云岭市城市建设投资集团有限公司委员会\n2025年1月6日",
			"中共云岭市城市建设投资集团有限公司委员会\n2025年1月6日"},
		{"two-line title", "中共某市教育局党组关于十届市委第二轮巡察反馈意见\n整改落实情况的公示\n按照部署。",
			"中共某市教育局党组关于十届市委第二轮巡察反馈意见整改落实情况的公示\n按照部署。"},
	})
}

func TestJoinStopsAtItems(t *testing.T) {
	var cases []textCase
	for _, start := range []string{
		"一、整改", "十二、整改", "（一）整改", "(二)整改", "1.整改", "12、整改", "（3）整改", "(4)整改", "5）整改",
		"一是整改", "十是整改", "第一，整改", "第二、整改", "反馈问题整改", "①整改",
		"整改情况：已完成", "整改措施:已完成", "责任单位：办公室", "附件：清单",
	} {
		want, _ := normalize.New().Text(start)
		cases = append(cases, textCase{start, clauseA + "\n\n" + start, clauseA + "\n" + want})
	}
	for _, start := range []string{"1.5万元", "一系列工作", "整改情况良好", "第一书记"} {
		want, _ := normalize.New().Text(start)
		cases = append(cases, textCase{"joins " + start, clauseA + "\n" + start, clauseA + want})
	}
	runCases(t, normalize.New(), cases)
}

func TestJoinReport(t *testing.T) {
	n := normalize.New()
	_, rep := n.Text(clauseA + "\n\n" + clauseB + "\n\n- 1 -\n\n" + clauseA + "。\n\n一是" + clauseB)
	if rep.JoinedBreaks != 2 || rep.PageMarks != 1 {
		t.Errorf("report = %+v, want 2 joined breaks and 1 page mark", rep)
	}
}
