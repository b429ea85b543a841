package api_test

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zhenggai/zhenggai/api"
)

// chromium finds a headless-capable Chromium; CI installs Debian's
// (.ci/run), elsewhere the test says what it needs.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium on PATH: the browser test needs Debian's chromium (.ci/run installs it)")
	return ""
}

// render loads a page in headless Chromium, runs its script, and returns
// the resulting DOM.
func render(t *testing.T, bin, pageURL string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=10000", "--dump-dom", pageURL)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium %s: %v", pageURL, err)
	}
	return string(out)
}

// TestPageInBrowser drives the web page in a real browser: a shared search
// link renders highlighted hits and facets, a facet link filters, and a
// hit opens its disclosure.
func TestPageInBrowser(t *testing.T) {
	bin := chromium(t)
	h := newServer(t, shared, api.Options{})
	ts := httptest.NewServer(h.h)
	defer ts.Close()

	dom := render(t, bin, ts.URL+"/?q="+url.QueryEscape("三会一课"))
	for _, want := range []string{"<mark>三会一课</mark>", "条整改措施", "被巡察单位", "三会一课等组织生活", "export/measures.xlsx?q="} {
		if !strings.Contains(dom, want) {
			t.Errorf("search page lacks %q", want)
		}
	}
	hits := strings.Count(dom, `class="hit"`)
	if hits < 2 {
		t.Fatalf("search page shows %d hits", hits)
	}

	// The first unit facet, followed as a link, narrows the hits.
	facet := regexp.MustCompile(`href="(/\?q=[^"]*&amp;unit=[^"]+)"`).FindStringSubmatch(dom)
	if facet == nil {
		t.Fatal("no unit facet link")
	}
	narrowed := render(t, bin, ts.URL+strings.ReplaceAll(facet[1], "&amp;", "&"))
	if n := strings.Count(narrowed, `class="hit"`); n == 0 || n >= hits {
		t.Errorf("the unit facet shows %d hits of %d", n, hits)
	}
	if !strings.Contains(narrowed, `class="chip"`) {
		t.Error("the active filter is not shown")
	}

	// A hit opens its disclosure with the measure marked.
	open := regexp.MustCompile(`href="(/\?view=disclosure&amp;id=[^"]+)"`).FindStringSubmatch(dom)
	if open == nil {
		t.Fatal("no link to a disclosure")
	}
	doc := render(t, bin, ts.URL+strings.ReplaceAll(open[1], "&amp;", "&"))
	for _, want := range []string{"<h1>", "整改措施（", "被巡察单位", `class="target"`, "下载原文件"} {
		if !strings.Contains(doc, want) {
			t.Errorf("disclosure page lacks %q", want)
		}
	}
	if strings.Contains(doc, "出错了") || strings.Contains(dom, "出错了") {
		t.Error("a page shows an error")
	}

	// The analytics views: the theme matrix, recurrence, and the measures
	// like the one a hit opened.
	for _, v := range []struct{ query, want string }{
		{"view=compare&by=unit", `class="matrix"`},
		{"view=compare&by=round", `class="matrix"`},
		{"view=recurring", "同一单位多轮出现的主题"},
		{"view=disclosures", "已入库的整改公示"},
		{"q=" + url.QueryEscape("公车") + "&synonyms=true", "同时检索了近义词：公务用车"},
		{"view=duplicates", "跨单位近似重复的整改措施"},
		{"q=" + url.QueryEscape("三会一棵"), "您是不是要找："},
		{"q=" + url.QueryEscape("三会一课落实不到位"), "描述问题的词不作必需：落实不到位"},
		{"q=" + url.QueryEscape("整改") + "&unit=" + url.QueryEscape("星际探索局"), "没有单位“星际探索局”，最接近的："},
		{"view=similar&id=" + url.QueryEscape(regexp.MustCompile(`measure=([^"&]+)`).FindStringSubmatch(open[1])[1]), "相似度"},
	} {
		page := render(t, bin, ts.URL+"/?"+v.query)
		if !strings.Contains(page, v.want) || strings.Contains(page, "出错了") {
			t.Errorf("/?%s: lacks %q or shows an error", v.query, v.want)
		}
	}
}
