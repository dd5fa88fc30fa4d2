// The operator page: a board of instances by state and an instance page with what the
// signed-in user may do. Plain JavaScript over the host's API; the token stays in this tab.
"use strict";

const view = document.getElementById("view");
const statusLine = document.getElementById("status");
const userSelect = document.getElementById("user");
const tokenInput = document.getElementById("token");

const session = {
  get token() { return sessionStorage.getItem("mwf.token"); },
  get user() { return sessionStorage.getItem("mwf.user"); },
  set(user, token) { sessionStorage.setItem("mwf.user", user); sessionStorage.setItem("mwf.token", token); },
};

function say(message, isError = false) {
  statusLine.textContent = message;
  statusLine.classList.toggle("error", isError);
}

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (options.body !== undefined && typeof options.body !== "string") {
    headers["Content-Type"] = "application/json";
    options = { ...options, body: JSON.stringify(options.body) };
  }
  const response = await fetch(path, { ...options, headers });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const reasons = body && body.reasons ? ` ${body.reasons.join("; ")}` : "";
    const errors = body && body.errors ? ` ${Object.entries(body.errors).map(([k, v]) => `${k}: ${v.join(", ")}`).join("; ")}` : "";
    throw new Error(body && body.detail ? `${body.detail}${errors}` : `${response.status} ${response.statusText}${reasons}`);
  }
  return { body, etag: response.headers.get("ETag") };
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, "");
    else node.setAttribute(key, value);
  }
  for (const child of children.flat(Infinity)) {
    if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// Each navigation renders only if no later one has started meanwhile (responses can arrive out of order).
let generation = 0;
function render(mine, ...nodes) {
  if (mine === generation) view.replaceChildren(...nodes);
}

const when = (iso) => iso ? new Date(iso).toLocaleString() : "";
const titleOf = (instance) => instance.data.name || instance.data.title || instance.processId;

// Sign-in: the demo users where the host offers them (Development), else a pasted token.
async function setUpSignIn() {
  try {
    const users = await (await fetch("/api/demo/users")).json();
    for (const user of users) {
      userSelect.append(el("option", { value: user.userId, selected: user.userId === session.user }, `${user.userId} (${user.roles.join(", ")})`));
    }
  } catch {
    userSelect.hidden = true;
    document.querySelector("label[for=user]").hidden = true;
  }
  document.getElementById("signin").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      if (tokenInput.value.trim()) {
        session.set("token", tokenInput.value.trim());
      } else {
        const { body } = await api("/api/demo/token", { method: "POST", body: { userId: userSelect.value } });
        session.set(body.userId, body.accessToken);
      }
      tokenInput.value = "";
      say(`Signed in as ${session.user}.`);
      route();
    } catch (error) {
      say(error.message, true);
    }
  });
}

async function board(mine) {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const { body: processes } = await api("/api/processes");
  const ids = [...new Set(processes.map((p) => p.id))];
  const query = new URLSearchParams({ take: "200" });
  if (params.get("process")) query.set("process", params.get("process"));
  if (params.get("mine") === "1") query.set("waitingOnMe", "true");
  if (params.get("overdue") === "1") query.set("overdue", "true");
  const { body: page } = await api(`/api/instances?${query}`);

  const filter = (key, value) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value); else next.delete(key);
    location.hash = `#/?${next}`;
  };
  const processSelect = el("select", { id: "process-filter", onchange: (e) => filter("process", e.target.value) },
    el("option", { value: "" }, "All processes"),
    ids.map((id) => el("option", { value: id, selected: params.get("process") === id }, id)));
  const filters = el("div", { class: "filters" },
    el("label", { for: "process-filter" }, "Process"), processSelect,
    el("label", {}, el("input", { type: "checkbox", id: "mine", checked: params.get("mine") === "1", onchange: (e) => filter("mine", e.target.checked ? "1" : "") }), " Waiting on me"),
    el("label", {}, el("input", { type: "checkbox", id: "overdue", checked: params.get("overdue") === "1", onchange: (e) => filter("overdue", e.target.checked ? "1" : "") }), " Overdue"),
    el("span", {}, `${page.total} instance${page.total === 1 ? "" : "s"}`));

  const byState = new Map();
  for (const instance of page.items) {
    if (!byState.has(instance.state)) byState.set(instance.state, []);
    byState.get(instance.state).push(instance);
  }
  const now = Date.now();
  const columns = [...byState.entries()].map(([state, items]) =>
    el("section", { class: "column", "aria-label": state, "data-state": state },
      el("h2", {}, `${state} (${items.length})`),
      items.map((i) => el("a", { class: "card", href: `#/instances/${i.id}` },
        el("strong", {}, titleOf(i)),
        el("small", {}, `${i.processId} · v${i.version}`),
        i.dueAt ? el("small", { class: new Date(i.dueAt).getTime() < now ? "overdue" : "" }, ` · due ${when(i.dueAt)}`) : null))));
  render(mine, el("h1", {}, "Board"), filters,
    columns.length ? el("div", { class: "board" }, columns) : el("p", {}, "Nothing here yet."));
}

/**
 * Inputs for a trigger's arguments, from their schema in the definition: text, numbers, dates and
 * times, amounts with a currency, choices, yes/no, comma-separated lists and nested objects.
 * read() gives the arguments object (undefined when there are none) or throws naming the field.
 */
function argumentFields(fields, prefix, disabled) {
  if (!fields.length) return { node: null, read: () => undefined };
  const readers = [];
  const inputsFor = (field, path) => {
    const id = `arg-${prefix}-${path.join("-")}`;
    const label = `${field.title || path.join(".")}${field.required ? " *" : ""}`;
    const attributes = { id, name: path.join("."), disabled, required: field.required || undefined };
    let input, value;
    switch (field.type) {
      case "object": {
        const inner = (field.fields || []).map((f) => inputsFor(f, [...path, f.name]));
        const group = el("fieldset", { class: "args" }, el("legend", {}, label), inner.map((i) => i.node));
        return { node: group, value: () => {
          const result = {};
          for (const [i, f] of (field.fields || []).entries()) {
            const v = inner[i].value();
            if (v !== undefined) result[f.name] = v;
          }
          return Object.keys(result).length ? result : undefined;
        } };
      }
      case "money": {
        const amount = el("input", { ...attributes, type: "number", step: "any", min: field.minimum });
        const currency = el("input", { id: `${id}-currency`, name: `${path.join(".")}.currency`, disabled, value: "EUR", maxlength: "3", size: "4", "aria-label": `${label} currency` });
        return { node: el("label", { for: id }, label, el("span", { class: "money" }, amount, currency)),
          value: () => amount.value === "" ? undefined : { amount: Number(amount.value), currency: currency.value.trim().toUpperCase() } };
      }
      case "enum":
        input = el("select", attributes, field.required ? null : el("option", { value: "" }, "—"), (field.values || []).map((v) => el("option", { value: v }, v)));
        value = () => input.value || undefined;
        break;
      case "boolean":
        input = el("input", { ...attributes, type: "checkbox" });
        value = () => input.checked;
        break;
      case "number":
        input = el("input", { ...attributes, type: "number", step: "any", min: field.minimum, max: field.maximum });
        value = () => input.value === "" ? undefined : Number(input.value);
        break;
      case "date":
        input = el("input", { ...attributes, type: "date" });
        value = () => input.value || undefined;
        break;
      case "datetime":
        input = el("input", { ...attributes, type: "datetime-local" });
        value = () => input.value ? new Date(input.value).toISOString() : undefined;
        break;
      case "list":
        input = el("input", { ...attributes, placeholder: "comma-separated" });
        value = () => {
          const items = input.value.split(",").map((v) => v.trim()).filter(Boolean);
          const number = field.items && field.items.type === "number";
          return items.length ? items.map((v) => number ? Number(v) : v) : undefined;
        };
        break;
      default:
        input = el("input", { ...attributes, placeholder: field.type === "duration" ? "e.g. 3d or 48h" : undefined });
        value = () => input.value.trim() || undefined;
    }
    return { node: el("label", { for: id }, label, input), value };
  };
  for (const field of fields) readers.push([field, inputsFor(field, [field.name])]);
  return {
    node: el("div", { class: "args" }, readers.map(([, r]) => r.node)),
    read: () => {
      const result = {};
      for (const [field, r] of readers) {
        const v = r.value();
        if (v === undefined && field.required) throw new Error(`${field.title || field.name} is required.`);
        if (v !== undefined) result[field.name] = v;
      }
      return Object.keys(result).length ? result : undefined;
    },
  };
}

async function instancePage(id, mine = ++generation) {
  const [{ body: instance, etag }, { body: actions }, { body: history }] = await Promise.all([
    api(`/api/instances/${id}`), api(`/api/instances/${id}/actions`), api(`/api/instances/${id}/history`)]);
  const { body: definition } = await api(`/api/processes/${instance.processId}/versions/${instance.definitionVersion}`);

  const comment = el("textarea", { id: "comment", name: "comment" });
  const act = async (label, path, body) => {
    try {
      await api(path, { method: "POST", body, headers: { "If-Match": etag } });
      say(`${label}: done.`);
      instancePage(id);
    } catch (error) {
      say(`${label}: ${error.message}`, true);
    }
  };

  const actionItems = actions.map((action) => {
    let control;
    if (action.trigger === "Review") {
      const decision = el("select", { "aria-label": "Review decision" },
        ["approved", "approved-with-changes", "changes-required", "rejected", "not-relevant"].map((d) => el("option", { value: d }, d)));
      control = [decision, el("button", { type: "button", disabled: !action.allowed,
        onclick: () => act("Review", `/api/instances/${id}/decisions`, { decision: decision.value, comment: comment.value || undefined }) }, action.title)];
    } else if (action.trigger.includes(":")) {
      const [verb, item] = action.trigger.split(":");
      control = el("button", { type: "button", class: "secondary", disabled: !action.allowed,
        onclick: () => act(action.title, `/api/instances/${id}/checklist/${item}`, { action: verb, reason: comment.value || undefined }) }, action.title);
    } else {
      const trigger = (definition.triggers || []).find((t) => t.name === action.trigger);
      const form = argumentFields(trigger ? trigger.arguments || [] : [], action.trigger, !action.allowed);
      control = [form.node, el("button", { type: "button", disabled: !action.allowed,
        onclick: () => {
          let args;
          try {
            args = form.read();
          } catch (error) {
            say(`${action.title}: ${error.message}`, true);
            return;
          }
          act(action.title, `/api/instances/${id}/triggers/${action.trigger}`, { arguments: args, comment: comment.value || undefined });
        } }, action.title)];
    }
    return el("div", { class: "action", "data-trigger": action.trigger },
      control,
      action.commentRequired ? el("small", {}, "needs a comment") : null,
      action.reasons.length ? el("ul", { class: "reasons" }, action.reasons.map((r) => el("li", {}, r))) : null);
  });

  const checklist = instance.checklist.length ? el("section", { class: "panel" }, el("h2", {}, "Checklist"),
    el("table", {}, el("thead", {}, el("tr", {}, ["Item", "Status", "Owner", "Due", "By"].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, instance.checklist.map((c) => {
        const item = (definition.checklist || []).find((i) => i.id === c.itemId) || {};
        return el("tr", {}, el("td", {}, item.title || c.itemId), el("td", {}, c.status), el("td", {}, item.owner || ""), el("td", {}, when(c.dueAt)), el("td", {}, c.by || ""));
      })))) : null;

  const drawn = processDiagram.draw(definition, instance.state);
  const diagram = el("section", { class: "panel process" }, el("h2", {}, `Process: ${definition.title || definition.id}`),
    el("div", { class: "diagram-scroll" }, drawn.picture),
    drawn.notes.length ? el("ul", { class: "notes" }, drawn.notes.map((n) => el("li", {}, n))) : null,
    el("details", {}, el("summary", {}, "States and transitions as a list"),
      el("ul", {}, definition.states.map((s) => el("li", { "aria-current": s.name === instance.state ? "step" : undefined },
        el("strong", {}, s.title || s.name), s.parent ? ` (in ${s.parent})` : "", ": ",
        (s.transitions || []).filter((t) => t.to).map((t) => `${t.trigger} → ${t.to}`).join(", ") || (s.terminal ? "ends the process" : s.approval ? "decided by its approvers" : "—"))))));

  render(mine,
    el("p", {}, el("a", { href: "#/" }, "← Board")),
    el("h1", {}, titleOf(instance), " ", el("span", { class: "badge", id: "state" }, instance.state)),
    el("div", { class: "grid" },
      el("div", {},
        el("section", { class: "panel" }, el("h2", {}, "What you can do"),
          el("label", { for: "comment" }, "Comment"), comment,
          el("div", { class: "actions" }, actionItems.length ? actionItems : el("p", {}, "Nothing to do here."))),
        checklist,
        el("section", { class: "panel" }, el("h2", {}, "History"),
          el("ol", { class: "history" }, history.slice().reverse().map((h) => el("li", {},
            el("time", { datetime: h.at }, when(h.at)), " ",
            el("strong", {}, h.actor), h.onBehalfOf ? ` on behalf of ${h.onBehalfOf}` : "", ": ",
            h.decision || h.trigger || h.kind, h.fromState !== h.toState ? ` (${h.fromState} → ${h.toState})` : "",
            h.comment ? el("div", {}, h.comment) : null))))),
      el("div", {},
        el("section", { class: "panel" }, el("h2", {}, "Details"),
          el("dl", { class: "data" },
            el("dt", {}, "Process"), el("dd", {}, `${instance.processId} v${instance.definitionVersion}`),
            el("dt", {}, "Version"), el("dd", {}, instance.version),
            el("dt", {}, "Round"), el("dd", {}, instance.round),
            instance.dueAt ? [el("dt", {}, "Due"), el("dd", {}, when(instance.dueAt))] : null,
            instance.awaitingUsers.length + instance.awaitingRoles.length ? [el("dt", {}, "Waiting on"), el("dd", {}, [...instance.awaitingUsers, ...instance.awaitingRoles].join(", "))] : null,
            Object.entries(instance.data).map(([k, v]) => [el("dt", {}, k), el("dd", {}, typeof v === "object" ? JSON.stringify(v) : v)]))),
        instance.links.length ? el("section", { class: "panel" }, el("h2", {}, "Linked"),
          el("ul", {}, instance.links.map((l) => el("li", {}, `${l.relation}: `, el("a", { href: `#/instances/${l.instanceId}` }, l.instanceId))))) : null)),
    diagram);
}

function newCampaign(mine) {
  const form = el("form", { class: "start", "aria-label": "New campaign" },
    el("label", {}, "Name", el("input", { name: "name", required: true })),
    el("label", {}, "Owner (user id)", el("input", { name: "owner", required: true, value: session.user || "" })),
    el("label", {}, "Budget", el("input", { name: "budget", type: "number", min: "0", required: true, value: "10000" })),
    el("label", {}, "Currency", el("input", { name: "currency", required: true, value: "EUR", maxlength: "3" })),
    el("label", {}, "Regions (comma-separated: EU, UK, US, CA, APAC, LATAM, MEA)", el("input", { name: "regions", value: "US" })),
    el("label", {}, "Channels (email, sms, social, search, display, events, print)", el("input", { name: "channels", value: "social" })),
    el("button", { type: "submit" }, "Start campaign"));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const f = new FormData(form);
    const list = (name) => f.get(name).split(",").map((s) => s.trim()).filter(Boolean);
    try {
      const { body } = await api("/api/instances", { method: "POST", body: {
        processId: "campaign-approval",
        data: { name: f.get("name"), owner: f.get("owner"), budget: { amount: Number(f.get("budget")), currency: f.get("currency") }, regions: list("regions"), channels: list("channels") },
      } });
      say(`Started ${body.data.name}.`);
      location.hash = `#/instances/${body.id}`;
    } catch (error) {
      say(error.message, true);
    }
  });
  render(mine, el("h1", {}, "New campaign"), form);
}

// The analytics view: the figures a marketing-ops lead takes to a monthly review, drawn as SVG bar
// charts over the host's /api/analytics tables, each table also downloadable as CSV.
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

async function route() {
  const mine = ++generation;
  if (!session.token) {
    render(mine, el("h1", {}, "Sign in"), el("p", {}, "Choose a user (or paste a token) above and sign in."));
    return;
  }
  const hash = location.hash || "#/";
  try {
    if (hash.startsWith("#/instances/")) await instancePage(hash.slice("#/instances/".length), mine);
    else if (hash.startsWith("#/new")) newCampaign(mine);
    else if (hash.startsWith("#/analytics")) await analyticsPage(mine);
    else await board(mine);
    if (mine === generation) view.focus();
  } catch (error) {
    say(error.message, true);
  }
}

window.addEventListener("hashchange", route);
setUpSignIn().then(route);
