// Command zhenggai parses, stores, indexes and serves inspection
// rectification disclosures (巡察/巡视整改情况的通报/公示).
//
// Usage: zhenggai [--data DIR] COMMAND [flags] [args]. See `zhenggai help`.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// Exit statuses of the contract: 0 success, 1 some input failed (the rest
// was done), 2 usage error.
const (
	exitOK      = 0
	exitFailed  = 1
	exitUsage   = 2
	defaultData = "./data"
)

// errUsage marks a command-line mistake (exit status 2).
var errUsage = errors.New("usage")

// errSomeFailed marks a run where some inputs failed (exit status 1).
var errSomeFailed = errors.New("some inputs failed")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// env is what a command sees of the process: streams, environment, logger.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	log            *slog.Logger
	data           string
	store          string // --store or $ZHENGGAI_STORE; empty: the SQLite file in data
}

type command struct {
	name, summary string
	run           func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"parse", "parse files without storing: zhenggai parse [--json] FILE|DIR…", runParse},
		{"ingest", "store and index files and folders: zhenggai ingest [--json] PATH…", runIngest},
		{"search", "search measures: zhenggai search [--json] [--unit U] [--round N] [--theme T] [--limit N] [--offset N] QUERY", runSearch},
		{"stats", "what the store and index hold: zhenggai stats [--json]", runStats},
		{"reindex", "rebuild the index from the store", runReindex},
		{"serve", "serve the HTTP API: zhenggai serve [--addr 127.0.0.1:8080] [--api-keys-file F]", runServe},
		{"export", "export a search: zhenggai export --format xlsx|csv -o FILE [search flags] [QUERY]", runExport},
		{"compare", "theme matrix and distinctive themes: zhenggai compare [--json] --by unit|round [--units A,B] [--rounds N,M|KEY,…] [--top N] [search flags: --q --unit --round --theme --year --from --to]", runCompare},
		{"recurring", "recurring and common problems: zhenggai recurring [--json] [--by unit|theme] [--min-rounds N] [--min-units N] [search flags]", runRecurring},
		{"similar", "similar measures of other units: zhenggai similar [--json] [--k N] [--all-units] MEASURE_ID", runSimilar},
		{"duplicates", "near-duplicate measures across units: zhenggai duplicates [--json] [--threshold 0.8] [--same-unit] [--clusters]", runDuplicates},
		{"clusters", "near-duplicate measures grouped, most units first: zhenggai clusters [--json] [--threshold 0.8] [--unit U] [--limit N] [--offset N]", runClusters},
		{"trends", "theme shares over time: zhenggai trends [--json] [--by round|year] [search flags]", runTrends},
		{"profile", "one unit's rounds, themes, recurrences and copies: zhenggai profile [--json] UNIT", runProfile},
		{"generate", "write a SYNTHETIC demo corpus: zhenggai generate [--disclosures N] [--units N] [--seed S] [--truth] -o DIR", runGenerate},
		{"bench", "the performance suite on a synthetic corpus: zhenggai bench [--json] [--quick] [--disclosures N]", runBench},
	}
}

// run is the whole program behind main, testable in process.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, getenv: getenv}
	global := flag.NewFlagSet("zhenggai", flag.ContinueOnError)
	global.SetOutput(stderr)
	data := global.String("data", "", "data folder (default $ZHENGGAI_DATA, else ./data)")
	storeURL := global.String("store", "", "system of record: postgres://… shared by several servers, or sqlite:FILE (default $ZHENGGAI_STORE, else DIR/zhenggai.db)")
	verbose := global.Bool("v", false, "verbose logs on stderr")
	global.Usage = func() { usage(stderr) }
	if err := global.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	e.data = *data
	if e.data == "" {
		e.data = getenv("ZHENGGAI_DATA")
	}
	if e.data == "" {
		e.data = defaultData
	}
	e.store = *storeURL
	if e.store == "" {
		e.store = getenv("ZHENGGAI_STORE")
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelDebug
	}
	e.log = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	rest := global.Args()
	if len(rest) == 0 || rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
		usage(stderr)
		if len(rest) == 0 {
			return exitUsage
		}
		return exitOK
	}
	for _, c := range commands() {
		if c.name != rest[0] {
			continue
		}
		err := c.run(ctx, e, rest[1:])
		switch {
		case err == nil:
			return exitOK
		case errors.Is(err, flag.ErrHelp):
			return exitOK
		case errors.Is(err, errUsage):
			fmt.Fprintf(stderr, "zhenggai %s: %v\n", c.name, err)
			return exitUsage
		case errors.Is(err, errSomeFailed):
			fmt.Fprintf(stderr, "zhenggai %s: %v\n", c.name, err)
			return exitFailed
		default:
			fmt.Fprintf(stderr, "zhenggai %s: %v\n", c.name, err)
			return exitFailed
		}
	}
	fmt.Fprintf(stderr, "zhenggai: unknown command %q\n", rest[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: zhenggai [--data DIR] [--store URL] [-v] COMMAND [flags] [args]")
	fmt.Fprintln(w, "\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
}

// newFlags is a FlagSet for a subcommand that reports errors as usage errors.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("zhenggai "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	return fs
}

// parseFlags parses a subcommand's flags wherever they stand among the
// arguments (`parse a.txt --json` works too) and returns the positional
// arguments; a mistake is a usage error. A lone "--" ends the flags.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %w", errUsage, err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if len(args) > len(rest) && args[len(args)-len(rest)-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// newJSON returns an encoder writing one JSON value a line, with Chinese
// text and < > & left as they are.
func newJSON(w io.Writer) *json.Encoder {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc
}

// requirePaths is the usage check of the commands that read files.
func requirePaths(paths []string) error {
	if len(paths) == 0 {
		return fmt.Errorf("%w: name at least one file or folder", errUsage)
	}
	return nil
}
