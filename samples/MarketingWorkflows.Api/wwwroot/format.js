// Showing values the way people read them: money with its currency, dates and times in the
// reader's locale, lists joined, states and triggers by their titles, and each instance by a name
// that says which campaign it belongs to.
"use strict";

const format = (() => {
  const when = (iso) => iso ? new Date(iso).toLocaleString() : "";
  const day = (iso) => iso ? new Date(`${iso}T00:00:00`).toLocaleDateString() : "";

  function money(value) {
    if (!value || typeof value !== "object" || value.amount === undefined) return String(value ?? "");
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency: value.currency || "EUR", maximumFractionDigits: 2 }).format(value.amount);
    } catch {
      return `${Number(value.amount).toLocaleString()} ${value.currency || ""}`.trim();
    }
  }

  /** A data value by its field's schema (a field of the definition's data, or undefined). */
  function value(v, field) {
    if (v === null || v === undefined || v === "") return "—";
    const type = field ? field.type : undefined;
    if (type === "money" || (v && typeof v === "object" && "amount" in v && "currency" in v)) return money(v);
    if (type === "datetime") return when(v);
    if (type === "date") return day(v);
    if (Array.isArray(v)) return v.length ? v.map((item) => value(item, field && field.items)).join(", ") : "—";
    if (typeof v === "boolean") return v ? "yes" : "no";
    if (typeof v === "number") return v.toLocaleString();
    if (typeof v === "object") {
      const inner = (field && field.fields) || [];
      return Object.entries(v).map(([k, x]) => {
        const f = inner.find((i) => i.name === k);
        return `${(f && f.title) || k}: ${value(x, f)}`;
      }).join(" · ");
    }
    return String(v);
  }

  /** The title of a state in a definition, else its name. */
  const stateTitle = (definition, name) => {
    const state = definition && (definition.states || []).find((s) => s.name === name);
    return (state && state.title) || name;
  };

  /** The campaign an instance belongs to: its "campaign" link or its campaignId field. */
  const campaignOf = (instance) => {
    const link = (instance.links || []).find((l) => l.relation === "campaign");
    return link ? link.instanceId : instance.data.campaignId || null;
  };

  /** An instance's name: a campaign's own; a review or checklist with its campaign's. */
  function name(instance, campaigns, definition) {
    if (instance.processId === "campaign-approval") return instance.data.name || "Campaign";
    const process = (definition && definition.title) || instance.processId;
    const campaign = campaigns.get(campaignOf(instance));
    const campaignName = campaign ? campaign.data.name : null;
    const own = instance.data.title || instance.data.name;
    if (campaignName && own) return `${campaignName}: ${own}`;
    if (campaignName) return `${process}: ${campaignName}`;
    return own || process;
  }

  /** Triggers nobody can fire from the page: those only the system (timers) fires. */
  const systemOnly = (trigger) => !!trigger && (trigger.roles || []).length > 0 && trigger.roles.every((r) => r === "system");

  return { when, day, money, value, stateTitle, campaignOf, name, systemOnly };
})();
