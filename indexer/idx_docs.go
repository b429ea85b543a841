package indexer

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	index "github.com/blevesearch/bleve_index_api"
)

// docMapper builds the bleve document of one of our documents (documents'
// maps of strings and string slices) as mapping.MapDocument would, from
// the field mappings looked up once instead of walked by reflection for
// every document (MapDocument was 3–4% of indexing). A document of any
// other shape — an unknown type or property, a value of another type, a
// field mapping other than text with a named analyzer, a type with an _all
// field — is mapped by MapDocument. TestDocMapperSame compares the two.
type docMapper struct {
	m     mapping.IndexMapping
	im    *mapping.IndexMappingImpl             // nil: MapDocument for every document
	types map[string]map[string][]fieldTemplate // doc type → property → fields; nil: MapDocument
}

// fieldTemplate is what processString needs of a field mapping.
type fieldTemplate struct {
	name     string
	options  index.FieldIndexingOptions
	analyzer analysis.Analyzer
}

func newDocMapper(m mapping.IndexMapping) *docMapper {
	im, ok := m.(*mapping.IndexMappingImpl)
	if !ok {
		return &docMapper{m: m}
	}
	dm := &docMapper{m: m, im: im, types: map[string]map[string][]fieldTemplate{}}
	for typ, tm := range im.TypeMapping {
		dm.types[typ] = templates(im, tm)
	}
	return dm
}

// templates returns the field templates of a document mapping, or nil when
// it is not of the simple shape docMapper reproduces.
func templates(im *mapping.IndexMappingImpl, tm *mapping.DocumentMapping) map[string][]fieldTemplate {
	if tm == nil || !tm.Enabled || tm.Dynamic || len(tm.Fields) > 0 {
		return nil
	}
	all, ok := tm.Properties["_all"]
	if !ok || all.Enabled {
		return nil // MapDocument would add the _all composite field
	}
	out := map[string][]fieldTemplate{}
	for prop, pm := range tm.Properties {
		if prop == "_all" {
			continue
		}
		// A property's own Dynamic only matters for object values,
		// which add leaves to MapDocument.
		if pm == nil || !pm.Enabled || len(pm.Properties) > 0 || pm.Nested {
			return nil
		}
		for _, fm := range pm.Fields {
			if fm.Type != "text" || fm.Analyzer == "" {
				return nil
			}
			a := im.AnalyzerNamed(fm.Analyzer)
			if a == nil {
				return nil
			}
			name := prop
			if fm.Name != "" {
				name = fm.Name
			}
			out[prop] = append(out[prop], fieldTemplate{name: name, options: fm.Options(), analyzer: a})
		}
	}
	return out
}

// document returns the bleve document of data with id. With a fuser, its
// text fields whose analyzer is fused are fusedFields made by fz (from its
// arena), the others as without.
func (dm *docMapper) document(id string, data map[string]any, fz *fuser) (*document.Document, error) {
	doc := document.NewDocument(id)
	if dm.im != nil {
		typ, _ := data[dm.im.TypeField].(string)
		if fields := dm.types[typ]; fields != nil && dm.add(doc, fields, data, fz) {
			return doc, nil
		}
		doc = document.NewDocument(id)
	}
	if err := dm.m.MapDocument(doc, data); err != nil {
		return nil, err
	}
	if fz != nil {
		fz.fields(doc)
	}
	return doc, nil
}

// add adds the fields of data to doc; false when data has a property or a
// value type it does not know (doc is then incomplete).
func (dm *docMapper) add(doc *document.Document, fields map[string][]fieldTemplate, data map[string]any, fz *fuser) bool {
	n := 1 // the _id field bleve adds
	for prop, v := range data {
		ts, ok := fields[prop]
		if !ok {
			return false
		}
		switch v := v.(type) {
		case string:
			n += len(ts)
		case []string:
			n += len(v) * len(ts)
		default:
			return false
		}
	}
	var arena *fieldArena
	if fz != nil {
		arena = fz.arena
	}
	doc.Fields = arena.fieldSlots(n)
	for prop, v := range data {
		ts := fields[prop]
		switch v := v.(type) {
		case string:
			for _, t := range ts {
				doc.AddField(fz.textField(t, []uint64{}, v))
			}
		case []string:
			pos := arena.positions(len(v))
			for i, s := range v {
				pos[i] = uint64(i)
				for _, t := range ts {
					doc.AddField(fz.textField(t, pos[i:i+1:i+1], s))
				}
			}
		}
	}
	doc.SetIndexed()
	return true
}
