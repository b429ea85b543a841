package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/zhenggai/zhenggai/indexer"

	"github.com/zhenggai/zhenggai/indexer/library"
	"github.com/zhenggai/zhenggai/indexer/store"
	"github.com/zhenggai/zhenggai/indexer/store/pgstore"
)

// openStore opens the system of record named by --store or
// $ZHENGGAI_STORE: postgres://… or postgresql://… (PostgreSQL, shared by
// several servers), sqlite:PATH or file:PATH (a SQLite file elsewhere than
// the data folder). Empty means the library's default, the SQLite file in
// the data folder, and returns nil.
func openStore(ctx context.Context, url string, log *slog.Logger) (library.Store, error) {
	switch {
	case url == "":
		return nil, nil
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		s, err := pgstore.Open(ctx, url, store.Options{Logger: log})
		if err != nil {
			return nil, err
		}
		log.Info("store", "postgres", s.Where())
		return s, nil
	case strings.HasPrefix(url, "sqlite:"), strings.HasPrefix(url, "file:"):
		path := strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(url, "sqlite:"), "file:"), "//")
		if path == "" {
			return nil, fmt.Errorf("%w: --store %s names no file", errUsage, url)
		}
		return store.Open(ctx, path, store.Options{Logger: log})
	}
	return nil, fmt.Errorf("%w: --store wants postgres://…, postgresql://…, sqlite:PATH or file:PATH, got %q", errUsage, redact(url))
}

// redact hides the password of a URL in messages.
func redact(url string) string {
	at := strings.LastIndex(url, "@")
	scheme := strings.Index(url, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return url
	}
	userinfo := url[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return url[:scheme+3] + userinfo[:i] + ":***" + url[at:]
	}
	return url
}

// lockWait is how long a command waits for a data folder another process
// holds before saying who holds it.
const lockWait = 300 * time.Millisecond

// creates reports whether command may create a new data folder.
func creates(command string) bool { return command == "ingest" || command == "serve" }

// openLibraryWith opens the data folder on the store of --store. Only
// ingest and serve create a store; the other commands fail on a folder that
// holds none (a typo in --data). A folder another process holds is
// reported at once, with the holder.
func (e *env) openLibraryWith(ctx context.Context, opts library.Options) (*library.Library, error) {
	fresh, err := e.checkData()
	if err != nil {
		return nil, err
	}
	if e.command != "serve" {
		if r, err := e.server(ctx); err != nil {
			return nil, err
		} else if r != nil {
			return nil, fmt.Errorf("%s holds the data folder %s: %s cannot run beside it; stop the server first", r.name(), e.data, e.command)
		}
	}
	// Opening the library never loads the dictionary, so it meets the index
	// lock within lockWait; only then is /proc searched for the holder
	// (walking every process's files costs tens of milliseconds, which a
	// command on a free folder need not pay).
	st, err := openStore(ctx, e.store, opts.Logger)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	opts.Store = st
	if opts.LockTimeout == 0 {
		opts.LockTimeout = lockWait
	}
	lib, err := library.Open(ctx, e.data, opts)
	if errors.Is(err, indexer.ErrLocked) {
		return nil, fmt.Errorf("the data folder %s is in use by %s: stop it, or wait until it ends (%w)", e.data, holder(e.data), err)
	}
	if err != nil {
		return nil, err
	}
	if fresh {
		abs, _ := filepath.Abs(e.data)
		fmt.Fprintf(e.stderr, "zhenggai: created a new data folder at %s\n", abs)
	}
	return lib, nil
}

// checkData refuses a data folder that holds no store for the commands
// that only read, and tells whether ingest or serve is about to create one.
// With --store the store lives elsewhere and the folder holds only the
// index, rebuilt from the store when missing; a sqlite: store must exist.
func (e *env) checkData() (fresh bool, err error) {
	var want string
	switch {
	case e.store == "":
		want = filepath.Join(e.data, "zhenggai.db")
	case strings.HasPrefix(e.store, "sqlite:"), strings.HasPrefix(e.store, "file:"):
		want = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(e.store, "sqlite:"), "file:"), "//")
	default: // PostgreSQL: the database is the store
		_, statErr := os.Stat(filepath.Join(e.data, "index"))
		return creates(e.command) && errors.Is(statErr, fs.ErrNotExist), nil
	}
	_, statErr := os.Stat(want)
	switch {
	case statErr == nil:
		return false, nil
	case !errors.Is(statErr, fs.ErrNotExist):
		return false, fmt.Errorf("open store: %w", statErr)
	case creates(e.command):
		_, dirErr := os.Stat(e.data)
		return errors.Is(dirErr, fs.ErrNotExist) || e.store == "", nil
	case e.store != "":
		return false, fmt.Errorf("no zhenggai store at %s: run `zhenggai ingest` first, or check --store", want)
	default:
		abs, _ := filepath.Abs(e.data)
		return false, fmt.Errorf("no zhenggai data in %s: run `zhenggai ingest` first, or check --data", abs)
	}
}

// holder names the process that holds the data folder: the server of
// serve.json, else a process with a file of the index open (from /proc,
// where there is one).
func holder(data string) string {
	if info, err := readServeFile(data); err == nil && alive(info.PID) {
		return fmt.Sprintf("the server at %s (pid %d)", info.URL, info.PID)
	}
	if who := indexHolder(data); who != "" {
		return who
	}
	return "another process"
}

// indexHolder names another process with a file of DATA/index open, read
// from /proc where there is one; "" when none is seen.
func indexHolder(data string) string {
	index, err := filepath.Abs(filepath.Join(data, "index"))
	if err != nil {
		return ""
	}
	procs, _ := filepath.Glob("/proc/[0-9]*/fd/*")
	self := fmt.Sprintf("/proc/%d/", os.Getpid())
	for _, fd := range procs {
		if strings.HasPrefix(fd, self) {
			continue
		}
		if target, err := os.Readlink(fd); err == nil && strings.HasPrefix(target, index+string(filepath.Separator)) {
			pid := strings.Split(fd, "/")[2]
			cmd, _ := os.ReadFile("/proc/" + pid + "/cmdline")
			name := strings.ReplaceAll(strings.TrimRight(string(cmd), "\x00"), "\x00", " ")
			if name != "" {
				return fmt.Sprintf("pid %s (%s)", pid, name)
			}
			return "pid " + pid
		}
	}
	return ""
}
