"""Dates stated in Arabic text -> ISO dates.

Handles both month systems and their pairings (``28 يناير/كانون الثاني 2024``,
``تشرين الأول/أكتوبر 2023``), Maghrebi month names (``جانفي``), day lists
(``في 7 و8 أغسطس``) and relative years (``الماضي``, ``الحالي``, ``المقبل``) which
are resolved against the document's date when it is known, else dropped.
Precision follows the text: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from graph.arabic import normalise_with_offsets
from graph.errors import InputError

# Normalised spellings (see arabic.normalise: أ->ا, ة->ه, ى->ي).
MONTHS = {
    "يناير": 1, "كانون الثاني": 1, "جانفي": 1, "جانفييه": 1,
    "فبراير": 2, "شباط": 2, "فيفري": 2,
    "مارس": 3, "اذار": 3,
    "ابريل": 4, "نيسان": 4, "افريل": 4,
    "مايو": 5, "ايار": 5, "ماي": 5,
    "يونيو": 6, "يونيه": 6, "حزيران": 6, "جوان": 6,
    "يوليو": 7, "يوليه": 7, "تموز": 7, "جويليه": 7,
    "اغسطس": 8, "اب": 8, "اوت": 8, "اغشت": 8,
    "سبتمبر": 9, "ايلول": 9, "شتنبر": 9,
    "اكتوبر": 10, "تشرين الاول": 10,
    "نوفمبر": 11, "تشرين الثاني": 11, "نونبر": 11,
    "ديسمبر": 12, "كانون الاول": 12, "دجنبر": 12,
}  # fmt: skip
PAST = ("الماضي", "الفايت", "المنصرم", "السابق")
CURRENT = ("الحالي", "الجاري", "هذا الشهر")
NEXT = ("المقبل", "القادم")
# Month names that are also common words (آب "father"/"August", ماي): only a
# date when a day, a year or a relative word comes with them.
AMBIGUOUS_MONTHS = frozenset({"اب", "ماي", "اوت"})

# Days written as ordinal words: "في السابع من فبراير 2024" (normalised spellings).
ORDINAL_DAYS = {
    "الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الخامس": 5, "السادس": 6, "السابع": 7,
    "الثامن": 8, "التاسع": 9, "العاشر": 10, "الحادي عشر": 11, "الثاني عشر": 12, "الثالث عشر": 13,
    "الرابع عشر": 14, "الخامس عشر": 15, "السادس عشر": 16, "السابع عشر": 17, "الثامن عشر": 18,
    "التاسع عشر": 19, "العشرين": 20, "الحادي والعشرين": 21, "الثاني والعشرين": 22,
    "الثالث والعشرين": 23, "الرابع والعشرين": 24, "الخامس والعشرين": 25, "السادس والعشرين": 26,
    "السابع والعشرين": 27, "الثامن والعشرين": 28, "التاسع والعشرين": 29, "الثلاثين": 30,
    "الحادي والثلاثين": 31,
}  # fmt: skip
_ordinal = "|".join(sorted((re.escape(o) for o in ORDINAL_DAYS), key=len, reverse=True))
_month = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))
MONTH_GROUP = rf"(?P<month>(?:{_month}))(?:\s*/\s*(?:{_month}))?"
# A stated year, 1000..2099: history is news too (في 2 أكتوبر من عام 1187).
YEAR = r"(?:1\d|20)\d\d"
YEAR_WORD = r"(?:عام|سنه|العام)"
DATE_PATTERN = re.compile(
    r"(?:(?<![\w])|(?<=(?<![\w])و))"  # a word start, or after the conjunction و: "و3 فبراير"
    rf"(?:(?:(?P<day>\d{{1,2}})(?:\s*و\s*\d{{1,2}})*|(?P<ordinal>{_ordinal}))\s+(?:من\s+)?)?"
    rf"(?:{MONTH_GROUP}|(?P<this_month>هذا الشهر))"
    rf"(?:\s+(?:من\s+)?{YEAR_WORD}?\s*(?P<year>{YEAR})"
    rf"|\s+(?P<relative>{'|'.join(PAST + CURRENT[:2] + NEXT)}))?"
    r"(?![\w])"
)
YEAR_ONLY = re.compile(rf"(?<![\w]){YEAR_WORD}\s+(?P<year>{YEAR})(?![\w])")
# "The same day in 1869" takes the day and month of the date stated before it;
# "on this day in 1869" those of the document's date.
SAME_DAY = re.compile(
    r"(?<![\w])(?:(?P<same>نفس\s+اليوم|اليوم\s+نفسه|ذات\s+اليوم)|(?P<this>مثل\s+هذا\s+اليوم))"
    rf"\s+(?:من\s+)?{YEAR_WORD}?\s*(?P<year>{YEAR})(?![\w])"
)


# A date or date prefix as a query parameter takes it: 2024, 2024-01, 2024-01-28.
ISO_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    iso: str
    planned: bool = False  # a deadline or a plan (بحلول سبتمبر 2025), not when something happened


# Words around a date that make it a deadline or a plan rather than an event's date.
PLAN_MARKERS = frozenset({"بحلول", "حتي", "نهايه", "المقبل", "القادم", "القادمين", "غضون", "قبل"})


def parse_iso_date(value: str, source: str = "date") -> str:
    """Validate a metadata date (``2024-09-06``, ``2024-09``, ``2024`` or an ISO timestamp)."""
    value = str(value).strip()
    # A date, optionally followed by a time (``T10:00:00Z`` or `` 10:00``); nothing else.
    match = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?:[T ]\d{2}:\d{2}\S*)?$", value)
    if not match:
        raise InputError(f"{source}: date {value!r} is not ISO (expected YYYY-MM-DD)")
    year, month, day = match.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        raise InputError(f"{source}: date {value!r} does not exist") from None
    return "-".join(part for part in (year, month, day) if part)


def check_date_range(since: str | None, until: str | None) -> None:
    """Both ends ISO dates or prefixes that exist, and ``since`` not after ``until``
    (compared at the coarser precision: since=2024-05 until=2024 is a range)."""
    for name, value in (("since", since), ("until", until)):
        if value is None:
            continue
        try:
            if not re.fullmatch(ISO_DATE, value):
                raise InputError(value)
            parse_iso_date(value, name)  # 2024-13-01 has the shape but is no date
        except InputError:
            raise InputError(f"{name}={value!r}: expected an ISO date such as 2024-01-28") from None
    if since and until:
        common = min(len(since), len(until))
        if since[:common] > until[:common]:
            raise InputError(f"since={since} is after until={until}: the date range is inverted")


def find_dates(text: str, document_date: str | None = None, analysed=None) -> list[DateMention]:
    """Every date the text states, with offsets into ``text``; ``analysed`` (the
    text's :class:`graph.records.AnalysedDocument`) saves normalising it again.

    >>> [d.iso for d in find_dates("في 28 يناير/كانون الثاني 2024 هاجمت")]
    ['2024-01-28']
    """
    if analysed is not None:
        normalised, offsets = analysed.normalised, analysed.offsets
    else:
        normalised, offsets = normalise_with_offsets(text)
    anchor = _anchor(document_date)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for match in DATE_PATTERN.finditer(normalised):
        iso = _resolve(match, anchor)
        if iso:
            found.append(_mention(match, offsets, iso))
            taken.append(match.span())
    for match in SAME_DAY.finditer(normalised):
        day = _same_day(match, offsets[match.start()], found, anchor, document_date)
        found.append(_mention(match, offsets, f"{match.group('year')}-{day}" if day else match.group("year")))
        taken.append(match.span())
    for match in YEAR_ONLY.finditer(normalised):
        if not any(s <= match.start() < e for s, e in taken):
            found.append(_mention(match, offsets, match.group("year")))
    return sorted((_with_plan(d, normalised_text=text) for d in found), key=lambda d: d.start)


def _same_day(
    match: re.Match, start: int, found: list[DateMention], anchor: date | None, document_date: str | None
) -> str | None:
    """The month and day (``10-02``) that "the same day" / "this day" at ``start`` refers to, if known."""
    if match.group("this"):
        return anchor.isoformat()[5:] if anchor and len(document_date or "") >= 10 else None
    before = [d for d in found if len(d.iso) == 10 and d.start < start]
    return max(before, key=lambda d: d.start).iso[5:] if before else None


def _with_plan(mention: DateMention, normalised_text: str) -> DateMention:
    from graph.arabic import normalise

    before = normalise(normalised_text[max(0, mention.start - 24) : mention.start]).split()[-2:]
    after = normalise(normalised_text[mention.end : mention.end + 12]).split()[:1]
    if (set(before) | set(after)) & PLAN_MARKERS:
        return DateMention(mention.start, mention.end, mention.iso, planned=True)
    return mention


def _mention(match: re.Match, offsets: list[int], iso: str) -> DateMention:
    start, end = match.span()
    return DateMention(offsets[start], offsets[end - 1] + 1, iso)


def _anchor(document_date: str | None) -> date | None:
    if not document_date:
        return None
    parts = [int(p) for p in parse_iso_date(document_date, "document date").split("-")]
    if len(parts) < 2:
        return None
    return date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)


def _resolve(match: re.Match, anchor: date | None) -> str | None:
    day = int(match.group("day")) if match.group("day") else None
    if match.group("ordinal"):
        day = ORDINAL_DAYS[match.group("ordinal")]
    if match.group("this_month"):
        if not anchor:
            return None
        year, month = anchor.year, anchor.month
    else:
        month = MONTHS[match.group("month")]
        bare = not (day or match.group("year") or match.group("relative"))
        if bare and match.group("month") in AMBIGUOUS_MONTHS:
            return None
        if match.group("year"):
            year = int(match.group("year"))
        elif anchor is None:
            return None
        else:
            year = _relative_year(month, match.group("relative") or "", anchor)
    if day is not None:
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}"


def _relative_year(month: int, relative: str, anchor: date) -> int:
    if relative in NEXT:
        # Like "الماضي" below: "next May" written in May is the following year's.
        return anchor.year + (1 if month <= anchor.month else 0)
    if relative in CURRENT:
        return anchor.year
    # "الماضي" and a bare month both point at the most recent such month.
    return anchor.year - (1 if month > anchor.month or (relative in PAST and month == anchor.month) else 0)
