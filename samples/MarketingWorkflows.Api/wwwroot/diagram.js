// Draws a process definition as an SVG state diagram: states in layers from the initial one
// down, transitions as arrows with their triggers, the way back (rework, resubmission) as arrows
// round the right-hand side, and the current state highlighted. No library: the layout is a
// small layered one, enough for processes of a few dozen states.
"use strict";

const processDiagram = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const W = 156, H = 42, GAP_X = 64, GAP_Y = 100, PAD = 24, LANE = 22;

  function svg(tag, attributes = {}, ...children) {
    const node = document.createElementNS(NS, tag);
    for (const [key, value] of Object.entries(attributes)) {
      if (value !== undefined && value !== null && value !== false) node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  /** The states, the arrows between them and the transitions that leave a group of states. */
  function graphOf(definition) {
    const states = definition.states;
    const byName = new Map(states.map((s) => [s.name, s]));
    const groups = new Set(states.filter((s) => s.parent).map((s) => s.parent));
    const leafOf = (name) => {
      let state = byName.get(name);
      while (state && groups.has(state.name) && state.initialChild) state = byName.get(state.initialChild);
      return state ? state.name : name;
    };
    const membersOf = (group) => states.filter((s) => !groups.has(s.name) && within(s, group)).map((s) => s.name);
    const within = (state, group) => {
      for (let s = state; s; s = s.parent ? byName.get(s.parent) : null) if (s.name === group) return true;
      return false;
    };

    const nodes = states.filter((s) => !groups.has(s.name));
    const edges = [];
    const groupEdges = [];
    const add = (from, to, label, dashed = false) => {
      if (!to) return;
      const target = leafOf(to);
      if (groups.has(from)) groupEdges.push({ group: from, members: membersOf(from), to: target, label });
      else if (target !== from) edges.push({ from, to: target, label, dashed });
    };
    for (const s of states) {
      for (const t of s.transitions || []) {
        if (t.internal || !t.to) continue;
        add(s.name, t.to, t.description ? `${t.trigger} [${t.description}]` : t.trigger);
      }
      const a = s.approval;
      if (a) {
        const names = a.triggers || {};
        const review = a.decisions === "review";
        add(s.name, a.onApproved, review ? "reviewed: approved" : `${names.approve || "Approve"} (${a.approve || "any"})`);
        add(s.name, a.onRejected, review ? "reviewed: rejected" : names.reject || "Reject");
        add(s.name, a.onChangesRequested, review ? "reviewed: changes required" : names.requestChanges || "RequestChanges");
        add(s.name, a.onMaxRounds, `changes required in round ${a.maxRounds}`, true);
      }
      if (s.onChecklistComplete) add(s.name, s.onChecklistComplete, "checklist done", true);
    }
    return { nodes, edges, groupEdges, start: leafOf(definition.states.find((s) => s.initial)?.name || nodes[0].name), byName };
  }

  /** Layers by the longest path from the start over forward arrows; arrows back up are found by a depth-first walk. */
  function layout(graph) {
    const out = new Map(graph.nodes.map((n) => [n.name, []]));
    for (const e of graph.edges) out.get(e.from)?.push(e);
    for (const g of graph.groupEdges) for (const m of g.members) out.get(m)?.push({ from: m, to: g.to, layoutOnly: true });

    const order = [];
    const back = new Set();
    const state = new Map();
    const visit = (name) => {
      state.set(name, 1);
      order.push(name);
      for (const e of out.get(name) || []) {
        if (!state.has(e.to)) visit(e.to);
        else if (state.get(e.to) === 1) back.add(e);
      }
      state.set(name, 2);
    };
    visit(graph.start);
    for (const n of graph.nodes) if (!state.has(n.name)) visit(n.name);

    const layer = new Map(order.map((n) => [n, 0]));
    for (let changed = true, rounds = 0; changed && rounds < graph.nodes.length + 1; rounds++) {
      changed = false;
      for (const name of order) {
        for (const e of out.get(name) || []) {
          if (back.has(e)) continue;
          const next = layer.get(name) + 1;
          if (next > layer.get(e.to)) { layer.set(e.to, next); changed = true; }
        }
      }
    }

    const layers = [];
    for (const name of order) (layers[layer.get(name)] ||= []).push(name);
    const position = new Map();
    const place = () => layers.forEach((names, i) => names.forEach((n, j) => position.set(n, { layer: i, index: j })));
    place();
    for (let sweep = 0; sweep < 2; sweep++) {
      for (let i = 1; i < layers.length; i++) {
        const centre = (n) => {
          const from = graph.edges.filter((e) => e.to === n && position.get(e.from).layer < i).map((e) => position.get(e.from).index);
          return from.length ? from.reduce((a, b) => a + b, 0) / from.length : position.get(n).index;
        };
        layers[i].sort((a, b) => centre(a) - centre(b));
        place();
      }
    }

    const widest = Math.max(...layers.map((l) => l.length));
    const width = widest * W + (widest - 1) * GAP_X;
    const boxes = new Map();
    layers.forEach((names, i) => {
      const offset = (width - (names.length * W + (names.length - 1) * GAP_X)) / 2;
      names.forEach((n, j) => boxes.set(n, { x: PAD + offset + j * (W + GAP_X), y: PAD + i * (H + GAP_Y), layer: i }));
    });
    return { boxes, width: width + 2 * PAD, height: layers.length * (H + GAP_Y) - GAP_Y + 2 * PAD };
  }

  function draw(definition, current) {
    const graph = graphOf(definition);
    const { boxes, width, height } = layout(graph);
    let lanes = 0;

    // Arrows leave a state's bottom and enter a state's top at points spread along the side, in
    // the order of the states at their other ends, so that they do not start or end on top of
    // each other.
    const forward = graph.edges.filter((e) => boxes.get(e.to).layer > boxes.get(e.from).layer);
    const ports = new Map();
    const spread = (key, edges, other) => {
      edges.sort((p, q) => boxes.get(other(p)).x - boxes.get(other(q)).x);
      edges.forEach((e, i) => ports.set(`${key}:${graph.edges.indexOf(e)}`, (i + 1) / (edges.length + 1)));
    };
    for (const n of graph.nodes) {
      spread("out", forward.filter((e) => e.from === n.name), (e) => e.to);
      spread("in", forward.filter((e) => e.to === n.name), (e) => e.from);
    }

    const arrows = graph.edges.map((e, index) => {
      const a = boxes.get(e.from), b = boxes.get(e.to);
      let path, lx, ly, anchor = "middle";
      if (b.layer > a.layer) {
        const x1 = a.x + W * ports.get(`out:${index}`), y1 = a.y + H, x2 = b.x + W * ports.get(`in:${index}`), y2 = b.y;
        const bend = (y2 - y1) / 2;
        // An arrow that would cross other states bulges out, by the least that clears them (or
        // crosses fewest), trying first the side its target lies on.
        const side = Math.sign((b.x - a.x) || -1);
        const crossings = (out) => {
          let hits = 0;
          for (let k = 1; k < 24; k++) {
            const t = k / 24, u = 1 - t;
            const px = u * u * u * x1 + 3 * u * u * t * (x1 + out) + 3 * u * t * t * (x2 + out) + t * t * t * x2;
            const py = u * u * u * y1 + 3 * u * u * t * (y1 + bend) + 3 * u * t * t * (y2 - bend) + t * t * t * y2;
            for (const [name, box] of boxes) {
              if (name !== e.from && name !== e.to && px > box.x - 6 && px < box.x + W + 6 && py > box.y - 4 && py < box.y + H + 4) hits++;
            }
          }
          return hits;
        };
        const candidates = [0, side * W * 0.8, -side * W * 0.8, side * W * 1.6, -side * W * 1.6];
        const out = candidates.map((c) => [c, crossings(c)]).reduce((best, next) => next[1] < best[1] ? next : best)[0];
        path = `M${x1},${y1} C${x1 + out},${y1 + bend} ${x2 + out},${y2 - bend} ${x2},${y2}`;
        // Labels of arrows leaving one state are staggered up and down by their port, so that
        // they do not sit on one another between the layers.
        lx = (x1 + x2) / 2 + out * 0.75; ly = (y1 + y2) / 2 + 4 + (ports.get(`out:${index}`) - 0.5) * 44;
      } else {
        // Back up (or across): round the right-hand side, each in its own lane, into the top of the state.
        const lane = width - PAD + LANE * (++lanes);
        const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x + W * 0.8, y2 = b.y;
        path = `M${x1},${y1} C${lane},${y1} ${lane},${y2 - GAP_Y / 2} ${x2},${y2}`;
        // The label sits just right of the state it leaves, above the arrow's start.
        lx = x1 + 6; ly = y1 - 6; anchor = "start";
      }
      return svg("g", { class: "arrow" },
        svg("path", { d: path, "marker-end": "url(#mwf-arrow)", class: e.dashed ? "dashed" : undefined }),
        svg("text", { x: lx, y: ly, "text-anchor": anchor }, e.label.length > 44 ? e.label.slice(0, 42) + "…" : e.label),
        svg("title", {}, `${e.from} → ${e.to}: ${e.label}`));
    });

    const nodes = graph.nodes.map((s) => {
      const box = boxes.get(s.name);
      const conditional = s.approval && s.approval.when;
      return svg("g", { class: "state", "aria-current": s.name === current ? "step" : undefined, "data-state": s.name },
        svg("rect", { x: box.x, y: box.y, width: W, height: H, rx: s.terminal ? 20 : 8, class: conditional ? "conditional" : undefined }),
        svg("text", { x: box.x + W / 2, y: box.y + H / 2 + 5, "text-anchor": "middle" }, s.title || s.name),
        svg("title", {}, [s.name, conditional ? `skipped unless ${s.approval.when}` : null, s.terminal ? "ends the process" : null].filter(Boolean).join(" · ")));
    });

    const picture = svg("svg", {
      class: "process-diagram", viewBox: `0 0 ${width + LANE * (lanes + 2)} ${height}`, role: "img",
      "aria-label": `State diagram of ${definition.title || definition.id}${current ? `; the current state is ${current}` : ""}`,
    },
      svg("defs", {}, svg("marker", { id: "mwf-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" },
        svg("path", { d: "M0,0 L10,5 L0,10 z" }))),
      arrows, nodes);

    const notes = graph.groupEdges.map((g) => {
      const group = graph.byName.get(g.group);
      return `From any state of ${group.title || g.group} (${g.members.join(", ")}): ${g.label} → ${g.to}`;
    });
    const conditional = graph.nodes.filter((s) => s.approval && s.approval.when).map((s) => `${s.title || s.name} (dashed) is skipped unless ${s.approval.when}`);
    return { picture, notes: [...notes, ...conditional] };
  }

  return { draw };
})();
