package synth

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Marker is the first line of every generated document: page data (the
// parser reads it as chrome above the title) that says the text is invented.
const Marker = "信息来源：zhenggai 合成示例数据（非真实公示）"

// Options configure Generate. The zero value generates the default corpus.
type Options struct {
	// Seed selects the corpus; the same seed always gives the same bytes.
	Seed int64
	// Disclosures is how many documents to generate (default 60).
	Disclosures int
	// Units is how many invented units to spread them over (default 20).
	// It is clamped so that every unit appears in two or three rounds:
	// between ⌈Disclosures/3⌉ and ⌊Disclosures/2⌋, and to the number of
	// invented units available (beyond that a unit appears in more rounds).
	Units int
}

// Doc is one generated disclosure with what the generator knows about it.
type Doc struct {
	Name  string // file name: synthetic-0001.txt
	Text  string
	Truth Truth
}

// Truth is what a parser should read from a generated document. Term and
// Round are 0 when the document does not state them; RoundKey always names
// the round the generator placed the inspection in.
type Truth struct {
	Name       string         `json:"name"`
	Unit       string         `json:"unit"`
	Body       string         `json:"body"`
	Level      string         `json:"level"`
	Term       int            `json:"term,omitempty"`
	Round      int            `json:"round,omitempty"`
	RoundKey   string         `json:"round_key"`
	Group      string         `json:"group"`
	Type       string         `json:"type"`
	Topic      string         `json:"topic,omitempty"`
	Start      string         `json:"start"`
	End        string         `json:"end"`
	Feedback   string         `json:"feedback"`
	Published  string         `json:"published"`
	Layout     string         `json:"layout"`
	Categories []string       `json:"categories"`
	Problems   []TruthProblem `json:"problems,omitempty"`
	Measures   []TruthMeasure `json:"measures"`
	Phones     []string       `json:"phones"`
	Postcode   string         `json:"postcode"`
}

// TruthProblem is a problem restated by a layout-B document (关于“…”问题).
type TruthProblem struct {
	Category int    `json:"category"`
	Number   int    `json:"number"`
	Title    string `json:"title"`
}

// TruthMeasure is one measure as the parser should read it.
type TruthMeasure struct {
	Category int    `json:"category"`
	Problem  int    `json:"problem,omitempty"` // layout B: the problem's number
	Number   int    `json:"number"`
	Text     string `json:"text"`
	// Themes are the theme ids the generator meant the measure to carry.
	Themes []string `json:"themes"`
	// NearCopyOf names the measure of another unit this one was copied from
	// with one to three characters changed: `synthetic-0003.txt#2.0.1`
	// (document, category, problem, number).
	NearCopyOf string `json:"near_copy_of,omitempty"`
}

// Key names a measure of a document as NearCopyOf does.
func (m TruthMeasure) Key(doc string) string {
	return fmt.Sprintf("%s#%d.%d.%d", doc, m.Category, m.Problem, m.Number)
}

// unit is an invented inspected unit.
type unit struct {
	idx        int
	j          *jurisdiction
	d          dept
	formal     string // 中共青溪县民政局党组
	short      string // 县民政局党组
	count      int    // disclosures
	persistent int    // bank index of the theme repeated in every round
	pool       [nSlots][]int
}

// round is one inspection round of a jurisdiction.
type round struct {
	j      *jurisdiction
	term   int // the committee's 届, j.term or later
	number int
	start  time.Time
	dur    int
	typ    string // 常规, 专项
	topic  string
	common int // bank index every unit of the round lists
	key    string
}

// visit is one inspection of one unit: one disclosure.
type visit struct {
	u     *unit
	r     *round
	later bool // not the unit's first round
	start time.Time
}

// madeMeasure is a generated measure that later ones may copy.
type madeMeasure struct {
	unit, bank int
	roundKey   string
	key, text  string
}

// gen is the state of one Generate call.
type gen struct {
	r     *rand.Rand
	banks []bankTheme
	made  []madeMeasure
	// recipes holds the keys of every composed measure (parts.go).
	recipes map[uint64]bool
}

// Generate returns the synthetic corpus opts describes, ordered by the
// start of each inspection and named synthetic-0001.txt onwards.
func Generate(opts Options) []Doc {
	docs, _ := GenerateContext(context.Background(), opts) // fails only when cancelled
	return docs
}

// GenerateContext is Generate stopping early when ctx is done (a large
// corpus takes seconds): it then returns ctx's error and no documents.
func GenerateContext(ctx context.Context, opts Options) ([]Doc, error) {
	n := opts.Disclosures
	if n <= 0 {
		n = 60
	}
	g := &gen{r: rand.New(rand.NewPCG(uint64(opts.Seed), 0x7a68656e67676169)), banks: banks(), recipes: map[uint64]bool{}}
	js := jurisdictions()
	units := g.units(js, n, opts.Units)
	visits := g.plan(js, units)
	docs := make([]Doc, 0, len(visits))
	for i, v := range visits {
		if i%256 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, fmt.Errorf("generate: %w", err)
			}
		}
		docs = append(docs, g.render(i, v))
	}
	return docs, nil
}

// unitCount clamps the requested number of units as Options.Units says.
func unitCount(n, want, capacity int) int {
	if want <= 0 {
		want = 20
	}
	want = max(want, (n+2)/3)
	want = min(want, max(1, n/2))
	return max(1, min(want, capacity))
}

// units picks the invented units, spread over the jurisdictions so that
// each has several, and gives each its disclosure count and theme pool.
func (g *gen) units(js []jurisdiction, n, want int) []*unit {
	capacity := 0
	order := make([][]int, len(js))
	for i := range js {
		capacity += len(js[i].depts)
		order[i] = g.r.Perm(len(js[i].depts))
	}
	u := unitCount(n, want, capacity)
	pattern := []int{0, 1, 0, 2, 3, 0, 1, 2, 3, 4}
	used := make([]int, len(js))
	var out []*unit
	for i := 0; len(out) < u; i++ {
		var ji int
		if i < 4*len(pattern) {
			ji = pattern[i%len(pattern)]
		} else {
			ji = i % len(js)
		}
		if used[ji] >= len(js[ji].depts) {
			continue
		}
		d := js[ji].depts[order[ji][used[ji]]]
		used[ji]++
		out = append(out, g.newUnit(len(out), &js[ji], d))
	}
	for i, un := range out {
		un.count = n / u
		if i < n%u {
			un.count++
		}
	}
	return out
}

func (g *gen) newUnit(idx int, j *jurisdiction, d dept) *unit {
	un := &unit{idx: idx, j: j, d: d}
	if d.bare {
		un.formal = "中共" + j.name + d.name + d.formalOrgan
		un.short = d.name + d.organ
	} else {
		un.formal = "中共" + j.name + d.name + d.formalOrgan
		un.short = j.prefix + d.name + d.organ
	}
	for bi, b := range g.banks {
		switch {
		case len(b.sectors) == 0:
			un.pool[b.slot] = append(un.pool[b.slot], bi)
		case slices.Contains(b.sectors, d.sector):
			un.pool[b.slot] = append(un.pool[b.slot], bi)
			if d.sector != secGov {
				un.pool[b.slot] = append(un.pool[b.slot], bi) // sector themes weigh double
			}
		}
	}
	s := g.r.IntN(nSlots)
	un.persistent = un.pool[s][g.r.IntN(len(un.pool[s]))]
	return un
}

// plan places every unit's disclosures in consecutive rounds of its
// jurisdiction, so units recur across rounds and share rounds with others.
func (g *gen) plan(js []jurisdiction, units []*unit) []visit {
	var visits []visit
	for ji := range js {
		j := &js[ji]
		var mine []*unit
		maxc := 0
		for _, un := range units {
			if un.j == j {
				mine = append(mine, un)
				maxc = max(maxc, un.count)
			}
		}
		if len(mine) == 0 {
			continue
		}
		k := maxc + 1
		rounds := make([]*round, k)
		start := time.Date(2021, 3, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.r.IntN(90))
		num := 1 + g.r.IntN(3)
		term := j.term
		tps := topics()
		for i := range rounds {
			if num > maxRoundsPerTerm {
				// A committee's term holds a dozen rounds or so; a huge
				// corpus moves on to the next term.
				term++
				num = 1 + g.r.IntN(2)
			}
			rd := &round{j: j, term: term, number: num, start: start, dur: 42 + g.r.IntN(34), typ: "常规"}
			if j.body != "省委" && g.r.IntN(100) < 15 {
				rd.typ, rd.topic = "专项", tps[g.r.IntN(len(tps))]
			}
			rd.key = j.name + cn(term) + "届" + j.body + "第" + cn(num) + "轮"
			// The theme the round's units share: one every unit can draw.
			var general []int
			for bi, b := range g.banks {
				if len(b.sectors) == 0 {
					general = append(general, bi)
				}
			}
			rd.common = general[g.r.IntN(len(general))]
			rounds[i] = rd
			start = start.AddDate(0, 0, 150+g.r.IntN(70))
			num += 1 + g.r.IntN(2)
		}
		for _, un := range mine {
			off := g.r.IntN(k - un.count + 1)
			for c := 0; c < un.count; c++ {
				rd := rounds[off+c]
				visits = append(visits, visit{u: un, r: rd, later: c > 0, start: rd.start.AddDate(0, 0, g.r.IntN(5))})
			}
		}
	}
	slices.SortStableFunc(visits, func(a, b visit) int {
		if c := a.start.Compare(b.start); c != 0 {
			return c
		}
		return cmp.Compare(a.u.idx, b.u.idx)
	})
	return visits
}

// maxRoundsPerTerm bounds the round numbers of one term: beyond it the
// rounds move on to the next term (届), as a committee's would.
const maxRoundsPerTerm = 15

// cn writes 1…999 in Chinese numerals as 届 and 轮 are written (一百零五);
// larger numbers are written in digits.
func cn(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 0 || n >= 1000:
		return strconv.Itoa(n)
	case n >= 100:
		s := digits[n/100] + "百"
		switch r := n % 100; {
		case r == 0:
			return s
		case r < 10:
			return s + "零" + digits[r]
		case r < 20:
			return s + "一" + cn(r) // 一百一十二
		default:
			return s + cn(r)
		}
	case n < 10:
		return digits[n]
	case n < 20:
		if n == 10 {
			return "十"
		}
		return "十" + digits[n-10]
	default:
		s := digits[n/10] + "十"
		if n%10 != 0 {
			s += digits[n%10]
		}
		return s
	}
}

func ymd(t time.Time) string {
	return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day())
}
func md(t time.Time) string  { return fmt.Sprintf("%d月%d日", int(t.Month()), t.Day()) }
func iso(t time.Time) string { return t.Format("2006-01-02") }

// pick returns one of the strings.
func (g *gen) pick(ss ...string) string { return ss[g.r.IntN(len(ss))] }

// chance is true pct times in a hundred.
func (g *gen) chance(pct int) bool { return g.r.IntN(100) < pct }

// measureText fills a bank sentence for a unit.
func (g *gen) measureText(un *unit, sentence string) string {
	s := strings.ReplaceAll(sentence, "{org}", un.d.self)
	s = strings.ReplaceAll(s, "{area}", un.j.area)
	for strings.Contains(s, "{n}") {
		s = strings.Replace(s, "{n}", strconv.Itoa(2+g.r.IntN(11)), 1)
	}
	return s
}

// newRecipe picks the parts of a new measure of bank bi that differs from
// every earlier measure in at least two parts (see parts.go), so that no
// two unplanted measures are near-duplicates. After many refusals (a bank
// exhausted by a huge corpus) it takes the last draw.
func (g *gen) newRecipe(bi int) recipe {
	var rc recipe
	for tries := 0; tries < 50; tries++ {
		rc = recipe{
			bank: bi, sentence: g.r.IntN(len(g.banks[bi].sentences)),
			opener: g.r.IntN(len(openers())), lead: g.r.IntN(len(leads())), office: g.r.IntN(len(offices())),
			form: g.r.IntN(len(actorForms())), progress: g.r.IntN(len(progresses())), tail: g.r.IntN(len(tails())),
		}
		clash := false
		for _, k := range rc.keys() {
			if g.recipes[k] {
				clash = true
				break
			}
		}
		if !clash {
			break
		}
	}
	for _, k := range rc.keys() {
		g.recipes[k] = true
	}
	return rc
}

// nearCopy changes one to three characters of s, or returns "" when no
// edit applies. Edits keep every theme keyword whole.
func (g *gen) nearCopy(s string) string {
	type edit struct{ from, to string }
	edits := []edit{{"开展", "深入开展"}, {"建立", "建立健全"}, {"制定", "研究制定"}, {"每季度", "每半年"}, {"每半年", "每季度"}, {"每月", "每季度"}}
	var apply []func() string
	rs := []rune(s)
	for i, r := range rs {
		if r >= '1' && r <= '9' && !strings.Contains(s, "12345") {
			apply = append(apply, func() string {
				c := slices.Clone(rs)
				c[i] = '1' + (r-'1'+1+rune(g.r.IntN(7)))%9
				return string(c)
			})
		}
	}
	for _, e := range edits {
		i := strings.Index(s, e.from)
		if i < 0 || strings.Contains(s, e.to) {
			continue
		}
		apply = append(apply, func() string { return s[:i] + e.to + s[i+len(e.from):] })
	}
	if len(apply) == 0 {
		return ""
	}
	return apply[g.r.IntN(len(apply))]()
}
