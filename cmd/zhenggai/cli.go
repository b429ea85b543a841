package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/zhenggai/zhenggai/corpus/segment"
)

// The command line is cobra's: global flags anywhere on the line, --help on
// every command, shell completion. Each command keeps its own stdlib
// flag.FlagSet: the root learns it by asking the command for help (see
// describeFlags), cobra parses the whole line, and the command then runs on
// its flags as given ("--name=value" each, in order) and its arguments.

// newRoot builds the root command and one subcommand per command().
func newRoot(ctx context.Context, e *env) *cobra.Command {
	var showVersion bool
	root := &cobra.Command{
		Use:   "zhenggai",
		Short: "parse, store, search and serve inspection rectification disclosures (巡察/巡视整改情况)",
		Long: "zhenggai parses, stores, indexes and serves inspection rectification disclosures\n" +
			"(巡察/巡视整改情况的通报/公示). Global flags may stand before or after the command.\n" +
			"Exit status: 0 ok, 1 some input failed, 2 usage error.",
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if showVersion {
				return runVersion(cmd.Context(), e, nil)
			}
			if len(args) > 0 {
				return fmt.Errorf("unknown command %q", args[0])
			}
			cmd.SetOut(e.stderr)
			_ = cmd.Usage()
			return errors.New("name a command")
		},
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error { return e.resolveGlobals() },
	}
	root.SetOut(e.stdout)
	root.SetErr(e.stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return fmt.Errorf("%w: %w", errUsage, err) })
	pf := root.PersistentFlags()
	pf.StringVar(&e.data, "data", "", "data folder (default $ZHENGGAI_DATA, else ./data)")
	pf.StringVar(&e.store, "store", "", "system of record: postgres://… shared by several servers, or sqlite:FILE (default $ZHENGGAI_STORE, else DATA/zhenggai.db)")
	pf.BoolVarP(&e.verbose, "verbose", "v", false, "verbose logs on stderr")
	pf.StringVar(&e.logFormat, "log-format", "", "logs as text or json (default $ZHENGGAI_LOG_FORMAT, else text)")
	pf.StringVar(&e.apiKey, "api-key", "", "API key for writes through a running server (default $ZHENGGAI_API_KEY)")
	root.Flags().BoolVar(&showVersion, "version", false, "print the versions and exit")
	_ = root.RegisterFlagCompletionFunc("log-format", cobra.FixedCompletions([]string{"text", "json"}, cobra.ShellCompDirectiveNoFileComp))
	_ = root.MarkPersistentFlagDirname("data")

	for _, c := range commands() {
		root.AddCommand(subcommand(ctx, e, c))
	}
	root.CompletionOptions.HiddenDefaultCmd = false
	return root
}

// resolveGlobals applies the environment's defaults to the global flags.
func (e *env) resolveGlobals() error {
	e.dataGiven = e.data != "" || e.getenv("ZHENGGAI_DATA") != ""
	if e.data == "" {
		e.data = e.getenv("ZHENGGAI_DATA")
	}
	if e.data == "" {
		e.data = defaultData
	}
	if e.store == "" {
		e.store = e.getenv("ZHENGGAI_STORE")
	}
	if e.apiKey == "" {
		e.apiKey = e.getenv("ZHENGGAI_API_KEY")
	}
	if e.logFormat == "" {
		e.logFormat = e.getenv("ZHENGGAI_LOG_FORMAT")
	}
	switch e.logFormat {
	case "":
		e.logFormat = "text"
	case "text", "json":
	default:
		return fmt.Errorf("%w: --log-format takes text or json, got %q", errUsage, e.logFormat)
	}
	e.setLogger()
	return nil
}

// subcommand wraps one command for cobra.
func subcommand(ctx context.Context, e *env, c command) *cobra.Command {
	rec := &recorded{}
	cc := &cobra.Command{
		Use:                   c.synopsis,
		Short:                 c.summary,
		Args:                  cobra.ArbitraryArgs,
		DisableFlagsInUseLine: true,
		SilenceErrors:         true,
		SilenceUsage:          true,
		RunE: func(cmd *cobra.Command, pos []string) error {
			e.command = c.name
			if err := c.run(cmd.Context(), e, rec.line(pos)); err != nil {
				return &commandError{err}
			}
			return nil
		},
	}
	if fs := describeFlags(ctx, e, c); fs != nil {
		fs.VisitAll(func(f *flag.Flag) {
			v := &recordingValue{name: f.Name, inner: f.Value, rec: rec}
			if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
				f.Value = &recordingBool{v}
			} else {
				f.Value = v
			}
		})
		cc.Flags().AddGoFlagSet(fs)
	}
	if c.name == "similar" || c.name == "serve" || c.name == "stats" || c.name == "reindex" ||
		c.name == "compare" || c.name == "recurring" || c.name == "duplicates" || c.name == "version" {
		cc.ValidArgsFunction = cobra.NoFileCompletions
	}
	return cc
}

// describeFlags returns the flag set of command c, learnt by running it with
// -h in describe mode: newFlags hands the set over, the help goes nowhere
// and the command stops at parseFlags, before doing anything.
func describeFlags(ctx context.Context, e *env, c command) *flag.FlagSet {
	var got *flag.FlagSet
	probe := *e
	probe.describe = func(fs *flag.FlagSet) { got = fs }
	_ = c.run(ctx, &probe, []string{"-h"})
	return got
}

// recorded is the flags of one command line as given, in order.
type recorded struct{ args []string }

// line is the command's arguments: its flags as given, then "--" and the
// positional arguments.
func (r *recorded) line(pos []string) []string {
	return append(append(append([]string(nil), r.args...), "--"), pos...)
}

// recordingValue notes each value cobra sets (so that the command can parse
// it again) and checks it on its own flag.Value at once.
type recordingValue struct {
	name  string
	inner flag.Value
	rec   *recorded
}

func (v *recordingValue) String() string { return v.inner.String() }
func (v *recordingValue) Set(s string) error {
	if err := v.inner.Set(s); err != nil {
		return err
	}
	v.rec.args = append(v.rec.args, "--"+v.name+"="+s)
	return nil
}

// recordingBool is a recordingValue of a boolean flag, which stands
// without a value (--json).
type recordingBool struct{ *recordingValue }

func (recordingBool) IsBoolFlag() bool { return true }

// Type names the value in help: int, string, duration …
func (v *recordingValue) Type() string {
	if t, ok := v.inner.(interface{ Type() string }); ok {
		return t.Type()
	}
	t := reflect.TypeOf(v.inner)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch name := strings.TrimSuffix(t.Name(), "Value"); name {
	case "listFlag":
		return "list"
	case "":
		return "value"
	default:
		return name
	}
}

// longFlags rewrites the single-dash long flags the stdlib parser took
// (-json, -data DIR) into cobra's --json, --data DIR, for the flags the line
// names; everything after "--" stays as it is.
func longFlags(root *cobra.Command, args []string) []string {
	known := map[string]bool{}
	add := func(c *cobra.Command) {
		c.LocalFlags().VisitAll(func(f *pflagFlag) { known[f.Name] = true })
		c.PersistentFlags().VisitAll(func(f *pflagFlag) { known[f.Name] = true })
	}
	add(root)
	for _, c := range root.Commands() {
		add(c)
	}
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if len(a) > 2 && a[0] == '-' && a[1] != '-' {
			name, _, _ := strings.Cut(a[1:], "=")
			if len(name) > 1 && known[name] {
				a = "-" + a
			}
		}
		out = append(out, a)
	}
	return out
}

// runVersion prints the module version, the commit it was built from, the
// Go version and the segmenter's dictionary version.
func runVersion(ctx context.Context, e *env, args []string) error {
	pos, err := parseFlags(newFlags(e, "version"), args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%w: version takes no arguments", errUsage)
	}
	version, commit := "(devel)", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		var rev, when, dirty string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				if s.Value == "true" {
					dirty = ", modified"
				}
			}
		}
		if rev != "" {
			commit = rev
			if when != "" || dirty != "" {
				commit += " (" + strings.TrimPrefix(when+dirty, ", ") + ")"
			}
		}
	}
	// The version of the dictionary Shared loads, computed without loading it.
	dict, err := segment.Version(segment.Options{})
	if err != nil {
		dict = "unavailable: " + err.Error()
	}
	fmt.Fprintf(e.stdout, "zhenggai %s\ncommit     %s\ngo         %s %s/%s\ndictionary %s\n",
		version, commit, runtime.Version(), runtime.GOOS, runtime.GOARCH, dict)
	return nil
}

type pflagFlag = pflag.Flag
