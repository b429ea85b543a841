// Package accuracy measures how well the parser reads documents whose
// right answer someone wrote down by hand: for each field, how many
// documents it got right, wrong, or missed.
//
// # Expectations
//
// An expectation is a partial record in the JSON names of docs/contract.md,
// written by a person who read the document, never copied from the parser's
// output. Only what it states is checked; a field it leaves out is not
// counted. Two layouts are read:
//
//   - a fixture folder (corpus/testdata/fixtures): each NAME.txt beside its
//     NAME.expect.json;
//   - any folder of files in the formats the extractor reads (.html, .pdf,
//     .docx, .txt …) with one expect.jsonl: one JSON object per line, the
//     expectation of one file, naming it relative to the folder in "file"
//     (`{"file":"a.html","kind":"rectification","unit":"…","measure_count":12}`).
//     Keep such folders of real pages outside the repository.
//
// The fields reported, and where an expectation states them:
//
//	kind                 "kind" (the classification)
//	unit                 "unit"
//	group start end      "inspection": {"group", "start", "end",
//	feedback round term                 "feedback", "round", "term"}
//	published            "published"
//	counts.NAME          "counts": {"problems": 35, "measures": null, …}, one field per name stated
//	category_count       "category_count" (a hand count), else the length of "categories"
//	measure_count        "measure_count" (a number: a hand count), else the length of "measures"
//	measure_text         each element of "measures" that states a "text", compared with the
//	                     measure at the same position (counted per measure, not per document)
//	phones               "contact": {"phones": [...]} (the whole list, in order)
//
// A stated value the record lacks (absent, null, "" or an empty list) is
// missing; a different value is wrong. A stated null is right only when the
// record has no value either (a count the document does not state).
// "measure_count", "category_count" and "file" are expectation-only keys:
// they are not record fields.
package accuracy

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/zhenggai/zhenggai/corpus"
)

// ExpectFile is the expectations file of a folder of documents.
const ExpectFile = "expect.jsonl"

// maxExpectBytes caps the size of one expectations file.
const maxExpectBytes = 16 << 20

// Expectation is what a person stated about one document.
type Expectation struct {
	// File is the document, relative to the folder it was listed in.
	File string
	// Want is the partial record, decoded from JSON.
	Want map[string]any
}

// Load reads a folder's expectations: its expect.jsonl when there is one,
// else the NAME.expect.json beside each NAME.txt.
func Load(dir string) ([]Expectation, error) {
	path := filepath.Join(dir, ExpectFile)
	if _, err := os.Stat(path); err == nil {
		return LoadJSONL(path)
	}
	return LoadFixtures(dir)
}

// LoadFixtures reads the NAME.expect.json of every NAME.txt in dir, in name
// order; a .txt without one is an error.
func LoadFixtures(dir string) ([]Expectation, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, fmt.Errorf("list fixtures in %s: %w", dir, err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("load expectations: no %s and no .txt fixtures in %s", ExpectFile, dir)
	}
	sort.Strings(files)
	out := make([]Expectation, 0, len(files))
	for _, f := range files {
		ef := strings.TrimSuffix(f, ".txt") + ".expect.json"
		raw, err := readCapped(ef)
		if err != nil {
			return nil, fmt.Errorf("read expectation of %s: %w", filepath.Base(f), err)
		}
		var want map[string]any
		if err := json.Unmarshal(raw, &want); err != nil {
			return nil, fmt.Errorf("decode %s: %w", ef, err)
		}
		out = append(out, Expectation{File: filepath.Base(f), Want: want})
	}
	return out, nil
}

// LoadJSONL reads an expect.jsonl: one object per line, each naming its
// document in "file". Blank lines and lines starting with # are skipped.
func LoadJSONL(path string) ([]Expectation, error) {
	raw, err := readCapped(path)
	if err != nil {
		return nil, fmt.Errorf("read expectations: %w", err)
	}
	var out []Expectation
	seen := map[string]int{}
	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	sc.Buffer(make([]byte, 0, 64<<10), maxExpectBytes)
	for line := 1; sc.Scan(); line++ {
		t := strings.TrimSpace(sc.Text())
		if t == "" || strings.HasPrefix(t, "#") {
			continue
		}
		var want map[string]any
		if err := json.Unmarshal([]byte(t), &want); err != nil {
			return nil, fmt.Errorf("%s:%d: decode expectation: %w", path, line, err)
		}
		file, _ := want["file"].(string)
		if file == "" {
			return nil, fmt.Errorf("%s:%d: expectation names no \"file\"", path, line)
		}
		if first, dup := seen[file]; dup {
			return nil, fmt.Errorf("%s:%d: %s already expected on line %d", path, line, file, first)
		}
		seen[file] = line
		delete(want, "file")
		out = append(out, Expectation{File: file, Want: want})
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("read %s: no expectations", path)
	}
	return out, nil
}

func readCapped(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxExpectBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxExpectBytes {
		return nil, fmt.Errorf("%s is larger than %d MB", path, maxExpectBytes>>20)
	}
	return b, nil
}

// Outcome is the verdict on one field of one document.
type Outcome int

// The verdicts.
const (
	Right   Outcome = iota
	Wrong           // the record holds another value
	Missing         // the record holds no value
)

func (o Outcome) String() string {
	return [...]string{"right", "wrong", "missing"}[o]
}

// Tally counts the verdicts on one field.
type Tally struct {
	Field   string `json:"field"`
	Right   int    `json:"right"`
	Wrong   int    `json:"wrong"`
	Missing int    `json:"missing"`
}

// Total is the number of verdicts.
func (t Tally) Total() int { return t.Right + t.Wrong + t.Missing }

// Miss is one field the parser did not get right.
type Miss struct {
	File    string  `json:"file"`
	Field   string  `json:"field"`
	Outcome Outcome `json:"-"`
	Verdict string  `json:"verdict"`
	Want    string  `json:"want"`
	Got     string  `json:"got"`
}

// Report gathers the verdicts over many documents.
type Report struct {
	Documents int `json:"documents"`
	// Unread lists the documents that could not be read, with the reason;
	// their stated fields count as missing.
	Unread []string `json:"unread,omitempty"`
	Fields []Tally  `json:"fields"`
	Misses []Miss   `json:"misses,omitempty"`
	index  map[string]int
}

// fieldOrder fixes the order of the table; counts.* sit before
// measure_count, unknown names at the end, each in name order.
func fieldOrder() []string {
	return []string{"kind", "unit", "group", "start", "end", "feedback", "published", "round", "term",
		"category_count", "measure_count", "measure_text", "phones"}
}

func (r *Report) tally(field string) *Tally {
	if r.index == nil {
		r.index = map[string]int{}
	}
	i, ok := r.index[field]
	if !ok {
		r.Fields = append(r.Fields, Tally{Field: field})
		i = len(r.Fields) - 1
		r.index[field] = i
	}
	return &r.Fields[i]
}

func (r *Report) record(file, field string, o Outcome, want, got any) {
	t := r.tally(field)
	switch o {
	case Right:
		t.Right++
		return
	case Wrong:
		t.Wrong++
	case Missing:
		t.Missing++
	}
	r.Misses = append(r.Misses, Miss{File: file, Field: field, Outcome: o, Verdict: o.String(), Want: brief(want), Got: brief(got)})
}

// Add compares one parsed record with its expectation. A nil record (the
// document could not be read) counts every stated field as missing.
func (r *Report) Add(e Expectation, d *corpus.Disclosure) error {
	r.Documents++
	got := map[string]any{}
	if d != nil {
		b, err := json.Marshal(d)
		if err != nil {
			return fmt.Errorf("encode record of %s: %w", e.File, err)
		}
		if err := json.Unmarshal(b, &got); err != nil {
			return fmt.Errorf("decode record of %s: %w", e.File, err)
		}
	}
	r.compare(e.File, e.Want, got)
	return nil
}

// AddUnread records a document that could not be read or parsed.
func (r *Report) AddUnread(e Expectation, reason error) {
	r.Unread = append(r.Unread, fmt.Sprintf("%s: %v", e.File, reason))
	_ = r.Add(e, nil) // a nil record encodes nothing: no error to report
}

func (r *Report) compare(file string, want, got map[string]any) {
	scalar := func(field string, path ...string) {
		w, stated := lookup(want, path...)
		if !stated {
			return
		}
		g, _ := lookup(got, path...)
		r.record(file, field, judge(w, g), w, g)
	}
	scalar("kind", "kind")
	scalar("unit", "unit")
	for _, f := range []string{"group", "start", "end", "feedback"} {
		scalar(f, "inspection", f)
	}
	scalar("published", "published")
	scalar("round", "inspection", "round")
	scalar("term", "inspection", "term")
	if wc, ok := want["counts"].(map[string]any); ok {
		names := make([]string, 0, len(wc))
		for k := range wc {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			scalar("counts."+k, "counts", k)
		}
	}
	gc, _ := got["categories"].([]any)
	if n, ok := want["category_count"].(float64); ok {
		r.record(file, "category_count", countVerdict(int(n), len(gc)), int(n), len(gc))
	} else if wc, listed := want["categories"].([]any); listed {
		r.record(file, "category_count", countVerdict(len(wc), len(gc)), len(wc), len(gc))
	}
	gm, _ := got["measures"].([]any)
	wm, listed := want["measures"].([]any)
	if n, ok := want["measure_count"].(float64); ok {
		r.record(file, "measure_count", countVerdict(int(n), len(gm)), int(n), len(gm))
	} else if listed {
		r.record(file, "measure_count", countVerdict(len(wm), len(gm)), len(wm), len(gm))
	}
	for i, m := range wm {
		wt, ok := m.(map[string]any)["text"]
		if !ok {
			continue
		}
		field := "measure_text"
		if i >= len(gm) {
			r.record(file+fmt.Sprintf(" #%d", i+1), field, Missing, wt, nil)
			continue
		}
		gt := gm[i].(map[string]any)["text"]
		r.record(file+fmt.Sprintf(" #%d", i+1), field, judge(wt, gt), wt, gt)
	}
	scalar("phones", "contact", "phones")
	r.sortFields()
}

func countVerdict(want, got int) Outcome {
	switch {
	case want == got:
		return Right
	case got == 0:
		return Missing
	}
	return Wrong
}

// judge compares a stated value with the record's.
func judge(want, got any) Outcome {
	if want == nil {
		if empty(got) {
			return Right
		}
		return Wrong
	}
	if reflect.DeepEqual(want, got) {
		return Right
	}
	if empty(got) {
		if empty(want) {
			return Right // an empty list stated for an omitted one
		}
		return Missing
	}
	return Wrong
}

func empty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	}
	return false
}

func lookup(m map[string]any, path ...string) (any, bool) {
	var cur any = m
	for _, p := range path {
		o, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		if cur, ok = o[p]; !ok {
			return nil, false
		}
	}
	return cur, true
}

func (r *Report) sortFields() {
	order := fieldOrder()
	rank := map[string]int{}
	for i, f := range order {
		rank[f] = i
	}
	key := func(f string) (int, string) {
		if i, ok := rank[f]; ok {
			return i, ""
		}
		if strings.HasPrefix(f, "counts.") {
			return rank["category_count"] - 1, f // counts sit before category_count
		}
		return len(order), f
	}
	sort.SliceStable(r.Fields, func(i, j int) bool {
		ai, as := key(r.Fields[i].Field)
		bi, bs := key(r.Fields[j].Field)
		if ai != bi {
			return ai < bi
		}
		return as < bs
	})
	for i, f := range r.Fields {
		r.index[f.Field] = i
	}
}

// Field returns the tally of one field (zero when no expectation stated it).
func (r *Report) Field(name string) Tally {
	if i, ok := r.index[name]; ok {
		return r.Fields[i]
	}
	return Tally{Field: name}
}

// Regressions lists every field with a wrong or missing verdict.
func (r *Report) Regressions() []Tally {
	var out []Tally
	for _, t := range r.Fields {
		if t.Wrong+t.Missing > 0 {
			out = append(out, t)
		}
	}
	return out
}

// Write prints the table: one line per field with right / wrong / missing
// and the share right, then (with misses) every field not got right.
func (r *Report) Write(w io.Writer, misses bool) error {
	var err error
	p := func(format string, a ...any) {
		if err == nil {
			_, err = fmt.Fprintf(w, format, a...)
		}
	}
	p("%-18s %6s %6s %8s %8s\n", "field", "right", "wrong", "missing", "right %")
	for _, t := range r.Fields {
		pct := 0.0
		if t.Total() > 0 {
			pct = 100 * float64(t.Right) / float64(t.Total())
		}
		p("%-18s %6d %6d %8d %7.1f%%\n", t.Field, t.Right, t.Wrong, t.Missing, pct)
	}
	p("%d documents", r.Documents)
	if len(r.Unread) > 0 {
		p(", %d unread", len(r.Unread))
	}
	p("\n")
	for _, u := range r.Unread {
		p("unread   %s\n", u)
	}
	if misses {
		for _, m := range r.Misses {
			p("%-8s %s %s: got %s, want %s\n", m.Verdict, m.File, m.Field, m.Got, m.Want)
		}
	}
	return err
}

func brief(v any) string {
	if v == nil {
		return "none"
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if r := []rune(string(b)); len(r) > 80 {
		return string(r[:80]) + "…"
	}
	return string(b)
}

// ErrRegressed is returned by Check when some stated field is not right.
var ErrRegressed = errors.New("some expected fields are not right")

// Check returns ErrRegressed, wrapped with the fields at fault, when any
// field has a wrong or missing verdict.
func (r *Report) Check() error {
	regs := r.Regressions()
	if len(regs) == 0 {
		return nil
	}
	names := make([]string, len(regs))
	for i, t := range regs {
		names[i] = fmt.Sprintf("%s (%d wrong, %d missing)", t.Field, t.Wrong, t.Missing)
	}
	return fmt.Errorf("%w: %s", ErrRegressed, strings.Join(names, ", "))
}
