package library_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// The disclosures below are invented (units, dates, phone numbers) and
// written in the genre's shape: three rounds of one county bureau, whose
// measures repeat 三会一课 (D2) in the first and third, and a second bureau
// sharing 警示教育 (C3) with the first in the second round.

// minzhengRound1: 中共平川县民政局党组 in 十届县委第一轮: 三会一课 (D2), 低保 (A11), 报销 (E1).
const minzhengRound1 = `中共平川县民政局党组关于十届县委第一轮巡察反馈意见整改情况的通报

根据县委统一部署，2021年4月6日至5月28日，十届县委第一轮巡察第二巡察组对县民政局党组开展了常规巡察。2021年7月9日，县委第二巡察组向县民政局党组反馈了巡察意见。按照党务公开原则和巡察工作有关要求，现将巡察整改情况予以公布。

一、整改工作开展情况

（一）提高政治站位，扛牢整改责任。局党组召开专题会议研究部署巡察整改工作，成立整改工作领导小组，建立问题清单、任务清单、责任清单，逐项明确责任领导和完成时限。

二、整改落实情况

（一）关于基层党组织建设方面的问题

一是严格落实“三会一课”制度，机关各支部每月召开支部党员大会。

二是对全县城乡低保对象开展动态核查，清退不符合条件人员，做到应保尽保。

（二）关于财务管理方面的问题

一是修订财务报销管理办法，规范票据审核流程，清理长期挂账往来款。

欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0898-5231176。

中共平川县民政局党组

2022年1月12日
`

// minzhengRound2: the same unit in 十届县委第二轮: 警示教育 (C3), 政府采购 (E4), 安全生产 (A7); no D2.
const minzhengRound2 = `中共平川县民政局党组关于十届县委第二轮巡察反馈意见整改情况的通报

根据县委统一部署，2022年4月11日至6月2日，十届县委第二轮巡察第三巡察组对县民政局党组开展了常规巡察。2022年7月15日，县委第三巡察组向县民政局党组反馈了巡察意见。按照党务公开原则和巡察工作有关要求，现将巡察整改情况予以公布。

一、整改工作开展情况

（一）压实整改责任，健全工作机制。局党组书记履行第一责任人职责，召开专题会议研究整改工作，实行清单管理、对账销号。

二、整改落实情况

（一）关于全面从严治党方面的问题

一是组织全体党员干部赴廉政教育基地开展警示教育，以身边典型案例开展以案促改。

二是对养老机构建设项目开展政府采购专项检查，规范招标代理机构选取程序。

（二）关于安全稳定方面的问题

一是对机关办公楼和下属单位开展安全隐患排查，落实安全生产责任。

欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0898-5231176。

中共平川县民政局党组

2023年1月16日
`

// minzhengRound3: the same unit in 十届县委第三轮: 三会一课 and 主题党日 again (D2), 年轻干部 (D6).
const minzhengRound3 = `中共平川县民政局党组关于十届县委第三轮巡察反馈意见整改情况的通报

根据县委统一部署，2023年4月10日至6月1日，十届县委第三轮巡察第一巡察组对县民政局党组开展了常规巡察。2023年7月14日，县委第一巡察组向县民政局党组反馈了巡察意见。按照党务公开原则和巡察工作有关要求，现将巡察整改情况予以公布。

一、整改工作开展情况

（一）提高政治站位，扛牢整改责任。局党组把巡察整改作为重大政治任务，成立整改工作领导小组，逐项明确责任领导和完成时限。

二、整改落实情况

（一）关于基层党组织建设方面的问题

一是制定机关党支部“三会一课”年度计划，党组书记每年讲专题党课。

二是规范主题党日活动，由机关党委每季度检查“三会一课”落实情况并通报。

（二）关于干部队伍建设方面的问题

一是制定年轻干部培养计划，选派年轻干部到基层一线锻炼。

欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0898-5231176。

中共平川县民政局党组

2024年1月18日
`

// caizhengRound2: another unit, 中共平川县财政局党组, in 十届县委第二轮: 警示教育 (C3) as 民政局 that round, and 财务 (E1).
const caizhengRound2 = `中共平川县财政局党组关于十届县委第二轮巡察反馈意见整改情况的通报

根据县委统一部署，2022年4月11日至6月2日，十届县委第二轮巡察第四巡察组对县财政局党组开展了常规巡察。2022年7月18日，县委第四巡察组向县财政局党组反馈了巡察意见。按照党务公开原则和巡察工作有关要求，现将巡察整改情况予以公布。

一、整改工作开展情况

（一）提高政治站位，扛牢整改责任。局党组召开专题会议研究部署巡察整改工作，建立问题清单、任务清单、责任清单。

二、整改落实情况

（一）关于全面从严治党方面的问题

一是组织党员干部观看警示教育片，召开以案促改专题组织生活会。

（二）关于财务管理方面的问题

一是修订财政资金拨付审批流程，规范票据审核，清理长期挂账往来款。

欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0898-5231209。

中共平川县财政局党组

2023年1月20日
`

// ingestRounds writes the invented disclosures into a folder and ingests them.
func ingestRounds(t *testing.T, lib *library.Library) {
	t.Helper()
	dir := t.TempDir()
	for name, text := range map[string]string{
		"minzheng1.txt": minzhengRound1, "minzheng2.txt": minzhengRound2,
		"minzheng3.txt": minzhengRound3, "caizheng2.txt": caizhengRound2,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if sum := ingest(t, lib, dir); sum.Stored != 4 {
		t.Fatalf("ingested %+v, want 4 stored", sum)
	}
}

// measuresOf returns the ids of the stored measures of a unit in a round
// that carry a theme.
func measuresOf(t *testing.T, lib *library.Library, unit, round, themeID string) []string {
	t.Helper()
	rows, err := lib.Store().MeasureRows(context.Background(), storeFilter(unit, round))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, r := range rows {
		if slices.Contains(r.Themes, themeID) {
			ids = append(ids, r.MeasureID)
		}
	}
	return ids
}

func TestRecurringAndCommonAcrossRounds(t *testing.T) {
	ctx := context.Background()
	lib := open(t, t.TempDir(), library.Options{})
	defer lib.Close()
	ingestRounds(t, lib)

	rec, err := lib.Recurring(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	const mz = "中共平川县民政局党组"
	wantIDs := append(measuresOf(t, lib, mz, "十届县委第一轮", "D2"), measuresOf(t, lib, mz, "十届县委第三轮", "D2")...)
	want := []analytics.Recurrence{{Unit: mz, UnitKey: "平川县民政局", ID: "D2", Name: "三会一课等组织生活",
		Rounds: []int{1, 3}, RoundKeys: []string{"平川县十届县委第一轮", "平川县十届县委第三轮"}, MeasureIDs: wantIDs}}
	if len(wantIDs) != 3 || !reflect.DeepEqual(rec.Recurring, want) {
		t.Errorf("Recurring =\n%+v\nwant\n%+v", rec.Recurring, want)
	}
	if rec, _ := lib.Recurring(ctx, 3); len(rec.Recurring) != 0 {
		t.Errorf("in 3 rounds: %+v", rec.Recurring)
	}

	common, err := lib.Common(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(common.Common) != 1 {
		t.Fatalf("Common = %+v, want C3 in 十届县委第二轮 only", common.Common)
	}
	c := common.Common[0]
	wantC := append(measuresOf(t, lib, mz, "十届县委第二轮", "C3"), measuresOf(t, lib, "中共平川县财政局党组", "十届县委第二轮", "C3")...)
	if c.Round != "平川县十届县委第二轮" || c.ID != "C3" || c.Units != 2 || c.Name == "" ||
		!reflect.DeepEqual(c.UnitNames, []string{mz, "中共平川县财政局党组"}) || !sameSet(c.MeasureIDs, wantC) {
		t.Errorf("common %+v, want measures %v", c, wantC)
	}

	// Compare the rounds of one unit, named by a variant of its name.
	cmp, err := lib.Compare(ctx, analytics.ByRound, []string{"平川县民政局党委"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, g := range cmp.Groups {
		keys = append(keys, g.Key)
		if g.Measures != 3 {
			t.Errorf("round %s of 民政局: %d measures, want 3", g.Key, g.Measures)
		}
	}
	// Rounds carry their place: documents print 十届县委第一轮 without it.
	if want := []string{"平川县十届县委第一轮", "平川县十届县委第二轮", "平川县十届县委第三轮"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("rounds %v, want %v", keys, want)
	}
	// Compare the units within one round.
	cmp, err = lib.Compare(ctx, analytics.ByUnit, nil, []string{"十届县委第二轮"})
	if err != nil {
		t.Fatal(err)
	}
	if len(cmp.Groups) != 2 || cmp.Groups[0].Measures+cmp.Groups[1].Measures != 5 {
		t.Errorf("units in round 2: %+v", cmp.Groups)
	}
	// The same round by its number, as the contract's --rounds N,M gives it.
	byNumber, err := lib.Compare(ctx, analytics.ByUnit, nil, []string{"2"})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(byNumber.Groups, cmp.Groups) {
		t.Errorf("round 2 by number: %+v, by key: %+v", byNumber.Groups, cmp.Groups)
	}
	if _, err := lib.Compare(ctx, "year", nil, nil); err == nil {
		t.Error("compare by year: no error")
	}
}

func sameSet(a, b []string) bool {
	return reflect.DeepEqual(slices.Sorted(slices.Values(a)), slices.Sorted(slices.Values(b)))
}

// TestAnalyticsOnFixtures checks on the parser fixtures that every measure
// of a rectification disclosure is counted once, and that every reported
// measure id is stored and carries its theme.
func TestAnalyticsOnFixtures(t *testing.T) {
	ctx := context.Background()
	lib := open(t, t.TempDir(), library.Options{})
	defer lib.Close()
	ingest(t, lib, fixtures(t))
	rows, err := lib.Store().MeasureRows(ctx, storeFilter("", ""))
	if err != nil {
		t.Fatal(err)
	}
	st, _ := lib.Stats(ctx)
	if len(rows) == 0 || len(rows) > st.Measures {
		t.Fatalf("%d rows of %d measures", len(rows), st.Measures)
	}
	cmp, err := lib.Compare(ctx, analytics.ByUnit, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, g := range cmp.Groups {
		total += g.Measures
		for _, th := range g.Themes {
			for _, id := range th.MeasureIDs {
				m, err := lib.Store().Measure(ctx, id)
				if err != nil || !slices.Contains(m.Themes, th.ID) {
					t.Errorf("%s %s: measure %s: %v", g.Key, th.ID, id, err)
				}
			}
		}
	}
	if total != len(rows) {
		t.Errorf("groups count %d measures, the store %d", total, len(rows))
	}
	// The prior is as strong as the data: a dozen measures per unit rarely
	// set a theme apart at z ≥ 1.96, but every listed one must reach it.
	for _, d := range cmp.Distinctive {
		if d.LogOddsZ < analytics.DistinctiveZ || d.Name == "" {
			t.Errorf("distinctive %+v", d)
		}
	}
	byRound, err := lib.Compare(ctx, analytics.ByRound, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(byRound.Groups) < 3 {
		t.Errorf("%d round groups", len(byRound.Groups))
	}
	// Every fixture unit is inspected in one round only, and no round has two units.
	if rec, err := lib.Recurring(ctx, 2); err != nil || len(rec.Recurring) != 0 {
		t.Errorf("Recurring on the fixtures = %+v, %v", rec, err)
	}
	if com, err := lib.Common(ctx, 2); err != nil || len(com.Common) != 0 {
		t.Errorf("Common on the fixtures = %+v, %v", com, err)
	}
}

// storeFilter selects one unit and one round ("" for any).
func storeFilter(unit, round string) store.RowFilter {
	var f store.RowFilter
	if unit != "" {
		f.Units = []string{unit}
	}
	if round != "" {
		f.RoundKeys = []string{round}
	}
	return f
}
