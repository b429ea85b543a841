package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/zhenggai/zhenggai/corpus/synth"
)

// truthFile is the name of the truth written by generate --truth.
const truthFile = "truth.jsonl"

// runGenerate writes a synthetic corpus (package corpus/synth) to a folder:
// synthetic-NNNN.txt files, each marked as invented, and with --truth the
// generator's truth as JSON Lines. It never overwrites a file it did not
// write itself.
func runGenerate(ctx context.Context, e *env, args []string) error {
	fset := newFlags(e, "generate")
	n := fset.Int("disclosures", 60, "how many disclosures to generate")
	units := fset.Int("units", 20, "how many invented units (clamped so each recurs in 2–3 rounds)")
	seed := fset.Int64("seed", 1, "random seed: the same seed gives the same files")
	out := fset.String("o", "", "folder to write to (created if missing)")
	truth := fset.Bool("truth", false, "also write "+truthFile+": one Truth object per line")
	rest, err := parseFlags(fset, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, rest[0])
	}
	if *out == "" {
		return fmt.Errorf("%w: name the folder to write with -o DIR", errUsage)
	}
	if *n <= 0 || *units < 0 {
		return fmt.Errorf("%w: --disclosures must be positive and --units not negative", errUsage)
	}
	docs, err := synth.GenerateContext(ctx, synth.Options{Seed: *seed, Disclosures: *n, Units: *units})
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	// Check every target before writing any.
	for _, d := range docs {
		if err := checkSynthetic(filepath.Join(*out, d.Name), isSyntheticDoc); err != nil {
			return err
		}
	}
	if *truth {
		if err := checkSynthetic(filepath.Join(*out, truthFile), isTruthFile); err != nil {
			return err
		}
	}
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(*out, d.Name), []byte(d.Text), 0o644); err != nil {
			return err
		}
	}
	if *truth {
		var buf bytes.Buffer
		enc := newJSON(&buf)
		for _, d := range docs {
			if err := enc.Encode(d.Truth); err != nil {
				return err
			}
		}
		if err := os.WriteFile(filepath.Join(*out, truthFile), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	what := ""
	if *truth {
		what = " and " + truthFile
	}
	fmt.Fprintf(e.stdout, "wrote %d synthetic disclosures%s to %s\n", len(docs), what, *out)
	return nil
}

// checkSynthetic refuses to overwrite an existing file that ok does not
// recognise as generated.
func checkSynthetic(path string, ok func([]byte) bool) error {
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case !ok(data):
		return fmt.Errorf("refusing to overwrite %s: it is not a synthetic file written by zhenggai generate", path)
	}
	return nil
}

func isSyntheticDoc(data []byte) bool {
	return bytes.HasPrefix(data, []byte(synth.Marker+"\n"))
}

func isTruthFile(data []byte) bool {
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<16), 1<<24)
	for sc.Scan() {
		if l := sc.Text(); l != "" && !strings.HasPrefix(l, `{"name":"synthetic-`) {
			return false
		}
	}
	return sc.Err() == nil
}
