// zhenggai web page: search measures, read a disclosure. Plain JavaScript,
// no libraries and no network beyond this server's /api/v1, so it works on
// an isolated intranet. Every view is a URL (/?q=… , /?view=disclosure&id=…)
// so that links can be shared.
"use strict";

(function () {
  const api = "/api/v1";
  const app = document.getElementById("app");
  const form = document.getElementById("search-form");
  const qInput = document.getElementById("q");
  const sortSelect = document.getElementById("sort");
  const synBox = document.getElementById("synonyms");
  const filterNames = ["unit", "round_label", "theme", "year", "category", "body", "kind", "from", "to"];
  const keyStore = "zhenggai.apiKey"; // sessionStorage: never the URL, gone with the tab
  const facetLabels = { unit: "被巡察单位", round: "巡察轮次", theme: "问题主题", year: "发布年份" };
  const facetParam = { unit: "unit", round: "round_label", theme: "theme", year: "year" };
  const pageSize = 20;
  let themeNames = null; // id → name, loaded once
  let renders = 0;

  // el builds an element; children may be strings (text, never HTML) or nodes.
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  // problemMessages says in Chinese what each problem code of the API
  // means; the page never shows the API's English text as its message.
  const problemMessages = {
    invalid_parameter: "参数有误",
    unknown_parameter: "不支持的参数",
    query_too_long: "检索词太长，请缩短后再试",
    limit_out_of_range: "每页条数超出范围",
    too_many_values: "筛选条件的取值太多",
    url_too_long: "链接太长，请减少筛选条件",
    query_not_utf8: "检索词含有无法识别的字符",
    query_without_terms: "检索词里只有运算符，请加上要找的词",
    offset_out_of_range: "翻页太深，请缩小检索范围",
    invalid_query: "检索式无法执行，请检查引号和运算符",
    invalid_body: "请求内容格式有误",
    invalid_upload: "没有收到文件，请选择要上传的文件",
    too_many_files: "一次上传的文件太多",
    path_not_allowed: "该路径不在允许导入的目录中",
    unauthorized: "密钥无效或未填写",
    writes_disabled: "服务器未配置密钥，不接受上传",
    not_found: "没有找到该记录，可能已被删除",
    route_not_found: "没有这个页面或接口",
    method_not_allowed: "不支持这种请求方式",
    file_too_large: "文件太大，超过单个文件的上限",
    request_too_large: "上传的文件合计太大，请分批上传",
    unsupported_media_type: "不支持的内容类型",
    unprocessable_file: "文件无法读取或保存",
    not_a_disclosure: "文件不是整改公示或通报",
    internal: "服务器内部出错，请稍后再试",
    not_ready: "服务器正在启动或关闭，请稍后再试",
    timeout: "请求超时，请缩小范围后再试",
    cancelled: "请求已取消",
    insufficient_storage: "服务器磁盘已满，未保存任何内容",
  };

  // problemText turns a problem body (or its absence) into a Chinese
  // message: the code's meaning, or a generic one naming the code.
  function problemText(body, status) {
    const code = body && body.code;
    if (code && problemMessages[code]) {
      return body.parameter ? `${problemMessages[code]}（参数 ${body.parameter}）` : problemMessages[code];
    }
    if (code) return `请求未成功（错误代码 ${code}）`;
    if (status === 0) return "无法连接服务器，请检查网络";
    return `请求未成功（HTTP ${status}）`;
  }

  class APIError extends Error {
    constructor(body, status) {
      super(problemText(body, status));
      this.code = body && body.code;
      this.status = status;
      this.body = body;
    }
  }

  async function getJSON(path) {
    let res;
    try {
      res = await fetch(path, { headers: { Accept: "application/json" } });
    } catch (e) {
      throw new APIError(null, 0);
    }
    const body = await res.json().catch(() => null);
    if (!res.ok) throw new APIError(body, res.status);
    return body;
  }

  async function themes() {
    if (themeNames) return themeNames;
    themeNames = {};
    try {
      const list = await getJSON(`${api}/themes`);
      for (const t of list.themes || []) themeNames[t.id] = t.name;
    } catch (e) {
      // Theme names are a nicety: ids alone still work.
    }
    return themeNames;
  }

  function themeBadge(id) {
    const name = themeNames && themeNames[id];
    return el("span", { class: "theme", title: name ? `${id} ${name}` : id }, name ? `${id} ${name}` : id);
  }

  function showError(err) {
    // Errors not from the API (a script bug) still read in Chinese.
    const msg = err instanceof APIError ? err.message : "页面脚本出错，请刷新后再试";
    app.replaceChildren(el("p", { class: "error", title: err && err.body && err.body.detail ? err.body.detail : String(err) }, `出错了：${msg}`));
  }

  function params() {
    return new URLSearchParams(location.search);
  }

  // go changes the URL and renders the new view.
  function go(p) {
    const qs = p.toString();
    history.pushState(null, "", qs ? `/?${qs}` : "/");
    render();
  }

  function link(p, text, attrs) {
    const a = el("a", Object.assign({ href: `/?${p.toString()}` }, attrs || {}), text);
    a.addEventListener("click", (ev) => {
      if (ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
      ev.preventDefault();
      go(p);
    });
    return a;
  }

  // facetMemo holds the facets of the last query searched (facetKey).
  let facetMemo = { key: "", facets: null };

  // searchQuery turns the page's URL into the search API's parameters.
  function searchQuery(p) {
    const s = new URLSearchParams();
    if (p.get("q")) s.set("q", p.get("q"));
    for (const n of filterNames) for (const v of p.getAll(n)) s.append(n, v);
    if (p.get("sort")) s.set("sort", p.get("sort"));
    if (p.get("synonyms") === "true") s.set("synonyms", "true");
    return s;
  }

  async function renderSearch(p) {
    const q = searchQuery(p);
    const offset = Math.max(0, parseInt(p.get("offset") || "0", 10) || 0);
    const call = new URLSearchParams(q);
    call.set("limit", pageSize);
    call.set("offset", offset);
    // Copies of one text in several units show once, unless asked.
    const collapse = p.get("collapse") !== "false";
    call.set("collapse", collapse ? "true" : "false");
    // Facets count every hit of a query: asked once per query, not again
    // on each page turn.
    const facetKey = `${q}&collapse=${collapse}`;
    const known = facetMemo.key === facetKey ? facetMemo.facets : null;
    if (!known) call.set("facets", "unit,round,theme,year");
    const [res] = await Promise.all([getJSON(`${api}/measures/search?${call}`), themes()]);
    if (known) res.facets = known;
    else facetMemo = { key: facetKey, facets: res.facets || {} };

    const chips = el("div", { class: "chips" });
    for (const n of filterNames) {
      for (const v of p.getAll(n)) {
        const without = new URLSearchParams(p);
        without.delete(n);
        for (const other of p.getAll(n)) if (other !== v) without.append(n, other);
        without.delete("offset");
        const label = n === "theme" && themeNames[v] ? `${v} ${themeNames[v]}` : n === "from" ? `${v} 起` : n === "to" ? `至 ${v}` : v;
        chips.append(el("span", { class: "chip" }, label, link(without, "×", { "aria-label": `去掉 ${label}` })));
      }
    }

    const aside = el("aside", { id: "filters", class: "filters", "aria-label": "筛选" },
      el("div", { class: "drawer-head" }, el("strong", {}, "筛选"),
        el("button", { type: "button", class: "drawer-close", "aria-label": "关闭筛选" }, "关闭")),
      dateFilter(p));
    for (const name of ["unit", "round", "theme", "year"]) {
      const buckets = (res.facets || {})[name];
      if (!buckets || buckets.length === 0) continue;
      const param = facetParam[name] || name;
      const ul = el("ul", {});
      for (const b of buckets.slice(0, 15)) {
        const on = p.getAll(param).includes(b.key);
        const next = new URLSearchParams(p);
        next.delete("offset");
        if (on) {
          next.delete(param);
          for (const v of p.getAll(param)) if (v !== b.key) next.append(param, v);
        } else {
          next.append(param, b.key);
        }
        const label = name === "theme" && themeNames[b.key] ? `${b.key} ${themeNames[b.key]}` : b.key;
        ul.append(el("li", {}, link(next, [el("span", {}, label), el("span", { class: "count" }, b.count)], { class: on ? "on" : null })));
      }
      aside.append(el("h3", {}, facetLabels[name] || name), ul);
    }

    const exportParams = searchQuery(p);
    const toggle = new URLSearchParams(p);
    toggle.delete("offset");
    if (collapse) toggle.set("collapse", "false"); else toggle.delete("collapse");
    const summary = el("div", { class: "summary" },
      el("span", {}, `共 ${res.total} 条整改措施（${res.took_ms.toFixed(1)} 毫秒）`,
        (res.expanded || []).length ? `，同时检索了近义词：${res.expanded.join("、")}` : "",
        (res.ignored || []).length ? `；描述问题的词不作必需：${res.ignored.join("、")}` : "",
        res.collapsed ? `；相同措施已合并（${res.collapsed} 条）` : "", " ",
        link(toggle, collapse ? "逐条显示" : "合并相同措施")),
      el("span", {}, "导出：",
        el("a", { href: `${api}/export/measures.xlsx?${exportParams}` }, "Excel"), " · ",
        el("a", { href: `${api}/export/measures.csv?${exportParams}` }, "CSV")));
    const explain = explainBox(p, res);

    const list = el("div", { class: "hits" });
    for (const h of res.hits) list.append(hitCard(h));
    if (res.hits.length === 0) {
      list.append(el("p", { class: "muted" }, q.toString() ? "没有找到匹配的整改措施。可减少检索词或去掉筛选条件。" : "还没有入库的整改公示。"));
    }

    const pager = el("div", { class: "pager" });
    if (offset > 0) {
      const prev = new URLSearchParams(p);
      prev.set("offset", Math.max(0, offset - pageSize));
      pager.append(link(prev, "← 上一页"));
    }
    // Collapsed pages count texts, not measures: a short page is the last.
    if (offset + res.hits.length < res.total && !(collapse && res.hits.length < pageSize)) {
      const next = new URLSearchParams(p);
      next.set("offset", offset + pageSize);
      pager.append(link(next, "下一页 →"));
    }
    const active = filterNames.reduce((n, f) => n + p.getAll(f).length, 0);
    const toggle2 = el("button", { type: "button", class: "filter-toggle", "aria-controls": "filters", "aria-expanded": "false" },
      active ? `筛选（${active}）` : "筛选");
    const backdrop = el("div", { class: "backdrop", hidden: "" });
    const setOpen = (open) => {
      aside.classList.toggle("open", open);
      backdrop.hidden = !open;
      toggle2.setAttribute("aria-expanded", open ? "true" : "false");
      document.body.classList.toggle("drawer-open", open);
    };
    toggle2.addEventListener("click", () => {
      setOpen(true);
      aside.querySelector(".drawer-close").focus();
    });
    aside.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape" && aside.classList.contains("open")) {
        setOpen(false);
        toggle2.focus();
      }
    });
    backdrop.addEventListener("click", () => setOpen(false));
    aside.querySelector(".drawer-close").addEventListener("click", () => setOpen(false));
    document.body.classList.remove("drawer-open");
    app.replaceChildren(el("div", { class: "layout" }, aside, backdrop,
      el("section", { class: "results" }, el("div", { class: "result-tools" }, toggle2), chips, summary, explain, list, pager)));
  }

  // dateFilter is the publication date range (the API's from/to).
  function dateFilter(p) {
    const from = el("input", { type: "date", id: "from", value: p.get("from") || "", "aria-label": "发布日期起" });
    const to = el("input", { type: "date", id: "to", value: p.get("to") || "", "aria-label": "发布日期止" });
    const msg = el("p", { class: "form-msg", role: "alert" });
    const f = el("form", { class: "dates" },
      el("h3", {}, "发布日期"),
      el("label", {}, "起", from), el("label", {}, "止", to),
      el("div", { class: "date-actions" },
        el("button", { type: "submit" }, "应用"),
        (p.get("from") || p.get("to")) ? el("button", { type: "button", class: "secondary", "data-clear": "" }, "清除") : null),
      msg);
    const apply = (a, b) => {
      const next = new URLSearchParams(p);
      next.delete("offset");
      next.delete("from");
      next.delete("to");
      if (a) next.set("from", a);
      if (b) next.set("to", b);
      document.body.classList.remove("drawer-open");
      go(next);
    };
    f.addEventListener("submit", (ev) => {
      ev.preventDefault();
      if (from.value && to.value && from.value > to.value) {
        msg.textContent = "起始日期不能晚于截止日期";
        return;
      }
      apply(from.value, to.value);
    });
    const clear = f.querySelector("[data-clear]");
    if (clear) clear.addEventListener("click", () => apply("", ""));
    return f;
  }

  // explainBox says why a search found nothing or less than asked: words no
  // measure holds, corrections, filter values the index does not know.
  function explainBox(p, res) {
    const box = el("div", { class: "explain" });
    if ((res.unmatched || []).length) {
      box.append(el("p", {}, "没有措施包含：", res.unmatched.map((w) => el("b", { class: "miss" }, w))));
    }
    if ((res.corrections || []).length) {
      box.append(el("p", {}, "您是不是要找：", res.corrections.map((c) => {
        const next = new URLSearchParams(p);
        next.delete("offset");
        next.set("q", (p.get("q") || "").split(c.from).join(c.to));
        return [link(next, c.to, { class: "fix" }), el("span", { class: "count" }, `（${c.measures} 条）`), " "];
      })));
    }
    for (const u of res.unknown_filters || []) {
      const param = u.filter === "round" ? (p.getAll("round_label").includes(u.value) ? "round_label" : "round") : u.filter;
      box.append(el("p", {}, `没有${filterLabel(u.filter)}“${u.value}”，最接近的：`, u.suggestions.map((sug) => {
        const next = new URLSearchParams(p);
        next.delete("offset");
        next.delete(param);
        for (const v of p.getAll(param)) next.append(param, v === u.value ? sug : v);
        return [link(next, sug), " "];
      })));
    }
    return box.childNodes.length ? box : null;
  }

  function filterLabel(f) {
    return { unit: "单位", round: "轮次", theme: "主题" }[f] || f;
  }

  const matchedLabels = { text: "措施原文", category: "类别标题", problem: "问题标题", theme: "主题名称" };

  function hitCard(h) {
    const text = el("div", { class: "text" });
    // The server escapes the measure text and adds only <mark> tags.
    text.innerHTML = h.highlight || escapeHTML(h.text);
    // A long measure's highlight is a window of its text: paper gets all.
    let full = null;
    if (text.textContent !== h.text) {
      text.classList.add("screen-only");
      full = el("div", { class: "text print-only" }, h.text);
    }
    const open = new URLSearchParams({ view: "disclosure", id: h.disclosure_id, measure: h.id });
    return el("article", { class: "hit" },
      el("div", { class: "meta" },
        el("strong", {}, h.unit || "（单位未识别）"),
        h.round_label ? el("span", {}, h.round_label) : null,
        h.published ? el("span", {}, h.published) : null,
        link(open, "查看公示全文")),
      text, full,
      el("div", { class: "cat" },
        h.category_title ? `${h.category}. ${h.category_title} · 第${h.number}项` : `第${h.number}项`,
        h.problem_title ? ` · ${h.problem_title}` : "",
        " ", (h.themes || []).map(themeBadge),
        (h.matched || []).some((m) => m !== "text")
          ? el("span", { class: "matched" }, "命中：", (h.matched || []).map((m) => matchedLabels[m] || m).join("、"))
          : null),
      duplicatesBox(h));
  }

  // duplicatesBox lists the other units holding a collapsed hit's text.
  function duplicatesBox(h) {
    if (!(h.duplicates || []).length) return null;
    const ul = el("ul", {});
    for (const d of h.duplicates) {
      ul.append(el("li", {}, link(new URLSearchParams({ view: "disclosure", id: d.disclosure_id, measure: d.id }), d.unit || d.id),
        d.round_label ? ` ${d.round_label}` : "", d.published ? ` ${d.published}` : ""));
    }
    return el("details", { class: "dups" }, el("summary", {}, `另有相同措施：共 ${h.duplicate_units} 个单位`), ul);
  }

  // cn writes 1–99 in Chinese numerals, as documents print 届 and 轮.
  function cn(n) {
    const d = "〇一二三四五六七八九";
    if (n < 1 || n > 99) return String(n);
    if (n < 10) return d[n];
    return (n >= 20 ? d[Math.floor(n / 10)] : "") + "十" + (n % 10 ? d[n % 10] : "");
  }

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" }[c]));
  }

  function fact(dl, label, value) {
    if (value === undefined || value === null || value === "") return;
    dl.append(el("dt", {}, label), el("dd", {}, value));
  }

  async function renderDisclosure(p) {
    const id = p.get("id") || "";
    const [d] = await Promise.all([getJSON(`${api}/disclosures/${encodeURIComponent(id)}`), themes()]);
    const target = p.get("measure");
    const ins = d.inspection || {};
    const c = d.counts || {};
    const dl = el("dl", { class: "facts" });
    fact(dl, "被巡察单位", d.unit);
    const round = [ins.term ? `${cn(ins.term)}届` : "", ins.body, ins.round ? `第${cn(ins.round)}轮` : ""].join("");
    fact(dl, "巡察主体", [round, ins.group].filter(Boolean).join(" "));
    fact(dl, "巡察类型", [(ins.types || [ins.type]).filter(Boolean).join("、"), ins.topic].filter(Boolean).join(" · "));
    if (ins.start || ins.end) fact(dl, "巡察时间", `${ins.start || "?"} 至 ${ins.end || "?"}`);
    fact(dl, "反馈时间", ins.feedback);
    fact(dl, "公布时间", d.published);
    const counts = [["大类", c.categories], ["方面", c.aspects], ["问题", c.problems], ["措施", c.measures],
      ["已完成", c.rectified], ["正在整改", c.in_progress]].filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => `${v}${k === "已完成" || k === "正在整改" ? "" : "个"}${k}`);
    if (c.rate !== null && c.rate !== undefined) counts.push(`完成率${c.rate}%`);
    fact(dl, "数字", counts.join("，"));
    fact(dl, "来源文件", d.source ? `${d.source.path || ""}（${d.source.format || ""}，${d.source.encoding || ""}）` : "");

    const body = el("div", { class: "doc" },
      el("p", { class: "muted no-print" }, link(new URLSearchParams(), "← 返回检索"), " · ",
        el("a", { href: `${api}/disclosures/${encodeURIComponent(d.id)}/original` }, "下载原文件"), " · ",
        el("button", { type: "button", class: "linkish", "data-print": "" }, "打印")),
      d.letterhead ? el("div", { class: "muted" }, d.letterhead) : null,
      el("h1", {}, d.title || "（无标题）"),
      dl);
    if ((d.flags || []).length) {
      body.append(el("div", { class: "flags" }, d.flags.map((f) => el("span", { class: "flag", title: f.detail || "" }, f.code))));
    }
    const byCategory = new Map();
    for (const m of d.measures || []) {
      if (!byCategory.has(m.category)) byCategory.set(m.category, []);
      byCategory.get(m.category).push(m);
    }
    body.append(el("h2", {}, `整改措施（${(d.measures || []).length}项）`));
    const cats = d.categories && d.categories.length ? d.categories : [{ number: 0, title: "", problems: [] }];
    for (const cat of cats) {
      if (cat.title) body.append(el("h3", {}, `${cat.number}. ${cat.title}`));
      const problems = new Map((cat.problems || []).map((pr) => [pr.number, pr.title]));
      let lastProblem = null;
      let ol = el("ol", { class: "measures" });
      for (const m of byCategory.get(cat.number) || []) {
        if (m.problem !== null && m.problem !== lastProblem && problems.has(m.problem)) {
          if (ol.childElementCount) body.append(ol);
          body.append(el("div", { class: "problem" }, `问题${m.problem}：${problems.get(m.problem)}`));
          ol = el("ol", { class: "measures" });
          lastProblem = m.problem;
        }
        ol.append(el("li", { id: `m-${m.id}`, value: m.number, class: m.id === target ? "target" : null },
          m.text, " ", (m.themes || []).map(themeBadge), " ",
          link(new URLSearchParams({ view: "similar", id: m.id }), "相似措施", { class: "small" })));
      }
      if (ol.childElementCount) body.append(ol);
      if (d.kind === "feedback") {
        const pl = el("ol", { class: "measures" });
        for (const pr of cat.problems || []) pl.append(el("li", { value: pr.number }, pr.title));
        body.append(pl);
      }
    }
    if (d.next_steps) body.append(el("h2", {}, "下一步工作"), el("p", {}, d.next_steps));
    if (d.contact) {
      const ct = d.contact;
      body.append(el("h2", {}, "联系方式"), el("p", {},
        [...(ct.phones || []), ...(ct.emails || []), ct.address, ct.postcode ? `邮编${ct.postcode}` : ""].filter(Boolean).join("；")));
    }
    if (d.signature) body.append(el("p", { class: "muted" }, [d.signature.org, d.signature.date].filter(Boolean).join("　")));
    app.replaceChildren(body);
    body.querySelector("[data-print]").addEventListener("click", () => window.print());
    if (target) {
      const li = document.getElementById(`m-${target}`);
      if (li) li.scrollIntoView({ block: "center" });
    }
  }

  // shade colours a cell by a share in [0, 1].
  function shade(td, share) {
    td.style.backgroundColor = `rgba(180, 35, 24, ${Math.min(0.85, 0.08 + share * 1.4).toFixed(2)})`;
    if (share > 0.4) td.style.color = "#fff";
  }

  function measureLink(id, text) {
    const disc = id.replace(/-\d+$/, "");
    return link(new URLSearchParams({ view: "disclosure", id: disc, measure: id }), text);
  }

  // renderCompare draws the theme × group matrix (share of each group's
  // measures carrying the theme) and the distinctive themes.
  async function renderCompare(p) {
    const by = p.get("by") === "round" ? "round" : "unit";
    const [res] = await Promise.all([getJSON(`${api}/analytics/compare?by=${by}`), themes()]);
    const groups = res.groups || [];
    const rows = new Map(); // theme id → name
    for (const g of groups) for (const t of g.themes || []) rows.set(t.id, t.name);
    const ids = [...rows.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    const table = el("table", { class: "matrix" });
    table.append(el("thead", {}, el("tr", {}, el("th", {}, "主题"), groups.map((g) => el("th", { title: g.key }, `${g.key}（${g.measures}）`)))));
    const tbody = el("tbody", {});
    for (const id of ids) {
      const tr = el("tr", {}, el("th", { scope: "row" }, `${id} ${rows.get(id) || ""}`));
      for (const g of groups) {
        const t = (g.themes || []).find((x) => x.id === id);
        const td = el("td", {}, t ? `${t.count}` : "");
        if (t) {
          td.title = `${g.key}：${t.count} 项措施，占 ${(t.share * 100).toFixed(0)}%`;
          shade(td, t.share);
        }
        tr.append(td);
      }
      tbody.append(tr);
    }
    table.append(tbody);
    const other = new URLSearchParams({ view: "compare", by: by === "unit" ? "round" : "unit" });
    const dist = el("ul", { class: "plain" });
    for (const d of (res.distinctive || []).slice(0, 30)) {
      dist.append(el("li", {}, el("strong", {}, d.group), `　${d.id} ${d.name}　z = ${d.log_odds_z.toFixed(2)}`));
    }
    app.replaceChildren(el("section", { class: "doc" },
      el("h1", {}, by === "unit" ? "问题主题对比：按单位" : "问题主题对比：按轮次"),
      el("p", { class: "muted" }, "格中数字是该组带有此主题的整改措施数，颜色越深占比越高。", link(other, by === "unit" ? "改为按轮次对比" : "改为按单位对比")),
      res.total > groups.length ? el("p", { class: "muted" }, `共 ${res.total} 组，显示前 ${groups.length} 组。`) : false,
      el("div", { class: "scroll" }, groups.length ? table : el("p", { class: "muted" }, "还没有可对比的数据。")),
      el("h2", {}, "显著主题（加权对数优势比 z ≥ 1.96）"),
      dist.childElementCount ? dist : el("p", { class: "muted" }, "没有显著高于其他组的主题。")));
  }

  // renderRecurring lists themes recurring for a unit across rounds and
  // themes common to many units in one round.
  async function renderRecurring() {
    const [rec, com] = await Promise.all([getJSON(`${api}/analytics/recurring`), getJSON(`${api}/analytics/common`), themes()]);
    const rl = el("ul", { class: "plain" });
    for (const r of rec.recurring || []) {
      rl.append(el("li", {}, el("strong", {}, r.unit), `　${r.id} ${r.name}　轮次：${(r.rounds || []).join("、") || (r.round_keys || []).join("、")}　`,
        (r.measure_ids || []).slice(0, 6).map((id, i) => [measureLink(id, `措施${i + 1}`), " "])));
    }
    const cl = el("ul", { class: "plain" });
    for (const c of com.common || []) {
      cl.append(el("li", {}, el("strong", {}, c.round), `　${c.id} ${c.name}　${c.units} 个单位`,
        c.unit_names ? `（${c.unit_names.join("、")}）` : ""));
    }
    app.replaceChildren(el("section", { class: "doc" },
      el("h1", {}, "屡查屡犯与共性问题"),
      el("h2", {}, "同一单位多轮出现的主题"), rl.childElementCount ? rl : el("p", { class: "muted" }, "暂未发现跨轮次重复出现的主题。"),
      el("h2", {}, "同一轮次多个单位共有的主题"), cl.childElementCount ? cl : el("p", { class: "muted" }, "暂未发现共性问题。")));
  }

  // renderPairs lists near-duplicate measures (view=duplicates) or the
  // measures most like one measure (view=similar&id=…).
  async function renderPairs(p) {
    const similar = p.get("view") === "similar";
    const path = similar ? `${api}/measures/${encodeURIComponent(p.get("id") || "")}/similar` : `${api}/analytics/duplicates`;
    const res = await getJSON(path);
    const list = el("div", { class: "hits" });
    for (const pair of res.pairs || []) {
      list.append(el("article", { class: "hit" },
        el("div", { class: "meta" }, el("strong", {}, `相似度 ${(pair.similarity * 100).toFixed(0)}%`)),
        el("div", { class: "pair" },
          el("div", {}, el("div", { class: "meta" }, el("strong", {}, pair.a.unit || ""), measureLink(pair.a.id, "查看")), el("div", { class: "text" }, pair.a.text)),
          el("div", {}, el("div", { class: "meta" }, el("strong", {}, pair.b.unit || ""), measureLink(pair.b.id, "查看")), el("div", { class: "text" }, pair.b.text)))));
    }
    app.replaceChildren(el("section", {},
      el("h1", { class: "page" }, similar ? "相似整改措施" : "跨单位近似重复的整改措施"),
      !similar && res.total > (res.pairs || []).length ? el("p", { class: "muted" }, `共 ${res.total} 对，显示相似度最高的 ${(res.pairs || []).length} 对。`) : false,
      list.childElementCount ? list : el("p", { class: "muted" }, similar ? "没有找到相似的整改措施。" : "没有找到近似重复的整改措施。")));
  }

  // renderDisclosures lists the stored disclosures, newest first, filtered
  // by unit or round when the URL says so.
  async function renderDisclosures(p) {
    const offset = Math.max(0, parseInt(p.get("offset") || "0", 10) || 0);
    const call = new URLSearchParams({ limit: pageSize, offset });
    for (const n of ["unit", "round_label", "kind"]) for (const v of p.getAll(n)) call.append(n, v);
    const res = await getJSON(`${api}/disclosures?${call}`);
    const table = el("table", { class: "list" },
      el("thead", {}, el("tr", {}, ["公布日期", "被巡察单位", "轮次", "标题", "措施"].map((h) => el("th", {}, h)))));
    const tbody = el("tbody", {});
    for (const d of res.disclosures || []) {
      const byUnit = new URLSearchParams({ view: "disclosures", unit: d.unit || "" });
      tbody.append(el("tr", {},
        el("td", { "data-label": "公布日期" }, d.published || null),
        el("td", { "data-label": "被巡察单位" }, d.unit ? link(byUnit, d.unit) : ""),
        el("td", { "data-label": "轮次" }, d.round_label || d.round_key || null),
        el("td", { "data-label": "标题", class: "title" }, link(new URLSearchParams({ view: "disclosure", id: d.id }), d.title || d.id)),
        el("td", { "data-label": "措施", class: "num" }, d.measures)));
    }
    table.append(tbody);
    const pager = el("div", { class: "pager" });
    if (offset > 0) {
      const prev = new URLSearchParams(p);
      prev.set("offset", Math.max(0, offset - pageSize));
      pager.append(link(prev, "← 上一页"));
    }
    if (offset + (res.disclosures || []).length < res.total) {
      const next = new URLSearchParams(p);
      next.set("offset", offset + pageSize);
      pager.append(link(next, "下一页 →"));
    }
    const filter = p.get("unit") ? el("span", { class: "chip" }, p.get("unit"), link(new URLSearchParams({ view: "disclosures" }), "×")) : null;
    app.replaceChildren(el("section", { class: "doc" },
      el("h1", {}, `已入库的整改公示（${res.total}份）`), filter,
      (res.disclosures || []).length ? el("div", { class: "scroll" }, table) : el("p", { class: "muted" }, "还没有入库的整改公示。"), pager));
  }

  // renderUpload lets a key holder upload files: the key is kept in this
  // tab's sessionStorage (never in a URL), the files go in one multipart
  // POST with its progress shown, and each file's outcome is listed.
  function renderUpload() {
    const key = el("input", { type: "password", id: "api-key", autocomplete: "off", spellcheck: "false",
      value: sessionStorage.getItem(keyStore) || "", "aria-label": "API 密钥" });
    const files = el("input", { type: "file", id: "files", multiple: "", accept: ".txt,.htm,.html,.docx,.pdf,.doc", "aria-label": "选择文件" });
    const bar = el("progress", { id: "upload-progress", max: "100", value: "0", hidden: "" });
    const pct = el("span", { class: "pct", "aria-live": "polite" });
    const status = el("p", { class: "form-msg", role: "status" });
    const results = el("ul", { class: "plain upload-results" });
    const submit = el("button", { type: "submit" }, "上传");
    const forget = el("button", { type: "button", class: "secondary" }, "清除密钥");
    const form = el("form", { class: "upload", autocomplete: "off" },
      el("label", {}, "API 密钥", key),
      el("p", { class: "muted small-note" }, "密钥只保存在本标签页（关闭即清除），不会出现在网址中。"),
      el("label", {}, "公示文件（txt、html、docx、pdf、doc，可多选）", files),
      el("div", { class: "date-actions" }, submit, forget),
      el("div", { class: "progress-row" }, bar, pct),
      status, results);
    key.addEventListener("change", () => {
      if (key.value) sessionStorage.setItem(keyStore, key.value.trim()); else sessionStorage.removeItem(keyStore);
    });
    forget.addEventListener("click", () => {
      sessionStorage.removeItem(keyStore);
      key.value = "";
      status.textContent = "密钥已清除。";
    });
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const k = key.value.trim();
      if (!k) { status.textContent = "请先填写 API 密钥。"; return; }
      if (!files.files.length) { status.textContent = "请选择要上传的文件。"; return; }
      sessionStorage.setItem(keyStore, k);
      const names = [...files.files].map((f) => f.name);
      const data = new FormData();
      for (const f of files.files) data.append("file", f, f.name);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `${api}/disclosures`);
      xhr.setRequestHeader("X-API-Key", k);
      xhr.setRequestHeader("Accept", "application/json");
      bar.hidden = false;
      bar.value = 0;
      pct.textContent = "0%";
      submit.disabled = true;
      results.replaceChildren();
      status.textContent = `正在上传 ${names.length} 个文件…`;
      xhr.upload.addEventListener("progress", (e) => {
        if (!e.lengthComputable) return;
        const v = Math.round((e.loaded / e.total) * 100);
        bar.value = v;
        pct.textContent = `${v}%`;
      });
      // The bar moves only with the upload's progress events.
      xhr.addEventListener("load", () => {
        submit.disabled = false;
        let body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        const list = body && body.files;
        if (list && list.length) {
          for (const r of list) results.append(uploadLine(r));
          const stored = list.filter((r) => r.status === 201).length;
          const dup = list.filter((r) => r.status === 200).length;
          status.textContent = `上传完成：新入库 ${stored} 个，已存在 ${dup} 个，未入库 ${list.length - stored - dup} 个。`;
        } else {
          const msg = problemText(body, xhr.status);
          status.textContent = `上传失败：${msg}`;
          for (const n of names) results.append(el("li", { class: "out-bad" }, el("strong", {}, n), `　未入库：${msg}`));
        }
      });
      xhr.addEventListener("error", () => {
        submit.disabled = false;
        status.textContent = `上传失败：${problemText(null, 0)}`;
      });
      xhr.send(data);
    });
    app.replaceChildren(el("section", { class: "doc" },
      el("h1", {}, "上传整改公示"),
      el("p", { class: "muted" }, "持有密钥的管理员可在此上传公示文件，入库后即可检索。"),
      form));
  }

  // uploadLine is one file's outcome, in Chinese: 201 stored, 200 already
  // stored, 422 refused (with the reason's kind).
  function uploadLine(r) {
    const open = r.id ? link(new URLSearchParams({ view: "disclosure", id: r.id }), "查看") : null;
    let text;
    let cls = "out-ok";
    if (r.status === 201) text = `已入库（${r.measures || 0} 项整改措施）`;
    else if (r.status === 200) text = "已存在，未重复入库";
    else {
      cls = "out-bad";
      text = r.outcome === "skipped" ? "未入库：文件不是整改公示或通报" : "未入库：文件无法读取或保存";
    }
    return el("li", { class: cls, title: r.reason || "" }, el("strong", {}, r.file), `　${text} `, open);
  }

  const views = {
    upload: renderUpload,
    disclosures: renderDisclosures,
    disclosure: renderDisclosure,
    compare: renderCompare,
    recurring: renderRecurring,
    duplicates: renderPairs,
    similar: renderPairs,
  };
  // The analytics views of analytics12.js (clusters, profile, trends, and
  // grouped compare and recurring), drawn with this file's helpers.
  if (window.zhenggaiAnalytics12) {
    Object.assign(views, window.zhenggaiAnalytics12({ el, link, getJSON, themes, measureLink, app, api }));
  }

  async function render() {
    const p = params();
    qInput.value = p.get("q") || "";
    sortSelect.value = p.get("sort") || "";
    synBox.checked = p.get("synonyms") === "true";
    for (const a of document.querySelectorAll("nav.views a")) {
      a.classList.toggle("on", (a.dataset.view || "") === (p.get("view") || ""));
    }
    document.body.dataset.view = p.get("view") || "search";
    document.body.classList.remove("drawer-open");
    document.body.dataset.rendered = "";
    try {
      await (views[p.get("view")] || renderSearch)(p);
    } catch (err) {
      showError(err);
    }
    // A signal for tests and scripts: the view is drawn.
    document.body.dataset.rendered = String(++renders);
  }

  for (const a of document.querySelectorAll("nav.views a")) {
    a.addEventListener("click", (ev) => {
      if (ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
      ev.preventDefault();
      go(new URLSearchParams(a.getAttribute("href").replace(/^\/\??/, "")));
    });
  }

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    const q = qInput.value.trim();
    if (q) p.set("q", q);
    if (sortSelect.value) p.set("sort", sortSelect.value);
    if (synBox.checked) p.set("synonyms", "true");
    // Keep the filters of the search page when searching again.
    const cur = params();
    if (cur.get("view") !== "disclosure") for (const n of filterNames) for (const v of cur.getAll(n)) p.append(n, v);
    go(p);
  });
  window.addEventListener("popstate", render);
  // Views added by other scripts (analytics) register here: the same
  // helpers, the same container, the same error handling.
  window.zhenggai = { api, app, el, link, go, getJSON, themes, themeBadge, measureLink, views, problemText, showError, render };
  render();
})();
