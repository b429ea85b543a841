package normalize_test

import (
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/corpus/normalize"
)

func TestSeed(t *testing.T) {
	n := normalize.New()
	out, rep := n.Text(string(corpustest.Seed(t)))
	lines := strings.Split(out, "\n")
	has := func(line string) bool {
		for _, l := range lines {
			if l == line {
				return true
			}
		}
		return false
	}

	t.Run("splits joined", func(t *testing.T) {
		for _, w := range []string{"感悟领袖风范", "群众反映强烈方面存在的问题", "直属学校", "开出了", "专项教育实践活动》", "广泛开展", "划出红线"} {
			if !strings.Contains(out, w) {
				t.Errorf("output lacks %q", w)
			}
		}
		if rep.JoinedBreaks != 7 {
			t.Errorf("JoinedBreaks = %d, want 7", rep.JoinedBreaks)
		}
	})
	t.Run("lines kept apart", func(t *testing.T) {
		for _, l := range []string{
			"中共拉萨市教育局党组",
			"中共拉萨市教育局党组关于十届市委第二轮巡察反馈意见整改落实情况的公示",
			"一、整改工作开展情况",
			"二、整改任务落实情况",
			"三、下一步工作打算",
			"（一）聚焦党中央各项决策部署在基层的落实情况方面存在的问题",
			"（二）聚焦群众身边腐败问题和不正之风以及群众反映强烈方面存在的问题",
			"（三）聚焦基层党组织建设情况方面存在的问题",
			"邮政信箱：拉萨市城关区林聚路20号，邮编850000。",
		} {
			if !has(l) {
				t.Errorf("no line %q", l)
			}
		}
		if got := lines[len(lines)-1]; got != "2024年4月15日" {
			t.Errorf("last line = %q, want 2024年4月15日", got)
		}
		if got := lines[len(lines)-2]; got != "中共拉萨市教育局党组" {
			t.Errorf("signature line = %q", got)
		}
	})
	t.Run("contract", func(t *testing.T) {
		for i, l := range lines {
			if l == "" {
				t.Errorf("line %d is empty", i+1)
			}
			if l != strings.TrimSpace(l) {
				t.Errorf("line %d is not trimmed: %q", i+1, l)
			}
		}
		if !strings.Contains(out, "联系方式0891-6323368；") {
			t.Error("contact line not normalised")
		}
		if strings.Contains(out, "(") || strings.Contains(out, " 年") {
			t.Error("half-width parenthesis or spaced date left")
		}
		if rep.Traditional || rep.PinyinGlosses != 0 {
			t.Errorf("report = %+v, want no traditional and no glosses", rep)
		}
	})
	t.Run("idempotent", func(t *testing.T) {
		if again, rep := n.Text(out); again != out || rep.JoinedBreaks != 0 {
			t.Errorf("second pass changed the text (%+v)", rep)
		}
	})
}
