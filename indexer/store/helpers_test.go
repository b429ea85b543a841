package store_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/indexer/store"
)

func ptr[T any](v T) *T { return &v }

// mustOpen opens a store at path and closes it when the test ends.
func mustOpen(tb testing.TB, path string) *store.Store {
	tb.Helper()
	s, err := store.Open(context.Background(), path, store.Options{ParserVersion: "test-1"})
	if err != nil {
		tb.Fatalf("Open(%s): %v", path, err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// newStore opens a fresh store in a temporary folder.
func newStore(tb testing.TB) (*store.Store, string) {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "data", "zhenggai.db")
	return mustOpen(tb, path), path
}

// original wraps text as the bytes of a txt file.
func original(name, text string) store.Original {
	data := []byte(text)
	sum := sha256.Sum256(data)
	return store.Original{SHA256: hex.EncodeToString(sum[:]), Path: name, Format: "txt", Encoding: "utf-8", Data: data}
}

// fixture is a small record: unit, body, term, round, published and one
// theme list per measure.
type fixture struct {
	unit      string
	body      string
	term      *int
	round     *int
	published string
	kind      corpus.Kind
	themes    [][]string
}

// build makes the original and the record of f; name makes the bytes unique.
func (f fixture) build(name string) (store.Original, *corpus.Disclosure) {
	o := original(name+".txt", "中共"+f.unit+"关于巡察整改进展情况的通报 "+name)
	kind := f.kind
	if kind == "" {
		kind = corpus.KindRectification
	}
	d := &corpus.Disclosure{
		ID:         o.SHA256[:16],
		Source:     corpus.Source{Path: o.Path, SHA256: o.SHA256, Format: "txt", Encoding: "utf-8", Bytes: int64(len(o.Data))},
		Kind:       kind,
		Title:      f.unit + "关于" + f.body + "巡察整改进展情况的通报",
		Unit:       f.unit,
		Inspection: corpus.Inspection{Scope: "巡察", Body: f.body, Term: f.term, Round: f.round},
		Published:  f.published,
		Categories: []corpus.Category{},
		Sections:   []corpus.Section{},
		Flags:      []corpus.Flag{},
		Measures:   []corpus.Measure{},
	}
	for i, th := range f.themes {
		d.Measures = append(d.Measures, corpus.Measure{
			ID: fmt.Sprintf("%s-%03d", d.ID, i+1), Category: 1, Number: i + 1,
			Text: fmt.Sprintf("第%d项整改措施", i+1), Themes: th,
		})
	}
	return o, d
}

// mustPut stores the fixture and returns its id.
func mustPut(tb testing.TB, s *store.Store, f fixture, name string) string {
	tb.Helper()
	o, d := f.build(name)
	id, created, err := s.Put(context.Background(), o, d)
	if err != nil || !created {
		tb.Fatalf("Put(%s) = %q, %v, %v", name, id, created, err)
	}
	return id
}

// rowCounts counts the rows of every table through a separate connection.
func rowCounts(tb testing.TB, path string) map[string]int {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	counts := map[string]int{}
	for _, table := range []string{"originals", "disclosures", "measures", "measure_themes", "meta"} {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
			tb.Fatalf("count %s: %v", table, err)
		}
		counts[table] = n
	}
	return counts
}

// fullDisclosure is a realistic record with every part filled in: counts
// with nil and non-nil pointers, figures, categories with problems, measures
// with and without problems and themes, nested sections, contact, signature
// and flags.
func fullDisclosure(o store.Original) *corpus.Disclosure {
	id := o.SHA256[:16]
	return &corpus.Disclosure{
		ID: id,
		Source: corpus.Source{Path: o.Path, SHA256: o.SHA256, Format: "txt", Encoding: "gb18030",
			Bytes: int64(len(o.Data))},
		Kind:       corpus.KindRectification,
		KindReason: "title: 巡察整改进展情况的通报",
		Title:      "中共拉萨市教育局党组关于十届市委第二轮巡察整改进展情况的通报",
		Letterhead: "中共拉萨市教育局党组",
		Unit:       "中共拉萨市教育局党组",
		UnitOrgan:  "党组",
		Inspection: corpus.Inspection{
			Scope: "巡察", Body: "市委", Level: "city", Term: ptr(10), Round: ptr(2),
			Group: "巡察四组", Type: "专项巡察", Types: []string{"专项巡察", "巡察“回头看”"},
			Topic: "校园食品安全", Start: "2023-04-04", End: "2023-06-03", PeriodPrecision: "day",
			DurationDays: ptr(60), Feedback: "2023-07-18", FeedbackYearInferred: true,
		},
		Published:     "2024-04-15",
		PublishedFrom: "signature",
		Publisher:     "拉萨市纪委监委",
		Counts: corpus.Counts{
			Categories: ptr(3), Aspects: ptr(11), Problems: ptr(35), Measures: nil,
			Rectified: ptr(33), InProgress: ptr(2), Rate: ptr(94.3), RateComputed: ptr(94.28571428571429),
			LongTerm: ptr(0),
		},
		Accountability: &corpus.Accountability{PartyDiscipline: ptr(2), Admonished: ptr(5), Criticised: ptr(0)},
		Figures: &corpus.Figures{MoneyYuan: ptr(123456.78), Institutions: ptr(12),
			Meetings: map[string]int{"党组会": 8, "专题民主生活会": 1}, Lists: []string{"问题清单", "任务清单"}},
		Categories: []corpus.Category{
			{Number: 1, Title: "聚焦党中央各项决策部署在基层的落实情况方面存在的问题", Problems: []corpus.Problem{
				{Number: 1, Title: "落实校长负责制不到位"}, {Number: 2, Title: "违规发放津补贴"}}},
			{Number: 2, Title: "聚焦群众身边不正之风和腐败问题方面", Problems: []corpus.Problem{}},
		},
		Measures: []corpus.Measure{
			{ID: id + "-001", Category: 1, Problem: ptr(1), Number: 1, Marker: "一是",
				Text: "修订完善《党组织领导的校长负责制实施办法》，明确议事规则和决策程序。", Themes: []string{"A12", "D3"}},
			{ID: id + "-002", Category: 1, Problem: ptr(2), Number: 2, Marker: "二是",
				Text: "对2019年以来违规发放的津补贴全部清退，共计12.35万元。", Themes: []string{"C4"}},
			{ID: id + "-003", Category: 2, Problem: nil, Number: 1, Marker: "（1）",
				Text: "开展作风建设专项整治。", Themes: []string{}},
		},
		Sections: []corpus.Section{
			{Number: "一", Marker: "一、", Title: "整改工作开展情况", Text: "党组高度重视……", Children: []corpus.Section{
				{Number: "一", Marker: "（一）", Title: "提高政治站位", Text: "……", Children: []corpus.Section{}},
			}},
			{Number: "二", Title: "整改落实情况", Children: []corpus.Section{}},
		},
		NextSteps: "持续巩固整改成果。",
		Contact: &corpus.Contact{Phones: []string{"0891-6323368"}, Emails: []string{},
			Address: "拉萨市城关区江苏路1号", Postcode: "850000"},
		Signature: &corpus.Signature{Org: "中共拉萨市教育局党组", Date: "2024-04-15"},
		Flags: []corpus.Flag{{Code: corpus.FlagRateMismatch, Detail: "stated 94.3, computed 94.29"},
			{Code: corpus.FlagTraditional}},
	}
}
