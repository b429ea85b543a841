package synth

import (
	"strconv"
	"strings"
)

// This file holds the theme-neutral parts a measure is composed of around
// its theme sentence, all written for this generator. A measure reads
//
//	opener + theme sentence + actor + progress + tail
//
// and each part is a clause of its own (about a sixth of the measure), so
// two measures that share the theme sentence but differ in any two parts
// stay well below the near-duplicate threshold (Jaccard 0.8 on character
// 3-shingles). The generator also refuses a measure that differs from an
// earlier one in fewer than two parts, so only planted copies are
// near-duplicates.

// openers lead a measure into its theme sentence.
func openers() []string {
	return []string{
		"对照反馈问题", "针对巡察指出的问题", "坚持问题导向", "按照整改方案要求", "结合本单位工作实际",
		"立足职能职责", "以此次整改为契机", "聚焦薄弱环节", "紧盯问题症结", "从制度层面入手",
		"坚持点面结合", "围绕反馈意见", "坚持当下改与长久立相结合", "着眼源头治理", "坚持边查边改",
		"在全面自查的基础上", "按照分类施策的思路", "坚持由表及里", "突出重点难点", "对标先进地区做法",
		"深入剖析问题根源", "坚持刀刃向内", "按照“一个问题一套方案”的要求", "坚持系统思维", "针对群众反映集中的问题",
		"坚持全面整改与重点突破相结合", "对已排查出的问题", "抓住关键少数", "以钉钉子精神", "坚持把整改与日常工作结合起来",
		"对照有关法规要求", "组织专班集中攻坚", "在广泛征求意见后", "结合年初工作安排", "针对自查发现的短板",
		"坚持上下联动", "对照工作职责逐项梳理", "坚持即知即改", "把握整改时间节点", "坚持实事求是",
	}
}

// leads and offices make the actor clause (由 lead 牵头、office 具体负责).
func leads() []string {
	return []string{
		"主要负责同志", "分管负责同志", "班子成员", "一名副职领导", "班子副职",
		"总工程师", "工会主席", "办公室主任", "分管副职", "专职副书记",
	}
}

func offices() []string {
	return []string{
		"办公室", "综合科", "政策法规科", "规划发展科", "人事科", "业务科", "行政审批科", "督查室",
		"项目办", "信息中心", "计划科", "综合业务股", "秘书科", "调研室", "机关服务中心", "法规股",
		"执法大队", "技术服务中心", "宣教科", "统筹协调组",
	}
}

// actorForms place the lead and the office; {lead} and {office} are filled.
func actorForms() []string {
	return []string{
		"由{lead}牵头、{office}具体负责", "{lead}亲自督办、{office}抓好落实", "明确{office}为责任部门、{lead}跟踪督导",
		"{office}牵头组织实施、{lead}定期听取汇报", "落实{lead}包抓、{office}承办的工作机制",
	}
}

// progresses state what has been done; {n} is 2–12, {nn} 20–300, {m} a month.
func progresses() []string {
	return []string{
		"截至{m}月底已完成{n}项", "目前已整改到位{n}个问题", "累计召开推进会{n}次", "形成工作台账{n}本",
		"印发配套文件{n}份", "开展督导检查{n}轮", "覆盖{n}个科室和下属单位", "已处理相关事项{n}件",
		"发现并纠正问题{n}个", "组织培训{n}场次、参训{nn}人次", "通报典型问题{n}起", "梳理风险事项{n}条",
		"走访基层单位{n}个", "收集意见建议{nn}条", "新建工作机制{n}项", "完善工作流程{n}个",
		"召开专题会议{n}次", "下发提醒函{n}份", "制发整改通知{n}份", "约见相关负责人{n}人次",
		"实地核查点位{nn}个", "核对数据{nn}条", "抽查卷宗{nn}卷", "回访服务对象{nn}人",
		"督促下属单位整改{n}家", "归集整改资料{n}册", "开展专项评估{n}次", "编印工作手册{n}册",
		"于{m}月完成全面排查", "在{m}月中旬前完成首轮清理", "已于{m}月形成整改报告", "计划于{m}月底前全部办结",
		"首批{n}项任务已经销账", "已有{n}项工作取得阶段性成效", "建立周报制度并连续报送{n}期", "对{n}个薄弱单位挂牌督办",
		"形成典型经验材料{n}篇", "开展交叉检查{n}次", "举办现场观摩{n}场", "完成自查报告{n}份",
	}
}

// tails close a measure.
func tails() []string {
	return []string{
		"明确责任人和完成时限", "实行清单化管理", "按月调度推进", "形成长效机制", "定期对账检查",
		"确保整改见底见效", "做到件件有着落", "防止问题反弹", "巩固整改成效", "推动整改常态化",
		"适时开展复查", "接受干部群众监督", "整改情况按季度报告", "切实把问题改彻底", "做到改一个成一个",
		"以整改实效取信于民", "确保按期完成", "持续跟踪整改效果", "确保不走过场", "全程留痕备查",
		"逐项验收把关", "形成闭环管理", "做到有始有终", "一抓到底不放松", "确保取得实实在在的成效",
		"推动同类问题一并解决", "整改一项验收一项", "压茬推进各项任务", "把整改成效体现到工作中", "坚决防止敷衍了事",
	}
}

// recipe is which parts a composed measure uses; the theme sentence is
// (bank, sentence).
type recipe struct {
	bank, sentence, opener, lead, office, form, progress, tail int
}

// keys are the recipe's six parts (theme sentence, opener, actor, actor
// form, progress, tail) packed ten bits each, with one part left out in
// turn: two recipes that differ in at most one part share a key.
func (r recipe) keys() [6]uint64 {
	p := [6]int{r.bank<<4 | r.sentence, r.opener, r.lead<<5 | r.office, r.form, r.progress, r.tail}
	var out [6]uint64
	for drop := range 6 {
		var k uint64
		for i, v := range p {
			if i == drop {
				v = 1023
			}
			k = k<<10 | uint64(v&1023)
		}
		out[drop] = k
	}
	return out
}

// compose writes the measure of a recipe for a unit.
func (g *gen) compose(un *unit, rc recipe) string {
	core := strings.TrimSuffix(g.measureText(un, g.banks[rc.bank].sentences[rc.sentence]), "。")
	actor := strings.NewReplacer("{lead}", leads()[rc.lead], "{office}", offices()[rc.office]).Replace(actorForms()[rc.form])
	prog := progresses()[rc.progress]
	for _, f := range []struct {
		slot string
		lo   int
		n    int
	}{{"{nn}", 20, 281}, {"{n}", 2, 11}, {"{m}", 1, 12}} {
		for strings.Contains(prog, f.slot) {
			prog = strings.Replace(prog, f.slot, strconv.Itoa(f.lo+g.r.IntN(f.n)), 1)
		}
	}
	return openers()[rc.opener] + "，" + core + "，" + actor + "，" + prog + "，" + tails()[rc.tail] + "。"
}
