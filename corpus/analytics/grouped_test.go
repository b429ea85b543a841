package analytics_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/corpus/synth"
	"github.com/zhenggai/zhenggai/corpus/theme"
)

// textRows is rows with texts: one disclosure of unit in a round. items
// alternate a theme list ("D1" or "A7,E1") and the measure's text.
func textRows(disc, unit, roundKey string, round int, published string, items ...string) []analytics.Row {
	var out []analytics.Row
	for i := 0; i+1 < len(items); i += 2 {
		out = append(out, analytics.Row{MeasureID: fmt.Sprintf("%s-%d", disc, i/2+1), DisclosureID: disc, Unit: unit, RoundKey: roundKey,
			Round: ptr(round), Themes: strings.Split(items[i], ","), Text: items[i+1], Published: published})
	}
	return out
}

const (
	textA = "对全县公租房承租户开展全面复核，清退不符合条件承租户，追缴违规租金，建立动态审核机制。"
	textB = "修订党组会议议事规则，细化三重一大事项范围和决策程序，建立会议纪要备案制度。"
	textC = "组织开展安全生产隐患排查专项行动，建立隐患整改台账，实行闭环管理，每月通报进展。"
)

func recurringCorpus() []analytics.Row {
	return concat(
		// 县民政局: D1 in rounds 1, 2 and 3, the third round repeating the first's words.
		textRows("d1", "中共青溪县民政局党组", "十五届县委第一轮", 1, "2022-03-01", "D1", textB),
		textRows("d2", "青溪县民政局党组", "十五届县委第二轮", 2, "2023-01-10", "D1", "严格执行民主集中制，重大事项一律集体决策，末位表态。"),
		textRows("d3", "中共青溪县民政局党组", "十五届县委第三轮", 3, "2024-02-20", "D1", textB, "A7", textC),
		// 县水务局: A7 in rounds 1 and 2, different words.
		textRows("d4", "中共青溪县水务局党组", "十五届县委第一轮", 1, "2022-03-05", "A7", textC),
		textRows("d5", "中共青溪县水务局党组", "十五届县委第二轮", 2, "2023-01-15", "A7", "修订防汛应急预案，汛前开展应急演练，落实安全责任。"),
		// 县财政局: one round only.
		textRows("d6", "中共青溪县财政局党组", "十五届县委第二轮", 2, "2023-01-20", "A7", "开展安全检查。", "E1", "规范报销审核。"),
	)
}

func TestRecurringByUnit(t *testing.T) {
	tax := theme.Default()
	got, err := analytics.RecurringByUnit(recurringCorpus(), analytics.GroupOptions{}, tax)
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != 2 || len(got.Units) != 2 || got.Limit != analytics.DefaultLimit {
		t.Fatalf("got %+v", got)
	}
	mz := got.Units[0]
	if mz.UnitKey != "青溪县民政局" || mz.Unit != "中共青溪县民政局党组" || mz.Strength != 2 || mz.Rounds != 3 || len(mz.Themes) != 1 {
		t.Fatalf("first unit %+v", mz)
	}
	d1 := mz.Themes[0]
	if d1.ID != "D1" || d1.Name == "" || len(d1.Rounds) != 3 || d1.Rounds[0].Round != "十五届县委第一轮" || d1.Rounds[2].Round != "十五届县委第三轮" {
		t.Fatalf("D1 %+v", d1)
	}
	if !d1.Repeated || len(d1.Repeats) != 1 || d1.Repeats[0].Earlier != "d1-1" || d1.Repeats[0].Later != "d3-1" || d1.Repeats[0].Similarity != 1 {
		t.Errorf("repeats %+v", d1.Repeats)
	}
	if d1.Rounds[0].Measures[0].Text != textB || d1.Rounds[0].Measures[0].DisclosureID != "d1" {
		t.Errorf("round measures %+v", d1.Rounds[0])
	}
	sw := got.Units[1]
	if sw.UnitKey != "青溪县水务局" || sw.Strength != 1 || sw.Themes[0].Repeated {
		t.Errorf("second unit %+v", sw)
	}
	// Paging.
	p, err := analytics.RecurringByUnit(recurringCorpus(), analytics.GroupOptions{Offset: 1, Limit: 1}, tax)
	if err != nil || p.Total != 2 || len(p.Units) != 1 || p.Units[0].UnitKey != "青溪县水务局" {
		t.Errorf("page 2: %+v %v", p, err)
	}
	if p, _ := analytics.RecurringByUnit(recurringCorpus(), analytics.GroupOptions{Offset: 9}, tax); len(p.Units) != 0 || p.Units == nil {
		t.Errorf("past the end: %+v", p)
	}
	if _, err := analytics.RecurringByUnit(nil, analytics.GroupOptions{Limit: -1}, tax); !errors.Is(err, analytics.ErrInvalidPage) {
		t.Errorf("negative limit: %v", err)
	}
	if p, _ := analytics.RecurringByUnit(nil, analytics.GroupOptions{Limit: 10000}, tax); p.Limit != analytics.MaxLimit {
		t.Errorf("limit %d, want the maximum", p.Limit)
	}
	// A threshold of three rounds keeps only 民政局.
	if p, _ := analytics.RecurringByUnit(recurringCorpus(), analytics.GroupOptions{MinRounds: 3}, tax); p.Total != 1 {
		t.Errorf("MinRounds 3: %+v", p)
	}
}

func TestCommonByTheme(t *testing.T) {
	rows := concat(
		rows("a", "中共甲局党组", "一轮", ptr(1), 2, "A7"),
		rows("b", "中共乙局党组", "一轮", ptr(1), 1, "A7", "E1"),
		rows("c", "中共丙局党组", "一轮", ptr(1), 1, "E1"),
		rows("d", "中共丁局党组", "二轮", ptr(2), 1, "A7"),
		rows("e", "中共戊局党组", "二轮", ptr(2), 1, "A7"),
		rows("f", "中共己局党组", "二轮", ptr(2), 1, "B1"),
		rows("g", "中共庚局党组", "二轮", ptr(2), 1, "B1"),
		rows("h", "中共辛局党组", "二轮", ptr(2), 1, "C3"),
	)
	got, err := analytics.CommonByTheme(rows, analytics.GroupOptions{}, theme.Default())
	if err != nil {
		t.Fatal(err)
	}
	if got.Total != 4 {
		t.Fatalf("got %d groups: %+v", got.Total, got.Common)
	}
	// Round 1: E1 and A7 each in 2 of 3 units (share 0.67) outrank A7 and
	// B1 in round 2 (2 of 5, 0.4). E1 comes first: carried by 2 of the 8
	// unit-rounds in all, its lift is 0.67 / 0.25; A7 (4 of 8) lifts 1.33.
	first, second := got.Common[0], got.Common[1]
	if first.Round != "一轮" || first.ID != "E1" || first.Units != 2 || first.RoundUnits != 3 || first.Share != 0.67 || first.Lift != 2.67 {
		t.Errorf("first %+v", first)
	}
	if second.Round != "一轮" || second.ID != "A7" || second.Lift != 1.33 || second.Measures != 3 {
		t.Errorf("second %+v", second)
	}
	if len(second.ByUnit) != 2 || second.ByUnit[0].Unit != "中共乙局党组" || len(second.ByUnit[1].MeasureIDs) != 2 {
		t.Errorf("by unit %+v", second.ByUnit)
	}
	if third := got.Common[2]; third.Round != "二轮" || third.Share != 0.4 {
		t.Errorf("third %+v", third)
	}
	if p, _ := analytics.CommonByTheme(rows, analytics.GroupOptions{MinUnits: 3}, nil); p.Total != 0 {
		t.Errorf("MinUnits 3: %+v", p)
	}
}

// TestRankDistinctiveAlwaysAnswers: three units, one with 6 measures of a
// theme no other has. The comparison may find nothing significant, but the
// ranking puts that theme first for that unit, with its z and the marks.
func TestRankDistinctiveAlwaysAnswers(t *testing.T) {
	rows := concat(
		rows("p", "中共甲局党组", "一轮", ptr(1), 6, "B7"),
		rows("p2", "中共甲局党组", "一轮", ptr(1), 6, "A7"),
		rows("q", "中共乙局党组", "一轮", ptr(1), 8, "A7"),
		rows("q2", "中共乙局党组", "一轮", ptr(1), 4, "E1"),
		rows("r", "中共丙局党组", "一轮", ptr(1), 7, "E1"),
		rows("r2", "中共丙局党组", "一轮", ptr(1), 5, "A7"),
	)
	c, err := analytics.Compare(rows, analytics.ByUnit, nil, theme.Default())
	if err != nil {
		t.Fatal(err)
	}
	rk := analytics.RankDistinctive(c, 3)
	if len(rk) != 3 {
		t.Fatalf("%d rankings", len(rk))
	}
	var jia analytics.GroupRanking
	for _, g := range rk {
		if len(g.Themes) == 0 {
			t.Errorf("%s: no themes ranked", g.Group)
		}
		if g.UnitKey == "甲局" {
			jia = g
		}
	}
	top := jia.Themes[0]
	if top.ID != "B7" || !top.Only || top.Count != 6 || top.LogOddsZ <= 0 {
		t.Errorf("甲局's top theme %+v", top)
	}
	if top.Significant != (top.LogOddsZ >= analytics.DistinctiveZ) {
		t.Errorf("significant mark %v for z %.2f", top.Significant, top.LogOddsZ)
	}
	t.Logf("甲局: B7 z %.2f significant %v", top.LogOddsZ, top.Significant)
	// One group: nothing is significant, nothing is "only".
	one := analytics.RankDistinctive(analytics.Comparison{Groups: c.Groups[:1], MinZ: c.MinZ}, 0)
	for _, th := range one[0].Themes {
		if th.Significant || th.Only {
			t.Errorf("a single group marks %+v", th)
		}
	}
	// The comparison's JSON is untouched by the ranking.
	before, _ := json.Marshal(c)
	analytics.RankDistinctive(c, 1)
	after, _ := json.Marshal(c)
	if string(before) != string(after) {
		t.Error("RankDistinctive changed the comparison")
	}
}

func TestTrends(t *testing.T) {
	tax := theme.Default()
	rows := recurringCorpus()
	rows = append(rows, analytics.Row{MeasureID: "x", DisclosureID: "dx", Unit: "中共某局党组", Themes: []string{"A7"}})
	tr, err := analytics.Trends(rows, analytics.PerRound, 0, tax)
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Periods) != 3 || tr.Periods[0].Key != "十五届县委第一轮" || tr.Periods[1].Measures != 4 || tr.Undated != 1 {
		t.Fatalf("periods %+v undated %d", tr.Periods, tr.Undated)
	}
	a7 := tr.Themes[0]
	// A7: round 1 one of 2 measures, round 2 two of 4 (d5, d6), round 3 one
	// of 2; the undated row is left out.
	if a7.ID != "A7" || a7.Total != 4 || fmt.Sprint(a7.Counts) != "[1 2 1]" || fmt.Sprint(a7.Shares) != "[0.5 0.5 0.5]" {
		t.Errorf("A7 %+v", a7)
	}
	ty, err := analytics.Trends(rows, analytics.PerYear, 1, tax)
	if err != nil {
		t.Fatal(err)
	}
	if len(ty.Periods) != 3 || ty.Periods[0].Key != "2022" || ty.Periods[2].Key != "2024" || len(ty.Themes) != 1 || ty.Undated != 1 {
		t.Errorf("per year %+v", ty)
	}
	if _, err := analytics.Trends(rows, "month", 0, tax); !errors.Is(err, analytics.ErrInvalidPeriod) {
		t.Errorf("per month: %v", err)
	}
}

func TestProfile(t *testing.T) {
	p, ok := analytics.Profile(recurringCorpus(), "青溪县民政局党组", analytics.GroupOptions{}, theme.Default())
	if !ok {
		t.Fatal("no profile")
	}
	if p.UnitKey != "青溪县民政局" || p.Measures != 4 || len(p.Disclosures) != 3 || len(p.Rounds) != 3 || len(p.Names) != 2 {
		t.Fatalf("profile %+v", p)
	}
	if p.Disclosures[0].ID != "d1" || p.Disclosures[2].Published != "2024-02-20" {
		t.Errorf("disclosures %+v", p.Disclosures)
	}
	if r3 := p.Rounds[2]; r3.Measures != 2 || len(r3.Themes) != 2 || r3.Themes[0].Share != 0.5 || r3.Themes[0].ID != "A7" {
		t.Errorf("round 3 %+v", r3)
	}
	if p.Recurring == nil || p.Recurring.Themes[0].ID != "D1" || !p.Recurring.Themes[0].Repeated {
		t.Errorf("recurring %+v", p.Recurring)
	}
	if p.Themes[0].ID != "D1" || p.Themes[0].Count != 3 || p.Themes[1].ID != "A7" || p.Themes[1].Share != 0.25 {
		t.Errorf("themes %+v", p.Themes)
	}
	if _, ok := analytics.Profile(recurringCorpus(), "中共不存在局党组", analytics.GroupOptions{}, nil); ok {
		t.Error("a profile for an unknown unit")
	}
}

// synthRows turns a synthetic corpus into rows, themes from the truth.
func synthRows(docs []synth.Doc) []analytics.Row {
	var out []analytics.Row
	for _, d := range docs {
		tr := d.Truth
		for _, m := range tr.Measures {
			out = append(out, analytics.Row{MeasureID: m.Key(tr.Name), DisclosureID: tr.Name, Unit: tr.Unit, RoundKey: tr.RoundKey,
				Themes: m.Themes, Text: m.Text, Published: tr.Published})
		}
	}
	return out
}

// TestGroupedOnSynth: the generator plants a persistent theme per unit and
// a common theme per round; the grouped lists find them.
func TestGroupedOnSynth(t *testing.T) {
	docs := synth.Generate(synth.Options{Seed: 1})
	rows := synthRows(docs)
	rec, err := analytics.RecurringByUnit(rows, analytics.GroupOptions{Limit: analytics.MaxLimit}, nil)
	if err != nil {
		t.Fatal(err)
	}
	units := map[string]bool{}
	for _, d := range docs {
		units[analytics.UnitKey(d.Truth.Unit)] = true
	}
	if rec.Total != len(units) {
		t.Errorf("%d units recur, want every one of %d (each has a persistent theme)", rec.Total, len(units))
	}
	com, err := analytics.CommonByTheme(rows, analytics.GroupOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if com.Total == 0 || com.Common[0].Share != 1 {
		t.Errorf("common: %d groups, first %+v", com.Total, com.Common)
	}
}

func benchRows(b *testing.B, n int) []analytics.Row {
	return synthRows(synth.Generate(synth.Options{Seed: 2, Disclosures: n}))
}

// BenchmarkGrouped10k runs every grouped analytics over the rows of 10,000
// synthetic disclosures (built once, outside the timer) and reports the
// first page's JSON size.
func BenchmarkGrouped10k(b *testing.B) {
	rows := benchRows(b, 10000)
	tax := theme.Default()
	b.ResetTimer()
	for _, bc := range []struct {
		name string
		run  func() any
	}{
		{"recurring_by_unit", func() any { r, _ := analytics.RecurringByUnit(rows, analytics.GroupOptions{}, tax); return r }},
		{"common_by_theme", func() any { r, _ := analytics.CommonByTheme(rows, analytics.GroupOptions{}, tax); return r }},
		{"trends_round", func() any { r, _ := analytics.Trends(rows, analytics.PerRound, 0, tax); return r }},
		{"trends_year", func() any { r, _ := analytics.Trends(rows, analytics.PerYear, 0, tax); return r }},
		{"profile", func() any { r, _ := analytics.Profile(rows, rows[0].Unit, analytics.GroupOptions{}, tax); return r }},
		{"rank_distinctive", func() any {
			c, _ := analytics.Compare(rows, analytics.ByUnit, nil, tax)
			return analytics.RankDistinctive(c, 5)
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var out any
			cpu0 := cpuTime()
			for b.Loop() {
				out = bc.run()
			}
			b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			js, _ := json.Marshal(out)
			b.ReportMetric(float64(len(js)), "json_bytes")
			b.ReportMetric(float64(len(rows)), "rows")
		})
	}
}

func TestRecurringByUnitBounds(t *testing.T) {
	var rs []analytics.Row
	for r := 1; r <= 6; r++ {
		rs = append(rs, rows(fmt.Sprintf("r%d", r), "中共甲局党组", fmt.Sprintf("第%d轮", r), ptr(r), 5, "A7")...)
	}
	got, err := analytics.RecurringByUnit(rs, analytics.GroupOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	th := got.Units[0].Themes[0]
	if th.RoundCount != 6 || len(th.Rounds) != analytics.DefaultRoundsShown || th.Rounds[0].Round != "第3轮" || th.Rounds[3].Round != "第6轮" {
		t.Fatalf("rounds %d listed of %d: %+v", len(th.Rounds), th.RoundCount, th.Rounds)
	}
	if r := th.Rounds[0]; r.Count != 5 || len(r.Measures) != analytics.DefaultMeasuresShown {
		t.Errorf("round %+v", r)
	}
	if u := got.Units[0]; u.Strength != 5 || u.Measures != 30 {
		t.Errorf("strength %d measures %d, want 5 and 30", u.Strength, u.Measures)
	}
	var many []analytics.Row
	for r := 1; r <= 2; r++ {
		for _, th := range []string{"A1", "A2", "A3", "A4", "A5", "A6", "A7"} {
			many = append(many, rows(fmt.Sprintf("m%d%s", r, th), "中共乙局党组", fmt.Sprintf("第%d轮", r), ptr(r), 1, th)...)
		}
	}
	if p, _ := analytics.RecurringByUnit(many, analytics.GroupOptions{}, nil); p.Units[0].ThemeCount != 7 || len(p.Units[0].Themes) != analytics.DefaultThemesShown {
		t.Errorf("themes %d listed of %d", len(p.Units[0].Themes), p.Units[0].ThemeCount)
	}
	got, _ = analytics.RecurringByUnit(rs, analytics.GroupOptions{RoundsShown: 100, MeasuresShown: 1}, nil)
	if th := got.Units[0].Themes[0]; len(th.Rounds) != 6 || len(th.Rounds[0].Measures) != 1 {
		t.Errorf("RoundsShown 100, MeasuresShown 1: %+v", th.Rounds)
	}
}

// cpuTime is the process's user and system CPU time: on a shared machine
// it says what the work costs when wall time says how busy the machine is.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
