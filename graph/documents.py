"""Raw input -> :class:`Document`, with one clear reason when the input is unusable.

Accepted: ``.txt`` (title on the first line), ``.html``/``.htm`` (main text
extracted with trafilatura), ``.jsonl`` (one article per line with ``text``,
``title``, ``date``, ``url``, ``outlet``).  The id is the SHA-256 of the text
with whitespace collapsed, so the same article always gets the same id.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph import config
from graph.arabic import is_arabic
from graph.dates import parse_iso_date
from graph.errors import DocumentError, InputError, TooLargeError
from graph.records import Document

TEXT_SUFFIXES = (".txt", ".text", "")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# What a folder given to ingest contributes (README.md, gold .json and the like are skipped).
FOLDER_SUFFIXES = (".txt", ".text") + HTML_SUFFIXES + JSONL_SUFFIXES
ARTICLE_LINE_WORDS = 6  # an HTML page's text needs at least one line this long to be an article
HTML_SNIFF = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<div|<p[ >])", re.IGNORECASE)


@dataclass(frozen=True)
class Failure:
    """A document that could not be read, and why."""

    source: str
    reason: str


def document_id(text: str) -> str:
    canonical = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


TITLE_CHARS = 150


def first_line_title(text: str) -> str:
    """The title of a .txt article: its first line, joined with the next when
    it ends with a colon (مرحلة جديدة: / لماذا ...), cut at a sentence end or
    word boundary when the article has no title line and starts with a paragraph."""
    lines = [line.strip() for line in text.strip().split("\n") if line.strip()]
    title = lines[0]
    if title.endswith(":") and len(lines) > 1:
        title = f"{title} {lines[1]}"
    if len(title) > TITLE_CHARS:
        cut = min(
            (title.find(mark) for mark in ("،", ".", "؛") if 0 < title.find(mark) < TITLE_CHARS), default=-1
        )
        title = title[:cut] if cut > 0 else title[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    return title


def check_size(size: int, source: str) -> None:
    """One document's limit (ACTORGRAPH_MAX_DOCUMENT_BYTES); a JSONL file's limit applies to each line."""
    limit = config.get_int("ACTORGRAPH_MAX_DOCUMENT_BYTES")
    if size > limit:
        raise TooLargeError(
            f"{source}: {size:,} bytes is larger than the limit of {limit:,} "
            "(ACTORGRAPH_MAX_DOCUMENT_BYTES); split the file or raise the limit"
        )


def utf16_codec(raw: bytes) -> str | None:
    """``utf-16`` when ``raw`` is UTF-16 text: a byte-order mark, or (without one)
    NUL bytes only in every other position, as ASCII spaces, digits and newlines
    leave them in UTF-16 Arabic text."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    head = raw[:4096]
    if len(head) < 4 or len(head) % 2 or b"\x00" not in head:
        return None
    for codec, nul_at in (("utf-16-le", 1), ("utf-16-be", 0)):
        if b"\x00" not in head[1 - nul_at :: 2]:
            try:
                raw.decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return None


def decode(raw: bytes, source: str, limit_size: bool = True) -> str:
    """UTF-8 (with or without BOM) or UTF-16 bytes -> text with \\n line ends, or a DocumentError
    that says what was found and how to convert it."""
    if limit_size:
        check_size(len(raw), source)
    codec = utf16_codec(raw)
    if codec:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            raise DocumentError(f"{source}: UTF-16 text that does not decode; convert it to UTF-8") from None
        text = text.removeprefix("\ufeff")
    elif b"\x00" in raw[:4096]:
        raise DocumentError(f"{source}: binary file (NUL bytes); expected UTF-8 text")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise DocumentError(
                f"{source}: not UTF-8 (invalid byte 0x{raw[error.start]:02x} at offset {error.start}); "
                "convert it with iconv -f cp1256 -t utf-8"
            ) from None
    if not text.strip():
        raise DocumentError(f"{source}: empty; expected an article's text")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def from_text(text: str, source: str, title: str | None = None, **meta) -> Document:
    """A document from plain text; without ``title`` the first line is the title."""
    if HTML_SNIFF.match(text):
        return from_html(text, source, **meta)
    if not is_arabic(text):
        raise DocumentError(f"{source}: no Arabic text found; actorgraph reads Arabic news")
    if title is None:
        title = first_line_title(text)
    date = meta.pop("date", None)
    return Document(
        id=document_id(text),
        text=text,
        title=title[:500],
        date=parse_iso_date(date, source) if date else None,
        source=source,
        **meta,
    )


def from_html(html: str, source: str, **meta) -> Document:
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True)
    body = (extracted.text if extracted else "") or ""
    # A page without an article (a section front, a menu) yields only short link texts.
    if not is_arabic(body) or not any(len(line.split()) >= ARTICLE_LINE_WORDS for line in body.splitlines()):
        raise DocumentError(f"{source}: HTML page with no Arabic article text in it")
    title = (extracted.title or "").strip() if extracted else ""
    meta.setdefault("date", extracted.date if extracted else None)
    meta.setdefault("url", extracted.url if extracted else None)
    meta.setdefault("outlet", extracted.sitename if extracted else None)
    meta = {k: v for k, v in meta.items() if v}
    # trafilatura often keeps the headline as the body's first line: do not repeat it.
    text = f"{title}\n{body}" if title and not body.lstrip().startswith(title) else body
    return from_text(text, source, title=title or None, **meta)


def from_jsonl(lines: Iterable[bytes | str], source: str) -> Iterator[Document | Failure]:
    """One document per line; the size limit, UTF-8 and JSON are checked line by
    line, so a bad line is reported with its number and the others go in."""
    for number, line in enumerate(lines, start=1):
        where = f"{source}:{number}"
        try:
            if isinstance(line, bytes):
                line = line.rstrip(b"\r\n")
                check_size(len(line), where)
                try:
                    line = line.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as error:
                    raise DocumentError(
                        f"{where}: not UTF-8 (invalid byte 0x{line[error.start]:02x} at column {error.start + 1})"
                    ) from None
            else:
                check_size(len(line.encode("utf-8")), where)
            if not line.strip():
                continue
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise DocumentError(f"{where}: expected an object with a 'text' string")
            if not isinstance(record.get("title") or "", str):
                kind = type(record["title"]).__name__
                raise DocumentError(f"{where}: 'title' is {kind}; expected a string")
            meta = {k: record.get(k) for k in ("date", "url", "outlet") if record.get(k)}
            title = record.get("title")
            text = f"{title}\n{record['text']}" if title else record["text"]
            if not record["text"].strip():
                raise DocumentError(f"{where}: empty 'text'")
            yield from_text(text, where, title=title, **meta)
        except json.JSONDecodeError as error:
            yield Failure(where, f"not JSON ({error.msg} at column {error.colno})")
        except InputError as error:  # DocumentError, or a bad 'date'
            yield Failure(where, str(error).removeprefix(f"{where}: "))


def read_path(path: Path) -> Iterator[Document | Failure]:
    """Every document in one file (a JSONL file holds many)."""
    source = str(path)
    try:
        suffix = path.suffix.lower()
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(path, source)
            return
        text = decode(path.read_bytes(), source)
        if suffix in HTML_SUFFIXES:
            yield from_html(text, source)
        else:
            yield from_text(text, source)
    except DocumentError as error:
        yield Failure(source, str(error).removeprefix(f"{source}: "))
    except OSError as error:
        yield Failure(source, error.strerror or str(error))


def _read_jsonl(path: Path, source: str) -> Iterator[Document | Failure]:
    with path.open("rb") as handle:
        head = handle.read(4096)
        handle.seek(0)
        if utf16_codec(head):  # rare: decoded whole, then checked line by line
            lines = decode(handle.read(), source, limit_size=False).split("\n")
        elif b"\x00" in head:
            raise DocumentError(f"{source}: binary file (NUL bytes); expected UTF-8 text")
        else:
            lines = handle
        found = 0
        for item in from_jsonl(lines, source):
            found += 1
            yield item
    if not found:
        raise DocumentError(f"{source}: empty; expected an article's text")


def expand_paths(patterns: list[str]) -> tuple[list[Path], list[Failure]]:
    """Files named by paths, folders (recursively) and globs, in a stable order."""
    import glob

    files: list[Path] = []
    missing: list[Failure] = []
    for pattern in patterns:
        matches = [Path(p) for p in sorted(glob.glob(pattern, recursive=True))] or [Path(pattern)]
        for match in matches:
            if match.is_dir():
                files.extend(
                    p for p in sorted(match.rglob("*")) if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES
                )
            elif match.is_file():
                files.append(match)
            else:
                missing.append(Failure(str(match), "no such file or folder"))
    seen: set[Path] = set()
    unique = [f for f in files if not (f.resolve() in seen or seen.add(f.resolve()))]
    return unique, missing
