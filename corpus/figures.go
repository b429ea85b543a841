package corpus

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// parseFigures reads the stated counts, progress, accountability and other
// outcome figures. Problem counts are taken from the text before the
// rectification section when they are there (the opening and the
// organisation section restate the feedback); a measure's own numbers
// (`等8个方面`) must not pass for the disclosure's counts.
func (p *Parser) parseFigures(w *doc) {
	d := w.d
	body := w.body()
	lead := w.leadText()
	c := &d.Counts
	// Summary sentences elsewhere (`截至目前，反馈的18个问题已完成整改15个`)
	// are read when the opening states no count.
	bodyCues := p.re.cues.index(body)
	leadCues := bodyCues
	switch {
	case lead == body:
	case strings.HasPrefix(body, lead): // the opening is the body's start
		leadCues = bodyCues.prefix(len(lead))
	default:
		leadCues = p.re.cues.index(lead)
	}
	summary := bodyCues.sentences("截至") + "\n" + bodyCues.sentences("共反馈") + "\n" + bodyCues.sentences("反馈的")
	readFigures(p.re.counts, map[string]**int{
		"categories": &c.Categories, "aspects": &c.Aspects, "classes": &c.Classes, "problems": &c.Problems,
		"suggestions": &c.Suggestions, "measures": &c.Measures, "tasks": &c.Tasks,
	}, leadCues, p.re.cues.index(summary))
	readFigures(p.re.progress, map[string]**int{
		"rectified": &c.Rectified, "in_progress": &c.InProgress, "unfinished": &c.Unfinished, "long_term": &c.LongTerm,
	}, bodyCues)
	if m := p.re.rate.FindStringSubmatch(bodyCues.sentences("完成率")); m != nil {
		if v, err := strconv.ParseFloat(m[1], 64); err == nil {
			c.Rate = &v
		}
	}
	c.AllDone = allDone(bodyCues)
	if c.Rectified != nil {
		// The total is the stated number of problems, else the sum of the
		// statuses when at least one besides 已完成 is stated.
		total := 0
		if c.Problems != nil {
			total = *c.Problems
		} else if c.InProgress != nil || c.Unfinished != nil || c.LongTerm != nil {
			for _, v := range []*int{c.Rectified, c.InProgress, c.Unfinished, c.LongTerm} {
				if v != nil {
					total += *v
				}
			}
		}
		if total > 0 {
			r := math.Round(float64(*c.Rectified)*10000/float64(total)) / 100
			c.RateComputed = &r
			if c.Rate != nil && math.Abs(*c.Rate-r) > 1.0 {
				d.addFlag(FlagRateMismatch, fmt.Sprintf("stated rate %.2f%% but %d of %d is %.2f%%", *c.Rate, *c.Rectified, total, r))
			}
		}
	}
	p.parseAccountability(w, bodyCues)
	p.parseOutcomes(w, bodyCues)
}

// allDone reports whether the text says 已全部完成整改, 已全部整改到位 or
// 全部完成整改: each holds 全部, whose occurrences the cue index has.
func allDone(ct *cueText) bool {
	for _, i := range ct.at["全部"] {
		if strings.HasPrefix(ct.text[i:], "全部完成整改") || i >= len("已") && strings.HasPrefix(ct.text[i-len("已"):], "已全部整改到位") {
			return true
		}
	}
	return false
}

// numberAt returns the numeral at the start of a match.
func numberAt(src string, loc []int) string {
	for i := 2; i+1 < len(loc); i += 2 {
		if loc[i] >= 0 {
			return src[loc[i]:loc[i+1]]
		}
	}
	return ""
}

// firstNumber parses the first non-empty submatch as a number.
func firstNumber(src string, loc []int) (int, bool) {
	s := numberAt(src, loc)
	if s == "" {
		return 0, false
	}
	return parseNumber(s)
}

// leadText is the opening and the organisation section: the text before the
// rectification section's first category, or the whole body when the
// document has no such section.
func (w *doc) leadText() string {
	if w.rectAt > w.bodyAt && w.rectAt <= w.sigAt {
		return strings.Join(w.lines[w.bodyAt:w.rectAt], "\n")
	}
	return w.body()
}

func (p *Parser) parseAccountability(w *doc, bodyCues *cueText) {
	if !strings.Contains(bodyCues.text, "人") {
		return
	}
	a := &Accountability{}
	if readFigures(p.re.account, map[string]**int{
		"party_discipline": &a.PartyDiscipline, "gov_discipline": &a.GovDiscipline, "org_handling": &a.OrgHandling,
		"admonished": &a.Admonished, "reminded": &a.Reminded, "criticised": &a.Criticised,
		"ordered_review": &a.OrderedReview, "referred": &a.Referred, "held_accountable": &a.HeldAccountable,
	}, bodyCues) {
		w.d.Accountability = a
	}
}

// firstMatch is cp.re.FindStringSubmatchIndex(src), returned with the text
// its offsets are in. Where the pattern allows (countPattern.needs), it runs
// only on the lines of src that hold a rune every match needs: the same
// first match, found in its own line.
func firstMatch(cp countPattern, src string) (string, []int) {
	if cp.needs == "" {
		return src, cp.re.FindStringSubmatchIndex(src)
	}
	for rest := src; ; {
		line, more, cut := strings.Cut(rest, "\n")
		if strings.ContainsAny(line, cp.needs) {
			if loc := cp.re.FindStringSubmatchIndex(line); loc != nil {
				return line, loc
			}
		}
		if !cut {
			return src, nil
		}
		rest = more
	}
}

// readFigures sets each target to the first match of its pattern, looking
// in the texts in order (the sentences of each holding the pattern's cue),
// and reports whether any was found. 大类 never counts as 类.
func readFigures(pats []countPattern, into map[string]**int, texts ...*cueText) bool {
	found := false
	for _, cp := range pats {
		for _, text := range texts {
			src, loc := firstMatch(cp, text.sentences(cp.cue))
			if loc == nil {
				continue
			}
			if cp.name == "classes" && strings.Contains(src[loc[0]:loc[1]], "大类") {
				break
			}
			if n, ok := firstNumber(src, loc); ok {
				*into[cp.name] = &n
				found = true
			}
			break
		}
	}
	return found
}

func (p *Parser) parseOutcomes(w *doc, bodyCues *cueText) {
	body := bodyCues.text
	f := &Figures{}
	found := false
	total := 0.0
	money := bodyCues.sentences("元")
	if !containsAny(money, "追缴", "追回", "清退", "清收", "挽回", "退还", "收回", "整改金额") {
		money = ""
	}
	for _, m := range p.re.money.FindAllStringSubmatch(money, -1) {
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			continue
		}
		switch m[2] {
		case "万":
			v *= 1e4
		case "亿":
			v *= 1e8
		}
		total += v
		found = true
	}
	if found {
		total = math.Round(total*100) / 100
		f.MoneyYuan = &total
	}
	if m := p.re.institut.FindStringSubmatch(windowsAround(body, "制度", 36, 12)); m != nil {
		s := m[1]
		if s == "" {
			s = m[2]
		}
		if n, ok := parseNumber(s); ok {
			f.Institutions = &n
			found = true
		}
	}
	for _, m := range p.re.meeting.FindAllStringSubmatch(windowsAround(body, "次", 30, 0), -1) {
		n, ok := parseNumber(m[2])
		if !ok {
			continue
		}
		if f.Meetings == nil {
			f.Meetings = map[string]int{}
		}
		name := m[1]
		if _, dup := f.Meetings[name]; !dup {
			f.Meetings[name] = n
			found = true
		}
	}
	seen := map[string]bool{}
	lists := windowsAround(body, "清单", 12, 0)
	for _, ix := range p.re.lists.FindAllStringIndex(lists, -1) {
		l := lists[ix[0]:ix[1]]
		if strings.HasSuffix(lists[:ix[0]], "主体") {
			continue // 主体责任清单 is a duty list, not a rectification ledger
		}
		if !seen[l] {
			seen[l] = true
			f.Lists = append(f.Lists, l)
			found = true
		}
	}
	if found {
		w.d.Figures = f
	}
}

// sentencesWith returns the sentences of text (split at 。 and line ends)
// that contain cue, in order, one per line. Running a pattern over these
// alone keeps the parser fast: most sentences hold no figure at all.
func sentencesWith(text, cue string) string {
	if cue == "" {
		return text
	}
	return sentencesAt(text, func(from int) int {
		if i := strings.Index(text[from:], cue); i >= 0 {
			return from + i
		}
		return -1
	})
}

// sentencesAt is sentencesWith with the cue's occurrences given by next:
// the first at or after from, or -1.
func sentencesAt(text string, next func(from int) int) string {
	var b strings.Builder
	for from := 0; from < len(text); {
		i := next(from)
		if i < 0 {
			break
		}
		// The sentence starts after the last 。 or line end that lies wholly
		// in text[from:i], else at from; it ends at the first 。 or line end
		// from i on, else at the end of text. Scanning from i outwards stops
		// at the nearest ones instead of searching the whole gap since the
		// previous sentence.
		start := from
		for k := i - 1; k >= from; k-- {
			if text[k] == '\n' {
				start = k + 1
				break
			}
			if text[k] == 0xE3 && k+3 <= i && text[k+1] == 0x80 && text[k+2] == 0x82 { // 。
				start = k + len("。")
				break
			}
		}
		end := len(text)
		for k := i; k < len(text); k++ {
			if text[k] == '\n' || text[k] == 0xE3 && k+2 < len(text) && text[k+1] == 0x80 && text[k+2] == 0x82 {
				end = k
				break
			}
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(text[start:end])
		from = end + 1
	}
	return b.String()
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

// windowsAround returns, one per line, the text from up to before bytes
// before each occurrence of cue to up to after bytes past it (cut at rune
// boundaries and at 。 or a line end). A pattern that must touch the cue
// runs on these few bytes instead of whole sentences.
func windowsAround(text, cue string, before, after int) string {
	var b strings.Builder
	for from := 0; ; {
		i := strings.Index(text[from:], cue)
		if i < 0 {
			return b.String()
		}
		i += from
		lo := max(0, i-before)
		for lo > 0 && !utf8.RuneStart(text[lo]) {
			lo++
		}
		if k := strings.LastIndexAny(text[lo:i], "。\n"); k >= 0 {
			lo += k
			_, size := utf8.DecodeRuneInString(text[lo:])
			lo += size
		}
		hi := min(len(text), i+len(cue)+after)
		for hi < len(text) && !utf8.RuneStart(text[hi]) {
			hi++
		}
		if k := strings.IndexAny(text[i:hi], "。\n"); k >= 0 {
			hi = i + k
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(text[lo:hi])
		from = i + len(cue)
	}
}
