package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/extract"
)

// runParse parses files and folders without storing them: JSON Lines with
// --json, a readable summary otherwise. Files that are not disclosures are
// reported with their kind and reason; exit status 1 if any could not be read.
func runParse(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "parse")
	asJSON := fs.Bool("json", false, "one disclosure object per line (JSON Lines) on stdout")
	maxMB := fs.Int64("max-mb", 50, "largest file to read, in MB")
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if err := requirePaths(paths); err != nil {
		return err
	}
	loader := corpus.NewLoader(
		extract.New(extract.Options{MaxBytes: *maxMB << 20}, e.log),
		corpus.NewParser(corpus.Options{Logger: e.log}),
	)
	enc := newJSON(e.stdout)
	var parsed, skipped, failed int
	err = loader.Walk(ctx, paths, func(r corpus.Result) error {
		switch r.Outcome {
		case corpus.OutcomeFailed:
			failed++
			fmt.Fprintf(e.stderr, "failed   %s: %v\n", r.Path, r.Err)
			return nil
		case corpus.OutcomeSkipped:
			skipped++
			fmt.Fprintf(e.stderr, "skipped  %s: not a disclosure (%s: %s)\n", r.Path, r.Disclosure.Kind, r.Disclosure.KindReason)
			if *asJSON {
				return enc.Encode(r.Disclosure)
			}
			return nil
		}
		parsed++
		if *asJSON {
			return enc.Encode(r.Disclosure)
		}
		writeSummary(e.stdout, r.Disclosure)
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%d parsed, %d skipped (not disclosures), %d failed\n", parsed, skipped, failed)
	if failed > 0 {
		return fmt.Errorf("%w: %d of %d files could not be read", errSomeFailed, failed, parsed+skipped+failed)
	}
	return nil
}

// writeSummary prints a disclosure for a person to read.
func writeSummary(w io.Writer, d *corpus.Disclosure) {
	in := d.Inspection
	row := func(label, value string) {
		if value != "" {
			fmt.Fprintf(w, "  %-12s %s\n", label, value)
		}
	}
	fmt.Fprintf(w, "%s\n", d.Source.Path)
	row("kind", fmt.Sprintf("%s (%s)", d.Kind, d.KindReason))
	row("title", d.Title)
	row("unit", d.Unit)
	var insp []string
	if in.Term != nil {
		insp = append(insp, fmt.Sprintf("%d届", *in.Term))
	}
	insp = append(insp, in.Body)
	if in.Round != nil {
		insp = append(insp, fmt.Sprintf("第%d轮", *in.Round))
	}
	insp = append(insp, in.Group, in.Type, in.Topic)
	row("inspection", strings.Join(nonEmpty(insp), " "))
	if in.Start != "" || in.End != "" {
		row("period", fmt.Sprintf("%s … %s (%s)", in.Start, in.End, in.PeriodPrecision))
	}
	row("feedback", in.Feedback)
	if d.Published != "" {
		row("published", fmt.Sprintf("%s (%s)", d.Published, d.PublishedFrom))
	}
	row("counts", countsLine(d.Counts))
	for _, c := range d.Categories {
		n := 0
		for _, m := range d.Measures {
			if m.Category == c.Number {
				n++
			}
		}
		row(fmt.Sprintf("category %d", c.Number), fmt.Sprintf("%s — %d problems, %d measures", c.Title, len(c.Problems), n))
	}
	row("measures", fmt.Sprint(len(d.Measures)))
	if c := d.Contact; c != nil {
		row("contact", strings.Join(nonEmpty(append(append(append([]string{}, c.Phones...), c.Emails...), c.Address, c.Postcode)), "; "))
	}
	if s := d.Signature; s != nil {
		row("signature", strings.TrimSpace(s.Org+" "+s.Date))
	}
	for _, f := range d.Flags {
		row("flag", f.Code+": "+f.Detail)
	}
	fmt.Fprintln(w)
}

func countsLine(c corpus.Counts) string {
	var parts []string
	add := func(label string, v *int) {
		if v != nil {
			parts = append(parts, fmt.Sprintf("%d %s", *v, label))
		}
	}
	add("categories", c.Categories)
	add("aspects", c.Aspects)
	add("classes", c.Classes)
	add("problems", c.Problems)
	add("suggestions", c.Suggestions)
	add("measures", c.Measures)
	add("tasks", c.Tasks)
	add("rectified", c.Rectified)
	add("in progress", c.InProgress)
	add("unfinished", c.Unfinished)
	if c.Rate != nil {
		parts = append(parts, fmt.Sprintf("rate %.2f%%", *c.Rate))
	}
	return strings.Join(parts, ", ")
}

func nonEmpty(xs []string) []string {
	out := xs[:0:0]
	for _, x := range xs {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}
