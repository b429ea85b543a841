package synth

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// catPlan is one category of a disclosure: its themes grouped into
// problems (layout B) or one theme per measure (layouts A and C).
type catPlan struct {
	title  string
	groups [][]int // bank indexes; in layouts A and C each group has one measure
}

// render writes the i-th disclosure.
func (g *gen) render(i int, v visit) Doc {
	un, rd, j := v.u, v.r, v.u.j
	name := fmt.Sprintf("synthetic-%04d.txt", i+1)
	layout := []string{"A", "B", "C"}[i%3]
	scope := "巡察"
	if j.body == "省委" {
		scope = "巡视"
		layout = "A"
	}
	t := Truth{Name: name, Unit: un.formal, Body: j.body, Level: j.level, RoundKey: rd.key, Layout: layout}

	// Inspection type.
	typePhrase, fbWord := "常规"+scope, scope
	t.Type = "常规" + scope
	switch {
	case rd.typ == "专项":
		typePhrase, t.Type, t.Topic = rd.topic+"专项巡察", "专项巡察", rd.topic
	case scope == "巡察" && v.later && g.chance(20):
		typePhrase, t.Type, fbWord = "巡察“回头看”", "巡察“回头看”", "巡察“回头看”"
	case g.chance(20):
		typePhrase = scope // 开展了巡察: the type is left to the default
	}

	// Group.
	gn := 1 + g.r.IntN(8)
	switch {
	case scope == "巡视":
		t.Group = "第" + cn(gn) + "巡视组"
	case j.body == "县委" && g.chance(50):
		t.Group = "巡察" + cn(gn) + "组"
	default:
		t.Group = "第" + cn(gn) + "巡察组"
	}

	// Dates: 40–80-day period, feedback 15–60 days later, publication 3–10
	// months after that.
	start := v.start
	end := start.AddDate(0, 0, min(80, max(40, rd.dur+g.r.IntN(7)-3)))
	fb := end.AddDate(0, 0, 15+g.r.IntN(46))
	sig := fb.AddDate(0, 0, 92+g.r.IntN(210))
	published := sig
	chromeDate := g.chance(30)
	if chromeDate {
		published = sig.AddDate(0, 0, 1+g.r.IntN(6))
	}
	t.Start, t.End, t.Feedback, t.Published = iso(start), iso(end), iso(fb), iso(published)

	// Term and round: stated in most titles.
	stated := scope == "巡视" || g.chance(85)
	if stated {
		t.Term, t.Round = rd.term, rd.number
	}

	// Categories and measures.
	cats := g.categories(un, rd, layout, scope)
	var nMeasures, nProblems int
	for _, c := range cats {
		t.Categories = append(t.Categories, c.title)
		for _, grp := range c.groups {
			nMeasures += len(grp)
			nProblems++
		}
	}

	var b strings.Builder
	line := func(s string) { b.WriteString(s + "\n") }
	line(Marker)
	if chromeDate {
		line("发布日期：" + iso(published))
	}
	line("")
	if scope == "巡察" && g.chance(15) {
		line(un.formal)
		line("")
	}

	// Title.
	progress := g.pick("进展", "落实", "")
	kindWord := map[string]string{"进展": "通报", "落实": "公示", "": "通报"}[progress]
	var core string
	switch {
	case stated && scope == "巡视":
		core = cn(rd.term) + "届省委第" + cn(rd.number) + "轮巡视"
	case stated:
		core = cn(rd.term) + "届" + j.body + "第" + cn(rd.number) + "轮" + strings.TrimPrefix(typePhrase, "常规")
	case t.Type == "专项巡察" || t.Type == "巡察“回头看”":
		core = j.body + strings.TrimPrefix(typePhrase, "常规")
	default:
		core = j.body + t.Group + "巡察"
	}
	if scope == "巡察" {
		core += "反馈意见"
	}
	line(un.formal + "关于" + core + "整改" + progress + "情况的" + kindWord)
	line("")

	// Opening paragraph.
	var intro strings.Builder
	intro.WriteString(g.pick("根据", "按照") + j.body + "统一部署，")
	endStr := md(end)
	if end.Year() != start.Year() && g.chance(50) {
		endStr = ymd(end)
	}
	intro.WriteString(ymd(start) + "至" + endStr + "，")
	actor := j.body + t.Group
	if stated && scope == "巡察" && strings.HasPrefix(t.Group, "第") && g.chance(30) {
		actor = cn(rd.term) + "届" + j.body + "第" + cn(rd.number) + "轮巡察" + t.Group
	}
	fbStr := ymd(fb)
	if g.chance(25) {
		fbStr = md(fb)
	}
	verb := g.pick("开展了", "进行了")
	if g.chance(30) {
		intro.WriteString(actor + "对" + un.short + verb + typePhrase + "，并于" + fbStr + "反馈了" + fbWord + "意见。")
	} else {
		intro.WriteString(actor + "对" + un.short + verb + typePhrase + "。" + fbStr + "，" + j.body + t.Group + "向" + un.short + "反馈了" + fbWord + "意见。")
	}
	self := un.d.self
	intro.WriteString(self + "坚持把" + scope + "整改作为重要政治任务，")
	if layout == "B" {
		fmt.Fprintf(&intro, "聚焦反馈的3个方面%d个问题，制定整改措施%d项，", nProblems, nMeasures)
	} else {
		fmt.Fprintf(&intro, "聚焦%s反馈的3个方面问题，制定整改措施%d项，", scope, nMeasures)
	}
	intro.WriteString("逐项明确责任领导和完成时限。")
	verbPub := map[string]string{"进展": "予以公布", "落实": "予以公示", "": "予以公布"}[progress]
	if scope == "巡视" {
		intro.WriteString("按照《中国共产党巡视工作条例》有关规定，现将巡视整改" + progress + "情况" + verbPub + "。")
	} else {
		intro.WriteString(g.pick("按照党务公开原则和巡察工作有关要求", "按照巡察整改公开工作有关要求") + "，现将巡察整改" + progress + "情况" + verbPub + "。")
	}
	line(intro.String())
	line("")

	// Section one: how the work was organised.
	line("一、整改工作开展情况")
	line("")
	if layout == "B" {
		line(self + "成立巡察整改工作领导小组，" + self + "书记任组长，先后召开专题会议研究整改工作，建立整改台账，实行周调度、月通报，对账销号。")
		line("")
	} else {
		line("（一）提高政治站位，强化思想认识。" + self + "把" + scope + "整改作为重大政治任务，第一时间召开会议研究部署整改工作，统一思想、凝聚共识。")
		line("")
		line("（二）压实整改责任，健全工作机制。成立由" + self + "书记任组长的" + scope + "整改工作领导小组，制定整改方案，建立问题清单、任务清单、责任清单，逐项明确责任领导和完成时限。")
		line("")
	}

	// Section two: the measures.
	line(map[string]string{"A": "二、反馈问题整改落实情况", "B": "二、反馈问题整改情况", "C": "二、整改任务落实情况"}[layout])
	line("")
	numbered := layout == "A" && g.chance(60)
	for ci, c := range cats {
		marker := "（" + cn(ci+1) + "）"
		if ci == 0 && layout != "A" && g.chance(30) {
			marker = "(" + cn(ci+1) + ")"
		}
		line(marker + c.title)
		line("")
		switch layout {
		case "B":
			for pi, grp := range c.groups {
				bank := g.banks[grp[0]]
				title := bank.problems[g.r.IntN(len(bank.problems))]
				t.Problems = append(t.Problems, TruthProblem{Category: ci + 1, Number: pi + 1, Title: title})
				line(strconv.Itoa(pi+1) + ".关于“" + title + "”问题")
				semi := g.chance(50)
				var para strings.Builder
				para.WriteString("整改情况：")
				texts := g.measures(name, un, rd, ci+1, pi+1, grp, &t)
				for mi, txt := range texts {
					para.WriteString(cn(mi+1) + "是")
					if semi && mi < len(texts)-1 {
						bare := strings.TrimSuffix(txt, "。")
						para.WriteString(bare + "；")
						t.Measures[len(t.Measures)-len(texts)+mi].Text = bare
						continue
					}
					para.WriteString(txt)
				}
				line(para.String())
				line("")
			}
		default:
			var flat []int
			for _, grp := range c.groups {
				flat = append(flat, grp...)
			}
			texts := g.measures(name, un, rd, ci+1, 0, flat, &t)
			for mi, txt := range texts {
				if numbered {
					line(strconv.Itoa(mi+1) + "." + txt)
				} else {
					line(cn(mi+1) + "是" + txt)
				}
				line("")
			}
		}
	}

	// Section three, invitation, contact and signature.
	line("三、下一步工作打算")
	line("")
	line(self + "将坚持标准不降、力度不减，对已完成的整改事项巩固提升，对需要长期坚持的事项持续推进，切实把" + scope + "整改成效转化为推动各项工作的实际成效。")
	line("")
	t.Phones = []string{g.phone(j)}
	t.Postcode = j.postcode + fmt.Sprintf("%03d", g.r.IntN(1000))
	addr := j.street[g.r.IntN(len(j.street))] + strconv.Itoa(1+g.r.IntN(300)) + "号"
	if !strings.HasPrefix(addr, "云岭市") {
		addr = "云岭市" + addr
	}
	invite := "欢迎广大干部群众对" + scope + "整改落实情况进行监督。如有意见建议，请及时向我们反映。"
	switch g.r.IntN(4) {
	case 0:
		line(invite + "联系电话：" + t.Phones[0] + "；邮政信箱：" + addr + "，邮编：" + t.Postcode + "。")
	case 1:
		t.Phones = append(t.Phones, g.phone(j))
		line(invite + "联系电话：" + t.Phones[0] + "，" + t.Phones[1] + "；邮政信箱：" + addr + "，邮编：" + t.Postcode + "。")
	case 2:
		line(invite + "电 话:" + t.Phones[0] + "；")
		line("邮政信箱：" + addr + "，邮编 " + t.Postcode + "。")
	default:
		line(invite + "联系方式 " + t.Phones[0] + "；")
		line("邮政信箱：" + addr + "，邮编 " + t.Postcode + "。")
	}
	line("")
	line(un.formal)
	line(ymd(sig))
	return Doc{Name: name, Text: b.String(), Truth: t}
}

// phone is an invented landline: the local part starts with 0, which no
// real Chinese landline number does.
func (g *gen) phone(j *jurisdiction) string {
	return j.areaCode + "-0" + fmt.Sprintf("%06d", g.r.IntN(1000000))
}

// categories plans a disclosure's three categories: the unit's persistent
// theme and the round's common theme first in their slots, the rest drawn
// from the unit's pool.
func (g *gen) categories(un *unit, rd *round, layout, scope string) []catPlan {
	required := [nSlots][]int{}
	required[g.banks[un.persistent].slot] = append(required[g.banks[un.persistent].slot], un.persistent)
	if s := g.banks[rd.common].slot; !slices.Contains(required[s], rd.common) {
		required[s] = append(required[s], rd.common)
	}
	out := make([]catPlan, nSlots)
	for s := range out {
		titles := categoryTitles(layout, s, scope)
		out[s].title = titles[g.r.IntN(len(titles))]
		n := 2 + g.r.IntN(4)
		var sizes []int
		if layout == "B" {
			sizes = map[int][]int{2: {2}, 3: {3}, 4: {2, 2}, 5: {2, 3}}[n]
			if len(required[s]) > len(sizes) {
				sizes = []int{2, 2}
			}
		} else {
			n = max(n, len(required[s]))
			sizes = make([]int, n)
			for i := range sizes {
				sizes[i] = 1
			}
		}
		themes := slices.Clone(required[s])
		pool := un.pool[s]
		for tries := 0; len(themes) < len(sizes) && tries < 50; tries++ {
			if bi := pool[g.r.IntN(len(pool))]; !slices.Contains(themes, bi) || tries > 40 {
				themes = append(themes, bi)
			}
		}
		for len(themes) < len(sizes) {
			themes = append(themes, pool[g.r.IntN(len(pool))])
		}
		for i, size := range sizes {
			grp := make([]int, size)
			for k := range grp {
				grp[k] = themes[i]
			}
			out[s].groups = append(out[s].groups, grp)
		}
	}
	return out
}

// measures writes the measures of one category (or one problem of layout
// B), recording them in t and in the copy registry. Some are near-copies of
// another unit's measure of the same theme.
func (g *gen) measures(doc string, un *unit, rd *round, cat, prob int, themes []int, t *Truth) []string {
	var texts []string
	for k, bi := range themes {
		bank := g.banks[bi]
		m := TruthMeasure{Category: cat, Problem: prob, Number: k + 1, Themes: []string{bank.id}}
		if g.chance(7) {
			var same, other []int
			for mi, mm := range g.made {
				if mm.bank != bi || mm.unit == un.idx {
					continue
				}
				if mm.roundKey == rd.key {
					same = append(same, mi)
				} else {
					other = append(other, mi)
				}
			}
			cands := same
			if len(cands) == 0 {
				cands = other
			}
			if len(cands) > 0 {
				src := g.made[cands[g.r.IntN(len(cands))]]
				if txt := g.nearCopy(src.text); txt != "" && !slices.Contains(texts, txt) {
					m.Text, m.NearCopyOf = txt, src.key
				}
			}
		}
		if m.Text == "" {
			m.Text = g.compose(un, g.newRecipe(bi))
		}
		texts = append(texts, m.Text)
		t.Measures = append(t.Measures, m)
		g.made = append(g.made, madeMeasure{unit: un.idx, bank: bi, roundKey: rd.key, key: m.Key(doc), text: m.Text})
	}
	return texts
}
