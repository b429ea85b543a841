package corpus_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestBodies parses body layouts of domain.md §1.9 under one opening and
// checks the measures: category.problem.number for each, in order.
func TestBodies(t *testing.T) {
	p := newParser(t)
	const head = "中共某县民政局党组关于县委巡察反馈意见整改情况的通报\n" +
		"根据县委统一部署，2024年3月1日至4月30日，县委第一巡察组对县民政局党组开展了常规巡察。6月5日，县委第一巡察组反馈了巡察意见。现将整改情况予以公布。\n"
	const tail = "欢迎广大干部群众监督。联系电话：0123-4567890。\n中共某县民政局党组\n2025年1月6日\n"
	tests := []struct {
		name, body string
		want       string // measures as cat.problem.number, problem "-" when none
		texts      []string
	}{
		{"categories with 1. measures",
			"一、整改工作开展情况\n局党组成立领导小组。\n二、整改落实情况\n（一）关于学习不深入的问题\n1.制定学习计划。\n2.开展专题研讨。\n（二）关于制度不健全的问题\n1.修订财务制度。\n",
			"1.-.1 1.-.2 2.-.1", []string{"制定学习计划。", "开展专题研讨。", "修订财务制度。"}},
		{"problems restated with inline measures",
			"二、反馈问题整改情况\n（一）贯彻落实方面\n1.关于“学习不深入”问题\n整改情况：一是制定学习计划；二是开展专题研讨。\n2.关于“调研不够”问题\n整改情况：一是开展蹲点调研。二是形成调研报告。\n",
			"1.1.1 1.1.2 1.2.1 1.2.2", []string{"制定学习计划", "开展专题研讨。", "开展蹲点调研。", "形成调研报告。"}},
		{"problem with one unnumbered paragraph",
			"二、整改落实情况\n（一）作风建设方面\n1.关于“会议过多”问题\n整改情况：精简会议文件，全年会议数量下降三成。\n",
			"1.1.1", []string{"精简会议文件，全年会议数量下降三成。"}},
		{"categories straight away with （1） measures",
			"（一）关于党建工作薄弱的问题\n（1）规范三会一课。\n（2）开展主题党日。\n（二）关于档案管理不规范的问题\n（1）整理文书档案。\n",
			"1.-.1 1.-.2 2.-.1", nil},
		{"第一， enumerations and ① items",
			"二、整改落实情况\n（一）关于资产管理的问题\n第一，清查固定资产。\n第二，建立资产台账。\n（二）关于合同管理的问题\n①修订合同管理办法。\n②开展合同专项检查。\n",
			"1.-.1 1.-.2 2.-.1 2.-.2", nil},
		{"一是 items running on in one paragraph",
			"二、整改落实情况\n（一）关于信访工作的问题\n一是建立信访台账。二是落实领导接访。三是开展积案化解。\n",
			"1.-.1 1.-.2 1.-.3", []string{"建立信访台账。", "落实领导接访。", "开展积案化解。"}},
		{"a measure continued in a second paragraph",
			"二、整改落实情况\n（一）关于师德师风的问题\n一是开展师德师风专项整治，印发工作方案。\n从9月起分三个阶段推进，覆盖全部学校。\n二是建立师德档案。\n",
			"1.-.1 1.-.2", []string{"开展师德师风专项整治，印发工作方案。从9月起分三个阶段推进，覆盖全部学校。", "建立师德档案。"}},
		{"a ledger table as the only measures",
			"二、整改落实情况\n（一）关于资金管理的问题\n序号\t问题\t整改措施\t完成时限\n1\t报销不规范\t修订报销制度\t2024年12月\n2\t往来款未清理\t清理往来款项\t2025年3月\n",
			"1.1.1 1.2.2", []string{"修订报销制度", "清理往来款项"}},
		{"organisation heading with a rectification cue, items not measures",
			"一、组织整改落实情况\n（一）提高站位抓整改。局党组召开专题会议研究整改。\n一是成立整改领导小组。二是制定整改方案。\n二、巡察反馈问题整改进展情况\n（一）关于学习不深入的问题\n1.制定学习计划。\n2.开展专题研讨。\n",
			"1.-.1 1.-.2", []string{"制定学习计划。", "开展专题研讨。"}},
		{"党组及其主要负责人组织整改落实情况 before the problems",
			"一、党组及其主要负责人组织整改落实情况\n一是党组书记带头认领问题。二是班子成员分工负责。\n二、反馈问题整改落实情况\n（一）作风建设方面\n一是精简会议文件。二是规范公务接待。\n",
			"1.-.1 1.-.2", []string{"精简会议文件。", "规范公务接待。"}},
		{"巡视整改组织领导情况 then the problems",
			"一、巡视整改组织领导情况\n1.成立领导小组。\n2.制定整改方案。\n二、巡视反馈问题整改落实情况\n（一）关于资金管理的问题\n1.修订报销制度。\n",
			"1.-.1", []string{"修订报销制度。"}},
		{"an organisation section without cue words, then categories",
			"一、提高政治站位\n（一）统一思想。局党组召开专题会研究部署，成立领导小组。\n（二）压实责任。制定整改方案，明确责任体系。\n二、政治建设方面\n1.规范第一议题制度。\n",
			"2.-.1", []string{"规范第一议题制度。"}},
		{"an uncued first section that reads as leading the work",
			"一、坚持以上率下，层层传导压力\n局党组召开专题会研究部署，成立领导小组，制定整改方案，建立责任体系。\n二、贯彻落实上级部署方面\n1.规范第一议题制度。\n三、干部队伍建设方面\n1.召开专题会研究干部轮岗交流。\n",
			"2.-.1 3.-.1", []string{"规范第一议题制度。", "召开专题会研究干部轮岗交流。"}},
		{"uncued categories whose measures name organising words stay categories",
			"一、贯彻落实上级部署方面\n1.召开专题会研究学习计划，成立领导小组。\n2.制定整改方案，压实责任。\n二、作风建设方面\n1.精简会议文件。\n",
			"1.-.1 1.-.2 2.-.1", nil},
		{"weak cue, measures rich in organising words, still the problems",
			"一、整改工作开展情况\n局党组成立领导小组。\n二、整改落实情况\n（一）关于学习不深入的问题\n1.召开专题会研究部署学习，成立学习领导小组，压实责任。\n2.制定整改方案，开展督查督导，对账销号。\n",
			"1.-.1 1.-.2", nil},
		{"weak cue, sub-headings on leading the work: the organisation section",
			"一、巡察整改落实情况\n（一）提高站位抓落实\n局党组召开专题会研究部署。\n（二）加强领导抓落实\n成立领导小组，压实责任。\n二、作风建设方面\n1.精简会议文件。\n",
			"2.-.1", []string{"精简会议文件。"}},
		{"1. measures straight under 关于“…”问题的整改情况",
			"一、关于“理论学习不深入”问题的整改情况\n1.制定学习计划。\n2.开展专题研讨。\n二、关于“制度不健全”问题的整改情况\n1.修订财务制度。\n",
			"1.-.1 1.-.2 2.-.1", []string{"制定学习计划。", "开展专题研讨。", "修订财务制度。"}},
		{"a problem sentence before 整改情况 is the problem",
			"二、反馈问题整改情况\n（一）政治建设方面\n理论学习有计划无行动。\n整改情况：一是制定学习计划。二是开展专题研讨。\n调研走过场。\n整改情况：开展蹲点调研，形成调研报告。\n",
			"1.1.1 1.1.2 1.2.1", []string{"制定学习计划。", "开展专题研讨。", "开展蹲点调研，形成调研报告。"}},
		{"problem sentence and 整改情况 on one numbered line",
			"二、反馈问题整改情况\n（一）政治建设方面\n1.理论学习有计划无行动。整改情况：一是制定学习计划；二是开展专题研讨。\n2.调研走过场。整改情况：开展蹲点调研。\n",
			"1.1.1 1.1.2 1.2.1", []string{"制定学习计划", "开展专题研讨。", "开展蹲点调研。"}},
		{"problem sentence and 整改情况 on one unnumbered line",
			"二、反馈问题整改情况\n（一）政治建设方面\n理论学习有计划无行动。整改情况：一是制定学习计划。二是开展专题研讨。\n问题：调研走过场。\n整改措施：开展蹲点调研。\n",
			"1.1.1 1.1.2 1.2.1", []string{"制定学习计划。", "开展专题研讨。", "开展蹲点调研。"}},
		{"problem sentences before lone 整改情况 labels, measures numbered",
			"二、反馈问题整改情况\n（一）政治建设方面\n理论学习有计划无行动。\n整改情况：\n1.制定学习计划。\n2.开展专题研讨。\n调研走过场。\n整改情况：\n1.开展蹲点调研。\n（二）作风建设方面\n1.精简会议文件。\n",
			"1.1.1 1.1.2 1.2.1 2.-.1", []string{"制定学习计划。", "开展专题研讨。", "开展蹲点调研。", "精简会议文件。"}},
		{"a long quoted problem running past its first stop is no measure",
			"二、反馈问题整改情况\n（一）政治建设方面\n1.关于“学习不深入”问题的整改\n（1）关于“学习流于形式。局党组未按计划组织学习，研讨发言照本宣科”问题\n整改情况：修订学习计划，实行领学人制度。\n（2）关于“调研不实。调研报告质量不高\n",
			"1.1.1", []string{"修订学习计划，实行领学人制度。"}},
		{"closing pledge not part of the last measure",
			"二、整改落实情况\n（一）关于制度建设的问题\n1.修订议事规则。\n局党组将持续巩固整改成果，建立长效机制。\n",
			"1.-.1", []string{"修订议事规则。"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parseText(t, p, tt.name, head+tt.body+tail)
			var got []string
			for _, m := range d.Measures {
				prob := "-"
				if m.Problem != nil {
					prob = fmt.Sprint(*m.Problem)
				}
				got = append(got, fmt.Sprintf("%d.%s.%d", m.Category, prob, m.Number))
			}
			if g := strings.Join(got, " "); g != tt.want {
				t.Errorf("measures %s, want %s", g, tt.want)
			}
			for i, want := range tt.texts {
				if i < len(d.Measures) && d.Measures[i].Text != want {
					t.Errorf("measure %d text %q, want %q", i+1, d.Measures[i].Text, want)
				}
			}
			if d.Contact == nil || len(d.Contact.Phones) != 1 {
				t.Errorf("contact %+v", d.Contact)
			}
		})
	}
}

// TestOrganisationOnly: a page that holds only how the rectification was
// led (its 一是 and 1. items) yields no measures and no categories, and its
// no_measures flag says why.
func TestOrganisationOnly(t *testing.T) {
	p := newParser(t)
	const head = "中共某县民政局党组关于县委巡察反馈意见整改情况的通报\n" +
		"根据县委统一部署，2024年3月1日至4月30日，县委第一巡察组对县民政局党组开展了常规巡察。6月5日，县委第一巡察组反馈了巡察意见。现将整改情况予以公布。\n"
	for name, body := range map[string]string{
		"组织整改落实情况":  "一、组织整改落实情况\n（一）提高站位抓整改。局党组召开专题会议研究整改。\n一是成立整改领导小组。二是制定整改方案。\n（二）压实责任抓整改。\n1.党组书记带头认领问题。\n2.班子成员分工负责。\n",
		"党组及其主要负责人": "一、党组及其主要负责人组织整改落实情况\n一是党组书记带头认领问题，召开专题会研究部署。二是建立整改台账，对账销号。\n",
		"书记和主体责任":   "（一）党组书记组织落实整改工作情况\n1.强化责任担当，成立领导小组。\n2.坚持问题导向，制定整改方案。\n（二）党组巡察整改主体责任落实情况\n1.统一思想认识，召开民主生活会。\n",
	} {
		t.Run(name, func(t *testing.T) {
			d := parseText(t, p, name, head+body+"中共某县民政局党组\n2025年1月6日\n")
			if len(d.Measures) != 0 || len(d.Categories) != 0 {
				t.Errorf("%d measures, %d categories, want none: %+v", len(d.Measures), len(d.Categories), d.Measures)
			}
			var detail string
			for _, f := range d.Flags {
				if f.Code == "no_measures" {
					detail = f.Detail
				}
			}
			if !strings.Contains(detail, "only organisation sections") || !strings.Contains(detail, "整改") {
				t.Errorf("no_measures detail %q, want the organisation sections named", detail)
			}
		})
	}
}
