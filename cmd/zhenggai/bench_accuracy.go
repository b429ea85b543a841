package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/zhenggai/zhenggai/corpus"
	"github.com/zhenggai/zhenggai/corpus/accuracy"
	"github.com/zhenggai/zhenggai/corpus/extract"
)

// fixturesDir is where `bench` finds the fixtures when run from the
// repository.
const fixturesDir = "corpus/testdata/fixtures"

// benchAccuracy measures the parser against a folder's hand-written
// expectations (see package accuracy). The result is nil, with the reason,
// when the folder is absent.
func benchAccuracy(ctx context.Context, e *env, dir string) (*accuracy.Report, string, error) {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Sprintf("no fixtures at %s (run from the repository, or measure a folder with --accuracy DIR)", dir), nil
	}
	loader := corpus.NewLoader(
		extract.New(extract.Options{MaxBytes: 50 << 20}, e.log),
		corpus.NewParser(corpus.Options{Logger: e.log}),
	)
	r, err := accuracy.Run(ctx, loader, dir)
	if err != nil {
		return nil, "", err
	}
	return r, "", nil
}

// runAccuracyOnly is `bench --accuracy DIR`: the accuracy report alone,
// every field not got right listed after the table.
func runAccuracyOnly(ctx context.Context, e *env, dir string, asJSON bool) error {
	if _, err := os.Stat(dir); err != nil {
		return fmt.Errorf("%w: --accuracy %s: %w", errUsage, dir, err)
	}
	r, _, err := benchAccuracy(ctx, e, dir)
	if err != nil {
		return err
	}
	if asJSON {
		return newJSON(e.stdout).Encode(struct {
			Accuracy *accuracy.Report `json:"accuracy"`
		}{r})
	}
	fmt.Fprintf(e.stdout, "parse accuracy on %s\n", dir)
	return r.Write(e.stdout, true)
}

// writeAccuracy is the accuracy section of the bench report.
func writeAccuracy(e *env, r *accuracy.Report, skipped string) {
	if r == nil {
		fmt.Fprintf(e.stdout, "accuracy   skipped: %s\n", skipped)
		return
	}
	fmt.Fprintf(e.stdout, "accuracy   %d fixtures against their hand-written expectations (right / wrong / missing):\n", r.Documents)
	_ = r.Write(e.stdout, false)
}
