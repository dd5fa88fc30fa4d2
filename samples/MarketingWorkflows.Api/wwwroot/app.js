// The operator page: sign-in (and whom one acts for), a board per process in the process's own
// state order, the instance page, new campaigns, delegations, analytics and (for process admins) the
// studio. Plain JavaScript over the host's API; the token stays in this tab.
"use strict";

const view = document.getElementById("view");
const statusLine = document.getElementById("status");
const userSelect = document.getElementById("user");
const tokenInput = document.getElementById("token");
const signInForm = document.getElementById("signin");
const signedIn = document.getElementById("signed-in");
const actingSelect = document.getElementById("acting");

const session = {
  get token() { return sessionStorage.getItem("mwf.token"); },
  get user() { return sessionStorage.getItem("mwf.user"); },
  get roles() { return JSON.parse(sessionStorage.getItem("mwf.roles") || "[]"); },
  get onBehalfOf() { return sessionStorage.getItem("mwf.onBehalfOf") || ""; },
  set(user, token, roles) {
    sessionStorage.setItem("mwf.user", user);
    sessionStorage.setItem("mwf.token", token);
    sessionStorage.setItem("mwf.roles", JSON.stringify(roles || []));
    sessionStorage.removeItem("mwf.onBehalfOf");
  },
  actFor(user) { if (user) sessionStorage.setItem("mwf.onBehalfOf", user); else sessionStorage.removeItem("mwf.onBehalfOf"); },
  clear() { for (const key of ["mwf.user", "mwf.token", "mwf.roles", "mwf.onBehalfOf"]) sessionStorage.removeItem(key); },
};

function say(message, isError = false) {
  statusLine.textContent = message;
  statusLine.classList.toggle("error", isError);
}

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  if (session.onBehalfOf && !options.ownName) headers["X-On-Behalf-Of"] = session.onBehalfOf;
  if (options.body !== undefined && typeof options.body !== "string") {
    headers["Content-Type"] = "application/json";
    options = { ...options, body: JSON.stringify(options.body) };
  }
  const response = await fetch(path, { ...options, headers });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    const others = body && body.reasons ? body.reasons.filter((r) => r !== body.detail) : [];
    const reasons = others.length ? ` ${others.join("; ")}` : "";
    const errors = body && body.errors ? ` ${Object.entries(body.errors).map(([k, v]) => `${k}: ${v.join(", ")}`).join("; ")}` : "";
    throw new Error(body && body.detail ? `${body.detail}${errors}${reasons}` : `${response.status} ${response.statusText}${reasons}`);
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

// Each navigation renders only if no later one has started meanwhile (responses can arrive out of
// order), and a new user or a new "acting for" empties the view at once: nothing one person was
// shown stays on screen for the next.
let generation = 0;
function render(mine, ...nodes) {
  if (mine === generation) view.replaceChildren(...nodes.flat(Infinity).filter((n) => n !== null && n !== undefined));
}

function clearView() {
  generation++;
  view.replaceChildren();
}

// The latest version of each process, with its definition (states in order, titles, triggers).
async function definitions() {
  const { body: processes } = await api("/api/processes");
  const latest = new Map();
  for (const p of processes) if (!latest.has(p.id) || latest.get(p.id).version < p.version) latest.set(p.id, p);
  const loaded = await Promise.all([...latest.values()].map(async (p) => (await api(`/api/processes/${p.id}/versions/${p.version}`)).body));
  return new Map(loaded.map((d) => [d.id, d]));
}

// Sign-in: the demo users where the host offers them (Development), else a pasted token.
async function setUpSignIn() {
  try {
    const users = await (await fetch("/api/demo/users")).json();
    for (const user of users) userSelect.append(el("option", { value: user.userId }, `${user.userId} (${user.roles.join(", ")})`));
  } catch {
    userSelect.hidden = true;
    document.querySelector("label[for=user]").hidden = true;
  }
  signInForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      if (tokenInput.value.trim()) {
        const token = tokenInput.value.trim();
        const claims = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
        session.set(claims.sub || "token", token, [].concat(claims.role || []));
      } else {
        const { body } = await api("/api/demo/token", { method: "POST", body: { userId: userSelect.value } });
        session.set(body.userId, body.accessToken, body.roles);
      }
      tokenInput.value = "";
      clearView();
      await showAccount();
      say(`Signed in as ${session.user}.`);
      route();
    } catch (error) {
      say(error.message, true);
    }
  });
  document.getElementById("signout").addEventListener("click", () => {
    const who = session.user;
    session.clear();
    clearView();
    showAccount();
    say(`${who} signed out.`);
    route();
  });
  actingSelect.addEventListener("change", () => {
    session.actFor(actingSelect.value);
    clearView();
    say(actingSelect.value ? `${session.user} is acting for ${actingSelect.value}.` : `${session.user} is acting for themself.`);
    route();
  });
  await showAccount();
}

// Signed out: only the sign-in form. Signed in: who, their roles, whom they may act for, sign-out.
async function showAccount() {
  const user = session.user;
  signInForm.hidden = !!user;
  signedIn.hidden = !user;
  // The studio is for process admins only; for anyone else its link is not there.
  document.getElementById("nav-studio").hidden = !user || !session.roles.includes("process-admin");
  if (!user) return;
  document.getElementById("who").textContent = user;
  document.getElementById("who-roles").textContent = session.roles.length ? `(${session.roles.join(", ")})` : "";
  let received = [];
  try {
    received = (await api("/api/delegations", { ownName: true })).body.received.filter((d) => d.active);
  } catch {
    received = [];
  }
  const delegators = [...new Set(received.map((d) => d.delegator))];
  if (session.onBehalfOf && !delegators.includes(session.onBehalfOf)) session.actFor("");
  actingSelect.replaceChildren(el("option", { value: "" }, "myself"),
    ...delegators.map((d) => el("option", { value: d, selected: d === session.onBehalfOf }, d)));
  actingSelect.disabled = delegators.length === 0;
}

async function board(mine) {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  const defs = await definitions();
  const query = new URLSearchParams({ take: "200" });
  if (params.get("process")) query.set("process", params.get("process"));
  if (params.get("mine") === "1") query.set("waitingOnMe", "true");
  if (params.get("overdue") === "1") query.set("overdue", "true");
  const { body: page } = await api(`/api/instances?${query}`);
  const campaigns = await campaignsOf(page.items);

  const filter = (key, value) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value); else next.delete(key);
    location.hash = `#/?${next}`;
  };
  const processSelect = el("select", { id: "process-filter", onchange: (e) => filter("process", e.target.value) },
    el("option", { value: "" }, "All processes"),
    [...defs.values()].map((d) => el("option", { value: d.id, selected: params.get("process") === d.id }, d.title || d.id)));
  const filters = el("div", { class: "filters" },
    el("label", { for: "process-filter" }, "Process"), processSelect,
    el("label", {}, el("input", { type: "checkbox", id: "mine", checked: params.get("mine") === "1", onchange: (e) => filter("mine", e.target.checked ? "1" : "") }), " Waiting on me"),
    el("label", {}, el("input", { type: "checkbox", id: "overdue", checked: params.get("overdue") === "1", onchange: (e) => filter("overdue", e.target.checked ? "1" : "") }), " Overdue"),
    // Past the limit the host counts to, the total is a lower bound: "1000+ instances".
    el("span", { id: "instance-total" }, `${page.total}${page.totalIsExact === false ? "+" : ""} instance${page.total === 1 && page.totalIsExact !== false ? "" : "s"}`));

  const now = Date.now();
  const sections = [...defs.values()].map((definition) => {
    const items = page.items.filter((i) => i.processId === definition.id);
    if (!items.length) return null;
    // Columns in the order the definition lists its states; a group state is no column of its own.
    const groups = new Set(definition.states.filter((s) => s.parent).map((s) => s.parent));
    const columns = definition.states.filter((s) => !groups.has(s.name)).map((state) => {
      const here = items.filter((i) => i.state === state.name);
      if (!here.length) return null;
      return el("section", { class: "column", "aria-label": state.title || state.name, "data-state": state.name },
        el("h3", {}, `${state.title || state.name} (${here.length})`),
        here.map((i) => el("a", { class: "card", href: `#/instances/${i.id}` },
          el("strong", {}, format.name(i, campaigns, definition)),
          el("small", {}, `${definition.title || definition.id} · v${i.version}`),
          i.dueAt ? el("small", { class: new Date(i.dueAt).getTime() < now ? "overdue" : "" }, ` · due ${format.when(i.dueAt)}`) : null)));
    });
    return el("section", { class: "process-board", "data-process": definition.id, "aria-label": definition.title || definition.id },
      el("h2", {}, `${definition.title || definition.id} (${items.length})`),
      el("div", { class: "board" }, columns));
  }).filter(Boolean);
  render(mine, el("h1", {}, "Board"), filters, sections.length ? sections : el("p", {}, "Nothing here yet."));
}

// The campaigns the given instances belong to, by id: those among them, the rest fetched.
async function campaignsOf(instances) {
  const campaigns = new Map(instances.filter((i) => i.processId === "campaign-approval").map((i) => [i.id, i]));
  const missing = [...new Set(instances.map(format.campaignOf).filter((id) => id && !campaigns.has(id)))];
  await Promise.all(missing.slice(0, 50).map(async (id) => {
    try {
      campaigns.set(id, (await api(`/api/instances/${id}`)).body);
    } catch {
      // A campaign the caller cannot read leaves the card with its own name.
    }
  }));
  return campaigns;
}

function newCampaign(mine) {
  const form = el("form", { class: "start", "aria-label": "New campaign" },
    el("label", {}, "Name", el("input", { name: "name", required: true })),
    el("label", {}, "Owner (user id)", el("input", { name: "owner", required: true, value: session.onBehalfOf || session.user || "" })),
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

async function route() {
  const mine = ++generation;
  if (!session.token) {
    render(mine, el("h1", {}, "Signed out"), el("p", { class: "signed-out" }, "Nobody is signed in. Choose a user (or paste a token) above and sign in to see the board."));
    return;
  }
  const hash = location.hash || "#/";
  try {
    if (hash.startsWith("#/instances/")) await instancePage(hash.slice("#/instances/".length), mine);
    else if (hash.startsWith("#/new")) newCampaign(mine);
    else if (hash.startsWith("#/analytics")) await analyticsPage(mine);
    else if (hash.startsWith("#/delegations")) await delegationsPage(mine);
    else if (hash.startsWith("#/studio")) await studioPage(mine);
    else await board(mine);
    if (mine === generation) view.focus();
  } catch (error) {
    // A view that fails shows the failure in its place, never what was there before.
    render(mine, el("h1", {}, "Not available"), el("p", { class: "failed", role: "alert" }, error.message));
    if (mine === generation) view.focus();
  }
}

window.addEventListener("hashchange", route);
setUpSignIn().then(route);
