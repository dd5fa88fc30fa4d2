// The delegations view: hand some of your roles to someone for a few days, see what you gave and
// received, revoke either. Whoever received one picks the delegator under "Acting for" to act.
"use strict";

async function delegationsPage(mine) {
  const [{ body: mine_ }, processes] = await Promise.all([api("/api/delegations", { ownName: true }), definitions()]);
  let users = [];
  try {
    users = await (await fetch("/api/demo/users")).json();
  } catch {
    users = [];
  }

  const revoke = async (d) => {
    try {
      await api(`/api/delegations/${encodeURIComponent(d.id)}`, { method: "DELETE", ownName: true });
      say(`Revoked the delegation from ${d.delegator} to ${d.delegate}.`);
      await showAccount();
      route();
    } catch (error) {
      say(error.message, true);
    }
  };
  const rows = (list, other) => list.length
    ? el("table", {}, el("thead", {}, el("tr", {}, [other, "Roles", "Process", "From", "Until", "", ""].map((h) => el("th", { scope: "col" }, h)))),
      el("tbody", {}, list.map((d) => el("tr", { "data-delegation": d.id, "data-delegate": d.delegate, "data-delegator": d.delegator },
        el("td", {}, other === "Delegate" ? d.delegate : d.delegator),
        el("td", {}, d.roles.length ? d.roles.join(", ") : "approvals naming the delegator"),
        el("td", {}, d.processId ? (processes.get(d.processId) || {}).title || d.processId : "every process"),
        el("td", {}, format.day(d.from)), el("td", {}, format.day(d.until)),
        el("td", {}, d.active ? "in force" : "upcoming"),
        el("td", {}, el("button", { type: "button", class: "secondary", onclick: () => revoke(d) }, "Revoke"))))))
    : el("p", {}, "None.");

  const today = new Date().toISOString().slice(0, 10);
  const roles = session.roles;
  const form = el("form", { class: "start", "aria-label": "New delegation", onsubmit: async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    try {
      await api("/api/delegations", { method: "POST", ownName: true, body: {
        delegate: f.get("delegate"), roles: f.getAll("roles"), from: f.get("from") || undefined,
        until: f.get("until") || undefined, processId: f.get("processId") || undefined,
      } });
      say(`${f.get("delegate")} may act for ${session.user} until ${format.day(f.get("until"))}.`);
      route();
    } catch (error) {
      say(error.message, true);
    }
  } },
    el("label", {}, "Delegate (user id)", el("input", { name: "delegate", required: true, list: "delegates" })),
    el("datalist", { id: "delegates" }, users.filter((u) => u.userId !== session.user).map((u) => el("option", { value: u.userId }, u.roles.join(", ")))),
    el("fieldset", { class: "args" }, el("legend", {}, "Roles to hand over"),
      roles.length ? roles.map((r) => el("label", { class: "check" }, el("input", { type: "checkbox", name: "roles", value: r }), ` ${r}`)) : el("span", {}, "You hold no roles.")),
    el("label", {}, "Process", el("select", { name: "processId" }, el("option", { value: "" }, "every process"),
      [...processes.values()].map((d) => el("option", { value: d.id }, d.title || d.id)))),
    el("label", {}, "From", el("input", { name: "from", type: "date", value: today })),
    el("label", {}, "Until *", el("input", { name: "until", type: "date", required: true })),
    el("button", { type: "submit" }, "Delegate"));

  render(mine, el("h1", {}, "Delegations"),
    el("section", { class: "panel", "data-list": "given" }, el("h2", {}, "Given: who may act for you"), rows(mine_.given, "Delegate")),
    el("section", { class: "panel", "data-list": "received" }, el("h2", {}, "Received: whom you may act for"),
      el("p", {}, "To act for someone, choose them under \u201cActing for\u201d at the top."), rows(mine_.received, "Delegator")),
    el("section", { class: "panel" }, el("h2", {}, "Hand over your roles"), form));
}
