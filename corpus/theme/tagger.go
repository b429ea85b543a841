package theme

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Hit is one piece of evidence: text[Start:End] == Keyword, and it tagged
// theme ID. A keyword that tags two themes gives two hits with the same
// offsets.
type Hit struct {
	ID      string `json:"id"`
	Keyword string `json:"keyword"`
	Start   int    `json:"start"` // byte offset
	End     int    `json:"end"`   // byte offset, exclusive
	// Weak is true when the keyword is one of the theme's weak keywords and
	// counted only because of other evidence.
	Weak bool `json:"weak,omitempty"`
}

// pattern is what one distinct keyword string means.
type pattern struct {
	kw     string
	strong []int32 // themes it tags on its own
	weak   []int32 // themes it tags only with support
	stop   bool    // on the stop list and no theme's keyword
	// generic is true when the keyword is a generic keyword of its strong
	// themes: it counts only without independent evidence of another theme.
	generic bool
}

// Tagger tags text with theme ids. It is built once from a taxonomy, never
// changes afterwards and is safe for concurrent use.
type Tagger struct {
	tax     *Taxonomy
	ids     []string
	order   map[string]int // theme id → its index in ids
	groupOf []int          // theme index → group index
	groups  []string
	pats    []pattern
	m       *matcher
}

// NewTagger builds a tagger for t; a nil t means [Default]. The taxonomy is
// copied, so later use of t does not affect the tagger.
func NewTagger(t *Taxonomy) *Tagger {
	if t == nil {
		t = Default()
	}
	tg := &Tagger{tax: t.Merge(nil), groups: t.Groups(), order: map[string]int{}}
	patIndex := map[string]int{}
	add := func(kw string) *pattern {
		i, ok := patIndex[kw]
		if !ok {
			i = len(tg.pats)
			patIndex[kw] = i
			tg.pats = append(tg.pats, pattern{kw: kw})
		}
		return &tg.pats[i]
	}
	for ti, th := range tg.tax.themes {
		tg.order[th.ID] = len(tg.ids)
		tg.ids = append(tg.ids, th.ID)
		tg.groupOf = append(tg.groupOf, slices.Index(tg.groups, th.Group))
		for _, kw := range th.Keywords {
			p := add(kw)
			if !slices.Contains(p.strong, int32(ti)) {
				p.strong = append(p.strong, int32(ti))
			}
		}
		for _, kw := range th.Generic {
			p := add(kw)
			if !slices.Contains(p.strong, int32(ti)) {
				p.strong = append(p.strong, int32(ti))
			}
			p.generic = true
		}
		for _, kw := range th.Weak {
			p := add(kw)
			if !slices.Contains(p.weak, int32(ti)) && !slices.Contains(p.strong, int32(ti)) {
				p.weak = append(p.weak, int32(ti))
			}
		}
	}
	// A keyword a theme lists wins over the same phrase on the stop list.
	for _, s := range tg.tax.stop {
		if _, ok := patIndex[s]; !ok {
			add(s).stop = true
		}
	}
	kws := make([]string, len(tg.pats))
	for i, p := range tg.pats {
		kws[i] = p.kw
	}
	tg.m = newMatcher(kws)
	return tg
}

// Taxonomy returns the tagger's taxonomy.
func (tg *Tagger) Taxonomy() *Taxonomy { return tg.tax }

// Hits returns the evidence for [Tagger.Tag]: the keyword occurrences that
// tagged a theme, ordered by Start, then by taxonomy order.
func (tg *Tagger) Hits(text string) []Hit {
	return tg.hits(text, context{prior: -1})
}

// HitsWithContext is [Tagger.Hits] for a measure under a heading; see
// [Tagger.TagWithContext].
func (tg *Tagger) HitsWithContext(text, heading string) []Hit {
	return tg.hits(text, tg.headingContext(heading))
}

// Tag returns the ids of the themes text has evidence for, unique and in
// taxonomy order (A1, A2, … A10, … G2, then the user's added themes).
func (tg *Tagger) Tag(text string) []string {
	return tg.tag(text, context{prior: -1})
}

// TagWithContext tags a measure under its focus-area or problem heading
// (聚焦群众身边腐败问题和不正之风…, 关于“…”的问题). The heading never adds a
// theme on its own: it maps to a group prior that decides between the
// themes of an ambiguous keyword, and its own hits let the matching weak
// keywords of the measure count. Tag the heading itself with [Tagger.Tag]
// when the problem title should be tagged too.
func (tg *Tagger) TagWithContext(text, heading string) []string {
	return tg.tag(text, tg.headingContext(heading))
}

// HeadingGroup returns the group a focus-area or problem heading belongs to
// (聚焦党中央各项决策部署… → "A", 聚焦基层党组织建设 → "D"), or "" when it
// cannot tell. Known focus-area wordings decide first; otherwise the group
// with the most themes tagged in the heading wins.
func (tg *Tagger) HeadingGroup(heading string) string {
	if g := tg.headingContext(heading).prior; g >= 0 {
		return tg.groups[g]
	}
	return ""
}

// evidence is a Hit before it is spelled out: theme index and match.
type evidence struct {
	m    match
	ti   int32
	weak bool
}

func (tg *Tagger) hits(text string, c context) []Hit {
	var buf [32]evidence
	ev := tg.resolve(buf[:0], text, c)
	if len(ev) == 0 {
		return nil
	}
	slices.SortStableFunc(ev, func(a, b evidence) int {
		if x := cmp.Compare(a.m.start, b.m.start); x != 0 {
			return x
		}
		return cmp.Compare(a.ti, b.ti)
	})
	out := make([]Hit, len(ev))
	for i, e := range ev {
		out[i] = Hit{ID: tg.ids[e.ti], Keyword: tg.pats[e.m.pat].kw, Start: e.m.start, End: e.m.end, Weak: e.weak}
	}
	return out
}

func (tg *Tagger) tag(text string, c context) []string {
	var buf [32]evidence
	ev := tg.resolve(buf[:0], text, c)
	if len(ev) == 0 {
		return nil
	}
	seen := newBits(len(tg.ids))
	count := 0
	for _, e := range ev {
		if !seen.has(int(e.ti)) {
			seen.set(int(e.ti))
			count++
		}
	}
	out := make([]string, 0, count)
	for i, id := range tg.ids {
		if seen.has(i) {
			out = append(out, id)
		}
	}
	return out
}

// context is what a heading contributes: a group prior and its themes.
type context struct {
	prior  int  // group index, -1 for none
	themes bits // themes the heading itself has hits for
}

// headingContext analyses a heading.
func (tg *Tagger) headingContext(heading string) context {
	c := context{prior: -1}
	if strings.TrimSpace(heading) == "" {
		return c
	}
	c.themes = newBits(len(tg.ids))
	counts := make([]int, len(tg.groups))
	var buf [16]evidence
	for _, e := range tg.resolve(buf[:0], heading, context{prior: -1}) {
		ti := int(e.ti)
		if !c.themes.has(ti) {
			c.themes.set(ti)
			counts[tg.groupOf[ti]]++
		}
	}
	if g := focusGroup(heading); g != "" {
		if gi := slices.Index(tg.groups, g); gi >= 0 {
			c.prior = gi
			return c
		}
	}
	best := 0
	for gi, n := range counts {
		if n > best {
			best, c.prior = n, gi
		}
	}
	return c
}

// focusGroup maps the wording of the focus-area frameworks (三个聚焦, 四个落实,
// 四个聚焦, 三大问题, 六个方面; docs/domain.md §1.9) to a built-in group. Order
// matters: the F wording mentions 整改落实, the B wording 问题.
func focusGroup(heading string) string {
	cues := []struct {
		group string
		words []string
	}{
		{"F", []string{"巡视巡察", "巡察巡视", "审计等监督", "监督发现问题", "上轮巡察", "上一轮巡察", "主题教育检视", "审计发现"}},
		{"B", []string{"群众身边", "不正之风", "腐败问题", "作风", "八项规定", "四风", "形式主义", "官僚主义"}},
		{"D", []string{"基层党组织", "组织建设", "组织路线", "党的建设", "干部队伍", "选人用人", "软弱涣散"}},
		{"C", []string{"全面从严治党", "主体责任", "监督责任", "两个责任", "党风廉政"}},
		{"E", []string{"财务", "财经", "资金", "资产"}},
		{"A", []string{"决策部署", "路线方针政策", "理论", "政治建设", "党的领导", "职能责任", "主责主业", "新发展理念"}},
	}
	for _, c := range cues {
		for _, w := range c.words {
			if strings.Contains(heading, w) {
				return c.group
			}
		}
	}
	return ""
}

// resolve finds the maximal keyword matches in text and decides which
// themes they tag:
//
//  1. a keyword with one strong theme tags it;
//  2. a keyword with several strong themes (减负: B2, B7) tags those already
//     tagged by step 1, else those the heading has hits for, else those of
//     the heading's group, else those whose group step 1 tagged, else all;
//  3. a weak keyword tags its theme when steps 1–2 tagged a theme of the
//     same group, or when the heading has a hit of that theme.
//
// Stop phrases take part in the longest-match choice, then drop out.
// The evidence is appended to dst in match order.
func (tg *Tagger) resolve(dst []evidence, text string, c context) []evidence {
	var buf [32]match
	ms := maximal(tg.m.findAll(buf[:0], text))
	ms = tg.dropPassing(ms, text)
	if len(ms) == 0 {
		return dst
	}

	n := len(tg.ids)
	strong := newBits(n) // step 1
	for _, m := range ms {
		if p := &tg.pats[m.pat]; len(p.strong) == 1 {
			strong.set(int(p.strong[0]))
		}
	}
	tagged := strong.clone() // steps 1 and 2
	var pick []int32
	for _, m := range ms {
		if p := &tg.pats[m.pat]; len(p.strong) > 1 {
			pick = tg.choose(pick[:0], p.strong, strong, c)
			for _, ti := range pick {
				tagged.set(int(ti))
			}
		}
	}
	groups := newBits(len(tg.groups))
	for ti := range n {
		if tagged.has(ti) {
			groups.set(tg.groupOf[ti])
		}
	}

	for _, m := range ms {
		p := &tg.pats[m.pat]
		switch {
		case len(p.strong) == 1:
			dst = append(dst, evidence{m: m, ti: p.strong[0]})
		case len(p.strong) > 1:
			pick = tg.choose(pick[:0], p.strong, strong, c)
			for _, ti := range pick {
				dst = append(dst, evidence{m: m, ti: ti})
			}
		}
		for _, ti := range p.weak {
			if groups.has(tg.groupOf[ti]) || c.themes.has(int(ti)) {
				dst = append(dst, evidence{m: m, ti: ti, weak: true})
			}
		}
	}
	return dst
}

// choose picks among the strong themes of an ambiguous keyword (step 2 of
// resolve) and appends them to dst.
func (tg *Tagger) choose(dst, cands []int32, strong bits, c context) []int32 {
	filters := []func(ti int32) bool{
		func(ti int32) bool { return strong.has(int(ti)) },
		func(ti int32) bool { return c.themes.has(int(ti)) },
		func(ti int32) bool { return c.prior >= 0 && tg.groupOf[ti] == c.prior },
		func(ti int32) bool {
			for tj := range tg.ids {
				if strong.has(tj) && tg.groupOf[tj] == tg.groupOf[ti] {
					return true
				}
			}
			return false
		},
	}
	for _, keep := range filters {
		start := len(dst)
		for _, ti := range cands {
			if keep(ti) {
				dst = append(dst, ti)
			}
		}
		if len(dst) > start {
			return dst
		}
	}
	return append(dst, cands...)
}

// bits is a small bit set over theme or group indexes; the zero value is an
// empty set.
type bits []uint64

func newBits(n int) bits { return make(bits, (n+63)/64) }

func (b bits) set(i int) { b[i/64] |= 1 << (i % 64) }

func (b bits) has(i int) bool { return i/64 < len(b) && b[i/64]&(1<<(i%64)) != 0 }

func (b bits) clone() bits { return slices.Clone(b) }

// dropPassing removes the mentions in passing: matches of generic keywords
// (党组会议, 集体研究, 审批流程, 采购) and matches framed as the occasion
// or the means of the measure (在党组会议上…, 利用主题党日活动…,
// 通过谈心谈话…, 结合党纪学习教育…), when the text has independent
// evidence (a strong keyword, neither generic nor framed) of a theme the
// dependent match does not tag. Without such evidence they count as usual:
// 规范党组会议记录 is about the meeting itself.
func (tg *Tagger) dropPassing(ms []match, text string) []match {
	var depBuf [32]bool
	dep := depBuf[:0]
	any := false
	cues := cuesOf(text)
	for _, m := range ms {
		p := &tg.pats[m.pat]
		d := len(p.strong) > 0 && (p.generic || cues.frame && framed(text, m.start, m.end) ||
			cues.list && listed(text, &cues, m.start, m.end) || cues.title && titled(text, m.start, m.end))
		dep = append(dep, d)
		any = any || d
	}
	if !any {
		return ms
	}
	indep := newBits(len(tg.ids))
	some := false
	for i, m := range ms {
		if !dep[i] {
			for _, ti := range tg.pats[m.pat].strong {
				indep.set(int(ti))
				some = true
			}
		}
	}
	if !some {
		// Only dependent evidence: the themes with the most of it stand.
		count := make([]int, len(tg.ids))
		best := 0
		for _, m := range ms {
			for _, ti := range tg.pats[m.pat].strong {
				count[ti]++
				best = max(best, count[ti])
			}
		}
		for ti, c := range count {
			if c == best {
				indep.set(ti)
			}
		}
	}
	out := ms[:0]
	for i, m := range ms {
		if dep[i] {
			keep := false
			for _, ti := range tg.pats[m.pat].strong {
				keep = keep || indep.has(int(ti))
			}
			if !keep {
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// Frame words: a keyword right after a means or purpose opener
// (利用主题党日活动, 通过谈心谈话, 结合党纪学习教育, 确保干部队伍能干事) or inside 在…上/中/时/后 or 从…中
// (在党组会议上, 在换届后的, 从思政教师队伍中) names the occasion of the
// measure, not its subject.
var (
	meansOpeners = []string{"利用", "通过", "结合", "借助", "依托", "确保"}
	placeClosers = []string{"上", "中", "时", "后", "期间", "之际"}
)

// framedGap is how many bytes (two or three Chinese characters) may lie
// between an opener and the keyword, or between the keyword and a closer.
const framedGap = 9

// framed reports whether text[start:end] sits in a means or place frame
// within its clause.
func framed(text string, start, end int) bool {
	clauseStart := start
	for clauseStart > 0 && start-clauseStart <= 4*framedGap {
		r, size := lastRune(text[:clauseStart])
		if isClauseBreak(r) {
			break
		}
		clauseStart -= size
	}
	before := text[clauseStart:start]
	for _, o := range meansOpeners {
		if i := strings.LastIndex(before, o); i >= 0 && len(before)-(i+len(o)) <= framedGap {
			return true
		}
	}
	i, o := -1, ""
	for _, w := range []string{"在", "从"} {
		if j := strings.LastIndex(before, w); j > i {
			i, o = j, w
		}
	}
	if i < 0 || len(before)-(i+len(o)) > framedGap {
		return false
	}
	after := text[end:]
	for j, r := range after {
		if j > framedGap || isClauseBreak(r) {
			break
		}
		for _, c := range placeClosers {
			if strings.HasPrefix(after[j:], c) {
				return true
			}
		}
	}
	return false
}

func isClauseBreak(r rune) bool {
	switch r {
	case '，', '。', '；', '：', '！', '？', ',', ';', ':', '\n':
		return true
	}
	return false
}

// lastRune returns the last rune of s and its size; s is not empty.
func lastRune(s string) (rune, int) {
	return utf8.DecodeLastRuneInString(s)
}

// Evidence is why a measure carries one theme: the theme id and the
// distinct keywords that decided it, in text order.
type Evidence struct {
	ID    string   `json:"id"`
	Words []string `json:"words"`
}

// TagWithEvidence is [Tagger.TagWithContext] with, for each theme, the
// keywords that decided it: ids[i] is evidence[i].ID. A record's measure
// can carry evidence beside its themes (theme_evidence).
func (tg *Tagger) TagWithEvidence(text, heading string) (ids []string, evidence []Evidence) {
	return tg.TagUnder(text, tg.Heading(heading))
}

// Heading is a heading analysed once (its group prior and its own themes)
// for the measures under it: [Tagger.TagUnder] with it tags as
// [Tagger.TagWithEvidence] does with the heading's text. It is read-only
// and may be shared.
type Heading struct{ c context }

// Heading analyses a focus-area or problem heading for [Tagger.TagUnder].
func (tg *Tagger) Heading(heading string) Heading { return Heading{tg.headingContext(heading)} }

// TagUnder is [Tagger.TagWithEvidence] under a heading analysed once by
// [Tagger.Heading], so that the measures of one category pay for their
// heading once.
func (tg *Tagger) TagUnder(text string, h Heading) (ids []string, evidence []Evidence) {
	hits := tg.hits(text, h.c)
	if len(hits) == 0 {
		return nil, nil
	}
	at := map[string]int{}
	for _, h := range hits {
		i, ok := at[h.ID]
		if !ok {
			i = len(evidence)
			at[h.ID] = i
			evidence = append(evidence, Evidence{ID: h.ID})
		}
		if !slices.Contains(evidence[i].Words, h.Keyword) {
			evidence[i].Words = append(evidence[i].Words, h.Keyword)
		}
	}
	slices.SortFunc(evidence, func(a, b Evidence) int { return cmp.Compare(tg.order[a.ID], tg.order[b.ID]) })
	ids = make([]string, len(evidence))
	for i, e := range evidence {
		ids[i] = e.ID
	}
	return ids, evidence
}

// titled reports whether text[start:end] lies inside a document title
// 《…》: 学习《问责条例》 is about study, not accountability.
func titled(text string, start, end int) bool {
	lo, hi := max(0, start-titleWindow), min(len(text), end+titleWindow)
	o := strings.LastIndex(text[lo:start], "《")
	if o < 0 || strings.Contains(text[lo+o:start], "》") {
		return false
	}
	c := strings.Index(text[end:hi], "》")
	return c >= 0 && !strings.Contains(text[end:end+c], "《")
}

// titleWindow bounds how far titled looks for 《 and 》 (in bytes, about
// 60 Chinese characters each way), and clauseWindow how far clause looks
// for a clause break, so that tagging stays linear in the text.
const (
	titleWindow  = 180
	clauseWindow = 300
)

// listed reports whether text[start:end] is one item of a list: inside a
// quoted list (“强看齐、强党建、立德树人、教师队伍”), or in a list of at
// least three items closed by 等 (采取集中学习、专题研讨、警示教育等多种方式;
// 整治燃气、建筑物、工程建设项目等安全隐患). Such an item names one of many
// things the measure touches, not its subject.
func listed(text string, cues *textCues, start, end int) bool {
	cs, ce := cues.clause(text, start, end)
	if q := strings.LastIndex(text[cs:start], "“"); q >= 0 && !strings.Contains(text[cs+q:start], "”") {
		if c := strings.Index(text[end:ce], "”"); c >= 0 && strings.Count(text[cs+q:end+c], "、") >= 2 {
			return true
		}
	}
	deng := strings.Index(text[end:ce], "等")
	if deng < 0 || strings.Count(text[cs:end+deng], "、") < 2 {
		return false
	}
	// The item must touch the list: a 、 or the 等 at most a few characters
	// away on one side.
	near := func(s string) bool { return strings.Contains(s, "、") || strings.Contains(s, "等") }
	return near(text[max(cs, start-framedGap):start]) || near(text[end:min(ce, end+framedGap)])
}

// textCues says which passing-mention cues a text holds at all, so that
// most matches are settled without looking around them, and where its
// clause breaks are.
type textCues struct {
	frame, list, title bool
	breaks             []int // byte offsets of the clause breaks, found on first use
	found              bool
}

func cuesOf(text string) textCues {
	var c textCues
	for i, r := range text {
		switch r {
		case '、':
			c.list = true
		case '《':
			c.title = true
		case '在', '从':
			c.frame = true
		case '利', '通', '结', '借', '依', '确':
			for _, o := range meansOpeners {
				c.frame = c.frame || strings.HasPrefix(text[i:], o)
			}
		}
	}
	return c
}

// clause returns the bounds of the clause around text[start:end]: from
// just after the last clause break before it to the next one after it, at
// most clauseWindow bytes each way.
func (c *textCues) clause(text string, start, end int) (int, int) {
	if !c.found {
		c.found = true
		for i, r := range text {
			if isClauseBreak(r) {
				c.breaks = append(c.breaks, i)
			}
		}
	}
	cs, ce := 0, len(text)
	i, _ := slices.BinarySearch(c.breaks, start)
	if i > 0 {
		b := c.breaks[i-1]
		_, size := utf8.DecodeRuneInString(text[b:])
		cs = b + size
	}
	if j, _ := slices.BinarySearch(c.breaks, end); j < len(c.breaks) {
		ce = c.breaks[j]
	}
	return max(cs, start-clauseWindow), min(ce, end+clauseWindow)
}
