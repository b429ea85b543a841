package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/zhenggai/zhenggai/corpus/extract"
	"github.com/zhenggai/zhenggai/indexer/library"
)

// openLibrary opens the data folder named by --data, on the store named by
// --store.
func openLibrary(ctx context.Context, e *env, maxMB int64) (*library.Library, error) {
	return e.openLibraryWith(ctx, library.Options{Logger: e.log, Extract: extract.Options{MaxBytes: maxMB << 20}})
}

// runIngest stores and indexes files and folders, reporting every file.
func runIngest(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "ingest")
	asJSON := fs.Bool("json", false, "one result object per file, then a summary, as JSON Lines on stdout")
	maxMB := fs.Int64("max-mb", 50, "largest file to read, in MB")
	memMB := memoryLimitFlag(fs)
	paths, err := parseFlags(fs, args)
	if err != nil {
		return err
	}
	if _, _, _, err := setHeapLimit(fs, *memMB, e); err != nil {
		return err
	}
	if err := requirePaths(paths); err != nil {
		return err
	}
	if r, err := e.server(ctx); err != nil {
		return err
	} else if r != nil {
		if r.apiKey == "" {
			return r.refuseWrite("ingest")
		}
		return ingestRemote(ctx, e, r, paths, *maxMB, *asJSON)
	}
	lib, err := openLibrary(ctx, e, *maxMB)
	if err != nil {
		return err
	}
	defer lib.Close()

	enc := newJSON(e.stdout)
	var bar *progress
	var failures []library.FileResult
	sum, err := lib.Ingest(ctx, paths, func(total int) {
		bar = newProgress(e.stderr, "ingest", total)
	}, func(r library.FileResult) {
		bar.step(r.Path)
		if r.Outcome == library.Failed {
			failures = append(failures, r)
		}
		if *asJSON {
			_ = enc.Encode(r)
		} else if !bar.on {
			fmt.Fprintf(e.stderr, "%-9s %s%s\n", r.Outcome, r.Path, resultNote(r))
		}
	})
	if bar != nil {
		bar.finish()
	}
	if *asJSON {
		_ = enc.Encode(map[string]any{"summary": sum})
	}
	for _, f := range failures {
		if bar != nil && bar.on {
			fmt.Fprintf(e.stderr, "failed    %s: %v\n", f.Path, f.Err)
		}
	}
	fmt.Fprintf(e.stderr, "%d files: %d stored (%d measures), %d already stored, %d not disclosures, %d failed\n",
		sum.Files, sum.Stored, sum.Measures, sum.Duplicate, sum.Skipped, sum.Failed)
	if errors.Is(err, library.ErrNoSpace) {
		return fmt.Errorf("%w (data folder %s: free some space, then run ingest again; files not stored were left out whole)", err, e.data)
	}
	if err != nil {
		return err
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%w: %d of %d files could not be stored", errSomeFailed, sum.Failed, sum.Files)
	}
	return nil
}

func resultNote(r library.FileResult) string {
	switch r.Outcome {
	case library.Stored:
		return fmt.Sprintf(" → %s (%d measures)", r.ID, r.Measures)
	case library.Duplicate:
		return " → " + r.ID
	case library.Skipped:
		return fmt.Sprintf(": not a disclosure (%s: %s)", r.Kind, r.Reason)
	case library.Failed:
		return ": " + r.Error
	}
	return ""
}

// runStats prints what the store and index hold.
func runStats(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "stats")
	asJSON := fs.Bool("json", false, "JSON on stdout")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	var st library.Stats
	if r, err := e.server(ctx); err != nil {
		return err
	} else if r != nil {
		var ready struct {
			Stats *library.Stats `json:"stats"`
		}
		if err := r.getJSON(ctx, "/readyz", nil, &ready); err != nil {
			return err
		}
		if ready.Stats == nil {
			return fmt.Errorf("%s answered no stats", r.name())
		}
		st = *ready.Stats
	} else {
		lib, err := openLibrary(ctx, e, 50)
		if err != nil {
			return err
		}
		defer lib.Close()
		if st, err = lib.Stats(ctx); err != nil {
			return err
		}
	}
	if *asJSON {
		enc := newJSON(e.stdout)
		return enc.Encode(st)
	}
	fmt.Fprintf(e.stdout, "disclosures  %d\nmeasures     %d\nindexed      %d measures, %d disclosures\nunits        %d\nrounds       %d\nindex        %s\n",
		st.Disclosures, st.Measures, st.Indexed, st.IndexedDisclosures, st.Units, st.Rounds, st.IndexVersion)
	return nil
}

// runReindex rebuilds the index from the store alone.
func runReindex(ctx context.Context, e *env, args []string) error {
	fs := newFlags(e, "reindex")
	if _, err := parseFlags(fs, args); err != nil {
		return err
	}
	if r, err := e.server(ctx); err != nil {
		return err
	} else if r != nil {
		return reindexRemote(ctx, e, r)
	}
	lib, err := openLibrary(ctx, e, 50)
	if err != nil {
		return err
	}
	defer lib.Close()
	var bar *progress
	err = lib.Reindex(ctx, func(done, total int) {
		if bar == nil {
			bar = newProgress(e.stderr, "reindex", total)
		}
		for bar.done < done {
			bar.step("")
		}
	})
	if bar != nil {
		bar.finish()
	}
	if err != nil {
		return err
	}
	st, err := lib.Stats(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "index rebuilt from the store: %d disclosures, %d measures\n", st.IndexedDisclosures, st.Indexed)
	return nil
}
