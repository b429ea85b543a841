package api_test

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/websocket"
)

// devtools drives one headless Chromium page over the DevTools protocol
// (a websocket of JSON commands), enough for the browser tests: set the
// viewport and media, navigate, evaluate script, take screenshots.
type devtools struct {
	t      *testing.T
	cmd    *exec.Cmd
	ws     *websocket.Conn
	next   int
	shots  string // where screenshots go
	failed int    // t.Failed() already reported by a screenshot
}

// startDevtools launches Chromium with remote debugging on a free port and
// connects to its first page.
func startDevtools(t *testing.T, bin string) *devtools {
	t.Helper()
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
		"--remote-debugging-port=0", "--remote-allow-origins=*", "--user-data-dir="+t.TempDir(), "about:blank")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // its helpers end with it
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	d := &devtools{t: t, cmd: cmd, shots: t.TempDir()}
	t.Cleanup(d.close)
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := regexp.MustCompile(`DevTools listening on (ws://\S+)`).FindStringSubmatch(sc.Text()); m != nil {
				found <- m[1]
			}
		}
		close(found)
	}()
	var browserURL string
	select {
	case browserURL = <-found:
	case <-time.After(20 * time.Second):
		t.Fatal("chromium did not say where DevTools listens")
	}
	if browserURL == "" {
		t.Fatal("chromium exited before DevTools listened")
	}
	host := strings.Split(strings.TrimPrefix(browserURL, "ws://"), "/")[0]
	var pageURL string
	for deadline := time.Now().Add(10 * time.Second); pageURL == "" && time.Now().Before(deadline); {
		res, err := http.Get("http://" + host + "/json/list")
		if err == nil {
			var targets []struct{ Type, WebSocketDebuggerURL string }
			_ = json.NewDecoder(res.Body).Decode(&targets)
			res.Body.Close()
			for _, tg := range targets {
				if tg.Type == "page" {
					pageURL = tg.WebSocketDebuggerURL
					break
				}
			}
		}
		if pageURL == "" {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if pageURL == "" {
		t.Fatal("no page target in chromium")
	}
	ws, err := websocket.Dial(pageURL, "", "http://"+host+"/")
	if err != nil {
		t.Fatalf("connect to devtools: %v", err)
	}
	ws.MaxPayloadBytes = 64 << 20
	d.ws = ws
	return d
}

func (d *devtools) close() {
	if d.ws != nil {
		d.ws.Close()
	}
	if d.cmd.Process != nil {
		_ = syscall.Kill(-d.cmd.Process.Pid, syscall.SIGKILL)
		_ = d.cmd.Wait()
	}
}

// call sends one command and waits for its answer, skipping events.
func (d *devtools) call(method string, params any, result any) error {
	d.next++
	id := d.next
	if params == nil {
		params = struct{}{}
	}
	if err := websocket.JSON.Send(d.ws, map[string]any{"id": id, "method": method, "params": params}); err != nil {
		return fmt.Errorf("send %s: %w", method, err)
	}
	_ = d.ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	for {
		var msg struct {
			ID     int             `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if err := websocket.JSON.Receive(d.ws, &msg); err != nil {
			return fmt.Errorf("receive %s: %w", method, err)
		}
		if msg.ID != id {
			continue
		}
		if msg.Error != nil {
			return fmt.Errorf("%s: %s", method, msg.Error.Message)
		}
		if result != nil {
			return json.Unmarshal(msg.Result, result)
		}
		return nil
	}
}

func (d *devtools) must(method string, params any) {
	d.t.Helper()
	if err := d.call(method, params, nil); err != nil {
		d.t.Fatal(err)
	}
}

// eval runs script (awaiting a promise) and decodes its JSON value into v.
func (d *devtools) eval(script string, v any) error {
	var res struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		ExceptionDetails *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := d.call("Runtime.evaluate", map[string]any{"expression": script, "returnByValue": true, "awaitPromise": true}, &res)
	if err != nil {
		return err
	}
	if e := res.ExceptionDetails; e != nil {
		return fmt.Errorf("script %.80q: %s %s", script, e.Text, e.Exception.Description)
	}
	if v != nil && len(res.Result.Value) > 0 {
		return json.Unmarshal(res.Result.Value, v)
	}
	return nil
}

// js evaluates script and returns its value; a script error fails the test.
func (d *devtools) js(script string) any {
	d.t.Helper()
	var v any
	if err := d.eval(script, &v); err != nil {
		d.fatal("%v", err)
	}
	return v
}

// truth evaluates a boolean script.
func (d *devtools) truth(script string) bool {
	d.t.Helper()
	b, _ := d.js("!!(" + script + ")").(bool)
	return b
}

// waitFor polls script until it is true or the time is up.
func (d *devtools) waitFor(what, script string) {
	d.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !d.truth(script) {
		if time.Now().After(deadline) {
			d.fatal("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// viewport sets the window size; below 500 px it is a phone.
func (d *devtools) viewport(w, h int) {
	d.must("Emulation.setDeviceMetricsOverride", map[string]any{"width": w, "height": h, "deviceScaleFactor": 1, "mobile": w < 500})
}

// open navigates to url and waits for the page's view to be drawn.
func (d *devtools) open(url string) {
	d.t.Helper()
	d.must("Page.navigate", map[string]any{"url": url})
	d.waitFor("the view of "+url, `document.readyState === "complete" && document.body && document.body.dataset.rendered`)
}

// clickAndWait clicks the element selector finds and waits for the next view.
func (d *devtools) clickAndWait(selector string) {
	d.t.Helper()
	before := d.js(`document.body.dataset.rendered`)
	if !d.truth(fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (e) e.click(); return e; })()`, selector)) {
		d.fatal("nothing to click at %s", selector)
	}
	d.waitFor("the view after clicking "+selector,
		fmt.Sprintf(`document.body.dataset.rendered && document.body.dataset.rendered !== %q`, fmt.Sprint(before)))
}

// screenshot saves the page as name.png under the test's folder (a
// failure's in a folder of its own that the test leaves behind) and, when
// ZHENGGAI_TEST_ARTIFACTS is set, copies it there; it returns the path.
func (d *devtools) screenshot(name string) string {
	var res struct{ Data string }
	if err := d.call("Page.captureScreenshot", map[string]any{"format": "png"}, &res); err != nil {
		d.t.Logf("screenshot %s: %v", name, err)
		return ""
	}
	b, err := base64.StdEncoding.DecodeString(res.Data)
	if err != nil {
		return ""
	}
	dir := d.shots
	if strings.HasPrefix(name, "failed-") && os.Getenv("ZHENGGAI_TEST_ARTIFACTS") == "" {
		// A failure's screenshot outlives the test's folder.
		if kept, err := os.MkdirTemp("", "zhenggai-browser-failure-"); err == nil {
			dir = kept
		}
	}
	path := filepath.Join(dir, name+".png")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return ""
	}
	if dir := os.Getenv("ZHENGGAI_TEST_ARTIFACTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err == nil {
			out := filepath.Join(dir, name+".png")
			if copyFile(path, out) == nil {
				path = out
			}
		}
	}
	return path
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// fatal fails now, with a screenshot of what the page showed.
func (d *devtools) fatal(format string, args ...any) {
	d.t.Helper()
	path := d.screenshot(fmt.Sprintf("failed-%d", time.Now().UnixNano()))
	d.t.Fatalf(format+"\n(screenshot: %s; page: %s)", append(args, path, d.location())...)
}

// errorf fails later, with a screenshot named for the step.
func (d *devtools) errorf(step, format string, args ...any) {
	d.t.Helper()
	path := d.screenshot("failed-" + regexp.MustCompile(`[^a-zA-Z0-9_-]+`).ReplaceAllString(step, "_"))
	d.t.Errorf("%s: "+format+"\n(screenshot: %s)", append(append([]any{step}, args...), path)...)
}

func (d *devtools) location() string {
	var s string
	_ = d.eval("location.href", &s)
	return s
}
