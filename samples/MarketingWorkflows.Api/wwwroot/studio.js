// The studio, for process admins: every process with its versions and the instances on each, a
// definition editor that the host validates as one types (each error at its line and column, the
// diagram redrawn from the answer), a dry run of steps with the engine's own rules, and saving a
// draft, publishing it, comparing versions and migrating running instances.
"use strict";

const studio = (() => {
  const state = { text: "", seq: 0, timer: null, errors: [], mermaid: null, validText: null, versions: new Map() };
  const STARTER = `id: expense-approval
version: 1
title: Expense approval
data:
  - { name: owner, type: string, required: true }
  - { name: amount, type: money, required: true }
triggers:
  - { name: Submit, roles: [marketer] }
  - { name: Approve, roles: [finance] }
states:
  - name: Draft
    initial: true
    transitions: [ { trigger: Submit, to: Review } ]
  - name: Review
    transitions: [ { trigger: Approve, to: Paid } ]
  - { name: Paid, terminal: true }
`;
  const STEPS = `# One step a line: Trigger by user (roles) [with {json}] [-- comment] [=> accepted | => refused code]
# or 'after 3d' (time passes), 'linked process in State', 'delegate user to user (roles)'.
Submit by ana (marketer) => accepted
Approve by ana (marketer) => refused forbidden
Approve by fiona (finance) => accepted
`;

  /** Calls the host without throwing: the status, the body (JSON when it is JSON) and whether it worked. */
  async function call(path, { method = "GET", body, contentType } = {}) {
    const headers = {};
    if (session.token) headers.Authorization = `Bearer ${session.token}`;
    if (body !== undefined) headers["Content-Type"] = contentType || "application/json";
    const response = await fetch(path, { method, headers, body: body === undefined || typeof body === "string" ? body : JSON.stringify(body) });
    const text = await response.text();
    let parsed = text;
    if ((response.headers.get("Content-Type") || "").includes("json") && text) parsed = JSON.parse(text);
    return { ok: response.ok, status: response.status, body: parsed };
  }

  /** A failed answer, in words: the problem's title, detail and errors. */
  function problem(answer, what) {
    const body = answer.body && typeof answer.body === "object" ? answer.body : {};
    const box = el("div", { class: "problem", role: "alert", "data-status": answer.status, "data-code": body.code || "" });
    box.append(el("strong", {}, `${what}: ${body.title || `${answer.status}`}`), body.detail ? el("p", {}, body.detail) : null);
    const errors = Array.isArray(body.errors) ? body.errors.map(describeError)
      : body.errors ? Object.entries(body.errors).map(([k, v]) => `${k}: ${[].concat(v).join("; ")}`) : [];
    const reasons = [...(body.reasons || []), ...(body.problems || [])].map((r) => typeof r === "string" ? r : JSON.stringify(r));
    if (errors.length || reasons.length) box.append(el("ul", {}, [...errors, ...reasons].map((e) => el("li", {}, e))));
    return box;
  }

  const describeError = (e) => `${e.line ? `line ${e.line}, column ${e.column}: ` : ""}${e.code ? e.code + " " : ""}${e.message}${e.fix ? " " + e.fix : ""}`;

  /** The process id the text declares (YAML or JSON), or null. */
  const declaredId = (text) => (/^\s*"?id"?\s*:\s*["']?([A-Za-z0-9._-]+)/m.exec(text) || [])[1] || null;

  /** A definition in JSON, written as YAML for the editor. */
  function toYaml(value, indent = "") {
    const scalar = (v) => typeof v === "string" ? (/^[A-Za-z0-9_][A-Za-z0-9 _./()-]*$/.test(v) && !/^(true|false|null|yes|no|on|off|\d.*)$/i.test(v) && !v.endsWith(" ") ? v : JSON.stringify(v)) : JSON.stringify(v);
    const simple = (v) => v === null || typeof v !== "object" || (Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0);
    if (simple(value)) return `${Array.isArray(value) ? "[]" : value && typeof value === "object" ? "{}" : scalar(value)}\n`;
    if (Array.isArray(value)) {
      return value.map((item) => {
        if (simple(item)) return `${indent}- ${toYaml(item)}`;
        const inner = toYaml(item, indent + "  ");
        return `${indent}- ${inner.slice(indent.length + 2)}`;
      }).join("");
    }
    return Object.entries(value).map(([k, v]) => simple(v) ? `${indent}${k}: ${toYaml(v)}` : `${indent}${k}:\n${toYaml(v, indent + "  ")}`).join("");
  }

  /** A Mermaid state diagram, as the host draws it, read back into the states and arrows the page's diagram draws. */
  function fromMermaid(text) {
    const states = new Map();
    const titles = new Map();
    const notes = [];
    const ensure = (id, parent) => {
      if (!states.has(id)) states.set(id, { name: id, title: titles.get(id), transitions: [], parent: parent || undefined });
      const s = states.get(id);
      if (parent && !s.parent) s.parent = parent;
      return s;
    };
    const groups = [];
    let note = null;
    for (const raw of text.split("\n")) {
      const line = raw.trim();
      let m;
      if (note) {
        if (line === "end note") { notes.push(`${titles.get(note.of) || note.of}: ${note.lines.join(" · ")}`); note = null; } else note.lines.push(line);
      } else if ((m = /^note (?:right|left) of (\S+)$/.exec(line))) note = { of: m[1], lines: [] };
      else if ((m = /^state "(.*)" as (\S+)$/.exec(line))) { titles.set(m[2], m[1]); if (states.has(m[2])) states.get(m[2]).title = m[1]; }
      else if ((m = /^state (\S+) <<choice>>$/.exec(line))) ensure(m[1], groups[groups.length - 1]).title = "◇ choice";
      else if ((m = /^state (\S+) \{$/.exec(line))) { ensure(m[1], groups[groups.length - 1]); groups.push(m[1]); }
      else if (line === "}") groups.pop();
      else if ((m = /^(\S+) --> (\S+)(?: : (.*))?$/.exec(line))) {
        const group = groups[groups.length - 1];
        if (m[1] === "[*]") {
          ensure(m[2], group);
          if (group) states.get(group).initialChild = m[2]; else states.get(m[2]).initial = true;
        } else if (m[2] === "[*]") ensure(m[1], group).terminal = true;
        else { ensure(m[2]); ensure(m[1]).transitions.push({ trigger: m[3] || "", to: m[2] }); }
      } else if (/^[A-Za-z0-9_]+$/.test(line) && line !== "stateDiagram-v2") ensure(line, groups[groups.length - 1]);
    }
    const parents = new Set([...states.values()].map((s) => s.parent).filter(Boolean));
    for (const s of states.values()) if (!s.transitions.length && !parents.has(s.name)) s.terminal = true;
    return { definition: { states: [...states.values()] }, notes };
  }

  // ---- The view ----

  let view$ = null;

  /** A click handler that shows a failure (the host unreachable, an answer that is not JSON) instead of dropping it. */
  const guard = (action) => () => Promise.resolve().then(action).catch((error) =>
    view$.answer.replaceChildren(el("div", { class: "problem", role: "alert" }, `Something went wrong: ${error.message}`)));

  async function page(mine) {
    if (!session.roles.includes("process-admin")) {
      render(mine, el("h1", {}, "Studio"), el("p", { class: "failed", role: "alert" }, "The studio is for process admins: sign in as a user with the role process-admin (the demo user pia)."));
      return;
    }
    const list = el("section", { class: "panel studio-processes", "aria-label": "Processes" }, el("h2", {}, "Processes"), el("p", {}, "Loading…"));
    const gutter = el("pre", { class: "gutter", "aria-hidden": "true" });
    const editor = el("textarea", { id: "studio-editor", class: "editor", spellcheck: "false", wrap: "off", "aria-label": "Definition (YAML)", "aria-describedby": "studio-check" });
    editor.value = state.text || STARTER;
    const check = el("p", { id: "studio-check", class: "check", role: "status" });
    const errors = el("ol", { class: "studio-errors", "aria-label": "Errors" });
    const answer = el("div", { class: "studio-answer" });
    const diagram = el("section", { class: "panel studio-diagram", "aria-label": "Diagram" }, el("h2", {}, "Diagram"), el("div", { class: "diagram-scroll" }));
    const actions = el("div", { class: "studio-actions" },
      el("button", { type: "button", onclick: guard(saveDraft) }, "Save draft"),
      el("button", { type: "button", onclick: guard(publish) }, "Publish"),
      el("button", { type: "button", class: "secondary", onclick: guard(diffForm) }, "Diff"),
      el("button", { type: "button", class: "secondary", onclick: guard(migrateForm) }, "Migrate"));
    const editorPanel = el("section", { class: "panel studio-editor", "aria-label": "Editor" },
      el("h2", {}, "Definition"), el("div", { class: "editor-box" }, gutter, editor), check, errors, actions, answer);
    const dryRun = dryRunPanel();
    view$ = { list, gutter, editor, check, errors, answer, diagram, dryRun };
    editor.addEventListener("input", () => { state.text = editor.value; numberLines(); schedule(); });
    editor.addEventListener("scroll", () => { gutter.scrollTop = editor.scrollTop; });
    render(mine, el("h1", {}, "Studio"), el("div", { class: "studio" }, list, el("div", { class: "studio-main" }, editorPanel, diagram)), dryRun.panel);
    state.text = editor.value;
    numberLines();
    validate();
    await processes();
  }

  async function processes() {
    const answer = await call("/api/processes");
    if (!answer.ok) { view$.list.replaceChildren(el("h2", {}, "Processes"), problem(answer, "The process list")); return; }
    const byId = new Map();
    for (const p of answer.body) {
      const entry = byId.get(p.id) || { id: p.id, title: p.title, versions: new Map() };
      if (Array.isArray(p.versions)) for (const v of p.versions) entry.versions.set(v.version, v.instances);
      if (!entry.versions.has(p.version)) entry.versions.set(p.version, undefined);
      if (!entry.latest || entry.latest < p.version) { entry.latest = p.version; entry.title = p.title || entry.title; }
      byId.set(p.id, entry);
    }
    state.versions = byId;
    const rows = [...byId.values()].map((p) => el("li", { "data-process": p.id },
      el("strong", {}, p.title || p.id), el("small", {}, ` ${p.id}`),
      el("ul", { class: "versions" }, [...p.versions.entries()].sort((a, b) => a[0] - b[0]).map(([v, n]) =>
        el("li", { "data-version": v }, `v${v}`, el("span", { class: "instances" }, n === undefined ? "" : ` · ${n} instance${n === 1 ? "" : "s"} running`)))),
      el("button", { type: "button", class: "secondary", onclick: guard(() => open(p.id, p.latest)) }, `Edit ${p.id}`)));
    view$.list.replaceChildren(el("h2", {}, "Processes"), el("ul", { class: "process-list" }, rows),
      el("button", { type: "button", class: "secondary", onclick: () => load(STARTER) }, "New definition"));
  }

  // Edits the saved draft when there is one, else the latest version.
  async function open(id, version) {
    const draft = await call(`/api/processes/${encodeURIComponent(id)}/draft`);
    if (draft.ok && typeof draft.body === "string") { load(draft.body); say(`Editing the draft of ${id}.`); return; }
    const latest = await call(`/api/processes/${encodeURIComponent(id)}/versions/${version}`);
    if (!latest.ok) { view$.answer.replaceChildren(problem(latest, `Reading ${id} v${version}`)); return; }
    load(toYaml(latest.body));
    say(`Editing ${id} v${version}.`);
  }

  function load(text) {
    // What was shown for the previous text (a dry run, a draft's answer) does not belong to this one.
    view$.answer.replaceChildren();
    view$.dryRun.panel.querySelector(".dry-run-result").replaceChildren();
    view$.editor.value = state.text = text;
    view$.editor.scrollTop = 0;
    numberLines();
    validate();
  }

  function numberLines() {
    const count = view$.editor.value.split("\n").length;
    const bad = new Map();
    for (const e of state.errors) if (e.line) bad.set(e.line, [...(bad.get(e.line) || []), e]);
    view$.gutter.replaceChildren(...Array.from({ length: count }, (_, i) => {
      const here = bad.get(i + 1);
      return el("span", { class: here ? "line error" : "line", "data-line": i + 1, title: here ? here.map(describeError).join("\n") : undefined }, String(i + 1));
    }));
    view$.gutter.scrollTop = view$.editor.scrollTop;
  }

  function schedule() {
    clearTimeout(state.timer);
    state.timer = setTimeout(validate, 350);
  }

  async function validate() {
    const mine = ++state.seq;
    const text = view$.editor.value;
    if (!text.trim()) { showCheck({ valid: false, errors: [], mermaid: null }, "Write a definition to check it."); return; }
    let answer;
    try {
      answer = await call("/api/processes/validate", { method: "POST", body: text, contentType: "application/yaml" });
    } catch (error) {
      if (mine === state.seq) view$.check.textContent = `Not checked: ${error.message}`;
      return;
    }
    if (mine !== state.seq) return;
    if (!answer.ok) { view$.check.replaceChildren(problem(answer, "Checking the definition")); return; }
    showCheck(answer.body);
  }

  function showCheck(result, message) {
    state.errors = result.errors || [];
    view$.editor.classList.toggle("invalid", !result.valid);
    view$.check.className = result.valid ? "check ok" : "check bad";
    view$.check.textContent = message || (result.valid ? "Valid." : `${state.errors.length} error${state.errors.length === 1 ? "" : "s"}.`);
    view$.errors.replaceChildren(...state.errors.map((e) => el("li", { "data-line": e.line, "data-column": e.column, "data-code": e.code },
      el("button", { type: "button", class: "link", onclick: () => caret(e.line, e.column) }, e.line ? `Line ${e.line}, column ${e.column}` : "Definition"),
      ` ${e.code}: `, el("span", { class: "message" }, e.message), e.fix ? el("span", { class: "fix" }, ` Fix: ${e.fix}`) : null,
      e.path ? el("small", {}, ` (${e.path})`) : null)));
    numberLines();
    if (result.valid) { state.validText = view$.editor.value; drawDiagram(result.mermaid, false); } else if (state.mermaid) drawDiagram(state.mermaid, true);
  }

  function caret(line, column) {
    const lines = view$.editor.value.split("\n");
    let offset = 0;
    for (let i = 0; i < Math.min(line - 1, lines.length); i++) offset += lines[i].length + 1;
    offset += Math.max(0, Math.min((column || 1) - 1, (lines[line - 1] || "").length));
    view$.editor.focus();
    view$.editor.setSelectionRange(offset, offset);
    const height = parseFloat(getComputedStyle(view$.editor).lineHeight) || 20;
    view$.editor.scrollTop = Math.max(0, (line - 4) * height);
  }

  function drawDiagram(mermaid, stale) {
    state.mermaid = mermaid;
    const { definition, notes } = fromMermaid(mermaid);
    const box = view$.diagram.querySelector(".diagram-scroll");
    if (!definition.states.length) { box.replaceChildren(el("p", {}, "No states to draw.")); return; }
    definition.title = declaredId(state.validText || "") || "the definition";
    const drawn = processDiagram.draw(definition, null);
    view$.diagram.classList.toggle("stale", stale);
    box.replaceChildren(...[stale ? el("p", { class: "stale-note" }, "The text has errors: this is the diagram of the last valid text.") : null,
      drawn.picture, notes.length || drawn.notes.length ? el("ul", { class: "notes" }, [...drawn.notes, ...notes].map((n) => el("li", {}, n))) : null,
      el("details", {}, el("summary", {}, "Mermaid text"), el("pre", { class: "mermaid-text" }, mermaid))].filter(Boolean));
  }

  // ---- Dry run ----

  function dryRunPanel() {
    const steps = el("textarea", { id: "studio-steps", class: "editor steps", spellcheck: "false", rows: "8", "aria-label": "Steps" });
    steps.value = STEPS;
    const data = el("textarea", { id: "studio-data", class: "editor", spellcheck: "false", rows: "4", "aria-label": "Data (JSON)" });
    data.value = '{ "owner": "ana", "amount": { "amount": 120, "currency": "EUR" } }';
    const now = el("input", { id: "studio-now", type: "datetime-local", "aria-label": "Starts at (optional)" });
    const out = el("div", { class: "dry-run-result" });
    const run = async () => {
      let parsed;
      try {
        parsed = data.value.trim() ? JSON.parse(data.value) : {};
      } catch (error) {
        out.replaceChildren(el("div", { class: "problem", role: "alert" }, `The data is not JSON: ${error.message}`));
        return;
      }
      const body = { definition: view$.editor.value, steps: steps.value, data: parsed };
      if (now.value) body.now = new Date(now.value).toISOString();
      const answer = await call("/api/processes/dry-run", { method: "POST", body });
      out.replaceChildren(answer.ok ? dryRunReport(answer.body) : problem(answer, "The dry run"));
    };
    const panel = el("section", { class: "panel studio-dry-run", "aria-label": "Dry run" }, el("h2", {}, "Dry run"),
      el("p", { class: "hint" }, "Each step is decided by the engine's own rules against the text in the editor; nothing is stored."),
      el("div", { class: "dry-run-inputs" },
        el("label", { for: "studio-steps" }, "Steps", steps),
        el("div", {}, el("label", { for: "studio-data" }, "Data (JSON)", data), el("label", { for: "studio-now" }, "Starts at (optional)", now))),
      el("button", { type: "button", onclick: () => run().catch((e) => out.replaceChildren(el("div", { class: "problem", role: "alert" }, e.message))) }, "Run dry run"),
      out);
    return { panel, steps, data };
  }

  function dryRunReport(report) {
    const rows = report.steps.map((s) => el("tr", { "data-line": s.line, class: s.metExpectation ? (s.accepted ? "accepted" : "refused") : "unmet" },
      el("td", {}, String(s.line)), el("td", {}, el("code", {}, s.text)),
      el("td", {}, s.from === s.to ? s.from : `${s.from} → ${s.to}`),
      el("td", { class: "outcome" }, s.accepted ? "accepted" : `refused (${s.code})`),
      el("td", { class: "expectation" }, s.expected ? `${s.metExpectation ? "✓" : "✗"} expected ${s.expected}` : ""),
      el("td", {}, s.note), el("td", {}, format.when(s.at))));
    return el("div", {},
      el("p", { class: "summary" }, `${report.processId} v${report.version}: ${report.initialState} → `, el("strong", {}, report.finalState),
        report.finished ? " (finished)" : "",
        `. Steps: ${report.accepted} accepted, ${report.refused} refused; expectations: ${report.expectationsMet} met, ${report.expectationsNotMet} not met. `,
        `Clock: ${format.when(report.startedAt)} → ${format.when(report.endedAt)}.`),
      el("div", { class: "scroll" }, el("table", { class: "dry-run-steps" },
        el("thead", {}, el("tr", {}, ["Line", "Step", "State", "Outcome", "Expectation", "What happened", "At"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, rows))));
  }

  // ---- Drafts, publishing, diff and migration (the versions and migrations operations) ----

  function currentId() {
    const id = declaredId(view$.editor.value);
    if (!id) view$.answer.replaceChildren(el("div", { class: "problem", role: "alert" }, "The text declares no process id ('id: ...'): give it one first."));
    return id;
  }

  async function saveDraft() {
    const id = currentId();
    if (!id) return;
    const answer = await call(`/api/processes/${encodeURIComponent(id)}/draft`, { method: "PUT", body: view$.editor.value, contentType: "application/yaml" });
    view$.answer.replaceChildren(answer.ok
      ? el("p", { class: "done", role: "status" }, `Draft of ${answer.body.processId} saved ${format.when(answer.body.savedAt)}`,
        answer.body.errors && answer.body.errors.length ? ` with ${answer.body.errors.length} error${answer.body.errors.length === 1 ? "" : "s"} (a draft may be invalid; publishing needs it valid).` : ".")
      : problem(answer, "Saving the draft"));
  }

  async function publish() {
    const id = currentId();
    if (!id) return;
    const answer = await call(`/api/processes/${encodeURIComponent(id)}/draft/publish`, { method: "POST" });
    if (!answer.ok) { view$.answer.replaceChildren(problem(answer, "Publishing the draft")); return; }
    view$.answer.replaceChildren(el("p", { class: "done", role: "status" }, `Published ${answer.body.id} v${answer.body.version}. Migrate running instances to it with Migrate.`));
    await processes();
  }

  function versionOptions(id, extra = []) {
    const versions = [...((state.versions.get(id) || { versions: new Map() }).versions.keys())].sort((a, b) => a - b);
    return [...versions.map((v) => ({ value: String(v), label: `v${v}` })), ...extra];
  }

  function diffForm() {
    const id = currentId();
    if (!id) return;
    const options = versionOptions(id, [{ value: "draft", label: "draft" }]);
    const from = el("select", { id: "diff-from" }, options.map((o, i) => el("option", { value: o.value, selected: i === Math.max(0, options.length - 3) }, o.label)));
    const to = el("select", { id: "diff-to" }, options.map((o, i) => el("option", { value: o.value, selected: i === options.length - 1 }, o.label)));
    const out = el("div", { class: "diff-result" });
    const form = el("form", { class: "filters", "aria-label": "Diff" },
      el("label", { for: "diff-from" }, "From"), from, el("label", { for: "diff-to" }, "To"), to, el("button", { type: "submit" }, "Compare"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      guard(async () => {
        const answer = await call(`/api/processes/${encodeURIComponent(id)}/diff?${new URLSearchParams({ from: from.value, to: to.value })}`);
        out.replaceChildren(answer.ok ? diffView(answer.body) : problem(answer, "Comparing versions"));
      })();
    });
    view$.answer.replaceChildren(el("section", { class: "panel studio-diff", "aria-label": "Diff" }, el("h3", {}, `Compare versions of ${id}`), form, out));
  }

  function diffView(diff) {
    const changes = diff.changes || [];
    if (!changes.length) return el("p", {}, `v${diff.from} and ${diff.to === "draft" ? "the draft" : `v${diff.to}`} define the same process.`);
    const areas = new Map();
    for (const c of changes) areas.set(c.area, [...(areas.get(c.area) || []), c]);
    return el("div", {}, [...areas.entries()].map(([area, list]) => el("section", { class: "diff-area", "data-area": area },
      el("h4", {}, `${area} (${list.length})`),
      el("ul", {}, list.map((c) => el("li", { class: `change ${String(c.kind).toLowerCase()}`, "data-path": c.path },
        el("strong", {}, `${c.kind} `), el("code", {}, c.path),
        c.before !== null && c.before !== undefined || c.after !== null && c.after !== undefined ? ` ${c.before ?? "—"} → ${c.after ?? "—"}` : "",
        c.description ? el("small", {}, ` ${c.description}`) : null))))),
    diff.text ? el("details", {}, el("summary", {}, "As text"), el("pre", {}, diff.text)) : null);
  }

  async function migrateForm() {
    const id = currentId();
    if (!id) return;
    const options = versionOptions(id);
    const from = el("select", { id: "migrate-from" }, options.map((o, i) => el("option", { value: o.value, selected: i === Math.max(0, options.length - 2) }, o.label)));
    const to = el("select", { id: "migrate-to" }, options.map((o, i) => el("option", { value: o.value, selected: i === options.length - 1 }, o.label)));
    const mapping = el("fieldset", { class: "args mapping" }, el("legend", {}, "States: old → new"));
    const defaults = el("textarea", { id: "migrate-defaults", class: "editor", rows: "3", spellcheck: "false", "aria-label": "Data defaults (JSON)" }, "{}");
    const out = el("div", { class: "migrate-result" });
    const apply = el("button", { type: "button", disabled: true }, "Apply migration");
    let tried = null;
    const statesOf = async (version) => {
      const answer = await call(`/api/processes/${encodeURIComponent(id)}/versions/${version}`);
      if (!answer.ok) return [];
      // Running instances are in leaf states that are not final: a group of states is no place to
      // map to or from, and a migration moves running instances, it does not end them.
      const groups = new Set(answer.body.states.map((s) => s.parent).filter(Boolean));
      return answer.body.states.filter((s) => !s.terminal && !groups.has(s.name)).map((s) => s.name);
    };
    const remap = async () => {
      tried = null;
      apply.disabled = true;
      const [old, next] = await Promise.all([statesOf(from.value), statesOf(to.value)]);
      mapping.replaceChildren(el("legend", {}, "States: old → new"), ...old.map((s) => el("label", {}, s,
        el("select", { "data-from": s }, el("option", { value: "" }, "(not mapped)"), next.map((n) => el("option", { value: n, selected: n === s }, n))))));
    };
    const plan = (dryRun) => {
      const states = Object.fromEntries([...mapping.querySelectorAll("select")].filter((s) => s.value).map((s) => [s.dataset.from, s.value]));
      return { fromVersion: Number(from.value), toVersion: Number(to.value), states, dataDefaults: JSON.parse(defaults.value || "{}"), dryRun };
    };
    const send = async (dryRun) => {
      let body;
      try {
        body = plan(dryRun);
      } catch (error) {
        out.replaceChildren(el("div", { class: "problem", role: "alert" }, `The data defaults are not JSON: ${error.message}`));
        return;
      }
      const answer = await call(`/api/processes/${encodeURIComponent(id)}/migrations`, { method: "POST", body });
      out.replaceChildren(answer.ok ? migrationView(answer.body, dryRun) : problem(answer, dryRun ? "The migration's dry run" : "The migration"));
      const key = JSON.stringify({ ...body, dryRun: true });
      if (dryRun) { tried = answer.ok ? key : null; apply.disabled = !answer.ok; } else { tried = null; apply.disabled = true; if (answer.ok) await processes(); }
    };
    from.addEventListener("change", guard(remap));
    to.addEventListener("change", guard(remap));
    mapping.addEventListener("change", () => { tried = null; apply.disabled = true; });
    defaults.addEventListener("input", () => { tried = null; apply.disabled = true; });
    apply.addEventListener("click", guard(async () => { if (tried) await send(false); }));
    view$.answer.replaceChildren(el("section", { class: "panel studio-migrate", "aria-label": "Migrate" }, el("h3", {}, `Migrate running instances of ${id}`),
      el("div", { class: "filters" }, el("label", { for: "migrate-from" }, "From"), from, el("label", { for: "migrate-to" }, "To"), to),
      mapping, el("label", { for: "migrate-defaults" }, "Data defaults for new required fields (JSON)", defaults),
      el("div", { class: "studio-actions" }, el("button", { type: "button", class: "secondary", onclick: guard(() => send(true)) }, "Dry run first"), apply),
      el("p", { class: "hint" }, "Apply is possible after a dry run of the same plan."), out));
    if (options.length) await remap();
  }

  const OUTCOMES = { Migrated: "migrated", WouldMigrate: "would migrate", Refused: "refused" };

  function migrationView(report, dryRun) {
    const instances = report.instances || [];
    const count = (o) => instances.filter((i) => i.outcome === o).length;
    return el("div", {},
      el("p", { class: "summary" }, dryRun
        ? `Dry run: ${count("WouldMigrate")} would migrate, ${count("Refused")} refused.`
        : `Migrated ${count("Migrated")}, refused ${count("Refused")}.`),
      // What happens to each instance is a list of sentences: it gets a full-width row of its own
      // under the instance, so it reads as text in a narrow panel. Instance ids share their leading
      // (time) digits, so the last ones tell them apart.
      instances.length ? el("div", { class: "scroll" }, el("table", { class: "migration" },
        el("thead", {}, el("tr", {}, ["Instance", "State", "Outcome"].map((h) => el("th", { scope: "col" }, h)))),
        el("tbody", {}, instances.flatMap((i) => [
          el("tr", { "data-instance": i.instanceId, class: String(i.outcome).toLowerCase() },
            el("td", {}, el("a", { href: `#/instances/${i.instanceId}`, title: i.instanceId }, `…${String(i.instanceId).slice(-8)}`)),
            el("td", {}, !i.toState || i.fromState === i.toState ? i.fromState : `${i.fromState} → ${i.toState}`),
            el("td", { class: "outcome" }, OUTCOMES[i.outcome] || String(i.outcome))),
          (i.reasons || []).length || (i.notes || []).length
            ? el("tr", { class: "details", "data-details-of": i.instanceId }, el("td", { colspan: "3" }, el("ul", {},
              (i.reasons || []).map((r) => el("li", { class: "reason" }, r)), (i.notes || []).map((n) => el("li", { class: "note" }, n)))))
            : null].filter(Boolean))))) : el("p", {}, "No instance runs that version."));
  }

  return { page, fromMermaid, toYaml };
})();

/** The studio view (#/studio). */
const studioPage = (mine) => studio.page(mine);
