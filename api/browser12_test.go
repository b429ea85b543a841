package api_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/api"
)

// renderAt loads a page in headless Chromium at a viewport width px wide
// and returns the DOM after its script ran. Headless Chromium keeps its
// window at least 500 px wide, so the page is loaded in an iframe of that
// width (as a phone's viewport: its media queries and innerWidth follow the
// frame) whose DOM the wrapper copies out when the view is drawn. Only the
// wrapper lifts the page's frame-ancestors rule; the page is served as is.
func renderAt(t *testing.T, bin, base, query string, width int) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=15000", "--window-size=1400,1000",
		"--dump-dom", base+"/__frame?w="+itoa(width)+"&src="+url.QueryEscape("/?"+query))
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %s: %v", query, err)
	}
	dom := string(out)
	i, j := strings.Index(dom, `<pre id="copy">`), strings.LastIndex(dom, "</pre>")
	if i < 0 || j < i {
		t.Fatalf("the frame of /?%s was not copied out: %.300s", query, dom)
	}
	return html.UnescapeString(dom[i+len(`<pre id="copy">`) : j])
}

// frameWrapper serves /__frame (the iframe of renderAt) and passes every
// other request to the server, dropping frame-ancestors only for the page
// inside the frame.
func frameWrapper(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/__frame" {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html><body><iframe id="f" width="%s" height="900" src="%s"></iframe><pre id="copy"></pre>
<script>
function grab() {
  const d = document.getElementById("f").contentDocument;
  const app = d && d.getElementById("app");
  if (app && app.querySelector("[data-width], .error")) { document.getElementById("copy").textContent = d.documentElement.outerHTML; return; }
  setTimeout(grab, 100);
}
grab();
</script></body></html>`, html.EscapeString(r.URL.Query().Get("w")), html.EscapeString(r.URL.Query().Get("src")))
			return
		}
		next.ServeHTTP(framable{w}, r)
	})
}

// framable drops the Content-Security-Policy's frame-ancestors so the page
// may load inside renderAt's frame.
type framable struct{ http.ResponseWriter }

func (f framable) WriteHeader(code int) {
	if csp := f.Header().Get("Content-Security-Policy"); csp != "" {
		f.Header().Set("Content-Security-Policy", strings.ReplaceAll(csp, "frame-ancestors 'none'", "frame-ancestors 'self'"))
	}
	f.Header().Del("X-Frame-Options")
	f.ResponseWriter.WriteHeader(code)
}

func (f framable) Write(b []byte) (int, error) {
	if f.Header().Get("Content-Security-Policy") != "" && strings.Contains(f.Header().Get("Content-Security-Policy"), "frame-ancestors 'none'") {
		f.WriteHeader(http.StatusOK)
	}
	return f.ResponseWriter.Write(b)
}

func itoa(n int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		if n /= 10; n == 0 {
			return string(b)
		}
	}
}

// TestAnalyticsViewsInBrowser drives the profile, trend and cluster views
// (and the grouped compare and recurring views) in a real browser at a
// desktop and a phone width: each renders its content and chart, and none
// is wider than its box (data-fit, set by the view after drawing).
func TestAnalyticsViewsInBrowser(t *testing.T) {
	bin := chromium(t)
	h := newServer(t, roundsLibrary(t), api.Options{})
	ts := httptest.NewServer(frameWrapper(h.h))
	defer ts.Close()
	const key = "青澜区文化和旅游体育局"
	views := []struct {
		name, query string
		want        []string
	}{
		{"profile", "view=profile&unit=" + url.QueryEscape(key),
			[]string{"a12-profile", `class="a12-chart"`, "<rect", "各轮次问题主题", "九届区委第七轮", "与其他单位近似重复的措施", "退役军人事务局"}},
		{"trends by round", "view=trends&by=round",
			[]string{"a12-trends", "<polyline", "a12-trend-table", "问题主题的轮次变化", "36 项措施"}},
		{"trends by year of one unit", "view=trends&by=year&unit=" + url.QueryEscape(key),
			[]string{"<polyline", "问题主题的年度变化", "24 项措施"}},
		{"clusters", "view=clusters",
			[]string{"a12-clusters", "近似重复措施聚类", `class="hit a12-cluster"`, "2 个单位", "view=profile&amp;unit="}},
		{"compare", "view=compare&by=unit",
			[]string{`class="matrix"`, "各组最突出的主题", "/?unit=", "theme="}},
		{"recurring", "view=recurring",
			[]string{"同一单位多轮出现的主题", "a12-round", "同一轮次多个单位共有的主题"}},
	}
	for _, width := range []int{1280, 390} {
		for _, v := range views {
			dom := renderAt(t, bin, ts.URL, v.query, width)
			for _, want := range v.want {
				if !strings.Contains(dom, want) {
					t.Errorf("%s at %d px lacks %q", v.name, width, want)
				}
			}
			if strings.Contains(dom, "出错了") {
				t.Errorf("%s at %d px shows an error", v.name, width)
			}
			if !strings.Contains(dom, `data-width="`+itoa(width)+`"`) {
				i := strings.Index(dom, `data-width="`)
				t.Errorf("%s was not drawn at %d px: %.30s", v.name, width, dom[max(i, 0):])
			}
			if !strings.Contains(dom, `data-fit="yes"`) {
				t.Errorf("%s at %d px is wider than its box", v.name, width)
			}
		}
	}
}
