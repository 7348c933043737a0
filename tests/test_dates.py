"""graph/dates.py: dates stated in Arabic text -> ISO dates with offsets; metadata date validation."""

from __future__ import annotations

import pytest

from graph.dates import check_date_range, find_dates, parse_iso_date
from graph.errors import InputError


@pytest.mark.parametrize(
    ("text", "document_date", "expected"),
    [
        # Levantine and Egyptian/Gulf month names, alone and paired.
        (
            "هاجمت الفصائل البرج في 28 يناير/كانون الثاني 2024 ",
            None,
            [("28 يناير/كانون الثاني 2024", "2024-01-28")],
        ),
        ("منذ منتصف تشرين الأول/أكتوبر 2023 تصاعدت الهجمات", None, [("تشرين الأول/أكتوبر 2023", "2023-10")]),
        ("في 5 شباط/فبراير 2024 قصفت واشنطن", None, [("5 شباط/فبراير 2024", "2024-02-05")]),
        ("في 3 آب 2023 اجتمع الوزراء", None, [("3 آب 2023", "2023-08-03")]),
        ("حتى 15 حزيران 2021", None, [("15 حزيران 2021", "2021-06-15")]),
        ("في 9 أبريل 2024", None, [("9 أبريل 2024", "2024-04-09")]),
        ("في ديسمبر 2019", None, [("ديسمبر 2019", "2019-12")]),
        ("في 15 من أيار من عام 2024", None, [("15 من أيار من عام 2024", "2024-05-15")]),
        ("في كانون الأول 2023", None, [("كانون الأول 2023", "2023-12")]),
        # Maghrebi month names.
        ("في 5 جانفي 2024 أعلنت الجزائر", None, [("5 جانفي 2024", "2024-01-05")]),
        ("في 12 شتنبر 2023 ضرب زلزال المغرب", None, [("12 شتنبر 2023", "2023-09-12")]),
        ("في فيفري 2022", None, [("فيفري 2022", "2022-02")]),
        ("في 20 جويلية 2024", None, [("20 جويلية 2024", "2024-07-20")]),
        ("أوت 2023", None, [("أوت 2023", "2023-08")]),
        ("في 7 دجنبر 2022", None, [("7 دجنبر 2022", "2022-12-07")]),
        # Eastern Arabic digits and a year alone.
        ("في ٢٨ يناير ٢٠٢٤", None, [("٢٨ يناير ٢٠٢٤", "2024-01-28")]),
        ("في عام 2019 انسحبت القوات", None, [("عام 2019", "2019")]),
        ("منذ العام 2003", None, [("العام 2003", "2003")]),
    ],
)
def test_dates_find_dates_month_systems(text, document_date, expected):
    found = find_dates(text, document_date)
    assert [(text[d.start : d.end], d.iso) for d in found] == expected


@pytest.mark.parametrize(
    ("text", "document_date", "expected"),
    [
        ("في 7 و8 أغسطس الماضي التقى الوفدان", "2024-09-06", [("7 و8 أغسطس الماضي", "2024-08-07")]),
        ("يومي 3 و4 و5 مارس 2024", None, [("3 و4 و5 مارس 2024", "2024-03-03")]),
        ("في 7 و 8 تموز 2023", None, [("7 و 8 تموز 2023", "2023-07-07")]),
    ],
)
def test_dates_find_dates_day_lists_give_the_first_day(text, document_date, expected):
    assert [(text[d.start : d.end], d.iso) for d in find_dates(text, document_date)] == expected


@pytest.mark.parametrize(
    ("text", "document_date", "iso"),
    [
        ("في مارس الماضي", "2024-09-06", "2024-03"),
        ("في أكتوبر الماضي", "2024-09-06", "2023-10"),
        ("في سبتمبر الماضي", "2024-09-06", "2023-09"),  # "last September" written in September
        ("في آب الماضي", "2024-01-01", "2023-08"),
        ("في مايو المقبل", "2024-09-06", "2025-05"),
        ("في نوفمبر المقبل", "2024-09-06", "2024-11"),
        ("في سبتمبر المقبل", "2024-09-06", "2025-09"),  # "next September" written in September
        ("في يوليو الحالي", "2024-07-02", "2024-07"),
        ("في أيلول الجاري", "2024-09-20", "2024-09"),
        ("هذا الشهر", "2024-07-02", "2024-07"),
        ("في 12 يونيو الماضي", "2024-09-06", "2024-06-12"),
        ("في أغسطس", "2024-09-06", "2024-08"),  # a bare month: the most recent one
        ("في 3 ديسمبر", "2024-09-06", "2023-12-03"),
        ("في مارس الماضي", "2024-09-06T10:15:00Z", "2024-03"),  # a timestamp anchors too
    ],
)
def test_dates_find_dates_relative_years_with_a_document_date(text, document_date, iso):
    assert [d.iso for d in find_dates(text, document_date)] == [iso]


@pytest.mark.parametrize(
    "text",
    ["في مارس الماضي", "في مايو المقبل", "في 7 و8 أغسطس الماضي", "هذا الشهر", "في أغسطس", "في 3 ديسمبر"],
)
@pytest.mark.parametrize("document_date", [None, "", "2024"])
def test_dates_find_dates_relative_years_without_a_document_month_are_dropped(text, document_date):
    assert find_dates(text, document_date) == []


@pytest.mark.parametrize(
    "text",
    [
        "قال آب إن ابنه عاد",  # آب: "father"
        "الأب والآب",
        "وقال المسؤول ماي إن",  # ماي: a surname
        "ماي",
    ],
)
def test_dates_find_dates_ambiguous_month_alone_is_not_a_date(text):
    assert find_dates(text, "2024-09-06") == []


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("في 3 آب 2023", "2023-08-03"),
        ("في آب 2023", "2023-08"),
        ("ماي 2024", "2024-05"),
    ],
)
def test_dates_find_dates_ambiguous_month_with_a_day_or_year_is_a_date(text, iso):
    assert [d.iso for d in find_dates(text)] == [iso]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("في 28 يَنايِر/كانـون الثاني 2024 هاجمت", "28 يَنايِر/كانـون الثاني 2024"),
        ("قبل «25 نيسان 2022» بأيام", "25 نيسان 2022"),
        ("وفي\u200f 4 أيّار 2021", "4 أيّار 2021"),
    ],
)
def test_dates_find_dates_offsets_point_into_the_original(text, expected):
    (found,) = find_dates(text)
    assert text[found.start : found.end] == expected


def test_dates_find_dates_several_dates_in_order():
    text = "بين 5 يناير 2020 و3 كانون الثاني 2024، ثم في عام 2025"
    found = find_dates(text)
    assert [d.iso for d in found] == ["2020-01-05", "2024-01-03", "2025"]
    assert [text[d.start : d.end] for d in found] == ["5 يناير 2020", "3 كانون الثاني 2024", "عام 2025"]


@pytest.mark.parametrize(
    "text",
    [
        "قتل 22 جنديا في البرج 22",
        "أطلقت 60 مسيرة",
        "يومي السبت والأحد",
        "في عام الفيل",
        "مارسيليا",  # a month name inside a longer word
    ],
)
def test_dates_find_dates_ignores_text_without_dates(text):
    assert find_dates(text) == []


def test_dates_find_dates_impossible_day_keeps_the_month():
    assert [d.iso for d in find_dates("في 31 فبراير 2024")] == ["2024-02"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-09-06", "2024-09-06"),
        ("2024-09", "2024-09"),
        ("2024", "2024"),
        ("2024-09-06T10:00:00Z", "2024-09-06"),
        ("2024-09-06T10:00:00+03:00", "2024-09-06"),
        ("2024-09-06 10:00", "2024-09-06"),
        ("  2024-02-29 ", "2024-02-29"),
    ],
)
def test_dates_parse_iso_date_accepts(value, expected):
    assert parse_iso_date(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("06/09/2024", "is not ISO"),
        ("أمس", "is not ISO"),
        ("", "is not ISO"),
        ("2024-9-6", "is not ISO"),
        ("20241", "is not ISO"),
        ("2024-09-06xyz", "is not ISO"),
        ("2024-02-30", "does not exist"),
        ("2023-02-29", "does not exist"),
        ("2024-13", "does not exist"),
        ("2024-00-10", "does not exist"),
    ],
)
def test_dates_parse_iso_date_errors(value, reason):
    with pytest.raises(InputError) as raised:
        parse_iso_date(value, "article.txt")
    message = str(raised.value)
    assert message.startswith("article.txt: ")
    assert reason in message
    assert repr(value.strip()) in message
    assert "\n" not in message


@pytest.mark.parametrize(
    ("text", "document_date", "expected"),
    [
        # An explicit year wins over the document's, however old (was 2018-10-02: 1187 was no year).
        (
            "في 2 أكتوبر من عام 1187 استعاد صلاح الدين القدس",
            "2018-10-02",
            [("2 أكتوبر من عام 1187", "1187-10-02")],
        ),
        ("في 15 مايو 1948 أعلن", None, [("15 مايو 1948", "1948-05-15")]),
        ("منذ عام 1258", None, [("عام 1258", "1258")]),
        # "The same day in 1869": the day and month of the date stated before it, the year stated.
        (
            "في 2 أكتوبر من عام 1187 استعاد صلاح الدين القدس، وفي نفس اليوم من عام 1869 ولد غاندي",
            "2018-10-02",
            [("2 أكتوبر من عام 1187", "1187-10-02"), ("نفس اليوم من عام 1869", "1869-10-02")],
        ),
        (
            "ولد في 2 أكتوبر 1990، وتوفي في اليوم نفسه من عام 2020",
            None,
            [("2 أكتوبر 1990", "1990-10-02"), ("اليوم نفسه من عام 2020", "2020-10-02")],
        ),
        # "On this day in 1948": the document's day and month.
        ("في مثل هذا اليوم من عام 1948 أعلن", "2018-05-14", [("مثل هذا اليوم من عام 1948", "1948-05-14")]),
        ("في مثل هذا اليوم من عام 1948 أعلن", None, [("مثل هذا اليوم من عام 1948", "1948")]),
        (
            "في نفس اليوم من عام 1869 ولد",
            "2018-10-02",
            [("نفس اليوم من عام 1869", "1869")],
        ),  # no day before it
    ],
)
def test_dates_find_dates_explicit_years_win(text, document_date, expected):
    assert [(text[d.start : d.end], d.iso) for d in find_dates(text, document_date)] == expected


@pytest.mark.parametrize(
    ("since", "until"),
    [
        ("2024", "2024"),
        ("2024-05", "2024"),
        ("2024", "2024-05"),
        ("2023-12-31", "2024-01-01"),
        (None, "2020"),
    ],
)
def test_dates_check_date_range_accepts(since, until):
    check_date_range(since, until)


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [
        ("2024", "2023", "since=2024 is after until=2023: the date range is inverted"),
        ("2024-02-01", "2024-01-31", "the date range is inverted"),
        ("2024-13", None, "since='2024-13': expected an ISO date"),
        (None, "yesterday", "until='yesterday': expected an ISO date"),
    ],
)
def test_dates_check_date_range_refuses(since, until, message):
    with pytest.raises(InputError, match=message):
        check_date_range(since, until)
