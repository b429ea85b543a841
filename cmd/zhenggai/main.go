// Command zhenggai parses, stores, indexes and serves inspection
// rectification disclosures (巡察/巡视整改情况的通报/公示).
//
// Usage: zhenggai [--data DIR] COMMAND [flags] [args]. See `zhenggai --help`.
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

	"github.com/spf13/cobra"
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

// env is what a command sees of the process: streams, environment, logger
// and the global flags.
type env struct {
	stdout, stderr io.Writer
	getenv         func(string) string
	log            *slog.Logger
	data           string
	store          string // --store or $ZHENGGAI_STORE; empty: the SQLite file in data
	logFormat      string // --log-format: text or json
	verbose        bool   // -v
	apiKey         string // --api-key or $ZHENGGAI_API_KEY: writes through a running server
	dataGiven      bool   // --data or $ZHENGGAI_DATA named the folder
	command        string // the command running
	// cgroupRoot is where the control group's memory limit is read
	// (heapLimitMB): "" for "/", a fixture tree in tests.
	cgroupRoot string

	// describe, when set, receives the flag set of the command being asked
	// for help: how the command line learns each command's flags.
	describe func(*flag.FlagSet)

	// loadDictionary, when set, replaces segment.SharedContext as the
	// dictionary load serve starts in the background once it is ready
	// (tests observe and hold it).
	loadDictionary func(context.Context) error
}

// command is one subcommand: its synopsis (after "zhenggai "), a one-line
// summary, and the function that runs it on its own arguments.
type command struct {
	name, summary, synopsis string
	run                     func(ctx context.Context, e *env, args []string) error
}

func commands() []command {
	return []command{
		{"parse", "parse files without storing", "parse [--json] [--max-mb N] FILE|DIR…", runParse},
		{"ingest", "store and index files and folders", "ingest [--json] [--max-mb N] PATH…", runIngest},
		{"search", "search measures", "search [--json] [--unit U] [--round N] [--theme T] [--limit N] [--offset N] QUERY", runSearch},
		{"stats", "what the store and index hold", "stats [--json]", runStats},
		{"reindex", "rebuild the index from the store", "reindex", runReindex},
		{"serve", "serve the HTTP API and the web page", "serve [--addr 127.0.0.1:8080] [--api-keys-file F]", runServe},
		{"export", "export a search to .xlsx or .csv", "export --format xlsx|csv -o FILE [search flags] [QUERY]", runExport},
		{"compare", "theme matrix and distinctive themes", "compare [--json] --by unit|round [--units A,B] [--rounds N,M|KEY,…] [--top N] [search flags: --q --unit --round --theme --year --from --to]", runCompare},
		{"recurring", "recurring and common problems", "recurring [--json] [--by unit|theme] [--min-rounds N] [--min-units N] [search flags]", runRecurring},
		{"similar", "similar measures of other units", "similar [--json] [--k N] [--all-units] MEASURE_ID", runSimilar},
		{"duplicates", "near-duplicate measures across units", "duplicates [--json] [--threshold 0.8] [--same-unit] [--clusters]", runDuplicates},
		{"clusters", "near-duplicate measures grouped, most units first", "clusters [--json] [--threshold 0.8] [--unit U] [--limit N] [--offset N]", runClusters},
		{"trends", "theme shares over time", "trends [--json] [--by round|year] [search flags]", runTrends},
		{"profile", "one unit's rounds, themes, recurrences and copies", "profile [--json] UNIT", runProfile},
		{"generate", "write a SYNTHETIC demo corpus", "generate [--disclosures N] [--units N] [--seed S] [--truth] -o DIR", runGenerate},
		{"bench", "the performance suite on a synthetic corpus", "bench [--json] [--quick] [--disclosures N]", runBench},
		{"version", "module version, commit, Go and dictionary versions", "version", runVersion},
	}
}

// run is the whole program behind main, testable in process.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	e := &env{stdout: stdout, stderr: stderr, getenv: getenv}
	e.setLogger()
	root := newRoot(ctx, e)
	root.SetArgs(longFlags(root, args))
	cmd, err := root.ExecuteContextC(ctx)
	return e.exit(cmd, err)
}

// exit reports err on stderr and returns the exit status.
func (e *env) exit(cmd *cobra.Command, err error) int {
	name := "zhenggai"
	if cmd != nil && cmd.Name() != "zhenggai" {
		name = "zhenggai " + cmd.Name()
	}
	var ce *commandError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return exitOK
	case !errors.As(err, &ce), errors.Is(err, errUsage):
		// Errors of the command line itself (unknown command or flag, bad
		// value) come from the parser, not from a command.
		fmt.Fprintf(e.stderr, "%s: %v\n", name, err)
		if !errors.As(err, &ce) {
			fmt.Fprintf(e.stderr, "Run '%s --help' for usage.\n", name)
		}
		return exitUsage
	default:
		fmt.Fprintf(e.stderr, "%s: %v\n", name, err)
		return exitFailed
	}
}

// commandError wraps what a command returned, telling it apart from an
// error of the command line.
type commandError struct{ err error }

func (c *commandError) Error() string { return c.err.Error() }
func (c *commandError) Unwrap() error { return c.err }

// setLogger builds e.log from -v and --log-format.
func (e *env) setLogger() {
	level := slog.LevelWarn
	if e.verbose {
		level = slog.LevelDebug
	}
	e.log = slog.New(e.logHandler(level))
}

// logHandler is a handler on stderr in the format of --log-format.
func (e *env) logHandler(level slog.Level) slog.Handler {
	opts := &slog.HandlerOptions{Level: level}
	if e.logFormat == "json" {
		return slog.NewJSONHandler(e.stderr, opts)
	}
	return slog.NewTextHandler(e.stderr, opts)
}

// newFlags is a FlagSet for a subcommand that reports errors as usage errors.
func newFlags(e *env, name string) *flag.FlagSet {
	fs := flag.NewFlagSet("zhenggai "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	if e.describe != nil {
		fs.SetOutput(io.Discard)
		e.describe(fs)
	}
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
