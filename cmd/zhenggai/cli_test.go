package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

// demoData generates a small synthetic corpus and ingests it into a new
// data folder, in process.
func demoData(t *testing.T) string {
	t.Helper()
	in := filepath.Join(t.TempDir(), "demo")
	if code, _, stderr := runCLI(t, nil, "generate", "--disclosures", "12", "-o", in); code != exitOK {
		t.Fatalf("generate: %d\n%s", code, stderr)
	}
	data := filepath.Join(t.TempDir(), "data")
	code, _, stderr := runCLI(t, nil, "ingest", in, "--data", data)
	if code != exitOK {
		t.Fatalf("ingest: %d\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "created a new data folder at ") {
		t.Errorf("ingest into a new folder does not say it created one:\n%s", stderr)
	}
	return data
}

// withoutTook drops the timing of a search result, the one field two runs
// of the same search do not share.
func withoutTook(t *testing.T, out string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	delete(m, "took_ms")
	return m
}

// TestCommandsBesideServer starts serve in process on 127.0.0.1:0 and runs
// the read commands on its data folder: they go through its API, say so,
// and print what they print with the folder to themselves.
func TestCommandsBesideServer(t *testing.T) {
	data := demoData(t)
	extra := t.TempDir()
	fixture, err := os.ReadFile(filepath.Join("..", "..", "corpus", "testdata", "fixtures", "02_county_housing_layoutB.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(extra, "housing.txt"), fixture, 0o644); err != nil {
		t.Fatal(err)
	}
	export := func(dir, name string) string {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	// Each read command, in JSON where it has it; the export as CSV.
	reads := [][]string{
		{"stats", "--json"},
		{"search", "--json", "整改"},
		{"search", "--json", "--limit", "5", "--offset", "3", "--unit", "民政局", "整改"},
		{"compare", "--json", "--by", "unit"},
		{"recurring", "--json", "--min-units", "1"},
		{"duplicates", "--json", "--threshold", "0.3"},
		{"clusters", "--json", "--threshold", "0.3"},
		{"trends", "--json", "--by", "round"},
		{"recurring", "--json", "--by", "unit", "--min-rounds", "1"},
		{"recurring", "--json", "--by", "theme", "--min-units", "1"},
	}
	outDir := t.TempDir()
	collect := func(env map[string]string, tag string) []string {
		var outs []string
		for _, args := range reads {
			code, out, stderr := runCLI(t, env, append([]string{"--data", data}, args...)...)
			if code != exitOK {
				t.Fatalf("%s %v: exit %d\n%s", tag, args, code, stderr)
			}
			if tag == "server" && !strings.Contains(stderr, "using the server at http://127.0.0.1:") {
				t.Errorf("%v beside the server does not say it uses it:\n%s", args, stderr)
			}
			outs = append(outs, out)
		}
		code, _, stderr := runCLI(t, env, "export", "整改", "--data", data, "-o", filepath.Join(outDir, tag+".csv"))
		if code != exitOK {
			t.Fatalf("%s export: exit %d\n%s", tag, code, stderr)
		}
		return append(outs, export(outDir, tag+".csv"))
	}

	// First with the folder to the commands themselves.
	local := collect(nil, "local")
	var res struct {
		Hits []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	_ = json.Unmarshal([]byte(local[1]), &res)
	if len(res.Hits) == 0 {
		t.Fatalf("search found nothing:\n%s", local[1])
	}
	id := res.Hits[0].ID
	similar := []string{"similar", "--json", "--all-units", id, "--data", data}
	code, similarLocal, stderr := runCLI(t, nil, similar...)
	if code != exitOK {
		t.Fatalf("similar: %d\n%s", code, stderr)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	serveErr := &lockedBuffer{}
	done := make(chan int, 1)
	serveEnv := map[string]string{"ZHENGGAI_API_KEYS": "test-key"}
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--log-format", "json", "--data", data},
			func(k string) string { return serveEnv[k] }, &bytes.Buffer{}, serveErr)
	}()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if _, err := readServeFile(data); err == nil {
			break
		}
		select {
		case code := <-done:
			t.Fatalf("serve ended with %d:\n%s", code, serveErr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve left no %s within 2 minutes:\n%s", serveFile, serveErr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	info, _ := readServeFile(data)
	if info.PID != os.Getpid() || !strings.HasPrefix(info.URL, "http://127.0.0.1:") {
		t.Errorf("serve.json = %+v", info)
	}

	// The same commands beside the server print the same.
	viaServer := collect(nil, "server")
	for i, args := range reads {
		a, b := local[i], viaServer[i]
		if args[0] == "search" {
			if !reflect.DeepEqual(withoutTook(t, a), withoutTook(t, b)) {
				t.Errorf("%v differs through the server:\nlocal  %s\nserver %s", args, a, b)
			}
			continue
		}
		if a != b {
			t.Errorf("%v differs through the server:\nlocal  %s\nserver %s", args, a, b)
		}
	}
	if n := len(reads); local[n] != viaServer[n] || strings.Count(local[n], "\n") < 10 {
		t.Errorf("the CSV export differs through the server (%d and %d bytes) or is nearly empty", len(local[n]), len(viaServer[n]))
	}
	code, similarServer, stderr := runCLI(t, nil, similar...)
	if code != exitOK || similarServer != similarLocal {
		t.Errorf("similar through the server: exit %d\n%s\nlocal  %s\nserver %s", code, stderr, similarLocal, similarServer)
	}

	// Writes: without a key they fail at once naming the server; with one
	// they go through the API.
	start := time.Now()
	code, _, stderr = runCLI(t, nil, "--data", data, "ingest", extra)
	if code == exitOK || !strings.Contains(stderr, "the server at "+info.URL) || !strings.Contains(stderr, "API key") {
		t.Errorf("ingest without a key beside the server: exit %d\n%s", code, stderr)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("ingest without a key took %v to fail", d)
	}
	code, _, stderr = runCLI(t, nil, "--data", data, "reindex")
	if code == exitOK || !strings.Contains(stderr, info.URL) {
		t.Errorf("reindex beside the server: exit %d\n%s", code, stderr)
	}
	code, out, stderr := runCLI(t, map[string]string{"ZHENGGAI_API_KEY": "test-key"}, "--data", data, "ingest", "--json", extra)
	if code != exitOK || !strings.Contains(out, `"outcome":"stored"`) || !strings.Contains(stderr, "1 stored") {
		t.Errorf("ingest with a key through the server: exit %d\n%s\n%s", code, out, stderr)
	}
	code, _, stderr = runCLI(t, nil, "--data", data, "ingest", "--api-key", "test-key", extra)
	if code != exitOK || !strings.Contains(stderr, "1 already stored") {
		t.Errorf("ingest again with --api-key: exit %d\n%s", code, stderr)
	}
	code, _, stderr = runCLI(t, nil, "--data", data, "reindex", "--api-key", "test-key")
	if code != exitOK || !strings.Contains(stderr, "index rebuilt from the store by the server at "+info.URL) {
		t.Errorf("reindex with a key through the server: exit %d\n%s", code, stderr)
	}
	code, out, _ = runCLI(t, nil, "--data", data, "stats", "--json")
	var after struct{ Measures, Indexed int }
	if code != exitOK || json.Unmarshal([]byte(out), &after) != nil || after.Indexed != after.Measures || after.Measures == 0 {
		t.Errorf("stats after a reindex through the server: exit %d %s", code, out)
	}

	cancel()
	select {
	case code := <-done:
		if code != exitOK {
			t.Errorf("serve ended with %d:\n%s", code, serveErr.String())
		}
	case <-time.After(time.Minute):
		t.Fatal("serve did not stop within a minute")
	}
	if _, err := os.Stat(filepath.Join(data, serveFile)); !os.IsNotExist(err) {
		t.Errorf("serve left %s behind: %v", serveFile, err)
	}
	// The server's logs were JSON lines.
	logLines := 0
	sc := bufio.NewScanner(strings.NewReader(serveErr.String()))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil || m["msg"] == nil || m["level"] == nil {
			t.Errorf("--log-format json wrote a line that is not a JSON record: %q", line)
		}
		logLines++
	}
	if logLines < 3 {
		t.Errorf("--log-format json: %d JSON log lines in:\n%s", logLines, serveErr.String())
	}

	// After it, the folder is the commands' own again.
	code, out, stderr = runCLI(t, nil, "--data", data, "stats", "--json")
	if code != exitOK || strings.Contains(stderr, "using the server") || !strings.Contains(out, `"disclosures":13`) {
		t.Errorf("stats after the server stopped: exit %d\n%s\n%s", code, out, stderr)
	}
}

// TestStaleServeFile: a serve.json whose process is gone is removed and
// the command opens the folder itself.
func TestStaleServeFile(t *testing.T) {
	data := analyticsData(t)
	stale := filepath.Join(data, serveFile)
	if err := os.WriteFile(stale, []byte(`{"url":"http://127.0.0.1:1","pid":999999999,"started":"2026-01-01T00:00:00Z"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, nil, "stats", "--json", "--data", data)
	if code != exitOK || !strings.Contains(out, `"disclosures":3`) || strings.Contains(stderr, "using the server") {
		t.Errorf("stats beside a stale serve.json: exit %d\n%s\n%s", code, out, stderr)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("the stale serve.json was kept: %v", err)
	}
}

// TestMissingDataFolder: read commands on a folder that holds no store fail
// with a clear message and create nothing.
func TestMissingDataFolder(t *testing.T) {
	typo := filepath.Join(t.TempDir(), "dta")
	for _, args := range [][]string{
		{"stats"}, {"search", "整改"}, {"compare", "--by", "unit"}, {"recurring"}, {"duplicates"},
		{"similar", "x-001"}, {"export", "-o", filepath.Join(t.TempDir(), "x.csv")}, {"reindex"},
	} {
		code, out, stderr := runCLI(t, nil, append(args, "--data", typo)...)
		if code != exitFailed || out != "" {
			t.Errorf("%v: exit %d, stdout %q; want exit %d and nothing", args, code, out, exitFailed)
		}
		if !strings.Contains(stderr, "no zhenggai data in "+typo+": run `zhenggai ingest` first, or check --data") {
			t.Errorf("%v: stderr does not explain:\n%s", args, stderr)
		}
		if _, err := os.Stat(typo); !os.IsNotExist(err) {
			t.Fatalf("%v created %s", args, typo)
		}
	}
	// A sqlite: store that does not exist is not created either.
	missing := filepath.Join(t.TempDir(), "none.db")
	code, _, stderr := runCLI(t, nil, "--store", "sqlite:"+missing, "stats", "--data", t.TempDir())
	if code != exitFailed || !strings.Contains(stderr, "no zhenggai store at "+missing) {
		t.Errorf("stats on a missing sqlite store: exit %d\n%s", code, stderr)
	}
}

// TestGlobalFlagsAnywhere: --data and -v before or after the command, and
// the single-dash spellings of before, give the same.
func TestGlobalFlagsAnywhere(t *testing.T) {
	data := analyticsData(t)
	var first string
	for i, args := range [][]string{
		{"--data", data, "stats", "--json"},
		{"stats", "--json", "--data", data},
		{"stats", "--data=" + data, "--json"},
		{"-data", data, "stats", "-json"},
		{"-v", "stats", "--json", "--data", data},
		{"stats", "--json", "--data", data, "-v", "--log-format", "text"},
	} {
		code, out, stderr := runCLI(t, nil, args...)
		if code != exitOK || !strings.Contains(out, `"disclosures":3`) {
			t.Errorf("%v: exit %d\n%s\n%s", args, code, out, stderr)
		}
		if i == 0 {
			first = out
		} else if out != first {
			t.Errorf("%v prints\n%s\nnot\n%s", args, out, first)
		}
	}
	// Flags of a command stand before or after its arguments, and "--"
	// ends them.
	code, a, _ := runCLI(t, nil, "search", "--json", "--limit", "2", "整改", "--data", data)
	code2, b, _ := runCLI(t, nil, "--data", data, "search", "整改", "--limit=2", "--json")
	if code != exitOK || code2 != exitOK || !reflect.DeepEqual(withoutTook(t, a), withoutTook(t, b)) {
		t.Errorf("search with flags before and after the query differs (%d, %d)", code, code2)
	}
	// Usage errors keep exit status 2.
	for _, args := range [][]string{{"stats", "--bogus"}, {"bogus"}, {}, {"search", "--limit", "x"}, {"--log-format", "xml", "stats"}} {
		if code, _, stderr := runCLI(t, nil, append(args, "--data", data)...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d\n%s", args, code, exitUsage, stderr)
		}
	}
	// Help spells flags with two dashes.
	code, out, _ := runCLI(t, nil, "search", "--help")
	if code != exitOK || !strings.Contains(out, "--json") || !strings.Contains(out, "--data") || strings.Contains(out, " -json") {
		t.Errorf("search --help: exit %d\n%s", code, out)
	}
}

// TestLogFormatJSON: --log-format json makes every log line a JSON record.
func TestLogFormatJSON(t *testing.T) {
	data := analyticsData(t)
	code, _, stderr := runCLI(t, nil, "--log-format", "json", "-v", "stats", "--data", data)
	if code != exitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	n := 0
	for line := range strings.Lines(stderr) {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil || m["level"] == nil {
			t.Errorf("not a JSON log record: %q", line)
		}
		n++
	}
	if n == 0 {
		t.Errorf("-v --log-format json logged nothing")
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}} {
		code, out, stderr := runCLI(t, nil, args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d\n%s", args, code, stderr)
		}
		for _, re := range []string{`(?m)^zhenggai \S+$`, `(?m)^commit +\S+`, `(?m)^go +go1\.\d+`, `(?m)^dictionary +[0-9a-f]{16}$`} {
			if !regexp.MustCompile(re).MatchString(out) {
				t.Errorf("%v: no line matching %s in\n%s", args, re, out)
			}
		}
	}
}

func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh"} {
		code, out, stderr := runCLI(t, nil, "completion", shell)
		if code != exitOK || len(out) < 1000 || !strings.Contains(out, "zhenggai") {
			t.Errorf("completion %s: exit %d, %d bytes\n%s", shell, code, len(out), stderr)
		}
	}
	// The completions themselves: commands, and a command's flags.
	code, out, _ := runCLI(t, nil, "__complete", "se")
	if code != exitOK || !strings.Contains(out, "search") || !strings.Contains(out, "serve") {
		t.Errorf("completing se: %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, nil, "__complete", "search", "--un")
	if code != exitOK || !strings.Contains(out, "--unit") {
		t.Errorf("completing search --un: %d\n%s", code, out)
	}
}

// TestHeldFolderNamesHolder: a data folder another process holds, without
// a serve.json to go through, is reported at once with the holder's pid.
func TestHeldFolderNamesHolder(t *testing.T) {
	if _, err := os.Stat("/proc/self/fd"); err != nil {
		t.Skip("no /proc: the holder cannot be named here")
	}
	data := analyticsData(t)
	bin := buildBinary(t)
	srv := exec.Command(bin, "--data", data, "serve", "--addr", "127.0.0.1:0")
	srv.Stderr = &lockedBuffer{}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = srv.Process.Kill(); _ = srv.Wait() }()
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if _, err := readServeFile(data); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve left no %s within 2 minutes", serveFile)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Without its record the server is only a process holding the index.
	if err := os.Remove(filepath.Join(data, serveFile)); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	code, _, stderr := runCLI(t, nil, "stats", "--data", data)
	took := time.Since(start)
	want := fmt.Sprintf("in use by pid %d", srv.Process.Pid)
	if code != exitFailed || !strings.Contains(stderr, want) {
		t.Errorf("stats on a held folder: exit %d, want %d and %q in:\n%s", code, exitFailed, want, stderr)
	}
	if took > 5*time.Second {
		t.Errorf("stats on a held folder took %v to say so", took)
	}
}

// TestEveryCommandDescribesItsFlags: the command line learns a command's
// flags by running it with -h; every command must hand over its flag set
// there and do nothing else (no output, no files).
func TestEveryCommandDescribesItsFlags(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	for _, c := range commands() {
		var out, errOut bytes.Buffer
		e := &env{stdout: &out, stderr: &errOut, getenv: func(string) string { return "" }, data: filepath.Join(dir, "data")}
		e.setLogger()
		fs := describeFlags(context.Background(), e, c)
		if fs == nil {
			t.Errorf("%s hands over no flag set when asked for help", c.name)
		}
		if out.Len() > 0 || errOut.Len() > 0 {
			t.Errorf("%s wrote when asked for its flags: %q %q", c.name, out.String(), errOut.String())
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) > 0 {
		t.Errorf("asking for flags left files: %v", entries)
	}
}
