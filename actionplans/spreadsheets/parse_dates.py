"""Dates in the text people write: "Sept 2013", "31/03/2026", "2025/26", and timeframes.

A month without a day means its last day ("Sept 2013" -> 30 September 2013), UK day/month
order, and "2025/26" the end of that NHS financial year. `parse_timeframe` keeps recurring
("Quarterly", "At bi-monthly meetings") and open-ended ("ongoing", "Within 6 weeks of
appointment") timeframes without a date, and warns when text looks like a date it cannot read.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

MONTHS = {calendar.month_abbr[number].lower(): number for number in range(1, 13)}


def _month(name: str) -> int:
    return MONTHS[name.lower()[:3]]


_MONTH = (
    r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_YEAR = r"(\d{4}|'\d{2}|(?<=[-\s/])\d{2}(?!\d))"
_DAY_MONTH_YEAR = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s*[-\s/]?\s*" + _YEAR, re.I
)
_MONTH_YEAR = re.compile(r"\b" + _MONTH + r",?\s*[-\s/]\s*" + _YEAR, re.I)
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_FINANCIAL_YEAR = re.compile(r"\b(20\d{2})\s*[/-]\s*(\d{2}|20\d{2})\b")
_BARE_YEAR = re.compile(r"\b(19[89]\d|20\d{2})\b")
_QUARTER = re.compile(r"\bq[1-4]\b", re.I)
_SEASON = re.compile(r"\b(spring|summer|autumn|winter|early|mid|late)\b", re.I)

RECURRING = re.compile(
    r"\b(quarterly|monthly|weekly|fortnightly|annually|annual|yearly|bi-?monthly|bi-?annually|six-monthly|"
    r"twice (a|per) (year|month)|every|each (year|month|quarter|week|term)|per (annum|year|month|quarter)|"
    r"termly|at (\w+[- ])*meetings?)\b",
    re.I,
)
# Timeframes that name no single date on purpose: nothing to warn about.
OPEN_ENDED = re.compile(
    r"\b(ongoing|on-going|continuous|continuing|tbc|tbd|to be confirmed|as required|as needed|"
    r"when required|within|following|after|upon|on appointment|immediate(ly)?|throughout|n/?a)\b",
    re.I,
)


def _year(text: str) -> int:
    text = text.lstrip("'")
    return int(text) + 2000 if len(text) == 2 else int(text)


def month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def find_dates(text: str) -> list[datetime.date]:
    """Every date named in the text, in order. A month without a day means its last day
    ("Sept 2013" -> 30 September 2013); "2025/26" means the end of that financial year."""
    found: list[tuple[int, datetime.date]] = []
    taken: list[tuple[int, int]] = []

    def free(match) -> bool:
        return all(match.end() <= start or match.start() >= end for start, end in taken)

    def add(match, value):
        taken.append(match.span())
        found.append((match.start(), value))

    for match in _ISO.finditer(text):
        try:
            add(match, datetime.date(int(match[1]), int(match[2]), int(match[3])))
        except ValueError:
            taken.append(match.span())
    for match in _NUMERIC.finditer(text):
        if free(match):
            try:  # UK order: day/month/year
                add(match, datetime.date(_year(match[3]), int(match[2]), int(match[1])))
            except ValueError:
                taken.append(match.span())
    for match in _DAY_MONTH_YEAR.finditer(text):
        if free(match):
            try:
                add(match, datetime.date(_year(match[3]), _month(match[2]), int(match[1])))
            except ValueError:
                taken.append(match.span())
    for match in _MONTH_YEAR.finditer(text):
        if free(match):
            add(match, month_end(_year(match[2]), _month(match[1])))
    for match in _FINANCIAL_YEAR.finditer(text):
        if free(match):
            start = int(match[1])
            end = (start // 100) * 100 + int(match[2]) if len(match[2]) == 2 else int(match[2])
            if start < end <= start + 10:  # "2025/26" or a span "2025-28": its last financial year
                add(match, datetime.date(end, 3, 31))
            else:
                taken.append(match.span())
    for match in _BARE_YEAR.finditer(text):
        if free(match):
            add(match, datetime.date(int(match[1]), 12, 31))
    return [value for _, value in sorted(found, key=lambda pair: pair[0])]


@dataclass(frozen=True)
class Timeframe:
    due_date: datetime.date | None
    is_recurring: bool
    warning: str | None = None


def parse_timeframe(text: str) -> Timeframe:
    """A timeframe as written -> its due date (the latest date it names), whether it recurs,
    and a warning when it looks like a date that cannot be read (the text is kept either way)."""
    text = (text or "").strip()
    if not text:
        return Timeframe(None, False)
    if RECURRING.search(text):
        return Timeframe(None, True)
    if _QUARTER.search(text) or _SEASON.search(text):
        return Timeframe(None, False, f"“{text}” names no single date; kept as text with no due date.")
    dates = find_dates(text)
    if dates:
        return Timeframe(max(dates), False)
    if OPEN_ENDED.search(text):
        return Timeframe(None, False)
    return Timeframe(None, False, f"“{text}” is not a date we can read; kept as text with no due date.")
