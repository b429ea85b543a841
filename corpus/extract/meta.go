package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Page chrome patterns. Labels may be followed by a colon, spaces, a tab (a
// grid cell) or a line break (a label and its value in two boxes).
const labelGap = `[ \t\x{a0}\x{3000}]*[:：]?[ \t\x{a0}\x{3000}]*\n?[ \t\x{a0}\x{3000}]*`

var (
	dateRe = regexp.MustCompile(`(发布时间|发布日期|成文日期|生成日期|日期)` + labelGap +
		`(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})`)
	publisherRe = regexp.MustCompile(`(发布机构|信息来源|文章来源|来源)` + labelGap + `([^\s\x{a0}\x{3000}:：|｜【】\[\]]{2,60})`)
	indexNoRe   = regexp.MustCompile(`(信息索引号|索引号)` + labelGap + `([0-9A-Za-z][0-9A-Za-z\-/_.]*)`)
	// nextLabelRe finds the next label inside a captured value, where
	// inline boxes run together ("来源：某局发布时间：…").
	nextLabelRe = regexp.MustCompile(`发布时间|发布日期|成文日期|生成日期|发布机构|信息来源|文章来源|来源|信息索引号|索引号|` +
		`浏览|访问|点击|阅读|作者|责任编辑|编辑|日期|时间|字号|字体|分享|打印`)
	metaDateRe = regexp.MustCompile(`(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})`)
)

// datePriority orders the date labels: publication before writing.
func datePriority(label string) int {
	switch label {
	case "发布时间", "发布日期":
		return 0
	case "成文日期":
		return 2
	case "生成日期":
		return 3
	}
	return 4
}

// isoDate validates and formats a date, or returns "".
func isoDate(y, m, d string) string {
	yi, err1 := strconv.Atoi(y)
	mi, err2 := strconv.Atoi(m)
	di, err3 := strconv.Atoi(d)
	if err1 != nil || err2 != nil || err3 != nil || yi < 1949 || yi > 2200 || mi < 1 || mi > 12 || di < 1 {
		return ""
	}
	t := time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
	if t.Day() != di {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", yi, mi, di)
}

// pageMeta reads title, date, publisher and index number from meta tags and
// from the page outside the main content (then its first lines).
func (a *analysis) pageMeta(best int) PageMeta {
	content := a.nodes[best]
	root := a.body
	if root == nil {
		root = content
	}
	chrome := renderLimit(root, func(n *html.Node) bool { return n == content }, nil, 0, maxChromeScan)
	head := firstLines(renderLimit(content, nil, nil, 12, 0), 12)
	texts := []string{clip(chrome, maxChromeScan), clip(head, maxHeadScan)}

	var p PageMeta
	p.Title = a.meta["articletitle"]
	if p.Title == "" {
		p.Title = a.heading(best)
	}
	if p.Title == "" {
		p.Title = a.titleTag(chrome + "\n" + head)
	}

	bestPrio := 99
	for _, t := range texts {
		for _, m := range dateRe.FindAllStringSubmatch(t, -1) {
			if prio := datePriority(m[1]); prio < bestPrio {
				if d := isoDate(m[2], m[3], m[4]); d != "" {
					p.Published, bestPrio = d, prio
				}
			}
		}
		if bestPrio <= 1 {
			break
		}
	}
	if bestPrio > 1 {
		if m := metaDateRe.FindStringSubmatch(a.meta["pubdate"]); m != nil {
			if d := isoDate(m[1], m[2], m[3]); d != "" {
				p.Published = d
			}
		}
	}

	for _, t := range texts {
		if p.Publisher == "" {
			p.Publisher = labelValue(publisherRe, t)
		}
		if p.IndexNo == "" {
			p.IndexNo = labelValue(indexNoRe, t)
		}
	}
	if p.Publisher == "" {
		p.Publisher = a.meta["contentsource"]
	}
	return p
}

// labelValue returns the first value of re's label in text that is not
// itself a label (a value followed by a colon is the next label).
func labelValue(re *regexp.Regexp, text string) string {
	for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
		v := text[m[4]:m[5]]
		if i := nextLabelRe.FindStringIndex(v); i != nil {
			if i[0] == 0 {
				continue // an empty value: the next label follows
			}
			v = v[:i[0]]
		} else if rest := text[m[5]:]; strings.HasPrefix(rest, ":") || strings.HasPrefix(rest, "：") {
			continue
		}
		if utf8.RuneCountInString(v) >= 2 {
			return v
		}
	}
	return ""
}

// titleTag returns <title> less the site name: the part of it, split at
// the usual separators, that the page shows as a line of its own, else the
// title without a trailing meta SiteName, else the whole title.
func (a *analysis) titleTag(pageText string) string {
	t := a.title
	lines := map[string]bool{}
	for line := range strings.SplitSeq(pageText, "\n") {
		lines[strings.TrimSpace(line)] = true
	}
	parts := strings.FieldsFunc(t, func(r rune) bool {
		return r == '_' || r == '|' || r == '｜' || r == '—' || r == '–' || r == '－'
	})
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if utf8.RuneCountInString(p) >= 4 && lines[p] {
			return p
		}
	}
	if site := a.meta["sitename"]; site != "" {
		if s, ok := strings.CutSuffix(t, site); ok && strings.TrimSpace(s) != "" {
			return strings.TrimRight(strings.TrimSpace(s), "_|｜-－—– ")
		}
	}
	return t
}

// Bounds of the text searched for page data, so that a huge page costs
// linear time once, not per pattern.
const (
	maxChromeScan = 256 << 10
	maxHeadScan   = 4 << 10
	// maxHeadingBytes is where rendering a heading candidate stops: its
	// text bytes, newlines not counted; 1200 bytes are at least 300
	// characters, more than a heading has.
	maxHeadingBytes = 1200
)

// clip cuts s to at most n bytes at a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// heading returns the article's heading: the last h1–h3 (or element whose
// class or id says title) before the main content and outside navigation,
// else the first inside it.
func (a *analysis) heading(best int) string {
	before, inside := "", ""
	for i, n := range a.nodes {
		if i > a.end[best] {
			break
		}
		if !a.titleCandidate(n) {
			continue
		}
		if i < best && a.end[i] >= best {
			continue // an ancestor of the content
		}
		// A heading has 4–200 characters: rendering stops past
		// maxHeadingBytes, which is more than that.
		t := strings.TrimSpace(strings.ReplaceAll(renderLimit(n, nil, nil, 0, maxHeadingBytes), "\n", ""))
		if l := utf8.RuneCountInString(t); l < 4 || l > 200 {
			continue
		}
		if i < best {
			before = t
		} else if inside == "" {
			inside = t
		}
	}
	if before != "" {
		return before
	}
	return inside
}

func (a *analysis) titleCandidate(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3:
	default:
		if !hasHint(n, []hint{{"title", false}}) || hasHint(n, []hint{{"subtitle", false}}) {
			return false
		}
	}
	navs := []hint{
		{"nav", true}, {"menu", false}, {"footer", false}, {"foot", true}, {"bottom", true},
		{"crumb", false}, {"position", true}, {"location", true}, {"related", false},
		{"links", true}, {"logo", false}, {"banner", false}, {"side", true}, {"sidebar", false},
	}
	depth := 0
	for p := n; p != nil && depth < 40; p, depth = p.Parent, depth+1 {
		if p.DataAtom == atom.Nav || p.DataAtom == atom.Footer || p.DataAtom == atom.A && p != n ||
			hasHint(p, navs) {
			return false
		}
	}
	return true
}
