package corpus

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// levels maps an inspecting body to its administrative level.
func levelOf(body string) string {
	switch body {
	case "中央":
		return "central"
	case "省委", "自治区党委", "区党委":
		return "provincial"
	case "市委", "州委", "盟委", "市县":
		return "city"
	case "县委", "区委", "旗委", "区党工委":
		return "county"
	}
	return ""
}

// parseInspection reads the opening paragraph: basis, period, group,
// object and type, feedback date, and the 届/轮 wherever the title or the
// opening gives them.
func (p *Parser) parseInspection(w *doc) {
	d := w.d
	in := &d.Inspection
	intro := w.intro()
	head := d.Title + "\n" + intro

	// Scope: what the group is called decides; the title otherwise.
	switch {
	case strings.Contains(intro, "巡视组") || (strings.Contains(d.Title, "巡视") && !strings.Contains(d.Title, "巡察")):
		in.Scope = "巡视"
	case strings.Contains(head, "巡察") || strings.Contains(head, "巡查"):
		in.Scope = "巡察"
	case strings.Contains(head, "巡视"):
		in.Scope = "巡视"
	}

	// 届 and 轮.
	hasTerm, hasRound := strings.Contains(head, "届"), strings.Contains(head, "轮")
	if m := p.re.termRound.FindStringSubmatch(head); hasTerm && m != nil {
		if n, ok := parseNumber(m[1]); ok {
			in.Term = &n
		}
		if m[2] != "" {
			in.Body = m[2]
		}
		if n, ok := parseNumber(m[3]); ok && m[3] != "" {
			in.Round = &n
		}
	}
	if in.Round == nil && hasRound {
		if m := p.re.yearRound.FindStringSubmatch(head); m != nil {
			in.TermYears = m[1] + "-" + m[2]
			if in.Body == "" {
				in.Body = m[3]
			}
			if n, ok := parseNumber(m[4]); ok {
				in.Round = &n
			}
		} else if m := p.re.roundOnly.FindStringSubmatch(head); m != nil {
			if in.Body == "" {
				in.Body = m[1]
			}
			if n, ok := parseNumber(m[2]); ok {
				in.Round = &n
			}
		}
	}

	// Group, and the body it belongs to. An opening that names the round's
	// groups only (市委第六轮巡察组对…) may name the group a few lines on,
	// where the organisation section recalls the feedback.
	groupText := intro
	if !p.hasGroup(intro) {
		groupText = intro + "\n" + w.afterIntro(12)
	}
	if m := p.re.groupPair.FindStringSubmatch(groupText); m != nil {
		// 市委第四、五巡察组: two groups sharing one 第…巡察组.
		word := m[2] + strings.ReplaceAll(m[3], "巡查", "巡察") + "组"
		for _, n := range strings.FieldsFunc(m[1], func(r rune) bool { return r == '、' || r == '和' || r == '及' || r == '第' }) {
			in.Groups = append(in.Groups, "第"+n+word)
		}
		in.Group = in.Groups[0]
		if in.Body == "" {
			if b := p.re.basisBody.FindStringSubmatch(intro); b != nil {
				in.Body = b[1]
			}
		}
	} else if m, end := p.findGroupAt(groupText); m != nil {
		in.Group = strings.ReplaceAll(m[2], "巡查组", "巡察组")
		if in.Group == "专项巡察组" || in.Group == "专项巡视组" {
			// 市委优化营商环境专项巡察组 keeps its qualifier.
			if q := p.re.groupQualified.FindStringSubmatch(groupText); q != nil {
				in.Group = q[2]
			}
		}
		if in.Body == "" && m[1] != "" {
			in.Body = m[1]
		}
		// 市委第一巡察组、第六巡察组: every group named together.
		rest := groupText[end:]
		for {
			more := p.re.groupMore.FindStringSubmatchIndex(rest)
			if more == nil {
				break
			}
			if len(in.Groups) == 0 {
				in.Groups = []string{in.Group}
			}
			in.Groups = appendUnique(in.Groups, strings.ReplaceAll(rest[more[2]:more[3]], "巡查组", "巡察组"))
			rest = rest[more[1]:]
		}
	} else if q := p.re.groupQualified.FindStringSubmatch(groupText); q != nil {
		in.Group = q[2]
		if in.Body == "" {
			in.Body = q[1]
		}
	} else if m := p.re.groupCollective.FindStringSubmatch(intro); m != nil {
		in.Group = m[2]
		if in.Body == "" && m[1] != "" {
			in.Body = m[1]
		}
	}
	if in.Body == "" {
		if m := p.re.basisBody.FindStringSubmatch(intro); m != nil {
			in.Body = m[1]
		}
	}
	if in.Body == "" {
		for _, b := range []string{"中央", "自治区党委", "省委", "市委", "州委", "县委", "区委", "旗委"} {
			if strings.Contains(head, b+"巡") || strings.Contains(head, b+"第") {
				in.Body = b
				break
			}
		}
	}
	in.Level = levelOf(in.Body)
	if in.Body == "中央" || in.Body == "省委" || in.Body == "自治区党委" {
		if in.Scope == "" {
			in.Scope = "巡视"
		}
	}

	p.parseTypes(w, intro, d.Title)
	if strings.Contains(head, "集中整改") {
		in.Stage = "集中整改"
	}
	p.parsePeriod(w, intro)
	p.parseFeedback(w, intro)
	p.parseBasis(w, intro)
}

// parseBasis reads the rules the opening cites for publishing and the
// bodies it names as guiding or supervising the rectification.
func (p *Parser) parseBasis(w *doc, intro string) {
	d := w.d
	for _, phrase := range []string{"党务公开原则", "巡察整改公开工作有关要求", "巡视整改公开工作有关要求", "巡察工作有关要求", "巡察工作有关规定"} {
		if strings.Contains(intro, phrase) {
			d.LegalBasis = appendUnique(d.LegalBasis, phrase)
		}
	}
	if strings.Contains(intro, "《") {
		for _, book := range p.re.rulesBook.FindAllString(intro, -1) {
			d.LegalBasis = appendUnique(d.LegalBasis, book)
		}
	}
	if strings.Contains(intro, "纪检监察组") || strings.Contains(intro, "巡察办") || strings.Contains(intro, "巡视办") {
		near := windowsAround(intro, "纪检监察组", 60, 0) + "\n" + windowsAround(intro, "巡察办", 12, 0) + "\n" + windowsAround(intro, "巡视办", 12, 0)
		for _, s := range p.re.supervisor.FindAllString(near, -1) {
			d.Supervisors = appendUnique(d.Supervisors, s)
		}
	}
}

// parseTypes collects every inspection type the opening names; the first is
// the main one, 常规 by default.
func (p *Parser) parseTypes(w *doc, intro, title string) {
	in := &w.d.Inspection
	scope := in.Scope
	if scope == "" {
		scope = "巡察"
	}
	// The opening says what was carried out (开展了…巡察), in order; the
	// title may name a type the opening does not.
	for _, t := range append(inspectionTypes(intro, scope), inspectionTypes(title, scope)...) {
		in.Types = appendUnique(in.Types, t)
	}
	head := title + "\n" + intro
	if len(in.Types) > 0 {
		in.Type = in.Types[0]
	} else {
		in.Type = "常规" + scope
	}
	if m := p.re.topic.FindStringSubmatch(head); m != nil {
		topic := m[1]
		for _, verb := range []string{"开展", "进行"} {
			if i := strings.LastIndex(topic, verb); i >= 0 {
				topic = topic[i+len(verb):]
			}
		}
		topic = strings.TrimPrefix(topic, "了")
		if runeLen(topic) >= 2 {
			in.Topic = topic
		}
	}
}

// parsePeriod finds the inspection period: a full day range, a damaged one
// repaired when exactly one reading validates, a month range, or a duration.
func (p *Parser) parsePeriod(w *doc, intro string) {
	in := &w.d.Inspection
	if m := p.re.periodFull.FindStringSubmatch(intro); m != nil {
		start := date{atoi(m[1]), atoi(m[2]), atoi(m[3])}
		ey := start.y
		if m[4] != "" {
			ey = atoi(m[4])
		}
		end := date{ey, atoi(m[5]), atoi(m[6])}
		if m[4] == "" && end.before(start) {
			end.y++ // 2023年11月20日至1月19日 crosses the year end
		}
		if start.valid() && end.valid() {
			in.Start, in.End, in.PeriodPrecision = start.iso(), end.iso(), "day"
			return
		}
		w.d.addFlag(FlagBadDate, "inspection period "+m[0]+" is not a valid date range")
		return
	}
	if m := p.re.periodDamaged.FindStringSubmatch(intro); m != nil {
		p.repairPeriod(w, m)
		return
	}
	if m := p.re.periodMonth.FindStringSubmatch(intro); m != nil {
		y := atoi(m[1])
		ey := y
		if m[4] != "" {
			ey = atoi(m[4])
		}
		start := date{y, atoi(m[2]), partDay(m[3], y, atoi(m[2]), true)}
		end := date{ey, atoi(m[5]), partDay(m[6], ey, atoi(m[5]), false)}
		if m[4] == "" && end.before(start) {
			end.y++
			end.d = partDay(m[6], end.y, end.m, false)
		}
		if start.valid() && end.valid() {
			in.Start, in.End = start.iso(), end.iso()
			in.PeriodPrecision = "month"
			if m[3] != "" || m[6] != "" {
				in.PeriodPrecision = "approx"
			}
		}
		return
	}
	if lo, _, ok := p.statedDuration(intro); ok && in.DurationDays == nil {
		n := lo
		in.DurationDays = &n
	}
}

// statedDuration reads 为期N天 / 为期N个月 / 为期两个多月 / 为期N个半月 as a
// range of days [lo, hi] an inspection of that length may span; lo is the
// nominal length (N天, N×30).
func (p *Parser) statedDuration(intro string) (lo, hi int, ok bool) {
	m := p.re.duration.FindStringSubmatch(intro)
	if m == nil {
		return 0, 0, false
	}
	n, ok := parseNumber(m[1])
	if !ok {
		return 0, 0, false
	}
	switch m[2] {
	case "天", "日":
		return n, n + 2, true
	case "周":
		return n * 7, n*7 + 2, true
	case "个月":
		return n * 30, n*31 + 5, true
	case "个半月":
		return n*30 + 15, n*31 + 20, true
	case "个多月":
		return n * 30, n*31 + 29, true
	}
	return 0, 0, false
}

// partDay is the first (start) or last (end) day a month part covers.
func partDay(part string, y, m int, start bool) int {
	switch part {
	case "上旬", "初":
		if start {
			return 1
		}
		return 10
	case "中旬", "中":
		if start {
			return 11
		}
		return 20
	case "下旬", "底", "末":
		if start {
			return 21
		}
	}
	if start {
		return 1
	}
	return date{y, m, 1}.time().AddDate(0, 1, -1).Day()
}

// repairPeriod reads `2024717日至830日`: digits that lost 年 and 月. A
// reading is kept only when it is the single one giving a valid range of a
// plausible length (1–200 days).
func (p *Parser) repairPeriod(w *doc, m []string) {
	in := &w.d.Inspection
	y := atoi(m[1])
	starts := splitMonthDay(y, m[2])
	var ends []date
	if m[3] != "" {
		ends = []date{{y, atoi(m[3]), atoi(m[4])}}
	} else {
		ends = splitMonthDay(y, m[5])
	}
	var okS, okE []date
	lo, hi, hasDuration := p.statedDuration(w.intro())
	for _, s := range starts {
		for _, e := range ends {
			if !e.valid() {
				continue
			}
			if e.before(s) {
				e.y++
			}
			if n := s.daysUntil(e); n >= 1 && n <= 200 {
				okS, okE = append(okS, s), append(okE, e)
			}
		}
	}
	if len(okS) > 1 && hasDuration {
		// A stated duration (为期两个多月) settles the reading it fits.
		var fitS, fitE []date
		for i := range okS {
			// 为期N天 counts both ends; a range of N days spans N-1 to N+1.
			if n := okS[i].daysUntil(okE[i]); n+1 >= lo-1 && n <= hi {
				fitS, fitE = append(fitS, okS[i]), append(fitE, okE[i])
			}
		}
		if len(fitS) == 1 {
			okS, okE = fitS, fitE
		}
	}
	if len(okS) != 1 {
		w.d.addFlag(FlagBadDate, fmt.Sprintf("damaged inspection period %s: %d readings validate", m[0], len(okS)))
		return
	}
	in.Start, in.End, in.PeriodPrecision = okS[0].iso(), okE[0].iso(), "damaged"
	w.d.addFlag(FlagDamagedDate, fmt.Sprintf("inspection period %s read as %s to %s", m[0], in.Start, in.End))
}

// parseFeedback finds the date the group reported back: a date followed
// within the sentence by 反馈. A date without a year takes the year of the
// period's end, rolling over when its month is earlier.
func (p *Parser) parseFeedback(w *doc, intro string) {
	in := &w.d.Inspection
	period := p.re.periodFull.FindStringIndex(intro)
	if period == nil {
		period = p.re.periodDamaged.FindStringIndex(intro)
	}
	if period == nil {
		period = p.re.periodMonth.FindStringIndex(intro)
	}
	type cand struct {
		start, end int
		dt         date
		hasYear    bool
		damaged    string
	}
	var cands []cand
	for _, ix := range p.re.dayDate.FindAllStringSubmatchIndex(intro, -1) {
		c := cand{start: ix[0], end: ix[1]}
		if ix[2] >= 0 {
			c.dt.y, c.hasYear = atoi(intro[ix[2]:ix[3]]), true
		}
		c.dt.m, c.dt.d = atoi(intro[ix[4]:ix[5]]), atoi(intro[ix[6]:ix[7]])
		cands = append(cands, c)
	}
	damaged := [][]int(nil)
	if hasBareDayDigits(intro) {
		damaged = p.re.damagedDay.FindAllStringSubmatchIndex(intro, -1)
	}
	for _, ix := range damaged {
		cands = append(cands, cand{start: ix[2], end: ix[1], damaged: intro[ix[2]:ix[3]]})
	}
	for _, c := range cands {
		if period != nil && c.start < period[1] && c.end > period[0] {
			continue
		}
		if !feedbackFollows(intro[c.end:]) {
			continue
		}
		ref := parseISO(in.End)
		if c.damaged != "" {
			p.repairFeedback(w, c.damaged, ref)
			return
		}
		dt := c.dt
		if !c.hasYear {
			if ref.isZero() {
				w.d.addFlag(FlagBadDate, "feedback date without a year and no period to take it from")
				return
			}
			dt.y = ref.y
			if dt.m < ref.m {
				dt.y++
			}
			in.FeedbackYearInferred = true
		}
		if !dt.valid() {
			w.d.addFlag(FlagBadDate, "feedback date "+intro[c.start:c.end]+" is not a calendar date")
			return
		}
		in.Feedback = dt.iso()
		return
	}
}

// feedbackFollows reports whether the rest of the sentence after a date
// says the group reported back.
func feedbackFollows(rest string) bool {
	if i := strings.IndexAny(rest, "。\n"); i >= 0 {
		rest = rest[:i]
	}
	if r := []rune(rest); len(r) > 40 {
		rest = string(r[:40])
	}
	return strings.Contains(rest, "反馈")
}

// repairFeedback reads a feedback date that lost its 年 or 月 (`914日`,
// `20251021日`), accepting it only when exactly one reading falls after the
// period's end (or, with no period, is a valid date at all).
func (p *Parser) repairFeedback(w *doc, digits string, ref date) {
	in := &w.d.Inspection
	var cands []date
	switch {
	case len(digits) >= 7: // 20251021: year, month, day
		cands = splitMonthDay(atoi(digits[:4]), digits[4:])
	case !ref.isZero():
		for _, c := range splitMonthDay(ref.y, digits) {
			if c.before(ref) || c == ref {
				c.y++
			}
			cands = append(cands, c)
		}
	}
	var ok []date
	for _, c := range cands {
		if !c.valid() {
			continue
		}
		if !ref.isZero() && (!ref.before(c) || ref.daysUntil(c) > 200) {
			continue
		}
		ok = append(ok, c)
	}
	if len(ok) != 1 {
		w.d.addFlag(FlagBadDate, fmt.Sprintf("damaged feedback date %s日: %d readings validate", digits, len(ok)))
		return
	}
	in.Feedback = ok[0].iso()
	in.FeedbackYearInferred = len(digits) < 7
	w.d.addFlag(FlagDamagedDate, fmt.Sprintf("feedback date %s日 read as %s", digits, in.Feedback))
}

// checkDates flags a violation of start < end < feedback < published.
func (p *Parser) checkDates(w *doc) {
	d := w.d
	seq := []struct{ name, v string }{
		{"start", d.Inspection.Start}, {"end", d.Inspection.End},
		{"feedback", d.Inspection.Feedback}, {"published", d.Published},
	}
	var prevName string
	var prev date
	for _, s := range seq {
		if s.v == "" {
			continue
		}
		cur := parseISO(s.v)
		if !prev.isZero() && !prev.before(cur) {
			d.addFlag(FlagDateOrder, fmt.Sprintf("%s %s is not before %s %s", prevName, prev.iso(), s.name, s.v))
		}
		prev, prevName = cur, s.name
	}
}

// typeWords are the words that make 巡察/巡视 a type, longest first so
// 提级交叉 wins over 交叉.
var typeWords = []string{"“机动式”", "上下联动", "提级交叉", "机动式", "点穴式", "常规", "专项", "机动", "提级", "交叉", "联动", "对村", "延伸", "接力"}

// inspectionTypes lists the types the text names, in order of appearance:
// 常规巡察, 专项巡察, 巡察“回头看”…
func inspectionTypes(head, scope string) []string {
	type found struct {
		at int
		t  string
	}
	var fs []found
	for _, word := range []string{"巡察", "巡视"} {
		for from := 0; ; {
			i := strings.Index(head[from:], word)
			if i < 0 {
				break
			}
			i += from
			for _, tw := range typeWords {
				if strings.HasSuffix(head[:i], tw) {
					kind := strings.Trim(tw, "“”")
					kind = strings.TrimSuffix(kind, "式")
					if kind == "点穴" {
						kind = "点穴式"
					}
					fs = append(fs, found{i - len(tw), kind + word})
					break
				}
			}
			from = i + len(word)
		}
	}
	if i := strings.Index(head, "回头看"); i >= 0 {
		fs = append(fs, found{i, scope + "“回头看”"})
	}
	sort.Slice(fs, func(a, b int) bool { return fs[a].at < fs[b].at })
	var out []string
	seen := map[string]bool{}
	for _, f := range fs {
		if !seen[f.t] {
			seen[f.t] = true
			out = append(out, f.t)
		}
	}
	return out
}

// hasBareDayDigits reports whether some 日 follows three or more digits, the
// mark of a date that lost its 年 or 月 (`914日`); a cheap test run before
// the pattern.
func hasBareDayDigits(s string) bool {
	for from := 0; ; {
		i := strings.Index(s[from:], "日")
		if i < 0 {
			return false
		}
		i += from
		n := 0
		for j := i - 1; j >= 0 && s[j] >= '0' && s[j] <= '9'; j-- {
			n++
		}
		if n >= 3 {
			return true
		}
		from = i + len("日")
	}
}

// hasGroup reports whether the opening names a group of any form the
// parser reads: numbered, paired, qualified or counted.
func (p *Parser) hasGroup(intro string) bool {
	if m, _ := p.findGroupAt(intro); m != nil {
		return true
	}
	return p.re.groupPair.MatchString(intro) || p.re.groupQualified.MatchString(intro) || p.re.groupCollective.MatchString(intro)
}

// findGroup runs the group pattern only around each 组 of the text: the
// pattern has no literal prefix, and the opening is read for every document.
func (p *Parser) findGroup(text string) []string {
	m, _ := p.findGroupAt(text)
	return m
}

// findGroupAt is findGroup with the byte offset where the match ends.
func (p *Parser) findGroupAt(text string) ([]string, int) {
	for from := 0; ; {
		i := strings.Index(text[from:], "组")
		if i < 0 {
			return nil, 0
		}
		i += from
		lo := max(0, i-90)
		for lo > 0 && !utf8.RuneStart(text[lo]) {
			lo--
		}
		if m := p.re.group.FindStringSubmatch(text[lo : i+len("组")]); m != nil {
			return m, i + len("组")
		}
		from = i + len("组")
	}
}
