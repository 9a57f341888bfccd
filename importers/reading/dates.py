"""Month-precision dates as plans write them ("Aug-14", "Q4 2015/16", "Spring 2011").

Dates are "YYYY-MM" strings; the loader turns them into real dates with `month_first_day`
(a start) and `month_last_day` (a due date: an action due June 2011 is not overdue until
1 July). Conventions follow DESIGN.md "Dates": UK financial years run April-March, and nothing
is invented: where no date is found the reading says so in a warning.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["MilestoneReading", "Timescale", "milestone_dates", "month_first_day",
           "month_last_day", "months_in", "parse_month", "parse_timescale"]  # fmt: skip


@dataclass(frozen=True)
class Timescale:
    """What a Timescale cell says: start and due months, plus status words."""

    start: str | None
    due: str | None
    done: bool = False
    """The cell says the action is achieved/complete ("March 2007 Achieved")."""
    ongoing: bool = False
    warning: str | None = None


@dataclass(frozen=True)
class MilestoneReading:
    """Dates read from a milestones/metrics text (plans without a timescale column)."""

    start: str | None
    due: str | None
    milestones: list[tuple[str, str]] = field(default_factory=list)
    """(sentence, "YYYY-MM") for each sentence that names a date, in order."""
    warning: str | None = None


@dataclass(frozen=True)
class _Period:
    """One date expression: the months it starts and ends in, and where it was found."""

    first: str
    last: str
    begin: int
    end: int
    is_range: bool = False
    """It names both ends itself ("2012-2015", "Jan-Mar 2016")."""
    month_precise: bool = True
    """False for whole years ("2015/16", "2012-2015"): they name a period, not a deadline."""


# --- the date grammar -------------------------------------------------------------------------

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH_WORD = (
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b\.?"
)
_SEASONS = {"spring": 4, "summer": 7, "autumn": 10, "winter": 1}
_YEAR4 = r"(?:19|20)\d{2}"
_DASH = r"[-\u2013\u2014]"
_MONTH_RANGE = rf"{_MONTH_WORD}\s*(?:{_DASH}|\bto\b)\s*{_MONTH_WORD}"
# At most twelve months in a list: unbounded, a long "jan/jan/..." backtracks from every month.
_MONTH_LIST = (
    rf"{_MONTH_WORD}(?:\s*(?:/|,|&|\band\b|\bor\b|{_DASH}|\bto\b)\s*{_MONTH_WORD}){{0,11}}"
)
_FY = rf"(?P<a>{_YEAR4}|\d{{2}})\s*(?:/|{_DASH})\s*(?P<b>{_YEAR4}|\d{{2}})\b"


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _full_year(digits: str) -> int:
    # Plans are this century: "Aug-14" is 2014.
    return int(digits) if len(digits) == 4 else 2000 + int(digits)


def _financial_year(a: str, b: str) -> tuple[int, int] | None:
    """(first, second) calendar years of "2015/16", or None if the years do not follow on."""
    first, second = _full_year(a), _full_year(b)
    return (first, second) if second == first + 1 else None


def _point(ym: str, m: re.Match[str]) -> _Period:
    return _Period(ym, ym, m.start(), m.end())


# Each reader turns one kind of match into a _Period, a warning (a date too vague to use), or
# None (not a date after all).
_Reading = _Period | str | None


def _read_day_month_year(m: re.Match[str]) -> _Reading:
    day, month = int(m["d"]), int(m["m"])
    if 13 <= month <= 31 and 1 <= day <= 12:
        day, month = month, day  # "8/31/2023": only the US month-first order is a date
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return _point(_ym(_full_year(m["y"]), month), m)


def _read_iso_month(m: re.Match[str]) -> _Reading:
    # "2015-16" and "2011-12" are financial years (consecutive years), not months
    if _financial_year(m["a"], m["b"]) is not None:
        return _read_financial_year(m)
    return _read_month_year_numbers({"m": m["b"], "y": m["a"]}, m)


def _read_month_year_numbers(m: re.Match[str], where: re.Match[str] | None = None) -> _Reading:
    month = int(m["m"])
    return _point(_ym(int(m["y"]), month), where or m) if 1 <= month <= 12 else None


def _read_quarter(m: re.Match[str]) -> _Reading:
    fy = _financial_year(m["a"], m["b"])
    if fy is None:
        return None
    # Q1 = April-June of the first year ... Q4 = January-March of the second.
    q = int(m["q"])
    year, first_month = (fy[1], 1) if q == 4 else (fy[0], 1 + 3 * q)
    return _Period(_ym(year, first_month), _ym(year, first_month + 2), m.start(), m.end())


def _read_ambiguous_quarter(m: re.Match[str]) -> _Reading:
    return f"'{m[0]}' could be a calendar or a financial quarter"


def _read_year_range(m: re.Match[str]) -> _Reading:
    a, b = int(m["a"]), int(m["b"])
    if b <= a:
        return None
    # A plan's "2012-2015" runs over financial years: April 2012 to March 2015.
    return _Period(_ym(a, 4), _ym(b, 3), m.start(), m.end(), is_range=True, month_precise=False)


def _read_financial_year(m: re.Match[str]) -> _Reading:
    fy = _financial_year(m["a"], m["b"])
    if fy is None:
        return None
    return _Period(_ym(fy[0], 4), _ym(fy[1], 3), m.start(), m.end(), month_precise=False)


def _read_months(m: re.Match[str]) -> _Reading:
    """Month names and a year: "June 2007"; "May/June 2007" (alternatives: the latest counts);
    "Jan-Mar 2016" (a range)."""
    if m["y2s"] and m["months"].islower():
        # "may 20 people", "march 12": a lower-case word and a bare number read as prose.
        return None
    year = _full_year(m["y4"] or m["y2"] or m["y2s"])
    numbers = [_MONTHS[w.lower()[:3]] for w in re.findall(_MONTH_WORD, m["months"], re.I)]
    if len(numbers) == 2 and re.search(_MONTH_RANGE, m["months"], re.I):
        # "Nov-Feb 2016" crosses a new year: the first month is in the year before.
        first_year = year - 1 if numbers[0] > numbers[1] else year
        first, last = _ym(first_year, numbers[0]), _ym(year, numbers[1])
        return _Period(first, last, m.start(), m.end(), is_range=True)
    return _Period(_ym(year, min(numbers)), _ym(year, max(numbers)), m.start(), m.end())


def _read_season(m: re.Match[str]) -> _Reading:
    return _point(_ym(int(m["y"]), _SEASONS[m["s"].lower()]), m)


def _read_mid_year(m: re.Match[str]) -> _Reading:
    return _point(_ym(int(m["y"]), 6), m)


def _read_year_end(m: re.Match[str]) -> _Reading:
    return _point(_ym(int(m["y"]), 12), m)


def _read_bare_year(m: re.Match[str]) -> _Reading:
    return f"'{m[0]}' names a year but no month"


# In priority order: where two patterns match at the same place, the earlier one is used.
_GRAMMAR: list[tuple[re.Pattern[str], Callable[[re.Match[str]], _Reading]]] = [
    # "31/03/2015", "1.4.15": UK day-first order
    (
        re.compile(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4}|\d{2})\b"),
        _read_day_month_year,
    ),
    # ISO "2016-03-31", "2016-03-31T00:00:00": year first, then month and day
    (
        re.compile(rf"\b(?P<y>{_YEAR4})-(?P<m>\d{{1,2}})-\d{{1,2}}(?:T\d{{2}}:\d{{2}})?(?!\d)"),
        _read_month_year_numbers,
    ),
    # ISO month "2016-03" (not followed by a day); "2015-16" stays a financial year
    (re.compile(rf"\b(?P<a>{_YEAR4})-(?P<b>\d{{2}})\b(?![/.\-]\d)"), _read_iso_month),
    # "03/2015"
    (re.compile(rf"\b(?P<m>\d{{1,2}})[/.](?P<y>{_YEAR4})\b"), _read_month_year_numbers),
    # "Q4 2015/16", "Quarter 3 2015/16"
    (re.compile(rf"\b(?:q|quarter\s*)(?P<q>[1-4])\s*(?:of\s+)?{_FY}", re.I), _read_quarter),
    # "Q4 2015": a calendar or a financial quarter? Reported, not guessed.
    (re.compile(rf"\b(?:q|quarter\s*)[1-4]\s*(?:of\s+)?{_YEAR4}\b", re.I), _read_ambiguous_quarter),
    # "2012-2015", "2012 to 2015"
    (
        re.compile(rf"\b(?P<a>{_YEAR4})\s*(?:{_DASH}|to)\s*(?P<b>{_YEAR4})\b", re.I),
        _read_year_range,
    ),
    # "2015/16", "2015-16", "2015/2016", "15/16"
    (re.compile(rf"\b{_FY}(?![/.]\d)"), _read_financial_year),
    # "June 2007", "Aug-14", "May/June 2007", "April, July and October 2011", "Jan-Mar 2016",
    # "March 31, 2015", "August, 31, 2023", "June 07"
    (
        re.compile(
            rf"(?P<months>{_MONTH_LIST})(?:,?\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?"
            rf"(?:\s*[-'\u2019/,]?\s*(?P<y4>{_YEAR4})\b|(?:[-/]|\s?['\u2019])(?P<y2>\d{{2}})\b"
            rf"|\s+(?P<y2s>\d{{2}})\b(?![/.:]?\d))",
            re.I,
        ),
        _read_months,
    ),
    (
        re.compile(rf"\b(?P<s>spring|summer|autumn|winter)\s+(?:of\s+)?(?P<y>{_YEAR4})\b", re.I),
        _read_season,
    ),
    (re.compile(rf"\bmid[\s-]*(?:of\s+)?(?P<y>{_YEAR4})\b", re.I), _read_mid_year),
    (
        re.compile(rf"\b(?:through(?:out)?|(?:the\s+)?end\s+of)\s+(?P<y>{_YEAR4})\b", re.I),
        _read_year_end,
    ),
    # "2016" alone names no month: reported, not guessed.
    (re.compile(rf"\b{_YEAR4}\b"), _read_bare_year),
]


def _scan(text: str) -> tuple[list[_Period], list[str]]:
    """Every date expression in text, left to right, and warnings for vague ones."""
    periods: list[_Period] = []
    vague: list[str] = []
    pos = 0
    # Each pattern's next match is kept until the scan passes its start: searching every
    # pattern again after each date would cost time quadratic in the text's length.
    ahead: list[re.Match[str] | None | bool] = [True] * len(_GRAMMAR)
    while True:
        found = []
        for order, (pattern, read) in enumerate(_GRAMMAR):
            m = ahead[order]
            if m is True or (m is not None and m.start() < pos):
                m = ahead[order] = pattern.search(text, pos)
            if m is not None:
                found.append((m.start(), order, m, read))
        if not found:
            return periods, vague
        _, _, m, read = min(found, key=lambda f: (f[0], f[1]))
        reading = read(m)
        if isinstance(reading, _Period):
            periods.append(reading)
        elif isinstance(reading, str):
            vague.append(reading)
        pos = m.end()


def _clean(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


# --- Timescale cells --------------------------------------------------------------------------


_START_BEFORE = re.compile(
    r"\b(?:from|start(?:s|ing)?|commenc(?:e|es|ing)|beginning|begin(?:s)?)\W*(?:in\s+|on\s+)?$",
    re.I,
)
_START_AFTER = re.compile(r"^\W*(?:onwards?|and\s+beyond)\b", re.I)
_RANGE_BETWEEN = re.compile(rf"^[\s,]*(?:{_DASH}|(?:to|until|till|through)\b)", re.I)
_ALTERNATIVE_BETWEEN = re.compile(r"^\s*(?:/|or\b|,|&|and\b)\s*$", re.I)
_DONE = re.compile(r"(?<!not )\b(?:achieved|completed?)\b", re.I)
_ONGOING = re.compile(r"\bon[\s-]?going\b", re.I)


def months_in(text: str) -> list[str]:
    """Every month-precise date in text, in order of appearance (the latest of a "May/June")."""
    periods, _ = _scan(_clean(text))
    return [p.last for p in periods if p.month_precise]


def parse_timescale(text: str) -> Timescale:
    """Read a Timescale cell: "June 2007", "From Dec 2014 to March 2015", "Q4 2015/16" ...

    A single date is the due date unless "from"/"starting"/"onwards" marks it as a start. Two
    dates joined by "to" or a dash are start and due, as is a year range ("2012-2015");
    alternatives ("May/June 2007") give the latest as due. "Achieved"/"Complete(d)" sets done;
    "Ongoing" sets ongoing. Whitespace (line breaks, non-breaking spaces) does not matter.
    """
    clean = _clean(text)
    done = bool(_DONE.search(clean))
    ongoing = bool(_ONGOING.search(clean))
    periods, vague = _scan(clean)
    if not periods:
        if ongoing:
            return Timescale(None, None, done=done, ongoing=True)
        reason = f"no date found in '{clean}'" + (f" ({'; '.join(vague)})" if vague else "")
        return Timescale(None, None, done=done, warning=reason)
    start, due, warning = _start_and_due(clean, periods)
    if start and due and start > due:
        warning = _join(warning, f"start {start} is after due {due} in '{clean}'")
    return Timescale(start, due, done=done, ongoing=ongoing, warning=_join(warning, *vague))


def _start_and_due(clean: str, periods: list[_Period]) -> tuple[str | None, str | None, str | None]:
    first, last = periods[0], periods[-1]
    marked_start = bool(
        _START_BEFORE.search(clean[: first.begin]) or _START_AFTER.search(clean[last.end :])
    )
    if len(periods) == 1:
        if first.is_range:
            return first.first, first.last, None
        return (first.first, None, None) if marked_start else (None, first.last, None)
    between = [clean[a.end : b.begin] for a, b in zip(periods, periods[1:], strict=False)]
    if marked_start or any(_RANGE_BETWEEN.search(gap) for gap in between):
        return first.first, last.last, None
    latest = max(p.last for p in periods)
    if all(_ALTERNATIVE_BETWEEN.match(gap) for gap in between):
        return None, latest, None
    # "June 2007 Dec 2007": two dates run together (often two actions merged in extraction).
    return None, latest, f"several dates in '{clean}' with no 'from'/'to'; took the latest"


def _join(*messages: str | None) -> str | None:
    kept = [m for m in messages if m]
    return "; ".join(kept) if kept else None


def parse_month(text: str, edge: Literal["start", "due"] = "due") -> str | None:
    """The one month a single cell names ("Aug-14", "Review Dec-16"), or None.

    For a cell that names a period ("Q4 2015/16"), edge="start" gives its first month and
    edge="due" its last. A cell naming no date, or several, gives None: never guess.
    """
    periods, _ = _scan(_clean(text))
    if len(periods) != 1:
        return None
    return periods[0].first if edge == "start" else periods[0].last


def _parse_ym(ym: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{4})-(\d{2})", ym)
    if m is None or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"not a YYYY-MM month: {ym!r}")
    return int(m.group(1)), int(m.group(2))


def month_first_day(ym: str) -> datetime.date:
    """A start month as a date: its first day."""
    year, month = _parse_ym(ym)
    return datetime.date(year, month, 1)


def month_last_day(ym: str) -> datetime.date:
    """A due month as a date: its last day (due June 2011 is not overdue until 1 July)."""
    year, month = _parse_ym(ym)
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


# --- Milestones text --------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'\u2018\u201c(]?[A-Z0-9])|\n\s*")
_START_WORDS = re.compile(r"\b(?:commenc\w*|established|start(?:s|ed|ing)?)\b", re.I)


def milestone_dates(text: str) -> MilestoneReading:
    """Dates in a milestones text, for plans with no timescale column (DESIGN.md "Dates").

    Each sentence naming a month is a milestone dated with the latest month it names; the due
    date is the latest month of all. A sentence saying work commences/starts or a group was
    established gives the start, but only where a later end date is also stated. A bare
    financial year ("baseline for following year (2012/13)") names a period, not a deadline,
    so it is not counted.
    """
    milestones: list[tuple[str, str]] = []
    starts: list[str] = []
    for sentence in _sentences(text):
        periods, _ = _scan(sentence)
        months = [p.last for p in periods if p.month_precise]
        if not months:
            continue
        milestones.append((sentence, max(months)))
        if _START_WORDS.search(sentence):
            starts.append(min(p.first for p in periods if p.month_precise))
    if not milestones:
        return MilestoneReading(None, None, warning=f"no date found in '{_clean(text)}'")
    due = max(month for _, month in milestones)
    start = min(starts) if starts else None
    return MilestoneReading(start if start and start < due else None, due, milestones)


def _sentences(text: str) -> list[str]:
    return [
        s for s in (_clean(part) for part in _SENTENCE_END.split(text.replace("\u00a0", " "))) if s
    ]
