package accuracy_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/accuracy"
	"github.com/zhenggai/zhenggai/corpus/extract"
)

func newLoader() *corpus.Loader {
	return corpus.NewLoader(extract.New(extract.Options{}, nil), corpus.NewParser(corpus.Options{}))
}

// TestFixturesAccuracy measures every fixture's hand-written expectation,
// prints the per-field table, and fails when any stated field is wrong or
// missing: each expectation must hold.
func TestFixturesAccuracy(t *testing.T) {
	r, err := accuracy.Run(context.Background(), newLoader(), filepath.Join("..", "testdata", "fixtures"))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := r.Write(&b, true); err != nil {
		t.Fatal(err)
	}
	t.Logf("parse accuracy on the fixtures:\n%s", b.String())
	if r.Documents < 22 {
		t.Errorf("measured %d documents, want every fixture (at least 22)", r.Documents)
	}
	for _, f := range []string{"kind", "unit", "group", "start", "end", "feedback", "published", "category_count", "measure_count", "measure_text", "phones"} {
		if r.Field(f).Total() == 0 {
			t.Errorf("no fixture states %s", f)
		}
	}
	if err := r.Check(); err != nil {
		t.Error(err)
	}
}

func disclosure(t *testing.T, text string) *corpus.Disclosure {
	t.Helper()
	d, err := corpus.NewParser(corpus.Options{}).Parse(corpus.Input{Text: text})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

const sample = `中共某县测试局党组关于县委巡察三组巡察反馈意见整改情况的通报

根据县委统一部署，2024年3月1日至4月30日，县委巡察三组对县测试局党组开展了常规巡察，并于2024年6月5日反馈了巡察意见。现将整改情况予以公布。

一、反馈问题整改情况

（一）关于贯彻落实上级决策部署方面

一是修订学习制度，落实第一议题。二是建立督办台账，按月通报。

欢迎广大干部群众监督。联系电话：0999-1234567。

中共某县测试局党组
2024年9月2日
`

// TestVerdicts checks right, wrong and missing on each kind of field,
// stated nulls, and measure texts counted one by one.
func TestVerdicts(t *testing.T) {
	d := disclosure(t, sample)
	want := map[string]any{
		"kind":       "rectification",
		"unit":       "中共某县测试局党委", // wrong
		"inspection": map[string]any{"group": "巡察三组", "start": "2024-03-01", "end": "2024-04-30", "feedback": "2024-06-05", "round": 2.0},
		"published":  "2024-09-02",
		"counts":     map[string]any{"problems": nil, "measures": 4.0},
		"measures":   []any{map[string]any{"text": "修订学习制度，落实第一议题。"}, map[string]any{"text": "别的措施"}, map[string]any{"number": 3.0}},
		"contact":    map[string]any{"phones": []any{"0999-1234567"}},
	}
	var r accuracy.Report
	if err := r.Add(accuracy.Expectation{File: "x.txt", Want: want}, d); err != nil {
		t.Fatal(err)
	}
	type rwm struct{ right, wrong, missing int }
	for field, exp := range map[string]rwm{
		"kind": {1, 0, 0}, "unit": {0, 1, 0}, "group": {1, 0, 0}, "start": {1, 0, 0}, "end": {1, 0, 0},
		"feedback": {1, 0, 0}, "round": {0, 0, 1}, "published": {1, 0, 0},
		"counts.problems": {1, 0, 0}, "counts.measures": {0, 0, 1},
		"measure_count": {0, 1, 0}, "measure_text": {1, 1, 0}, "phones": {1, 0, 0}, "term": {0, 0, 0},
	} {
		got := r.Field(field)
		if (rwm{got.Right, got.Wrong, got.Missing}) != exp {
			t.Errorf("%s: right/wrong/missing = %d/%d/%d, want %v", field, got.Right, got.Wrong, got.Missing, exp)
		}
	}
	if err := r.Check(); !errors.Is(err, accuracy.ErrRegressed) || !strings.Contains(err.Error(), "unit (1 wrong") {
		t.Errorf("Check = %v", err)
	}
	var b strings.Builder
	if err := r.Write(&b, true); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `wrong    x.txt unit: got "中共某县测试局党组", want "中共某县测试局党委"`) {
		t.Errorf("table does not list the wrong unit:\n%s", b.String())
	}
	// A stated null against a value is wrong; a hand count is used before
	// the length of a measure list.
	var r2 accuracy.Report
	_ = r2.Add(accuracy.Expectation{File: "y", Want: map[string]any{"unit": nil, "measure_count": 2.0, "category_count": 3.0}}, d)
	if c := r2.Field("category_count"); c.Wrong != 1 {
		t.Errorf("hand category count 3 against 1: %+v", c)
	}
	if u := r2.Field("unit"); u.Wrong != 1 {
		t.Errorf("stated null unit against a unit: %+v", u)
	}
	if m := r2.Field("measure_count"); m.Right != 1 {
		t.Errorf("hand count 2: %+v", m)
	}
	if err := r2.Check(); err == nil {
		t.Error("Check passed a wrong field")
	}
}

// TestRunFolder runs a folder with an expect.jsonl, one file of which
// cannot be read: it counts as unread and its fields as missing.
func TestRunFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte(sample), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "empty.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	jsonl := "# hand counts\n" +
		`{"file":"a.txt","kind":"rectification","unit":"中共某县测试局党组","measure_count":2}` + "\n\n" +
		`{"file":"empty.txt","kind":"rectification"}` + "\n"
	if err := os.WriteFile(filepath.Join(dir, accuracy.ExpectFile), []byte(jsonl), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := accuracy.Run(context.Background(), newLoader(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if r.Documents != 2 || len(r.Unread) != 1 || !strings.HasPrefix(r.Unread[0], "empty.txt: ") {
		t.Fatalf("documents %d, unread %v", r.Documents, r.Unread)
	}
	if k := r.Field("kind"); k.Right != 1 || k.Missing != 1 {
		t.Errorf("kind %+v", k)
	}
	if m := r.Field("measure_count"); m.Right != 1 || m.Total() != 1 {
		t.Errorf("measure_count %+v", m)
	}
}

// TestLoadErrors: a bad expectations file says where and why.
func TestLoadErrors(t *testing.T) {
	for name, c := range map[string]struct{ jsonl, want string }{
		"bad json":  {"{\"file\":\"a\"}\n{oops\n", "expect.jsonl:2: decode expectation"},
		"no file":   {`{"kind":"other"}`, "expect.jsonl:1: expectation names no \"file\""},
		"duplicate": {"{\"file\":\"a\"}\n{\"file\":\"a\"}\n", "expect.jsonl:2: a already expected on line 1"},
		"empty":     {"# nothing\n", "no expectations"},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, accuracy.ExpectFile), []byte(c.jsonl), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := accuracy.Load(dir)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, accuracy.ExpectFile), []byte(`{"file":"../x.txt"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := accuracy.Run(context.Background(), newLoader(), dir); err == nil || !strings.Contains(err.Error(), "not a file inside") {
		t.Errorf("file outside the folder: %v", err)
	}
	if _, err := accuracy.Load(t.TempDir()); err == nil || !strings.Contains(err.Error(), "no expect.jsonl and no .txt fixtures") {
		t.Errorf("empty folder: %v", err)
	}
}
