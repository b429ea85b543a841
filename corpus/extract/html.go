package extract

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// html decodes a web page and keeps its main content.
func (e *Extractor) html(name string, data []byte) (*Document, error) {
	s, enc, err := decodeHTML(name, data)
	if err != nil {
		return nil, err
	}
	root, err := html.Parse(strings.NewReader(s))
	if err != nil {
		return nil, newError(name, ErrCorrupt, "parse html", err)
	}
	a := analyse(root)
	best := a.mainContent()
	if best < 0 {
		return nil, newError(name, ErrNoMainContent, "only navigation and page chrome", nil)
	}
	text := a.contentText(best)
	if strings.TrimSpace(text) == "" {
		return nil, newError(name, ErrNoMainContent, "main content has no text", nil)
	}
	return &Document{Text: text, Encoding: enc, Page: a.pageMeta(best), Replaced: replacedIn(enc, data)}, nil
}

// traverse walks the tree below root depth-first without recursion, so deep
// nesting cannot exhaust the stack. enter returns false to skip a node's
// children (exit is then not called for it).
func traverse(root *html.Node, enter func(*html.Node) bool, exit func(*html.Node)) {
	walk(root, func(n *html.Node) visit {
		if enter(n) {
			return visitChildren
		}
		return skipChildren
	}, exit)
}

// visit is what walk does after entering a node.
type visit int

const (
	visitChildren visit = iota // walk the node's children, then exit it
	skipChildren               // go on with the next node; exit is not called for this one
	stopWalk                   // end the walk at once; no further exit is called
)

// walk is traverse with a way to stop. It follows the tree's own pointers
// and holds no stack: a walk that stops early costs only what it visited,
// whatever the width or depth of the tree.
func walk(root *html.Node, enter func(*html.Node) visit, exit func(*html.Node)) {
	n := root
	for {
		switch enter(n) {
		case stopWalk:
			return
		case visitChildren:
			if n.FirstChild != nil {
				n = n.FirstChild
				continue
			}
			exit(n)
		}
		for {
			if n == root {
				return
			}
			if n.NextSibling != nil {
				n = n.NextSibling
				break
			}
			n = n.Parent
			exit(n)
		}
	}
}

// skippedTag reports elements whose content is never text of the page.
func skippedTag(a atom.Atom) bool {
	switch a {
	case atom.Head, atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Iframe,
		atom.Object, atom.Embed, atom.Svg, atom.Math, atom.Select, atom.Option,
		atom.Textarea, atom.Input, atom.Button, atom.Canvas, atom.Audio, atom.Video, atom.Map:
		return true
	}
	return false
}

// blockTag reports elements that start a new line.
func blockTag(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Center, atom.Dd,
		atom.Details, atom.Dialog, atom.Dir, atom.Div, atom.Dl, atom.Dt, atom.Fieldset,
		atom.Figcaption, atom.Figure, atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3,
		atom.H4, atom.H5, atom.H6, atom.Header, atom.Hgroup, atom.Hr, atom.Li, atom.Main,
		atom.Menu, atom.Nav, atom.Ol, atom.P, atom.Pre, atom.Section, atom.Summary,
		atom.Table, atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Ul, atom.Caption,
		atom.Body, atom.Html, atom.Br, atom.Title:
		return true
	}
	return false
}

func isCell(n *html.Node) bool {
	return n.Type == html.ElementNode && (n.DataAtom == atom.Td || n.DataAtom == atom.Th)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// hidden reports elements a browser would not show.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "style":
			v := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			if strings.Contains(v, "display:none") || strings.Contains(v, "visibility:hidden") {
				return true
			}
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		}
	}
	return false
}

// lineWriter assembles lines: text is appended to the current line, a line
// break flushes it, a cell break adds a tab.
type lineWriter struct {
	lines []string
	cur   strings.Builder
	// cellOpen is set between a cell's tab and its first text, so that a
	// paragraph opening the cell does not break the row.
	cellOpen bool
	size     int // bytes of text written
}

func (w *lineWriter) text(s string) {
	if w.cur.Len() == 0 || w.cellOpen {
		s = strings.TrimLeft(s, " ")
	}
	if s != "" {
		w.cellOpen = false
	}
	w.cur.WriteString(s)
	w.size += len(s)
}

func (w *lineWriter) cell() {
	if w.cur.Len() > 0 {
		w.cur.WriteByte('\t')
		w.cellOpen = true
	}
}

func (w *lineWriter) brk() {
	if w.cellOpen {
		return
	}
	line := strings.Trim(w.cur.String(), " \t")
	w.cur.Reset()
	if strings.TrimSpace(line) != "" {
		w.lines = append(w.lines, line)
	}
}

func (w *lineWriter) String() string {
	w.brk()
	return strings.Join(w.lines, "\n")
}

// collapseSpace turns each run of HTML white space into one space, as a
// browser renders it. Non-breaking and ideographic spaces are kept.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\t', '\n', '\r', '\f':
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// render writes the text below root as lines. skip prunes elements; drop
// leaves out text nodes.
func render(root *html.Node, skip func(*html.Node) bool, drop map[*html.Node]bool) string {
	return renderLimit(root, skip, drop, 0, 0)
}

// renderLimit is render stopping once it holds maxLines lines or maxBytes
// bytes (0: no limit), so that reading the first lines of an article, or
// testing whether an element is short enough to be a heading, does not
// render all below it: once per nested candidate, that was quadratic.
func renderLimit(root *html.Node, skip func(*html.Node) bool, drop map[*html.Node]bool, maxLines, maxBytes int) string {
	var w lineWriter
	pre := 0
	rowHasCell := map[*html.Node]bool{} // rows (cell parents) that had a cell
	renderEnter := func(n *html.Node) bool {
		switch n.Type {
		case html.TextNode:
			if drop[n] {
				return false
			}
			if pre > 0 {
				parts := strings.Split(strings.ReplaceAll(n.Data, "\r\n", "\n"), "\n")
				for i, p := range parts {
					if i > 0 {
						w.brk()
					}
					w.text(p)
				}
				return false
			}
			w.text(collapseSpace(n.Data))
			return false
		case html.ElementNode:
			if skippedTag(n.DataAtom) || hidden(n) || (skip != nil && skip(n)) {
				return false
			}
			switch {
			case isCell(n):
				if rowHasCell[n.Parent] {
					w.cell()
				}
				rowHasCell[n.Parent] = true
			case blockTag(n.DataAtom):
				w.brk()
			}
			if n.DataAtom == atom.Pre {
				pre++
			}
			return true
		case html.DocumentNode:
			return true
		}
		return false
	}
	renderExit := func(n *html.Node) {
		if n.Type != html.ElementNode {
			return
		}
		if n.DataAtom == atom.Pre {
			pre--
		}
		if isCell(n) {
			w.cellOpen = false // an empty cell
		}
		if blockTag(n.DataAtom) {
			w.brk()
		}
	}
	full := func() bool {
		return (maxLines > 0 && len(w.lines) >= maxLines) || (maxBytes > 0 && w.size >= maxBytes)
	}
	walk(root, func(n *html.Node) visit {
		if full() {
			return stopWalk
		}
		if renderEnter(n) {
			return visitChildren
		}
		return skipChildren
	}, renderExit)
	return w.String()
}
