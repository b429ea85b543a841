package analytics

// Doc is the compact form of the rows of one disclosure's measures: what
// Compare, Recurring and Common read, aggregated per disclosure, so that
// they add up disclosures rather than measures. Every measure of a Doc
// shares its unit, round and publication date; a measure id appears in
// one Doc only (the store's are unique), and a theme once per measure.
type Doc struct {
	DisclosureID string
	// Unit, RoundKey, Round and Published: as Row's.
	Unit      string
	RoundKey  string
	Round     *int
	Published string
	// MeasureIDs are the disclosure's measures, in stored order.
	MeasureIDs []string
	// Themes are the themes its measures carry, each once, with the
	// measures carrying it; their order does not matter.
	Themes []DocTheme
}

// DocTheme is one theme of a Doc.
type DocTheme struct {
	ID string
	// Measures are the indexes in MeasureIDs of the measures carrying the
	// theme, ascending.
	Measures []int32
}

// DocsOf turns rows into Docs: each run of consecutive rows of one
// disclosure (same id, unit, round and publication date) becomes one Doc.
// Rows as the store reads them (each measure once, in stored order) give
// Docs on which CompareDocs, RecurringDocs and CommonDocs answer exactly
// what Compare, Recurring and Common answer on the rows. Rows without a
// measure id are dropped, and so are empty and repeated themes of a
// measure, as the row analyses do.
func DocsOf(rows []Row) []Doc {
	var out []Doc
	for _, r := range rows {
		if r.MeasureID == "" {
			continue
		}
		n := len(out)
		if n == 0 || !sameDoc(&out[n-1], r) {
			out = append(out, Doc{DisclosureID: r.DisclosureID, Unit: r.Unit, RoundKey: r.RoundKey, Round: r.Round, Published: r.Published})
			n++
		}
		d := &out[n-1]
		i := int32(len(d.MeasureIDs))
		d.MeasureIDs = append(d.MeasureIDs, r.MeasureID)
		for j, t := range r.Themes {
			if t == "" || slicesContains(r.Themes[:j], t) {
				continue
			}
			d.addTag(t, i)
		}
	}
	return out
}

// addTag records that measure i carries theme t (i ascending per theme).
func (d *Doc) addTag(t string, i int32) {
	for k := range d.Themes {
		if d.Themes[k].ID == t {
			d.Themes[k].Measures = append(d.Themes[k].Measures, i)
			return
		}
	}
	d.Themes = append(d.Themes, DocTheme{ID: t, Measures: []int32{i}})
}

// AddMeasure appends a measure with its themes (empty and repeated themes
// are skipped), keeping the Doc's invariants.
func (d *Doc) AddMeasure(id string, themes []string) {
	i := int32(len(d.MeasureIDs))
	d.MeasureIDs = append(d.MeasureIDs, id)
	for j, t := range themes {
		if t == "" || slicesContains(themes[:j], t) {
			continue
		}
		d.addTag(t, i)
	}
}

// Keep returns the Doc with only the measures keep accepts (by index), in
// new slices; d is unchanged.
func (d Doc) Keep(keep func(i int) bool) Doc {
	at := make([]int32, len(d.MeasureIDs))
	out := d
	out.MeasureIDs, out.Themes = nil, nil
	for i, id := range d.MeasureIDs {
		at[i] = -1
		if keep(i) {
			at[i] = int32(len(out.MeasureIDs))
			out.MeasureIDs = append(out.MeasureIDs, id)
		}
	}
	for _, t := range d.Themes {
		var ms []int32
		for _, i := range t.Measures {
			if at[i] >= 0 {
				ms = append(ms, at[i])
			}
		}
		if len(ms) > 0 {
			out.Themes = append(out.Themes, DocTheme{ID: t.ID, Measures: ms})
		}
	}
	return out
}

// sameDoc reports whether r belongs to the Doc d (the same disclosure,
// unit, round and publication date).
func sameDoc(d *Doc, r Row) bool {
	return d.DisclosureID == r.DisclosureID && d.Unit == r.Unit && d.RoundKey == r.RoundKey &&
		d.Published == r.Published && sameRound(d.Round, r.Round)
}

func sameRound(a, b *int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func slicesContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// rowDocs turns rows into Docs of one measure each, after merging rows of
// one measure id (dedupe): the row analyses are the Doc analyses on them.
func rowDocs(rows []Row) []Doc {
	rows = dedupe(rows)
	out := make([]Doc, len(rows))
	first := []int32{0} // shared by every one-measure Doc, never modified
	for i, r := range rows {
		d := Doc{DisclosureID: r.DisclosureID, Unit: r.Unit, RoundKey: r.RoundKey, Round: r.Round, Published: r.Published,
			MeasureIDs: []string{r.MeasureID}, Themes: make([]DocTheme, len(r.Themes))}
		for j, t := range r.Themes {
			d.Themes[j] = DocTheme{ID: t, Measures: first}
		}
		out[i] = d
	}
	return out
}

// docRoundID is the identity of a Doc's round, as roundID of its rows.
func docRoundID(d *Doc) string { return roundID(Row{RoundKey: d.RoundKey, Round: d.Round}) }
