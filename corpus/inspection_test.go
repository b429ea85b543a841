package corpus_test

import (
	"fmt"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
)

// TestOpenings parses openings in the forms domain.md §1.3–1.8 lists, one
// document each: a title, the opening paragraph, one heading and measure.
func TestOpenings(t *testing.T) {
	p := newParser(t)
	tests := []struct {
		name, title, opening string
		want                 map[string]string
	}{
		{"seed-like with 届 and 轮", "中共某市教育局党组关于十届市委第二轮巡察反馈意见整改落实情况的公示",
			"按照市委统一部署，2023年4月4日至6月3日，十届市委第二轮巡察四组对市教育局党组开展了常规巡察。7月18日，市委巡察四组就巡察情况进行了反馈。",
			map[string]string{"body": "市委", "level": "city", "term": "10", "round": "2", "group": "巡察四组", "type": "常规巡察", "start": "2023-04-04", "end": "2023-06-03", "feedback": "2023-07-18"}},
		{"group with 第 and body", "中共某区财政局党组关于区委第六巡察组巡察反馈意见整改进展情况的通报",
			"根据区委统一部署，2024年9月23日至12月20日，区委第六巡察组对区财政局党组进行了巡察，并于2025年1月10日反馈了巡察意见。",
			map[string]string{"body": "区委", "level": "county", "group": "第六巡察组", "type": "常规巡察", "start": "2024-09-23", "end": "2024-12-20", "feedback": "2025-01-10"}},
		{"period across the year end, feedback without year", "中共某县司法局党组关于县委巡察整改情况的通报",
			"根据县委统一部署，2023年11月20日至1月19日，县委第一巡察组对县司法局党组开展了常规巡察。3月5日，县委第一巡察组向县司法局党组反馈了巡察意见。",
			map[string]string{"start": "2023-11-20", "end": "2024-01-19", "feedback": "2024-03-05", "feedback_inferred": "true"}},
		{"special inspection with a topic", "中共某市医疗保障局党组关于市委专项巡察反馈意见整改情况的通报",
			"根据市委统一部署，2024年9月2日至10月31日，市委第五巡察组对市医疗保障局党组开展了医保基金管理领域专项巡察。12月6日，市委第五巡察组反馈了巡察意见。",
			map[string]string{"type": "专项巡察", "topic": "医保基金管理领域", "group": "第五巡察组"}},
		{"机动式 巡视 by 省委", "中共某省林业厅党组关于省委巡视整改进展情况的通报",
			"根据省委统一部署，2022年3月1日至4月30日，十二届省委第八轮巡视第五巡视组对省林业厅党组开展了“机动式”巡视。6月17日，省委第五巡视组向省林业厅党组反馈了巡视意见。",
			map[string]string{"scope": "巡视", "body": "省委", "level": "provincial", "term": "12", "round": "8", "group": "第五巡视组", "type": "机动巡视"}},
		{"中央 巡视", "中共某集团有限公司委员会关于十九届中央第四轮巡视整改进展情况的通报",
			"根据中央统一部署，2019年10月11日至12月27日，中央第九巡视组对集团党组开展了常规巡视。2020年1月10日，中央第九巡视组向集团党组反馈了巡视意见。",
			map[string]string{"scope": "巡视", "body": "中央", "level": "central", "term": "19", "round": "4", "group": "第九巡视组", "type": "常规巡视"}},
		{"提级交叉", "中共某镇委员会关于市委巡察反馈意见整改情况的通报",
			"根据市委统一部署，2024年4月15日至6月14日，十一届市委第三提级交叉巡察组对某镇党委开展了提级交叉巡察。7月30日，巡察组反馈了巡察意见。",
			map[string]string{"term": "11", "round": "", "group": "第三提级交叉巡察组", "type": "提级交叉巡察"}},
		{"回头看 with 专项", "中共某局党组关于市委巡察“回头看”整改情况的通报",
			"根据市委统一部署，2023年5月8日至6月30日，市委第二巡察组对市某局党组开展了专项巡察暨巡察“回头看”。8月2日，市委第二巡察组反馈了意见。",
			map[string]string{"type": "专项巡察", "types": "[专项巡察 巡察“回头看”]"}},
		{"collective groups, month-only period", "十四届县委第五轮巡察整改进展情况",
			"根据县委统一部署，2023年9月至11月，十四届县委第五轮巡察安排3个巡察组，对9个单位党组织开展了常规巡察。",
			map[string]string{"group": "3个巡察组", "start": "2023-09-01", "end": "2023-11-30", "precision": "month", "term": "14", "round": "5"}},
		{"approximate period", "中共某街道工作委员会关于区委巡察整改情况的通报",
			"根据区委统一部署，2023年8月下旬至9月底，区委第四巡察组对某街道党工委开展了常规巡察。11月2日，区委第四巡察组反馈了巡察意见。",
			map[string]string{"start": "2023-08-21", "end": "2023-09-30", "precision": "approx", "feedback": "2023-11-02"}},
		{"duration only", "中共某局党组关于县委巡察整改情况的通报",
			"根据县委统一部署，县委第二巡察组对某局党组开展了为期45天的常规巡察，并反馈了巡察意见。",
			map[string]string{"duration": "45", "start": ""}},
		{"damaged dates", "中共某市水务局党组关于市委巡察整改进展情况的通报",
			"根据市委统一部署，2024717日至830日，市委第四巡察组对市水务局党组开展了常规巡察。914日，市委第四巡察组向市水务局党组反馈了巡察意见。",
			map[string]string{"start": "2024-07-17", "end": "2024-08-30", "feedback": "2024-09-14", "precision": "damaged", "flag": "damaged_date"}},
		{"damaged feedback with its year", "中共某局党组关于市委巡察整改进展情况的通报",
			"根据市委统一部署，2025年8月1日至9月30日，市委第一巡察组对某局党组开展了常规巡察。20251021日，市委第一巡察组反馈了巡察意见。",
			map[string]string{"feedback": "2025-10-21", "flag": "damaged_date"}},
		{"impossible date", "中共某局党组关于市委巡察整改进展情况的通报",
			"根据市委统一部署，2025年2月30日至4月30日，市委第一巡察组对某局党组开展了常规巡察。",
			map[string]string{"start": "", "flag": "bad_date"}},
		{"feedback before the period ends", "中共某局党组关于市委巡察整改进展情况的通报",
			"根据市委统一部署，2025年3月1日至5月30日，市委第一巡察组对某局党组开展了常规巡察。2025年5月10日，市委第一巡察组反馈了巡察意见。",
			map[string]string{"flag": "date_order"}},
		{"year range instead of 届", "中共某区住建局党组关于区党工委巡察整改情况的通报",
			"根据区党工委统一部署，2022-2026年第八轮巡察中，区党工委第二巡察组于2024年3月4日至4月30日对区住建局党组开展了常规巡察。6月3日反馈了巡察意见。",
			map[string]string{"round": "8", "start": "2024-03-04", "feedback": "2024-06-03"}},
		{"巡查 typo and 旗委", "中共某旗农牧局党组关于旗委巡察整改情况的通报",
			"根据十六届旗委统一部署，2023年4月10日至5月31日，旗委第一巡查组对旗农牧局党组开展了常规巡察。7月12日，旗委第一巡查组反馈了巡察意见。",
			map[string]string{"body": "旗委", "level": "county", "term": "16", "group": "第一巡察组"}},
		{"two groups named together", "中共某局党组关于市委巡察整改情况的通报",
			"根据市委统一部署，2024年3月11日至5月10日，市委第一巡察组、第六巡察组对某局党组开展了巡察。6月21日反馈了巡察意见。",
			map[string]string{"group": "第一巡察组", "groups": "[第一巡察组 第六巡察组]"}},
		{"two groups sharing their word", "中共某区党工委关于市委巡察整改情况的通报",
			"根据市委统一部署，2023年10月8日至12月8日，市委第四、五巡察组对某区党工委开展了联动巡察。2024年1月12日反馈了巡察意见。",
			map[string]string{"group": "第四巡察组", "groups": "[第四巡察组 第五巡察组]", "body": "市委"}},
		{"three groups sharing their word", "中共某区党工委关于市委巡察整改情况的通报",
			"根据市委统一部署，2023年10月8日至12月8日，市委第一、二和第三巡察组对某区党工委开展了巡察。2024年1月12日反馈了巡察意见。",
			map[string]string{"group": "第一巡察组", "groups": "[第一巡察组 第二巡察组 第三巡察组]"}},
		{"period with 起至", "中共某局党组关于县委巡察整改情况的通报",
			"根据县委统一部署，县委第二巡察组于2024年3月4日起至4月30日对某局党组开展了常规巡察。5月28日反馈了巡察意见。",
			map[string]string{"start": "2024-03-04", "end": "2024-04-30", "feedback": "2024-05-28"}},
		{"group recalled after an opening naming the round only", "中共某镇委员会关于市委巡察整改进展情况的通报",
			"根据市委统一部署，2024年9月27日至12月20日，市委第六轮巡察组对某镇下辖7个村（社区）党组织开展巡察。2025年1月14日，市委巡察组向某镇党委反馈了巡察意见。现将巡察整改进展情况予以公布。\n镇党委收到反馈意见后，当天传达学习市委对村巡察第二组反馈会议精神。",
			map[string]string{"group": "对村巡察第二组", "body": "市委", "start": "2024-09-27", "feedback": "2025-01-14"}},
		{"one group has no groups list", "中共某局党组关于市委巡察整改情况的通报",
			"根据市委统一部署，2024年3月11日至5月10日，市委第一巡察组对某局党组开展了巡察、评估和督导。6月21日反馈了巡察意见。",
			map[string]string{"group": "第一巡察组", "groups": "[]"}},
		{"long group name keeps its qualifier", "中共某局党组关于市委专项巡察整改情况的通报",
			"根据市委统一部署，2025年4月14日至5月30日，市委优化营商环境专项巡察组对某局党组开展了专项巡察。7月4日反馈了巡察意见。",
			map[string]string{"group": "优化营商环境专项巡察组", "body": "市委"}},
		{"damaged range settled by 为期两个多月", "中共某局党组关于市委巡察整改情况的通报",
			"根据市委统一部署，2024927日至126日，为期两个多月，市委第四巡察组对某局党组开展了常规巡察。2025年1月10日反馈了巡察意见。",
			map[string]string{"start": "2024-09-27", "end": "2024-12-06", "precision": "damaged", "flag": "damaged_date"}},
		{"damaged range settled by 为期1个月", "中共某局党组关于县委巡察整改情况的通报",
			"根据县委统一部署，20241010日至119日，县委第五巡察组对某局党组开展了为期1个月的常规巡察。2024年12月6日反馈了巡察意见。",
			map[string]string{"start": "2024-10-10", "end": "2024-11-09", "precision": "damaged"}},
		{"damaged range keeping its 年", "中共某局党组关于市委巡察整改情况的通报",
			"根据市委统一部署，2024年927日至126日，为期两个多月，市委第四巡察组对某局党组开展了常规巡察。2025年1月10日反馈了巡察意见。",
			map[string]string{"start": "2024-09-27", "end": "2024-12-06", "precision": "damaged"}},
		{"damaged range with two readings and no duration", "中共某局党组关于市委巡察整改情况的通报",
			"根据市委统一部署，2024927日至126日，市委第四巡察组对某局党组开展了常规巡察。2025年1月10日反馈了巡察意见。",
			map[string]string{"start": "", "end": "", "flag": "bad_date"}},
		{"duration of 两个多月 only", "中共某局党组关于县委巡察整改情况的通报",
			"根据县委统一部署，县委第二巡察组对某局党组开展了为期两个多月的常规巡察，并反馈了巡察意见。",
			map[string]string{"duration": "60", "start": ""}},
		{"month range across the year end", "中共某局党组关于县委巡察整改情况的通报",
			"根据县委统一部署，2023年11月至2024年1月，县委第三巡察组对某局党组开展了常规巡察。2024年3月1日反馈了巡察意见。",
			map[string]string{"start": "2023-11-01", "end": "2024-01-31", "precision": "month"}},
		{"no frame at all", "中共某区民政局党组关于区委巡察整改情况的通报",
			"区民政局党组高度重视巡察整改工作，现将整改情况予以公布。",
			map[string]string{"start": "", "feedback": "", "group": "", "type": "常规巡察"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text := tt.title + "\n" + tt.opening + "\n一、整改落实情况\n（一）关于理论学习的问题\n一是健全学习制度。二是开展专题研讨。\n中共某单位党组\n2026年1月5日\n"
			d := parseText(t, p, tt.name, text)
			in := d.Inspection
			got := map[string]string{
				"scope": in.Scope, "body": in.Body, "level": in.Level, "term": intOrEmpty(in.Term), "round": intOrEmpty(in.Round),
				"group": in.Group, "type": in.Type, "types": fmt.Sprint(in.Types), "topic": in.Topic,
				"start": in.Start, "end": in.End, "feedback": in.Feedback, "precision": in.PeriodPrecision,
				"feedback_inferred": fmt.Sprint(in.FeedbackYearInferred), "duration": intOrEmpty(in.DurationDays),
				"groups": fmt.Sprint(in.Groups),
			}
			for k, want := range tt.want {
				if k == "flag" {
					if !d.HasFlag(want) {
						t.Errorf("flags %+v lack %s", d.Flags, want)
					}
					continue
				}
				if got[k] != want {
					t.Errorf("%s = %q, want %q", k, got[k], want)
				}
			}
			if d.Kind == corpus.KindOther {
				t.Errorf("classified as other: %s", d.KindReason)
			}
		})
	}
}

func intOrEmpty(v *int) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(*v)
}

// TestUnitForms checks the unit, its aliases and its key across the ways a
// disclosure names the inspected body (issue 8, point 2 and 3).
func TestUnitForms(t *testing.T) {
	p := newParser(t)
	tests := []struct {
		name, text         string
		unit, key, aliases string
	}{
		{"object without organ, full name in the feedback clause",
			"根据市委统一部署，2024年10月14日至12月13日，市委第六巡察组对某市交通运输局开展了常规巡察。2025年1月17日，市委第六巡察组向中共某市交通运输局党组反馈了巡察意见。现将巡察整改进展情况予以公布。\n一、关于养护的问题\n1.制定考核细则。\n",
			"中共某市交通运输局党组", "某市交通运输局", "[某市交通运输局]"},
		{"parenthesis with a short name",
			"市检察院党组关于市委巡察整改情况的通报\n根据市委统一部署，2024年3月4日至4月30日，市委第一巡察组对中共某市人民检察院党组（以下简称“市检察院党组”）开展了常规巡察。6月14日反馈了巡察意见。\n一、关于监督的问题\n1.制定工作指引。\n",
			"中共某市人民检察院党组", "某市人民检察院", "[市检察院党组]"},
		{"self-reference, name from the signature",
			"关于市委巡察整改情况的通报\n根据市委统一部署，2024年4月1日至5月31日，市委第三巡察组对我院党组开展了常规巡察。7月5日反馈了巡察意见。\n一、关于审判的问题\n1.清理积案。\n中共某市中级人民法院党组\n2024年11月8日\n",
			"中共某市中级人民法院党组", "某市中级人民法院", "[我院党组]"},
		{"short title, full name in the opening",
			"市卫健委党委关于市委巡察整改情况的通报\n根据市委统一部署，2023年9月4日至11月3日，市委第二巡察组对中共某市卫生健康委员会党委开展了常规巡察。12月15日反馈了巡察意见。\n一、关于党建的问题\n1.落实院长负责制。\n",
			"中共某市卫生健康委员会党委", "某市卫生健康委员会", "[市卫健委党委]"},
		{"editorial bracket is not part of the unit",
			"【巡察整改】中共某镇委员会关于县委巡察整改情况的通报\n根据县委统一部署，2025年3月17日至5月16日，县委第二巡察组对某镇党委开展了常规巡察。6月20日反馈了巡察意见。\n一、关于资金的问题\n1.追回资金。\n",
			"中共某镇委员会", "某镇", "[某镇党委]"},
		{"a place inspected by a 巡视组",
			"根据省委统一部署，2024年7月29日至9月30日，省委第一巡视组对某州市进行了巡视。2024年12月28日，省委巡视组向某州市反馈了巡视意见。现将巡视整改情况予以公布。\n一、组织落实整改情况\n（一）提高政治站位。市委组织集中学习研讨。\n",
			"某州市", "某州市", "[]"},
		{"a collective object is no unit",
			"根据县委统一部署，2024年3月1日至4月30日，县委第一巡察组对全县各乡镇开展了专项巡察。5月20日反馈了巡察意见。现将巡察整改情况予以公布。\n一、关于资金的问题\n1.追回资金。\n",
			"", "", "[]"},
		{"no title, audit words in the measures",
			"根据市委统一部署，2024年3月4日至4月30日，市委第一巡察组对中共某市审计局党组开展了常规巡察。6月14日反馈了巡察意见。现将巡察整改情况予以公布。\n一、关于审计整改跟踪不到位的问题\n1.建立审计整改对账销号制度。\n2.对审计发现问题整改开展专项检查。\n",
			"中共某市审计局党组", "某市审计局", "[]"},
		{"object named with 党组织, signature and date on one line",
			"关于县委巡察整改情况的通报\n根据县委统一部署，2024年3月4日至4月30日，县委第一巡察组对某县农业农村局党组织开展了常规巡察。6月14日反馈了巡察意见。现将巡察整改情况予以公布。\n一、关于资金的问题\n1.追回资金。\n中共某县农业农村局党组 2024年9月2日\n",
			"中共某县农业农村局党组", "某县农业农村局", "[某县农业农村局党组织]"},
		{"formula 现将巡察整治情况予以公布, no title",
			"发布日期：2025-09-24\n根据市委统一部署，市委第四巡察组于2024年7月9日至9月14日对市卫生健康委党组开展了巡察，并于2025年1月17日进行了反馈。按照党务公开原则和巡察工作有关要求，现将巡察整治情况予以公布。\n一、整改工作组织情况\n（一）压实整改责任。\n",
			"市卫生健康委党组", "市卫生健康委员会", "[]"},
		{"self-reference only, the unit issues its own plan",
			"根据市委统一部署，2020年6月1日至8月31日，市委巡察一组对我院党组开展了巡察，并于2020年10月14日反馈了巡察意见。现将巡察整改进展情况予以公布。\n一、强化责任担当\n（一）加强组织领导。院党组研究制定《中共某市中级人民法院党组关于巡察反馈意见的整改方案》，明确整改措施。\n",
			"中共某市中级人民法院党组", "某市中级人民法院", "[我院党组]"},
		{"an unrelated organ in the text is no alias",
			"中共某县水利局党组关于县委巡察整改情况的通报\n根据县委统一部署，2025年3月17日至5月16日，县委第二巡察组对县水利局党组开展了常规巡察。6月20日，县委第二巡察组向县水利局党组反馈了巡察意见。\n一、关于资金的问题\n1.追回资金。\n中共某县财政局党组\n2025年9月1日\n",
			"中共某县水利局党组", "某县水利局", "[县水利局党组]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := parseText(t, p, tt.name, tt.text)
			if d.Unit != tt.unit || d.UnitKey != tt.key || fmt.Sprint(d.UnitAliases) != tt.aliases {
				t.Errorf("unit %q key %q aliases %v, want %q %q %s", d.Unit, d.UnitKey, d.UnitAliases, tt.unit, tt.key, tt.aliases)
			}
		})
	}
}
