package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Weights of the main-content score. A block is the text between two line
// or cell breaks; each block scores per rune, and an element scores the sum
// of the blocks below it, so the best element holds the article's blocks
// and as little chrome as possible.
const (
	weightShort     = 0.3  // per rune of a short block without punctuation (dates, signatures)
	weightPunct     = 5.0  // per Chinese punctuation mark
	weightHintBonus = 25.0 // an element whose class or id says content/article/zoom…
	minMainScore    = 30.0 // below this a page has no main content
	minMainRunes    = 200  // …or without two sentence marks, fewer non-link runes than this
	shortBlock      = 20   // runes; blocks below this without punctuation are "short"
	chromeBlockMax  = 60   // runes; longer blocks are never taken for chrome widgets
	chromeLineMax   = 200  // runes; longer blocks are never taken for metadata lines
)

// A hint is a word looked for in the class and id tokens of an element.
// Loose hints match anywhere in a token; strict ones only as the whole token
// or its first part (so "position" does not match Bootstrap's
// "position-relative" but does match "position_box"; "nav" matches
// "main-nav" too). Pinyin initials are common on Chinese sites: dqwz
// 当前位置, xglj 相关链接, wza 无障碍.
type hint struct {
	word   string
	strict bool
}

// chromeHints mark navigation, headers, footers and widgets.
func chromeHints() []hint {
	return []hint{
		{"breadcrumb", false}, {"crumb", false}, {"footer", false}, {"copyright", false},
		{"share", false}, {"related", false}, {"xglj", false}, {"xgwz", false}, {"xgxx", false},
		{"dqwz", false}, {"sidebar", false}, {"fenxiang", false}, {"bdshare", false},
		{"qrcode", false}, {"pagination", false}, {"toolbar", false}, {"fontsize", false},
		{"font-size", false}, {"navbar", false}, {"menu", false}, {"search", false},
		{"login", false}, {"banner", false}, {"logo", false},
		{"nav", true}, {"foot", true}, {"bottom", true}, {"position", true}, {"location", true},
		{"print", true}, {"pager", true}, {"skip", true}, {"wza", true}, {"ewm", true}, {"top", true},
		{"header", true}, {"side", true}, {"links", true}, {"friendlink", false}, {"yqlj", false},
		{"topbar", false},
	}
}

// contentHints mark article bodies.
func contentHints() []hint {
	return []hint{
		{"content", false}, {"article", false}, {"zoom", false}, {"trs_editor", false},
		{"trs_word", false}, {"detail", false}, {"zhengwen", false}, {"wenzhang", false},
		{"maintext", false}, {"main-text", false}, {"text", true}, {"con", true},
	}
}

// chromeStartRe matches blocks that open with a chrome label: breadcrumbs
// and the metadata of the page.
var chromeStartRe = regexp.MustCompile(`^\s*(当前位置|您的位置|您现在的位置|所在位置|位置[:：]|首页\s*[>›»＞]|` +
	`发布时间|发布日期|成文日期|生成日期|信息来源|文章来源|来源[:：]|发布机构|信息索引号|索引号|浏览次数|访问量|点击数|阅读次数|` +
	`主办单位|承办单位|版权所有|联系我们|网站地图|上一篇|下一篇|相关链接|相关文章|相关阅读|分享到)`)

// chromeWidgetRe matches widgets anywhere in a short block.
var chromeWidgetRe = regexp.MustCompile(`打印本页|打印此页|打印文章|【\s*打印\s*】|\[\s*打印\s*\]|` +
	`关闭窗口|关闭本页|【\s*关闭\s*】|\[\s*关闭\s*\]|字体[:：]|字号[:：]|字体大小|【\s*大\s*】|\[\s*大\s*\]|` +
	`分享到|保护视力|无障碍|长者模式|适老化|朗读|扫一扫|手机版|返回顶部|ICP备|公网安备|网站标识码|版权所有|浏览次数|访问量`)

func hasHint(n *html.Node, hints []hint) bool {
	for _, a := range n.Attr {
		if a.Key != "class" && a.Key != "id" {
			continue
		}
		for tok := range strings.FieldsSeq(strings.ToLower(a.Val)) {
			for _, h := range hints {
				if matchHint(tok, h) {
					return true
				}
			}
		}
	}
	return false
}

func matchHint(tok string, h hint) bool {
	if !h.strict {
		return strings.Contains(tok, h.word)
	}
	if !strings.HasPrefix(tok, h.word) {
		return strings.HasSuffix(tok, "-"+h.word) || strings.HasSuffix(tok, "_"+h.word)
	}
	rest := tok[len(h.word):]
	return rest == "" || rest[0] == '-' || rest[0] == '_' || (rest[0] >= '0' && rest[0] <= '9')
}

// isPunct reports Chinese and ASCII sentence punctuation.
func isPunct(r rune) bool {
	switch r {
	case '，', '。', '；', '、', '！', '？', '（', '）', '《', '》', ',', ';':
		return true
	}
	return false
}

// isSentenceEnd reports punctuation that ends or splits a sentence.
func isSentenceEnd(r rune) bool {
	switch r {
	case '。', '；', '！', '？', '，':
		return true
	}
	return false
}

// elemStats are the figures of one element, first its own text, then summed
// over its subtree.
type elemStats struct {
	score    float64
	runes    int
	link     int
	links    int
	sentence int
}

func (s *elemStats) add(o elemStats) {
	s.score += o.score
	s.runes += o.runes
	s.link += o.link
	s.links += o.links
	s.sentence += o.sentence
}

// block is the text between two breaks while analysing.
type block struct {
	runes, link, punct, sentence int
	heading, chrome              bool
	label                        strings.Builder // first runes, for the chrome patterns
	parts                        []blockPart
}

type blockPart struct {
	elem  int
	node  *html.Node
	runes int
}

// analysis is the scored tree of a page.
type analysis struct {
	nodes   []*html.Node // elements in pre-order
	ids     map[*html.Node]int
	end     []int // id of the last element below each element
	self    []elemStats
	sub     []elemStats
	inChrom []bool // the element or an ancestor has a chrome hint
	drop    map[*html.Node]bool
	meta    map[string]string // lower-cased meta name → content
	title   string            // <title>
	body    *html.Node

	chromeHints, contentHints, titleHints []hint
}

// analyse scores every element of the page below root.
func analyse(root *html.Node) *analysis {
	a := &analysis{
		ids: map[*html.Node]int{}, drop: map[*html.Node]bool{}, meta: map[string]string{},
		chromeHints: chromeHints(), contentHints: contentHints(),
		titleHints: []hint{{"title", false}, {"_bt", false}},
	}
	a.readHead(root)
	var (
		stack                  []int // ids of open elements
		chromeDepth, linkDepth int
		headDepth              int
		cur                    block
	)
	endBlock := func() {
		a.closeBlock(&cur)
		cur = block{}
	}
	traverse(root, func(n *html.Node) bool {
		switch n.Type {
		case html.DocumentNode:
			return true
		case html.TextNode:
			if len(stack) == 0 {
				return false
			}
			a.addText(&cur, n, stack[len(stack)-1], linkDepth > 0, chromeDepth > 0, headDepth > 0)
			return false
		case html.ElementNode:
		default:
			return false
		}
		if skippedTag(n.DataAtom) || hidden(n) {
			return false
		}
		if blockTag(n.DataAtom) || isCell(n) {
			endBlock()
		}
		id := len(a.nodes)
		a.nodes = append(a.nodes, n)
		a.ids[n] = id
		a.end = append(a.end, id)
		a.self = append(a.self, elemStats{})
		chrome := hasHint(n, a.chromeHints) || n.DataAtom == atom.Nav || n.DataAtom == atom.Footer
		a.inChrom = append(a.inChrom, chromeDepth > 0 || chrome)
		if chrome {
			chromeDepth++
		}
		switch n.DataAtom {
		case atom.A:
			linkDepth++
			a.self[id].links++
		case atom.Body:
			a.body = n
		}
		if a.isHeading(n) {
			headDepth++
		}
		stack = append(stack, id)
		return true
	}, func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		id := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		a.end[id] = len(a.nodes) - 1
		if hasHint(n, a.chromeHints) || n.DataAtom == atom.Nav || n.DataAtom == atom.Footer {
			chromeDepth--
		}
		if n.DataAtom == atom.A {
			linkDepth--
		}
		if a.isHeading(n) {
			headDepth--
		}
		if blockTag(n.DataAtom) || isCell(n) {
			endBlock()
		}
	})
	endBlock()
	a.sum()
	return a
}

// isHeading reports page headings: h1, h2 and elements whose class or id
// says title. Inside the article, headings are rarely more than bold
// paragraphs; outside, they are the article's title or a column's.
func (a *analysis) isHeading(n *html.Node) bool {
	return n.DataAtom == atom.H1 || n.DataAtom == atom.H2 || hasHint(n, a.titleHints)
}

// readHead collects <title> and the meta tags.
func (a *analysis) readHead(root *html.Node) {
	traverse(root, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return n.Type == html.DocumentNode
		}
		switch n.DataAtom {
		case atom.Title:
			if a.title == "" && n.FirstChild != nil {
				a.title = strings.TrimSpace(collapseSpace(n.FirstChild.Data))
			}
			return false
		case atom.Meta:
			key := strings.ToLower(attr(n, "name"))
			if key == "" {
				key = strings.ToLower(attr(n, "property"))
			}
			if key != "" {
				if _, seen := a.meta[key]; !seen {
					a.meta[key] = strings.TrimSpace(attr(n, "content"))
				}
			}
			return false
		case atom.Body:
			return false
		}
		return true
	}, func(*html.Node) {})
}

func (a *analysis) addText(b *block, n *html.Node, elem int, link, chrome, heading bool) {
	runes := 0
	for _, r := range n.Data {
		if unicode.IsSpace(r) {
			continue
		}
		runes++
		if isPunct(r) {
			b.punct++
		}
		if isSentenceEnd(r) {
			b.sentence++
			a.self[elem].sentence++
		}
	}
	if runes == 0 {
		return
	}
	if utf8.RuneCountInString(b.label.String()) < chromeLineMax {
		b.label.WriteString(n.Data)
	}
	b.runes += runes
	if link {
		b.link += runes
		a.self[elem].link += runes
	}
	b.chrome = b.chrome || chrome
	b.heading = b.heading || heading
	a.self[elem].runes += runes
	b.parts = append(b.parts, blockPart{elem: elem, node: n, runes: runes})
}

// closeBlock scores a finished block and spreads the score over the
// elements holding its text.
func (a *analysis) closeBlock(b *block) {
	if b.runes == 0 {
		return
	}
	var score float64
	text := b.label.String()
	label := !b.chrome && b.sentence == 0 &&
		((b.runes <= chromeLineMax && chromeStartRe.MatchString(text)) ||
			(b.runes <= chromeBlockMax && chromeWidgetRe.MatchString(text)))
	switch {
	case b.chrome || label:
		score = -float64(b.runes)
	case b.link*2 > b.runes:
		score = -float64(b.runes)
	case b.heading:
		score = -0.5 * float64(b.runes)
	case b.punct == 0 && b.runes < shortBlock:
		score = weightShort * float64(b.runes-b.link)
	default:
		score = float64(b.runes-b.link) + weightPunct*float64(b.punct)
	}
	for _, p := range b.parts {
		a.self[p.elem].score += score * float64(p.runes) / float64(b.runes)
		if label {
			a.drop[p.node] = true
		}
	}
}

// sum totals each element's subtree, relying on pre-order ids: the subtree
// of id is ids id…end[id].
func (a *analysis) sum() {
	n := len(a.nodes)
	prefix := make([]elemStats, n+1)
	for i := range n {
		prefix[i+1] = prefix[i]
		prefix[i+1].add(a.self[i])
	}
	a.sub = make([]elemStats, n)
	for i := range n {
		s := prefix[a.end[i]+1]
		p := prefix[i]
		a.sub[i] = elemStats{
			score:    s.score - p.score,
			runes:    s.runes - p.runes,
			link:     s.link - p.link,
			links:    s.links - p.links,
			sentence: s.sentence - p.sentence,
		}
	}
}

// mainContent returns the id of the element holding the article, or -1.
func (a *analysis) mainContent() int {
	best, bestScore := -1, 0.0
	for i, n := range a.nodes {
		if a.inChrom[i] || n.DataAtom == atom.A {
			continue
		}
		score := a.sub[i].score
		if score > 50 && hasHint(n, a.contentHints) {
			score += weightHintBonus
		}
		switch {
		case best < 0 || score > bestScore+1e-9:
			best, bestScore = i, score
		case score > bestScore-1e-9 && i <= a.end[best]:
			best, bestScore = i, score // a descendant scoring the same: the tighter box
		}
	}
	if best < 0 {
		return -1
	}
	s := a.sub[best]
	if bestScore < minMainScore || (s.sentence < 2 && s.runes-s.link < minMainRunes) {
		return -1
	}
	return best
}

// linkCluster reports an element inside the content that is a list of
// links: related articles, attachments lists with no prose.
func (a *analysis) linkCluster(n *html.Node) bool {
	id, ok := a.ids[n]
	if !ok {
		return false
	}
	s := a.sub[id]
	return s.links >= 3 && s.sentence == 0 && s.link*10 > s.runes*6
}

// contentText renders the main content, leaving out chrome inside it.
func (a *analysis) contentText(best int) string {
	root := a.nodes[best]
	return render(root, func(n *html.Node) bool {
		if n == root {
			return false
		}
		return hasHint(n, a.chromeHints) || n.DataAtom == atom.Nav || a.linkCluster(n)
	}, a.drop)
}
