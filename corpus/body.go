package corpus

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// node is one numbered heading or item of the body, with the paragraphs
// that follow it up to the next numbered line.
type node struct {
	style    string
	rank     int
	number   int
	numStr   string // the numeral as printed: 一, 12
	marker   string // the numbering token as printed: 一、 （二） 3. 一是
	head     string // the line without its marker
	line     int
	body     []string // the paragraphs after the heading line
	tables   []Table  // tables printed under the heading
	children []*node
}

// heading recognises a numbered line.
func (p *Parser) heading(line string) (*node, bool) {
	for _, h := range p.re.heading {
		if !h.first.admits(line) {
			continue // its first rune cannot start a match: no need to run it
		}
		m := h.re.FindStringSubmatchIndex(line)
		if m == nil {
			continue
		}
		numStr := line[m[2]:m[3]]
		n, ok := parseNumber(numStr)
		if h.style == "circled" {
			n, ok = int([]rune(numStr)[0]-'①')+1, true
		}
		if !ok || n == 0 {
			continue
		}
		// The marker ends where the numbering token ends: after 、 ） . 是 ：
		end := m[3]
		rest := line[end:]
		for _, suffix := range []string{"、", "）", ".", "．", "、", "是", "：", ":", "，", ","} {
			if strings.HasPrefix(rest, suffix) {
				end += len(suffix)
				break
			}
		}
		marker := line[:end]
		head := strings.TrimLeft(line[end:], " ")
		if head == "" && h.rank < 5 {
			// A bare marker line: the heading is the next line's business.
			head = ""
		}
		return &node{style: h.style, rank: h.rank, number: n, numStr: numStr, marker: marker, head: head}, true
	}
	return nil, false
}

// buildTree turns the lines between the opening and the signature into the
// heading tree. Ranks are fixed by style (一、 above （一） above 1. above
// （1） above 一是) so a document that skips a level still nests right.
func (p *Parser) buildTree(w *doc) {
	var roots []*node
	var stack []*node
	var cur *Table // the table being read, and the line after its last row
	curEnd := -1
	w.tailAt = w.sigAt
	for w.tailAt > w.introEnd && isClosingLine(w.lines[w.tailAt-1]) {
		w.tailAt--
	}
	for i := w.introEnd; i < w.tailAt; i++ {
		line := w.lines[i]
		if cells := tableCells(line); cells != nil {
			// Consecutive rows form one table, kept apart from the prose.
			if cur == nil || curEnd != i {
				var list *[]Table
				if len(stack) > 0 {
					list = &stack[len(stack)-1].tables
				} else {
					list = &w.d.Tables
				}
				*list = append(*list, Table{Header: cells})
				cur = &(*list)[len(*list)-1]
			} else {
				cur.Rows = append(cur.Rows, cells)
			}
			curEnd = i + 1
			continue
		}
		n, ok := p.heading(line)
		if !ok {
			if len(stack) > 0 {
				top := stack[len(stack)-1]
				top.body = append(top.body, line)
			}
			continue
		}
		n.line = i
		for len(stack) > 0 && stack[len(stack)-1].rank >= n.rank {
			stack = stack[:len(stack)-1]
		}
		if len(stack) == 0 {
			roots = append(roots, n)
		} else {
			parent := stack[len(stack)-1]
			parent.children = append(parent.children, n)
		}
		stack = append(stack, n)
	}
	w.tree = roots
}

// tableCells splits a table row (cells separated by tabs, or by | as in
// text copied from a table) into its cells; nil when the line is prose.
func tableCells(line string) []string {
	var sep string
	switch {
	case strings.Count(line, "\t") >= 2:
		sep = "\t"
	case strings.Count(line, "|") >= 2:
		sep = "|"
	case strings.Count(line, "｜") >= 2:
		sep = "｜"
	default:
		return nil
	}
	cells := strings.Split(line, sep)
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

// measureColumn finds the column of a table header holding measures, and the
// problem and number columns; -1 when absent.
func measureColumn(header []string) (measure, problem, number int) {
	measure, problem, number = -1, -1, -1
	for i, h := range header {
		switch {
		case measure < 0 && (strings.Contains(h, "措施") || strings.Contains(h, "整改情况") || strings.Contains(h, "整改举措")):
			measure = i
		case problem < 0 && strings.Contains(h, "问题"):
			problem = i
		case number < 0 && (h == "序号" || h == "编号"):
			number = i
		}
	}
	return measure, problem, number
}

// tableMeasures adds the rows of a ledger table (序号 | 问题 | 整改措施 | …)
// as measures, each row's problem restated; it reports how many it added.
func (p *Parser) tableMeasures(w *doc, cat, catIdx int, t Table) int {
	mc, pc, nc := measureColumn(t.Header)
	if mc < 0 {
		return 0
	}
	added := 0
	for i, row := range t.Rows {
		if mc >= len(row) || row[mc] == "" {
			continue
		}
		num := i + 1
		if nc >= 0 && nc < len(row) {
			if n, ok := parseNumber(row[nc]); ok {
				num = n
			}
		}
		var prob *int
		if pc >= 0 && pc < len(row) && row[pc] != "" && catIdx >= 0 {
			w.d.Categories[catIdx].Problems = append(w.d.Categories[catIdx].Problems, Problem{Number: num, Title: row[pc]})
			v := num
			prob = &v
		}
		p.addMeasure(w, cat, prob, num, "", row[mc])
		added++
	}
	return added
}

// isItem reports whether the node is an enumerated item (一是, 第一，)
// rather than a heading.
func (n *node) isItem() bool { return n.rank >= 5 }

// titleText splits a heading line into its title and the text after it:
// `坚定站位抓整改。始终站在…` → 坚定站位抓整改, 始终站在…
func titleText(head string) (title, text string) {
	head = strings.TrimSpace(head)
	if i := strings.Index(head, "。"); i >= 0 && i+len("。") < len(head) {
		if runeLen(head[:i]) <= 40 {
			return head[:i], strings.TrimSpace(head[i+len("。"):])
		}
		return "", head
	}
	if runeLen(head) <= 80 {
		return strings.TrimRight(head, "。：:"), ""
	}
	return "", head
}

// sectionOf converts a node and its heading children into a Section.
func sectionOf(n *node) Section {
	title, text := titleText(n.head)
	s := Section{Number: n.numStr, Marker: n.marker, Title: title, Children: []Section{}}
	parts := []string{}
	if text != "" {
		parts = append(parts, text)
	}
	parts = append(parts, n.body...)
	for _, c := range n.children {
		if c.isItem() {
			parts = append(parts, c.marker+c.head)
			parts = append(parts, c.body...)
			continue
		}
		s.Children = append(s.Children, sectionOf(c))
	}
	s.Text = strings.Join(parts, "\n")
	return s
}

// parseBody builds the section tree and reads categories, problems,
// measures and next steps out of it.
func (p *Parser) parseBody(w *doc) {
	d := w.d
	p.buildTree(w)
	w.rectAt = -1
	for _, r := range w.tree {
		if r.isItem() {
			continue
		}
		d.Sections = append(d.Sections, sectionOf(r))
	}
	// The rectification region: see rectRegion.
	region, rectAt, why := rectRegion(w.tree)
	w.rectAt = rectAt
	for _, r := range w.tree {
		if strings.Contains(r.head, "下一步") {
			d.NextSteps = nextSteps(r)
		}
	}
	if d.NextSteps == "" {
		var closing []string
		for i := w.tailAt; i < w.sigAt; i++ {
			if !isContactLine(w.lines[i]) {
				closing = append(closing, w.lines[i])
			}
		}
		d.NextSteps = strings.Join(closing, "\n")
	}
	catOf := map[*node]int{}
	defer func() {
		// Every table of the body, with the category it sits under.
		var walk func(n *node, cat int)
		walk = func(n *node, cat int) {
			if c, ok := catOf[n]; ok {
				cat = c
			}
			for _, t := range n.tables {
				d.Tables = append(d.Tables, Table{Category: cat, Header: t.Header, Rows: t.Rows})
			}
			for _, ch := range n.children {
				walk(ch, cat)
			}
		}
		for _, r := range w.tree {
			walk(r, 0)
		}
	}()
	switch d.Kind {
	case KindFeedback:
		p.collectProblems(w, region)
		return
	case KindAggregate:
		// A round's release reports practices across units, not one unit's
		// measures: its sections and figures are the record.
		return
	}
	for _, c := range region {
		if c.isItem() {
			// Items straight under the rectification section: no category.
			p.addItem(w, 0, nil, c)
			continue
		}
		cat := Category{Number: c.number, Title: strings.TrimRight(firstTitle(c.head), "。：:"), Problems: []Problem{}}
		catIdx := len(d.Categories)
		d.Categories = append(d.Categories, cat)
		before := len(d.Measures)
		p.collect(w, c, c.number, nil, catIdx)
		catOf[c] = c.number
		for _, t := range c.tables {
			if len(d.Measures) == before {
				// A ledger table is the category's only statement of measures.
				p.tableMeasures(w, c.number, catIdx, t)
			}
		}
		if len(d.Measures) == before && len(c.children) == 0 {
			// Measures written as plain paragraphs under the heading.
			for i, para := range stripLabels(c.body) {
				p.addMeasure(w, c.number, nil, i+1, "", para)
			}
		}
	}
	for i := range d.Measures {
		d.Measures[i].ID = d.ID + "-" + pad3(i+1)
	}
	if len(d.Measures) == 0 && why != "" {
		d.addFlag(FlagNoMeasures, why)
	}
}

// collectProblems reads a published problem list (kind feedback): the
// numbered items under each category are problems, not measures.
func (p *Parser) collectProblems(w *doc, region []*node) {
	d := w.d
	for _, c := range region {
		if c.isItem() {
			continue
		}
		cat := Category{Number: c.number, Title: strings.TrimRight(firstTitle(c.head), "。：:"), Problems: []Problem{}}
		var walk func(n *node)
		walk = func(n *node) {
			for _, ch := range n.children {
				if len(ch.children) > 0 && !ch.isItem() {
					walk(ch)
					continue
				}
				cat.Problems = append(cat.Problems, Problem{Number: ch.number, Title: itemText(ch)})
			}
			for _, it := range p.inlineItems(strings.Join(n.body, "\n")) {
				cat.Problems = append(cat.Problems, Problem{Number: it.number, Title: it.text})
			}
		}
		walk(c)
		d.Categories = append(d.Categories, cat)
	}
}

func pad3(n int) string {
	s := strconv.Itoa(n)
	for len(s) < 3 {
		s = "0" + s
	}
	return s
}

func headingChildren(n *node) []*node {
	var out []*node
	for _, c := range n.children {
		if !c.isItem() {
			out = append(out, c)
		}
	}
	return out
}

// firstTitle is a heading's title, or the whole head when it has none.
func firstTitle(head string) string {
	if t, _ := titleText(head); t != "" {
		return t
	}
	return head
}

// collect walks a category (or problem) node and adds its measures.
func (p *Parser) collect(w *doc, n *node, cat int, prob *int, catIdx int) {
	d := w.d
	// Inline enumerations in the node's own text: 整改情况：一是…二是…
	_, headText := titleText(n.head)
	own := append([]string{}, n.body...)
	if headText != "" {
		own = append([]string{headText}, own...)
	}
	if blocks := problemBlocks(own); prob == nil && blocks != nil {
		// Problems stated as paragraphs, each before its 整改情况 label.
		last := p.addProblemBlocks(w, cat, catIdx, blocks)
		if blocks[len(blocks)-1].empty() && len(n.children) > 0 {
			// The last label stands alone: the numbered items after it
			// are that problem's measures, and a problem sentence ending an
			// item's paragraphs opens the next problem.
			p.collectInterleaved(w, n.children, cat, catIdx, last)
			return
		}
	} else {
		for _, it := range p.inlineItems(strings.Join(own, "\n")) {
			p.addMeasure(w, cat, prob, it.number, it.marker, it.text)
		}
	}
	for _, c := range n.children {
		switch {
		case c.isItem():
			p.addItem(w, cat, prob, c)
		case p.isProblem(c):
			num := c.number
			d.Categories[catIdx].Problems = append(d.Categories[catIdx].Problems, Problem{Number: num, Title: p.problemTitle(c.head)})
			before := len(d.Measures)
			p.collect(w, c, cat, &num, catIdx)
			if len(d.Measures) == before {
				// A restated problem followed by one unnumbered measure paragraph
				// (on its own line or after the problem on the heading's).
				lines := c.body
				if _, text := titleText(c.head); text != "" {
					// Only text after a measure label: other text after the
					// first stop may still be the problem (a long quoted one).
					if before, _, ok := labelCut(text); ok && before == "" {
						lines = append([]string{text}, lines...)
					}
				}
				if txt := strings.Join(stripLabels(lines), ""); txt != "" {
					p.addMeasure(w, cat, &num, 1, "", txt)
				}
			}
		case len(headingChildren(c)) == 0 && len(p.inlineItems(strings.Join(c.body, "\n"))) == 0 && !hasItems(c):
			// A numbered leaf under a category: the measure itself.
			p.addMeasure(w, cat, prob, c.number, c.marker, itemText(c))
		default:
			p.collect(w, c, cat, prob, catIdx)
		}
	}
}

func hasItems(n *node) bool {
	for _, c := range n.children {
		if c.isItem() {
			return true
		}
	}
	return false
}

// isProblem recognises a restated problem heading: 关于“…”的问题, or a
// heading followed by an 整改情况 label.
func (p *Parser) isProblem(n *node) bool {
	t := firstTitle(n.head)
	if strings.HasPrefix(t, "关于") && strings.Contains(t, "问题") {
		return true
	}
	if strings.HasPrefix(n.head, "关于“") || strings.HasPrefix(n.head, "反馈问题") || n.style == "problem_no" {
		return true
	}
	for _, b := range n.body {
		if strings.HasPrefix(b, "整改情况") || strings.HasPrefix(b, "整改措施") || strings.HasPrefix(b, "整改进展") {
			return true
		}
	}
	// 1.理论学习有计划无行动。整改情况：一是…: the problem sentence heads
	// the line, its measures follow the label.
	if t, text := titleText(n.head); t != "" {
		if before, _, ok := labelCut(text); ok && before == "" {
			return true
		}
	}
	return false
}

// problemTitle is the restated problem: the quoted text when quoted.
func (p *Parser) problemTitle(head string) string {
	t := firstTitle(head)
	t = strings.TrimPrefix(t, "反馈问题")
	if i := strings.Index(t, "“"); i >= 0 {
		if j := strings.LastIndex(t, "”"); j > i {
			return t[i+len("“") : j]
		}
	}
	t = strings.TrimPrefix(t, "关于")
	t = strings.TrimSuffix(t, "的整改情况")
	t = strings.TrimSuffix(t, "的整改")
	t = strings.TrimSuffix(t, "问题")
	t = strings.TrimSuffix(t, "的")
	return t
}

// stripLabels removes 整改情况： style labels from paragraphs.
func stripLabels(lines []string) []string {
	out := make([]string, 0, len(lines))
	for _, l := range lines {
		for _, lab := range measureLabels() {
			l = strings.TrimPrefix(l, lab)
		}
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// itemText is an item's text with its numbering word removed, joined across
// its paragraphs. A following line that is neither a sentence nor long
// (`序号`, `学习制度不健全`: the cells of a table a PDF reader spilled) is
// not part of the measure.
func itemText(n *node) string {
	parts := []string{n.head}
	for _, b := range n.body {
		if isProseLine(b) {
			parts = append(parts, b)
		}
	}
	for _, c := range n.children {
		parts = append(parts, c.marker+c.head)
		parts = append(parts, c.body...)
	}
	return strings.TrimSpace(strings.Join(parts, ""))
}

// isProseLine reports whether a line reads as a paragraph of text: it ends
// a sentence or clause, or is as long as a printed line.
func isProseLine(l string) bool {
	if runeLen(l) >= 20 {
		return true
	}
	for _, end := range []string{"。", "；", "！", "？", "”", "）", "》"} {
		if strings.HasSuffix(l, end) {
			return true
		}
	}
	return false
}

type inlineItem struct {
	number int
	marker string
	text   string
}

// inlineItems splits `一是…；二是…。三是…` inside a paragraph into items.
// The numerals must run 一, 二, 三… in order, each at the start or after
// punctuation; two at least, so a stray 一是 inside a sentence is no item.
func (p *Parser) inlineItems(s string) []inlineItem { return p.inlineItemsFrom(s, 1) }

// inlineItemsFrom is inlineItems for a run that starts at numeral first:
// an item line `三是…。四是…` holds its successor inline.
func (p *Parser) inlineItemsFrom(s string, first int) []inlineItem {
	if !strings.Contains(s, "是") {
		return nil
	}
	type pos struct{ start, textStart, n int }
	var found []pos
	next := first
	// Each 是 preceded by a run of numerals that continues the count, at the
	// start or after punctuation, opens an item.
	for from := 0; ; {
		i := strings.Index(s[from:], "是")
		if i < 0 {
			break
		}
		i += from
		from = i + len("是")
		start := i
		for start > 0 {
			r, size := utf8.DecodeLastRuneInString(s[:start])
			if _, ok := cnDigit(r); !ok && r != '十' {
				break
			}
			start -= size
			if i-start > 9 {
				break
			}
		}
		if start == i {
			continue
		}
		n, ok := parseNumber(s[start:i])
		if !ok || n != next {
			continue
		}
		if start > 0 {
			prev := s[:start]
			if !strings.HasSuffix(prev, "：") && !strings.HasSuffix(prev, "。") && !strings.HasSuffix(prev, "；") &&
				!strings.HasSuffix(prev, "，") && !strings.HasSuffix(prev, "\n") && !strings.HasSuffix(prev, ":") {
				continue
			}
		}
		found = append(found, pos{start, from, n})
		next++
	}
	if len(found) < 2 {
		return nil
	}
	out := make([]inlineItem, 0, len(found))
	for i, f := range found {
		end := len(s)
		if i+1 < len(found) {
			end = found[i+1].start
		} else if j := strings.IndexByte(s[f.textStart:], '\n'); j >= 0 {
			end = f.textStart + j // the last item ends with its paragraph
		}
		txt := strings.TrimSpace(strings.ReplaceAll(s[f.textStart:end], "\n", ""))
		txt = strings.TrimRight(txt, "；;，,")
		out = append(out, inlineItem{number: f.n, marker: s[f.start:f.textStart], text: txt})
	}
	return out
}

// addItem adds an enumerated item (一是…) as a measure, or several when the
// item's paragraph runs on into its successors (`一是…。二是…`).
func (p *Parser) addItem(w *doc, cat int, prob *int, c *node) {
	if c.style == "cn_shi" {
		if its := p.inlineItemsFrom(c.marker+c.head, c.number); len(its) >= 2 {
			for i, it := range its {
				txt := it.text
				if i == len(its)-1 {
					for _, b := range c.body {
						if isProseLine(b) {
							txt += b
						}
					}
				}
				p.addMeasure(w, cat, prob, it.number, it.marker, txt)
			}
			return
		}
	}
	p.addMeasure(w, cat, prob, c.number, c.marker, itemText(c))
}

// addMeasure appends a measure with its themes.
func (p *Parser) addMeasure(w *doc, cat int, prob *int, number int, marker, text string) {
	text = strings.TrimSpace(text)
	if text == "" {
		return
	}
	var pr *int
	if prob != nil {
		v := *prob
		pr = &v
	}
	heading := ""
	if n := len(w.d.Categories); n > 0 && w.d.Categories[n-1].Number == cat {
		heading = w.d.Categories[n-1].Title
	}
	if !w.headingSet || w.heading != heading {
		// Measures come category by category: their heading is analysed once.
		w.heading, w.headingCtx, w.headingSet = heading, p.tagger.Heading(heading), true
	}
	themes, evidence := p.tagger.TagUnder(text, w.headingCtx)
	if themes == nil {
		themes = []string{}
	}
	w.d.Measures = append(w.d.Measures, Measure{Category: cat, Problem: pr, Number: number, Marker: marker, Text: text,
		Themes: themes, ThemeEvidence: evidence})
}

// nextSteps is the next-steps section's text without the closing
// invitation and contact lines.
func nextSteps(n *node) string {
	_, text := titleText(n.head)
	var parts []string
	if text != "" {
		parts = append(parts, text)
	}
	for _, b := range n.body {
		if isContactLine(b) {
			break
		}
		parts = append(parts, b)
	}
	return strings.Join(parts, "\n")
}

// isClosingLine recognises the closing paragraphs after the last measure:
// the invitation to supervise, contact lines, and a closing pledge
// (`局党组将持续巩固整改成果…`) when the document has no next-steps heading.
func isClosingLine(l string) bool {
	if isContactLine(l) || strings.HasPrefix(l, "下一步") || strings.HasPrefix(l, "今后") {
		return true
	}
	if i := strings.Index(l, "将"); i > 0 && runeLen(l[:i]) <= 8 {
		for _, who := range []string{"党组", "党委", "党工委", "党总支", "我局", "我委", "我院", "我们", "本单位", "我单位", "我镇", "我街道", "我办", "我厅", "公司"} {
			if strings.Contains(l[:i], who) {
				return true
			}
		}
	}
	return false
}

// isContactLine recognises the closing invitation and contact lines.
func isContactLine(l string) bool {
	for _, cue := range []string{"欢迎广大", "欢迎社会各界", "如有意见建议", "联系电话", "联系方式", "电子邮箱", "邮政信箱", "电子信箱", "来信请寄", "监督电话", "举报电话", "邮编", "邮政编码"} {
		if strings.Contains(l, cue) {
			return true
		}
	}
	return false
}
