package indexer

import (
	"context"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// combinedFacet is a facet counted from fieldFacetKeys: its name, the
// field it stands for, the tag its values carry there, and whether they
// are coded (facetCode) rather than written out.
type combinedFacet struct {
	name, field, tag string
	coded            bool
}

// combinedFacets are the facets the page asks for on every new query.
// Units and round labels are long (30–45 bytes): they are coded, since
// every byte of a doc value is decompressed again by every query that
// counts it.
var combinedFacets = [...]combinedFacet{
	{FacetUnit, fieldUnit, "u", true},
	{FacetRound, fieldRoundLabel, "r", true},
	{FacetYear, fieldYear, "y", false},
	{FacetTheme, fieldThemes, "t", false},
}

// facetCode stands for a long facet value: its 64-bit FNV-1a hash in 11
// base64 characters. Two of the ten thousands of units of a province share
// a code with a chance of about 10⁻¹¹; facetNames reports one if it
// happens.
func facetCode(v string) string {
	h := fnv.New64a()
	h.Write([]byte(v))
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], h.Sum64())
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// facetValue is what a value of fieldFacetKeys holds for v.
func (f combinedFacet) facetValue(v string) string {
	if f.coded {
		return facetKey(f.tag, facetCode(v))
	}
	return facetKey(f.tag, v)
}

// facetNames maps the coded facet keys of one write generation back to
// the values they stand for, read from the fields' term dictionaries
// (every unit and round label indexed is a term there).
type facetNames struct {
	mu    sync.Mutex
	gen   uint64
	valid bool
	m     map[string]string
}

// lookup returns the value of a coded key, rebuilding the map once per
// write generation: every coded key of a generation comes from a term of
// that generation's dictionaries.
func (n *facetNames) lookup(ctx context.Context, idx bleve.Index, gen uint64, key string) (string, bool, error) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if !n.valid || n.gen != gen {
		if err := n.rebuild(ctx, idx, gen); err != nil {
			return "", false, err
		}
	}
	v, ok := n.m[key]
	return v, ok, nil
}

func (n *facetNames) rebuild(ctx context.Context, idx bleve.Index, gen uint64) error {
	m := map[string]string{}
	for _, f := range combinedFacets {
		if !f.coded {
			continue
		}
		var clash error
		err := eachTerm(ctx, idx, f.field, func(term string, _ uint64) bool {
			k := f.facetValue(term)
			if old, ok := m[k]; ok && old != term {
				clash = fmt.Errorf("facet %s: %q and %q share the code %s", f.name, old, term, k)
				return false
			}
			m[k] = term
			return true
		})
		if err == nil {
			err = clash
		}
		if err != nil {
			return fmt.Errorf("read facet names: %w", err)
		}
	}
	n.m, n.gen, n.valid = m, gen, true
	return nil
}

// facetKeySep separates a tag from its value; no unit, label, year or
// theme id holds it.
const facetKeySep = "\x1f"

// facetKey is a value of fieldFacetKeys.
func facetKey(tag, v string) string { return tag + facetKeySep + v }

// combinedFacetRequest is the name of the one bleve facet request that
// counts every combined facet.
const combinedFacetRequest = "_combined"

// allFacetTerms asks bleve for every term of fieldFacetKeys: each facet is
// cut to its own size after the split, which a size on the mixed terms
// cannot do.
const allFacetTerms = 1 << 20

// isCombined reports whether the facet name is counted from fieldFacetKeys.
func isCombined(name string) (combinedFacet, bool) {
	for _, f := range combinedFacets {
		if f.name == name {
			return f, true
		}
	}
	return combinedFacet{}, false
}

// addCombinedFacet adds the one request that counts every combined facet.
func addCombinedFacet(req *bleve.SearchRequest) {
	req.AddFacet(combinedFacetRequest, bleve.NewFacetRequest(fieldFacetKeys, allFacetTerms))
}

// splitCombined returns the buckets of the named combined facet from the
// combined result, at most size of them, largest first (as buckets);
// name turns a coded key back into its value.
func splitCombined(f combinedFacet, fr *search.FacetResult, size int, name func(key string) (string, bool, error)) ([]Bucket, error) {
	out := []Bucket{}
	if fr == nil || fr.Terms == nil {
		return out, nil
	}
	prefix := f.tag + facetKeySep
	for _, t := range fr.Terms.Terms() {
		v, ok := strings.CutPrefix(t.Term, prefix)
		if !ok {
			continue
		}
		if f.coded {
			var err error
			if v, ok, err = name(t.Term); err != nil {
				return nil, err
			} else if !ok {
				continue // a value no longer indexed
			}
		}
		out = append(out, Bucket{Key: v, Count: t.Count})
	}
	sortBuckets(out)
	if len(out) > size {
		out = out[:size]
	}
	return out, nil
}
