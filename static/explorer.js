// The explorer page: a vis-network canvas, search with suggestions, filters,
// and a side panel with each relation's evidence.  Text from articles is only
// ever inserted with textContent / createTextNode, never as HTML.
(function () {
  "use strict";

  const initial = JSON.parse(document.getElementById("graph-data").textContent);
  const container = document.getElementById("network");
  const panel = document.getElementById("panel");
  const panelBody = document.getElementById("panel-body");
  const notice = document.getElementById("notice");
  const searchInput = document.getElementById("search");
  const suggestions = document.getElementById("suggestions");

  const nodes = new vis.DataSet(initial.nodes);
  const edges = new vis.DataSet(initial.edges);
  const network = new vis.Network(container, { nodes, edges }, initial.options);
  let center = initial.center;
  window.actorgraph = { network, nodes, edges, ready: false };

  function markReady() {
    window.actorgraph.ready = true;
    document.body.dataset.ready = "true";
  }
  if (initial.physics && initial.nodes.length > 1) {
    network.once("stabilizationIterationsDone", markReady);
    setTimeout(markReady, 5000);
  } else {
    network.once("afterDrawing", markReady);
  }
  document.getElementById("physics").checked = !!initial.physics;

  // ---------- helpers ----------
  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null) continue;
      if (key === "class") element.className = value;
      else if (key === "text") element.textContent = value;
      else element.setAttribute(key, value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return element;
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) {
      const message = body && body.error ? body.error.message : response.statusText;
      throw new Error(message);
    }
    return body;
  }

  function checkedValues(name) {
    return Array.from(document.querySelectorAll(`input[name="${name}"]:checked`)).map((i) => i.value);
  }

  function allValues(name) {
    return Array.from(document.querySelectorAll(`input[name="${name}"]`)).map((i) => i.value);
  }

  function filterParams() {
    const params = new URLSearchParams();
    const relations = checkedValues("relation");
    if (relations.length !== allValues("relation").length) params.set("types", relations.join(",") || "NONE");
    const actors = checkedValues("actor");
    if (actors.length !== allValues("actor").length) params.set("actor_types", actors.join(",") || "NONE");
    const since = document.getElementById("since").value;
    const until = document.getElementById("until").value;
    if (since) params.set("since", since);
    if (until) params.set("until", until);
    const minWeight = document.getElementById("min-weight").value;
    if (minWeight && minWeight !== "1") params.set("min_weight", minWeight);
    params.set("max_nodes", document.getElementById("max-nodes").value || "300");
    return params;
  }

  function showNotice(text) {
    notice.textContent = text;
    notice.hidden = !text;
  }

  // ---------- loading views ----------
  async function loadView(newCenter) {
    const params = filterParams();
    if (newCenter) {
      params.set("center", newCenter);
      params.set("depth", document.getElementById("depth").value);
    }
    if (params.get("types") === "NONE" || params.get("actor_types") === "NONE") {
      nodes.clear();
      edges.clear();
      showNotice("No relation or actor type selected.");
      return;
    }
    try {
      const view = await getJSON(`/api/graph?${params}`);
      center = view.center;
      window.actorgraph.ready = false;
      document.body.dataset.ready = "false";
      nodes.clear();
      edges.clear();
      network.setOptions(view.options);
      nodes.add(view.nodes);
      edges.add(view.edges);
      document.getElementById("physics").checked = !!view.physics;
      if (view.omitted) {
        showNotice(`Showing ${view.nodes.length} of ${view.total} actors; ${view.omitted} left out (the least connected). Narrow the filters or search to see others.`);
      } else {
        showNotice(view.nodes.length ? "" : "No actor matches these filters.");
      }
      network.fit();
      if (view.physics && view.nodes.length > 1) {
        network.once("stabilizationIterationsDone", markReady);
        setTimeout(markReady, 5000);
      } else {
        network.once("afterDrawing", markReady);
        network.redraw();
      }
      if (center) {
        history.replaceState(null, "", `/actors/${encodeURIComponent(center)}`);
        network.selectNodes([center]);
      } else {
        history.replaceState(null, "", "/");
      }
    } catch (error) {
      showNotice(`Could not load the graph: ${error.message}`);
    }
  }

  // ---------- search ----------
  let searchTimer = null;
  let lastResults = [];

  function hideSuggestions() {
    suggestions.hidden = true;
    suggestions.replaceChildren();
  }

  async function suggest() {
    const query = searchInput.value.trim();
    if (!query) return hideSuggestions();
    try {
      const result = await getJSON(`/api/actors?q=${encodeURIComponent(query)}&limit=8`);
      lastResults = result.actors;
      suggestions.replaceChildren(
        ...result.actors.map((actor, index) =>
          el(
            "li",
            { role: "option", "data-id": actor.id, "data-index": index, class: "suggestion" },
            el("span", { class: `swatch dot type-${actor.type}` }),
            el("bdi", { class: "ar", text: actor.name_ar }),
            " ",
            el("bdi", { class: "en", lang: "en", dir: "ltr", text: actor.name_en }),
            el("span", { class: "muted", text: ` · ${actor.type} · ${actor.degree}` })
          )
        )
      );
      suggestions.hidden = result.actors.length === 0;
    } catch (error) {
      hideSuggestions();
    }
  }

  searchInput.addEventListener("input", () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(suggest, 150);
  });
  suggestions.addEventListener("click", (event) => {
    const item = event.target.closest("li[data-id]");
    if (item) focusActor(item.dataset.id);
  });
  document.getElementById("search-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    clearTimeout(searchTimer);
    await suggest();
    if (lastResults.length) focusActor(lastResults[0].id);
  });
  document.addEventListener("click", (event) => {
    if (!event.target.closest("#search-form")) hideSuggestions();
  });

  async function focusActor(actorId) {
    hideSuggestions();
    if (!nodes.get(actorId)) await loadView(actorId);
    if (nodes.get(actorId)) {
      network.selectNodes([actorId]);
      network.focus(actorId, { scale: 1.2, animation: { duration: 400 } });
    }
    window.actorgraph.focused = actorId;
    document.body.dataset.focused = actorId;
    openActor(actorId);
  }

  // ---------- side panel ----------
  function evidenceElement(relation, names) {
    const text = relation.evidence;
    const paragraph = el("p", { class: "evidence", dir: "rtl", lang: "ar" });
    let cursor = 0;
    for (const highlight of relation.highlights || []) {
      if (highlight.start < cursor) continue;
      paragraph.append(document.createTextNode(text.slice(cursor, highlight.start)));
      const role = highlight.actor === relation.subject ? "subject" : "object";
      paragraph.append(el("mark", { class: role, title: names[highlight.actor] || highlight.actor, text: text.slice(highlight.start, highlight.end) }));
      cursor = highlight.end;
    }
    paragraph.append(document.createTextNode(text.slice(cursor)));
    return paragraph;
  }

  function relationItem(relation, names) {
    const subject = names[relation.subject] || relation.subject;
    const object = names[relation.object] || relation.object;
    const meta = el(
      "div",
      { class: "relation-meta", dir: "ltr", lang: "en" },
      el("strong", { text: `${subject} → ${relation.type} → ${object}` }),
      relation.date ? ` · ${relation.date}` : "",
      relation.reported_by ? ` · reported by ${names[relation.reported_by] || relation.reported_by}` : ""
    );
    const link = el("a", { href: `${relation.document_url}#evidence-${relation.start}-${relation.end}`, class: "doc-link", text: relation.document_title || relation.document });
    return el("li", { class: "relation", "data-relation": relation.id }, meta, evidenceElement(relation, names), el("div", { class: "source" }, "↳ ", link));
  }

  async function openActor(actorId) {
    panel.hidden = false;
    panelBody.replaceChildren(el("p", { class: "muted", text: "…" }));
    try {
      const actor = await getJSON(`/api/actors/${encodeURIComponent(actorId)}`);
      const names = Object.assign({}, actor.names, { [actor.id]: actor.name_en });
      const header = el(
        "header",
        { class: "actor-header" },
        el("h2", { dir: "rtl", lang: "ar", text: actor.name_ar }),
        el("p", { class: "en", dir: "ltr", lang: "en", text: actor.name_en }),
        el("p", { class: "muted", dir: "ltr", lang: "en", text: `${actor.type} · ${actor.mentions} mentions in ${actor.documents} documents · ${actor.degree} edges` }),
        el("p", { dir: "ltr", lang: "en" }, el("a", { href: `/actors/${encodeURIComponent(actor.id)}`, text: "Ego view" }))
      );
      const groups = Object.entries(actor.relations).map(([type, relations]) =>
        el("section", { class: "relation-group", "data-type": type }, el("h3", { dir: "ltr", text: `${type} (${relations.length})` }), el("ul", {}, ...relations.map((r) => relationItem(r, names))))
      );
      panelBody.replaceChildren(header, ...(groups.length ? groups : [el("p", { class: "muted", dir: "ltr", text: "No stated relation." })]));
    } catch (error) {
      panelBody.replaceChildren(el("p", { class: "error", dir: "ltr", text: error.message }));
    }
  }

  async function openEdge(edgeId) {
    const edge = edges.get(edgeId);
    if (!edge) return;
    panel.hidden = false;
    panelBody.replaceChildren(el("p", { class: "muted", text: "…" }));
    try {
      const params = new URLSearchParams({ subject: edge.from, object: edge.to, type: edge.relation });
      const result = await getJSON(`/api/relations?${params}`);
      const from = nodes.get(edge.from);
      const to = nodes.get(edge.to);
      const names = { [edge.from]: from ? from.name_en : edge.from, [edge.to]: to ? to.name_en : edge.to };
      panelBody.replaceChildren(
        el("header", { class: "actor-header" }, el("h2", { dir: "ltr", lang: "en", text: `${names[edge.from]} → ${edge.relation} → ${names[edge.to]}` }), el("p", { class: "muted", dir: "ltr", text: `${result.count} stated relation(s)` })),
        el("ul", { class: "edge-relations" }, ...result.relations.map((r) => relationItem(r, names)))
      );
    } catch (error) {
      panelBody.replaceChildren(el("p", { class: "error", dir: "ltr", text: error.message }));
    }
  }

  network.on("click", (params) => {
    if (params.nodes.length) openActor(params.nodes[0]);
    else if (params.edges.length) openEdge(params.edges[0]);
  });
  network.on("doubleClick", (params) => {
    if (params.nodes.length) loadView(params.nodes[0]);
  });
  document.getElementById("panel-close").addEventListener("click", () => (panel.hidden = true));

  // ---------- controls ----------
  document.getElementById("apply").addEventListener("click", () => loadView(center));
  document.getElementById("reset").addEventListener("click", () => {
    center = null;
    loadView(null);
  });
  document.getElementById("depth").addEventListener("change", () => center && loadView(center));
  document.getElementById("physics").addEventListener("change", (event) => {
    network.setOptions({ physics: { enabled: event.target.checked } });
  });

  window.actorgraph.focusActor = focusActor;
  window.actorgraph.openEdge = openEdge;
  window.actorgraph.loadView = loadView;
})();
