package indexer

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/document"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/synth"
)

// TestDocMapperSame checks that docMapper builds every document of
// generated disclosures with exactly the fields MapDocument builds: names,
// array positions, values, options and analyzers, and no composite field;
// without a fuser, and with one (fused fields from its arena, recycled
// after every document).
func TestDocMapperSame(t *testing.T) {
	for _, fz := range []*fuser{nil, newFuser(new(fieldArena))} {
		t.Run(fmt.Sprintf("fuser=%v", fz != nil), func(t *testing.T) { testDocMapperSame(t, fz) })
	}
}

func testDocMapperSame(t *testing.T, fz *fuser) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	dm := newDocMapper(m)
	for _, typ := range []string{docTypeMeasure, docTypeDisclosure} {
		if dm.types[typ] == nil {
			t.Fatalf("document type %s is not mapped from templates: indexing would take MapDocument's slower path", typ)
		}
	}
	parser := corpus.NewParser(corpus.Options{})
	n := 0
	for _, g := range synth.Generate(synth.Options{Seed: 9, Disclosures: 30}) {
		d, err := parser.Parse(corpus.Input{Text: g.Text})
		if err != nil {
			t.Fatalf("parse %s: %v", g.Name, err)
		}
		ids, docs := documents(d, func(id string) string { return "主题" + id })
		for i, id := range ids {
			want := document.NewDocument(id)
			if err := m.MapDocument(want, docs[i]); err != nil {
				t.Fatal(err)
			}
			got, err := dm.document(id, docs[i], fz)
			if err != nil {
				t.Fatal(err)
			}
			if fz != nil {
				for _, f := range got.Fields {
					_, fused := f.(*fusedField)
					tf, plain := f.(*document.TextField)
					if !fused && (!plain || tf.Options().IsIndexed() && fuse(tf.Analyzer()) != nil) {
						t.Fatalf("%s: field %s is a %T, not fused", id, f.Name(), f)
					}
				}
			}
			if got.ID() != want.ID() || got.Indexed() != want.Indexed() {
				t.Fatalf("%s: id %q indexed %v, want %q %v", id, got.ID(), got.Indexed(), want.ID(), want.Indexed())
			}
			if g, w := fieldsOf(got), fieldsOf(want); !slices.Equal(g, w) {
				t.Fatalf("%s: fields\n got %v\nwant %v", id, g, w)
			}
			if len(got.CompositeFields) != 0 || len(want.CompositeFields) != 0 {
				t.Fatalf("%s: composite fields %d, want %d (none)", id, len(got.CompositeFields), len(want.CompositeFields))
			}
			n++
			if fz != nil {
				fz.recycle()
			}
		}
	}
	if n < 100 {
		t.Fatalf("only %d documents compared", n)
	}
	// Anything else is mapped by MapDocument: the same fields again.
	odd := map[string]any{fieldDocType: docTypeMeasure, fieldText: "整改", fieldNumber: 3, "unknown": "x"}
	want := document.NewDocument("odd")
	if err := m.MapDocument(want, odd); err != nil {
		t.Fatal(err)
	}
	got, err := dm.document("odd", odd, fz)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := fieldsOf(got), fieldsOf(want); !slices.Equal(g, w) {
		t.Fatalf("odd document: fields\n got %v\nwant %v", g, w)
	}
}

// fieldsOf describes a document's fields, sorted.
func fieldsOf(d *document.Document) []string {
	var out []string
	for _, f := range d.Fields {
		tf, ok := f.(*document.TextField)
		if ff, fused := f.(*fusedField); fused {
			tf, ok = &ff.TextField, true
		}
		if !ok {
			out = append(out, fmt.Sprintf("%T %s", f, f.Name()))
			continue
		}
		out = append(out, fmt.Sprintf("%s %v %q %s %p", tf.Name(), tf.ArrayPositions(), tf.Value(), optionString(tf.Options()), tf.Analyzer()))
	}
	slices.Sort(out)
	return out
}

func optionString(o index.FieldIndexingOptions) string {
	var b strings.Builder
	for _, x := range []struct {
		on   bool
		name string
	}{{o.IsIndexed(), "I"}, {o.IsStored(), "S"}, {o.IncludeTermVectors(), "V"}, {o.IncludeDocValues(), "D"}, {o.SkipFreqNorm(), "N"}} {
		if x.on {
			b.WriteString(x.name)
		}
	}
	return b.String()
}
