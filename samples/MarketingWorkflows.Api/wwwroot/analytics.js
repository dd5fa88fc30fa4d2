// The analytics view: the figures a marketing-ops lead takes to a monthly review, drawn as SVG bar
// charts over the host's /api/analytics tables, each table also downloadable as CSV.
"use strict";

const palette = ["#2456c8", "#7aa2f7", "#1e7a46", "#b3261e", "#f5a623"];

function barChart(key, title, unit, groups, seriesNames) {
  const rowHeight = 18 * seriesNames.length + 10;
  const labelWidth = 190, width = 640, plot = width - labelWidth - 70;
  const max = Math.max(1e-9, ...groups.flatMap((g) => g.values.filter((v) => v !== null)));
  const height = Math.max(1, groups.length) * rowHeight + 30;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", title);
  const add = (tag, attributes, text) => {
    const node = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  groups.forEach((group, row) => {
    const top = row * rowHeight + 4;
    add("text", { x: labelWidth - 8, y: top + rowHeight / 2, "text-anchor": "end", "dominant-baseline": "middle", class: "label" }, group.label);
    group.values.forEach((value, i) => {
      const y = top + i * 18;
      const w = value === null ? 0 : Math.max(1, (value / max) * plot);
      const bar = add("rect", { x: labelWidth, y, width: w, height: 14, fill: palette[i % palette.length], class: "bar", "data-series": seriesNames[i] });
      const text = value === null ? "–" : `${Number(value.toFixed(2)).toLocaleString()}${unit}`;
      const tip = document.createElementNS(ns, "title");
      tip.textContent = `${group.label} · ${seriesNames[i]}: ${text}`;
      bar.append(tip);
      add("text", { x: labelWidth + w + 4, y: y + 11, class: "value" }, text);
    });
  });
  const legend = el("p", { class: "legend" }, seriesNames.map((name, i) => el("span", {}, el("i", { style: `background:${palette[i % palette.length]}` }), name)));
  return el("figure", { class: "chart panel", "data-chart": key },
    el("figcaption", {}, el("strong", {}, title)), legend,
    groups.length ? svg : el("p", {}, "No data in this selection."));
}

function table(rows) {
  if (!rows.length) return el("p", {}, "No rows.");
  const columns = Object.keys(rows[0]);
  return el("div", { class: "scroll" }, el("table", {},
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", { scope: "col" }, c)))),
    el("tbody", {}, rows.map((r) => el("tr", {}, columns.map((c) => el("td", {}, r[c] === null ? "" : String(r[c]))))))));
}

async function downloadCsv(path, name) {
  const response = await fetch(`${path}${path.includes("?") ? "&" : "?"}format=csv`, { headers: { Authorization: `Bearer ${session.token}` } });
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
  const url = URL.createObjectURL(await response.blob());
  el("a", { href: url, download: `${name}.csv` }).click();
  URL.revokeObjectURL(url);
}

async function analyticsPage(mine) {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const process = params.get("process") || "campaign-approval";
  const q = new URLSearchParams({ process });
  for (const key of ["from", "to"]) if (params.get(key)) q.set(key, params.get(key));
  const base = (name, extra = "") => `/api/analytics/${name}?${q}${extra}`;
  const tables = [
    ["time-in-state", base("time-in-state")],
    ["turnaround", base("turnaround", "&by=approver")],
    ["sla", base("sla")],
    ["budget", `/api/analytics/budget?${new URLSearchParams([...q].filter(([k]) => k !== "process"))}&by=channels`],
    ["cycle-time", base("cycle-time")],
    ["rework", base("rework")],
    ["throughput", base("throughput")],
    ["approver-queues", base("approver-queues")],
  ];
  const results = Object.fromEntries(await Promise.all(tables.map(async ([name, path]) => [name, (await api(path)).body])));
  const hours = (row, key) => row[key] ?? null;
  const processes = (await api("/api/processes")).body.map((p) => p.id).filter((v, i, a) => a.indexOf(v) === i);
  const filters = el("form", { class: "filters", "aria-label": "Analytics filters", onsubmit: (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    const next = new URLSearchParams([...form].filter(([, v]) => v));
    location.hash = `#/analytics?${next}`;
  } },
    el("label", {}, "Process ", el("select", { name: "process" }, processes.map((p) => el("option", { value: p, selected: p === process }, p)))),
    el("label", {}, "From ", el("input", { type: "date", name: "from", value: params.get("from") || "" })),
    el("label", {}, "To ", el("input", { type: "date", name: "to", value: params.get("to") || "" })),
    el("button", { type: "submit" }, "Show"));
  const count = (rows, key = "instances") => rows.reduce((n, r) => n + (r[key] || 0), 0);
  const charts = el("div", { class: "charts" },
    barChart("time-in-state", `Time in state, hours (p50 and p90; ${count(results["time-in-state"], "stays")} stays)`, " h",
      results["time-in-state"].map((r) => ({ label: `${r.bottleneckRank}. ${r.state}`, values: [hours(r, "p50Hours"), hours(r, "p90Hours")] })), ["p50", "p90"]),
    barChart("turnaround", `Approval turnaround by approver, hours (${count(results.turnaround, "decisions")} decisions)`, " h",
      results.turnaround.map((r) => ({ label: r.group, values: [hours(r, "p50Hours"), hours(r, "p90Hours")] })), ["p50", "p90"]),
    barChart("sla", `Deadlines met and breached, by state (${count(results.sla)} instances)`, "",
      results.sla.map((r) => ({ label: r.state, values: [r.met, r.breached, r.overdueNow] })), ["met", "breached", "overdue now"]),
    barChart("budget", `Campaign budget by channel: planned, approved, actual (${results.budget.length} channels)`, "",
      results.budget.map((r) => ({ label: `${r.group} (${r.currency})`, values: [r.planned, r.approved, r.actualSpend] })), ["planned", "approved", "actual"]));
  const sections = tables.map(([name, path]) => el("section", { class: "panel", "data-table": name },
    el("h2", {}, name.replace(/-/g, " ")),
    el("button", { type: "button", class: "secondary", onclick: () => downloadCsv(path, name).catch((e) => say(e.message, true)) }, `Download ${name}.csv`),
    table(results[name])));
  render(mine, el("h1", {}, "Analytics"), filters, charts, ...sections);
}
