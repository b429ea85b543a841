package indexer_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer"
)

// measureSpec is one measure of the test corpus: the disclosure it belongs
// to (index into testDisclosures), its category and its text and themes.
type measureSpec struct {
	disclosure int
	category   int
	themes     []string
	text       string
}

// testMeasures is a small corpus written for these tests: domain phrases,
// repeated phrases, and decoys holding only the words of a phrase
// (干部…队伍, 整改，落实, 违规发放…津补贴).
var testMeasures = []measureSpec{
	{0, 1, []string{"C1"}, "严格落实党组织领导的校长负责制，修订完善学校党组织会议和校长办公会议议事规则。"},
	{0, 1, []string{"C1"}, "全面推行党组织领导的校长负责制，明确党组织书记和校长的职责分工。"},
	{0, 1, []string{"C1", "D1"}, "健全校长负责制配套制度，校长定期向党组织报告工作。"},
	{0, 2, nil, "校长要负责制定年度工作计划，党组织领导班子加强督促检查。"},
	{1, 1, []string{"B1"}, "坚决纠正违规发放津补贴问题，全面清理规范津贴补贴发放行为，已追回违规发放资金12.6万元。"},
	{1, 1, []string{"B1", "E2"}, "对违规发放津补贴的相关责任人进行诫勉谈话，举一反三开展自查自纠。"},
	{1, 2, []string{"B1"}, "严禁违规发放各类奖金，津补贴一律按照标准执行。"},
	{2, 1, []string{"D3"}, "加强干部队伍建设，选优配强领导班子，优化干部队伍结构。"},
	{2, 1, []string{"D3"}, "加强市直学校年轻干部队伍建设，建立年轻干部培养选拔长效机制。"},
	{2, 2, []string{"D3"}, "注重年轻干部培养，打造一支过硬的人才队伍。"},
	{2, 2, nil, "干部职工思想认识不足，队伍建设有待加强。"},
	{3, 1, []string{"D2"}, "严格落实“三会一课”制度，按期召开支部委员会和党员大会。"},
	{3, 1, []string{"D2"}, "认真执行三会一课、主题党日等组织生活制度，做好会议记录。"},
	{3, 2, []string{"A2"}, "落实党风廉政建设“一岗双责”，班子成员定期听取分管领域廉政情况汇报。"},
	{3, 2, []string{"A2"}, "严格履行一岗双责，签订党风廉政建设责任书。"},
	{3, 3, nil, "每个岗位明确双重责任，一岗一责落实到人。"},
	{4, 1, []string{"G1"}, "召开专题会议研究部署整改落实工作，逐项明确整改责任。"},
	{4, 1, []string{"G1"}, "对照巡察反馈意见，制定整改方案，确保整改落实到位。"},
	{4, 2, []string{"G1"}, "建立问题清单，立行立改，整改，落实，销号管理。"},
	{4, 2, []string{"A1"}, "抓好整改工作，严格落实主体责任。"},
	{4, 3, []string{"A1"}, "压实全面从严治党主体责任，党组书记切实履行第一责任人职责。"},
	{5, 1, []string{"A1"}, "局党组认真履行主体责任，压实整改主体责任。"},
	{5, 1, []string{"A3"}, "加强意识形态工作，定期分析研判意识形态领域情况。"},
	{5, 2, []string{"B2"}, "规范公务接待管理，严禁超标准接待，杜绝公款吃喝。"},
	{5, 2, []string{"B2"}, "开展公务用车专项治理，清理违规占用车辆2辆。"},
	{5, 3, []string{"B3"}, "加强财务管理，规范报销审批流程，严格执行财务制度。"},
	{6, 1, []string{"A4"}, "完善“三重一大”集体决策制度，重大事项一律集体研究决定。"},
	{6, 1, []string{"A5"}, "深入学习贯彻习近平新时代中国特色社会主义思想，落实第一议题制度。"},
	{6, 2, []string{"D1"}, "加强基层党组织建设，选优配强党支部书记，规范党费收缴使用管理。"},
	{6, 2, []string{"E1"}, "开展警示教育，以案促改，筑牢拒腐防变思想防线。"},
	{6, 3, []string{"B3"}, "建立健全内部控制制度，加强政府采购管理，严防廉政风险。"},
	{7, 1, []string{"D3"}, "加强教师队伍建设，落实师德师风第一标准。"},
	{7, 1, []string{"G2"}, "持续巩固整改成果，建立长效机制，防止问题反弹回潮。"},
	{7, 2, []string{"B3"}, "对A&B两类<重点>项目开展专项检查，整改率100%。"},
	{7, 2, []string{"A6"}, "推动党建和业务深度融合，以高质量党建引领高质量发展。"},
	{7, 3, []string{"D3"}, "完善干部考核评价机制，激励干部担当作为。"},
	{0, 3, []string{"A3"}, "落实意识形态工作责任制，加强阵地管理。"},
	{1, 3, []string{"B4"}, "严格执行中央八项规定精神，持续纠治四风。"},
	{2, 3, []string{"D3"}, "健全选人用人机制，严把干部选拔任用关。"},
	{5, 3, nil, "APP软件上线运行，完成１４项任务。"},
	{4, 3, []string{"G1"}, "巡察整改工作领导小组定期调度，巡察整改工作有序推进。"},
	{0, 2, []string{"C1"}, "校长负责制落实情况纳入考核，校长负责制运行良好。"},
	// Decoys holding the words of a phrase apart.
	{1, 2, []string{"E2"}, "对违规行为严肃处理，按规定发放慰问品。"},
	{7, 1, nil, "加强队伍管理，推进制度建设。"},
	{5, 3, nil, "严格要求自己，抓好工作落实。"},
	{6, 3, []string{"B3"}, "加强内部管理，控制成本支出。"},
	{4, 3, []string{"A1"}, "明确主体责任，抓好任务落实。"},
	{2, 2, []string{"D3"}, "优化干部队伍年龄结构，干部队伍活力增强。"},
	{6, 3, []string{"E1"}, "开展廉政谈话，排查岗位风险点。"},
}

func ip(n int) *int { return &n }

// testDisclosures returns the disclosures of the test corpus, with their
// measures from testMeasures. Disclosure 6 has no publication date and no
// round.
func testDisclosures() []*corpus.Disclosure {
	type meta struct {
		unit, body, level, group, typ string
		term, round                   *int
		published                     string
		kind                          corpus.Kind
	}
	metas := []meta{
		{"中共云岭县教育局党组", "县委", "county", "县委第二巡察组", "常规巡察", ip(14), ip(3), "2023-05-10", corpus.KindRectification},
		{"中共云岭县民政局党组", "县委", "county", "县委第二巡察组", "常规巡察", ip(14), ip(3), "2023-06-01", corpus.KindRectification},
		{"中共拉萨市教育局党组", "市委", "city", "市委第四巡察组", "常规巡察", ip(10), ip(2), "2024-04-15", corpus.KindRectification},
		{"中共拉萨市第一中学委员会", "市委", "city", "市委第四巡察组", "常规巡察", ip(10), ip(2), "2024-03-20", corpus.KindRectificationConcentrated},
		{"中共拉萨市财政局党组", "市委", "city", "市委第一巡察组", "专项巡察", ip(10), ip(4), "2025-01-08", corpus.KindRectification},
		{"中共某省卫生健康委员会党组", "省委", "provincial", "省委第三巡视组", "常规巡视", ip(12), ip(5), "2022-11-30", corpus.KindRectification},
		{"中共云岭县民政局党组", "县委", "county", "", "", nil, nil, "", corpus.KindRectification},
		{"中共云岭县第二小学支部委员会", "县委", "county", "县委第一巡察组", "常规巡察", ip(14), ip(7), "2025-03-02", corpus.KindRectification},
	}
	ds := make([]*corpus.Disclosure, len(metas))
	for i, m := range metas {
		ds[i] = &corpus.Disclosure{
			ID:        "d" + string(rune('0'+i)),
			Kind:      m.kind,
			Title:     m.unit + "关于巡察整改情况的通报",
			Unit:      m.unit,
			Published: m.published,
			Inspection: corpus.Inspection{Scope: "巡察", Body: m.body, Level: m.level, Term: m.term,
				Round: m.round, Group: m.group, Type: m.typ},
			Categories: []corpus.Category{
				{Number: 1, Title: "党的领导方面"}, {Number: 2, Title: "全面从严治党方面"}, {Number: 3, Title: "整改落实方面"},
			},
		}
	}
	for _, s := range testMeasures {
		d := ds[s.disclosure]
		n := len(d.Measures) + 1
		d.Measures = append(d.Measures, corpus.Measure{
			ID: d.ID + "-" + threeDigits(n), Category: s.category, Number: n, Text: s.text, Themes: s.themes,
		})
	}
	return ds
}

func threeDigits(n int) string {
	return string([]byte{byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
}

// measureInfo is a test measure with its disclosure, for expectations.
type measureInfo struct {
	id         string
	d          *corpus.Disclosure
	m          corpus.Measure
	roundLabel string
}

func allMeasures(ds []*corpus.Disclosure) []measureInfo {
	var out []measureInfo
	for _, d := range ds {
		for _, m := range d.Measures {
			out = append(out, measureInfo{id: m.ID, d: d, m: m, roundLabel: indexer.RoundLabel(d.Inspection)})
		}
	}
	return out
}

// fold lowercases and maps full-width ASCII to half-width, as the
// analyzers' cjk_width and to_lower filters do.
func fold(s string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if r >= 0xFF01 && r <= 0xFF5E {
			return r - 0xFEE0
		}
		return r
	}, s))
}

// verbatimIDs returns the ids of test measures containing phrase.
func verbatimIDs(ds []*corpus.Disclosure, phrase string) map[string]bool {
	out := map[string]bool{}
	for _, mi := range allMeasures(ds) {
		if strings.Contains(fold(mi.m.Text), fold(phrase)) {
			out[mi.id] = true
		}
	}
	return out
}

// openTest creates an index in a temporary folder holding the test corpus.
func openTest(t testing.TB) (*indexer.Index, []*corpus.Disclosure, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := indexer.Open(context.Background(), dir, indexer.Options{})
	if err != nil {
		t.Fatalf("open index: %v", err)
	}
	t.Cleanup(func() {
		if err := ix.Close(); err != nil {
			t.Errorf("close index: %v", err)
		}
	})
	ds := testDisclosures()
	if err := ix.Add(context.Background(), ds...); err != nil {
		t.Fatalf("add test corpus: %v", err)
	}
	return ix, ds, dir
}

// search runs q and fails the test on error.
func search(t testing.TB, ix *indexer.Index, q indexer.Query) *indexer.Result {
	t.Helper()
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return res
}

func hitIDs(res *indexer.Result) []string {
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids
}
