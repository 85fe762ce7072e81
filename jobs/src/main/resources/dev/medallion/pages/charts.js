// Medallion's pages: a small SVG chart kit, written for these pages (no library, no network).
// Every mark carries its numbers in data attributes (data-series, data-category, data-value), so
// that a test, or a person with the browser's inspector, can read what a chart shows.
"use strict";
const Charts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const PALETTE = [
    "#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2",
    "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
    "#1f77b4", "#8cd17d", "#b6992d", "#499894", "#d37295",
    "#fabfd2", "#86bcb6", "#d4a6c8", "#79706e", "#f1ce63",
  ];
  const INT = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
  const DEC1 = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const MONEY = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  /** A number as a person reads it: kind is int, money, pct (a share 0..1), ms or s. */
  function fmt(value, kind) {
    if (value === null || value === undefined || Number.isNaN(value)) return "–";
    switch (kind) {
      case "money": return MONEY.format(value);
      case "pct": return DEC1.format(value * 100) + " %";
      case "ms": return value >= 10000 ? DEC1.format(value / 1000) + " s" : INT.format(value) + " ms";
      case "s": return DEC1.format(value) + " s";
      case "rate": return INT.format(value) + "/s";
      default: return INT.format(value);
    }
  }

  /** The exact number a mark stands for, as data-value holds it. */
  function exact(value, kind) {
    if (kind === "money") return Number(value).toFixed(2);
    if (kind === "pct") return Number(value).toFixed(4);
    return String(Math.round(value * 1000) / 1000);
  }

  function colour(i) { return PALETTE[i % PALETTE.length]; }

  function el(tag, attrs, parent, text) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  function html(tag, attrs, parent, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    if (parent) parent.appendChild(node);
    return node;
  }

  /** A round upper bound for an axis, and its ticks. */
  function scale(max) {
    if (!(max > 0)) return { top: 1, ticks: [0, 1] };
    const step0 = max / 4;
    const mag = Math.pow(10, Math.floor(Math.log10(step0)));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= step0);
    const top = Math.ceil(max / step) * step;
    const ticks = [];
    for (let t = 0; t <= top + step / 2; t += step) ticks.push(t);
    return { top, ticks };
  }

  function clear(container) {
    while (container.firstChild) container.removeChild(container.firstChild);
  }

  /** A note in place of a chart: no rows, or the question could not run yet. */
  function empty(container, text) {
    clear(container);
    html("p", { class: "empty" }, container, text);
  }

  function legend(container, names) {
    if (names.length < 2) return;
    const list = html("ul", { class: "legend" }, container);
    names.forEach((name, i) => {
      const item = html("li", {}, list);
      html("span", { class: "swatch", style: "background:" + colour(i) }, item);
      item.appendChild(document.createTextNode(name));
    });
  }

  /**
   * Bars: spec = {categories, series: [{name, values}], stacked, horizontal, format}. A category
   * axis of dates or names; one bar per category and series (stacked: one column per category).
   */
  function bars(container, spec) {
    clear(container);
    const { categories, series } = spec;
    const kind = spec.format || "int";
    if (categories.length === 0) return empty(container, spec.emptyText || "No rows for these filters.");
    const totals = categories.map((_, c) => series.reduce((s, ser) => s + (ser.values[c] || 0), 0));
    const max = spec.stacked
      ? Math.max(...totals)
      : Math.max(...series.flatMap((s) => s.values.map((v) => v || 0)));
    const { top, ticks } = scale(max);
    const horizontal = !!spec.horizontal;
    const labelRoom = horizontal ? Math.min(220, 8 + 7 * Math.max(...categories.map((c) => String(c).length))) : 48;
    const plotW = spec.width || (horizontal ? 520 : 600);
    const band = horizontal ? 26 : plotW / categories.length;
    const plotH = horizontal ? band * categories.length : 220;
    const left = labelRoom, topPad = 12, bottom = horizontal ? 24 : 64;
    const right = horizontal ? 90 : 16;
    const W = left + plotW + right, H = topPad + plotH + bottom;
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart-svg", role: "img",
      "aria-label": spec.title || "" }, container);
    const value = (v) => (v / top) * (horizontal ? plotW : plotH);
    // grid and value axis
    ticks.forEach((t) => {
      if (horizontal) {
        const x = left + value(t);
        el("line", { x1: x, x2: x, y1: topPad, y2: topPad + plotH, class: "grid" }, svg);
        el("text", { x, y: H - 6, class: "tick", "text-anchor": "middle" }, svg, fmt(t, kind === "pct" ? "pct" : kind === "money" ? "int" : kind));
      } else {
        const y = topPad + plotH - value(t);
        el("line", { x1: left, x2: left + plotW, y1: y, y2: y, class: "grid" }, svg);
        el("text", { x: left - 6, y: y + 4, class: "tick", "text-anchor": "end" }, svg, fmt(t, kind === "pct" ? "pct" : kind === "money" ? "int" : kind));
      }
    });
    const every = horizontal ? 1 : Math.ceil(categories.length / Math.floor(plotW / 70));
    categories.forEach((cat, c) => {
      let offset = 0;
      const inner = spec.stacked ? Math.min(band * 0.7, 48) : Math.min((band * 0.8) / series.length, 48);
      series.forEach((ser, s) => {
        const v = ser.values[c] || 0;
        if (v === 0 && spec.stacked) return;
        const len = value(v);
        const start = spec.stacked ? offset : 0;
        const pos = spec.stacked ? (band - inner) / 2 : (band - inner * series.length) / 2 + s * inner;
        const attrs = horizontal
          ? { x: left + start, y: topPad + c * band + pos, width: Math.max(len, v > 0 ? 1 : 0), height: inner }
          : { x: left + c * band + pos, y: topPad + plotH - start - len, width: inner, height: Math.max(len, v > 0 ? 1 : 0) };
        const rect = el("rect", Object.assign({ class: "bar", fill: colour(s) }, attrs), svg);
        rect.setAttribute("data-series", ser.name);
        rect.setAttribute("data-category", String(cat));
        rect.setAttribute("data-value", exact(v, kind));
        el("title", {}, rect, `${cat}${series.length > 1 ? " · " + ser.name : ""}: ${fmt(v, kind)}`);
        offset += len;
      });
      if (horizontal) {
        el("text", { x: left - 6, y: topPad + c * band + band / 2 + 4, class: "label", "text-anchor": "end" }, svg, String(cat));
        const end = spec.stacked ? value(totals[c]) : value(Math.max(...series.map((s) => s.values[c] || 0)));
        el("text", { x: left + end + 6, y: topPad + c * band + band / 2 + 4, class: "value" }, svg, fmt(totals[c], kind));
      } else if (c % every === 0) {
        const x = left + c * band + band / 2;
        el("text", { x, y: topPad + plotH + 14, class: "label", "text-anchor": "end",
          transform: `rotate(-35 ${x} ${topPad + plotH + 14})` }, svg, String(cat));
      }
    });
    el("line", { x1: left, x2: horizontal ? left : left + plotW, y1: topPad + plotH, y2: horizontal ? topPad : topPad + plotH, class: "axis" }, svg);
    if (series.length > 1) legend(container, series.map((s) => s.name));
    container.setAttribute("data-total", exact(totals.reduce((a, b) => a + b, 0), kind));
  }

  /** Lines over a category axis: spec = {categories, series: [{name, values}], format}. */
  function line(container, spec) {
    clear(container);
    const { categories, series } = spec;
    const kind = spec.format || "int";
    if (categories.length === 0) return empty(container, spec.emptyText || "No rows for these filters.");
    const max = Math.max(...series.flatMap((s) => s.values.filter((v) => v !== null)));
    const { top, ticks } = scale(max);
    const left = 56, topPad = 12, bottom = 40, plotW = spec.width || 600, plotH = 200;
    const W = left + plotW + 16, H = topPad + plotH + bottom;
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart-svg", role: "img", "aria-label": spec.title || "" }, container);
    const x = (c) => left + (categories.length === 1 ? plotW / 2 : (c * plotW) / (categories.length - 1));
    const y = (v) => topPad + plotH - (v / top) * plotH;
    ticks.forEach((t) => {
      el("line", { x1: left, x2: left + plotW, y1: y(t), y2: y(t), class: "grid" }, svg);
      el("text", { x: left - 6, y: y(t) + 4, class: "tick", "text-anchor": "end" }, svg, fmt(t, kind));
    });
    const every = Math.ceil(categories.length / Math.floor(plotW / 80));
    categories.forEach((cat, c) => {
      if (c % every === 0) el("text", { x: x(c), y: H - 20, class: "label", "text-anchor": "middle" }, svg, String(cat));
    });
    series.forEach((ser, s) => {
      const pts = [];
      ser.values.forEach((v, c) => { if (v !== null && v !== undefined) pts.push([x(c), y(v)]); });
      if (pts.length > 1) el("polyline", { points: pts.map((p) => p.join(",")).join(" "), fill: "none", stroke: colour(s), "stroke-width": 2 }, svg);
      ser.values.forEach((v, c) => {
        if (v === null || v === undefined) return;
        const dot = el("circle", { class: "point", cx: x(c), cy: y(v), r: categories.length > 60 ? 1.5 : 3.5, fill: colour(s) }, svg);
        dot.setAttribute("data-series", ser.name);
        dot.setAttribute("data-category", String(categories[c]));
        dot.setAttribute("data-value", exact(v, kind));
        el("title", {}, dot, `${categories[c]} · ${ser.name}: ${fmt(v, kind)}`);
      });
    });
    el("line", { x1: left, x2: left + plotW, y1: topPad + plotH, y2: topPad + plotH, class: "axis" }, svg);
    legend(container, series.map((s) => s.name));
  }

  /** A table: columns = [{name, label, format}], rows = objects keyed by name. */
  function table(container, columns, rows) {
    clear(container);
    if (rows.length === 0) return empty(container, "No rows.");
    const t = html("table", { class: "data" }, container);
    const head = html("tr", {}, html("thead", {}, t));
    columns.forEach((c) => html("th", { class: c.format ? "num" : "" }, head, c.label || c.name));
    const body = html("tbody", {}, t);
    rows.forEach((r) => {
      const tr = html("tr", {}, body);
      columns.forEach((c) => {
        const v = r[c.name];
        const td = html("td", { class: c.format ? "num" : "", "data-column": c.name }, tr,
          c.format ? fmt(v, c.format) : v === null || v === undefined ? "–" : String(v));
        if (c.format && v !== null && v !== undefined) td.setAttribute("data-value", exact(v, c.format));
      });
    });
  }

  return { bars, line, table, empty, fmt, exact, colour, html };
})();
