package main

import (
	"context"
	"fmt"
	"io"

	"github.com/zhenggai/zhenggai/indexer/library"
)

// pairsResult is the contract's `{"pairs": [...]}`, which similar and
// duplicates both print with --json; a similar pair's a is the measure
// asked about.
type pairsResult struct {
	Pairs []library.MeasurePair `json:"pairs"`
}

// pairsPage is a page of duplicates with the paging echoed, as the API
// answers it.
type pairsPage struct {
	Total  int                   `json:"total"`
	Offset int                   `json:"offset"`
	Limit  int                   `json:"limit"`
	Pairs  []library.MeasurePair `json:"pairs"`
}

// runSimilar lists the measures most similar to one measure, by default
// only those of other units: "how did other units fix this?".
func runSimilar(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "similar")
	asJSON := fs.Bool("json", false, `{"pairs": [...]} on stdout, a being the measure asked about`)
	k := fs.Int("k", library.DefaultSimilarK, "how many similar measures")
	allUnits := fs.Bool("all-units", false, "include measures of the measure's own unit")
	ids, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return fmt.Errorf("%w: name one measure id, e.g. zhenggai similar 15135de08fd367f7-001", errUsage)
	}
	if *k < 1 {
		return fmt.Errorf("%w: --k takes a whole number of at least 1, got %d", errUsage, *k)
	}
	if r, err := e.server(ctx); err != nil {
		return err
	} else if r != nil {
		return similarRemote(ctx, e, r, ids[0], *k, *allUnits, *asJSON)
	}
	lib, err := openLibrary(ctx, e, 50)
	if err != nil {
		return err
	}
	defer lib.Close()
	pairs, err := lib.Similar(ctx, ids[0], *k, !*allUnits)
	if err != nil {
		return err
	}
	if *asJSON {
		return newJSON(e.stdout).Encode(pairsResult{Pairs: pairs})
	}
	writeSimilar(e.stdout, ids[0], pairs, *allUnits)
	return nil
}

// runDuplicates lists near-duplicate measures, by default across units.
func runDuplicates(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "duplicates")
	asJSON := fs.Bool("json", false, `{"pairs": [...]} on stdout`)
	threshold := fs.Float64("threshold", library.DefaultDuplicateThreshold, "least similarity (Jaccard index of character 3-grams), above 0 and at most 1")
	sameUnit := fs.Bool("same-unit", false, "include pairs within one unit")
	limit := fs.Int("limit", library.DefaultDuplicateLimit, fmt.Sprintf("pairs to print, 1–%d", library.MaxDuplicateLimit))
	offset := fs.Int("offset", 0, fmt.Sprintf("pairs to skip, 0–%d", library.MaxDuplicateOffset))
	clusters := fs.Bool("clusters", false, "group the near-duplicates into clusters, most units first (as zhenggai clusters)")
	rest, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *clusters && len(rest) == 0 {
		return printClusters(ctx, e, library.ClusterQuery{Threshold: *threshold, Limit: *limit, Offset: *offset,
			Members: library.DefaultClusterMembers}, *asJSON)
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: duplicates takes no arguments, got %q", errUsage, rest)
	}
	if !(*threshold > 0 && *threshold <= 1) {
		return fmt.Errorf("%w: --threshold takes a number above 0 and at most 1, got %g", errUsage, *threshold)
	}
	if *limit < 1 || *limit > library.MaxDuplicateLimit || *offset < 0 || *offset > library.MaxDuplicateOffset {
		return fmt.Errorf("%w: --limit takes 1–%d and --offset 0–%d, got %d and %d", errUsage,
			library.MaxDuplicateLimit, library.MaxDuplicateOffset, *limit, *offset)
	}
	if r, err := e.server(ctx); err != nil {
		return err
	} else if r != nil {
		return duplicatesRemote(ctx, e, r, *threshold, *sameUnit, *limit, *offset, *asJSON)
	}
	lib, err := openLibrary(ctx, e, 50)
	if err != nil {
		return err
	}
	defer lib.Close()
	page, err := lib.DuplicatesPage(ctx, library.DuplicateQuery{Threshold: *threshold, AcrossUnitsOnly: !*sameUnit, Offset: *offset, Limit: *limit})
	if err != nil {
		return err
	}
	if page.Pairs == nil {
		page.Pairs = []library.MeasurePair{}
	}
	if *asJSON {
		return newJSON(e.stdout).Encode(pairsPage{Total: page.Total, Offset: *offset, Limit: *limit, Pairs: page.Pairs})
	}
	writeDuplicates(e.stdout, page, *offset, *threshold, *sameUnit)
	return nil
}

// writeSimilar prints a similar list for a person.
func writeSimilar(w io.Writer, id string, pairs []library.MeasurePair, allUnits bool) {
	scope := "other units"
	if allUnits {
		scope = "all units"
	}
	if len(pairs) == 0 {
		fmt.Fprintf(w, "no measure of %s shares wording with %s\n", scope, id)
		return
	}
	a := pairs[0].A
	fmt.Fprintf(w, "%s  %s\n  %s\n\nmost similar measures of %s:\n\n", a.Unit, a.ID, a.Text, scope)
	for i, p := range pairs {
		fmt.Fprintf(w, "%3d. %.2f  %s  %s\n     %s\n     %s\n\n", i+1, p.Similarity, p.B.Unit, p.B.RoundLabel, p.B.Text, p.B.ID)
	}
}

// writeDuplicates prints near-duplicate pairs for a person.
func writeDuplicates(w io.Writer, page library.DuplicatePage, offset int, threshold float64, sameUnit bool) {
	scope := "across units"
	if sameUnit {
		scope = "within and across units"
	}
	fmt.Fprintf(w, "%d pairs of measures with similarity ≥ %.2f %s", page.Total, threshold, scope)
	if len(page.Pairs) < page.Total {
		fmt.Fprintf(w, "; showing %d from %d (--offset, --limit)", len(page.Pairs), offset+1)
	}
	fmt.Fprint(w, "\n\n")
	for i, p := range page.Pairs {
		fmt.Fprintf(w, "%3d. %.2f\n     %s  %s\n     %s\n     %s  %s\n     %s\n\n", offset+i+1, p.Similarity,
			p.A.Unit, p.A.ID, p.A.Text, p.B.Unit, p.B.ID, p.B.Text)
	}
}
