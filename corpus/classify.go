package corpus

import (
	"strings"
)

// negativeCues are title cues of documents that mention 整改 or 巡察 but are
// not inspection rectification disclosures, with the reason recorded.
var negativeCues = []struct{ cue, reason string }{
	{"审计查出问题", "audit rectification report"},
	{"审计发现问题", "audit rectification report"},
	{"审计整改", "audit rectification report"},
	{"生态环境保护督察", "environmental inspection rectification"},
	{"环保督察", "environmental inspection rectification"},
	{"耕地保护督察", "land inspection rectification"},
	{"文明城市", "civilised-city campaign rectification"},
	{"扫黑除恶督导", "anti-gang supervision rectification"},
}

// newsTitleVerbs mark a headline that reports an act on the rectification
// (市委巡察组督查回访公司巡察整改落实情况, 召开巡察整改推进会): news about a
// disclosure's subject, not the disclosure. Only titles without 关于 are
// read this way; a disclosure's own title is 某党组关于…的通报.
var newsTitleVerbs = []string{"督查", "回访", "督导", "调研", "评估", "推进会", "通报会", "汇报会", "召开", "听取", "约谈", "检查"}

// ruleEnds end the titles of rules, guidance and plans about disclosure
// (关于做好巡察整改情况公开工作的意见), which are not disclosures themselves.
var ruleEnds = []string{"工作的意见", "实施意见", "指导意见", "办法", "方案", "细则", "规定", "规程", "制度", "通知"}

// newsCues mark inspection news and announcements.
var newsCues = []struct{ cue, reason string }{
	{"巡察公告", "inspection announcement"},
	{"巡视公告", "inspection announcement"},
	{"特此公告", "announcement"},
	{"进驻", "inspection news: a group arrives"},
	{"动员会", "inspection news: mobilisation meeting"},
	{"反馈会", "inspection news: feedback meeting"},
	{"撤离", "inspection news"},
	{"约谈", "inspection news"},
	{"专题会", "inspection news: party secretary meeting"},
}

// classify decides the document's kind from its title and opening, with
// the cue that decided it.
func (p *Parser) classify(w *doc) {
	d := w.d
	head := strings.Join(w.lines[:min(len(w.lines), w.bodyAt+8)], "\n")
	if w.openAt >= w.bodyAt+8 {
		// The opening stands further down (a news headline, an author line
		// and page data above it): its formula counts as much.
		head += "\n" + w.intro()
	}
	all := strings.Join(w.lines, "\n")
	if hasPlaceholderCue(all) && len(p.re.placeholder.FindAllStringIndex(all, 3)) >= 2 {
		d.Kind, d.KindReason = KindOther, "template: placeholder slots such as xx"
		d.addFlag(FlagPlaceholder, "template placeholders (xx, X届…)")
		return
	}
	title := d.Title
	// Without a title, the text above a 巡察 opening (and the opening
	// itself) says what the page is; measures below it may well speak of
	// 审计整改 without making the page an audit report.
	negHead := head
	if title == "" && w.openAt >= 0 {
		negHead = strings.Join(w.lines[:w.openAt+1], "\n")
	}
	for _, c := range negativeCues {
		if strings.Contains(title, c.cue) || (title == "" && strings.Contains(negHead, c.cue)) {
			d.Kind, d.KindReason = KindOther, c.reason+": "+c.cue
			return
		}
	}
	if title != "" && !strings.Contains(title, "关于") {
		for _, v := range newsTitleVerbs {
			if strings.Contains(title, v) {
				d.Kind, d.KindReason = KindOther, "inspection news: "+v
				return
			}
		}
	}
	if endsWithAny(title, ruleEnds) {
		d.Kind, d.KindReason = KindOther, "rules or guidance, not a disclosure: "+title
		return
	}
	inspection := strings.Contains(title, "巡察") || strings.Contains(title, "巡视") || strings.Contains(title, "巡查")
	rect := strings.Contains(title, "整改")
	formula := p.re.formula.FindString(head)
	switch {
	case inspection && rect && strings.Contains(title, "集中整改"):
		d.Kind, d.KindReason = KindRectificationConcentrated, "title: 集中整改"
	case formula != "" && strings.Contains(formula, "集中整改"):
		d.Kind, d.KindReason = KindRectificationConcentrated, "formula: "+formula
	case inspection && rect && p.isAggregate(w, title):
		d.Kind, d.KindReason = KindAggregate, "title: a round's rectification across units"
	case inspection && rect && strings.Contains(title, "情况"):
		d.Kind, d.KindReason = KindRectification, "title: "+titleCue(title)
	case formula != "" && (strings.Contains(head, "巡察") || strings.Contains(head, "巡视")):
		d.Kind, d.KindReason = KindRectification, "formula: "+formula
	case p.re.feedbackFormula.MatchString(head) || (inspection && strings.HasSuffix(title, "情况通报") && !rect):
		d.Kind, d.KindReason = KindFeedback, "published inspection findings: 巡察情况通报"
	case !rect && p.findingsPage(w):
		d.Kind, d.KindReason = KindFeedback, "published inspection findings: the opening, then 一、巡察发现的问题"
	default:
		d.Kind, d.KindReason = KindOther, "no rectification title or formula"
		for _, c := range newsCues {
			if strings.Contains(head, c.cue) {
				d.KindReason = c.reason + ": " + c.cue
				break
			}
		}
	}
	if d.Kind == KindRectification && strings.Contains(head, "集中整改") && strings.Contains(formula, "集中整改") {
		d.Kind = KindRectificationConcentrated
	}
}

// findingsPage recognises published findings without a formula: the page
// opens with the inspection's opening (巡察组对…开展了巡察) and its first
// numbered heading right after is the findings (一、巡察发现的问题). News of
// a feedback meeting tells the findings in sentences, without such a heading.
func (p *Parser) findingsPage(w *doc) bool {
	if w.openAt < 0 || w.openAt > w.bodyAt+2 || w.openEnd >= len(w.lines) {
		return false
	}
	open := strings.Join(w.lines[w.openAt:w.openEnd], "")
	if !strings.Contains(open, "巡察组") && !strings.Contains(open, "巡视组") {
		return false
	}
	if !strings.Contains(open, "开展了") && !strings.Contains(open, "进行了") {
		return false
	}
	return p.re.findings.MatchString(w.lines[w.openEnd])
}

// titleCue is the part of the title from the inspection word on.
func titleCue(title string) string {
	for _, w := range []string{"巡察", "巡视", "巡查"} {
		if i := strings.Index(title, w); i >= 0 {
			return title[i:]
		}
	}
	return title
}

// isAggregate recognises a round-level release covering many units: a
// title that names a round but no unit before 关于, or an opening that
// counts the units inspected.
func (p *Parser) isAggregate(w *doc, title string) bool {
	if i := strings.Index(title, "关于"); i > 0 {
		return false
	}
	intro := w.intro()
	if strings.Contains(intro, "被巡察单位") || strings.Contains(intro, "被巡察党组织") {
		return true
	}
	return p.re.roundOnly.MatchString(title) || strings.Contains(title, "轮巡察整改") || strings.Contains(title, "轮巡视整改")
}

// hasPlaceholderCue is a cheap test run before the placeholder pattern.
func hasPlaceholderCue(s string) bool {
	for _, c := range []string{"xx", "XX", "xX", "Xx", "X届", "X轮", "某某"} {
		if strings.Contains(s, c) {
			return true
		}
	}
	return false
}
