package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/zhenggai/zhenggai/corpus/normalize"
	"github.com/zhenggai/zhenggai/corpus/theme"
)

// Page is what the page around a document says about it (web chrome and
// meta tags), supplied by the reader of the original file.
type Page struct {
	Title     string
	Published string // ISO date
	Publisher string
	IndexNo   string
}

// Input is one document to parse: its decoded text and where it came from.
type Input struct {
	Text   string
	Source Source
	Page   Page
}

// Options configure a Parser. The zero value is ready to use.
type Options struct {
	// Taxonomy tags measures with themes; nil means theme.Default().
	Taxonomy *theme.Taxonomy
	// Logger receives debug notes; nil discards them.
	Logger *slog.Logger
}

// Parser classifies and parses disclosures. It is safe for concurrent use.
type Parser struct {
	norm   *normalize.Normalizer
	tagger *theme.Tagger
	re     *patterns
	log    *slog.Logger
}

// NewParser returns a Parser configured by opts.
func NewParser(opts Options) *Parser {
	tax := opts.Taxonomy
	if tax == nil {
		tax = theme.Default()
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Parser{norm: normalize.New(), tagger: theme.NewTagger(tax), re: newPatterns(), log: log}
}

// doc is the working state of one parse.
type doc struct {
	lines []string
	d     *Disclosure
	// titleAt is the index of the title line, or -1.
	titleAt int
	// bodyAt is the first line after the title and letterhead.
	bodyAt int
	// introEnd is the index of the first numbered heading after bodyAt.
	introEnd int
	// sigAt is the first line of the signature block, len(lines) if none.
	sigAt int
	// tailAt is the first of the closing lines after the last measure
	// (invitation, contact, pledge), sigAt when there are none.
	tailAt int
	// rectAt is the first line of the rectification section's content, or
	// -1 when the document has no separate rectification section.
	rectAt int
	// tree is the heading tree of the body.
	tree []*node
}

// Parse normalises, classifies and parses one document. A document that is
// not a disclosure comes back with Kind other and the reason; the error is
// reserved for input that holds no text at all.
func (p *Parser) Parse(in Input) (*Disclosure, error) {
	text, rep := p.norm.Text(in.Text)
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("parse %s: %w", displayPath(in.Source.Path), ErrEmptyDocument)
	}
	d := &Disclosure{Source: in.Source, Categories: []Category{}, Measures: []Measure{}, Sections: []Section{}, Flags: []Flag{}}
	if d.Source.SHA256 == "" {
		sum := sha256.Sum256([]byte(in.Text))
		d.Source.SHA256 = hex.EncodeToString(sum[:])
	}
	d.ID = d.Source.SHA256[:16]
	if rep.Traditional {
		d.addFlag(FlagTraditional, "converted to simplified characters")
	}
	if rep.PinyinGlosses > 0 {
		d.addFlag(FlagPinyinGloss, fmt.Sprintf("%d pinyin glosses removed", rep.PinyinGlosses))
	}
	w := &doc{lines: strings.Split(text, "\n"), d: d}
	p.findTitle(w, in.Page)
	p.findSignature(w)
	p.pageData(w, in.Page)
	p.classify(w)
	if rep.Traditional && rep.PinyinGlosses > 0 {
		d.addFlag(FlagMirror, "traditional characters with pinyin glosses: a copy of a page, not the original")
	}
	if !d.Kind.Parsed() {
		return d, nil
	}
	p.parseUnit(w)
	p.parseInspection(w)
	p.parseBody(w)
	p.parseFigures(w)
	p.parseContact(w)
	p.publication(w)
	p.checkDates(w)
	p.checkCounts(w)
	applyLimits(d) // limits.go: caps on measure length and count
	return d, nil
}

func displayPath(p string) string {
	if p == "" {
		return "input"
	}
	return p
}

func (d *Disclosure) addFlag(code, detail string) {
	for _, f := range d.Flags {
		if f.Code == code {
			return
		}
	}
	d.Flags = append(d.Flags, Flag{Code: code, Detail: detail})
}

// HasFlag reports whether the disclosure carries the flag code.
func (d *Disclosure) HasFlag(code string) bool {
	for _, f := range d.Flags {
		if f.Code == code {
			return true
		}
	}
	return false
}

// titleEnds are the document-type words a title ends with.
var titleEnds = []string{"通报", "公示", "公告", "报告", "情况", "通知", "说明"}

func endsWithAny(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// findTitle locates the title among the first lines (after any page
// chrome), joining a title broken across two lines, and the letterhead.
func (p *Parser) findTitle(w *doc, page Page) {
	w.titleAt = -1
	limit := min(len(w.lines), 25)
	for i := 0; i < limit; i++ {
		l := w.lines[i]
		if !strings.Contains(l, "关于") || runeLen(l) > 90 || strings.ContainsAny(l, "。；") || isChromeLine(l) {
			continue
		}
		if !strings.Contains(l, "巡") && !strings.Contains(l, "整改") && !strings.Contains(l, "审计") &&
			!strings.Contains(l, "督察") && !strings.Contains(l, "公告") && !strings.Contains(l, "通报") {
			continue
		}
		// A title broken after its first part: join the tail line.
		if !endsWithAny(l, titleEnds) && i+1 < len(w.lines) {
			next := w.lines[i+1]
			if runeLen(next) <= 30 && endsWithAny(next, titleEnds) && !strings.ContainsAny(next, "，。；：") {
				w.lines[i] = l + next
				w.lines = append(w.lines[:i+1], w.lines[i+2:]...)
			}
		}
		w.titleAt = i
		break
	}
	if w.titleAt < 0 {
		// A title line without 关于: 巡察整改情况通报 and the like.
		for i := 0; i < limit; i++ {
			l := w.lines[i]
			if runeLen(l) <= 60 && !strings.ContainsAny(l, "。；，") && !isChromeLine(l) && p.re.titleDoc.MatchString(l) {
				w.titleAt = i
				break
			}
		}
	}
	if w.titleAt >= 0 {
		w.d.Title = w.lines[w.titleAt]
		w.bodyAt = w.titleAt + 1
		// Page furniture between the title and the text: date, source, widgets.
		for w.bodyAt < len(w.lines) && w.bodyAt < w.titleAt+6 && isChromeLine(w.lines[w.bodyAt]) {
			w.bodyAt++
		}
		if i := w.titleAt - 1; i >= 0 {
			l := w.lines[i]
			if runeLen(l) <= 40 && !strings.ContainsAny(l, "，。；：:>") && hasOrganSuffix(l) {
				w.d.Letterhead = l
			}
		}
	} else {
		w.d.Title = page.Title
		w.bodyAt = 0
		// Skip chrome lines at the top: they carry a colon label or a '>'.
		for w.bodyAt < len(w.lines) && w.bodyAt < 10 && isChromeLine(w.lines[w.bodyAt]) {
			w.bodyAt++
		}
	}
	w.introEnd = len(w.lines)
	for i := w.bodyAt; i < len(w.lines); i++ {
		if _, ok := p.heading(w.lines[i]); ok {
			w.introEnd = i
			break
		}
	}
}

// chromeLabels start the lines of a page's metadata grid (Zhejiang and
// others print 信息索引号 / 文件名称 / 发布机构 / 成文日期 above the text).
var chromeLabels = []string{"信息索引号", "索引号", "文件名称", "发布机构", "成文日期", "公开方式", "主题分类", "发文字号", "发文机关", "有效性", "公开范围", "发布时间", "发布日期", "信息来源", "来源：", "当前位置", "首页"}

// chromeCues appear anywhere in a line of page furniture.
var chromeCues = []string{"浏览次数", "访问量", "阅读次数", "点击数", "字体：", "字体:", "【字体", "分享到", "打印本页", "关闭窗口", "[大][中][小]", ">>", " > "}

// isChromeLine recognises a line of web-page furniture: breadcrumbs,
// metadata grids, view counters, font and share widgets.
func isChromeLine(l string) bool {
	for _, p := range chromeLabels {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	for _, c := range chromeCues {
		if strings.Contains(l, c) {
			return true
		}
	}
	return false
}

// trimChrome cuts a chrome value at the next label run into it once the
// spaces between them were removed: 青石镇人民政府访问量： → 青石镇人民政府.
func trimChrome(v string) string {
	for _, label := range []string{"访问量", "浏览次数", "阅读次数", "点击数", "作者", "发布时间", "发布日期", "字体", "分享", "打印", "【", "[", "（", "责任编辑", "编辑"} {
		if i := strings.Index(v, label); i > 0 {
			v = v[:i]
		}
	}
	return strings.TrimRight(v, "，,;；。 ")
}

var organSuffixes = []string{"党组", "党委", "党工委", "党总支", "党支部", "委员会", "办公室", "领导小组"}

func hasOrganSuffix(s string) bool { return endsWithAny(s, organSuffixes) }

// findSignature finds the closing organisation and date lines.
func (p *Parser) findSignature(w *doc) {
	w.sigAt = len(w.lines)
	n := len(w.lines)
	for i := n - 1; i >= max(w.bodyAt, n-4); i-- {
		m := p.re.sigDate.FindStringSubmatch(w.lines[i])
		if m == nil {
			continue
		}
		dt := date{atoi(m[1]), atoi(m[2]), atoi(m[3])}
		sig := &Signature{}
		if dt.valid() {
			sig.Date = dt.iso()
		} else {
			w.d.addFlag(FlagBadDate, "signature date "+w.lines[i]+" is not a calendar date")
		}
		w.sigAt = i
		if j := i - 1; j >= w.bodyAt {
			l := w.lines[j]
			if runeLen(l) <= 40 && !strings.ContainsAny(l, "，。；：") {
				sig.Org = l
				w.sigAt = j
			}
		}
		w.d.Signature = sig
		return
	}
}

// pageData reads publication data from the page chrome the reader found,
// or from chrome lines left in the text above the title.
func (p *Parser) pageData(w *doc, page Page) {
	d := w.d
	d.Publisher = page.Publisher
	if page.Published != "" && parseISO(page.Published).valid() {
		d.Published, d.PublishedFrom = page.Published, "page"
	}
	// Chrome above and just below the title (or above the text when no
	// title was found).
	for i := 0; i < w.bodyAt; i++ {
		l := w.lines[i]
		if i == w.titleAt || (i > w.titleAt && !isChromeLine(l)) {
			continue
		}
		if d.Published == "" {
			if m := p.re.pageDate.FindStringSubmatch(l); m != nil {
				if dt := (date{atoi(m[1]), atoi(m[2]), atoi(m[3])}); dt.valid() {
					d.Published, d.PublishedFrom = dt.iso(), "page"
				}
			}
		}
		if d.Publisher == "" {
			if m := p.re.pageSource.FindStringSubmatch(l); m != nil {
				d.Publisher = trimChrome(m[1])
			}
		}
	}
}

// publication settles the publication date: page data first (it is when
// the page went out), then the signature date.
func (p *Parser) publication(w *doc) {
	d := w.d
	if d.Published == "" && d.Signature != nil && d.Signature.Date != "" {
		d.Published, d.PublishedFrom = d.Signature.Date, "signature"
	}
}

// parseUnit takes the inspected unit from the title (the part before 关于),
// else from the object of the opening sentence, else from the signature.
func (p *Parser) parseUnit(w *doc) {
	d := w.d
	if i := strings.Index(d.Title, "关于"); i > 0 {
		u := strings.TrimSpace(d.Title[:i])
		switch {
		case strings.Contains(u, "巡察组") || strings.Contains(u, "巡视组"):
			// A group's published findings: 市委第六巡察组关于对市公安局党委开展…
			if m := p.re.object.FindStringSubmatch(d.Title[i:]); m != nil {
				d.Unit = m[1]
			}
		case runeLen(u) >= 3 && runeLen(u) <= 40:
			d.Unit = u
		}
	}
	if d.Unit == "" && d.Letterhead != "" {
		d.Unit = d.Letterhead
	}
	if d.Unit == "" {
		if m := p.re.object.FindStringSubmatch(w.intro()); m != nil {
			d.Unit = m[1]
		}
	}
	if d.Unit == "" && d.Signature != nil && hasOrganSuffix(d.Signature.Org) {
		d.Unit = d.Signature.Org
	}
	for _, s := range []string{"党工委", "党总支", "党支部", "委员会", "党组", "党委"} {
		if strings.HasSuffix(d.Unit, s) {
			d.UnitOrgan = s
			break
		}
	}
}

// intro is the opening text between the title and the first heading.
func (w *doc) intro() string {
	end := min(w.introEnd, w.sigAt)
	if end-w.bodyAt > 6 {
		end = w.bodyAt + 6
	}
	if end <= w.bodyAt {
		return ""
	}
	return strings.Join(w.lines[w.bodyAt:end], "\n")
}

// body is everything after the title up to the signature.
func (w *doc) body() string {
	if w.sigAt <= w.bodyAt {
		return ""
	}
	return strings.Join(w.lines[w.bodyAt:w.sigAt], "\n")
}
