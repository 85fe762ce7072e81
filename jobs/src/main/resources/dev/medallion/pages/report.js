// The run report: what every run did, from the summaries the jobs write under <lake>/_runs/.
"use strict";
(() => {
  const data = JSON.parse(document.getElementById("medallion-data").textContent);
  const runs = data.runs;
  const label = (r) => `${r.job} ${r.run}`;
  const slot = (id) => document.querySelector(`[data-chart="${id}"] .plot`);
  const eventRuns = runs.filter((r) => r.kinds && r.kinds.events);
  const sum = (list, f) => list.reduce((s, x) => s + f(x), 0);

  function kpi(id, value, kind) {
    const node = document.querySelector(`[data-kpi="${id}"] .kpi-value`);
    node.textContent = Charts.fmt(value, kind);
    node.parentNode.setAttribute("data-value", Charts.exact(value, kind));
  }

  document.getElementById("generated").textContent = data.generatedAt.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC");
  kpi("runs", runs.length, "int");
  kpi("failed", runs.filter((r) => r.status !== "SUCCEEDED").length, "int");
  kpi("read", sum(eventRuns, (r) => r.kinds.events.read), "int");
  kpi("cleansed", sum(eventRuns, (r) => r.kinds.events.cleansed), "int");
  kpi("duplicates", sum(eventRuns, (r) => r.kinds.events.duplicates), "int");
  kpi("quarantined", sum(eventRuns, (r) => r.kinds.events.quarantined), "int");

  const none = "No ingest or stream run yet.";
  Charts.bars(slot("records-per-run"), {
    title: "Events per run", stacked: true, width: 1100, emptyText: none, categories: eventRuns.map(label),
    series: ["cleansed", "duplicates", "quarantined"].map((k) => ({ name: k, values: eventRuns.map((r) => r.kinds.events[k]) })),
  });

  const reasonRuns = runs.filter((r) => Object.values(r.kinds || {}).some((k) => k.quarantined > 0));
  const reasonOf = (r) => {
    const out = new Map();
    Object.values(r.kinds).forEach((k) => Object.entries(k.quarantinedByReason || {}).forEach(([reason, n]) => {
      const code = reason.split(":")[0];
      out.set(code, (out.get(code) || 0) + n);
    }));
    return out;
  };
  const reasons = [...new Set(reasonRuns.flatMap((r) => [...reasonOf(r).keys()]))].sort();
  Charts.bars(slot("quarantine-by-reason"), {
    title: "Quarantine by reason", stacked: true, emptyText: "No run quarantined anything.",
    categories: reasonRuns.map(label),
    series: reasons.map((reason) => ({ name: reason, values: reasonRuns.map((r) => reasonOf(r).get(reason) || 0) })),
  });

  Charts.bars(slot("late-share"), {
    title: "Late events per run", format: "pct", emptyText: none, categories: eventRuns.map(label),
    series: [{ name: "late share", values: eventRuns.map((r) => (r.kinds.events.read ? r.kinds.events.late / r.kinds.events.read : 0)) }],
  });

  const jobs = [...new Set(runs.map((r) => r.job))].sort();
  const byJob = (f) => jobs.map((job) => ({ name: job, values: runs.map((r) => (r.job === job ? f(r) : 0)) }));
  Charts.bars(slot("duration"), {
    title: "Duration per run", stacked: true, format: "s", emptyText: "No runs yet.", categories: runs.map(label),
    series: byJob((r) => r.elapsedMillis / 1000),
  });
  const rated = runs.filter((r) => r.recordsPerSecond !== null && r.recordsPerSecond !== undefined);
  Charts.bars(slot("throughput"), {
    title: "Records per second", stacked: true, format: "rate", emptyText: "No run moved records yet.",
    categories: rated.map(label),
    series: jobs.filter((j) => rated.some((r) => r.job === j))
      .map((job) => ({ name: job, values: rated.map((r) => (r.job === job ? r.recordsPerSecond : 0)) })),
  });

  const batches = runs.filter((r) => r.job === "stream")
    .flatMap((r) => r.microBatches.map((b) => Object.assign({ label: `${r.run}/${b.batchId}` }, b))).slice(-300);
  if (batches.length === 0) {
    Charts.empty(slot("micro-batches"), "No stream run with records yet.");
  } else {
    const opt = (v) => (v === undefined ? null : v);
    Charts.line(slot("micro-batches"), {
      title: "Stream micro-batches", format: "ms", width: 1100, categories: batches.map((b) => b.label),
      series: [
        { name: "duration", values: batches.map((b) => b.durationMillis) },
        { name: "latency, median", values: batches.map((b) => opt(b.latencyMedianMillis)) },
        { name: "latency, longest (lag)", values: batches.map((b) => opt(b.latencyMaxMillis)) },
      ],
    });
  }

  const loads = runs.filter((r) => r.job === "load" && r.loadLagMillis !== null && r.loadLagMillis !== undefined);
  Charts.bars(slot("load-lag"), {
    title: "Warehouse load lag", format: "s", emptyText: "No load after a curate run yet.",
    categories: loads.map(label), series: [{ name: "lag", values: loads.map((r) => r.loadLagMillis / 1000) }],
  });

  Charts.table(slot("runs"), [
    { name: "job" }, { name: "runId", label: "run id" }, { name: "status" },
    { name: "started" }, { name: "seconds", label: "duration (s)", format: "s" },
    { name: "records", format: "int" }, { name: "recordsPerSecond", label: "records/s", format: "rate" },
    { name: "message" },
  ], runs.slice().reverse().map((r) => Object.assign({}, r, {
    started: r.startedAt.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC"), seconds: r.elapsedMillis / 1000,
  })));
  document.querySelectorAll('[data-chart="runs"] tbody tr').forEach((tr, i) => {
    if (runs[runs.length - 1 - i].status !== "SUCCEEDED") tr.className = "failed";
  });
})();
