package corpus

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
)

// Fragments shared by the patterns. They apply to normalised text: widths
// folded, parentheses full-width, spaces between Han characters and digits
// removed (package corpus/normalize).
const (
	reCN     = `[一二三四五六七八九十百零〇两]`
	reNum    = `(?:\d+|[一二三四五六七八九十百零〇两]+)`
	reBody   = `(?:中央|省委|自治区党委|区党委|市委|州委|盟委|县委|区委|旗委|区党工委|市县)`
	reDate   = `(\d{4})年(\d{1,2})月(\d{1,2})日`
	reTo     = `(?:至|—|-|~|到|－)`
	reOrgans = `(?:党组|党委|党工委|党总支|党支部|委员会)`
)

// patterns holds every compiled expression of the parser. It is built once
// per Parser and only read afterwards, so a Parser is safe for concurrent use.
type patterns struct {
	termRound, yearRound, roundOnly *regexp.Regexp
	group, groupCollective          *regexp.Regexp
	inspType, topic                 *regexp.Regexp
	basisBody                       *regexp.Regexp
	periodFull, periodMonth         *regexp.Regexp
	periodDamaged, duration         *regexp.Regexp
	dayDate, damagedDay             *regexp.Regexp
	object, objectBare, feedbackTo  *regexp.Regexp
	shortName, opening, groupPair   *regexp.Regexp
	groupMore, groupQualified       *regexp.Regexp
	bareDate, titleDate             *regexp.Regexp
	titleDateJoin, planIssuer       *regexp.Regexp
	rulesBook, supervisor           *regexp.Regexp

	titleDoc, formula, feedbackFormula *regexp.Regexp
	findings                           *regexp.Regexp
	placeholder                        *regexp.Regexp
	pageDate, pageSource               *regexp.Regexp

	counts   []countPattern
	progress []countPattern
	rate     *regexp.Regexp
	account  []countPattern
	money    *regexp.Regexp
	institut *regexp.Regexp
	meeting  *regexp.Regexp
	lists    *regexp.Regexp

	heading []headingPattern

	phone, mobile, email, postcode *regexp.Regexp
	sigDate, sigOrgDate            *regexp.Regexp
	cues                           *cueSet // the cues of counts, progress, account and figureCues
}

// figureCues are the cues parseFigures picks sentences by besides the
// count patterns' own.
var figureCues = []string{"截至", "共反馈", "反馈的", "完成率", "元", "全部"}

// cueSet finds every occurrence of a fixed set of cues in one pass over a
// text (cueText), instead of one search of the text per cue.
type cueSet struct {
	first [1 << 16 / 64]uint64 // bit r set: a cue starts with rune r (< U+10000)
	byRun map[rune][]string    // cues by their first rune
}

func newCueSet(groups ...[]countPattern) *cueSet {
	cs := &cueSet{byRun: map[rune][]string{}}
	add := func(cue string) {
		r, size := utf8.DecodeRuneInString(cue)
		if cue == "" || r == utf8.RuneError && size <= 1 || r >= 1<<16 || slices.Contains(cs.byRun[r], cue) {
			return // not indexed: sentencesWith searches for it
		}
		cs.first[r/64] |= 1 << (r % 64)
		cs.byRun[r] = append(cs.byRun[r], cue)
	}
	for _, g := range groups {
		for _, cp := range g {
			add(cp.cue)
		}
	}
	for _, c := range figureCues {
		add(c)
	}
	return cs
}

// cueText is a text with the byte offsets of every occurrence of each
// indexed cue, overlapping ones included, in ascending order.
type cueText struct {
	text string
	at   map[string][]int
	cs   *cueSet
}

// index finds the cues in text. A cue begins with a whole rune, so its
// occurrences begin where decoding the text rune by rune stops (a lead byte
// is never taken as a continuation byte, even in invalid UTF-8).
func (cs *cueSet) index(text string) *cueText {
	ct := &cueText{text: text, at: map[string][]int{}, cs: cs}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		switch c := text[i]; {
		case c < utf8.RuneSelf:
		case c >= 0xE1 && c <= 0xEC && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80:
			// Three bytes with a lead byte whose every continuation is valid
			// (not E0, ED: overlong, surrogates): most of Chinese text.
			r, size = rune(c&0x0F)<<12|rune(text[i+1]&0x3F)<<6|rune(text[i+2]&0x3F), 3
		default:
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		if r < 1<<16 && cs.first[r/64]&(1<<(r%64)) != 0 {
			for _, cue := range cs.byRun[r] {
				if strings.HasPrefix(text[i:], cue) {
					ct.at[cue] = append(ct.at[cue], i)
				}
			}
		}
		i += size
	}
	return ct
}

// prefix returns the cueText of ct.text[:n]: the occurrences that end
// within it.
func (ct *cueText) prefix(n int) *cueText {
	out := &cueText{text: ct.text[:n], at: make(map[string][]int, len(ct.at)), cs: ct.cs}
	for cue, occ := range ct.at {
		k := 0
		for k < len(occ) && occ[k]+len(cue) <= n {
			k++
		}
		if k > 0 {
			out.at[cue] = occ[:k:k]
		}
	}
	return out
}

// has reports whether ct.text contains cue, for an indexed cue.
func (ct *cueText) has(cue string) bool { return len(ct.at[cue]) > 0 }

// sentences is sentencesWith(ct.text, cue).
func (ct *cueText) sentences(cue string) string {
	r, _ := utf8.DecodeRuneInString(cue)
	if r >= 1<<16 || r < 0 || !slices.Contains(ct.cs.byRun[r], cue) {
		return sentencesWith(ct.text, cue)
	}
	occ := ct.at[cue]
	return sentencesAt(ct.text, func(from int) int {
		for len(occ) > 0 && occ[0] < from {
			occ = occ[1:]
		}
		if len(occ) == 0 {
			return -1
		}
		return occ[0]
	})
}

// countPattern extracts one named figure; the first submatch is the number.
// cue is a literal every match contains, used to pick the sentences the
// pattern runs on.
type countPattern struct {
	name, cue string
	re        *regexp.Regexp
	// needs, when set, lists runes every match holds one of, and the
	// pattern never matches across a line end nor asserts anything (^ $ \b):
	// readFigures then runs it only on the lines that hold one (needsOf).
	needs string
}

// numeralRunes are what reNum matches a number with.
const numeralRunes = "0123456789一二三四五六七八九十百零〇两"

// needsOf returns "0123456789" or numeralRunes when every match of expr
// holds one of those runes, expr cannot match a line end and has no
// assertion, so that its first match in lines joined by \n is its first
// match in the first line holding such a rune; "" otherwise. It reads the
// compiled program: a match must pass a rune instruction that accepts only
// runes of the set when the match instruction cannot be reached without one.
func needsOf(expr string) string {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil {
		return ""
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return ""
	}
	for i := range prog.Inst {
		in := &prog.Inst[i]
		switch in.Op {
		case syntax.InstEmptyWidth, syntax.InstRuneAny:
			return ""
		case syntax.InstRune, syntax.InstRune1:
			rs := instRanges(in)
			if rs == nil {
				return ""
			}
			for j := 0; j+1 < len(rs); j += 2 {
				if rs[j] <= '\n' && '\n' <= rs[j+1] {
					return ""
				}
			}
		}
	}
	within := func(rs []rune, set string) bool {
		if rs == nil {
			return false
		}
		for j := 0; j+1 < len(rs); j += 2 {
			if rs[j+1]-rs[j] > 64 {
				return false
			}
			for r := rs[j]; r <= rs[j+1]; r++ {
				if !strings.ContainsRune(set, r) {
					return false
				}
			}
		}
		return true
	}
	for _, set := range []string{"0123456789", numeralRunes} {
		reached := false
		walkProg(prog, func(in *syntax.Inst, next func(...uint32)) bool {
			switch in.Op {
			case syntax.InstMatch:
				reached = true
				return false
			case syntax.InstAlt, syntax.InstAltMatch:
				next(in.Out, in.Arg)
			case syntax.InstRune, syntax.InstRune1, syntax.InstRuneAnyNotNL:
				if in.Op == syntax.InstRuneAnyNotNL || !within(instRanges(in), set) {
					next(in.Out)
				}
			case syntax.InstFail:
			default: // InstCapture, InstNop
				next(in.Out)
			}
			return true
		})
		if !reached {
			return set
		}
	}
	return ""
}

// headingPattern recognises one numbering style at the start of a line.
// rank orders the styles from outermost (1) to innermost.
type headingPattern struct {
	style string
	rank  int
	re    *regexp.Regexp
	first runeSet // the runes a line it matches can start with (computed from re)
}

// runeSet is the set of runes an anchored pattern's match can start with,
// as ranges; nil admits everything. Checking it before running the pattern
// saves the regexp engine's set-up on the many lines that cannot match.
type runeSet []rune

// admits reports whether a match of the pattern can start s.
func (rs runeSet) admits(s string) bool {
	if rs == nil {
		return true
	}
	if s == "" {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	for i := 0; i+1 < len(rs); i += 2 {
		if r >= rs[i] && r <= rs[i+1] {
			return true
		}
	}
	return false
}

// instRanges returns the runes a rune instruction accepts, as ranges, or
// nil when its set is unknown (it folds case: it accepts more than it
// lists) or it is no rune instruction.
func instRanges(in *syntax.Inst) []rune {
	switch in.Op {
	case syntax.InstRune1:
		return []rune{in.Rune[0], in.Rune[0]}
	case syntax.InstRune:
		if syntax.Flags(in.Arg)&syntax.FoldCase != 0 {
			return nil
		}
		if len(in.Rune) == 1 {
			return []rune{in.Rune[0], in.Rune[0]}
		}
		return in.Rune
	}
	return nil
}

// walkProg visits the instructions of prog reachable from its start, each
// once, depth first: visit calls next with the instructions to go on to,
// and returns false to end the walk.
func walkProg(prog *syntax.Prog, visit func(in *syntax.Inst, next func(...uint32)) bool) {
	seen := make([]bool, len(prog.Inst))
	stack := []uint32{uint32(prog.Start)}
	push := func(pcs ...uint32) { stack = append(stack, pcs...) }
	for len(stack) > 0 {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		if !visit(&prog.Inst[pc], push) {
			return
		}
	}
}

// firstRunes computes the runeSet of a pattern anchored at the start of the
// text (^…), from its compiled program: the rune instructions reachable from
// the start without consuming input. It returns nil (admit all) for a pattern
// not anchored with ^, one that can match without consuming a rune, or one
// that can start with any rune or folds case.
func firstRunes(expr string) runeSet {
	re, err := syntax.Parse(expr, syntax.Perl)
	if err != nil || re.Op != syntax.OpConcat || len(re.Sub) == 0 || re.Sub[0].Op != syntax.OpBeginText {
		return nil
	}
	prog, err := syntax.Compile(re.Simplify())
	if err != nil {
		return nil
	}
	var out runeSet
	all := false
	walkProg(prog, func(in *syntax.Inst, next func(...uint32)) bool {
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			next(in.Out, in.Arg)
		case syntax.InstCapture, syntax.InstNop, syntax.InstEmptyWidth:
			next(in.Out)
		case syntax.InstFail:
		case syntax.InstRune, syntax.InstRune1:
			rs := instRanges(in)
			if rs == nil { // folds case
				all = true
				return false
			}
			out = append(out, rs...)
		default: // InstMatch, InstRuneAny, InstRuneAnyNotNL
			all = true
			return false
		}
		return true
	})
	if all {
		return nil
	}
	if out == nil {
		return runeSet{} // no rune can start a match: admits nothing
	}
	return out
}

func newPatterns() *patterns {
	p := compilePatterns()
	p.cues = newCueSet(p.counts, p.progress, p.account)
	for _, g := range [][]countPattern{p.counts, p.progress, p.account} {
		for i := range g {
			g[i].needs = needsOf(g[i].re.String())
		}
	}
	for i := range p.heading {
		p.heading[i].first = firstRunes(p.heading[i].re.String())
	}
	return p
}

func compilePatterns() *patterns {
	m := regexp.MustCompile
	cp := func(name, cue, expr string) countPattern { return countPattern{name: name, cue: cue, re: m(expr)} }
	return &patterns{
		termRound: m(`(?:第)?(` + reCN + `{1,3})届(` + reBody + `)?(?:第(` + reNum + `)轮)?`),
		yearRound: m(`(\d{4})` + reTo + `(\d{4})年度?(` + reBody + `)?第(` + reNum + `)轮`),
		roundOnly: m(`(` + reBody + `)?第(` + reNum + `)轮(?:巡察|巡视)`),
		group: m(`(` + reBody + `)?(对村巡察第` + reNum + `组|第` + reNum + `(?:联动|提级交叉|提级|交叉|对村)?(?:巡察|巡视|巡查)组|` +
			`(?:联动|机动|专项|提级交叉|提级|交叉|对村)?(?:巡察|巡视)` + reNum + `组|(?:市县联动|机动|专项|联动|提级交叉)(?:巡察|巡视)组)`),
		groupCollective: m(`(` + reBody + `)?(` + reNum + `个(?:巡察|巡视)组)`),
		topic:           m(`(?:开展|进行)了?([^，。；、]{2,30}?)专项(?:巡察|巡视)`),
		basisBody:       m(`(?:根据|按照)(` + reBody + `)(?:统一部署|的统一部署|巡察工作统一安排|部署)`),
		periodFull:      m(reDate + `?(?:起)?` + reTo + `(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日`),
		periodMonth:     m(`(\d{4})年(\d{1,2})月(上旬|中旬|下旬|初|中|底|末)?` + reTo + `(?:(\d{4})年)?(\d{1,2})月(上旬|中旬|下旬|初|中|底|末)?`),
		periodDamaged:   m(`(\d{4})年?(\d{2,4})日` + reTo + `(?:(\d{1,2})月(\d{1,2})|(\d{2,4}))日`),
		duration:        m(`为期(` + reNum + `)(天|日|个多月|个半月|个月|周)`),
		dayDate:         m(`(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日`),
		damagedDay:      m(`(?:^|[^\d年月])(\d{3,8})日`),
		rulesBook:       m(`《[^》]{2,40}(?:条例|办法|规定|意见)》`),
		supervisor:      m(`(?:` + reBody + `|[市区县州旗])?(?:纪委监委|纪委|监委)(?:第[` + reCN[1:len(reCN)-1] + `\d]+)?(?:派驻|驻)?(?:[^，。；、]{0,12}?)纪检监察组|` + reBody + `巡察办|` + reBody + `巡视办`),
		object:          m(`对([^，。；]{2,40}?` + reOrgans + `)(?:（[^）]{0,40}）)?(?:及其?[^，。；]{0,30})?(?:开展|进行)了?`),
		objectBare:      m(`对([^，。；、]{2,40}?(?:局|委|院|办|厅|镇|乡|街道|公司|集团|中心|学校|大学|学院|医院|部|会|所|站|馆|社|队|村|社区|园区|开发区|管委会|党组织|市|县|区|旗|州|盟|省))(?:（[^）]{0,40}）)?(?:开展|进行)了?[^，。；]{0,20}?(?:巡察|巡视)`),
		feedbackTo:      m(`向([^，。；、]{2,40}?` + reOrgans + `)(?:（[^）]{0,40}）)?(?:领导班子)?(?:及其主要负责人)?(?:集中|正式|书面)?(?:反馈|进行了?反馈|作了反馈)`),
		shortName:       m(`以下简称“([^”]{2,30})”`),
		opening:         m(`(?:根据|按照)[^。]{0,40}(?:部署|安排)|(?:巡察|巡视)[^。]{0,6}组[^。]{0,80}对[^。]{2,80}(?:开展|进行)了?[^。]{0,30}(?:巡察|巡视)|反馈了?[^。]{0,12}(?:巡察|巡视)(?:意见|情况)`),
		groupPair:       m(`第((?:` + reCN + `{1,3}[、和及]第?)+` + reCN + `{1,3})(联动|提级交叉|提级|交叉)?(巡察|巡视|巡查)组`),
		groupMore:       m(`^[、和及](?:` + reBody + `)?(第` + reNum + `(?:联动|提级交叉|提级|交叉|对村)?(?:巡察|巡视|巡查)组|(?:巡察|巡视)` + reNum + `组)`),
		groupQualified:  m(`(` + reBody + `)([^\s，。；、“”对向由0-9]{2,14}?专项(?:巡察|巡视)组)`),
		bareDate:        m(`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$`),
		titleDateJoin:   m(`^([^。；，：]{6,90}?(?:通报|公示|公告|报告|情况))\s*(\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?)\s*([^\d\s].*)$`),
		planIssuer:      m(`《(中共[^《》，。]{2,40}?` + reOrgans + `)关于[^《》]{0,40}(?:整改|巡察|巡视)[^《》]{0,30}》`),
		titleDate:       m(`\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$`),

		titleDoc:        m(`(?:巡察|巡视)[^，。]{0,16}整改[^，。]{0,10}情况(?:的)?(?:通报|公示|公告|报告)?$`),
		formula:         m(`(?:现|特)(?:根据[^，。]{0,20}?|按照[^，。]{0,20}?)?将[^。]{0,30}(?:整改|(?:巡察|巡视)整治)[^。]{0,12}情况(?:予以|进行|向社会|向全社会|向党内和社会)?(?:公布|通报|公示|公开|公告|报告)`),
		feedbackFormula: m(`现将(?:巡察|巡视)(?:反馈)?(?:情况|意见)(?:予以)?通报如下|(?:巡察|巡视)情况的?通报$|现(?:将|予)?(?:向社会)?公开(?:巡察|巡视)[^。，]{0,8}反馈(?:情况|意见)`),
		findings:        m(`^[一1][、.．]\s*(?:本轮)?(?:巡察|巡视)?(?:发现|反馈)的?(?:主要)?问题`),
		placeholder:     m(`[xX]{2,}|[XＸ]届|第[XＸ]轮|[xX]{2,4}年|某某`),
		pageDate:        m(`(?:发布时间|发布日期|发表时间|发表日期|成文日期|发文日期|日期|时间)[：:\s]*(\d{4})[-年/.](\d{1,2})[-月/.](\d{1,2})`),
		pageSource:      m(`(?:信息来源|来源|发布机构)[：:\s]*([^\s|｜：:]{2,60})`),

		counts: []countPattern{
			cp("categories", "大类", `(`+reNum+`)大类`),
			cp("aspects", "方面", `(`+reNum+`)个?(?:大)?方面`),
			cp("classes", "类", `(`+reNum+`)(?:个)?(?:类|大项)(?:问题)?`),
			cp("problems", "问题", `(\d+)(?:个|项|条)(?:具体|各类)?问题|反馈(?:各类)?问题(\d+)个|发现(?:各类)?问题(\d+)个`),
			cp("suggestions", "意见建议", `(\d+)(?:条|项)意见建议`),
			cp("measures", "整改措施", `(\d+)(?:项|条)(?:具体)?整改措施|(?:制定|细化|形成)(?:具体)?整改措施(\d+)(?:项|条)`),
			cp("tasks", "整改", `(\d+)(?:项|个|条)(?:具体)?整改(?:任务|事项)`),
		},
		progress: []countPattern{
			cp("rectified", "完成", `(?:已完成整改|完成整改|已整改完成|已完成|已整改到位|整改销号问题)(\d+)(?:个|项|条)`),
			cp("in_progress", "正在", `(?:正在整改|正在推进)(\d+)(?:个|项|条)`),
			cp("unfinished", "未完成", `未完成(?:整改)?(\d+)(?:个|项|条)`),
			cp("long_term", "长期", `(?:长期坚持|需长期坚持|长期整改)[^，。；]{0,6}?(\d+)(?:个|项|条)`),
		},
		rate: m(`完成率(?:达到?|为)?(\d+(?:\.\d+)?)%`),
		account: []countPattern{
			cp("party_discipline", "党纪处分", `党纪处分(\d+)人`),
			cp("gov_discipline", "政务处分", `政务处分(\d+)人`),
			cp("org_handling", "组织处理", `组织处理(\d+)人`),
			cp("admonished", "诫勉", `诫勉(?:谈话)?(\d+)人`),
			cp("reminded", "提醒谈话", `提醒谈话(\d+)人`),
			cp("criticised", "批评", `批评(?:教育|帮助)(\d+)人`),
			cp("ordered_review", "责令", `责令(?:作出书面)?检查(\d+)人`),
			cp("referred", "纪委", `(?:交由|移交|移送)纪委[^，。；]{0,6}?(\d+)人`),
			cp("held_accountable", "追责问责", `追责问责(\d+)人`),
		},
		money:    m(`(?:追缴|追回|清退|清收|挽回(?:经济)?损失|退还|收回|整改金额)[^，。；]{0,10}?(\d+(?:\.\d+)?)(万|亿)?元`),
		institut: m(`(?:制定|完善|修订|新建|出台|建立)[^，。；]{0,10}?(?:制度|规章制度)(\d+)(?:项|个|份|件)|(\d+)(?:项|个|份|件)(?:规章)?制度`),
		meeting:  m(`(党组会议?|党委会议?|领导小组会议?|专题会议?|委务会|党组理论学习中心组学习会|局务会)(\d+)次`),
		lists:    m(`问题清单|任务清单|责任清单|督办清单|销号清单|时限清单|措施清单|成效清单`),

		heading: []headingPattern{
			{"cn_dun", 1, m(`^(` + reCN + `{1,3})、`), nil},
			{"problem_no", 2, m(`^反馈问题(` + reCN + `{1,3})[：:]`), nil},
			{"cn_paren", 2, m(`^（(` + reCN + `{1,3})）`), nil},
			{"arabic", 3, m(`^(\d{1,2})(?:[.、．](?:[^\d]|$)|\s)`), nil},
			{"arabic_paren", 4, m(`^（(\d{1,2})）`), nil},
			{"circled", 4, m(`^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])`), nil},
			{"cn_shi", 5, m(`^(` + reCN + `{1,3})是(?:[^是]|$)`), nil},
			{"cn_di", 5, m(`^第(` + reCN + `{1,3})[，、,]`), nil},
		},

		phone:      m(`（?0\d{2,3}）?[-－—\s]{0,3}\d{3,4}\s?\d{4}(?:[-转]\d{1,5})?`),
		mobile:     m(`(?:^|[^\d])(1[3-9]\d{9})(?:$|[^\d])`),
		email:      m(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`),
		postcode:   m(`邮(?:政)?编(?:码)?[：:]?(\d{6})`),
		sigDate:    m(`^(\d{4})年(\d{1,2})月(\d{1,2})日$`),
		sigOrgDate: m(`^([^，。；：\s]{4,40}?)\s*(\d{4})年(\d{1,2})月(\d{1,2})日$`),
	}
}
