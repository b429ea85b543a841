package corpus

import (
	"strings"
)

// measureLabels open the statement of what was done about a problem.
func measureLabels() []string {
	return []string{"整改情况：", "整改情况:", "整改措施：", "整改措施:", "整改进展：", "整改进展:", "整改落实情况：", "整改落实情况:"}
}

// problemLabels open a restated problem written as a paragraph.
func problemLabels() []string {
	return []string{"反馈问题：", "反馈问题:", "存在问题：", "存在问题:", "主要问题：", "主要问题:", "问题表现：", "问题表现:", "问题：", "问题:"}
}

// labelCut splits a line at its measure label: `整改情况：一是…` gives "",
// "一是…"; `理论学习有计划无行动。整改情况：一是…` gives the problem sentence
// before the label. Text before a label that does not end a sentence is no
// problem, and the line is no cut.
func labelCut(line string) (before, after string, ok bool) {
	for _, lab := range measureLabels() {
		i := strings.Index(line, lab)
		if i < 0 {
			continue
		}
		before = strings.TrimSpace(line[:i])
		if before != "" && !endsSentence(before) {
			continue
		}
		return before, strings.TrimSpace(line[i+len(lab):]), true
	}
	return "", "", false
}

func endsSentence(s string) bool {
	for _, end := range []string{"。", "；", ";", "！", "？", "”"} {
		if strings.HasSuffix(s, end) {
			return true
		}
	}
	return false
}

func hasProblemLabel(l string) bool {
	for _, lab := range problemLabels() {
		if strings.HasPrefix(l, lab) {
			return true
		}
	}
	return false
}

// problemText is a restated problem without its label and final stop.
func problemText(s string) string {
	for _, lab := range problemLabels() {
		if t, ok := strings.CutPrefix(s, lab); ok {
			s = t
			break
		}
	}
	return strings.TrimRight(strings.TrimSpace(s), "。；;")
}

// problemBlock is a problem stated as a paragraph and what was done about it.
type problemBlock struct {
	problem string
	text    []string
}

// problemBlocks reads paragraphs in which each problem sentence precedes a
// measure label (理论学习有计划无行动。⏎整改情况：一是…, on one line or two;
// 问题：… ⏎整改措施：…). Paragraphs after a label up to the next problem
// continue that problem's measures. nil unless at least one problem is
// stated this way.
func problemBlocks(lines []string) []problemBlock {
	var blocks []problemBlock
	var pending []string
	stated := false
	for _, l := range lines {
		before, after, ok := labelCut(l)
		if !ok {
			pending = append(pending, l)
			continue
		}
		prob := before
		if prob == "" && len(pending) > 0 {
			// The problem is the paragraph before the label, or every
			// paragraph from a 问题： label on.
			at := len(pending) - 1
			for i := len(pending) - 1; i >= 0; i-- {
				if hasProblemLabel(pending[i]) {
					at = i
					break
				}
			}
			prob = strings.Join(pending[at:], "")
			pending = pending[:at]
		}
		if len(blocks) > 0 {
			blocks[len(blocks)-1].text = append(blocks[len(blocks)-1].text, pending...)
		}
		pending = nil
		if prob != "" {
			stated = true
		}
		blocks = append(blocks, problemBlock{problem: problemText(prob), text: []string{after}})
	}
	if !stated {
		return nil
	}
	if len(blocks) > 0 {
		blocks[len(blocks)-1].text = append(blocks[len(blocks)-1].text, pending...)
	}
	return blocks
}

// empty reports whether the block's label stands alone, its measures
// numbered on the lines after it.
func (b problemBlock) empty() bool {
	return strings.TrimSpace(strings.Join(b.text, "")) == ""
}

// addProblemBlocks records each block's problem under the category and its
// measures: the 一是… items of its text, or the text as one measure. It
// returns the last problem's number.
func (p *Parser) addProblemBlocks(w *doc, cat, catIdx int, blocks []problemBlock) *int {
	var last *int
	for _, b := range blocks {
		var num *int
		if b.problem != "" && catIdx >= 0 {
			probs := &w.d.Categories[catIdx].Problems
			v := len(*probs) + 1
			*probs = append(*probs, Problem{Number: v, Title: b.problem})
			num = &v
		}
		last = num
		if b.empty() {
			continue
		}
		text := strings.Join(b.text, "\n")
		if its := p.inlineItems(text); len(its) > 0 {
			for _, it := range its {
				p.addMeasure(w, cat, num, it.number, it.marker, it.text)
			}
			continue
		}
		p.addMeasure(w, cat, num, 1, "", strings.Join(stripLabels(b.text), ""))
	}
	return last
}

// trailingProblem finds a problem sentence and a lone measure label ending
// an item's paragraphs (`2.开展专题研讨。⏎调研走过场。⏎整改情况：`): the
// item's own paragraphs and the problem, or ok false.
func trailingProblem(body []string) (own []string, problem string, ok bool) {
	n := len(body)
	if n == 0 {
		return body, "", false
	}
	before, after, cut := labelCut(body[n-1])
	if !cut || after != "" {
		return body, "", false
	}
	if before != "" {
		return body[:n-1], problemText(before), true
	}
	if n < 2 {
		return body, "", false
	}
	return body[:n-2], problemText(body[n-2]), true
}

// collectInterleaved reads the numbered items after a lone 整改情况 label:
// each is a measure of the current problem, and a problem sentence with its
// label ending an item opens the next problem.
func (p *Parser) collectInterleaved(w *doc, children []*node, cat, catIdx int, cur *int) {
	for _, c := range children {
		own, problem, ok := trailingProblem(c.body)
		item := *c
		item.body = own
		switch {
		case item.isItem():
			p.addItem(w, cat, cur, &item)
		case len(headingChildren(&item)) == 0:
			p.addMeasure(w, cat, cur, item.number, item.marker, itemText(&item))
		default:
			p.collect(w, &item, cat, cur, catIdx)
		}
		if ok && catIdx >= 0 {
			probs := &w.d.Categories[catIdx].Problems
			v := len(*probs) + 1
			*probs = append(*probs, Problem{Number: v, Title: problem})
			cur = &v
		}
	}
}
