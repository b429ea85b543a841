package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
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

// layoutProblems lists what makes the current view unusable at this width:
// the page wider than the window, the search button off-screen, table
// cells squeezed to a few characters and, on a phone, touch targets under
// 40 px.
// It is a function of the window's width and height: a phone's browser
// widens its layout viewport to fit content too wide, so the page's own
// innerWidth cannot be trusted.
const layoutProblems = `((W, H) => {
  const out = [];
  const phone = W < 500;
  if (window.innerWidth > W) out.push("the browser zoomed out to a " + window.innerWidth + " px layout for a " + W + " px screen");
  window.scrollTo(0, 0);
  if (document.documentElement.scrollWidth > W + 1) out.push("page is " + document.documentElement.scrollWidth + " px wide in a " + W + " px window");
  const b = document.querySelector("#search-form button[type=submit]").getBoundingClientRect();
  if (b.left < 0 || b.right > W || b.top < 0 || b.bottom > H || b.width === 0) out.push("search button off-screen: " + JSON.stringify(b));
  const visible = (e) => { const r = e.getBoundingClientRect(), s = getComputedStyle(e); return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && r.right > 0 && r.left < W; };
  for (const c of document.querySelectorAll("table.list td, table.list th, table.matrix tbody th")) {
    if (!visible(c) || c.textContent.trim().length < 4) continue;
    const w = c.getBoundingClientRect().width, fs = parseFloat(getComputedStyle(c).fontSize);
    if (w < 4 * fs) out.push("cell " + JSON.stringify(c.textContent.trim().slice(0, 20)) + " is " + Math.round(w) + " px wide");
  }
  if (phone) {
    for (const e of document.querySelectorAll("button, input, select, nav.views a, aside.filters li a, .pager a, .chip a, .hit .meta a")) {
      if (!visible(e) || e.closest("aside.filters:not(.open)")) continue;
      // A checkbox is touched through its label.
      const r = (e.type === "checkbox" && e.closest("label") ? e.closest("label") : e).getBoundingClientRect();
      if (r.height < 40 || r.width < 40) out.push("touch target " + e.tagName + " " + JSON.stringify((e.textContent || e.getAttribute("aria-label") || "").trim().slice(0, 12)) + " is " + Math.round(r.width) + "x" + Math.round(r.height));
    }
  }
  if (/[A-Za-z]{6,}/.test(document.querySelector("#app .error") ? document.querySelector("#app .error").textContent : "")) out.push("an English error");
  return out;
})`

// TestPageAtBothWidths drives every view of the page in a real browser at
// a desktop and a phone width: layout, the filter drawer, the date range,
// a disclosure, the print stylesheet, upload with a key, and errors in
// Chinese. Screenshots of failures are attached to the test output; with
// ZHENGGAI_TEST_ARTIFACTS set, every view's screenshot is kept there.
func TestPageAtBothWidths(t *testing.T) {
	bin := chromium(t)
	h := newServer(t, shared, api.Options{})
	ts := httptest.NewServer(h.h)
	t.Cleanup(ts.Close) // after the upload's clean-up
	d := startDevtools(t, bin)
	keep := os.Getenv("ZHENGGAI_TEST_ARTIFACTS") != ""

	for _, size := range []struct {
		name string
		w, h int
	}{{"desktop", 1280, 800}, {"phone", 390, 844}} {
		phone := size.w < 500
		d.viewport(size.w, size.h)
		check := func(view string) {
			t.Helper()
			var problems []string
			if err := d.eval(fmt.Sprintf("%s(%d, %d)", layoutProblems, size.w, size.h), &problems); err != nil {
				d.fatal("%v", err)
			}
			if len(problems) > 0 {
				d.errorf(size.name+"-"+view, "%s", strings.Join(problems, "; "))
			} else if keep {
				d.screenshot(size.name + "-" + view)
			}
		}

		// Search: hits, and the filters beside them or in a drawer.
		d.open(ts.URL + "/?q=" + url.QueryEscape("三会一课"))
		hits := int(d.js(`document.querySelectorAll("article.hit").length`).(float64))
		if hits < 2 {
			d.fatal("%s: %d hits", size.name, hits)
		}
		check("search")
		facetVisible := `(() => { const a = document.querySelector("aside.filters li a"); if (!a) return false; const r = a.getBoundingClientRect(); return getComputedStyle(a).visibility !== "hidden" && r.left >= 0 && r.right <= innerWidth && r.width > 0; })()`
		toggleShown := `getComputedStyle(document.querySelector(".filter-toggle")).display !== "none"`
		if phone {
			if d.truth(facetVisible) || !d.truth(toggleShown) {
				d.errorf(size.name+"-drawer-closed", "on a phone the filters show before the 筛选 button opens them")
			}
			d.js(`document.querySelector(".filter-toggle").click()`)
			d.waitFor("the filter drawer to open", facetVisible+` && document.querySelector("aside.filters").getBoundingClientRect().left >= 0`)
			check("drawer")
			if keep {
				d.screenshot(size.name + "-drawer-open")
			}
			d.js(`document.querySelector(".drawer-close").click()`)
			d.waitFor("the filter drawer to close", "!("+facetVisible+")")
			d.js(`document.querySelector(".filter-toggle").click()`)
			d.waitFor("the filter drawer to open again", facetVisible+` && document.querySelector("aside.filters").getBoundingClientRect().left >= 0`)
		} else if !d.truth(facetVisible) || d.truth(toggleShown) {
			d.errorf(size.name+"-filters", "on a desktop the filters are not beside the results")
		}
		d.clickAndWait("aside.filters li a")
		narrowed := int(d.js(`document.querySelectorAll("article.hit").length`).(float64))
		if narrowed == 0 || narrowed >= hits || !d.truth(`document.querySelector(".chip") && location.search.includes("unit=")`) {
			d.errorf(size.name+"-facet", "the unit facet in the drawer shows %d hits of %d", narrowed, hits)
		}

		// The date range: one day, the first hit's, keeps only that day.
		d.open(ts.URL + "/?q=" + url.QueryEscape("整改"))
		day, _ := d.js(`(document.querySelector("article.hit .meta").textContent.match(/\d{4}-\d{2}-\d{2}/) || [""])[0]`).(string)
		if day == "" {
			d.fatal("%s: the first hit shows no date", size.name)
		}
		if phone {
			d.js(`document.querySelector(".filter-toggle").click()`)
			d.waitFor("the drawer", `document.querySelector("aside.filters.open") && document.querySelector("aside.filters").getBoundingClientRect().left >= 0`)
		}
		if !d.truth(`(() => { const r = document.getElementById("from").getBoundingClientRect(); return r.width > 60 && r.left >= 0 && r.right <= innerWidth; })()`) {
			d.errorf(size.name+"-dates", "the date fields are not on screen")
		}
		d.js(fmt.Sprintf(`document.getElementById("from").value = %q; document.getElementById("to").value = %q`, day, day))
		d.clickAndWait(`form.dates button[type=submit]`)
		var dates []string
		if err := d.eval(`[...document.querySelectorAll("article.hit .meta")].map((m) => (m.textContent.match(/\d{4}-\d{2}-\d{2}/) || [""])[0])`, &dates); err != nil {
			d.fatal("%v", err)
		}
		if len(dates) == 0 || !d.truth(`location.search.includes("from=") && location.search.includes("to=")`) {
			d.errorf(size.name+"-dates", "the date range %s shows %d hits (%s)", day, len(dates), d.location())
		}
		for _, got := range dates {
			if got != day {
				d.errorf(size.name+"-dates", "from=to=%s shows a hit of %s", day, got)
				break
			}
		}
		check("dates")

		// Print a result list: the hits without the chrome.
		d.must("Emulation.setEmulatedMedia", map[string]any{"media": "print"})
		if !d.truth(`["header.top", "footer.foot", "aside.filters", ".pager", "#search-form button"].every((s) => !document.querySelector(s) || getComputedStyle(document.querySelector(s)).display === "none") && getComputedStyle(document.querySelector("article.hit")).display !== "none"`) {
			d.errorf(size.name+"-print-list", "the print stylesheet keeps the chrome or hides the hits")
		}
		d.must("Emulation.setEmulatedMedia", map[string]any{"media": ""})

		// A disclosure: its measures, at a readable width; then printed.
		d.open(ts.URL + "/?q=" + url.QueryEscape("三会一课"))
		d.clickAndWait(`article.hit .meta a[href*="view=disclosure"]`)
		var shown struct {
			Items, Said int
			Narrowest   float64
		}
		if err := d.eval(`(() => { const li = [...document.querySelectorAll("ol.measures li")];
			return { items: li.length, said: +((document.querySelector(".doc h2").textContent.match(/（(\d+)项）/) || [0, 0])[1]),
				narrowest: Math.min(...li.map((e) => e.getBoundingClientRect().width)) }; })()`, &shown); err != nil {
			d.fatal("%v", err)
		}
		if shown.Items == 0 || shown.Items != shown.Said || shown.Narrowest < float64(size.w)/2 {
			d.errorf(size.name+"-disclosure", "the disclosure shows %d measures of %d, the narrowest %.0f px wide", shown.Items, shown.Said, shown.Narrowest)
		}
		check("disclosure")
		d.must("Emulation.setEmulatedMedia", map[string]any{"media": "print"})
		if !d.truth(`getComputedStyle(document.querySelector("header.top")).display === "none" && [...document.querySelectorAll("#app button")].every((b) => getComputedStyle(b).display === "none") && getComputedStyle(document.querySelector("ol.measures li")).breakInside === "avoid" && document.querySelector("ol.measures li").getBoundingClientRect().height > 0`) {
			d.errorf(size.name+"-print-disclosure", "the print stylesheet keeps the chrome, hides the measures or lets them break")
		}
		if keep {
			d.screenshot(size.name + "-disclosure-print")
		}
		d.must("Emulation.setEmulatedMedia", map[string]any{"media": ""})

		// Every other view: drawn, no error, usable at this width.
		similar, _ := d.js(`(document.querySelector("ol.measures a[href*='view=similar']") || {}).href || ""`).(string)
		for _, v := range []struct{ name, path, want string }{
			{"disclosures", "/?view=disclosures", "table.list td.title"},
			{"compare-unit", "/?view=compare&by=unit", "table.matrix"},
			{"compare-round", "/?view=compare&by=round", "table.matrix"},
			{"recurring", "/?view=recurring", "section.doc h2 + *"},
			{"duplicates", "/?view=duplicates", "section h1.page"},
			{"similar", strings.TrimPrefix(similar, ts.URL), ".pair"},
			{"upload", "/?view=upload", "form.upload"},
		} {
			d.open(ts.URL + v.path)
			if !d.truth(fmt.Sprintf(`document.querySelector(%q) && !document.querySelector("#app .error")`, v.want)) {
				d.errorf(size.name+"-"+v.name, "%s lacks %s or shows an error", v.path, v.want)
				continue
			}
			check(v.name)
		}
		// Stacked or not, a disclosure's title in the list is readable.
		d.open(ts.URL + "/?view=disclosures")
		if w := d.js(`Math.min(...[...document.querySelectorAll("table.list td.title")].map((e) => e.getBoundingClientRect().width))`).(float64); w < float64(size.w)/3 {
			d.errorf(size.name+"-disclosures", "a title cell is %.0f px wide", w)
		}
		// Similar measures side by side on a desktop, one under the other on a phone.
		d.open(ts.URL + strings.TrimPrefix(similar, ts.URL))
		if w := d.js(`document.querySelector(".pair > div").getBoundingClientRect().width`).(float64); w < float64(size.w)/3 {
			d.errorf(size.name+"-duplicates", "a measure of a pair is %.0f px wide", w)
		}

		// Errors read in Chinese.
		d.open(ts.URL + "/?view=disclosure&id=no-such-disclosure")
		if msg, _ := d.js(`(document.querySelector("#app .error") || {}).textContent || ""`).(string); !strings.Contains(msg, "没有找到该记录") {
			d.errorf(size.name+"-error", "a missing disclosure shows %q", msg)
		}
	}
	uploadInBrowser(t, d, ts.URL)
}

// uploadInBrowser uploads three files from the page with the key: one new
// (201), one stored before (200), one that is no disclosure (422); the
// progress bar follows the upload and each file gets its outcome. A wrong
// key gets a Chinese message. The new disclosure is deleted afterwards.
func uploadInBrowser(t *testing.T, d *devtools, base string) {
	d.viewport(390, 844)
	fresh := string(uniqueFixture(t, "browser upload "+time.Now().Format(time.RFC3339Nano)))
	old := string(fixture(t, "01_district_culture_layoutA.txt"))
	setFiles := fmt.Sprintf(`(() => { const dt = new DataTransfer();
		dt.items.add(new File([%q], "新公示.txt", { type: "text/plain" }));
		dt.items.add(new File([%q], "旧公示.txt", { type: "text/plain" }));
		dt.items.add(new File(["会议纪要：今天天气很好。"], "随笔.txt", { type: "text/plain" }));
		document.getElementById("files").files = dt.files; return dt.files.length; })()`, fresh, old)

	d.open(base + "/?view=upload")
	d.js(`sessionStorage.clear()`)
	d.js(`{ const k = document.getElementById("api-key"); k.value = "wrong-key"; k.dispatchEvent(new Event("change")) }`)
	d.js(setFiles)
	d.js(`document.querySelector("form.upload button[type=submit]").click()`)
	d.waitFor("the refused upload", `document.querySelector("form.upload .form-msg").textContent.includes("上传失败")`)
	if msg := d.js(`document.querySelector("form.upload .form-msg").textContent`).(string); !strings.Contains(msg, "密钥无效") {
		d.errorf("upload-wrong-key", "a wrong key shows %q", msg)
	}

	d.js(fmt.Sprintf(`{ const k = document.getElementById("api-key"); k.value = %q; k.dispatchEvent(new Event("change")) }`, testKey))
	d.js(setFiles)
	d.js(`document.querySelector("form.upload button[type=submit]").click()`)
	d.waitFor("the upload's outcome", `document.querySelector("form.upload .form-msg").textContent.includes("上传完成")`)
	var got struct {
		Progress float64
		Pct      string
		Lines    []string
		Stored   string
		URL      string
		Ids      []string
	}
	if err := d.eval(`({ progress: document.getElementById("upload-progress").value, pct: document.querySelector(".progress-row .pct").textContent,
		lines: [...document.querySelectorAll(".upload-results li")].map((li) => li.textContent),
		stored: sessionStorage.getItem("zhenggai.apiKey"), url: location.href,
		ids: [...document.querySelectorAll(".upload-results li.out-ok")].filter((li) => li.textContent.includes("已入库")).map((li) => new URLSearchParams(li.querySelector("a").search).get("id")) })`, &got); err != nil {
		d.fatal("%v", err)
	}
	if len(got.Ids) == 1 { // the new disclosure only, never a fixture
		t.Cleanup(func() {
			req, _ := http.NewRequest(http.MethodDelete, base+"/api/v1/disclosures/"+got.Ids[0], nil)
			req.Header.Set("X-API-Key", testKey)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Errorf("delete the uploaded disclosure: %v", err)
				return
			}
			res.Body.Close()
			if res.StatusCode != http.StatusNoContent {
				t.Errorf("delete the uploaded disclosure %s: %d", got.Ids[0], res.StatusCode)
			}
		})
	}
	if got.Progress != 100 || got.Pct != "100%" {
		d.errorf("upload-progress", "the progress bar ends at %v (%q)", got.Progress, got.Pct)
	}
	want := []string{"新公示.txt　已入库", "旧公示.txt　已存在", "随笔.txt　未入库"}
	if len(got.Lines) != len(want) {
		d.errorf("upload-outcomes", "%d outcomes: %q", len(got.Lines), got.Lines)
	} else {
		for i, w := range want {
			if !strings.HasPrefix(got.Lines[i], w) {
				d.errorf("upload-outcomes", "outcome %d is %q, want %q…", i, got.Lines[i], w)
			}
		}
	}
	if got.Stored != testKey || strings.Contains(got.URL, testKey) {
		d.errorf("upload-key", "the key is not kept in sessionStorage or shows in the URL %s", got.URL)
	}
	var problems []string
	if err := d.eval(layoutProblems+"(390, 844)", &problems); err != nil || len(problems) > 0 {
		d.errorf("upload-layout", "%v %s", err, strings.Join(problems, "; "))
	}
	if os.Getenv("ZHENGGAI_TEST_ARTIFACTS") != "" {
		d.screenshot("phone-upload-done")
	}
}

// TestPageAsksFacetsOncePerQuery: the page asks for facets with a new
// query and shows the same facets on the next page without asking again.
func TestPageAsksFacetsOncePerQuery(t *testing.T) {
	bin := chromium(t)
	h := newServer(t, shared, api.Options{})
	var mu sync.Mutex
	var searches []string
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/measures/search") {
			mu.Lock()
			searches = append(searches, r.URL.RawQuery)
			mu.Unlock()
		}
		h.h.ServeHTTP(w, r)
	}))
	defer ts.Close()
	d := startDevtools(t, bin)
	defer d.close()
	d.open(ts.URL + "/?q=" + url.QueryEscape("整改"))
	facetsShown := `document.querySelectorAll("aside.filters li").length`
	first := d.js(facetsShown)
	d.clickAndWait(`.pager a:last-child`)
	if got := d.js(facetsShown); got != first {
		t.Errorf("the next page shows %v facet entries, the first %v", got, first)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(searches) != 2 {
		t.Fatalf("%d searches for two pages: %q", len(searches), searches)
	}
	if !strings.Contains(searches[0], "facets=") || strings.Contains(searches[1], "facets=") || !strings.Contains(searches[1], "offset=") {
		t.Errorf("facets asked %q then %q: want them on the first page only", searches[0], searches[1])
	}
}
