package theme_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/theme"
)

// themeSentences holds, for every built-in theme, a measure or problem
// sentence written for this test (not copied from published pages) that
// must tag it.
func themeSentences() map[string]string {
	return map[string]string{
		"A1":  "局党组把学习贯彻党的创新理论作为第一议题，每月开展一次中心组学习。",
		"A2":  "针对上级决策部署落实有差距的问题，建立重点任务督查督办台账。",
		"A3":  "聚焦主责主业，梳理核心职能清单，解决履职不到位问题。",
		"A4":  "开展行业监管专项行动，纠正以罚代管、监管缺位等问题。",
		"A5":  "出台优化营商环境十条措施，全面推行一网通办。",
		"A6":  "完善防返贫监测帮扶机制，推进高标准农田建设和人居环境整治。",
		"A7":  "组织开展安全生产大检查，整改消防安全隐患12处。",
		"A8":  "修订意识形态工作责任制实施细则，加强网络舆情研判。",
		"A9":  "深入开展民族团结进步创建，做好宗教事务管理和统战工作。",
		"A10": "对违法占地和非法采砂问题开展专项清理，落实河湖长制。",
		"A11": "全面排查低保、临时救助政策落实情况，推进养老服务民生实事。",
		"A12": "落实立德树人根本任务，完善党组织领导的校长负责制。",
		"B1":  "严格执行中央八项规定精神，清理超标准接待和公车私用问题。",
		"B2":  "大力整治形式主义、官僚主义，精简会议、控制发文，切实为基层减负。",
		"B3":  "对推诿扯皮、慢作为问题开展明察暗访，实行首问负责和限时办结。",
		"B4":  "建立信访积案化解台账，及时回应12345热线反映的群众诉求。",
		"B5":  "梳理关键岗位廉政风险点，防止利益输送和权力寻租。",
		"B6":  "开展医保基金专项检查，严厉打击欺诈骗保行为。",
		"B7":  "严查教师有偿补课和违规补课行为，开展师德师风专项整治。",
		"B8":  "规范村级财务和三资管理，严格落实四议两公开。",
		"B9":  "开展执法办案质量评查，整治有案不立、压案不查问题。",
		"C1":  "制定全面从严治党主体责任清单，推动班子成员落实一岗双责。",
		"C2":  "运用监督执纪第一种形态，对苗头性问题及时开展谈心谈话提醒。",
		"C3":  "召开警示教育大会，深化以案促改、以案示警。",
		"C4":  "对巡察移交的问题线索逐件处置，给予党纪处分2人、诫勉谈话3人。",
		"D1":  "修订党组议事规则，严格执行三重一大集体决策制度。",
		"D2":  "规范落实三会一课制度，按时召开组织生活会和主题党日活动。",
		"D3":  "对软弱涣散基层党组织进行整顿，按期完成支部换届。",
		"D4":  "严格发展党员程序，规范党费收缴和党员档案管理。",
		"D5":  "严格执行干部选拔任用工作条例，规范动议和考察程序。",
		"D6":  "加大年轻干部培养力度，优化干部队伍梯次配备。",
		"D7":  "清理编外人员和混编混岗问题，严格执行三定方案。",
		"E1":  "规范报销审核流程，清理长期挂账的往来款。",
		"E2":  "对挤占挪用专项资金问题全面清查，严禁违规列支。",
		"E3":  "建立国有资产台账，规范资产出租和资产处置。",
		"E4":  "严格落实政府采购制度，杜绝化整为零规避招标。",
		"E5":  "加快未决算工程项目结算审计，规范工程变更签证。",
		"E6":  "完善内控制度，规范合同管理和审批流程。",
		"E7":  "完善投资决策机制，防范对外担保和债务风险。",
		"E8":  "规范工会经费使用，严禁违规发放福利费。",
		"F1":  "对上轮巡察反馈问题整改不彻底的事项开展回头看。",
		"F2":  "将审计整改纳入台账管理，逐项对照审计发现问题整改销号。",
		"G1":  "加强档案管理和保密管理，规范政务公开信息发布。",
		"G2":  "深入开展常态化扫黑除恶斗争，推进禁毒和反诈宣传。",
	}
}

func TestEveryThemeHasASentence(t *testing.T) {
	tg := theme.NewTagger(theme.Default())
	sentences := themeSentences()
	for _, id := range builtinIDs() {
		s, ok := sentences[id]
		if !ok {
			t.Errorf("%s: no sentence", id)
			continue
		}
		if got := tg.Tag(s); !slices.Contains(got, id) {
			t.Errorf("%s: Tag(%q) = %v", id, s, got)
		}
	}
}

func TestBoilerplateTagsNothing(t *testing.T) {
	tg := theme.NewTagger(nil)
	for _, s := range []string{
		"始终站在增强“四个意识”、坚定“四个自信”、做到“两个维护”的政治高度。",
		"用整改的实际行动和效果践行“两个维护”、捍卫“两个确立”，推动高质量发展。",
		"进一步提高政治站位，压实主体责任，注重举一反三、标本兼治，持续巩固整改成果。",
		"党组书记切实履行整改第一责任人责任，对巡察整改工作亲自研究部署。",
		"局党组召开巡察整改专题民主生活会，建立问题清单、任务清单、责任清单，对账销号。",
		"在市纪委监委派驻纪检监察组的监督下，认真履行主体责任，坚决贯彻党中央决策部署。",
		"坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大精神。",
		"",
	} {
		if got := tg.Tag(s); len(got) != 0 {
			t.Errorf("Tag(%q) = %v (hits %v), want none", s, got, tg.Hits(s))
		}
	}
}

func TestTag(t *testing.T) {
	tg := theme.NewTagger(nil)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"longest wins", "严格落实中央八项规定精神", []string{"B1"}},
		{"weak supported by strong of same group", "落实“一岗双责”，履行“第一责任人”责任", []string{"C1"}},
		{"weak alone", "组织编制教学计划", nil},
		{"weak with other group only", "组织编制《安全生产责任清单》", []string{"A7"}},
		{"weak with same group", "组织编制方案，清理编外人员", []string{"D7"}},
		{"ambiguous resolved by evidence", "控制发文，切实为学校“减负”", []string{"B2"}},
		{"ambiguous resolved to the other", "落实双减政策，为学生减负", []string{"B7"}},
		{"ambiguous unresolved keeps both", "落实减负措施", []string{"B2", "B7"}},
		{"stop phrase hides inner keyword", "召开巡察整改专题民主生活会", nil},
		{"inner keyword of a keyword hides", "运用监督执纪第一种形态开展谈心谈话提醒", []string{"C2"}},
		{"ascii keyword needs boundaries", "编号123456的文件", nil},
		{"ascii keyword at boundary", "12345热线工单", []string{"B4"}},
		{"taxonomy order", "规范三会一课，落实第一议题，清理小金库", []string{"A1", "D2", "E2"}},
		{"a10 after a9", "民族团结和污染防治", []string{"A9", "A10"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tg.Tag(tt.text)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Tag(%q) = %v, want %v (hits %v)", tt.text, got, tt.want, tg.Hits(tt.text))
			}
		})
	}
}

func TestTagWithContext(t *testing.T) {
	tg := theme.NewTagger(nil)
	tests := []struct {
		name, text, heading string
		want                []string
	}{
		{"heading lets a weak keyword count", "压实主体责任，逐级签订责任书",
			"（二）关于“管党治党责任落实不到位”的问题", []string{"C1"}},
		{"focus heading alone does not", "压实主体责任，逐级签订责任书",
			"（一）聚焦党中央各项决策部署在基层的落实情况方面存在的问题", nil},
		{"never invents a theme", "按时完成整改任务",
			"（二）聚焦群众身边腐败问题和不正之风", nil},
		{"heading theme breaks a tie", "落实减负措施",
			"关于“违规补课问题突出”的问题", []string{"B7"}},
		{"heading group breaks a tie", "推进扫黑除恶",
			"（三）聚焦政法队伍执法司法作风方面", []string{"B9"}},
		{"evidence beats the heading", "控制发文，切实减负",
			"关于“违规补课问题突出”的问题", []string{"B2"}},
		{"empty heading is Tag", "推进扫黑除恶", "", []string{"B9", "G2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tg.TagWithContext(tt.text, tt.heading)
			if !slices.Equal(got, tt.want) {
				t.Errorf("TagWithContext(%q, %q) = %v, want %v", tt.text, tt.heading, got, tt.want)
			}
		})
	}
}

func TestHeadingGroup(t *testing.T) {
	tg := theme.NewTagger(nil)
	tests := []struct{ heading, want string }{
		{"（一）聚焦党中央各项决策部署在基层的落实情况方面存在的问题", "A"},
		{"（二）聚焦群众身边腐败问题和不正之风以及群众反映强烈方面存在的问题", "B"},
		{"（三）聚焦基层党组织建设情况方面存在的问题", "D"},
		{"（二）落实全面从严治党战略部署方面", "C"},
		{"（三）落实新时代党的组织路线方面", "D"},
		{"（一）贯彻落实党的理论和路线方针政策及党中央决策部署方面", "A"},
		{"（四）巡视巡察、审计等监督发现问题整改落实方面", "F"},
		{"1.关于“三重一大”制度执行不严格的问题", "D"},
		{"2.关于“工会经费使用不规范”的问题", "E"},
		{"一、其他方面", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := tg.HeadingGroup(tt.heading); got != tt.want {
			t.Errorf("HeadingGroup(%q) = %q, want %q", tt.heading, got, tt.want)
		}
	}
}

func TestHitOffsets(t *testing.T) {
	tg := theme.NewTagger(nil)
	text := "严格落实中央八项规定精神，规范“三会一课”，压实主体责任、落实一岗双责。"
	hits := tg.Hits(text)
	want := []struct {
		id, kw string
		weak   bool
	}{
		{"B1", "中央八项规定精神", false},
		{"D2", "三会一课", false},
		{"C1", "主体责任", true},
		{"C1", "一岗双责", false},
	}
	if len(hits) != len(want) {
		t.Fatalf("hits = %v, want %d", hits, len(want))
	}
	for i, h := range hits {
		if h.ID != want[i].id || h.Keyword != want[i].kw || h.Weak != want[i].weak {
			t.Errorf("hit %d = %+v, want %+v", i, h, want[i])
		}
		if text[h.Start:h.End] != h.Keyword {
			t.Errorf("hit %d: text[%d:%d] = %q, want %q", i, h.Start, h.End, text[h.Start:h.End], h.Keyword)
		}
	}
	if start := strings.Index(text, "中央八项规定精神"); hits[0].Start != start || hits[0].End != start+len("中央八项规定精神") {
		t.Errorf("first hit at %d:%d, want %d", hits[0].Start, hits[0].End, start)
	}
}

func TestTagMatchesHits(t *testing.T) {
	tg := theme.NewTagger(nil)
	for id, s := range themeSentences() {
		var fromHits []string
		for _, h := range tg.Hits(s) {
			if !slices.Contains(fromHits, h.ID) {
				fromHits = append(fromHits, h.ID)
			}
		}
		slices.Sort(fromHits)
		got := slices.Sorted(slices.Values(tg.Tag(s)))
		if !slices.Equal(got, fromHits) {
			t.Errorf("%s: Tag %v, ids of Hits %v", id, got, fromHits)
		}
	}
}

func TestTaggerConcurrent(t *testing.T) {
	tg := theme.NewTagger(nil)
	sentences := themeSentences()
	done := make(chan bool)
	for range 8 {
		go func() {
			for id, s := range sentences {
				if !slices.Contains(tg.Tag(s), id) {
					t.Errorf("%s lost under concurrency", id)
				}
			}
			done <- true
		}()
	}
	for range 8 {
		<-done
	}
}

func FuzzHits(f *testing.F) {
	for _, s := range themeSentences() {
		f.Add(s)
	}
	f.Add("中央八项规定精神\xff三会一课12345")
	tg := theme.NewTagger(nil)
	f.Fuzz(func(t *testing.T, text string) {
		prev := -1
		for _, h := range tg.Hits(text) {
			if h.Start < 0 || h.End > len(text) || text[h.Start:h.End] != h.Keyword {
				t.Fatalf("bad hit %+v", h)
			}
			if h.Start < prev {
				t.Fatalf("hits not sorted by start")
			}
			prev = h.Start
		}
	})
}

func TestMentionsInPassing(t *testing.T) {
	tg := theme.NewTagger(nil)
	for _, c := range []struct {
		text string
		want []string
	}{
		// A generic keyword alone counts; beside independent evidence it does not.
		{"规范党组会议纪要，由专人记录保存。", []string{"D1"}},
		{"召开党组会议，专题研究师德师风问题。", []string{"B7"}},
		{"规范报销审批流程。", []string{"E1"}},
		{"规范合同签订和审批流程。", []string{"E6"}},
		// A framed keyword: means (利用, 通过, 结合) and place (在…上/中/后).
		{"利用主题党日活动开展警示教育。", []string{"C3"}},
		{"通过谈心谈话教育引导医务人员拒收回扣。", []string{"B6"}},
		{"在换届后的村“两委”班子中明确专人负责防返贫监测。", []string{"A6"}},
		{"在党组会议上通报专项资金使用情况。", []string{"E2"}},
		// The frame ends at the clause: 主题党日 here is the subject.
		{"严格落实三会一课制度，在每月开展主题党日。", []string{"D2"}},
		{"开展主题党日活动，组织党员观看警示教育片。", []string{"C3", "D2"}},
	} {
		if got := tg.Tag(c.text); !slices.Equal(got, c.want) {
			t.Errorf("Tag(%q) = %v, want %v (hits %v)", c.text, got, c.want, tg.Hits(c.text))
		}
	}
}

// TestFrameOpenersAreCued keeps cuesOf's first-character switch in step
// with the frame openers: each opener alone frames a keyword.
func TestFrameOpenersAreCued(t *testing.T) {
	tg := theme.NewTagger(nil)
	for _, o := range []string{"利用", "通过", "结合", "借助", "依托", "确保"} {
		text := o + "主题党日开展警示教育。"
		if got := tg.Tag(text); !slices.Equal(got, []string{"C3"}) {
			t.Errorf("Tag(%q) = %v, want [C3] (主题党日 framed)", text, got)
		}
	}
}
