"""graph/documents.py: files -> Documents, or a Failure with one clear reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graph.documents import Document, Failure, document_id, expand_paths, from_text, read_path
from graph.errors import DocumentError

ARTICLE = (
    "بغداد تطالب بجدول زمني لانسحاب التحالف الدولي\n"
    "طالب رئيس الوزراء العراقي محمد شياع السوداني بوضع جدول زمني لانسحاب قوات التحالف الدولي من العراق.\n"
    "وقال السوداني إن الحكومة العراقية ملتزمة بحماية البعثات الدبلوماسية.\n"
)

NEWS_PAGE = """<!DOCTYPE html>
<html lang="ar" dir="rtl">
<head>
<meta charset="utf-8">
<title>بغداد تطالب بجدول زمني لانسحاب التحالف الدولي | شبكة الأخبار العربية</title>
<meta property="og:site_name" content="شبكة الأخبار العربية">
<meta property="article:published_time" content="2024-01-29T09:30:00+03:00">
<link rel="canonical" href="https://news.example/politics/2024/01/29/baghdad-coalition">
</head>
<body>
<header>
  <a class="logo" href="/">شبكة الأخبار العربية</a>
  <nav><ul>
    <li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
    <li><a href="/economy">اقتصاد</a></li><li><a href="/sport">رياضة</a></li>
    <li><a href="/opinion">آراء ومدونات</a></li>
  </ul></nav>
  <form action="/search"><input name="q" placeholder="ابحث في الموقع"></form>
</header>
<main>
<article>
  <h1>بغداد تطالب بجدول زمني لانسحاب التحالف الدولي</h1>
  <p class="byline">بغداد - مراسل الشبكة</p>
  <p>طالب رئيس الوزراء العراقي محمد شياع السوداني، الاثنين، بوضع جدول زمني واضح لانسحاب قوات التحالف الدولي من العراق، وذلك خلال لقائه السفيرة الأميركية في بغداد.</p>
  <p>وقال السوداني في بيان صادر عن مكتبه إن الحكومة العراقية ملتزمة بحماية البعثات الدبلوماسية، لكنها ترى أن مبررات وجود التحالف قد انتهت بعد هزيمة تنظيم الدولة الإسلامية.</p>
  <p>من جهتها، أكدت وزارة الخارجية الأميركية أن واشنطن مستعدة لبدء حوار ثنائي مع بغداد بشأن مستقبل الوجود العسكري في البلاد.</p>
</article>
<aside><h3>الأكثر قراءة</h3><ul><li><a href="/a/1">أسعار الذهب اليوم في الأسواق المحلية</a></li><li><a href="/a/2">نتائج مباريات الدوري</a></li></ul></aside>
</main>
<footer>
  <p>جميع الحقوق محفوظة © 2024 شبكة الأخبار العربية</p>
  <a href="/privacy">سياسة الخصوصية</a> | <a href="/contact">اتصل بنا</a> | <a href="/about">من نحن</a>
</footer>
</body>
</html>
"""

SECTION_FRONT = """<!DOCTYPE html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>الرئيسية | شبكة الأخبار العربية</title></head>
<body>
<header><nav><ul><li><a href="/">الرئيسية</a></li><li><a href="/politics">سياسة</a></li>
<li><a href="/sport">رياضة</a></li></ul></nav></header>
<main></main>
<footer><p>جميع الحقوق محفوظة</p><a href="/privacy">سياسة الخصوصية</a></footer>
</body></html>
"""


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def only(items: list) -> Document | Failure:
    assert len(items) == 1, items
    return items[0]


def test_documents_txt_title_is_the_first_line(tmp_path):
    document = only(list(read_path(write(tmp_path, "article.txt", "\n" + ARTICLE))))
    assert isinstance(document, Document)
    assert document.title == "بغداد تطالب بجدول زمني لانسحاب التحالف الدولي"
    assert document.text == "\n" + ARTICLE
    assert document.source == str(tmp_path / "article.txt")
    assert document.id == document_id(ARTICLE)


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("\ufeffبغداد ترفض\r\nالنص".encode(), "بغداد ترفض\nالنص"),  # BOM and CRLF
        ("بغداد ترفض\rالنص".encode(), "بغداد ترفض\nالنص"),  # old Mac line ends
    ],
)
def test_documents_txt_line_ends_and_bom(tmp_path, raw, text):
    document = only(list(read_path(write(tmp_path, "article.txt", raw))))
    assert document.text == text
    assert document.title == "بغداد ترفض"


def test_documents_html_article_text_without_boilerplate(tmp_path):
    document = only(list(read_path(write(tmp_path, "page.html", NEWS_PAGE))))
    assert isinstance(document, Document), document
    assert document.title == "بغداد تطالب بجدول زمني لانسحاب التحالف الدولي"
    assert "طالب رئيس الوزراء العراقي محمد شياع السوداني" in document.text
    assert "أكدت وزارة الخارجية الأميركية أن واشنطن مستعدة" in document.text
    for boilerplate in ("جميع الحقوق محفوظة", "سياسة الخصوصية", "اتصل بنا", "آراء ومدونات", "ابحث في الموقع"):
        assert boilerplate not in document.text
    assert "<" not in document.text
    assert document.text.count(document.title) == 1
    assert document.date == "2024-01-29"
    assert document.outlet == "شبكة الأخبار العربية"


def test_documents_html_sniffed_inside_a_txt_file(tmp_path):
    document = only(list(read_path(write(tmp_path, "saved.txt", NEWS_PAGE))))
    assert isinstance(document, Document)
    assert "جميع الحقوق محفوظة" not in document.text


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("front.html", SECTION_FRONT),
        (
            "script.html",
            "<html><head><title>Home</title></head><body><script>var a = 1;</script></body></html>",
        ),
        (
            "english.html",
            "<html><body><article><p>"
            + "Biden met Sudani in Washington on Monday. " * 5
            + "</p></article></body></html>",
        ),
    ],
)
def test_documents_html_without_an_arabic_article_fails(tmp_path, name, content):
    failure = only(list(read_path(write(tmp_path, name, content))))
    assert failure == Failure(str(tmp_path / name), "HTML page with no Arabic article text in it")


def test_documents_jsonl_good_lines_go_in_bad_lines_fail_with_reasons(tmp_path):
    lines = [
        json.dumps(
            {
                "title": "السوداني يطالب",
                "text": "طالب السوداني بانسحاب التحالف.",
                "date": "2024-01-29",
                "url": "https://news.example/1",
                "outlet": "الجزيرة",
            },
            ensure_ascii=False,
        ),
        '{"title": "مقطوع", "text": "بغداد',
        "",
        json.dumps({"title": "فارغ", "text": "   "}, ensure_ascii=False),
        json.dumps({"text": "طهران تهدد واشنطن."}, ensure_ascii=False),
        json.dumps(["ليس", "كائنا"], ensure_ascii=False),
        json.dumps({"text": "Only English here."}),
        json.dumps({"text": "بغداد ترفض", "date": "أمس"}, ensure_ascii=False),
        json.dumps({"title": 7, "text": "بغداد ترفض"}, ensure_ascii=False),
        json.dumps({"body": "بغداد ترفض"}, ensure_ascii=False),
    ]
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    items = list(read_path(path))
    documents = [i for i in items if isinstance(i, Document)]
    failures = {f.source.rsplit(":", 1)[1]: f.reason for f in items if isinstance(f, Failure)}

    assert [d.title for d in documents] == ["السوداني يطالب", "طهران تهدد واشنطن."]
    first = documents[0]
    assert first.text == "السوداني يطالب\nطالب السوداني بانسحاب التحالف."
    assert (first.date, first.url, first.outlet) == ("2024-01-29", "https://news.example/1", "الجزيرة")
    assert first.source == f"{path}:1"
    assert documents[1].source == f"{path}:5"

    assert set(failures) == {"2", "4", "6", "7", "8", "9", "10"}  # line 3 is blank: skipped
    assert failures["2"].startswith("not JSON (")
    assert failures["4"] == "empty 'text'"
    assert failures["6"] == "expected an object with a 'text' string"
    assert failures["7"] == "no Arabic text found; actorgraph reads Arabic news"
    assert "is not ISO" in failures["8"]
    assert "'title'" in failures["9"]
    assert failures["10"] == "expected an object with a 'text' string"
    for reason in failures.values():
        assert "\n" not in reason and not reason.startswith(str(path))


def test_documents_jsonl_size_limit_applies_to_each_line(tmp_path, monkeypatch):
    """A collection larger than the per-document limit goes in; a line larger than it fails alone."""
    short = json.dumps(
        {"title": "السوداني يطالب", "text": "طالب السوداني بانسحاب التحالف."}, ensure_ascii=False
    )
    long = json.dumps({"title": "طويل", "text": "بغداد ترفض الهجمات. " * 40}, ensure_ascii=False)
    lines = [short, long, short.replace("يطالب", "يجدد"), short.replace("يطالب", "يكرر")]
    monkeypatch.setenv("ACTORGRAPH_MAX_DOCUMENT_BYTES", str(len(short.encode()) + 10))
    path = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    assert path.stat().st_size > 3 * len(short.encode())
    items = list(read_path(path))
    assert [d.title for d in items if isinstance(d, Document)] == [
        "السوداني يطالب",
        "السوداني يجدد",
        "السوداني يكرر",
    ]
    (failure,) = [f for f in items if isinstance(f, Failure)]
    assert failure.source == f"{path}:2"
    assert failure.reason.startswith(f"{len(long.encode()):,} bytes is larger than the limit of ")


def test_documents_jsonl_bad_utf8_fails_that_line_only(tmp_path):
    good = json.dumps({"text": "طهران تهدد واشنطن."}, ensure_ascii=False).encode()
    bad = '{"text": "بغداد ترفض"}'.encode("cp1256")
    path = write(
        tmp_path, "feed.jsonl", good + b"\n" + bad + b"\r\n" + good.replace("تهدد".encode(), "تحذر".encode())
    )
    items = list(read_path(path))
    assert [d.source for d in items if isinstance(d, Document)] == [f"{path}:1", f"{path}:3"]
    (failure,) = [f for f in items if isinstance(f, Failure)]
    assert failure.source == f"{path}:2"
    assert failure.reason.startswith("not UTF-8 (invalid byte 0x")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_documents_utf16_text_is_read(tmp_path, codec):
    """UTF-16 (with a byte-order mark, or without one) reads like UTF-8 (was: "binary file (NUL bytes)")."""
    utf8 = only(list(read_path(write(tmp_path, "utf8.txt", ARTICLE))))
    document = only(list(read_path(write(tmp_path, f"{codec}.txt", ARTICLE.encode(codec)))))
    assert isinstance(document, Document), document
    assert (document.id, document.text, document.title) == (utf8.id, utf8.text, utf8.title)


def test_documents_utf16_jsonl_is_read_line_by_line(tmp_path):
    lines = [json.dumps({"text": text}, ensure_ascii=False) for text in ("طهران تهدد واشنطن.", "بغداد ترفض")]
    path = write(tmp_path, "feed.jsonl", ("\r\n".join(lines) + "\r\n").encode("utf-16"))
    items = list(read_path(path))
    assert [(d.source, d.text) for d in items] == [
        (f"{path}:1", "طهران تهدد واشنطن."),
        (f"{path}:2", "بغداد ترفض"),
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty; expected an article's text"),
        ("blank.txt", b"  \n\n \t\n", "empty; expected an article's text"),
        ("bom-only.txt", b"\xef\xbb\xbf\n", "empty; expected an article's text"),
        ("empty.jsonl", b"", "empty; expected an article's text"),
        ("empty.html", b"", "empty; expected an article's text"),
        (
            "cp1256.txt",
            "قال رئيس الوزراء العراقي إن بغداد ترفض".encode("cp1256"),
            "not UTF-8 (invalid byte 0xde at offset 0); convert it with iconv -f cp1256 -t utf-8",
        ),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "binary file (NUL bytes); expected UTF-8 text",
        ),
        (
            "image.jsonl",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "binary file (NUL bytes); expected UTF-8 text",
        ),
        (
            "odd.txt",
            b"\xff\xfe" + "بغداد".encode("utf-16-le") + b"\x00",
            "UTF-16 text that does not decode; convert it to UTF-8",
        ),
        (
            "english.txt",
            b"Biden met Sudani in Washington.\n",
            "no Arabic text found; actorgraph reads Arabic news",
        ),
        ("numbers.txt", b"2024 - 22 - 3.5\n", "no Arabic text found; actorgraph reads Arabic news"),
    ],
)
def test_documents_unusable_file_fails_with_reason(tmp_path, name, content, reason):
    path = write(tmp_path, name, content)
    assert only(list(read_path(path))) == Failure(str(path), reason)


def test_documents_too_large_is_a_typed_error(monkeypatch):
    from graph.documents import decode
    from graph.errors import TooLargeError

    monkeypatch.setenv("ACTORGRAPH_MAX_DOCUMENT_BYTES", "10")
    with pytest.raises(TooLargeError, match="ACTORGRAPH_MAX_DOCUMENT_BYTES"):
        decode(ARTICLE.encode(), "long.txt")


def test_documents_too_large_fails_with_the_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_MAX_DOCUMENT_BYTES", "100")
    path = write(tmp_path, "long.txt", ARTICLE)
    failure = only(list(read_path(path)))
    assert isinstance(failure, Failure)
    size = len(ARTICLE.encode("utf-8"))
    assert failure.reason == (
        f"{size:,} bytes is larger than the limit of 100 (ACTORGRAPH_MAX_DOCUMENT_BYTES); "
        "split the file or raise the limit"
    )


def test_documents_at_the_size_limit_goes_in(tmp_path, monkeypatch):
    monkeypatch.setenv("ACTORGRAPH_MAX_DOCUMENT_BYTES", str(len(ARTICLE.encode("utf-8"))))
    assert isinstance(only(list(read_path(write(tmp_path, "exact.txt", ARTICLE)))), Document)


def test_documents_missing_file_fails(tmp_path):
    path = tmp_path / "nowhere.txt"
    failure = only(list(read_path(path)))
    assert failure.source == str(path)
    assert failure.reason == "No such file or directory"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (ARTICLE, ARTICLE),
        (ARTICLE, "  " + ARTICLE.replace("\n", "\n\n") + "\n\n"),
        ("قال السوداني  إن\tبغداد ترفض", "قال السوداني إن بغداد ترفض"),
        ("بغداد\r\nترفض", "بغداد ترفض"),
        ("مح\u0651\u064eد", "مح\u064e\u0651د"),  # shadda before or after the fatha: one NFC form
    ],
)
def test_documents_id_is_a_content_hash_blind_to_whitespace(first, second):
    assert document_id(first) == document_id(second)
    assert len(document_id(first)) == 16


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("قال السوداني إن بغداد ترفض", "قال السوداني إن بغداد ترفض."),
        ("بغداد ترفض", "بغداد تقبل"),
        ("بغداد ترفض", "بغدادترفض"),
    ],
)
def test_documents_id_differs_when_the_text_differs(first, second):
    assert document_id(first) != document_id(second)


def test_documents_same_text_in_two_files_has_one_id(tmp_path):
    one = only(list(read_path(write(tmp_path, "one.txt", ARTICLE))))
    two = only(list(read_path(write(tmp_path, "two.txt", ARTICLE.replace("\n", "\r\n") + "\n\n"))))
    assert one.id == two.id
    assert one.source != two.source


def test_documents_from_text_keeps_metadata_and_checks_the_date():
    document = from_text(
        ARTICLE, "upload", title="عنوان آخر", date="2024-01-29T10:00:00Z", url="https://x.example/1"
    )
    assert (document.title, document.date, document.url) == ("عنوان آخر", "2024-01-29", "https://x.example/1")
    with pytest.raises(DocumentError, match="no Arabic text"):
        from_text("Hello", "upload")


def test_documents_expand_paths_folders_globs_and_missing(tmp_path):
    write(tmp_path, "b.txt", ARTICLE)
    write(tmp_path, "a.html", NEWS_PAGE)
    write(tmp_path, "notes.md", "# ملاحظات")
    write(tmp_path, "gold.json", "{}")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "c.jsonl", json.dumps({"text": ARTICLE}, ensure_ascii=False))
    files, missing = expand_paths([str(tmp_path), str(tmp_path / "*.txt"), str(tmp_path / "nowhere")])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.html", "b.txt", "sub/c.jsonl"]
    assert missing == [Failure(str(tmp_path / "nowhere"), "no such file or folder")]
