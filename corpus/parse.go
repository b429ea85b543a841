package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/zhenggai/zhenggai/corpus/normalize"
	"github.com/zhenggai/zhenggai/corpus/theme"
	"github.com/zhenggai/zhenggai/corpus/unit"
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
	// openAt is the first line of the opening paragraph (导语), found by
	// what it says wherever it stands, or -1.
	openAt int
	// openEnd is the first numbered heading after openAt.
	openEnd int
	// titleDate is a date printed at the end of the title line, if any.
	titleDate date
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
	// heading is the category heading last analysed for theme tagging.
	heading    string
	headingCtx theme.Heading
	headingSet bool
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
	w := &doc{lines: p.splitTitleDate(strings.Split(text, "\n")), d: d}
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

// findTitle locates the opening paragraph by what it says, then the title
// among the lines above it (after any page chrome), joining a title broken
// across two lines, and the letterhead. A numbered heading is never a title;
// a date at the end of the title line is cut off and kept.
func (p *Parser) findTitle(w *doc, page Page) {
	w.titleAt = -1
	w.openAt = p.findOpening(w)
	limit := min(len(w.lines), 25)
	if w.openAt >= 0 {
		limit = min(limit, w.openAt)
	}
	candidate := func(l string) bool {
		if isChromeLine(l) || strings.ContainsAny(l, "。；") {
			return false
		}
		_, numbered := p.heading(l)
		return !numbered
	}
	for i := 0; i < limit; i++ {
		l := w.lines[i]
		if !strings.Contains(l, "关于") || runeLen(l) > 90 || !candidate(l) {
			continue
		}
		if !strings.Contains(l, "巡") && !strings.Contains(l, "整改") && !strings.Contains(l, "审计") &&
			!strings.Contains(l, "督察") && !strings.Contains(l, "公告") && !strings.Contains(l, "通报") {
			continue
		}
		// A title broken after its first part: join the tail line.
		if !endsWithAny(l, titleEnds) && i+1 < len(w.lines) && !(endsWithDigit(l) && p.re.titleDate.MatchString(l)) {
			next := w.lines[i+1]
			if runeLen(next) <= 30 && endsWithAny(p.cutTitleDate(next), titleEnds) && !strings.ContainsAny(next, "，。；：") {
				w.lines[i] = l + next
				w.lines = append(w.lines[:i+1], w.lines[i+2:]...)
				if w.openAt > i {
					w.openAt--
				}
			}
		}
		w.titleAt = i
		break
	}
	if w.titleAt < 0 {
		// A title line without 关于: 巡察整改情况通报 and the like.
		for i := 0; i < limit; i++ {
			l := w.lines[i]
			if runeLen(l) <= 60 && !strings.ContainsAny(l, "。；，") && candidate(l) && p.re.titleDoc.MatchString(p.cutTitleDate(l)) {
				w.titleAt = i
				break
			}
		}
	}
	if w.titleAt >= 0 {
		l := w.lines[w.titleAt]
		if m := p.re.titleDate.FindStringSubmatchIndex(l); endsWithDigit(l) && m != nil && m[0] > 0 {
			dt := date{atoi(l[m[2]:m[3]]), atoi(l[m[4]:m[5]]), atoi(l[m[6]:m[7]])}
			if dt.valid() {
				w.titleDate = dt
			}
			l = strings.TrimSpace(l[:m[0]])
		}
		w.d.Title = l
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
		if w.d.Title == "" {
			w.d.Title = p.metaTitle(w)
		}
		w.bodyAt = 0
		// Skip chrome lines at the top: they carry a colon label or a '>'.
		for w.bodyAt < len(w.lines) && w.bodyAt < 10 && isChromeLine(w.lines[w.bodyAt]) {
			w.bodyAt++
		}
	}
	if w.openAt >= 0 && w.openAt < w.bodyAt {
		w.openAt = -1
	}
	w.introEnd = len(w.lines)
	for i := w.bodyAt; i < len(w.lines); i++ {
		if _, ok := p.heading(w.lines[i]); ok {
			w.introEnd = i
			break
		}
	}
	w.openEnd = w.introEnd
	if w.openAt >= w.introEnd {
		w.openEnd = len(w.lines)
		for i := w.openAt + 1; i < len(w.lines); i++ {
			if _, ok := p.heading(w.lines[i]); ok {
				w.openEnd = i
				break
			}
		}
	}
}

// splitTitleDate undoes a join the line repair makes when a title ends
// with a date (…的通报 2026-02-13): the date is no sentence end, so the
// opening paragraph was run into the title line. Among the first lines, such
// a line is split back into the title with its date and the text after it.
func (p *Parser) splitTitleDate(lines []string) []string {
	for i := 0; i < min(len(lines), 25); i++ {
		if !titleWordBeforeDigit(lines[i]) {
			continue
		}
		m := p.re.titleDateJoin.FindStringSubmatchIndex(lines[i])
		if m == nil {
			continue
		}
		l := lines[i]
		head, rest := l[:m[5]], l[m[6]:]
		out := make([]string, 0, len(lines)+1)
		out = append(out, lines[:i]...)
		out = append(out, head, rest)
		return append(out, lines[i+1:]...)
	}
	return lines
}

// titleWordBeforeDigit reports whether a title word (通报, 公示 …) is
// followed, after optional spaces, by a digit: the cheap test run before the
// title-and-date pattern.
func titleWordBeforeDigit(l string) bool {
	l = prefixRunes(l, 120) // a title with its date is shorter
	for j := 1; j < len(l); j++ {
		if l[j] < '0' || l[j] > '9' || (l[j-1] >= '0' && l[j-1] <= '9') {
			continue
		}
		if endsWithAny(strings.TrimRight(l[:j], " \t"), titleEnds) {
			return true
		}
	}
	return false
}

// endsWithDigit reports whether a line ends with a digit, the cheap test
// run before the trailing-date pattern.
func endsWithDigit(l string) bool {
	return l != "" && l[len(l)-1] >= '0' && l[len(l)-1] <= '9'
}

// cutTitleDate is a title line without a date printed at its end
// (…的通报 2026-02-13).
func (p *Parser) cutTitleDate(l string) string {
	if !endsWithDigit(l) {
		return l
	}
	if m := p.re.titleDate.FindStringIndex(l); m != nil && m[0] > 0 {
		return strings.TrimSpace(l[:m[0]])
	}
	return l
}

// findOpening finds the opening paragraph (导语) by what it says: the basis
// (根据…部署), the group's inspection of the unit (巡察组对…开展了巡察) or the
// feedback (反馈了巡察意见), in a paragraph line that is not a numbered
// heading. It returns the line's index, or -1.
func (p *Parser) findOpening(w *doc) int {
	for i := 0; i < min(len(w.lines), 80); i++ {
		l := w.lines[i]
		if !strings.Contains(l, "巡察") && !strings.Contains(l, "巡视") && !strings.Contains(l, "巡查") {
			continue
		}
		if !openingCue(l) || !strings.ContainsAny(l, "，,。") || runeLen(l) < 20 || isChromeLine(l) {
			continue
		}
		if _, numbered := p.heading(l); numbered {
			continue
		}
		if p.re.opening.MatchString(prefixRunes(l, 300)) {
			return i
		}
	}
	return -1
}

// openingCue is the cheap test run before the opening pattern: a basis
// (根据/按照 … 部署/安排), an object (对 … 开展/进行) or a feedback (反馈).
func openingCue(l string) bool {
	l = prefixRunes(l, 300)
	if strings.Contains(l, "反馈") && (strings.Contains(l, "意见") || strings.Contains(l, "情况")) {
		return true
	}
	if (strings.Contains(l, "根据") || strings.Contains(l, "按照")) && (strings.Contains(l, "部署") || strings.Contains(l, "安排")) {
		return true
	}
	return strings.Contains(l, "组") && strings.Contains(l, "对") && (strings.Contains(l, "开展") || strings.Contains(l, "进行"))
}

// metaTitle is the value of a 文件名称/标题 line of the page's metadata block,
// the title when the text prints none of its own.
func (p *Parser) metaTitle(w *doc) string {
	for i := 0; i < min(len(w.lines), 15); i++ {
		l := stripBullet(w.lines[i])
		for _, label := range []string{"文件名称", "标题", "名称"} {
			if rest, ok := strings.CutPrefix(l, label); ok {
				rest = strings.TrimLeft(rest, "：: ")
				if runeLen(rest) >= 6 {
					return rest
				}
			}
		}
	}
	return ""
}

// stripBullet removes a list bullet from the start of a line: `· 发布日期：…`.
func stripBullet(l string) string {
	for _, b := range []string{"·", "•", "●", "○", "▪", "■", "◆", "-", "*", "—"} {
		if rest, ok := strings.CutPrefix(l, b); ok {
			return strings.TrimLeft(rest, " \t")
		}
	}
	return l
}

// chromeLabels start the lines of a page's metadata grid (Zhejiang and
// others print 信息索引号 / 文件名称 / 发布机构 / 成文日期 above the text).
var chromeLabels = []string{"信息索引号", "索引号", "文件名称", "发布机构", "成文日期", "公开方式", "主题分类", "发文字号", "发文机关", "发文日期", "发表时间", "发表日期", "有效性", "公开范围", "发布时间", "发布日期", "信息来源", "来源：", "来源:", "当前位置", "所在位置", "您现在的位置", "您的位置", "现在位置", "首页", "作者：", "责任编辑", "摘要：", "摘要:"}

// chromeCues appear anywhere in a line of page furniture.
var chromeCues = []string{"浏览次数", "访问量", "阅读次数", "点击数", "字体：", "字体:", "【字体", "分享到", "打印本页", "关闭窗口", "[大][中][小]", ">>", " > "}

// isChromeLine recognises a line of web-page furniture: breadcrumbs,
// metadata grids, view counters, font and share widgets.
func isChromeLine(l string) bool {
	l = stripBullet(l)
	if isBareDate(l) {
		return true
	}
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

// isBareDate reports whether a line is a date alone, with or without a
// time: `2025-08-07 11:00`, `2025/8/7`.
func isBareDate(l string) bool {
	l = strings.TrimSpace(l)
	if len(l) < 8 || len(l) > 19 || l[0] < '0' || l[0] > '9' {
		return false
	}
	for _, r := range l {
		if !strings.ContainsRune("0123456789-/.: ", r) {
			return false
		}
	}
	return strings.Count(l, "-") == 2 || strings.Count(l, "/") == 2 || strings.Count(l, ".") == 2
}

// trimChrome cuts a chrome value at the next label run into it once the
// spaces between them were removed: 青石镇人民政府访问量： → 青石镇人民政府.
func trimChrome(v string) string {
	for _, label := range []string{"访问量", "浏览次数", "阅读次数", "点击数", "作者", "发布时间", "发布日期", "日期", "时间", "字体", "分享", "打印", "【", "[", "（", "责任编辑", "编辑"} {
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
		org := ""
		if m == nil {
			// The organisation and the date on one line (a page that
			// lost the break between them): 中共某局党组 2025年3月10日.
			if m = p.re.sigOrgDate.FindStringSubmatch(w.lines[i]); m == nil || !hasOrganSuffix(m[1]) {
				continue
			}
			org, m = m[1], m[1:]
		}
		dt := date{atoi(m[1]), atoi(m[2]), atoi(m[3])}
		sig := &Signature{Org: org}
		if dt.valid() {
			sig.Date = dt.iso()
		} else {
			w.d.addFlag(FlagBadDate, "signature date "+w.lines[i]+" is not a calendar date")
		}
		w.sigAt = i
		if j := i - 1; j >= w.bodyAt && org == "" {
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
	// With no title, chrome may also stand between a headline and the
	// opening paragraph.
	end := w.bodyAt
	if w.titleAt < 0 && w.openAt > end {
		end = w.openAt
	}
	for i := 0; i < end; i++ {
		l := stripBullet(w.lines[i])
		// Below the title only chrome lines count; with no title, every
		// line above the opening may carry labelled page data (the line
		// repair can run a headline into its 来源/发布时间 line).
		if i == w.titleAt || (w.titleAt >= 0 && i > w.titleAt && !isChromeLine(l)) {
			continue
		}
		if w.titleAt < 0 && !isChromeLine(l) && !strings.ContainsAny(l, "：:") {
			continue // a headline or text line, no labelled data in it
		}
		if d.Published == "" {
			m := p.re.pageDate.FindStringSubmatch(l)
			if m == nil && isBareDate(l) {
				m = p.re.bareDate.FindStringSubmatch(strings.TrimSpace(l))
			}
			if m != nil {
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
	if d.Published == "" && !w.titleDate.isZero() {
		d.Published, d.PublishedFrom = w.titleDate.iso(), "page"
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
// else the letterhead, else the object of the opening sentence (对…开展了巡察,
// 向…反馈), else the signature. Of the names the document gives the same
// unit, the fullest is kept as Unit and the others become aliases; the key
// takes its place from the letterhead, signature or publisher when the name
// has none.
func (p *Parser) parseUnit(w *doc) {
	d := w.d
	intro := w.intro()
	var names []string // every name the document gives the unit, first = primary
	var aliases []string
	add := func(n string) {
		n, short := cutShortForm(strings.TrimSpace(stripEditorial(n)))
		if short != "" {
			aliases = appendUnique(aliases, short)
		}
		if n != "" && !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	if i := strings.Index(d.Title, "关于"); i > 0 {
		u := strings.TrimSpace(stripEditorial(d.Title[:i]))
		switch {
		case strings.Contains(u, "巡察组") || strings.Contains(u, "巡视组"):
			// A group's published findings: 市委第六巡察组关于对市公安局党委开展…
			if m := p.re.object.FindStringSubmatch(d.Title[i:]); m != nil {
				add(m[1])
			}
		case runeLen(u) >= 3 && runeLen(u) <= 40:
			add(u)
		}
	}
	if d.Letterhead != "" {
		add(d.Letterhead)
	}
	objects := []string{}
	// The object and the feedback clause stand in the opening's first
	// sentences: the patterns read its first 300 characters. A round's
	// aggregate release names many units there, none of them its own.
	head := prefixRunes(intro, 300)
	if d.Kind == KindAggregate {
		head = ""
	}
	if m := p.re.object.FindStringSubmatch(head); m != nil {
		objects = append(objects, m[1])
	} else if m := p.re.objectBare.FindStringSubmatch(head); m != nil && !collective(m[1]) {
		objects = append(objects, m[1])
	}
	if m := p.feedbackTo(head); m != "" {
		objects = append(objects, m)
	}
	for _, o := range objects {
		if selfReference(o) {
			aliases = appendUnique(aliases, o)
			continue
		}
		add(o)
	}
	if d.Signature != nil && hasOrganSuffix(d.Signature.Org) && !selfReference(d.Signature.Org) {
		// The closing organisation: the unit when nothing else names it,
		// and often its fullest name.
		add(d.Signature.Org)
	}
	if m := p.re.shortName.FindStringSubmatch(intro); m != nil {
		aliases = appendUnique(aliases, m[1])
	}
	if len(names) == 0 {
		// Named only as 我院党组 (or not at all): the unit is the organ that
		// issues its own plan in the text, 《中共…党组关于…整改方案》.
		if m := p.re.planIssuer.FindStringSubmatch(w.afterIntro(30)); m != nil {
			add(m[1])
		}
	}
	if len(names) > 0 {
		primary := names[0]
		best := primary
		for _, n := range names[1:] {
			if sameUnit(primary, n) && fuller(n, best) {
				best = n
			}
		}
		d.Unit = best
		for _, n := range names {
			if n != best && sameUnit(primary, n) {
				aliases = appendUnique(aliases, n)
			}
		}
	}
	for _, a := range aliases {
		if a != d.Unit {
			d.UnitAliases = append(d.UnitAliases, a)
		}
	}
	for _, s := range []string{"党工委", "党总支", "党支部", "委员会", "党组", "党委"} {
		if strings.HasSuffix(d.Unit, s) {
			d.UnitOrgan = s
			break
		}
	}
	if d.Unit != "" {
		place := unit.Place(d.Unit)
		if place == "" {
			for _, src := range append(append([]string{d.Letterhead}, names...), signatureOrg(d), d.Publisher) {
				if place = unit.Place(src); place != "" {
					break
				}
			}
		}
		d.UnitKey = unit.KeyIn(d.Unit, place)
	}
}

// cutShortForm removes a parenthesis that gives a name's short form
// (中共某市人民检察院（以下简称“市检察院”）党组, 某局（简称某管理局）) and returns
// the name without it and the short form, unquoted.
func cutShortForm(s string) (name, short string) {
	i := strings.Index(s, "（")
	if i < 0 {
		return s, ""
	}
	j := strings.Index(s[i:], "）")
	if j < 0 {
		return s, ""
	}
	inner := s[i+len("（") : i+j]
	for _, cue := range []string{"以下简称", "以下称", "下称", "简称"} {
		if rest, ok := strings.CutPrefix(inner, cue); ok {
			short = strings.Trim(rest, "“”\"'‘’：:")
			return s[:i] + s[i+j+len("）"):], short
		}
	}
	return s, ""
}

// stripEditorial removes editorial brackets (【巡察整改】) from a name.
func stripEditorial(s string) string {
	for {
		i := strings.Index(s, "【")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], "】")
		if j < 0 {
			return s
		}
		s = s[:i] + s[i+j+len("】"):]
	}
}

// lastObject is the unit a feedback clause names after the group: in
// `市委第一巡察组向中共某局党组`, the part after the last 向 was already
// taken; this trims a leading group phrase the lazy match kept.
func lastObject(s string) string {
	if i := strings.LastIndex(s, "向"); i >= 0 {
		return s[i+len("向"):]
	}
	return s
}

// feedbackTo is the unit a feedback clause names (向中共某局党组反馈): the
// pattern runs only on the stretch before each 反馈 that holds a 向.
func (p *Parser) feedbackTo(text string) string {
	for from := 0; ; {
		i := strings.Index(text[from:], "反馈")
		if i < 0 {
			return ""
		}
		i += from
		lo := max(0, i-240)
		for lo > 0 && !utf8.RuneStart(text[lo]) {
			lo--
		}
		if win := text[lo : i+len("反馈")]; strings.Contains(win, "向") {
			if m := p.re.feedbackTo.FindStringSubmatch(win); m != nil {
				return lastObject(m[1])
			}
		}
		from = i + len("反馈")
	}
}

// prefixRunes is s cut to its first n characters.
func prefixRunes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// collective reports whether an object names many units or the whole place
// (对全市…, 对各乡镇…, 对其所属…), not one inspected body.
func collective(s string) bool {
	for _, p := range []string{"全", "各", "其", "所属", "下属"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	if strings.Contains(s, "等") {
		return true
	}
	// 12个村党组织, 三个镇: a count of units.
	prev := rune(0)
	for _, r := range s {
		if r == '个' && (prev >= '0' && prev <= '9' || strings.ContainsRune("一二三四五六七八九十百两", prev)) {
			return true
		}
		prev = r
	}
	return false
}

// selfReference reports whether an object names the unit as 我/本
// (对我院党组, 对本局党组): the name must come from elsewhere.
func selfReference(s string) bool {
	return strings.HasPrefix(s, "我") || strings.HasPrefix(s, "本")
}

// sameUnit reports whether two names give the same unit: their keys are
// equal, or one key ends the other (a short form without its place).
func sameUnit(a, b string) bool {
	ka, kb := unit.Key(a), unit.Key(b)
	return ka == kb || strings.HasSuffix(ka, kb) || strings.HasSuffix(kb, ka)
}

// fuller reports whether name a says more than b: a longer key (its place
// or its full words), else a longer printed name (中共…党组 over …党组).
func fuller(a, b string) bool {
	ka, kb := runeLen(unit.Key(a)), runeLen(unit.Key(b))
	if ka != kb {
		return ka > kb
	}
	return runeLen(a) > runeLen(b)
}

func signatureOrg(d *Disclosure) string {
	if d.Signature == nil {
		return ""
	}
	return d.Signature.Org
}

// intro is the opening text: from the opening paragraph found by what it
// says (or the first line after the title) to the next numbered heading,
// six lines at most.
func (w *doc) intro() string {
	start := w.bodyAt
	end := min(w.introEnd, w.sigAt)
	// The opening a few lines below the title is read from the title on, as
	// ever (a basis line may precede it); one further down, or below a
	// heading, is read from where it stands.
	if w.openAt >= w.bodyAt && w.openAt < w.sigAt && (w.openAt-w.bodyAt > 3 || w.introEnd <= w.openAt) {
		start = w.openAt
		if end <= start {
			end = min(w.openEnd, w.sigAt)
		}
	}
	if end-start > 6 {
		end = start + 6
	}
	if end <= start {
		return ""
	}
	return strings.Join(w.lines[start:end], "\n")
}

// afterIntro is up to n lines following the opening, stopping at the
// signature: where an organisation section recalls the group.
func (w *doc) afterIntro(n int) string {
	start := w.bodyAt
	if w.openAt >= w.bodyAt {
		start = w.openAt
	}
	start++
	end := min(start+n, w.sigAt, len(w.lines))
	if end <= start {
		return ""
	}
	return strings.Join(w.lines[start:end], "\n")
}

// body is everything after the title up to the signature.
func (w *doc) body() string {
	if w.sigAt <= w.bodyAt {
		return ""
	}
	return strings.Join(w.lines[w.bodyAt:w.sigAt], "\n")
}
