package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/zhenggai/zhenggai/api/export"
	"github.com/zhenggai/zhenggai/indexer"
)

// serveFile is the file in the data folder where a running `serve` leaves
// its address, so that other commands on the same folder go through it.
const serveFile = "serve.json"

// healthTimeout bounds the check that a server named by serve.json answers.
const healthTimeout = 2 * time.Second

// serveInfo is the content of DATA/serve.json.
type serveInfo struct {
	URL     string    `json:"url"`
	PID     int       `json:"pid"`
	Started time.Time `json:"started"`
	Data    string    `json:"data"`
}

// writeServeFile records the server listening on addr in the data folder
// and returns the function that removes the record (when it is still ours).
func writeServeFile(data string, addr net.Addr) (remove func(), err error) {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return nil, fmt.Errorf("record the server address: %w", err)
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
		if ip.To4() == nil {
			host = "::1"
		}
	}
	abs, _ := filepath.Abs(data)
	info := serveInfo{URL: "http://" + net.JoinHostPort(host, port), PID: os.Getpid(), Started: time.Now().UTC().Truncate(time.Second), Data: abs}
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return nil, err
	}
	path := filepath.Join(data, serveFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return func() {
		if cur, err := readServeFile(data); err == nil && cur.PID == info.PID && cur.URL == info.URL {
			_ = os.Remove(path)
		}
	}, nil
}

// readServeFile reads DATA/serve.json.
func readServeFile(data string) (serveInfo, error) {
	var info serveInfo
	b, err := os.ReadFile(filepath.Join(data, serveFile))
	if err != nil {
		return info, err
	}
	if len(b) > 1<<16 {
		return info, errors.New("serve.json is too large")
	}
	if err := json.Unmarshal(b, &info); err != nil {
		return info, fmt.Errorf("read %s: %w", serveFile, err)
	}
	if info.URL == "" || info.PID <= 0 {
		return info, fmt.Errorf("read %s: no url or pid", serveFile)
	}
	return info, nil
}

// alive reports whether process pid exists.
func alive(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// remote is a running server that holds the data folder.
type remote struct {
	info   serveInfo
	apiKey string
	client *http.Client
}

// server returns the live server recorded in the data folder, saying so on
// stderr, or nil when there is none. A record whose process is gone or
// does not answer /healthz is removed.
func (e *env) server(ctx context.Context) (*remote, error) {
	info, err := readServeFile(e.data)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	path := filepath.Join(e.data, serveFile)
	if err != nil {
		e.log.Warn("ignoring an unreadable server record", "file", path, "err", err)
		_ = os.Remove(path)
		return nil, nil
	}
	r := &remote{info: info, apiKey: e.apiKey, client: &http.Client{}}
	if !alive(info.PID) || !r.healthy(ctx) {
		e.log.Info("removing a stale server record", "file", path, "url", info.URL, "pid", info.PID)
		_ = os.Remove(path)
		return nil, nil
	}
	fmt.Fprintf(e.stderr, "zhenggai: using the server at %s (pid %d)\n", info.URL, info.PID)
	return r, nil
}

// healthy reports whether the server answers /healthz in time.
func (r *remote) healthy(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, r.info.URL+"/healthz", nil)
	if err != nil {
		return false
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// name is how messages name the server.
func (r *remote) name() string {
	return fmt.Sprintf("the server at %s (pid %d)", r.info.URL, r.info.PID)
}

// maxRemoteJSON caps a JSON answer read from the server.
const maxRemoteJSON = 256 << 20

// do sends a request and returns the response when it succeeded; an error
// answer becomes an error (400 a usage error) with the server's detail.
func (r *remote) do(ctx context.Context, method, path string, q url.Values, body io.Reader, contentType string) (*http.Response, error) {
	u := r.info.URL + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, fmt.Errorf("ask %s: %w", r.name(), err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	if r.apiKey != "" {
		req.Header.Set("Authorization", "Bearer "+r.apiKey)
	}
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("ask %s: %w", r.name(), err)
	}
	if resp.StatusCode/100 == 2 {
		return resp, nil
	}
	defer resp.Body.Close()
	var p struct {
		Detail string `json:"detail"`
		Code   string `json:"code"`
	}
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	msg := strings.TrimSpace(string(b))
	if json.Unmarshal(b, &p) == nil && p.Detail != "" {
		msg = p.Detail
	}
	err = &httpError{status: resp.StatusCode, body: b, err: fmt.Errorf("%s answered %s: %s", r.name(), resp.Status, msg)}
	if resp.StatusCode == http.StatusBadRequest {
		return nil, fmt.Errorf("%w: %w", errUsage, err)
	}
	return nil, err
}

// getJSON decodes the answer to GET path?q into out.
func (r *remote) getJSON(ctx context.Context, path string, q url.Values, out any) error {
	resp, err := r.do(ctx, http.MethodGet, path, q, nil, "")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(io.LimitReader(resp.Body, maxRemoteJSON)).Decode(out); err != nil {
		return fmt.Errorf("read the answer of %s: %w", r.name(), err)
	}
	return nil
}

// queryValues are the API parameters of an index query.
func queryValues(q indexer.Query) url.Values {
	v := url.Values{}
	set := func(name, val string) {
		if val != "" {
			v.Set(name, val)
		}
	}
	list := func(name string, vals []string) {
		if len(vals) > 0 {
			v.Set(name, strings.Join(vals, ","))
		}
	}
	ints := func(name string, vals []int) {
		s := make([]string, len(vals))
		for i, n := range vals {
			s[i] = strconv.Itoa(n)
		}
		list(name, s)
	}
	set("q", q.Text)
	list("unit", q.Unit)
	list("round_label", q.RoundLabel)
	ints("round", q.Round)
	list("theme", q.Themes)
	ints("year", q.Year)
	ints("category", q.Category)
	list("body", q.Body)
	list("kind", q.Kind)
	list("level", q.Level)
	list("group", q.Group)
	list("type", q.Type)
	ints("term", q.Term)
	set("disclosure_id", q.DisclosureID)
	set("from", q.PublishedFrom)
	set("to", q.PublishedTo)
	set("sort", q.Sort)
	if q.Limit != 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	if q.Offset != 0 {
		v.Set("offset", strconv.Itoa(q.Offset))
	}
	list("facets", q.Facets)
	v.Set("highlight", strconv.FormatBool(q.Highlight))
	if q.Synonyms {
		v.Set("synonyms", "true")
	}
	if q.Collapse {
		v.Set("collapse", "true")
	}
	return v
}

// refuseWrite is the error of a write while a server holds the folder and
// no API key was given.
func (r *remote) refuseWrite(what string) error {
	return fmt.Errorf("%s holds this data folder: %s goes through its API and needs an API key "+
		"(--api-key or $ZHENGGAI_API_KEY, one of the server's keys), or stop the server first", r.name(), what)
}

// httpError is an error answer of the server, its body kept.
type httpError struct {
	status int
	body   []byte
	err    error
}

func (h *httpError) Error() string { return h.err.Error() }
func (h *httpError) Unwrap() error { return h.err }

// exportRemote fetches the export of q from the server into path (through
// a temporary file renamed once complete) or stdout.
func exportRemote(ctx context.Context, e *env, r *remote, q indexer.Query, f export.Format, path string) error {
	v := queryValues(q)
	for _, k := range []string{"limit", "offset", "facets", "highlight"} {
		v.Del(k)
	}
	resp, err := r.do(ctx, http.MethodGet, "/api/v1/export/measures."+string(f), v, nil, "")
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if path == "-" {
		if _, err := io.Copy(e.stdout, resp.Body); err != nil {
			return fmt.Errorf("read the export of %s: %w", r.name(), err)
		}
	} else {
		tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
		if err != nil {
			return fmt.Errorf("create %s: %w", path, err)
		}
		_, err = io.Copy(tmp, resp.Body)
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
			return errors.Join(fmt.Errorf("write %s: %w", path, err), os.Remove(tmp.Name()))
		}
	}
	note := ""
	if resp.Header.Get("X-Export-Truncated") == "true" {
		note = " (cut at the server's cap)"
	}
	fmt.Fprintf(e.stderr, "%s of %s measures written to %s%s\n", resp.Header.Get("X-Export-Rows"), resp.Header.Get("X-Total-Count"), path, note)
	return nil
}
