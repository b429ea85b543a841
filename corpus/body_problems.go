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

// addProblemBlocks records each block's problem under the category and its
// measures: the 一是… items of its text, or the text as one measure.
func (p *Parser) addProblemBlocks(w *doc, cat, catIdx int, blocks []problemBlock) {
	for _, b := range blocks {
		var num *int
		if b.problem != "" && catIdx >= 0 {
			probs := &w.d.Categories[catIdx].Problems
			v := len(*probs) + 1
			*probs = append(*probs, Problem{Number: v, Title: b.problem})
			num = &v
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
}
