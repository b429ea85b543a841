// zhenggai web page: the analytics an analyst reads at a province's scale
// (issue 12): near-duplicate clusters, a unit's profile, themes over time,
// recurring problems grouped by unit and common ones by round, and the
// theme matrix whose cells link to their measures. app.js calls
// window.zhenggaiAnalytics12 with its helpers and registers the views it
// returns. Charts are inline SVG drawn here; no library, no inline style.
"use strict";

window.zhenggaiAnalytics12 = function (h) {
  const { el, link, getJSON, themes, measureLink, app, api } = h;
  const svgNS = "http://www.w3.org/2000/svg";
  const palette = ["#b42318", "#1d4ed8", "#047857", "#b54708", "#6941c6", "#0e7490", "#c11574", "#4d7c0f", "#475467", "#a15c07"];
  const filterKeys = ["q", "unit", "round", "theme", "year", "from", "to"];

  // svg builds an SVG element with attributes (presentation attributes,
  // never style) and children.
  function svg(tag, attrs, ...children) {
    const e = document.createElementNS(svgNS, tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  function swatch(color) {
    return svg("svg", { width: 12, height: 12, viewBox: "0 0 12 12", class: "swatch", "aria-hidden": "true" },
      svg("rect", { width: 12, height: 12, rx: 2, fill: color }));
  }

  function pct(x) {
    return `${Math.round(x * 100)}%`;
  }

  // fit marks the view when its content is wider than its box (a phone
  // layout that overflows), for the page's tests and for debugging.
  function fit(section) {
    app.replaceChildren(section);
    section.dataset.fit = section.scrollWidth <= section.clientWidth + 1 ? "yes" : "no";
    section.dataset.width = String(window.innerWidth);
  }

  function profileLink(unit, text) {
    return link(new URLSearchParams({ view: "profile", unit }), text || unit);
  }

  // pageSearch is the page's search for measures: the analysis' filters
  // and a cell's group and theme.
  function pageSearch(p, extra) {
    const s = new URLSearchParams();
    for (const k of filterKeys) for (const v of p.getAll(k)) s.append(k === "round" ? "round_label" : k, v);
    for (const [k, v] of Object.entries(extra)) {
      s.delete(k);
      s.append(k, v);
    }
    return s;
  }

  // filterForm is a small form of the search parameters an analysis takes;
  // submitting it renders the view again over the measures it selects.
  function filterForm(p, view, extra) {
    const f = el("form", { class: "a12-filter" });
    const inputs = {};
    for (const [name, label] of [["q", "检索词"], ["unit", "单位"], ["theme", "主题"], ["year", "年份"]]) {
      inputs[name] = el("input", { name, type: "search", placeholder: label, "aria-label": label, value: p.get(name) || "" });
      f.append(inputs[name]);
    }
    f.append(el("button", { type: "submit" }, "筛选"));
    f.addEventListener("submit", (ev) => {
      ev.preventDefault();
      const n = new URLSearchParams({ view });
      for (const [k, v] of Object.entries(extra || {})) n.set(k, v);
      for (const [k, input] of Object.entries(inputs)) if (input.value.trim()) n.set(k, input.value.trim());
      history.pushState(null, "", `/?${n}`);
      window.dispatchEvent(new PopStateEvent("popstate"));
    });
    return f;
  }

  function filterQuery(p) {
    const s = new URLSearchParams();
    for (const k of filterKeys) for (const v of p.getAll(k)) s.append(k, v);
    return s;
  }

  function pager(p, offset, shown, total, size) {
    const nav = el("div", { class: "pager" });
    if (offset > 0) {
      const prev = new URLSearchParams(p);
      prev.set("offset", Math.max(0, offset - size));
      nav.append(link(prev, "← 上一页"));
    }
    if (offset + shown < total) {
      const next = new URLSearchParams(p);
      next.set("offset", offset + size);
      nav.append(link(next, "下一页 →"));
    }
    return nav;
  }

  function offsetOf(p) {
    return Math.max(0, parseInt(p.get("offset") || "0", 10) || 0);
  }

  // renderClusters lists near-duplicate clusters, most units first.
  async function renderClusters(p) {
    const size = 20;
    const offset = offsetOf(p);
    const res = await getJSON(`${api}/analytics/clusters?limit=${size}&offset=${offset}&members=10`);
    if (res.computing) {
      // Computed once per data change, in the background: ask again.
      const here = location.href;
      fit(el("section", { class: "a12 a12-clusters" }, el("h1", { class: "page" }, "近似重复措施聚类"),
        el("p", { class: "muted" }, "正在计算近似重复措施（每次数据变更后计算一次），稍后自动刷新……")));
      setTimeout(() => { if (location.href === here) renderClusters(p); }, 3000);
      return;
    }
    const list = el("div", { class: "hits" });
    for (const c of res.clusters || []) {
      const members = el("ul", { class: "plain a12-members" });
      for (const m of c.members || []) {
        members.append(el("li", {}, el("span", { class: "muted" }, pct(m.similarity)), " ",
          m.unit ? profileLink(m.unit) : "", " ", el("span", { class: "muted" }, m.round || ""), " ", measureLink(m.id, "查看")));
      }
      if ((c.members || []).length < c.size) members.append(el("li", { class: "muted" }, `另有 ${c.size - c.members.length} 项`));
      list.append(el("article", { class: "hit a12-cluster" },
        el("div", { class: "meta" }, el("strong", {}, `${c.size} 项措施 · ${(c.units || []).length} 个单位`),
          `轮次 ${(c.rounds || []).length}`, `相似度 ${pct(c.min_similarity)}–${pct(c.max_similarity)}`),
        el("div", { class: "text" }, c.representative_text || c.representative),
        members));
    }
    fit(el("section", { class: "a12 a12-clusters" },
      el("h1", { class: "page" }, "近似重复措施聚类"),
      el("p", { class: "muted" }, `共 ${res.total} 组、${res.members} 项措施；同一段文字出现在多个单位的排在前面。`,
        link(new URLSearchParams({ view: "duplicates" }), "逐对查看")),
      list.childElementCount ? list : el("p", { class: "muted" }, "没有找到近似重复的整改措施。"),
      pager(p, offset, (res.clusters || []).length, res.total, size)));
  }

  // roundChart draws a unit's themes per round as stacked bars: the top
  // themes of the unit, the rest as 其他.
  function roundChart(rounds, top) {
    const W = 360, H = 180, left = 30, bottom = 34, barGap = 10;
    const ids = top.map((t) => t.id);
    const n = Math.max(1, rounds.length);
    const bw = Math.max(8, (W - left - barGap) / n - barGap);
    const max = Math.max(1, ...rounds.map((r) => r.measures));
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", class: "a12-chart", role: "img",
      "aria-label": "各轮次问题主题分布" });
    chart.append(svg("line", { x1: left, y1: H - bottom, x2: W, y2: H - bottom, stroke: "#98a2b3" }));
    chart.append(svg("text", { x: left - 4, y: 12, "text-anchor": "end", "font-size": 10, fill: "#667085" }, max));
    rounds.forEach((r, i) => {
      const x = left + barGap + i * (bw + barGap);
      let y = H - bottom;
      const counts = ids.map((id) => ((r.themes || []).find((t) => t.id === id) || { count: 0 }).count);
      const tagged = (r.themes || []).reduce((s, t) => s + t.count, 0);
      const rest = Math.max(0, tagged - counts.reduce((a, b) => a + b, 0));
      const scale = (H - bottom - 16) / Math.max(1, ...rounds.map((q) => (q.themes || []).reduce((s, t) => s + t.count, 0)));
      [...counts, rest].forEach((c, k) => {
        if (!c) return;
        const hgt = c * scale;
        y -= hgt;
        chart.append(svg("rect", { x, y, width: bw, height: hgt, fill: k < ids.length ? palette[k % palette.length] : "#d0d5dd" },
          svg("title", {}, `${r.round}：${k < ids.length ? ids[k] : "其他"} ${c}`)));
      });
      const label = r.round.length > 8 ? `…${r.round.slice(-6)}` : r.round;
      chart.append(svg("text", { x: x + bw / 2, y: H - bottom + 14, "text-anchor": "middle", "font-size": 10, fill: "#344054" }, label));
      chart.append(svg("text", { x: x + bw / 2, y: H - bottom + 27, "text-anchor": "middle", "font-size": 9, fill: "#667085" }, `${r.measures}项`));
    });
    return chart;
  }

  function legend(items) {
    return el("ul", { class: "a12-legend" }, items.map(([color, text]) => el("li", {}, swatch(color), text)));
  }

  // renderProfile shows one unit: disclosures, rounds, themes per round as
  // a chart, recurring themes and copied measures.
  async function renderProfile(p) {
    const unit = p.get("unit") || "";
    const [res] = await Promise.all([getJSON(`${api}/units/${encodeURIComponent(unit)}/profile?copied_limit=20`), themes()]);
    const top = (res.themes || []).slice(0, 6);
    const discs = el("table", { class: "list" }, el("thead", {}, el("tr", {}, ["轮次", "公布日期", "措施", "公示"].map((x) => el("th", {}, x)))));
    const tb = el("tbody", {});
    for (const d of res.disclosures || []) {
      tb.append(el("tr", {}, el("td", {}, d.round || "—"), el("td", {}, d.published || ""), el("td", { class: "num" }, d.measures),
        el("td", {}, link(new URLSearchParams({ view: "disclosure", id: d.id }), "查看"))));
    }
    discs.append(tb);
    const rec = el("ul", { class: "plain" });
    for (const th of (res.recurring && res.recurring.themes) || []) {
      rec.append(el("li", {}, el("strong", {}, `${th.id} ${th.name}`), `　${th.round_count} 轮`, th.repeated ? el("span", { class: "flag" }, "后轮措施与前轮重复") : "",
        el("div", { class: "a12-rounds" }, (th.rounds || []).map((r) => el("div", { class: "a12-round" },
          el("div", { class: "muted" }, `${r.round}（${r.count}）`),
          (r.measures || []).map((m) => el("div", {}, measureLink(m.id, m.text || m.id))))))));
    }
    const copied = el("ul", { class: "plain" });
    for (const c of (res.copied && res.copied.clusters) || []) {
      const others = (c.units || []).filter((u) => u !== res.unit);
      copied.append(el("li", {}, el("div", {}, c.representative_text || c.representative),
        el("div", { class: "muted" }, `${c.size} 项、${(c.units || []).length} 个单位：`, others.map((u, i) => [i ? "、" : "", profileLink(u)]))));
    }
    const rounds = res.rounds || [];
    fit(el("section", { class: "doc a12 a12-profile" },
      el("h1", {}, res.unit),
      el("dl", { class: "facts" },
        el("dt", {}, "规范名称"), el("dd", {}, res.unit_key),
        (res.names || []).length > 1 ? [el("dt", {}, "其他写法"), el("dd", {}, res.names.join("、"))] : false,
        el("dt", {}, "整改措施"), el("dd", {}, `${res.measures} 项，${(res.disclosures || []).length} 份公示，${rounds.length} 个轮次`),
        el("dt", {}, "检索"), el("dd", {}, link(new URLSearchParams({ unit: res.unit_key }), "该单位全部措施"))),
      el("h2", {}, "各轮次问题主题"),
      rounds.length ? el("div", { class: "a12-chartbox" }, roundChart(rounds, top),
        legend([...top.map((t, k) => [palette[k % palette.length], `${t.id} ${t.name}（${t.count}）`]), ["#d0d5dd", "其他"]])) :
        el("p", { class: "muted" }, "没有标明轮次的措施。"),
      el("h2", {}, "公示"), el("div", { class: "scroll" }, discs),
      el("h2", {}, "屡查屡犯：多轮出现的主题"), rec.childElementCount ? rec : el("p", { class: "muted" }, "没有跨轮次重复出现的主题。"),
      el("h2", {}, `与其他单位近似重复的措施（${(res.copied && res.copied.total) || 0} 组）`),
      copied.childElementCount ? copied : el("p", { class: "muted" }, res.copied && res.copied.computing ?
        "近似重复措施正在计算（每次数据变更后计算一次），请稍后刷新。" : "没有与其他单位近似重复的措施。")));
  }

  // trendChart draws each theme's share per period as a line.
  function trendChart(tr) {
    const W = 520, H = 240, left = 34, right = 10, top = 10, bottom = 40;
    const periods = tr.periods || [];
    const series = (tr.themes || []).slice(0, 8);
    const max = Math.max(0.05, ...series.flatMap((s) => s.shares));
    const xs = (i) => left + (periods.length < 2 ? (W - left - right) / 2 : (i * (W - left - right)) / (periods.length - 1));
    const ys = (v) => top + (H - top - bottom) * (1 - v / max);
    const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: "100%", class: "a12-chart", role: "img", "aria-label": "主题占比随时间变化" });
    for (const v of [0, max / 2, max]) {
      chart.append(svg("line", { x1: left, x2: W - right, y1: ys(v), y2: ys(v), stroke: "#e4e7ec" }));
      chart.append(svg("text", { x: left - 4, y: ys(v) + 3, "text-anchor": "end", "font-size": 10, fill: "#667085" }, pct(v)));
    }
    series.forEach((s, k) => {
      const color = palette[k % palette.length];
      const pts = s.shares.map((v, i) => `${xs(i).toFixed(1)},${ys(v).toFixed(1)}`).join(" ");
      chart.append(svg("polyline", { points: pts, fill: "none", stroke: color, "stroke-width": 2 }));
      s.shares.forEach((v, i) => chart.append(svg("circle", { cx: xs(i), cy: ys(v), r: 3, fill: color },
        svg("title", {}, `${periods[i].key}：${s.id} ${s.name} ${s.counts[i]} 项（${pct(v)}）`))));
    });
    const step = Math.ceil(periods.length / 8);
    periods.forEach((p, i) => {
      if (i % step) return;
      const label = p.key.length > 8 ? `…${p.key.slice(-6)}` : p.key;
      chart.append(svg("text", { x: xs(i), y: H - bottom + 16, "text-anchor": "middle", "font-size": 10, fill: "#344054" }, label));
    });
    return chart;
  }

  // renderTrends shows theme shares per round or year, as a chart with a
  // table beside it.
  async function renderTrends(p) {
    const by = p.get("by") === "year" ? "year" : "round";
    const q = filterQuery(p);
    q.set("by", by);
    q.set("limit", "8");
    const res = await getJSON(`${api}/analytics/trends?${q}`);
    const periods = res.periods || [];
    const table = el("table", { class: "list a12-trend-table" },
      el("thead", {}, el("tr", {}, el("th", {}, "主题"), periods.map((x) => el("th", { title: x.key }, `${x.key}（${x.measures}）`)))));
    const tb = el("tbody", {});
    (res.themes || []).forEach((s, k) => {
      tb.append(el("tr", {}, el("th", { scope: "row" }, swatch(palette[k % palette.length]), ` ${s.id} ${s.name}`),
        s.shares.map((v, i) => el("td", { class: "num" }, link(pageSearch(p, by === "year" ? { theme: s.id, year: periods[i].key } : { theme: s.id, round_label: periods[i].key }), pct(v))))));
    });
    table.append(tb);
    const other = new URLSearchParams(p);
    other.set("by", by === "year" ? "round" : "year");
    fit(el("section", { class: "doc a12 a12-trends" },
      el("h1", {}, by === "year" ? "问题主题的年度变化" : "问题主题的轮次变化"),
      filterForm(p, "trends", { by }),
      el("p", { class: "muted" }, `${res.selection.measures} 项措施；格中为该期带有此主题的措施占比。`, res.undated ? `${res.undated} 项无${by === "year" ? "发布日期" : "轮次"}，未计入。` : "",
        link(other, by === "year" ? "改为按轮次" : "改为按年份")),
      periods.length ? el("div", { class: "a12-trend-layout" }, el("div", { class: "a12-chartbox" }, trendChart(res)), el("div", { class: "scroll" }, table)) :
        el("p", { class: "muted" }, "没有可统计的措施。")));
  }

  // renderCompare draws the theme matrix whose cells link to the search
  // listing their measures, and each group's themes ranked by z.
  async function renderCompare(p) {
    const by = p.get("by") === "round" ? "round" : "unit";
    const q = filterQuery(p);
    q.set("by", by);
    q.set("top", "5");
    q.set("limit", "40");
    q.set("measure_ids", "0"); // the matrix shows counts; each cell links to its search
    const [res] = await Promise.all([getJSON(`${api}/analytics/compare?${q}`), themes()]);
    const groups = res.groups || [];
    const names = new Map();
    for (const g of groups) for (const t of g.themes || []) names.set(t.id, t.name);
    const ids = [...names.keys()].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    const table = el("table", { class: "matrix" });
    table.append(el("thead", {}, el("tr", {}, el("th", {}, "主题"),
      groups.map((g) => el("th", { title: g.key }, by === "unit" ? profileLink(g.unit_key || g.key, `${g.key}（${g.measures}）`) : `${g.key}（${g.measures}）`)))));
    const tbody = el("tbody", {});
    for (const id of ids) {
      const tr = el("tr", {}, el("th", { scope: "row" }, `${id} ${names.get(id) || ""}`));
      for (const g of groups) {
        const t = (g.themes || []).find((x) => x.id === id);
        const td = el("td", {});
        if (t) {
          const cell = pageSearch(p, by === "unit" ? { unit: g.key, theme: id } : { round_label: g.key, theme: id });
          td.append(link(cell, `${t.count}`, { title: `${g.key}：${t.count} 项措施，占 ${pct(t.share)}（点击查看）` }));
          td.className = `a12-s${Math.min(5, Math.floor(t.share * 10))}`;
        }
        tr.append(td);
      }
      tbody.append(tr);
    }
    table.append(tbody);
    const ranking = el("div", { class: "a12-ranking" });
    for (const r of res.ranking || []) {
      ranking.append(el("div", { class: "a12-rank" }, el("strong", {}, r.group), el("span", { class: "muted" }, ` ${r.measures} 项`),
        el("ol", {}, (r.themes || []).map((t) => el("li", {}, `${t.id} ${t.name}`,
          el("span", { class: "muted" }, ` z ${t.log_odds_z.toFixed(2)}，${t.count} 项`),
          t.significant ? el("span", { class: "flag" }, "显著") : "", t.only ? el("span", { class: "flag" }, "仅此组") : "")))));
    }
    const other = new URLSearchParams(p);
    other.set("by", by === "unit" ? "round" : "unit");
    fit(el("section", { class: "doc a12 a12-compare" },
      el("h1", {}, by === "unit" ? "问题主题对比：按单位" : "问题主题对比：按轮次"),
      filterForm(p, "compare", { by }),
      el("p", { class: "muted" }, `${res.selection ? res.selection.measures : 0} 项措施。格中数字是该组带有此主题的措施数（点击列出这些措施），颜色越深占比越高。`,
        link(other, by === "unit" ? "改为按轮次对比" : "改为按单位对比")),
      res.total > groups.length ? el("p", { class: "muted" }, `共 ${res.total} 组，显示前 ${groups.length} 组。`) : false,
      el("div", { class: "scroll" }, groups.length ? table : el("p", { class: "muted" }, "还没有可对比的数据。")),
      el("h2", {}, `各组最突出的主题（加权对数优势比 z，≥ ${(res.min_z || 1.96).toFixed(2)} 为显著）`),
      ranking.childElementCount ? ranking : el("p", { class: "muted" }, "没有可排序的主题。")));
  }

  // renderRecurring lists units whose themes recur across rounds (rounds
  // side by side) and themes common to several units of a round.
  async function renderRecurring(p) {
    const size = 10;
    const offset = offsetOf(p);
    const q = filterQuery(p);
    const uq = new URLSearchParams(q);
    uq.set("limit", size);
    uq.set("offset", offset);
    uq.set("measures_shown", "2");
    const cq = new URLSearchParams(q);
    cq.set("limit", "20");
    const [rec, com] = await Promise.all([getJSON(`${api}/analytics/recurring/units?${uq}`), getJSON(`${api}/analytics/common/themes?${cq}`), themes()]);
    const units = el("div", {});
    for (const u of rec.units || []) {
      const box = el("article", { class: "hit a12-unit" },
        el("div", { class: "meta" }, el("strong", {}, profileLink(u.unit_key, u.unit)), `${u.rounds} 轮`, `${u.theme_count} 个主题反复出现`, u.repeats ? `${u.repeats} 项措施与前轮重复` : ""));
      for (const th of u.themes || []) {
        box.append(el("div", { class: "a12-theme" }, el("div", {}, el("strong", {}, `${th.id} ${th.name}`), `　${th.round_count} 轮`,
          th.repeated ? el("span", { class: "flag" }, "后轮措施与前轮重复") : ""),
          el("div", { class: "a12-rounds" }, (th.rounds || []).map((r) => el("div", { class: "a12-round" },
            el("div", { class: "muted" }, `${r.round}（${r.count}）`),
            (r.measures || []).map((m) => el("div", {}, measureLink(m.id, m.text || m.id))))))));
      }
      units.append(box);
    }
    const cl = el("ul", { class: "plain" });
    for (const c of com.common || []) {
      cl.append(el("li", {}, el("strong", {}, c.round), `　${c.id} ${c.name}　${c.units}/${c.round_units} 个单位（${pct(c.share)}）`,
        el("div", { class: "muted" }, (c.by_unit || []).map((u, i) => [i ? "、" : "", profileLink(u.unit_key, u.unit), `（${u.measure_ids.length}）`]))));
    }
    fit(el("section", { class: "doc a12 a12-recurring" },
      el("h1", {}, "屡查屡犯与共性问题"),
      filterForm(p, "recurring"),
      el("h2", {}, `同一单位多轮出现的主题（${rec.total} 个单位，按反复程度排序）`),
      units.childElementCount ? units : el("p", { class: "muted" }, "暂未发现跨轮次重复出现的主题。"),
      pager(p, offset, (rec.units || []).length, rec.total, size),
      el("h2", {}, `同一轮次多个单位共有的主题（${com.total} 组）`), cl.childElementCount ? cl : el("p", { class: "muted" }, "暂未发现共性问题。")));
  }

  return { clusters: renderClusters, profile: renderProfile, trends: renderTrends, compare: renderCompare, recurring: renderRecurring };
};
