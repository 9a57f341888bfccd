"""The plan's own details: title, area, period, RAG legend, printed columns, objectives."""

from __future__ import annotations

import re
from collections import Counter

from importers.reading.dates import months_in, parse_timescale
from importers.reading.document import Document, Paragraph, Table
from importers.reading.layout.blocks import _Block
from importers.reading.layout.fields import match_rag
from importers.reading.layout.rows import _State
from importers.reading.objectives import NATIONAL_OBJECTIVES, match_title
from importers.reading.parsed import ParsedObjective

# --- plan details -------------------------------------------------------------------------------

_TITLE_WORDS = re.compile(r"\b(plan|strategy|programme)\b", re.IGNORECASE)
_YEAR_RANGE = re.compile(r"(?<![\d/])((?:19|20)\d\d)\s*[-\u2013/]\s*((?:19|20)?\d\d)(?![\d/])")
_LEGEND = re.compile(
    r"^(?:rag\s+)?(?:rating\s+system|rating\s+key|rating|rag|key|legend|status\s+key)\b[\s:\-]*",
    re.IGNORECASE,
)

# Known English local-authority / NHS area names (a general rule: the area is the first known
# place named in the plan's title, else the one its text names most often). Aliases map to the
# name as usually written. Extend the table to cover more places.
_AREAS: dict[str, str] = {
    place.strip(): place.strip()
    for place in """
    Barking and Dagenham|Barnet|Bexley|Brent|Bromley|Camden|Croydon|Ealing|Enfield|Greenwich|
    Hackney|Hammersmith and Fulham|Haringey|Harrow|Havering|Hillingdon|Hounslow|Islington|
    Kensington and Chelsea|Kingston upon Thames|Lambeth|Lewisham|Merton|Newham|Redbridge|
    Richmond upon Thames|Southwark|Sutton|Tower Hamlets|Waltham Forest|Wandsworth|Westminster|
    City of London|Barnsley|Birmingham|Bolton|Bradford|Bury|Calderdale|Coventry|Doncaster|
    Dudley|Gateshead|Kirklees|Knowsley|Leeds|Liverpool|Manchester|Newcastle|North Tyneside|
    Oldham|Rochdale|Rotherham|Salford|Sandwell|Sefton|Sheffield|Solihull|South Tyneside|
    St Helens|Stockport|Sunderland|Tameside|Trafford|Wakefield|Walsall|Wigan|Wirral|
    Wolverhampton|Halton|Warrington|Cheshire East|Cheshire West and Chester|Blackburn with Darwen|
    Blackpool|Telford and Wrekin|Shropshire|Herefordshire|Stoke-on-Trent|Derby|Nottingham|
    Leicester|Rutland|Peterborough|Milton Keynes|Luton|Bedford|Central Bedfordshire|Thurrock|
    Southend-on-Sea|Medway|Brighton and Hove|Portsmouth|Southampton|Isle of Wight|Reading|
    Slough|Swindon|Wokingham|Bracknell Forest|West Berkshire|Windsor and Maidenhead|Bristol|
    Bath and North East Somerset|North Somerset|South Gloucestershire|Plymouth|Torbay|
    Bournemouth|Poole|Wiltshire|Cornwall|Darlington|Hartlepool|Middlesbrough|
    Redcar and Cleveland|Stockton-on-Tees|Durham|Northumberland|York|Hull|
    East Riding of Yorkshire|North Lincolnshire|North East Lincolnshire|Cumbria|Lancashire|
    Cheshire|Derbyshire|Nottinghamshire|Leicestershire|Lincolnshire|Staffordshire|
    Warwickshire|Worcestershire|Gloucestershire|Oxfordshire|Buckinghamshire|Hertfordshire|
    Bedfordshire|Cambridgeshire|Norfolk|Suffolk|Essex|Kent|Surrey|Hampshire|Dorset|Somerset|
    Devon|Northamptonshire|North Yorkshire|West Sussex|East Sussex|Sunderland
    """.replace("\n", "").split("|")
    if place.strip()
}
_AREA_ALIASES = {
    "Telford & Wrekin": "Telford and Wrekin",
    "Telford": "Telford and Wrekin",
    "Brighton & Hove": "Brighton and Hove",
    "Kingston upon Hull": "Hull",
    "County Durham": "Durham",
    "Stoke on Trent": "Stoke-on-Trent",
}
_AREA_PATTERN = re.compile(
    r"\b("
    + "|".join(
        re.escape(n).replace(r"\ ", r"\s+")
        for n in sorted([*_AREAS, *_AREA_ALIASES], key=len, reverse=True)
    )
    + r")\b"
)


def _area_in(text: str) -> list[str]:
    found = []
    for m in _AREA_PATTERN.finditer(text):
        name = " ".join(m.group(1).split())
        found.append(_AREA_ALIASES.get(name, _AREAS.get(name, name)))
    return found


def _all_text(document: Document) -> list[str]:
    texts = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        else:
            texts.extend(cell.text for row in block.rows for cell in row.cells if cell.text)
    return texts


def _area(document: Document, title: str) -> str:
    in_title = _area_in(title)
    if in_title:
        return in_title[0]
    counts: dict[str, int] = {}
    for text in _all_text(document):
        for name in _area_in(text):
            counts[name] = counts.get(name, 0) + 1
    return max(counts, key=lambda n: counts[n]) if counts else ""  # first seen wins a tie


def _vocabulary(document: Document) -> Counter[str]:
    words: Counter[str] = Counter()
    for text in _all_text(document):
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", text))
    return words


def _rejoin_split_words(text: str, vocabulary: Counter[str]) -> str:
    """'A ction plan' -> 'Action plan': a letter split off a word in PDF extraction.

    Joined where the fragment is no word the document uses elsewhere and the whole is one.
    """
    words = text.split()
    here = Counter(w.lower() for w in words)
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if (
            i + 1 < len(words)
            and len(word) == 1
            and word.isalpha()
            and words[i + 1].isalpha()
            and words[i + 1].islower()
            and vocabulary[words[i + 1]] <= here[words[i + 1]]
            and vocabulary[(word + words[i + 1]).lower()] > 0
        ):
            out.append(word + words[i + 1])
            i += 2
            continue
        out.append(word)
        i += 1
    return " ".join(out)


def _title(document: Document) -> str:
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    first_table = next((i for i, b in enumerate(document.blocks) if isinstance(b, Table)), None)
    before = [
        b
        for i, b in enumerate(document.blocks)
        if isinstance(b, Paragraph) and (first_table is None or i < first_table)
    ]
    vocabulary = _vocabulary(document)
    candidates = [_rejoin_split_words(" ".join(p.text.split()), vocabulary) for p in before]
    later = [_rejoin_split_words(" ".join(p.text.split()), vocabulary) for p in paragraphs]
    for index, text in enumerate(candidates):
        if _TITLE_WORDS.search(text) and len(text) <= 200 and not _LEGEND.match(text):
            previous = candidates[index - 1] if index else ""
            return _drop_page_number(_with_area_line(previous, text))
    for text in later:
        if re.search(r"\baction\s+plan\b", text, re.IGNORECASE) and len(text) <= 200:
            return _drop_page_number(text)
    return candidates[0] if candidates else (document.source_name or "")


def _with_area_line(previous: str, title: str) -> str:
    """A cover title broken over two lines, the first naming the area, read as one.

    Halton's cover prints "HALTON LIT COMMUNITY" above "IMPROVEMENT REVIEW ACTION PLAN".
    """
    joinable = (
        previous.isupper()
        and title.isupper()
        and len(previous.split()) <= 6
        and not _TITLE_WORDS.search(previous)
        and _area_in(previous.title())  # area names are matched as printed in running text
        and not _area_in(title.title())
    )
    return f"{previous} {title}" if joinable else title


def _drop_page_number(text: str) -> str:
    return re.sub(r"(?<=[A-Za-z])\s+\d{1,2}$", "", text).strip()


def _period(title: str) -> tuple[str | None, str | None]:
    m = _YEAR_RANGE.search(title)
    if not m:
        return None, None
    timescale = parse_timescale(m.group(0))
    return timescale.start, timescale.due


def _legend(document: Document) -> dict[str, str] | None:
    """A RAG key line: 'Rating system  On target ...  Started but behind ...  Under developed'.

    Labels are separated by tabs or runs of spaces. A label naming its colour goes to that
    colour; otherwise labels are green, amber, red (then blue) in printed order.
    """
    for block in document.blocks:
        if not isinstance(block, Paragraph):
            continue
        m = _LEGEND.match(block.text.strip())
        if not m:
            continue
        labels = [t.strip() for t in re.split(r"\t+|\s{2,}", block.text.strip()[m.end() :])]
        labels = [t for t in labels if t]
        if len(labels) < 2:
            continue
        legend: dict[str, str] = {}
        by_word = [match_rag(label.split()[0]) for label in labels]
        if all(by_word) and len(set(by_word)) == len(by_word):
            for colour, label in zip(by_word, labels, strict=True):
                legend[colour] = re.sub(r"^\w+\s*[-:=\u2013]?\s*", "", label) or label
            return legend
        for colour, label in zip(("green", "amber", "red", "blue"), labels, strict=False):
            legend[colour] = label
        return legend
    return None


def _printed_columns(blocks: list[_Block]) -> list[str]:
    columns: list[str] = []
    for kind in ("main", "side"):
        first = next((b.columns for b in blocks if b.kind == kind and b.columns), None)
        if first is None:
            continue
        for index in sorted(first.labels):
            if index in first.fields:
                columns.append(" ".join(first.labels[index].split()))
    return columns


def _objectives(state: _State) -> list[ParsedObjective]:
    used = {int(n) for a in state.plan.actions for n in a.objectives if n.isdigit()}
    listed = set()
    for block in state.document.blocks:  # the objectives listed as lines of text
        if isinstance(block, Paragraph) and len(block.text) < 120 and len(listed) < 3:
            number = match_title(block.text)
            if number is not None:
                listed.add(number)
    if not used and len(listed) < 3:
        return []
    return [
        ParsedObjective(ref=str(n), title=title, national_number=n)
        for n, title in NATIONAL_OBJECTIVES.items()
    ]


def _lead_directory(document: Document) -> dict[str, str]:
    try:
        from importers.reading.directory import read_lead_directory
    except ImportError:  # pragma: no cover - the directory reader is optional
        return {}
    return read_lead_directory(document)


def _plan_details(state: _State, blocks: list[_Block]) -> None:
    plan, document = state.plan, state.document
    plan.title = _title(document)
    if state.title_lines and plan.title == (document.source_name or ""):
        plan.title = state.title_lines[0]  # no other title: the line above the table's header
    plan.area = _area(document, plan.title)
    plan.period_start, plan.period_end = _period(plan.title)
    plan.columns = _printed_columns(blocks)
    plan.objectives = _objectives(state)
    plan.lead_directory = _lead_directory(document)
    plan.update_round, plan.update_month = _update_round(blocks)


# "Update October 2016", "Progress at Q2 2016/17", "RAG status (March 2015)"
_UPDATE_WORDS = re.compile(r"\b(?:update|progress|position|status|rag|rating|commentary)\b", re.I)
_CONNECTING = re.compile(r"^(?:\W|\b(?:as|at|of|to|for|in|on|by)\b)+|\W+$", re.I)


def _update_round(blocks: list[_Block]) -> tuple[str | None, str | None]:
    """The round a dated progress or rating column reports ("Update October 2016")."""
    for block in blocks:
        columns = block.columns
        if columns is None:
            continue
        for index, name in sorted(columns.fields.items()):
            label = " ".join(columns.labels.get(index, "").split())
            if name not in ("progress", "rag") or not _UPDATE_WORDS.search(label):
                continue
            months = months_in(label)
            if len(months) == 1:
                printed = _CONNECTING.sub("", _UPDATE_WORDS.sub("", label).strip())
                return " ".join(printed.split()) or None, months[0]
    return None, None
