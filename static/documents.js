// The list of stored articles: search by title, outlet, id or date; open one; delete one
// (twice-clicked: no dialog), after which the explorer's graph no longer holds its relations.
// Article text is only ever inserted as text.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const PAGE = 50;
  const mode = document.body.dataset.write || "open";
  const state = { offset: 0, total: 0 };
  const documentsPage = { loads: 0, deleted: [] };
  window.actorgraphDocuments = documentsPage;

  function el(tag, attributes, ...children) {
    const element = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") element.className = value;
      else if (key === "text") element.textContent = value;
      else if (key.startsWith("on")) element.addEventListener(key.slice(2), value);
      else element.setAttribute(key, value);
    }
    for (const child of children) if (child !== null && child !== undefined) element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    return element;
  }

  async function call(method, url) {
    const headers = { Accept: "application/json" };
    const token = sessionStorage.getItem("actorgraph.token");
    if (method !== "GET" && mode === "token" && token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(url, { method, headers });
    const body = await response.json();
    if (!response.ok) throw new Error(body && body.error ? body.error.message : response.statusText);
    return body;
  }

  function params() {
    const found = new URLSearchParams();
    for (const id of ["q", "since", "until"]) if ($(id).value.trim()) found.set(id, $(id).value.trim());
    if ($("sort").value !== "date") found.set("sort", $("sort").value);
    return found;
  }

  async function load() {
    const query = params();
    history.replaceState(null, "", query.toString() ? `/documents?${query}` : "/documents");
    query.set("offset", String(state.offset));
    query.set("limit", String(PAGE));
    try {
      const page = await call("GET", `/api/documents?${query}`);
      state.total = page.total;
      $("rows").replaceChildren(...page.documents.map(row));
      $("summary").textContent = `${page.total.toLocaleString("en")} document${page.total === 1 ? "" : "s"}`;
      $("page").textContent = page.total ? `${state.offset + 1}–${state.offset + page.documents.length} of ${page.total}` : "";
      $("previous").disabled = state.offset === 0;
      $("next").disabled = state.offset + PAGE >= page.total;
    } catch (error) {
      $("summary").replaceChildren(el("span", { class: "error", text: error.message }));
    }
    documentsPage.loads += 1;
  }

  function row(doc) {
    const remove =
      mode === "read-only"
        ? el("span", { class: "muted", text: "read-only" })
        : el("button", { type: "button", class: "small danger", "data-delete": doc.id, text: "Delete" });
    if (mode !== "read-only") {
      remove.addEventListener("click", async () => {
        if (remove.dataset.armed !== "true") {
          remove.dataset.armed = "true";
          remove.textContent = "Delete: sure?";
          return;
        }
        remove.disabled = true;
        try {
          const gone = await call("DELETE", `/api/documents/${encodeURIComponent(doc.id)}`);
          documentsPage.deleted.push(doc.id);
          await load();
          $("summary").textContent = `Deleted “${doc.title}”: ${gone.mentions} mentions, ${gone.relations} relations, ${gone.actors} actors mentioned nowhere else. ${$("summary").textContent}`;
        } catch (error) {
          remove.replaceWith(el("span", { class: "error", text: error.message }));
        }
      });
    }
    return el(
      "tr",
      { "data-document": doc.id },
      el("td", { class: "title" }, el("a", { href: doc.document_url, dir: "rtl", lang: "ar", text: doc.title || doc.id })),
      el("td", { text: doc.outlet || "" }),
      el("td", { text: doc.date || "" }),
      el("td", { class: "number", text: String(doc.mentions) }),
      el("td", { class: "number", text: String(doc.relations) }),
      el("td", {}, remove)
    );
  }

  $("filters").addEventListener("submit", (event) => {
    event.preventDefault();
    state.offset = 0;
    load();
  });
  $("previous").addEventListener("click", () => {
    state.offset = Math.max(0, state.offset - PAGE);
    load();
  });
  $("next").addEventListener("click", () => {
    state.offset += PAGE;
    load();
  });
  const start = new URLSearchParams(location.search);
  for (const id of ["q", "since", "until", "sort"]) if (start.get(id)) $(id).value = start.get(id);
  load();
})();
