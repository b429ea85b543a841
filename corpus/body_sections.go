package corpus

import (
	"strings"
)

// role is what a top-level section of the body holds.
type role int

const (
	// roleOther is a section named for neither: a category of problems when
	// no section is named for the rectified problems.
	roleOther role = iota
	// roleOrg says how the rectification was organised and led
	// (一、组织整改落实情况, 党组书记履行第一责任人责任情况): its items are
	// not measures.
	roleOrg
	// roleProblems holds the rectified problems and their measures
	// (二、巡察反馈问题整改进展情况, 一、关于“…”问题的整改情况).
	roleProblems
	// roleNext is the next steps (下一步工作打算).
	roleNext
	// roleUnsure has cues of both kinds, or only a weak one: see settle.
	roleUnsure
)

// Cues in a top-level heading. A heading may carry cues of both kinds
// (组织整改落实情况 holds 落实情况): organisation cues outweigh the weak
// rectification cues, and the section's content settles the rest.
func nextCues() []string { return []string{"下一步", "工作打算", "今后工作"} }

func orgCues() []string {
	return []string{"组织整改", "组织落实", "组织领导", "组织开展", "组织情况", "开展情况", "工作部署", "主体责任",
		"第一责任", "一岗双责", "基本情况", "总体情况", "整改工作推进", "工作推进情况", "领导情况", "高度重视", "政治站位",
		"整改责任", "扛牢", "扛起", "抓整改", "抓好巡察整改", "抓好巡视整改", "推进巡察整改工作", "推进巡视整改工作"}
}

func strongProblemCues() []string {
	return []string{"反馈问题", "问题整改", "问题的整改", "整改任务", "反馈意见整改", "具体整改", "整改措施", "存在的问题",
		"具体问题", "问题清单", "意见整改"}
}

func weakProblemCues() []string {
	return []string{"落实情况", "进展情况", "完成情况", "整改情况"}
}

// Words of the content that tell an organisation section (how the work was
// led) from a section of problems.
func orgWords() []string {
	return []string{"领导小组", "专题会", "整改方案", "民主生活会", "主体责任", "第一责任人", "政治站位", "抓整改",
		"督导", "督查", "统筹", "动员", "认领", "压实", "责任体系", "对账销号", "挂图作战", "任组长", "研究部署", "工作专班"}
}

// isProblemHeading recognises a heading that is itself a restated problem
// or category of problems: 关于“…”问题的整改情况, 关于落实…不够有力的问题,
// 反馈问题一：….
func isProblemHeading(n *node) bool {
	t := firstTitle(n.head)
	return n.style == "problem_no" || strings.HasPrefix(t, "关于") && strings.Contains(t, "问题")
}

// contentScores weighs the signs of problems and of organisation in a
// section: its sub-headings that restate problems or areas (关于…问题,
// …方面, 聚焦…, 3 each) and 整改情况 labels (2 each), against the words of
// leading the work (1 each).
func contentScores(n *node) (problems, org int) {
	var walk func(n *node, depth int)
	walk = func(n *node, depth int) {
		if depth > 0 && !n.isItem() {
			t := firstTitle(n.head)
			if isProblemHeading(n) || strings.Contains(t, "方面") || strings.HasPrefix(t, "聚焦") || strings.Contains(t, "问题") {
				// A sub-heading naming a problem or area weighs more than
				// the organising words measures also use (专题会, 督查).
				problems += 3
			}
		}
		text := n.head + "\n" + strings.Join(n.body, "\n")
		for _, lab := range measureLabels() {
			problems += 2 * strings.Count(text, lab)
		}
		for _, w := range orgWords() {
			org += strings.Count(text, w)
		}
		for _, c := range n.children {
			walk(c, depth+1)
		}
	}
	walk(n, 0)
	return problems, org
}

// sectionRole tells what a top-level section holds, by its heading's cues
// and, where they do not settle it, by its content.
func sectionRole(n *node) role {
	t := firstTitle(n.head)
	if containsAny(t, nextCues()...) {
		return roleNext
	}
	org := containsAny(t, orgCues()...)
	strong := containsAny(t, strongProblemCues()...) || isProblemHeading(n)
	weak := containsAny(t, weakProblemCues()...)
	switch {
	case strong && !org:
		return roleProblems
	case org && !strong:
		return roleOrg
	}
	if strong || weak {
		return roleUnsure
	}
	return roleOther
}

// settle decides a section whose heading has both kinds of cue, or only a
// weak one (整改落实情况). A document has one organisation section: when
// another section is one by its cues, this one holds the problems. Else a
// section with no sign of problems (no 关于…问题 or …方面 sub-heading, no
// 整改情况 label) that uses the words of leading the work at least twice
// is the organisation section.
func settle(n *node, orgElsewhere bool) role {
	if orgElsewhere {
		return roleProblems
	}
	if probs, orgs := contentScores(n); probs == 0 && orgs >= 2 {
		return roleOrg
	}
	return roleProblems
}

// readsAsOrg reports whether a section without cues reads as leading the
// work: words of organising (领导小组, 专题会, 整改方案 …) at least three
// times and no sign of problems.
func readsAsOrg(n *node) bool {
	if t := firstTitle(n.head); strings.Contains(t, "方面") || strings.Contains(t, "问题") || strings.HasPrefix(t, "聚焦") {
		return false
	}
	probs, orgs := contentScores(n)
	return probs == 0 && orgs >= 3
}

// rectRegion finds the nodes whose measures the record holds. A top-level
// section named for the rectified problems gives its categories (its
// heading children), or itself when it holds items directly or is itself a
// restated problem; several such sections give all of theirs. Without one,
// every top-level section that is neither organisation nor next steps is a
// category (the document starts with its problem categories). why says, when
// the region is empty, what the body held instead.
func rectRegion(tree []*node) (region []*node, at int, why string) {
	at = -1
	var problems, others, orgs []*node
	roles := make([]role, len(tree))
	orgByCue := false
	for i, r := range tree {
		if !r.isItem() {
			roles[i] = sectionRole(r)
			orgByCue = orgByCue || roles[i] == roleOrg
		}
	}
	for i, r := range tree {
		if r.isItem() {
			continue
		}
		if roles[i] == roleUnsure {
			roles[i] = settle(r, orgByCue)
		}
		switch roles[i] {
		case roleProblems:
			problems = append(problems, r)
		case roleOther:
			others = append(others, r)
		case roleOrg:
			orgs = append(orgs, r)
		}
	}
	if len(problems) > 0 {
		for _, r := range problems {
			if isProblemHeading(r) || len(headingChildren(r)) == 0 {
				region = append(region, r)
			} else {
				region = append(region, r.children...)
			}
		}
		r := problems[0]
		at = r.line
		if len(r.children) > 0 && !isProblemHeading(r) {
			at = r.children[0].line
		}
		return region, at, ""
	}
	if len(others) > 1 && others[0] == firstSection(tree) && readsAsOrg(others[0]) {
		// The first of several uncued sections, reading as how the work
		// was led (一、坚持以上率下…), is the organisation section.
		orgs = append(orgs, others[0])
		others = others[1:]
	}
	if len(others) > 0 {
		return others, others[0].line, ""
	}
	if len(orgs) > 0 {
		names := make([]string, 0, len(orgs))
		for _, r := range orgs {
			names = append(names, r.marker+firstTitle(r.head))
		}
		return nil, -1, "only organisation sections (" + strings.Join(names, "；") + "): their items say how the rectification was led, not measures"
	}
	return nil, -1, ""
}

func firstSection(tree []*node) *node {
	for _, r := range tree {
		if !r.isItem() {
			return r
		}
	}
	return nil
}
