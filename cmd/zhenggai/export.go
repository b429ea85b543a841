package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/zhenggai/zhenggai/api/export"
	"github.com/zhenggai/zhenggai/corpus/analytics"
	"github.com/zhenggai/zhenggai/corpus/extract"
	"github.com/zhenggai/zhenggai/corpus/theme"
	"github.com/zhenggai/zhenggai/indexer"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// runExport writes every hit of a search (up to --max-rows) to an .xlsx or
// .csv file, with the same code as the API's export routes.
func runExport(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "export")
	format := fs.String("format", "", "xlsx or csv (default: the extension of -o)")
	out := fs.String("o", "", "output file (- for stdout)")
	maxRows := fs.Int("max-rows", export.DefaultMaxRows, "most rows to write")
	var sf searchFlags
	sf.register(fs)
	words, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if *out == "" {
		return fmt.Errorf("%w: name the output file with -o FILE", errUsage)
	}
	f := export.Format(*format)
	if f == "" {
		f = export.Format(strings.TrimPrefix(strings.ToLower(filepath.Ext(*out)), "."))
	}
	if f != export.XLSX && f != export.CSV {
		return fmt.Errorf("%w: --format takes xlsx or csv, got %q", errUsage, f)
	}
	q, err := sf.query(strings.Join(words, " "))
	if err != nil {
		return err
	}
	// --limit and --offset choose a slice of the result: --limit caps the
	// rows like --max-rows (the smaller wins), --offset skips hits first.
	rows, skip := *maxRows, 0
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if set["limit"] {
		if sf.limit < 1 {
			return fmt.Errorf("%w: --limit must be at least 1, got %d", errUsage, sf.limit)
		}
		rows = min(rows, sf.limit)
	}
	if set["offset"] {
		if sf.offset < 0 || sf.offset > indexer.MaxOffset {
			return fmt.Errorf("%w: --offset must be within 0…%d, got %d", errUsage, indexer.MaxOffset, sf.offset)
		}
		skip = sf.offset
	}
	if r, err := e.server(ctx); err != nil {
		return err
	} else if r != nil {
		if set["limit"] || set["offset"] || set["max-rows"] {
			return fmt.Errorf("%w: --limit, --offset and --max-rows cannot go through %s (it exports up to its own cap); leave them out, or stop the server", errUsage, r.name())
		}
		return exportRemote(ctx, e, r, q, f, *out)
	}
	lib, err := e.openLibraryWith(ctx, library.Options{Logger: e.log, Extract: extract.Options{MaxBytes: 50 << 20}})
	if err != nil {
		return err
	}
	defer lib.Close()
	tax := theme.Default()
	ex, err := export.Begin(ctx, lib, q, export.Options{MaxRows: rows, Skip: skip, ThemeName: func(id string) string {
		th, _ := tax.Lookup(id)
		return th.Name
	}, UnitKey: analytics.UnitKey, Titles: export.TitlesFrom(lib.Store().Disclosure), Criteria: export.CriteriaOf(q)})
	if err != nil {
		return err
	}
	n, err := writeExport(ctx, ex, f, *out, e)
	if err != nil {
		return err
	}
	note := ""
	if ex.Truncated {
		note = fmt.Sprintf(" (cut at %d rows)", rows)
	}
	if skip > 0 {
		note += fmt.Sprintf(" after skipping %d", skip)
	}
	fmt.Fprintf(e.stderr, "%d of %d measures written to %s%s\n", n, ex.Total, *out, note)
	return nil
}

// writeExport writes to stdout, or to a temporary file renamed to path
// once complete, so that a failed export leaves no partial file.
func writeExport(ctx context.Context, ex *export.Export, f export.Format, path string, e *env) (int, error) {
	if path == "-" {
		return ex.Write(ctx, f, e.stdout)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return 0, fmt.Errorf("create %s: %w", path, err)
	}
	n, err := ex.Write(ctx, f, tmp)
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return n, errors.Join(fmt.Errorf("write %s: %w", path, err), os.Remove(tmp.Name()))
	}
	return n, nil
}
