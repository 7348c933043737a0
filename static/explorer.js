// The explorer page: a vis-network canvas, search with suggestions, filters kept
// in the URL, and a side panel with each relation's evidence.
//
// Legibility: positions come from the server (no node covers another); after each
// fit or zoom, labels are given a size of LABEL_PX + 1.5 screen pixels in order of
// importance (degree, then PageRank) as long as they cover no other label or node,
// the rest are drawn below vis-network's threshold (not at all) until hovered or
// zoomed into.  The legend and the timeline sit under the canvas, never over it.
// Canvas labels and the date fields follow the page's language (the toggle).
//
// Safety: text from articles and users is only ever inserted with textContent /
// createTextNode (see el()), never as HTML.  vis-network 9 shows string
// tooltips with innerText.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const initial = JSON.parse($("graph-data").textContent);
  const container = $("network");
  const panel = $("panel");
  const panelBody = $("panel-body");
  const notice = $("notice");
  const searchInput = $("search");
  const suggestions = $("suggestions");
  const physicsBox = $("physics");
  const SYMMETRIC = new Set(["CONSULT", "AGREE", "COOPERATE"]);
  const storeActors = Number(document.body.dataset.actors || 0);
  const LABEL_PX = Number(document.body.dataset.labelPx || 11); // the smallest label vis-network draws
  const SHOWN_PX = LABEL_PX + 1.5; // labels drawn
  const HIDDEN_PX = LABEL_PX - 3; // below the threshold: not drawn
  const MATTER = 10; // the nodes that matter: the best connected (degree, then PageRank)
  const i18n = window.actorgraphI18n;

  const state = { center: initial.center, view: null, nodes: null, edges: null, loadId: 0, readyTimer: null, hovered: null };
  const network = new vis.Network(container, { nodes: [], edges: [] }, {});

  const api = {
    network,
    ready: false,
    loads: 0, // views shown so far: tests wait for the next one
    focused: null,
    labelled: [], // nodes whose label is drawn, most important first
    labelBoxes: {}, // their labels' boxes on screen (canvas pixels)
    keepView: false, // true: a new view keeps the zoom and position (the timeline's play)
    hooks: { actor: [], relation: [], view: [] }, // other scripts add to the panel and follow the view
    get nodes() { return state.nodes; },
    get edges() { return state.edges; },
    get view() { return state.view; },
    get center() { return state.center; },
    get lang() { return i18n.lang; },
  };
  window.actorgraph = api;

  // ---------- helpers ----------
  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") element.className = value;
      else if (key === "text") element.textContent = value;
      else if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
      else element.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) {
      throw new Error(body && body.error ? body.error.message : response.statusText);
    }
    return body;
  }

  const number = (n) => Number(n).toLocaleString("en");
  const checkedValues = (name) =>
    Array.from(document.querySelectorAll(`input[name="${name}"]:checked`)).map((i) => i.value);
  const allValues = (name) => Array.from(document.querySelectorAll(`input[name="${name}"]`)).map((i) => i.value);

  // ---------- the drawn view ----------
  function setReady(ready) {
    clearTimeout(state.readyTimer);
    api.ready = ready;
    if (!ready) api.settled = false;
    document.body.dataset.ready = String(ready);
    $("loading").hidden = ready;
    if (ready) api.readyAt = performance.now();
  }

  function show(view) {
    setReady(false);
    hideTooltip();
    api.loads += 1;
    const keep = api.keepView && state.view && state.view.nodes.length ? { position: network.getViewPosition(), scale: network.getScale() } : null;
    state.view = view;
    state.center = view.center;
    state.hovered = null;
    // vis-network draws nodes (each with its label) in the order of the data: the least important
    // first, so a label of a node that matters is drawn over a lesser node's disc, never under it.
    const drawOrder = [...view.nodes].sort((a, b) => moreImportant(b, a));
    state.nodes = new vis.DataSet(drawOrder.map((node) => ({ ...node, label: nodeLabel(node), font: { size: HIDDEN_PX } })));
    state.edges = new vis.DataSet(view.edges);
    network.setOptions(view.options);
    physicsBox.checked = !!view.physics;
    state.userMoved = false;
    const moving = view.physics && view.nodes.length > 1;
    let rested = !moving;
    // Once the simulation rests (it keeps going after the stabilisation run), frame the result.
    const settle = () => {
      if (!state.userMoved && moving) network.fit();
      relabel();
      api.settled = true;
    };
    const finish = () => {
      if (state.view !== view || api.ready) return;
      if (keep) network.moveTo(keep);
      else if (!moving) network.fit();
      if (view.center && state.nodes.get(view.center)) network.selectNodes([view.center]);
      relabel();
      setReady(true);
      if (rested) settle();
    };
    if (moving) {
      network.once("stabilized", () => {
        if (state.view !== view) return;
        rested = true;
        if (api.ready) settle();
      });
      network.once("stabilizationIterationsDone", () => network.once("afterDrawing", finish));
      state.readyTimer = setTimeout(finish, 8000);
    } else {
      network.once("afterDrawing", finish);
    }
    network.setData({ nodes: state.nodes, edges: state.edges });
    showNotice(view);
    showCentre(view);
    updateExportLinks();
    for (const hook of api.hooks.view) hook(view);
  }

  // ---------- labels ----------
  // A name in the page's language, on two lines when long (a narrower label collides less).
  function nodeLabel(node) {
    const name = i18n.lang === "ar" ? node.name_ar : node.name_en || node.name_ar;
    if (name.length <= 18 || !name.includes(" ")) return name;
    const middle = name.length / 2;
    let cut = -1;
    for (let i = name.indexOf(" "); i >= 0; i = name.indexOf(" ", i + 1)) if (cut < 0 || Math.abs(i - middle) < Math.abs(cut - middle)) cut = i;
    return `${name.slice(0, cut)}\n${name.slice(cut + 1)}`;
  }

  function hideTooltip() {
    for (const tip of document.querySelectorAll("div.vis-tooltip")) tip.style.visibility = "hidden";
  }

  let measure = null;
  function textWidth(text, px) {
    measure = measure || document.createElement("canvas").getContext("2d");
    measure.font = `${px}px ${(state.view && state.view.options.nodes && state.view.options.nodes.font.face) || "sans-serif"}`;
    return measure.measureText(text).width;
  }

  // Sorts the more important node first: the centre of an ego view, then by degree, PageRank, mentions.
  function moreImportant(a, b) {
    return (a.id === state.center ? -1 : b.id === state.center ? 1 : 0) || b.degree - a.degree || (b.pagerank || 0) - (a.pagerank || 0) || b.mentions - a.mentions || (a.id < b.id ? -1 : 1);
  }

  // Which labels to draw: the most important first, each if it covers no label already
  // drawn and no node (on screen, at the current zoom).
  function relabel() {
    if (!state.nodes) return;
    const scale = network.getScale();
    const ids = state.nodes.getIds();
    const positions = network.getPositions(ids);
    const box = container.getBoundingClientRect();
    const discs = ids.map((id) => {
      const at = network.canvasToDOM(positions[id]);
      return { id, x: at.x, y: at.y, r: (state.nodes.get(id).size || 10) * scale };
    });
    const byId = Object.fromEntries(discs.map((d) => [d.id, d]));
    const order = state.nodes.get({ fields: ["id", "degree", "pagerank", "mentions", "label"] }).sort(moreImportant);
    const shown = {};
    // The nodes that matter (the MATTER best connected) get a label even over a lesser node's disc.
    const rank = Object.fromEntries(order.map((n, i) => [n.id, i]));
    // Screen pixels kept clear around a label: more beside it, so two names on a line read as two.
    const PAD = 2, PAD_X = 5;
    const padded = (spot) => ({ x: spot.x - PAD_X, y: spot.y - PAD, w: spot.w + 2 * PAD_X, h: spot.h + 2 * PAD });
    // Discs and labels placed, in cells of a grid: each test looks at its neighbourhood only.
    const CELL = 64;
    const grid = () => new Map();
    const each = (rect, visit) => {
      for (let cx = Math.floor(rect.x / CELL); cx <= Math.floor((rect.x + rect.w) / CELL); cx++) {
        for (let cy = Math.floor(rect.y / CELL); cy <= Math.floor((rect.y + rect.h) / CELL); cy++) visit(`${cx},${cy}`);
      }
    };
    const insert = (cells, rect) => each(rect, (key) => (cells.get(key) || cells.set(key, []).get(key)).push(rect));
    const hits = (cells, rect, test) => {
      let found = false;
      each(rect, (key) => (found = found || (cells.get(key) || []).some((other) => test(other) && overlaps(rect, other))));
      return found;
    };
    const discCells = grid();
    for (const disc of discs) insert(discCells, { x: disc.x - disc.r, y: disc.y - disc.r, w: 2 * disc.r, h: 2 * disc.r, id: disc.id });
    const labelCells = grid();
    // Where a node's label may go, clear of the discs: below the node (where vis-network draws
    // it), else above it, else one to three lines further off (a dense graph at 1024 px needs the
    // third); a long name on two lines or on one.
    const spotsOf = (node) => {
      const disc = byId[node.id];
      if (disc.x < 0 || disc.y < 0 || disc.x > box.width || disc.y > box.height) return [];
      const texts = [...new Set([node.label || "", (node.label || "").replace("\n", " ")])];
      // vis-network draws a dot's label from 4 canvas units and half a line under the disc.
      const base = disc.y + disc.r + 4 * scale + SHOWN_PX / 2;
      const spots = [];
      for (const [offset, above] of [[0, false], [0, true], [SHOWN_PX, false], [SHOWN_PX, true], [2 * SHOWN_PX, false], [2 * SHOWN_PX, true], [3 * SHOWN_PX, false], [3 * SHOWN_PX, true]]) {
        for (const text of texts) {
          const lines = text.split("\n");
          const width = Math.max(...lines.map((line) => textWidth(line, SHOWN_PX)));
          const tall = SHOWN_PX * lines.length;
          const top = above ? disc.y - disc.r - 3 - tall - offset : base + offset;
          spots.push({ x: disc.x - width / 2, y: top, w: width, h: tall, shift: top - base, text });
        }
      }
      const mine = rank[node.id];
      const inView = spots.filter(
        (spot) =>
          spot.x >= 0 && spot.x + spot.w <= box.width && spot.y >= 0 && spot.y + spot.h <= box.height &&
          !hits(discCells, padded(spot), (other) => other.id !== node.id && (mine >= MATTER || rank[other.id] < MATTER))
      );
      // A spot over a lesser node's disc (drawn over the label) only when no clear spot is left.
      const clear = (spot) => !hits(discCells, padded(spot), (other) => other.id !== node.id);
      return [...inView.filter(clear), ...inView.filter((spot) => !clear(spot))];
    };
    // The nodes that matter first, searching their spots together for the most labels (a label
    // above lets the next one sit below); then every other node, greedily, in order of importance.
    const matter = order.slice(0, MATTER);
    const choices = matter.map(spotsOf);
    const chosen = [];
    let budget = 6000;
    let best = { count: -1, spots: {} };
    const search = (index, count) => {
      if (count + (matter.length - index) <= best.count || --budget < 0) return;
      if (index === matter.length) {
        best = { count, spots: Object.fromEntries(chosen.map((spot) => [spot.id, spot])) };
        return;
      }
      for (const spot of choices[index]) {
        const wide = padded(spot);
        if (chosen.some((other) => overlaps(wide, other))) continue;
        chosen.push({ ...spot, id: matter[index].id });
        search(index + 1, count + 1);
        chosen.pop();
        if (best.count === matter.length || budget < 0) return;
      }
      search(index + 1, count); // this one without a label
    };
    search(0, 0);
    for (const [id, spot] of Object.entries(best.spots)) {
      shown[id] = spot;
      insert(labelCells, spot);
    }
    for (const node of order.slice(MATTER)) {
      const spot = spotsOf(node).find((candidate) => !hits(labelCells, padded(candidate), () => true));
      if (!spot) continue;
      insert(labelCells, spot);
      shown[node.id] = spot;
    }
    const updates = [];
    for (const id of ids) {
      const label = shown[id];
      const size = (label || id === state.hovered ? SHOWN_PX : HIDDEN_PX) / scale;
      // vadjust moves a label off its place below the node (screen pixels / scale: canvas units).
      const vadjust = label ? label.shift / scale : 0;
      const node = state.nodes.get(id);
      const text = label ? label.text : nodeLabel(node);
      const current = node.font;
      if (!current || Math.abs(current.size - size) > 1e-6 || Math.abs((current.vadjust || 0) - vadjust) > 1e-6 || node.label !== text) {
        updates.push({ id, font: { size, vadjust }, label: text });
      }
    }
    if (updates.length) state.nodes.update(updates);
    api.labelled = order.map((n) => n.id).filter((id) => shown[id]);
    api.matter = order.slice(0, MATTER).map((n) => n.id);
    api.labelBoxes = shown;
    const count = (api.relabels = (api.relabels || 0) + 1);
    network.once("afterDrawing", () => (api.labelsDrawn = count)); // tests wait for the labels on screen
    network.redraw();
  }

  function overlaps(a, b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  }

  let relabelTimer = null;
  function relabelSoon() {
    clearTimeout(relabelTimer);
    relabelTimer = setTimeout(relabel, 120);
  }

  // ---------- the page's language ----------
  function applyLanguage(lang) {
    i18n.set(lang);
    i18n.apply();
    document.querySelectorAll(".lang-toggle button").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.lang === lang)));
    const controls = document.querySelector(".controls");
    controls.dir = lang === "ar" ? "rtl" : "ltr";
    controls.lang = lang;
    for (const id of ["since", "until"]) showDate($(id));
    if (state.nodes) {
      state.nodes.update(state.nodes.get({ fields: ["id", "name_ar", "name_en"] }).map((n) => ({ id: n.id, label: nodeLabel(n) })));
      relabel();
    }
    for (const hook of api.hooks.view) if (state.view) hook(state.view);
  }
  document.querySelectorAll(".lang-toggle button").forEach((button) => button.addEventListener("click", () => applyLanguage(button.dataset.lang)));

  // ---------- date fields: year, year-month or date, in the page's digits ----------
  const DATE = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/;

  function parseDate(text) {
    const plain = i18n.latin(String(text || "").trim());
    if (!plain) return "";
    const found = DATE.exec(plain);
    if (!found) return null;
    const [, year, month, day] = found;
    if (month && (Number(month) < 1 || Number(month) > 12)) return null;
    if (day) {
      const last = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
      if (Number(day) < 1 || Number(day) > last) return null;
    }
    return [year, month && month.padStart(2, "0"), day && day.padStart(2, "0")].filter(Boolean).join("-");
  }

  function readableDate(iso) {
    const [year, month, day] = iso.split("-").map(Number);
    const options = day ? { year: "numeric", month: "long", day: "numeric" } : month ? { year: "numeric", month: "long" } : { year: "numeric" };
    return new Intl.DateTimeFormat(i18n.lang === "ar" ? "ar-EG" : "en-GB", { ...options, timeZone: "UTC" }).format(new Date(Date.UTC(year, (month || 1) - 1, day || 1)));
  }

  // The field shows its value (data-value, ISO) in the page's digits, with a readable hint.
  function showDate(input) {
    const value = input.dataset.value || "";
    input.value = i18n.digits(value);
    input.placeholder = i18n.digits(i18n.t("date_placeholder"));
    input.lang = i18n.lang;
    input.dir = "ltr";
    input.removeAttribute("aria-invalid");
    $(`${input.id}-hint`).textContent = value ? readableDate(value) : "";
  }

  function setDate(input, value) {
    input.dataset.value = value || "";
    showDate(input);
  }

  for (const id of ["since", "until"]) {
    const input = $(id);
    input.addEventListener("change", () => {
      const value = parseDate(input.value);
      if (value === null) {
        input.setAttribute("aria-invalid", "true");
        $(`${id}-hint`).textContent = i18n.t("date_invalid");
        return;
      }
      setDate(input, value);
      loadView(state.center);
    });
  }
  api.dateValue = (id) => $(id).dataset.value || "";
  api.setDates = (since, until) => {
    setDate($("since"), since);
    setDate($("until"), until);
    return loadView(state.center);
  };

  // ---------- exports of the view ----------
  function viewParams() {
    const params = filterParams();
    if (state.center) {
      params.set("center", state.center);
      params.set("depth", $("depth").value);
    }
    return params;
  }

  function updateExportLinks() {
    const query = viewParams().toString();
    for (const format of ["graphml", "gexf", "csv"]) $(`view-${format}`).href = `/api/view.${format}${query ? `?${query}` : ""}`;
  }

  function showNotice(view) {
    const parts = [];
    if (view.problem) {
      parts.push(el("strong", { class: "problem", text: view.problem }));
    } else if (!view.nodes.length) {
      parts.push(el("strong", { text: "No actor matches these filters." }));
    } else if (view.center) {
      const depth = $("depth").value;
      parts.push(`Ego network within ${depth} step${depth === "1" ? "" : "s"}: ${number(view.nodes.length)} actors`);
      if (view.omitted) parts.push(" · ", el("strong", { text: `${number(view.omitted)} more left out (the farthest and least connected)` }));
    } else {
      parts.push(`${number(view.nodes.length)} actors with stated relations drawn`);
      if (view.omitted) {
        parts.push(" · ", el("strong", { text: `${number(view.omitted)} of ${number(view.total)} left out (the least connected)` }));
      }
      const unrelated = storeActors - view.total;
      if (unrelated > 0) parts.push(` · ${number(unrelated)} actors without a matching relation are not drawn (search finds them)`);
    }
    if (view.omitted_top && view.omitted_top.length) {
      parts.push(el("br"), "Left out, e.g.: ");
      view.omitted_top.forEach((actor, index) => {
        if (index) parts.push(" ");
        parts.push(
          el(
            "button",
            { type: "button", class: "chip", "data-id": actor.id, title: `${actor.type} · ${actor.degree} edges`, onclick: () => focusActor(actor.id) },
            el("bdi", { dir: "rtl", lang: "ar", text: actor.name_ar }),
            " ",
            el("bdi", { class: "en", text: actor.name_en })
          )
        );
      });
    }
    notice.replaceChildren(...parts);
    notice.hidden = parts.length === 0;
    notice.classList.toggle("warn", !!view.omitted || !view.nodes.length || !!view.problem);
  }

  function showCentre(view) {
    const node = view.center ? view.nodes.find((n) => n.id === view.center) : null;
    $("centre").hidden = !node;
    $("centre-ar").textContent = node ? node.name_ar : "";
    $("centre-en").textContent = node ? node.name_en : "";
    document.title = node ? `${node.name_ar} · ${node.name_en} — actorgraph` : "actorgraph";
  }

  // ---------- filters and the URL ----------
  function filterParams() {
    const params = new URLSearchParams();
    const relations = checkedValues("relation");
    if (relations.length !== allValues("relation").length) params.set("types", relations.join(","));
    const actors = checkedValues("actor");
    if (actors.length !== allValues("actor").length) params.set("actor_types", actors.join(","));
    for (const id of ["since", "until"]) if ($(id).dataset.value) params.set(id, $(id).dataset.value);
    if ($("stated-only").checked) params.set("stated_only", "true");
    if ($("with-wrong").checked) params.set("with_wrong", "true");
    const minConfidence = parseFloat($("min-confidence").value);
    if (minConfidence > 0) params.set("min_confidence", String(Math.min(minConfidence, 1)));
    const minWeight = parseInt($("min-weight").value, 10);
    if (minWeight > 1) params.set("min_weight", String(minWeight));
    const maxNodes = parseInt($("max-nodes").value, 10);
    if (maxNodes > 0) params.set("max_nodes", String(Math.min(maxNodes, 10000)));
    return params;
  }

  async function loadView(center) {
    const loadId = ++state.loadId;
    const params = filterParams();
    if (center) {
      params.set("center", center);
      params.set("depth", $("depth").value);
    }
    const path = center ? `/actors/${encodeURIComponent(center)}` : "/";
    const pageParams = new URLSearchParams(params);
    pageParams.delete("center");
    const query = pageParams.toString();
    history.replaceState(null, "", query ? `${path}?${query}` : path);
    const inverted = invertedRange();
    if (inverted) {
      show({ ...emptyView(), center: null, problem: inverted });
      return;
    }
    if (params.get("types") === "" || params.get("actor_types") === "") {
      show({ ...emptyView(), center: null });
      return;
    }
    setReady(false);
    try {
      const view = await getJSON(`/api/graph?${params}`);
      if (loadId === state.loadId) show(view);
    } catch (error) {
      if (loadId !== state.loadId) return;
      notice.replaceChildren(el("strong", { text: `Could not load the graph: ${error.message}` }));
      notice.hidden = false;
      setReady(true);
    }
  }

  // "From" after "To" selects nothing: say so rather than draw an empty canvas.
  function invertedRange() {
    const since = $("since").dataset.value;
    const until = $("until").dataset.value;
    if (!since || !until) return null;
    const common = Math.min(since.length, until.length);
    if (since.slice(0, common) <= until.slice(0, common)) return null;
    return `The date range is inverted: From (${since}) is after To (${until}).`;
  }

  // The filters that also narrow an actor's or an edge's evidence list.
  function evidenceParams() {
    const params = new URLSearchParams();
    const all = filterParams();
    for (const key of ["types", "since", "until", "stated_only", "with_wrong", "min_confidence"]) if (all.has(key)) params.set(key, all.get(key));
    return params;
  }

  function emptyView() {
    return { nodes: [], edges: [], options: state.view ? state.view.options : {}, physics: false, total: 0, omitted: 0, omitted_top: [] };
  }

  let filterTimer = null;
  function filtersChanged() {
    clearTimeout(filterTimer);
    filterTimer = setTimeout(() => loadView(state.center), 200);
  }
  document.querySelectorAll(".controls input[name], #stated-only, #with-wrong, #min-confidence, #min-weight, #max-nodes").forEach((input) =>
    input.addEventListener("change", filtersChanged)
  );
  document.querySelectorAll("[data-all], [data-none]").forEach((button) =>
    button.addEventListener("click", () => {
      const name = button.dataset.all || button.dataset.none;
      document.querySelectorAll(`input[name="${name}"]`).forEach((i) => (i.checked = !!button.dataset.all));
      filtersChanged();
    })
  );
  $("depth").addEventListener("change", () => state.center && loadView(state.center));
  $("reset").addEventListener("click", () => loadView(null));
  $("fit").addEventListener("click", () => {
    network.fit();
    relabel();
  });
  physicsBox.addEventListener("change", () => {
    state.userMoved = true;
    network.setOptions({ physics: { enabled: physicsBox.checked } });
    if (physicsBox.checked) network.startSimulation();
    else network.stopSimulation();
  });

  // ---------- search ----------
  let searchTimer = null;
  let results = [];
  let active = -1;

  function hideSuggestions() {
    suggestions.hidden = true;
    suggestions.replaceChildren();
    searchInput.setAttribute("aria-expanded", "false");
    active = -1;
  }

  async function suggest() {
    const query = searchInput.value.trim();
    if (!query) {
      results = [];
      return hideSuggestions();
    }
    try {
      const found = await getJSON(`/api/actors?q=${encodeURIComponent(query)}&limit=8`);
      if (searchInput.value.trim() !== query) return;
      results = found.actors;
      active = -1;
      suggestions.replaceChildren(
        ...results.map((actor, index) =>
          el(
            "li",
            { role: "option", id: `suggestion-${index}`, "data-id": actor.id, class: "suggestion" },
            el("span", { class: `swatch dot type-${actor.type}` }),
            el("bdi", { class: "ar", dir: "rtl", lang: "ar", text: actor.name_ar }),
            el("bdi", { class: "en", lang: "en", dir: "ltr", text: actor.name_en }),
            el("span", { class: "meta", dir: "ltr", text: `${actor.type} · ${actor.degree} edges`, title: `${actor.mentions} mentions in ${actor.documents} documents` })
          )
        )
      );
      if (!results.length) suggestions.append(el("li", { class: "suggestion empty", dir: "ltr", text: `No actor matches “${query}”` }));
      suggestions.hidden = false;
      searchInput.setAttribute("aria-expanded", "true");
    } catch (error) {
      hideSuggestions();
    }
  }

  function highlightSuggestion(index) {
    const items = suggestions.querySelectorAll("li[data-id]");
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach((item, i) => item.classList.toggle("active", i === active));
    searchInput.setAttribute("aria-activedescendant", items[active].id);
  }

  searchInput.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(suggest, 150);
  });
  searchInput.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") highlightSuggestion(active + 1);
    else if (event.key === "ArrowUp") highlightSuggestion(active - 1);
    else if (event.key === "Escape") hideSuggestions();
    else return;
    event.preventDefault();
  });
  suggestions.addEventListener("mousedown", (event) => event.preventDefault());
  suggestions.addEventListener("click", (event) => {
    const item = event.target.closest("li[data-id]");
    if (item) focusActor(item.dataset.id);
  });
  $("search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    clearTimeout(searchTimer);
    if (active < 0) await suggest();
    const chosen = results[Math.max(active, 0)];
    if (chosen) focusActor(chosen.id);
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest("#search-form")) hideSuggestions();
  });

  async function focusActor(actorId) {
    hideSuggestions();
    api.focused = null;
    state.userMoved = true;
    if (!state.nodes.get(actorId)) {
      await loadView(actorId);
      await untilReady();
    }
    const opened = openActor(actorId);
    if (state.nodes.get(actorId)) {
      network.selectNodes([actorId]);
      network.focus(actorId, { scale: Math.max(network.getScale(), 1.1), animation: { duration: 300 } });
    }
    await opened;
    api.focused = actorId;
    document.body.dataset.focused = actorId;
  }

  function untilReady() {
    return new Promise((resolve) => {
      const check = () => (api.ready ? resolve() : setTimeout(check, 50));
      check();
    });
  }

  // ---------- side panel ----------
  function names(ids, detail) {
    const out = {};
    for (const id of ids) {
      const node = state.nodes.get(id);
      out[id] = node ? node.name_en : (detail && detail[id]) || id;
    }
    return out;
  }

  function evidenceElement(relation, labels) {
    const text = relation.evidence;
    const paragraph = el("p", { class: "evidence", dir: "rtl", lang: "ar" });
    let cursor = 0;
    for (const highlight of relation.highlights || []) {
      if (highlight.start < cursor) continue;
      paragraph.append(document.createTextNode(text.slice(cursor, highlight.start)));
      const role = highlight.actor === relation.subject ? "subject" : "object";
      paragraph.append(el("mark", { class: role, title: labels[highlight.actor] || highlight.actor, "data-actor": highlight.actor, text: text.slice(highlight.start, highlight.end) }));
      cursor = highlight.end;
    }
    paragraph.append(document.createTextNode(text.slice(cursor)));
    return paragraph;
  }

  function actorButton(id, label, current) {
    if (id === current) return el("strong", { text: label });
    return el("button", { type: "button", class: "link-button actor-link", "data-id": id, text: label, onclick: () => focusActor(id) });
  }

  function relationItem(relation, labels, current) {
    const arrow = SYMMETRIC.has(relation.type) ? "↔" : "→";
    const meta = el(
      "div",
      { class: "relation-meta", dir: "ltr", lang: "en" },
      actorButton(relation.subject, labels[relation.subject] || relation.subject, current),
      ` ${arrow} `,
      el("span", { class: "code", text: relation.type, title: relation.trigger ? `trigger: ${relation.trigger}` : null }),
      ` ${arrow} `,
      actorButton(relation.object, labels[relation.object] || relation.object, current),
      relation.reported_by ? el("span", { class: "muted", text: `(reported by ${labels[relation.reported_by] || relation.reported_by})` }) : null,
      el("span", {
        class: `confidence${relation.method === "rules" ? " by-rules" : ""}`,
        title: relation.method === "rules"
          ? "found by the rules alone"
          : "the model's confidence: about the share of relations scored like this one that the sentence states",
        text: relation.method === "rules" ? "rules" : `confidence ${Number(relation.confidence).toFixed(2)}`,
      }),
      relation.date
        ? el("span", {
            class: `date${relation.date_source === "article" ? " article-date" : ""}`,
            title: relation.date_source === "article" ? "no date stated: the article's date" : "date stated in the sentence",
            text: relation.date_source === "article" ? `${relation.date} (article)` : relation.date,
          })
        : null
    );
    const documents = relation.documents && relation.documents.length ? relation.documents : [{ id: relation.document, title: relation.document_title, document_url: relation.document_url }];
    const link = (doc) =>
      el("a", { href: `${doc.document_url}#evidence-${relation.start}-${relation.end}`, class: "doc-link", "data-document": doc.id, title: "open the article at this sentence" },
        el("bdi", { dir: "rtl", lang: "ar", text: doc.title || doc.id }));
    const source = el(
      "div",
      { class: "source", dir: "ltr", lang: "en" },
      documents.length === 1 ? "article: " : `${documents.length} articles state this sentence: `,
      ...documents.flatMap((doc, index) => (index ? [" · ", link(doc)] : [link(doc)]))
    );
    const item = el("li", { class: `relation${relation.verdict ? ` verdict-${relation.verdict}` : ""}`, "data-relation": relation.id, "data-copies": String(documents.length) }, meta, evidenceElement(relation, labels), source);
    for (const hook of api.hooks.relation) hook(relation, item);
    return item;
  }

  // Showing or hiding the panel narrows or widens the canvas: keep the same
  // point of the graph in the middle instead of letting it slide away.
  function setPanel(visible) {
    if (panel.hidden === !visible) return;
    const centre = network.getViewPosition();
    hideTooltip();
    panel.hidden = !visible;
    network.setSize("100%", "100%");
    if (state.userMoved || api.keepView) network.moveTo({ position: centre });
    else network.fit(); // the panel never covers a node: the graph is framed in what is left
    relabel();
  }

  function openPanel(...children) {
    setPanel(true);
    panelBody.replaceChildren(...children);
    panel.scrollTop = 0;
  }

  const PAGE = 200; // evidence cards per request

  // Why each name is this actor: "واشنطن → United States: capital acting as its state".
  function mentionsSection(actor) {
    const list = el("ul", {});
    const section = el(
      "section",
      { class: "actor-mentions", "data-state": "loading" },
      el("h3", { dir: "ltr", lang: "en", text: "Why this actor" }),
      list
    );
    getJSON(`/api/actors/${encodeURIComponent(actor.id)}/mentions?limit=1000`)
      .then((found) => {
        // one line per name and way of resolving it, the most frequent first
        const lines = new Map();
        for (const m of found.mentions) {
          const key = `${m.text}\u0000${m.how}\u0000${m.reason}`;
          const line = lines.get(key) || { text: m.text, how: m.how, reason: m.reason, count: 0, documents: new Set() };
          line.count += 1;
          line.documents.add(m.document);
          lines.set(key, line);
        }
        const sorted = [...lines.values()].sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
        list.append(
          ...sorted.map((m) =>
            el(
              "li",
              { class: "mention-reason", "data-how": m.how, dir: "ltr", lang: "en" },
              el("span", { dir: "rtl", lang: "ar", class: "surface", text: m.text }),
              ` → ${actor.name_en}: ${m.reason}`,
              el("span", { class: "muted", text: ` · ${number(m.count)} in ${number(m.documents.size)} documents` })
            )
          )
        );
        if (found.total > found.mentions.length) {
          list.append(el("li", { class: "muted", text: `(the first ${number(found.mentions.length)} of ${number(found.total)} mentions)` }));
        }
        section.dataset.state = "ready";
      })
      .catch((error) => {
        list.append(el("li", { class: "error", text: error.message }));
        section.dataset.state = "error";
      });
    return section;
  }

  async function openActor(actorId) {
    openPanel(el("p", { class: "muted", text: "…" }));
    try {
      const params = evidenceParams();
      params.set("limit", String(PAGE));
      const actor = await getJSON(`/api/actors/${encodeURIComponent(actorId)}?${params}`);
      const labels = Object.assign({}, actor.names, { [actor.id]: actor.name_en });
      const sections = {};
      const shown = () => Object.values(sections).reduce((sum, s) => sum + s.querySelectorAll("li.relation").length, 0);
      const counted = el("span", { class: "relation-count" });
      const header = el(
        "header",
        { class: "actor-header", "data-id": actor.id },
        el("h2", { dir: "rtl", lang: "ar", text: actor.name_ar }),
        el("p", { class: "en", dir: "ltr", lang: "en", text: actor.name_en }),
        el(
          "p",
          { class: "facts", dir: "ltr", lang: "en" },
          el("span", { class: `badge type-${actor.type}`, text: actor.type }),
          ` ${actor.mentions} mentions · ${actor.documents} documents · ${actor.degree} edges · `,
          counted,
          actor.known ? null : el("span", { class: "muted", text: " · not in the registry" })
        ),
        el(
          "p",
          { class: "actions", dir: "ltr", lang: "en" },
          el("button", { type: "button", class: "small", onclick: () => loadView(actor.id) }, "Show ego network"),
          " ",
          el("a", { href: `/actors/${encodeURIComponent(actor.id)}`, text: "ego page" }),
          actor.wikidata ? " · " : null,
          actor.wikidata ? el("span", { class: "muted", text: `Wikidata ${actor.wikidata}` }) : null
        )
      );
      for (const hook of api.hooks.actor) hook(actor, header);
      const section = (type) => {
        if (!sections[type]) {
          const counts = actor.relation_counts[type] || { relations: 0, cards: 0 };
          const score = (actor.relations[type] && actor.relations[type][0].score) || 0;
          sections[type] = el(
            "section",
            { class: "relation-group", "data-type": type },
            el("h3", { dir: "ltr" }, el("span", { class: "swatch line", style: `--c: ${relationColour(score)}` }), `${type} (${number(counts.relations)})`),
            el("ul", {})
          );
        }
        return sections[type];
      };
      const order = Object.keys(actor.relation_counts);
      const add = (relations) => {
        for (const [type, list] of Object.entries(relations)) {
          section(type).querySelector("ul").append(...list.map((r) => relationItem(r, labels, actor.id)));
        }
      };
      add(actor.relations);
      const more = el("button", { type: "button", class: "small more", "data-more": "relations" }, "Show more");
      const footer = el("p", { class: "more-row", dir: "ltr", lang: "en" }, more);
      const recount = () => {
        const cards = shown();
        counted.textContent =
          cards < actor.evidence_total
            ? `${number(cards)} of ${number(actor.evidence_total)} evidence sentences shown (${number(actor.relations_total)} stated relations)`
            : `${number(actor.relations_total)} stated relations` + (actor.evidence_total < actor.relations_total ? ` in ${number(actor.evidence_total)} evidence sentences` : "");
        footer.hidden = cards >= actor.evidence_total;
      };
      // Later pages may open sections for types the first page did not reach: keep type order.
      const place = () => order.filter((type) => sections[type]).forEach((type) => panelBody.insertBefore(sections[type], footer));
      more.addEventListener("click", async () => {
        more.disabled = true;
        const next = new URLSearchParams(params);
        next.set("offset", String(shown()));
        try {
          const page = await getJSON(`/api/actors/${encodeURIComponent(actorId)}?${next}`);
          Object.assign(labels, page.names);
          add(page.relations);
          place();
        } catch (error) {
          footer.append(el("span", { class: "error", text: ` ${error.message}` }));
        } finally {
          more.disabled = false;
          recount();
          api.pages = (api.pages || 0) + 1; // tests wait for the next page
        }
      });
      recount();
      const groups = order.filter((type) => actor.relations[type]).map(section);
      openPanel(header, mentionsSection(actor), ...(groups.length ? groups : [el("p", { class: "muted", dir: "ltr", text: "No stated relation." })]), footer);
    } catch (error) {
      openPanel(el("p", { class: "error", dir: "ltr", text: error.message }));
    }
  }

  function relationColour(score) {
    const t = Math.max(-1, Math.min(1, score / 10));
    const target = t < 0 ? [214, 39, 40] : [44, 160, 44];
    const c = target.map((v) => Math.round(150 + (v - 150) * Math.abs(t)));
    return `rgb(${c.join(",")})`;
  }

  async function openEdge(edgeId) {
    const edge = state.edges.get(edgeId);
    if (!edge) return;
    openPanel(el("p", { class: "muted", text: "…" }));
    try {
      const params = evidenceParams();
      params.delete("types");
      for (const [key, value] of Object.entries({ subject: edge.from, object: edge.to, type: edge.relation })) params.set(key, value);
      const result = await getJSON(`/api/relations?${params}`);
      const labels = names([edge.from, edge.to]);
      const arrow = edge.symmetric ? "↔" : "→";
      const from = state.nodes.get(edge.from) || {};
      const to = state.nodes.get(edge.to) || {};
      openPanel(
        el(
          "header",
          { class: "actor-header edge-header", "data-edge": edge.id },
          el("h2", { dir: "rtl", lang: "ar" }, el("bdi", { text: from.name_ar || edge.from }), ` ${edge.symmetric ? "↔" : "←"} `, el("bdi", { text: to.name_ar || edge.to })),
          el("p", { class: "en", dir: "ltr", lang: "en" }, `${labels[edge.from]} ${arrow} `, el("span", { class: "code", text: edge.relation }), ` ${arrow} ${labels[edge.to]}`),
          el("p", { class: "facts", dir: "ltr", lang: "en", text: `${result.statements} stated relation${result.statements === 1 ? "" : "s"}${result.total < result.statements ? ` in ${result.total} evidence sentences` : ""}${result.count < result.total ? ` · ${result.count} of ${result.total} shown` : ""}${edge.first_date ? ` · ${edge.first_date}${edge.last_date && edge.last_date !== edge.first_date ? ` – ${edge.last_date}` : ""}` : ""}` })
        ),
        el("ul", { class: "edge-relations" }, ...result.relations.map((r) => relationItem(r, labels, null)))
      );
    } catch (error) {
      openPanel(el("p", { class: "error", dir: "ltr", text: error.message }));
    }
  }

  network.on("click", (params) => {
    if (params.nodes.length) openActor(params.nodes[0]);
    else if (params.edges.length) openEdge(params.edges[0]);
  });
  network.on("dragStart", () => (state.userMoved = true));
  network.on("dragEnd", relabelSoon);
  network.on("zoom", () => {
    state.userMoved = true;
    relabelSoon();
  });
  network.on("stabilized", relabelSoon);
  network.on("animationFinished", relabelSoon);
  // A label not drawn at this zoom is drawn while its node is hovered.
  network.on("hoverNode", (params) => {
    state.hovered = params.node;
    if (!api.labelBoxes[params.node]) state.nodes.update({ id: params.node, font: { size: SHOWN_PX / network.getScale() } });
  });
  network.on("blurNode", (params) => {
    state.hovered = null;
    if (state.nodes.get(params.node) && !api.labelBoxes[params.node]) state.nodes.update({ id: params.node, font: { size: HIDDEN_PX / network.getScale() } });
  });
  window.addEventListener("resize", relabelSoon);
  network.on("doubleClick", (params) => {
    if (params.nodes.length) loadView(params.nodes[0]);
  });
  $("panel-close").addEventListener("click", () => setPanel(false));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && document.activeElement !== searchInput) setPanel(false);
  });

  // Reload the view and what the panel shows (after a change to the data).
  async function refresh(then) {
    await loadView(state.center);
    await untilReady();
    if (then && then.actor) await openActor(then.actor);
    else if (then && then.edge && state.edges.get(then.edge)) await openEdge(then.edge);
    api.refreshes = (api.refreshes || 0) + 1; // tests wait for the data shown again
  }

  Object.assign(api, { focusActor, openActor, openEdge, openPanel, setPanel, loadView, untilReady, refresh, relabel, el, getJSON, relationColour, filterParams, viewParams, parseDate, t: i18n.t, number });
  applyLanguage(i18n.lang);
  show(initial);
})();
