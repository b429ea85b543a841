package library_test

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus/synth"
	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
)

// Two invented disclosures whose measures copy fixture measures with one or
// two characters changed (and one copy of a measure within its own
// disclosure), for the near-duplicate tests.
const (
	// copiesCulture copies 01 (青澜区文化和旅游体育局, 研讨6次 → 8次) and
	// 03 (梧桥市卫生健康委员会, 市医疗保障局 → 县…, 全市 → 全县); its
	// 三是 repeats its own 一是 with 8次 → 10次.
	copiesCulture = `中共柏川县文化和旅游局党组关于县委第三巡察组巡察反馈意见整改情况的通报

根据县委统一部署，2024年4月8日至6月7日，县委第三巡察组对县文化和旅游局党组开展了常规巡察，并于2024年7月16日反馈了巡察意见。局党组把巡察整改作为重大政治任务，逐项制定整改措施。现将整改情况予以公布。

一、整改工作开展情况

局党组成立巡察整改工作领导小组，党组书记任组长，建立整改台账，实行清单化管理。

二、整改落实情况

（一）关于理论学习不深入的问题

一是修订党组理论学习中心组学习制度，将学习贯彻习近平新时代中国特色社会主义思想列为第一议题，全年开展专题研讨8次。二是组织全体干部赴红色教育基地开展现场教学，撰写心得体会。三是修订党组理论学习中心组学习制度，将学习贯彻习近平新时代中国特色社会主义思想列为第一议题，全年开展专题研讨10次。

（二）关于行业监管不到位的问题

一是联合县医疗保障局开展医保基金使用专项检查，覆盖全县公立医院和民营医院，对发现的违规使用医保基金问题督促限期整改并追回违规资金。二是对全县星级饭店和旅行社开展安全生产检查，建立隐患清单。

欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0571-6688123。

中共柏川县文化和旅游局党组
2025年1月10日
`
	// copiesMarket copies 05 (鹿溪市市场监督管理局, 干扰 → 干预) and 07
	// (南岭省交通运输厅, 厅党组 → 局党组).
	copiesMarket = `中共溪口市市场监督管理局党组关于市委第二巡察组巡察反馈意见整改情况的通报

根据市委统一部署，2024年3月11日至5月10日，市委第二巡察组对市市场监督管理局党组开展了常规巡察，并于2024年6月20日反馈了巡察意见。局党组高度重视，认真制定整改方案。现将整改情况予以公布。

一、整改工作开展情况

局党组召开专题会议研究部署整改工作，主要负责同志切实履行第一责任人职责。

二、整改落实情况

（一）关于优化营商环境不力的问题

一是制定优化营商环境专项行动方案，梳理涉企行政检查事项清单，推行“综合查一次”，减少对企业正常生产经营的干预。二是开通涉企投诉绿色通道，限时办结企业诉求。

（二）关于落实管党治党责任不到位的问题

一是修订局党组落实全面从严治党主体责任清单和班子成员“一岗双责”清单，压紧压实管党治党政治责任。二是开展食品安全领域警示教育，通报典型案例。

欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0572-8123456。

中共溪口市市场监督管理局党组
2025年2月14日
`
)

// Fixture measures that the planted disclosures copy.
const (
	fixtureStudy     = "cbd87e0976710b91-001" // 01 一是, copied by the culture bureau
	fixtureInsurance = "990e4ec5f826827d-006" // 03, copied by the culture bureau
	fixtureBusiness  = "32c10524b5ddc462-001" // 05, copied by the market bureau
	fixtureDuty      = "71c2374c6c56d094-004" // 07, copied by the market bureau
)

// similarLibrary ingests the fixtures into a fresh library and returns it
// with the paths of the two planted disclosures, not yet ingested.
func similarLibrary(t *testing.T) (*library.Library, string, string) {
	t.Helper()
	lib := open(t, t.TempDir(), library.Options{})
	t.Cleanup(func() { lib.Close() })
	ingest(t, lib, fixtures(t))
	dir := t.TempDir()
	a, b := filepath.Join(dir, "culture.txt"), filepath.Join(dir, "market.txt")
	for p, text := range map[string]string{a: copiesCulture, b: copiesMarket} {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return lib, a, b
}

// other returns the measure of p that is not id.
func other(p library.MeasurePair, id string) library.MeasureRef {
	if p.A.ID == id {
		return p.B
	}
	return p.A
}

// copyOf finds the pair of a fixture measure and its planted copy.
func copyOf(pairs []library.MeasurePair, fixture string) (library.MeasurePair, bool) {
	for _, p := range pairs {
		if p.A.ID != fixture && p.B.ID != fixture {
			continue
		}
		if u := other(p, fixture).Unit; strings.Contains(u, "柏川县") || strings.Contains(u, "溪口市") {
			return p, true
		}
	}
	return library.MeasurePair{}, false
}

func TestDuplicatesAcrossUnits(t *testing.T) {
	ctx := context.Background()
	lib, a, b := similarLibrary(t)
	planted := []string{fixtureStudy, fixtureInsurance, fixtureBusiness, fixtureDuty}
	before, err := lib.Duplicates(ctx, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range planted {
		if _, ok := copyOf(before, f); ok {
			t.Fatalf("a copy of %s before the copies were ingested", f)
		}
	}
	ingest(t, lib, a, b) // must invalidate the cached index
	pairs, err := lib.Duplicates(ctx, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range planted {
		p, ok := copyOf(pairs, f)
		if !ok {
			t.Errorf("no copy of %s among %d pairs", f, len(pairs))
			continue
		}
		if p.Similarity < 0.8 || p.Similarity >= 1 || p.A.Unit == p.B.Unit || p.A.Text == "" || p.B.DisclosureID == "" {
			t.Errorf("pair %+v", p)
		}
	}
	for i, p := range pairs {
		if p.A.Unit == p.B.Unit {
			t.Errorf("pair within one unit: %+v", p)
		}
		if i > 0 && p.Similarity > pairs[i-1].Similarity {
			t.Errorf("pairs not ordered by similarity at %d", i)
		}
	}
	// The culture bureau's 一是 and 三是 are one unit's: only with same-unit pairs.
	all, err := lib.Duplicates(ctx, 0.8, false)
	if err != nil {
		t.Fatal(err)
	}
	same := 0
	for _, p := range all {
		if p.A.Unit == p.B.Unit && strings.Contains(p.A.Unit, "柏川县") {
			same++
		}
	}
	if same != 1 || len(all) < len(pairs)+1 {
		t.Errorf("%d same-unit pairs of the culture bureau, %d pairs in all against %d across units", same, len(all), len(pairs))
	}
	if again, _ := lib.Duplicates(ctx, 0.8, true); len(again) != len(pairs) {
		t.Error("Duplicates is not repeatable")
	}
	if _, err := lib.Duplicates(ctx, 1.5, true); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("threshold 1.5: %v", err)
	}
}

func TestSimilarRanksTheCopyFirst(t *testing.T) {
	ctx := context.Background()
	lib, a, b := similarLibrary(t)
	ingest(t, lib, a, b)
	pairs, err := lib.Duplicates(ctx, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := copyOf(pairs, fixtureInsurance)
	if !ok {
		t.Fatal("no copy of the insurance measure")
	}
	copyID := other(p, fixtureInsurance).ID
	got, err := lib.Similar(ctx, copyID, 5, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) == 0 || got[0].B.ID != fixtureInsurance || got[0].A.ID != copyID || got[0].Similarity < 0.8 {
		t.Fatalf("Similar(%s) = %+v, want %s first", copyID, got, fixtureInsurance)
	}
	for _, g := range got {
		if g.B.Unit == g.A.Unit || g.B.ID == copyID {
			t.Errorf("other units only, yet %+v", g.B)
		}
	}
	// With every unit, the study copy's nearest two are the fixture it
	// copies and its own unit's repeat.
	study, ok := copyOf(pairs, fixtureStudy)
	if !ok {
		t.Fatal("no copy of the study measure")
	}
	studyCopy := other(study, fixtureStudy).ID
	mine, err := lib.Similar(ctx, studyCopy, 3, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(mine) < 2 || !(mine[0].B.ID == fixtureStudy && mine[1].B.Unit == mine[1].A.Unit ||
		mine[1].B.ID == fixtureStudy && mine[0].B.Unit == mine[0].A.Unit) {
		t.Errorf("Similar(%s, all units) = %+v", studyCopy, mine)
	}
	if _, err := lib.Similar(ctx, "nosuch-001", 5, true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown measure: %v, want store.ErrNotFound", err)
	}
	// Deleting a disclosure drops its measures from the next answer.
	if err := lib.Delete(ctx, got[0].A.DisclosureID); err != nil {
		t.Fatal(err)
	}
	if _, err := lib.Similar(ctx, copyID, 5, true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted measure: %v, want store.ErrNotFound", err)
	}
}

func TestSimilarDuringIngest(t *testing.T) {
	ctx := context.Background()
	lib, a, b := similarLibrary(t)
	done := make(chan error)
	for range 3 {
		go func() {
			var err error
			for range 5 {
				if _, err = lib.Duplicates(ctx, 0.5, true); err != nil {
					break
				}
			}
			done <- err
		}()
	}
	ingest(t, lib, a, b)
	for range 3 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
	pairs, err := lib.Duplicates(ctx, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := copyOf(pairs, fixtureDuty); !ok {
		t.Error("the copies ingested during queries are not in the next answer")
	}
}

func TestDuplicatesPage(t *testing.T) {
	ctx := context.Background()
	lib, a, b := similarLibrary(t)
	ingest(t, lib, a, b)
	all, err := lib.Duplicates(ctx, 0.5, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 3 {
		t.Fatalf("only %d pairs at 0.5", len(all))
	}
	var paged []library.MeasurePair
	for off := 0; off < len(all)+2; off += 2 {
		page, err := lib.DuplicatesPage(ctx, library.DuplicateQuery{Threshold: 0.5, Offset: off, Limit: 2})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != len(all) || len(page.Pairs) > 2 {
			t.Fatalf("offset %d: total %d (want %d), %d pairs", off, page.Total, len(all), len(page.Pairs))
		}
		paged = append(paged, page.Pairs...)
	}
	if len(paged) != len(all) {
		t.Fatalf("pages hold %d pairs, Duplicates %d", len(paged), len(all))
	}
	for i := range all {
		if paged[i].A.ID != all[i].A.ID || paged[i].B.ID != all[i].B.ID {
			t.Errorf("pair %d: paged %s/%s, all %s/%s", i, paged[i].A.ID, paged[i].B.ID, all[i].A.ID, all[i].B.ID)
		}
	}
	for _, q := range []library.DuplicateQuery{{Limit: library.MaxDuplicateLimit + 1}, {Offset: -1}, {Offset: library.MaxDuplicateOffset + 1}, {Threshold: 2}} {
		if _, err := lib.DuplicatesPage(ctx, q); !errors.Is(err, store.ErrInvalid) {
			t.Errorf("%+v: err %v, want ErrInvalid", q, err)
		}
	}
}

// TestDuplicatesPageMemoryDoesNotGrow: on synthetic corpora of 40 and 120
// disclosures (pairs growing with the square of the copies), one page of
// duplicates allocates about the same once the index is built: the pairs
// are never all held.
func TestDuplicatesPageMemoryDoesNotGrow(t *testing.T) {
	ctx := context.Background()
	measure := func(n int) (uint64, int) {
		in := t.TempDir()
		for _, d := range synth.Generate(synth.Options{Seed: 11, Disclosures: n}) {
			if err := os.WriteFile(filepath.Join(in, d.Name), []byte(d.Text), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		lib := open(t, t.TempDir(), library.Options{})
		defer lib.Close()
		ingest(t, lib, in)
		q := library.DuplicateQuery{Threshold: 0.3, Limit: 50}
		if _, err := lib.DuplicatesPage(ctx, q); err != nil { // builds the index
			t.Fatal(err)
		}
		// TotalAlloc counts every goroutine's allocations, bleve's segment
		// merging after the ingest included: the least of a few runs is
		// the page's own.
		least, total := uint64(math.MaxUint64), 0
		for range 5 {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			page, err := lib.DuplicatesPage(ctx, q)
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			if len(page.Pairs) != 50 {
				t.Fatalf("%d disclosures: %d pairs on the page of %d", n, len(page.Pairs), page.Total)
			}
			least, total = min(least, after.TotalAlloc-before.TotalAlloc), page.Total
		}
		return least, total
	}
	small, pSmall := measure(40)
	large, pLarge := measure(120)
	t.Logf("a page of 50: %d bytes over %d pairs, %d bytes over %d pairs", small, pSmall, large, pLarge)
	if pLarge < 4*pSmall {
		t.Fatalf("pairs grew only from %d to %d; the test needs more", pSmall, pLarge)
	}
	if large > 2*small+256<<10 {
		t.Errorf("a page of 50 allocated %d bytes over %d pairs but %d over %d: it grows with the pairs", large, pLarge, small, pSmall)
	}
}
