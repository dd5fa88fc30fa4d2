// An instance page: what the signed-in user (or whom they act for) may do, the checklist, the
// history, the data formatted by its schema, the linked work and the process diagram.
"use strict";


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
  const [campaigns, defs] = await Promise.all([campaignsOf([instance]), definitions()]);
  const linked = await Promise.all(instance.links.map(async (l) => {
    try {
      const other = (await api(`/api/instances/${l.instanceId}`)).body;
      return { link: l, other };
    } catch {
      return { link: l, other: null };
    }
  }));

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

  // Triggers only the system fires (a timer's Escalate) are no action for a person: not shown.
  const triggerOf = (name) => (definition.triggers || []).find((t) => t.name === name);
  const actionItems = actions.filter((a) => !format.systemOnly(triggerOf(a.trigger))).map((action) => {
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
      const trigger = triggerOf(action.trigger);
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
        return el("tr", { "data-item": c.itemId }, el("td", {}, item.title || c.itemId), el("td", {}, c.status), el("td", {}, item.owner || ""), el("td", {}, format.when(c.dueAt)), el("td", {}, c.by || ""));
      })))) : null;

  const drawn = processDiagram.draw(definition, instance.state);
  const diagram = el("section", { class: "panel process" }, el("h2", {}, `Process: ${definition.title || definition.id}`),
    el("div", { class: "diagram-scroll" }, drawn.picture),
    drawn.notes.length ? el("ul", { class: "notes" }, drawn.notes.map((n) => el("li", {}, n))) : null,
    el("details", {}, el("summary", {}, "States and transitions as a list"),
      el("ul", {}, definition.states.map((s) => el("li", { "aria-current": s.name === instance.state ? "step" : undefined },
        el("strong", {}, s.title || s.name), s.parent ? ` (in ${format.stateTitle(definition, s.parent)})` : "", ": ",
        (s.transitions || []).filter((t) => t.to).map((t) => `${t.trigger} → ${format.stateTitle(definition, t.to)}`).join(", ") || (s.terminal ? "ends the process" : s.approval ? "decided by its approvers" : "—"))))));

  const stateName = (name) => format.stateTitle(definition, name);
  const fields = definition.data || [];
  const dataRows = Object.entries(instance.data).map(([k, v]) => {
    const field = fields.find((f) => f.name === k);
    const shown = k === "campaignId" && campaigns.get(v)
      ? el("a", { href: `#/instances/${v}` }, campaigns.get(v).data.name)
      : format.value(v, field);
    return [el("dt", {}, (field && field.title) || k), el("dd", { "data-field": k }, shown)];
  });

  render(mine,
    el("p", {}, el("a", { href: "#/" }, "← Board")),
    el("h1", {}, format.name(instance, campaigns, definition), " ", el("span", { class: "badge", id: "state", "data-state": instance.state }, stateName(instance.state))),
    el("div", { class: "grid" },
      el("div", {},
        el("section", { class: "panel" }, el("h2", {}, "What you can do"),
          session.onBehalfOf ? el("p", { class: "acting" }, `Acting for ${session.onBehalfOf}: what you do is recorded as by ${session.user} on behalf of ${session.onBehalfOf}.`) : null,
          el("label", { for: "comment" }, "Comment"), comment,
          el("div", { class: "actions" }, actionItems.length ? actionItems : el("p", {}, "Nothing to do here."))),
        instance.processId === "campaign-approval" ? linkedWork(instance, linked) : null,
        checklist,
        el("section", { class: "panel" }, el("h2", {}, "History"),
          el("ol", { class: "history" }, history.slice().reverse().map((h) => el("li", { "data-actor": h.actor, "data-on-behalf-of": h.onBehalfOf || undefined },
            el("time", { datetime: h.at }, format.when(h.at)), " ",
            el("strong", {}, h.actor), h.onBehalfOf ? el("span", { class: "behalf" }, ` on behalf of ${h.onBehalfOf}`) : "", ": ",
            h.decision || h.trigger || h.kind, h.fromState !== h.toState ? ` (${stateName(h.fromState)} → ${stateName(h.toState)})` : "",
            h.comment ? el("div", {}, h.comment) : null))))),
      el("div", {},
        el("section", { class: "panel" }, el("h2", {}, "Details"),
          el("dl", { class: "data" },
            el("dt", {}, "Process"), el("dd", {}, `${definition.title || instance.processId} v${instance.definitionVersion}`),
            el("dt", {}, "Version"), el("dd", {}, instance.version),
            el("dt", {}, "Round"), el("dd", {}, instance.round),
            instance.dueAt ? [el("dt", {}, "Due"), el("dd", {}, format.when(instance.dueAt))] : null,
            instance.awaitingUsers.length + instance.awaitingRoles.length ? [el("dt", {}, "Waiting on"), el("dd", {}, [...instance.awaitingUsers, ...instance.awaitingRoles].join(", "))] : null,
            dataRows)),
        linked.length ? el("section", { class: "panel" }, el("h2", {}, "Linked"),
          el("ul", { class: "linked" }, linked.map(({ link, other }) => el("li", { "data-relation": link.relation }, `${link.relation}: `,
            el("a", { href: `#/instances/${link.instanceId}` }, other ? format.name(other, campaigns, defs.get(other.processId)) : link.instanceId),
            other ? ` (${format.stateTitle(defs.get(other.processId), other.state)})` : "")))) : null)),
    diagram);
}

// A campaign's content review and launch checklist, started from the campaign and linked both ways.
function linkedWork(campaign, linked) {
  if (campaign.isCompleted) return null;
  const has = (relation) => linked.some((l) => l.link.relation === relation);
  const start = async (label, processId, relation, data) => {
    try {
      const { body: started } = await api("/api/instances", { method: "POST", body: { processId, data, links: [{ relation: "campaign", instanceId: campaign.id }] } });
      await api(`/api/instances/${campaign.id}/links`, { method: "POST", body: { relation, instanceId: started.id } });
      say(`${label}: started.`);
      location.hash = `#/instances/${started.id}`;
    } catch (error) {
      say(`${label}: ${error.message}`, true);
    }
  };
  const owner = campaign.data.owner;
  const review = el("form", { class: "args", "aria-label": "Start a content review", "data-start": "content-review", onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    start("Content review", "content-review", "content-review", {
      title: f.get("title"), owner: session.onBehalfOf || session.user, assetType: f.get("assetType"),
      assetVersion: { number: 1, uri: f.get("uri") }, campaignId: campaign.id, campaignOwner: owner,
    });
  } },
    el("label", {}, "Asset title", el("input", { name: "title", required: true, value: `${campaign.data.name} email` })),
    el("label", {}, "Asset type", el("select", { name: "assetType" }, ["email", "landing-page", "ad", "social-post", "blog"].map((t) => el("option", { value: t }, t)))),
    el("label", {}, "Asset link", el("input", { name: "uri", type: "url", required: true, placeholder: "https://…" })),
    el("button", { type: "submit", class: "secondary" }, "Start content review"));
  const launchAt = campaign.data.launchAt ? new Date(campaign.data.launchAt) : null;
  const local = launchAt ? new Date(launchAt.getTime() - launchAt.getTimezoneOffset() * 60000).toISOString().slice(0, 16) : "";
  const checklist = el("form", { class: "args", "aria-label": "Start a launch checklist", "data-start": "launch-checklist", onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    start("Launch checklist", "launch-checklist", "launch-checklist", { campaignId: campaign.id, owner, launchAt: new Date(f.get("launchAt")).toISOString() });
  } },
    el("label", {}, "Launch at", el("input", { name: "launchAt", type: "datetime-local", required: true, value: local })),
    el("button", { type: "submit", class: "secondary" }, "Start launch checklist"));
  return el("section", { class: "panel linked-work" }, el("h2", {}, "Linked work"),
    el("p", {}, "A campaign is scheduled once a content review of it is approved, and launched once its launch checklist says Go."),
    has("content-review") ? el("p", {}, "Content review: started (see Linked).") : review,
    has("launch-checklist") ? el("p", {}, "Launch checklist: started (see Linked).") : checklist);
}
