// The analyst's workbench on the explorer: from the actor panel, merge two actors, split
// mentions off, add or remove an alias, rename the English label; on every evidence card,
// mark the relation wrong or confirmed; the audit trail of changes with undo, export and
// import.  Every change goes to the server at once (and applies at every later ingest).
//
// Who may write (body data-write): "open" (loopback), "token" (the page asks for the
// server's write token once and keeps it for the session), "read-only" (no controls).
// Text from articles and users is only ever inserted as text (api.el).
(function () {
  "use strict";
  const api = window.actorgraph;
  const el = api.el;
  const $ = (id) => document.getElementById(id);
  const mode = document.body.dataset.write || "open";
  const TOKEN_KEY = "actorgraph.token";
  const AUTHOR_KEY = "actorgraph.author";
  const TYPES = ["PER", "ORG", "GPE", "FAC", "LOC"];
  const workbench = { writes: 0, last: null };
  api.workbench = workbench;

  // ---------- writing ----------
  function token() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) || "";
    } catch (error) {
      return workbench.token || "";
    }
  }

  function keepToken(value) {
    workbench.token = value;
    try {
      sessionStorage.setItem(TOKEN_KEY, value);
    } catch (error) {
      /* kept in memory */
    }
  }

  async function write(method, url, body) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (mode === "token" && token()) headers.Authorization = `Bearer ${token()}`;
    const response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const answer = await response.json();
    if (response.status === 401 || (response.status === 403 && answer.error && answer.error.code === "bad_token")) {
      const given = await askToken(answer.error.message);
      if (given) return write(method, url, body);
    }
    if (!response.ok) throw new Error(answer && answer.error ? answer.error.message : response.statusText);
    workbench.writes += 1;
    workbench.last = answer;
    return answer;
  }
  workbench.write = write;

  function askToken(message) {
    return new Promise((resolve) => {
      const input = el("input", { type: "password", id: "token-input", autocomplete: "off", "aria-label": "write token" });
      const form = el(
        "form",
        { class: "token-form", dir: "ltr", lang: "en" },
        el("p", { text: `${message} (ACTORGRAPH_WRITE_TOKEN)` }),
        input,
        " ",
        el("button", { type: "submit", class: "small", text: "Use" }),
        " ",
        el("button", { type: "button", class: "small", text: "Cancel", onclick: () => done("") })
      );
      const done = (value) => {
        form.remove();
        if (value) keepToken(value);
        resolve(value);
      };
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        done(input.value.trim());
      });
      toast(form, 0);
      input.focus();
    });
  }

  let toastTimer = null;
  function toast(content, ms = 8000) {
    const box = $("toast");
    clearTimeout(toastTimer);
    box.replaceChildren(content);
    box.hidden = false;
    if (ms) toastTimer = setTimeout(() => (box.hidden = true), ms);
  }

  function author() {
    return localStorage.getItem(AUTHOR_KEY) || "";
  }

  // After a change: say what happened, offer to undo it, show the data as it is now.
  async function changed(result, what) {
    const undo = el("button", {
      type: "button", class: "link-button", "data-undo": result.change.id, text: "Undo",
      onclick: async () => {
        const undone = await write("POST", `/api/audit/${encodeURIComponent(result.change.id)}/undo`, { author: author() });
        toast(el("span", { text: `Undone: ${what}` }));
        await api.refresh({ actor: undone.change.actor });
      },
    });  // prettier-ignore
    toast(el("span", {}, `${what} · `, undo));
    await api.refresh({ actor: result.actor });
  }

  function failed(where, error) {
    where.replaceChildren(el("span", { class: "error", text: error.message }));
  }

  // ---------- choosing another actor ----------
  function actorPicker(exclude, onPick) {
    const input = el("input", { type: "search", dir: "auto", placeholder: "search an actor", class: "picker", "aria-label": "another actor" });
    const list = el("ul", { class: "picks" });
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const query = input.value.trim();
        if (!query) return list.replaceChildren();
        const found = await api.getJSON(`/api/actors?q=${encodeURIComponent(query)}&limit=8`);
        list.replaceChildren(
          ...found.actors
            .filter((a) => a.id !== exclude)
            .map((a) =>
              el("li", {}, el("button", { type: "button", class: "link-button pick", "data-id": a.id, onclick: () => onPick(a) },
                el("bdi", { dir: "rtl", lang: "ar", text: a.name_ar }), " ", el("bdi", { class: "en", text: a.name_en }),
                el("span", { class: "muted", text: ` ${a.type} · ${a.mentions} mentions` })))
            )
        );  // prettier-ignore
      }, 150);
    });
    return el("div", { class: "picker-box" }, input, list);
  }

  function reasonField() {
    return el("input", { type: "text", class: "reason", placeholder: "why (kept in the audit trail)", maxlength: "2000", "aria-label": "reason" });
  }

  // ---------- the actor panel ----------
  api.hooks.actor.push((actor, header) => {
    if (mode === "read-only") {
      header.append(el("p", { class: "muted read-only", dir: "ltr", lang: "en", text: "Read-only server: changes are made on the server that holds the store." }));
      return;
    }
    const body = el("div", { class: "curate-body" });
    const details = el("details", { class: "curate", dir: "ltr", lang: "en" }, el("summary", { text: "Edit this actor: merge, split, aliases, English label" }), body);
    details.addEventListener("toggle", () => {
      if (details.open && !body.childElementCount) build(actor, body);
    });
    header.append(details);
  });

  function build(actor, body) {
    const status = el("p", { class: "curate-status", role: "status" });
    const reason = reasonField();
    const who = el("input", { type: "text", class: "author", placeholder: "your name (optional)", value: author(), maxlength: "200", "aria-label": "author" });
    who.addEventListener("change", () => localStorage.setItem(AUTHOR_KEY, who.value.trim()));
    const common = () => ({ reason: reason.value.trim(), author: who.value.trim() });
    const run = async (button, work) => {
      button.disabled = true;
      status.replaceChildren("…");
      try {
        await work();
      } catch (error) {
        failed(status, error);
      } finally {
        button.disabled = false;
      }
    };

    // English label
    const label = el("input", { type: "text", name: "name_en", value: actor.name_en, maxlength: "200", "aria-label": "English label" });
    const rename = el("button", { type: "button", class: "small", "data-action": "rename", text: "Rename" });
    rename.addEventListener("click", () =>
      run(rename, async () => {
        const result = await write("POST", `/api/actors/${encodeURIComponent(actor.id)}/rename`, { name_en: label.value, ...common() });
        await changed(result, `Renamed ${actor.name_en} → ${label.value.trim()}`);
      })
    );

    // aliases
    const alias = el("input", { type: "text", name: "alias", dir: "auto", maxlength: "200", placeholder: "a spelling, e.g. بشار", "aria-label": "alias" });
    const aliasAction = (action) => {
      const button = el("button", { type: "button", class: "small", "data-action": `alias-${action}`, text: action === "add" ? "Add alias" : "Remove alias" });
      button.addEventListener("click", () =>
        run(button, async () => {
          const result = await write("POST", `/api/actors/${encodeURIComponent(actor.id)}/aliases`, { alias: alias.value, action, ...common() });
          await changed(result, `${action === "add" ? "Added" : "Removed"} alias ${alias.value.trim()} of ${actor.name_en}`);
        })
      );
      return button;
    };

    // merge
    const mergeInto = el("div", { class: "merge-choice" });
    const picker = actorPicker(actor.id, (other) => {
      const go = el("button", { type: "button", class: "small danger", "data-action": "merge", "data-other": other.id }, `Merge “${other.name_en}” into “${actor.name_en}”`);
      go.addEventListener("click", () =>
        run(go, async () => {
          const result = await write("POST", `/api/actors/${encodeURIComponent(actor.id)}/merge`, { other: other.id, ...common() });
          await changed(result, `Merged ${other.name_en} into ${actor.name_en}`);
        })
      );
      mergeInto.replaceChildren(go);
    });

    // split
    const mentions = el("div", { class: "split-mentions" });
    const load = el("button", { type: "button", class: "small", "data-action": "mentions", text: "Choose mentions to split off…" });
    load.addEventListener("click", () => run(load, () => splitForm(actor, mentions, common)));

    body.append(
      el("div", { class: "curate-row" }, el("label", { text: "English label " }), label, " ", rename),
      el("div", { class: "curate-row" }, el("label", { text: "Alias " }), alias, " ", aliasAction("add"), " ", aliasAction("remove")),
      el("p", { class: "hint", text: "An alias added takes every mention spelt so; one removed sends this actor's mentions spelt so to an actor of their own." }),
      el("div", { class: "curate-row" }, el("label", { text: "Merge another actor into this one" }), picker, mergeInto),
      el("div", { class: "curate-row" }, load, mentions),
      el("div", { class: "curate-row" }, reason, " ", who),
      status
    );
  }

  async function splitForm(actor, where, common) {
    const page = await api.getJSON(`/api/actors/${encodeURIComponent(actor.id)}/mentions?limit=300`);
    const spellings = {};
    for (const m of page.mentions) (spellings[m.text] = spellings[m.text] || []).push(m);
    const boxes = [];
    const groups = Object.entries(spellings).map(([spelling, found]) => {
      const all = el("input", { type: "checkbox", class: "spelling", "data-spelling": spelling, "aria-label": `every mention spelt ${spelling}` });
      const items = found.map((m) => {
        const box = el("input", { type: "checkbox", class: "mention", "data-document": m.document, "data-start": String(m.start), "data-end": String(m.end) });
        boxes.push(box);
        return el("li", {}, el("label", {}, box, " ",
          el("span", { class: "context", dir: "rtl", lang: "ar" }, `…${m.before.slice(-40)}`, el("mark", { text: m.text }), `${m.after.slice(0, 40)}…`),
          " ", el("a", { href: m.document_url, class: "muted", target: "_blank", rel: "noopener", text: "article" })));  // prettier-ignore
      });
      all.addEventListener("change", () => items.forEach((item) => (item.querySelector("input").checked = all.checked)));
      return el("li", { class: "spelling-group" }, el("label", {}, all, " ", el("bdi", { dir: "rtl", lang: "ar", text: spelling }), el("span", { class: "muted", text: ` ×${found.length}` })), el("ul", {}, ...items));
    });
    const name = el("input", { type: "text", name: "new_name_en", placeholder: "English name of the new actor", maxlength: "200", "aria-label": "new actor's English name" });
    const kind = el("select", { name: "new_type", "aria-label": "new actor's type" }, ...TYPES.map((t) => el("option", { value: t, selected: t === actor.type ? "selected" : null, text: t })));
    let into = null;
    const chosen = el("span", { class: "muted", text: "a new actor" });
    const picker = actorPicker(actor.id, (other) => {
      into = other.id;
      chosen.textContent = `into ${other.name_en}`;
    });
    const go = el("button", { type: "button", class: "small danger", "data-action": "split", text: "Split the chosen mentions off" });
    const status = el("span", { class: "split-status" });
    go.addEventListener("click", async () => {
      const picked = boxes.filter((b) => b.checked).map((b) => ({ document: b.dataset.document, start: Number(b.dataset.start), end: Number(b.dataset.end) }));
      if (!picked.length) return failed(status, new Error("choose at least one mention"));
      go.disabled = true;
      try {
        const body = { mentions: picked, ...common() };
        if (into) body.into = into;
        else Object.assign(body, { name_en: name.value.trim() || null, type: kind.value });
        const result = await write("POST", `/api/actors/${encodeURIComponent(actor.id)}/split`, body);
        await changed(result, `Split ${picked.length} mention${picked.length === 1 ? "" : "s"} off ${actor.name_en}`);
      } catch (error) {
        failed(status, error);
      } finally {
        go.disabled = false;
      }
    });
    where.replaceChildren(
      el("p", { class: "muted", text: `${page.total} mentions${page.total > page.mentions.length ? ` (the first ${page.mentions.length})` : ""}, by spelling:` }),
      el("ul", { class: "spellings" }, ...groups),
      el("div", { class: "curate-row" }, el("span", { text: "Into: " }), chosen, " · new: ", name, " ", kind),
      el("div", { class: "curate-row" }, el("span", { text: "or an existing actor: " }), picker),
      el("div", { class: "curate-row" }, go, " ", status)
    );
  }

  // ---------- verdicts on evidence cards ----------
  api.hooks.relation.push((relation, item) => {
    const shown = el("span", { class: "verdict-state" });
    const paint = (verdict) => {
      item.classList.toggle("verdict-wrong", verdict === "wrong");
      item.classList.toggle("verdict-confirmed", verdict === "confirmed");
      item.dataset.verdict = verdict || "";
      shown.textContent = verdict === "wrong" ? "marked wrong" : verdict === "confirmed" ? "✓ confirmed" : "";
    };
    paint(relation.verdict);
    if (mode === "read-only") {
      item.querySelector(".relation-meta").append(shown);
      return;
    }
    const give = (verdict) => async (event) => {
      const button = event.currentTarget;
      const next = item.dataset.verdict === verdict ? null : verdict;
      button.disabled = true;
      try {
        await write("POST", `/api/relations/${encodeURIComponent(relation.id)}/verdict`, { verdict: next, author: author() });
        paint(next);
        why.hidden = !next;
        await api.loadView(api.center);
      } catch (error) {
        shown.textContent = error.message;
      } finally {
        button.disabled = false;
      }
    };
    const why = el("button", { type: "button", class: "link-button why", text: "why?", hidden: relation.verdict ? null : "hidden" });
    why.addEventListener("click", () => {
      const reason = el("input", { type: "text", class: "reason", placeholder: "why", maxlength: "2000", "aria-label": "reason" });
      const save = el("button", { type: "button", class: "small", text: "Save" });
      save.addEventListener("click", async () => {
        await write("POST", `/api/relations/${encodeURIComponent(relation.id)}/verdict`, { verdict: item.dataset.verdict, reason: reason.value.trim(), author: author() });
        form.replaceWith(el("span", { class: "muted", text: `why: ${reason.value.trim()}` }));
      });
      const form = el("span", { class: "why-form" }, reason, " ", save);
      why.replaceWith(form);
      reason.focus();
    });
    item.querySelector(".relation-meta").append(
      el("span", { class: "verdicts", dir: "ltr", lang: "en" },
        el("button", { type: "button", class: "verdict", "data-verdict": "wrong", title: "this sentence does not state this relation", onclick: give("wrong") }, "✗ wrong"),
        el("button", { type: "button", class: "verdict", "data-verdict": "confirmed", title: "this sentence states this relation", onclick: give("confirmed") }, "✓ right"),
        shown, why)
    );  // prettier-ignore
  });

  // ---------- the audit trail ----------
  function describe(change) {
    const data = change.data;
    const name = (snapshot, id) => (snapshot && snapshot.name_en) || id;
    if (change.kind === "merge") return `merged ${name(data.other_names, data.other)} into ${name(data.target, change.actor)}`;
    if (change.kind === "split") return `split ${data.mentions.length} mention${data.mentions.length === 1 ? "" : "s"} off ${change.actor} into ${name(data.target, data.into)}`;
    if (change.kind === "alias") return `${data.action === "add" ? "added" : "removed"} alias ${data.alias} of ${change.actor}`;
    return `renamed ${change.actor}: ${data.previous} → ${data.name_en}`;
  }

  async function openAudit() {
    const trail = await api.getJSON("/api/audit");
    const file = el("input", { type: "file", accept: "application/json,.json", id: "audit-import", "aria-label": "import a changes file" });
    const status = el("p", { class: "audit-status", role: "status" });
    file.addEventListener("change", async () => {
      try {
        const data = JSON.parse(await file.files[0].text());
        const result = await write("POST", "/api/audit.json", data);
        status.textContent = `${result.added} change${result.added === 1 ? "" : "s"} imported`;
        await api.refresh();
        await openAudit();
      } catch (error) {
        failed(status, error);
      }
    });
    const rows = trail.changes
      .slice()
      .reverse()
      .map((change) => {
        const when = new Date(change.created_at * 1000).toISOString().replace("T", " ").slice(0, 16);
        const undo =
          change.undone_at || mode === "read-only"
            ? null
            : el("button", {
                type: "button", class: "small", "data-undo": change.id, text: "Undo",
                onclick: async (event) => {
                  event.currentTarget.disabled = true;
                  await write("POST", `/api/audit/${encodeURIComponent(change.id)}/undo`, { author: author() });
                  await api.refresh();
                  await openAudit();
                },
              });  // prettier-ignore
        return el("li", { class: `change${change.undone_at ? " undone" : ""}`, "data-change": change.id, "data-kind": change.kind },
          el("div", { class: "change-what" }, describe(change)),
          el("div", { class: "muted" }, `${when} UTC${change.author ? ` · ${change.author}` : ""}${change.reason ? ` · “${change.reason}”` : ""}${change.undone_at ? ` · undone${change.undone_by ? ` by ${change.undone_by}` : ""}` : ""}`),
          undo);  // prettier-ignore
      });
    api.openPanel(
      el("header", { class: "actor-header audit-header", dir: "ltr", lang: "en" },
        el("h2", { text: "Changes" }),
        el("p", { class: "facts", text: `${trail.count} changes, ${trail.active} in force. Each applies to every later ingest; the shipped registry is never edited.` }),
        el("p", { class: "actions" }, el("a", { href: "/api/audit.json", download: "actorgraph-changes.json", text: "Export the changes (file)" }), " · ",
          el("a", { href: "/api/verdicts.jsonl", download: "actorgraph-verdicts.jsonl", text: "Export verdicts (JSONL)" }),
          mode === "read-only" ? null : el("span", {}, " · ", el("label", { for: "audit-import", text: "Import a changes file: " }), file))),
      status,
      el("ul", { class: "audit-list", dir: "ltr", lang: "en" }, ...(rows.length ? rows : [el("li", { class: "muted", text: "No change yet." })]))
    );  // prettier-ignore
  }
  workbench.openAudit = openAudit;
  $("audit-open").addEventListener("click", () => openAudit());
})();
