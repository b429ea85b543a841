package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

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

// libraryOptions adds the store of --store to opts.
func (e *env) openLibraryWith(ctx context.Context, opts library.Options) (*library.Library, error) {
	st, err := openStore(ctx, e.store, opts.Logger)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	opts.Store = st
	return library.Open(ctx, e.data, opts)
}
