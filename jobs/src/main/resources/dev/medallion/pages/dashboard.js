// The business dashboard: the questions of athena/queries over the lake, with filters.
// Filters live in the address (#from=...&to=...&type=...&country=...), so a view can be shared.
"use strict";
(() => {
  const H = Charts.html;
  let data = JSON.parse(document.getElementById("medallion-data").textContent);
  const UNKNOWN = "(unknown)";
  const state = { from: "", to: "", type: "", country: "" };

  function question(name) {
    return data.questions[name] || { columns: [], rows: [], error: "not computed" };
  }

  /** The rows of a question as objects keyed by column name. */
  function records(name) {
    const q = question(name);
    const names = q.columns.map((c) => c.name);
    return q.rows.map((r) => Object.fromEntries(names.map((n, i) => [n, r[i]])));
  }

  const countryOf = (r) => (r.country === null ? UNKNOWN : r.country);
  const inDates = (d) => (!state.from || d >= state.from) && (!state.to || d <= state.to);
  const cube = () =>
    records("events_per_day_by_type").filter(
      (r) => inDates(r.event_date) && (!state.type || r.event_type === state.type) &&
        (!state.country || countryOf(r) === state.country));

  function sumBy(rows, key, measure, money) {
    const out = new Map();
    rows.forEach((r) => {
      const v = money ? Math.round(Number(r[measure]) * 100) : Number(r[measure]);
      out.set(key(r), (out.get(key(r)) || 0) + v);
    });
    if (money) out.forEach((v, k) => out.set(k, v / 100));
    return out;
  }

  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    for (const k of Object.keys(state)) state[k] = params.get(k) || "";
  }

  function writeHash() {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(state)) if (v) params.set(k, v);
    const text = params.toString();
    history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
  }

  function options(select, values, current) {
    while (select.firstChild) select.removeChild(select.firstChild);
    H("option", { value: "" }, select, "All");
    values.forEach((v) => H("option", { value: v }, select, v));
    if (current && !values.includes(current)) H("option", { value: current }, select, current);
    select.value = current;
  }

  function filters() {
    const all = records("events_per_day_by_type");
    const dates = [...new Set(all.map((r) => r.event_date))].sort();
    const from = document.getElementById("f-from"), to = document.getElementById("f-to");
    if (dates.length) {
      from.min = to.min = dates[0];
      from.max = to.max = dates[dates.length - 1];
    }
    from.value = state.from;
    to.value = state.to;
    options(document.getElementById("f-type"), [...new Set(all.map((r) => r.event_type))].sort(), state.type);
    options(document.getElementById("f-country"),
      [...new Set(all.map(countryOf))].sort((a, b) => (a === UNKNOWN) - (b === UNKNOWN) || a.localeCompare(b)),
      state.country);
  }

  function slot(id) {
    return document.querySelector(`[data-chart="${id}"] .plot`);
  }

  function failed(id, name) {
    const q = question(name);
    if (q.error) {
      Charts.empty(slot(id), q.error);
      return true;
    }
    return false;
  }

  function kpi(id, value, kind) {
    const node = document.querySelector(`[data-kpi="${id}"] .kpi-value`);
    node.textContent = Charts.fmt(value, kind);
    node.parentNode.setAttribute("data-value", value === null ? "" : Charts.exact(value, kind));
  }

  function render() {
    const rows = cube();
    const dated = (name, col) => records(name).filter((r) => inDates(r[col]));
    // headline numbers
    const events = rows.reduce((s, r) => s + Number(r.events), 0);
    const revenue = rows.reduce((s, r) => s + Math.round(Number(r.revenue) * 100), 0) / 100;
    const dups = dated("duplicates_per_day", "ingest_date");
    const late = dated("late_event_share", "ingest_date");
    const lateEvents = late.reduce((s, r) => s + Number(r.events), 0);
    kpi("events", events, "int");
    kpi("revenue", revenue, "money");
    kpi("days", new Set(rows.map((r) => r.event_date)).size, "int");
    kpi("duplicates", dups.reduce((s, r) => s + Number(r.duplicates), 0), "int");
    kpi("quarantined", dups.reduce((s, r) => s + Number(r.quarantined), 0), "int");
    kpi("late", lateEvents ? late.reduce((s, r) => s + Number(r.late_events), 0) / lateEvents : null, "pct");

    if (!failed("events-per-day", "events_per_day_by_type")) {
      const dates = [...new Set(rows.map((r) => r.event_date))].sort();
      const types = [...new Set(rows.map((r) => r.event_type))].sort();
      const by = sumBy(rows, (r) => r.event_date + "|" + r.event_type, "events");
      Charts.bars(slot("events-per-day"), {
        title: "Events per day by type", categories: dates, stacked: true, width: 1100,
        series: types.map((t) => ({ name: t, values: dates.map((d) => by.get(d + "|" + t) || 0) })),
      });
    }
    if (!failed("daily-active-users", "daily_active_users")) {
      const dau = dated("daily_active_users", "event_date");
      Charts.bars(slot("daily-active-users"), {
        title: "Daily active users", categories: dau.map((r) => r.event_date),
        series: [{ name: "active users", values: dau.map((r) => Number(r.active_users)) }],
      });
    }
    if (!failed("revenue-by-country", "events_per_day_by_type")) {
      const by = [...sumBy(rows, countryOf, "revenue", true)].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
      Charts.bars(slot("revenue-by-country"), {
        title: "Revenue by country", horizontal: true, format: "money",
        categories: by.map((e) => e[0]), series: [{ name: "revenue", values: by.map((e) => e[1]) }],
      });
    }
    if (!failed("top-event-types", "events_per_day_by_type")) {
      const by = [...sumBy(rows, (r) => r.event_type, "events")]
        .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10);
      Charts.bars(slot("top-event-types"), {
        title: "Top event types", horizontal: true,
        categories: by.map((e) => e[0]), series: [{ name: "events", values: by.map((e) => e[1]) }],
      });
    }
    if (!failed("quarantine-reasons", "quarantine_reasons")) {
      const q = records("quarantine_reasons");
      const kinds = [...new Set(q.map((r) => r.record_type))].sort();
      const by = sumBy(q, (r) => r.reason_code + "|" + r.record_type, "records");
      const totals = [...sumBy(q, (r) => r.reason_code, "records")].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      Charts.bars(slot("quarantine-reasons"), {
        title: "Quarantine reasons", horizontal: true, stacked: true, emptyText: "Nothing in quarantine.",
        categories: totals.map((e) => e[0]),
        series: kinds.map((k) => ({ name: k, values: totals.map((e) => by.get(e[0] + "|" + k) || 0) })),
      });
    }
    if (!failed("late-share", "late_event_share")) {
      Charts.bars(slot("late-share"), {
        title: "Share of late events", format: "pct", categories: late.map((r) => r.ingest_date),
        series: [{ name: "late share", values: late.map((r) => Number(r.late_share)) }],
      });
    }
    if (!failed("duplicates-per-day", "duplicates_per_day")) {
      Charts.bars(slot("duplicates-per-day"), {
        title: "Duplicates per day", categories: dups.map((r) => r.ingest_date), stacked: true,
        series: [
          { name: "duplicates", values: dups.map((r) => Number(r.duplicates)) },
          { name: "quarantined", values: dups.map((r) => Number(r.quarantined)) },
        ],
      });
    }
    if (!failed("freshness", "freshness")) {
      const now = Date.parse(data.generatedAt);
      const fresh = records("freshness").map((r) => Object.assign({}, r, {
        age: r.newest_time ? ago(now - Date.parse(r.newest_time)) : "–",
        newest_time: r.newest_time ? r.newest_time.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC") : null,
      }));
      Charts.table(slot("freshness"), [
        { name: "table_name", label: "table" }, { name: "measured_by", label: "newest by" },
        { name: "newest_time", label: "newest" }, { name: "age", label: "age" },
        { name: "records", label: "records", format: "int" },
      ], fresh);
    }
    document.getElementById("generated").textContent = data.generatedAt.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC");
    const active = Object.entries(state).filter((e) => e[1]).map((e) => `${e[0]} ${e[1]}`);
    document.getElementById("filter-note").textContent = active.length ? "Filtered: " + active.join(", ") : "";
  }

  function ago(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 120) return s + " s ago";
    if (s < 7200) return Math.round(s / 60) + " min ago";
    if (s < 172800) return Math.round(s / 3600) + " h ago";
    return Math.round(s / 86400) + " days ago";
  }

  function sqlSection() {
    const list = document.getElementById("questions");
    while (list.firstChild) list.removeChild(list.firstChild);
    Object.keys(data.questions).sort().forEach((name) => {
      const q = data.questions[name];
      const d = H("details", {}, list);
      H("summary", {}, d, `${name}.sql — ${q.error ? "not run: " + q.error : Charts.fmt(q.rows.length) + (q.rows.length === 1 ? " row" : " rows")}`);
      H("pre", {}, d, q.sql);
    });
  }

  function onChange() {
    state.from = document.getElementById("f-from").value;
    state.to = document.getElementById("f-to").value;
    state.type = document.getElementById("f-type").value;
    state.country = document.getElementById("f-country").value;
    writeHash();
    render();
  }

  readHash();
  filters();
  render();
  sqlSection();
  ["f-from", "f-to", "f-type", "f-country"].forEach((id) => document.getElementById(id).addEventListener("change", onChange));
  document.getElementById("f-reset").addEventListener("click", () => {
    Object.keys(state).forEach((k) => (state[k] = ""));
    writeHash();
    filters();
    render();
  });
  window.addEventListener("hashchange", () => { readHash(); filters(); render(); });

  if (data.refreshSeconds > 0) {
    const live = document.getElementById("live");
    live.hidden = false;
    setInterval(async () => {
      try {
        const response = await fetch("data.json", { cache: "no-store" });
        if (!response.ok) throw new Error("HTTP " + response.status);
        data = await response.json();
        live.className = "live";
        filters();
        render();
        sqlSection();
      } catch (e) {
        live.className = "live stale";
      }
    }, data.refreshSeconds * 1000);
  }
})();
