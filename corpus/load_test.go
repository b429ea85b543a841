package corpus_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/longbridgeapp/opencc"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/corpustest"
	"github.com/zhenggai/zhenggai/corpus/extract"
)

func newLoader(tb testing.TB, opts extract.Options) *corpus.Loader {
	tb.Helper()
	return corpus.NewLoader(extract.New(opts, nil), corpus.NewParser(corpus.Options{}))
}

func nonEmpty(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// toTraditional writes a traditional-character copy of s, as the spam
// mirrors of real pages do.
func toTraditional(tb testing.TB, s string) string {
	tb.Helper()
	cc, err := opencc.New("s2t")
	if err != nil {
		tb.Fatalf("load s2t: %v", err)
	}
	out, err := cc.Convert(s)
	if err != nil {
		tb.Fatalf("convert to traditional: %v", err)
	}
	if out == s {
		tb.Fatal("conversion to traditional changed nothing")
	}
	return out
}

// TestSeedFormats reads the real seed in every shape users keep it in, each
// variant derived at test time (the seed itself stays in ../shared), and
// expects the record of the plain text: same unit, dates, round, the same
// 25 measures, and the disclosure's phone, never the site's.
func TestSeedFormats(t *testing.T) {
	seed := string(corpustest.Seed(t))
	lines := nonEmpty(seed)
	page := corpustest.HTMLPageOptions{
		Title: lines[1], Paragraphs: lines, Published: "2024-04-16",
		Publisher: "拉萨市教育局", IndexNo: "000000000/2024-00042",
	}
	ctx := context.Background()
	ld := newLoader(t, extract.Options{})
	ref := ld.Bytes(ctx, "seed.txt", []byte(seed))
	if ref.Outcome != corpus.OutcomeParsed {
		t.Fatalf("reference: %s %v", ref.Outcome, ref.Err)
	}
	want := ref.Disclosure
	tests := []struct {
		name, file, format, encoding string
		data                         []byte
		published                    string
	}{
		{"gbk text", "seed.txt", "txt", "gb18030", corpustest.GBK(seed), "2024-04-15"},
		{"utf-16 text", "seed.txt", "txt", "utf-16le", corpustest.UTF16LE(seed), "2024-04-15"},
		{"gb2312 page with site chrome", "seed.html", "html", "gb18030", corpustest.HTMLPage(page), "2024-04-16"},
		{"docx", "seed.docx", "docx", "utf-8", corpustest.Docx(strings.Split(seed, "\n")), "2024-04-15"},
		{"traditional copy", "seed-tw.txt", "txt", "utf-8", []byte(toTraditional(t, seed)), "2024-04-15"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := ld.Bytes(ctx, tc.file, tc.data)
			if r.Outcome != corpus.OutcomeParsed {
				t.Fatalf("outcome %s: %v", r.Outcome, r.Err)
			}
			d := r.Disclosure
			if d.Source.Format != tc.format || d.Source.Encoding != tc.encoding {
				t.Errorf("source %s/%s, want %s/%s", d.Source.Format, d.Source.Encoding, tc.format, tc.encoding)
			}
			if d.Unit != want.Unit || !reflect.DeepEqual(d.Inspection, want.Inspection) {
				t.Errorf("unit %q inspection %+v, want %q %+v", d.Unit, d.Inspection, want.Unit, want.Inspection)
			}
			if d.Published != tc.published {
				t.Errorf("published %q, want %q", d.Published, tc.published)
			}
			if len(d.Measures) != 25 {
				t.Fatalf("%d measures, want 25", len(d.Measures))
			}
			for i, m := range d.Measures {
				w := want.Measures[i]
				if m.Category != w.Category || m.Number != w.Number || m.Text != w.Text {
					t.Errorf("measure %d = %d.%d %.40q, want %d.%d %.40q", i, m.Category, m.Number, m.Text, w.Category, w.Number, w.Text)
				}
			}
			if d.Contact == nil || !reflect.DeepEqual(d.Contact.Phones, []string{"0891-6323368"}) {
				t.Errorf("contact %+v, want the disclosure's phone only", d.Contact)
			}
			if tc.name == "traditional copy" && !d.HasFlag(corpus.FlagTraditional) {
				t.Error("traditional copy not flagged")
			}
		})
	}
}

// TestFormatFixtures parses our own disclosures committed in every format
// (made once with LibreOffice: corpus/extract/testdata/make_fixtures.sh)
// and compares each record with its golden file.
func TestFormatFixtures(t *testing.T) {
	dir := filepath.Join("extract", "testdata")
	files := []string{"minzheng.pdf", "minzheng.docx", "minzheng.doc", "jiaotong-utf16.txt", "weijian-page.html"}
	ctx := context.Background()
	ld := newLoader(t, extract.Options{})
	var minzheng []corpus.Measure
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			r := ld.File(ctx, filepath.Join(dir, f))
			if errors.Is(r.Err, extract.ErrToolMissing) {
				t.Skipf("%v (CI installs it: .ci/run)", r.Err)
			}
			if r.Outcome != corpus.OutcomeParsed {
				t.Fatalf("outcome %s: %v", r.Outcome, r.Err)
			}
			d := r.Disclosure
			d.Source.Path = f // golden files do not depend on where the test runs
			checkGolden(t, filepath.Join("testdata", "formats", f+".golden.json"), d)
			// What the fixtures' sources say, independently of the goldens.
			switch {
			case strings.HasPrefix(f, "minzheng"):
				if d.Unit != "中共云岭县民政局党组" || d.Inspection.Feedback != "2024-06-18" || len(d.Measures) != 4 {
					t.Errorf("minzheng: unit %q feedback %q measures %d", d.Unit, d.Inspection.Feedback, len(d.Measures))
				}
				if f != "minzheng.pdf" && (len(d.Tables) != 1 || len(d.Tables[0].Rows) != 3) {
					t.Errorf("minzheng: tables %+v, want the ledger of 3 rows", d.Tables)
				}
				if minzheng == nil {
					minzheng = d.Measures
				} else if !reflect.DeepEqual(stripIDs(d.Measures), stripIDs(minzheng)) {
					t.Errorf("%s measures differ from the first format's", f)
				}
			case f == "jiaotong-utf16.txt":
				if d.Kind != corpus.KindRectificationConcentrated || d.Source.Encoding != "utf-16le" || len(d.Measures) != 4 {
					t.Errorf("jiaotong: kind %s encoding %s measures %d", d.Kind, d.Source.Encoding, len(d.Measures))
				}
				if d.Counts.Problems == nil || *d.Counts.Problems != 18 || d.Counts.Rectified == nil || *d.Counts.Rectified != 15 {
					t.Errorf("jiaotong counts %+v", d.Counts)
				}
			case f == "weijian-page.html":
				if d.Published != "2024-03-08" || d.PublishedFrom != "page" || len(d.Measures) != 5 {
					t.Errorf("weijian: published %s (%s) measures %d", d.Published, d.PublishedFrom, len(d.Measures))
				}
			}
		})
	}
}

func stripIDs(ms []corpus.Measure) []corpus.Measure {
	out := make([]corpus.Measure, len(ms))
	for i, m := range ms {
		m.ID = ""
		out[i] = m
	}
	return out
}

// TestWalkOutcomes walks a folder of good, non-disclosure and broken files:
// every file gets its outcome and reason, and no broken file stops the rest.
func TestWalkOutcomes(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	good, err := os.ReadFile(filepath.Join("testdata", "fixtures", "01_district_culture_layoutA.txt"))
	if err != nil {
		t.Fatal(err)
	}
	news, err := os.ReadFile(filepath.Join("testdata", "fixtures", "14_neg_inspection_news.txt"))
	if err != nil {
		t.Fatal(err)
	}
	scan, err := os.ReadFile(filepath.Join("extract", "testdata", "scan.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	write("a/good.txt", good)
	write("a/news.txt", news)
	write("b/empty.txt", nil)
	write("b/binary.txt", bytes.Repeat([]byte{0, 1, 2, 3, 0xff}, 100))
	noise := make([]byte, 4096)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	write("b/random.pdf", noise)
	write("b/broken.docx", corpustest.Docx([]string{"一、整改工作开展情况"})[:200])
	write("b/bomb.docx", corpustest.ZipBomb())
	write("b/nav.html", corpustest.HTMLPage(corpustest.HTMLPageOptions{Title: "巡察工作"}))
	write("b/scan.pdf", scan)
	write("c/gbk.txt", corpustest.GBK(string(good)))

	want := map[string]struct {
		outcome corpus.Outcome
		reason  error
	}{
		"a/good.txt":    {corpus.OutcomeParsed, nil},
		"a/news.txt":    {corpus.OutcomeSkipped, nil},
		"b/empty.txt":   {corpus.OutcomeFailed, extract.ErrEmpty},
		"b/binary.txt":  {corpus.OutcomeFailed, extract.ErrBinary},
		"b/random.pdf":  {corpus.OutcomeFailed, extract.ErrCorrupt},
		"b/broken.docx": {corpus.OutcomeFailed, extract.ErrCorrupt},
		"b/bomb.docx":   {corpus.OutcomeFailed, extract.ErrZipBomb},
		"b/nav.html":    {corpus.OutcomeFailed, extract.ErrNoMainContent},
		"b/scan.pdf":    {corpus.OutcomeFailed, extract.ErrNoTextLayer},
		"c/gbk.txt":     {corpus.OutcomeParsed, nil},
	}
	ld := newLoader(t, extract.Options{})
	seen := map[string]bool{}
	err = ld.Walk(context.Background(), []string{dir, filepath.Join(dir, "missing")}, func(r corpus.Result) error {
		rel, _ := filepath.Rel(dir, r.Path)
		rel = filepath.ToSlash(rel)
		seen[rel] = true
		if rel == "missing" {
			if r.Outcome != corpus.OutcomeFailed || !errors.Is(r.Err, os.ErrNotExist) {
				t.Errorf("missing root: %s %v", r.Outcome, r.Err)
			}
			return nil
		}
		w, ok := want[rel]
		if !ok {
			t.Errorf("unexpected file %s", rel)
			return nil
		}
		if errors.Is(r.Err, extract.ErrToolMissing) {
			t.Logf("%s: %v (CI installs the tool)", rel, r.Err)
			return nil
		}
		if r.Outcome != w.outcome || (w.reason != nil && !errors.Is(r.Err, w.reason)) {
			t.Errorf("%s: %s %v, want %s %v", rel, r.Outcome, r.Err, w.outcome, w.reason)
		}
		var xe *extract.Error
		if r.Outcome == corpus.OutcomeFailed && (!errors.As(r.Err, &xe) || xe.Path == "") {
			t.Errorf("%s: error %v does not name the file", rel, r.Err)
		}
		if r.Outcome == corpus.OutcomeSkipped && (r.Disclosure.Kind != corpus.KindOther || r.Disclosure.KindReason == "") {
			t.Errorf("%s: skipped without a kind and reason", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("walk: %v", err)
	}
	for name := range want {
		if !seen[name] {
			t.Errorf("%s was not reported", name)
		}
	}
	if !seen["missing"] {
		t.Error("a missing root was not reported")
	}
}
