"""The analyst's workbench in the store: changes to actors with their audit trail, verdicts on
relations, deleting documents, listing them, and relation counts by date for the timeline.

A change is applied at once: the documents it concerns are curated again from
what the extractor found in them (the ``extractions`` table, graph/store/raw.py)
with every active change, in one transaction, and every later save applies it
too (Store.save).  Undoing a change marks it undone and curates those documents
again without it.  Relation ids are those of the extracted relations, so a
verdict stays on its relation whatever merges and splits do to its ends.
A relation marked wrong stays stored but counts in no edge and is listed only on request.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import fields, replace

from graph.errors import InputError, NotFoundError
from graph.records import ACTOR_TYPES, VERDICTS, Actor, Change, Document, Extraction, Mention, Relation
from graph.store.schema import TABLES


def not_wrong(prefix: str = "") -> str:
    """SQL: the relation is not marked wrong."""
    return f"({prefix}verdict IS NULL OR {prefix}verdict <> 'wrong')"


NOT_WRONG = not_wrong()
NOT_WRONG_R = not_wrong("r.")
CHANGE_COLUMNS = "id, seq, kind, actor, data, reason, author, created_at, undone_at, undone_by"
DOCUMENT_SORTS = {
    "date": "COALESCE(d.date, '') DESC, d.id",
    "title": "d.title, d.id",
    "ingested": "d.ingested_at DESC, d.id",
}


class CurationStore:
    """Mixed into :class:`graph.store.base.Store` (uses its connection helpers)."""

    # -- the audit trail -------------------------------------------------------------------

    def changes(self, active: bool = False) -> list[Change]:
        """Every change in the order it was made (``active``: only those not undone)."""
        where = "WHERE undone_at IS NULL " if active else ""
        return [
            Change(kind, actor, json.loads(data), id, seq, reason, author, created_at, undone_at, undone_by)
            for id, seq, kind, actor, data, reason, author, created_at, undone_at, undone_by in self._rows(
                f"SELECT {CHANGE_COLUMNS} FROM changes {where}ORDER BY seq"
            )
        ]

    def change(self, change_id: str) -> Change:
        for change in self.changes():
            if change.id == change_id:
                return change
        raise NotFoundError(f"no change with id {change_id!r}")

    def merge_actors(self, keep: str, other: str, reason: str = "", author: str = "") -> Change:
        """``other``'s mentions and relations become ``keep``'s, here and in every later ingest."""
        if keep == other:
            raise InputError(f"cannot merge {keep!r} with itself")
        found = self._actor_records([keep, other])
        data = {"other": other, "target": found[keep], "other_names": found[other]}
        return self._record(Change("merge", keep, data, reason=reason, author=author), {keep, other}, [other])

    def split_mentions(
        self, actor: str, mentions: list[tuple[str, int, int]], into: str | None = None,
        new_actor: dict | None = None, reason: str = "", author: str = "",
    ) -> Change:  # fmt: skip
        """Those mentions of ``actor`` (document, start, end) become ``into``'s, or a new actor's
        (``new_actor``: name_ar, name_en, type; the name defaults to the first mention's text)."""
        from graph.curation import check_text, new_actor_id

        self._actor_records([actor])
        mentions = [[str(d), int(s), int(e)] for d, s, e in mentions]
        if not mentions:
            raise InputError("split: expected at least one mention (document, start, end)")
        owned = self._mention_owners(mentions)
        strangers = [m for m in mentions if owned.get(tuple(m)) != actor]
        if strangers:
            document, start, end = strangers[0]
            raise InputError(
                f"split: {document}[{start}:{end}] is not a mention of {actor!r}"
                + (f" (it is {owned[tuple(strangers[0])]!r}'s)" if tuple(strangers[0]) in owned else "")
            )
        if into is not None:
            if into == actor:
                raise InputError(f"split: the mentions already are {actor!r}'s")
            target = self._actor_records([into])[into]
            created = False
        else:
            new_actor = dict(new_actor or {})
            text = self._one(
                'SELECT text FROM mentions WHERE document_id = ? AND start = ? AND "end" = ?',
                tuple(mentions[0]),
            )[0]
            name_ar = check_text(new_actor.get("name_ar") or text, "name_ar")
            name_en = check_text(new_actor.get("name_en") or _english(name_ar), "name_en")
            kind = new_actor.get("type") or self._actor_records([actor])[actor]["type"]
            if kind not in ACTOR_TYPES:
                raise InputError(f"type {kind!r}: expected one of {', '.join(ACTOR_TYPES)}")
            into = new_actor_id(name_en, name_ar, f"{actor}\x1f{mentions}\x1f{time.time()}")
            target = {"type": kind, "name_ar": name_ar, "name_en": name_en}
            created = True
        data = {"mentions": mentions, "into": into, "new": created, "target": target}
        documents = sorted({d for d, _, _ in mentions})
        return self._record(
            Change("split", actor, data, reason=reason, author=author), set(), documents=documents
        )

    def alias(
        self, actor: str, alias: str, action: str = "add", reason: str = "", author: str = ""
    ) -> Change:
        """Add an alias (mentions spelt so become ``actor``'s; search finds it by it) or remove one
        (``actor``'s mentions spelt so become an actor of their own; search no longer finds it by it)."""
        from graph.curation import check_text, new_actor_id, spelling_key

        alias = check_text(alias, "alias")
        if action not in ("add", "remove"):
            raise InputError(f"alias action {action!r}: expected add or remove")
        target = self._actor_records([actor])[actor]
        key = spelling_key(alias)
        if not key:
            raise InputError(f"alias {alias!r}: no letters to match")
        spelt = {a for (a,) in self._rows("SELECT DISTINCT actor_id FROM names WHERE key = ?", (key,))}
        data = {"alias": alias, "action": action}
        if action == "remove":
            name_en = _english(alias)
            data["into"] = new_actor_id(name_en, alias, f"{actor}\x1f{alias}\x1f{time.time()}")
            data["target"] = {"type": target["type"], "name_ar": alias, "name_en": name_en}
        return self._record(Change("alias", actor, data, reason=reason, author=author), spelt | {actor})

    def rename(self, actor: str, name_en: str, reason: str = "", author: str = "") -> Change:
        """A new English label for ``actor`` (kept over the registry's and the transliteration)."""
        from graph.curation import check_text

        name_en = check_text(name_en, "name_en")
        previous = self._actor_records([actor])[actor]["name_en"]
        data = {"name_en": name_en, "previous": previous}
        return self._record(Change("rename", actor, data, reason=reason, author=author), set(), documents=[])

    def undo(self, change_id: str, author: str = "") -> Change:
        """Mark a change undone and curate the documents it concerned again without it."""
        change = self.change(change_id)
        if change.undone_at is not None:
            raise InputError(f"change {change_id} was already undone")
        with self.transaction():
            self._lock_curation(shared=False)
            self._execute(
                "UPDATE changes SET undone_at = ?, undone_by = ? WHERE id = ?",
                (time.time(), author, change_id),
            )
            self._recurate(self._documents_of_change(change, undo=True))
            self._after(replace(change, undone_at=time.time()))
            self._bump_revision()
        return self.change(change_id)

    def import_changes(self, changes: list[Change]) -> list[Change]:
        """Append the changes of an exported file that this store lacks (by id), in their order, and apply them;
        returns those added.  Their actors need not be stored yet: later ingests apply them."""
        known = {c.id for c in self.changes()}
        added = [c for c in changes if c.id not in known]
        if not added:
            return []
        with self.transaction():
            self._lock_curation(shared=False)
            seq = self._next_seq()
            documents: set[str] = set()
            stored = []
            for offset, change in enumerate(added):
                change = replace(change, seq=seq + offset)
                self._insert_change(change)
                stored.append(change)
                documents |= set(self._documents_of_change(change, undo=change.undone_at is not None))
            self._recurate(sorted(documents))
            for change in stored:
                self._after(change)
            self._bump_revision()
        return stored

    def _record(self, change: Change, actors: set[str], apply_to: list[str] | None = None,
                documents: list[str] | None = None) -> Change:  # fmt: skip
        """Store ``change`` and apply it to the documents it concerns, in one transaction."""
        from graph.curation import change_id, check_change

        change = replace(change, created_at=time.time())
        change = check_change(replace(change, id=change_id(change)))
        with self.transaction():
            self._lock_curation(shared=False)
            change = replace(change, seq=self._next_seq())
            self._insert_change(change)
            if documents is None:
                documents = self._documents_of(apply_to if apply_to is not None else actors)
            self._recurate(documents)
            self._after(change)
            self._bump_revision()
        return change

    def _after(self, change: Change) -> None:
        """What a change does beyond the documents: English labels and the search keys of aliases."""
        if change.kind == "rename":
            self._relabel(change.actor)
        elif change.kind == "alias":
            self._reindex_alias(change)

    def _insert_change(self, change: Change) -> None:
        self._execute(
            f"INSERT INTO changes ({CHANGE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (change.id, change.seq, change.kind, change.actor, json.dumps(change.data, ensure_ascii=False),
             change.reason, change.author, change.created_at, change.undone_at, change.undone_by),
        )  # fmt: skip

    def _next_seq(self) -> int:
        return self._one("SELECT COALESCE(MAX(seq), 0) + 1 FROM changes")[0]

    def _bump_revision(self) -> None:
        self._execute(
            "INSERT INTO meta (key, value) VALUES ('revision', '1') ON CONFLICT (key) DO UPDATE "
            "SET value = CAST(CAST(meta.value AS INTEGER) + 1 AS TEXT)"
        )

    def revision(self) -> int:
        found = self._one("SELECT value FROM meta WHERE key = 'revision'")
        return int(found[0]) if found else 0

    def _actor_records(self, ids: list[str]) -> dict[str, dict]:
        """Type and names of stored actors (NotFoundError for one that is not)."""
        found = {
            a: {"type": kind, "name_ar": name_ar, "name_en": name_en}
            for a, kind, name_ar, name_en in self._rows(
                f"SELECT id, type, name_ar, name_en FROM actors WHERE {self._in('id', ids)[0]}", ids
            )
        }
        for actor in ids:
            if actor not in found:
                raise NotFoundError(f"no actor with id {actor!r}")
        return found

    def _mention_owners(self, mentions: list[list]) -> dict[tuple[str, int, int], str]:
        found = {}
        for document, start, end in mentions:
            owner = self._one(
                'SELECT actor_id FROM mentions WHERE document_id = ? AND start = ? AND "end" = ?',
                (document, start, end),
            )
            if owner:
                found[(document, start, end)] = owner[0]
        return found

    def _documents_of(self, actors: Iterable[str]) -> list[str]:
        """Documents with a mention of any of ``actors``, as stored or as extracted."""
        actors = sorted(set(actors))
        if not actors:
            return []
        first, a = self._in("actor_id", actors)
        second, b = self._in("extracted_actor", actors)
        return [d for (d,) in self._rows(
            f"SELECT DISTINCT document_id FROM mentions WHERE {first} OR {second} ORDER BY document_id", (*a, *b)
        )]  # fmt: skip

    def _documents_of_change(self, change: Change, undo: bool = False) -> list[str]:
        if change.kind == "rename":
            return []
        if change.kind == "split":
            return sorted({d for d, _, _ in change.data["mentions"]})
        if change.kind == "merge":
            return self._documents_of(
                {change.data["other"], change.actor} if undo else {change.data["other"]}
            )
        from graph.curation import spelling_key

        spelt = {a for (a,) in self._rows(
            "SELECT DISTINCT actor_id FROM names WHERE key = ?", (spelling_key(change.data["alias"]),)
        )}  # fmt: skip
        return self._documents_of(spelt | {change.actor, change.data.get("into") or change.actor})

    def _recurate(self, documents: Iterable[str]) -> None:
        """Curate these documents again from their extractions with the active changes."""
        from graph.curation import curate

        changes = self.changes(active=True)
        touched: set[str] = set()
        for document_id in documents:
            raw = self._raw_extraction(document_id)
            if raw is None:
                continue
            ingested_at = self._one("SELECT ingested_at FROM documents WHERE id = ?", (document_id,))[0]
            touched |= self._save(raw, curate(raw, changes), ingested_at)
        self._drop_orphans(touched)

    def _raw_extraction(self, document_id: str) -> Extraction | None:
        """What the extractor found in a stored document (a store written before schema 4 kept no
        extraction: its rows are the extraction, no change having been applied to them)."""
        from graph.store.raw import decode

        found = self._one(
            "SELECT d.id, d.text, d.title, d.date, d.url, d.outlet, d.source, d.extractor_version, e.data "
            "FROM documents d LEFT JOIN extractions e ON e.document_id = d.id WHERE d.id = ?",
            (document_id,),
        )
        if found is None:
            return None
        *values, version, data = found
        document = Document(*values)
        if data is not None:
            return decode(document, data, version)
        mention_columns = [n for n in TABLES["mentions"].names if n in {f.name for f in fields(Mention)}]
        by_actor: dict[str, list[Mention]] = {}
        for actor_id, *values in self._rows(
            f"SELECT actor_id, {', '.join(map(_quote, mention_columns))} FROM mentions WHERE document_id = ? "
            "ORDER BY start",
            (document_id,),
        ):
            by_actor.setdefault(actor_id, []).append(Mention(**dict(zip(mention_columns, values))))
        actors = []
        if by_actor:
            condition, params = self._in("id", sorted(by_actor))
            for actor_id, kind, name_ar, name_en, wikidata, known in self._rows(
                f"SELECT id, type, name_ar, name_en, wikidata, known FROM actors WHERE {condition}", params
            ):
                actors.append(
                    Actor(actor_id, kind, name_ar, name_en, tuple(by_actor[actor_id]), wikidata, bool(known))
                )
        relation_columns = [n for n in TABLES["relations"].names if n in {f.name for f in fields(Relation)}]
        relations = tuple(
            Relation(**dict(zip(relation_columns, values)))
            for values in self._rows(
                f"SELECT {', '.join(map(_quote, relation_columns))} FROM relations WHERE document_id = ? ORDER BY id",
                (document_id,),
            )
        )
        actors.sort(key=lambda a: (a.mentions[0].start, a.id))
        return Extraction(document, tuple(actors), relations, version)

    def _drop_orphans(self, actors: Iterable[str]) -> None:
        """Actors left without any mention (merged away, or their documents deleted) leave the store;
        what the extractor found keeps them, should a change be undone."""
        actors = sorted(set(actors))
        for start in range(0, len(actors), 500):
            condition, params = self._in("a.id", actors[start : start + 500])
            gone = [a for (a,) in self._rows(
                f"SELECT a.id FROM actors a WHERE {condition} AND NOT EXISTS "
                "(SELECT 1 FROM mentions m WHERE m.actor_id = a.id) AND NOT EXISTS "
                "(SELECT 1 FROM relations r WHERE r.subject = a.id OR r.object = a.id)",
                params,
            )]  # fmt: skip
            if gone:
                listed, ids = self._in("actor_id", gone)
                self._execute(f"DELETE FROM names WHERE {listed}", ids)
                listed, ids = self._in("id", gone)
                self._execute(f"DELETE FROM actors WHERE {listed}", ids)

    def _relabel(self, actor: str) -> None:
        """An actor's stored English label: its latest active rename, else its name before the first."""
        renames = [c for c in self.changes() if c.kind == "rename" and c.actor == actor]
        active = [c for c in renames if c.undone_at is None]
        if not renames:
            return
        label = active[-1].data["name_en"] if active else renames[0].data["previous"]
        from graph.arabic import search_keys

        self._execute("UPDATE actors SET name_en = ? WHERE id = ?", (label, actor))
        if self._one("SELECT 1 FROM actors WHERE id = ?", (actor,)):
            self._many(
                "INSERT INTO names (key, actor_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                [(k, actor) for k in sorted(search_keys(label))],
            )

    def _reindex_alias(self, change: Change) -> None:
        """Search keys of an alias after its change was made, undone or imported."""
        from graph.arabic import search_keys

        keys = sorted(search_keys(change.data["alias"]))
        condition, params = self._in("key", keys)
        adds = change.data["action"] == "add"
        applies = change.undone_at is None
        if adds == applies:  # an added alias in force, or a removal undone: the alias names the actor
            if self._one("SELECT 1 FROM actors WHERE id = ?", (change.actor,)):
                self._many(
                    "INSERT INTO names (key, actor_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                    [(k, change.actor) for k in keys],
                )
        else:
            self._execute(f"DELETE FROM names WHERE actor_id = ? AND {condition}", (change.actor, *params))

    def alias_names(self) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
        """The active aliases: (actor -> names added, actor -> names removed)."""
        added: dict[str, set[str]] = {}
        removed: dict[str, set[str]] = {}
        for change in self.changes(active=True):
            if change.kind == "alias":
                into = added if change.data["action"] == "add" else removed
                into.setdefault(change.actor, set()).add(change.data["alias"])
        return added, removed

    # -- verdicts --------------------------------------------------------------------------

    def set_verdict(
        self, relation_id: str, verdict: str | None, reason: str = "", author: str = ""
    ) -> list[str]:
        """Mark a relation ``wrong`` or ``confirmed`` (None: no verdict), with every identical
        sentence of the same relation in other documents (syndicated copies); returns their ids."""
        if verdict is not None and verdict not in VERDICTS:
            raise InputError(
                f"verdict {verdict!r}: expected one of {', '.join(VERDICTS)} (or null to clear it)"
            )
        found = self._one(
            "SELECT subject, type, object, evidence FROM relations WHERE id = ?", (relation_id,)
        )
        if found is None:
            raise NotFoundError(f"no relation with id {relation_id!r}")
        subject, kind, obj, evidence = found
        with self.transaction():
            self._lock_curation(shared=True)
            copies = [r for (r,) in self._rows(
                "SELECT id FROM relations WHERE subject = ? AND type = ? AND object = ? AND evidence = ? ORDER BY id",
                (subject, kind, obj, evidence),
            )]  # fmt: skip
            listed, ids = self._in("relation_id", copies)
            self._execute(f"DELETE FROM verdicts WHERE {listed}", ids)
            if verdict is not None:
                now = time.time()
                self._many(
                    "INSERT INTO verdicts (relation_id, verdict, author, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                    [(r, verdict, author, reason, now) for r in copies],
                )
            listed, ids = self._in("id", copies)
            self._execute(f"UPDATE relations SET verdict = ? WHERE {listed}", (verdict, *ids))
            degree: Counter = self._recount_edges([(subject, kind, obj)])
            self._many(
                "UPDATE actors SET degree = degree + ? WHERE id = ?",
                [(d, a) for a, d in sorted(degree.items())],
            )
            self._bump_revision()
        return copies

    def _verdicts_of(self, relation_ids: list[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        for start in range(0, len(relation_ids), 1000):
            listed, ids = self._in("relation_id", relation_ids[start : start + 1000])
            if ids:
                found.update(self._rows(f"SELECT relation_id, verdict FROM verdicts WHERE {listed}", ids))
        return found

    def verdict_rows(self) -> list[dict]:
        """Every verdict on a stored relation, with the relation, by document and offset."""
        keys = ("relation", "verdict", "author", "reason", "created_at", "document", "subject", "type", "object",
                "start", "end", "date", "length")  # fmt: skip
        return [
            dict(zip(keys, values))
            for values in self._rows(
                "SELECT v.relation_id, v.verdict, v.author, v.reason, v.created_at, r.document_id, r.subject, r.type, "
                'r.object, r.start, r."end", d.date, LENGTH(d.text) FROM verdicts v JOIN relations r ON r.id = v.relation_id '
                "JOIN documents d ON d.id = r.document_id ORDER BY r.document_id, r.start, r.id"
            )
        ]

    def mentions_of(self, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], list[tuple[int, int]]]:
        """(document, actor) -> that actor's mentions in that document."""
        found: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for document, actor in sorted(set(pairs)):
            found[(document, actor)] = [
                (s, e) for s, e in self._rows(
                    'SELECT start, "end" FROM mentions WHERE document_id = ? AND actor_id = ? ORDER BY start',
                    (document, actor),
                )
            ]  # fmt: skip
        return found

    def actor_mentions(
        self, actor: str, offset: int = 0, limit: int = 100, context: int = 60
    ) -> tuple[int, list[dict]]:
        """(how many, one page of) an actor's mentions, by document and offset, each with the text
        around it, its document's title and the actor the extractor gave it."""
        total = self._one("SELECT COUNT(*) FROM mentions WHERE actor_id = ?", (actor,))[0]
        keys = ("document", "title", "date", "text", "start", "end", "sentence", "how", "extracted_actor", "before",
                "after")  # fmt: skip
        found = [
            dict(zip(keys, values))
            for values in self._rows(
                'SELECT m.document_id, d.title, d.date, m.text, m.start, m."end", m.sentence, m.how, m.extracted_actor, '
                "SUBSTR(d.text, CAST(CASE WHEN m.start > ? THEN m.start - ? + 1 ELSE 1 END AS INTEGER), "
                "CAST(CASE WHEN m.start > ? THEN ? ELSE m.start END AS INTEGER)), "
                'SUBSTR(d.text, CAST(m."end" + 1 AS INTEGER), CAST(? AS INTEGER)) FROM mentions m '
                "JOIN documents d ON d.id = m.document_id "
                "WHERE m.actor_id = ? ORDER BY COALESCE(d.date, ''), m.document_id, m.start LIMIT ? OFFSET ?",
                (context, context, context, context, context, actor, limit, offset),
            )
        ]
        return total, found

    # -- documents -------------------------------------------------------------------------

    def delete_document(self, document_id: str) -> dict[str, int]:
        """Remove a document with its mentions and relations (and actors mentioned nowhere else);
        returns what went: {"mentions", "relations", "actors"}."""
        if self._one("SELECT 1 FROM documents WHERE id = ?", (document_id,)) is None:
            raise NotFoundError(f"no document with id {document_id!r}")
        gone: dict[str, int] = {}

        def work():
            self._lock_curation(shared=True)
            self._lock_document(document_id)
            old_mentions = self._mention_counts(document_id)
            old_edges = sorted({tuple(key) for key in self._rows(
                "SELECT DISTINCT subject, type, object FROM relations WHERE document_id = ?", (document_id,)
            )})  # fmt: skip
            gone["mentions"] = sum(old_mentions.values())
            gone["relations"] = self._one(
                "SELECT COUNT(*) FROM relations WHERE document_id = ?", (document_id,)
            )[0]
            actors_before = self._one("SELECT COUNT(*) FROM actors")[0]
            self._execute("DELETE FROM documents WHERE id = ?", (document_id,))
            degree = self._recount_edges(old_edges)
            touched = self._recount_actors(document_id, old_mentions, degree, {}, set())
            self._drop_orphans(touched)
            gone["actors"] = actors_before - self._one("SELECT COUNT(*) FROM actors")[0]
            self._bump_revision()

        self._retrying(document_id, work)
        return gone

    def document_list(
        self, q: str = "", since: str | None = None, until: str | None = None, offset: int = 0, limit: int = 50,
        sort: str = "date",
    ) -> tuple[int, list[dict]]:  # fmt: skip
        """Stored documents whose title, outlet or id contains ``q`` (any case), dated in the range:
        (how many, one page of them with their mention and relation counts)."""
        from graph.store.base import date_condition

        conditions, params = [], []
        if q.strip():
            escaped = q.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            conditions.append(
                "(LOWER(d.title) LIKE ? ESCAPE '\\' OR LOWER(COALESCE(d.outlet, '')) LIKE ? ESCAPE '\\' OR d.id LIKE ? ESCAPE '\\')"
            )
            params += [f"%{escaped}%"] * 2 + [f"{escaped}%"]
        dated, dated_params = date_condition(since, until, False, "d.")
        if dated:
            conditions.append(dated)
            params += dated_params
        where = " AND ".join(conditions) or "1 = 1"
        if sort not in DOCUMENT_SORTS:
            raise InputError(f"sort {sort!r}: expected one of {', '.join(DOCUMENT_SORTS)}")
        total = self._one(f"SELECT COUNT(*) FROM documents d WHERE {where}", params)[0]
        keys = ("id", "title", "date", "url", "outlet", "source", "ingested_at", "mentions", "relations")
        found = [
            dict(zip(keys, values))
            for values in self._rows(
                "SELECT d.id, d.title, d.date, d.url, d.outlet, d.source, d.ingested_at, "
                "(SELECT COUNT(*) FROM mentions m WHERE m.document_id = d.id), "
                "(SELECT COUNT(*) FROM relations r WHERE r.document_id = d.id) "
                f"FROM documents d WHERE {where} ORDER BY {DOCUMENT_SORTS[sort]} LIMIT ? OFFSET ?",
                (*params, limit, offset),
            )
        ]
        return total, found

    # -- the timeline ----------------------------------------------------------------------

    def relation_dates(
        self, types: frozenset[str] | None = None, actor_types: frozenset[str] | None = None,
        among: Iterable[str] | None = None, stated_only: bool = False, with_wrong: bool = False,
    ) -> list[tuple[str, int, float, int]]:  # fmt: skip
        """(date, relations, sum of their scores, hostile ones) for every date stated relations have,
        of ``types``, between actors of ``actor_types`` (or among the actors ``among``)."""
        conditions, params = ["r.date IS NOT NULL", "r.date <> ''"], []
        if not with_wrong:
            conditions.append(NOT_WRONG_R)
        if stated_only:
            conditions.append("r.date_source = 'stated'")
        if types is not None:
            if not types:
                return []
            listed, kinds = self._in("r.type", sorted(types))
            conditions.append(listed)
            params += kinds
        if actor_types is not None:
            for end in ("subject", "object"):
                listed, kinds = self._in("a.type", sorted(actor_types))
                conditions.append(f"r.{end} IN (SELECT a.id FROM actors a WHERE {listed})")
                params += kinds
        if among is not None:
            among = sorted(set(among))
            if not among:
                return []
            for end in ("subject", "object"):
                listed, ids = self._in(f"r.{end}", among)
                conditions.append(listed)
                params += ids
        return [
            (date, count, float(total), hostile)
            for date, count, total, hostile in self._rows(
                "SELECT r.date, COUNT(*), SUM(r.score), SUM(CASE WHEN r.score < 0 THEN 1 ELSE 0 END) FROM relations r "
                f"WHERE {' AND '.join(conditions)} GROUP BY r.date ORDER BY r.date",
                params,
            )
        ]


def _quote(name: str) -> str:
    return f'"{name}"'


def _english(name_ar: str) -> str:
    from graph.translit import transliterate

    return transliterate(name_ar) or name_ar
