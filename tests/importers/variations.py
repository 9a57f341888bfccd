"""Layout variations of real action plans, generated in memory for the importer tests.

From the seed and corpus readings (`fixtures/seeds/expected/*.json`,
`fixtures/corpus/expected/*.json`) this module takes a seeded sample of actions and writes them
out again as many small documents (.docx, .xlsx, .csv, .txt, .md) whose *layout* varies while
their *content* is known exactly. What a document was written from is its canonical reading
(`Variant.actions`): the importer must read each document back to it.

Kinds of variation (a document combines a few; see `KINDS`):

- ``reordered``: the columns in another order than ref, action, lead, due, RAG, progress;
- ``synonyms``: headers taken from this module's own synonym lists (`SYNONYMS`: UK public
  sector and US federal wording), never from the parser's vocabulary;
- ``db_headers``: headers as a database export names them (``ap_number``, ``owner_name``...);
- ``iso_dates``: due dates written as ISO dates (``2016-03-31``), as a database export or a
  US federal workbook writes them;
- ``vague_headers``: headers that do not say which field a column is ("Date", "Notes",
  "Contact", a blank cell over the refs): the content settles them, or the reading is unsure
  and offers the right role first at the mapping step;
- ``refs_in_text``: no ref column; the ref starts the action cell ("1 - ...", "1.2 ...",
  "A3: ...");
- ``status_words``: the rating written as status words ("On track", "Completed", "Done")
  rather than colours;
- ``extra_cols``: one to three columns with no role ("Budget", "Risk ID", "Notes for
  finance"...), whose values must be kept in `ParsedAction.extra` under their label;
- ``header_row3``: two or three rows straight above the header (title rows, or "key | value"
  rows), so the header sits on row 3 or later of the sheet/table/text;
- ``title_block``: a plan title and a date (and sometimes a version line) above the table;
- ``second_sheet`` (.xlsx): the table on a second sheet after a cover sheet (and sometimes a
  lists sheet after it);
- ``cover_table`` (.docx, .md): a small document-control table (Version | Date | Author)
  before the action table.

A document with none of them (``plain``) uses seed-like headers in the canonical order: the
control group.

Everything is seeded (`SEED`), so the same variants, with the same canonical readings, come out
on every run. Documents are rendered to bytes on demand (`Variant.render()`); nothing is written
to disk. Run ``python -m tests.importers.variations OUTDIR [ID...]`` to write some out and look.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
import random
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE_GLOBS = ("fixtures/seeds/expected/*.json", "fixtures/corpus/expected/*.json")

SEED = 20261129
FORMATS = ("docx", "xlsx", "csv", "txt", "md")
EXTENSIONS = {"docx": "docx", "xlsx": "xlsx", "csv": "csv", "txt": "txt", "md": "md"}
PER_FORMAT = 55
SAMPLE_PER_SOURCE = 12

# Kinds of variation and the formats each applies to.
KINDS: dict[str, tuple[str, ...]] = {
    "reordered": FORMATS,
    "synonyms": FORMATS,
    "db_headers": FORMATS,
    "vague_headers": FORMATS,
    "refs_in_text": FORMATS,
    "extra_cols": FORMATS,
    "status_words": FORMATS,
    "iso_dates": ("xlsx", "csv", "txt", "md"),
    "header_row3": ("docx", "xlsx", "csv", "txt"),
    "title_block": FORMATS,
    "second_sheet": ("xlsx",),
    "cover_table": ("docx", "md"),
}
EXCLUSIVE = ({"synonyms", "db_headers", "vague_headers"},)

# --- the test's own vocabulary (deliberately not the parser's) --------------------------------

# Headers a plan written like the seeds prints: the "plain" control documents use these.
PLAIN: dict[str, list[str]] = {
    "ref": ["No.", "Ref"],
    "text": ["Action", "Actions", "Action required"],
    "leads": ["Lead", "Led By"],
    "due": ["Timescale"],
    "rag": ["RAG", "RAG Rating"],
    "progress": ["Progress", "Actions to Date"],
}

# Synonyms by role: what other NHS / council / US federal trackers print over the same column.
SYNONYMS: dict[str, list[str]] = {
    "ref": [
        "Ref.",
        "Ref no.",
        "No",
        "Number",
        "Action ID",
        "Action No.",
        "Action ref",
        "Reference",
        "ID",
        "#",
        "Item no.",
        "Rec. no.",
        "Finding number",
    ],
    "text": [
        "Key action",
        "What we will do",
        "Planned activity",
        "Deliverable",
        "Action to be taken",
        "Actions agreed",
        "Recommendation",
        "Corrective action",
        "Planned corrective action",
        "Task",
        "Improvement action",
        "What needs to happen",
        "Description of action",
        "Action / activity",
        "Key actions and milestones",
    ],
    "leads": [
        "Owner",
        "Responsible officer",
        "Who",
        "Lead partner(s)",
        "Accountable",
        "Lead officer",
        "Action owner",
        "Responsible person(s)",
        "Person responsible",
        "Accountable officer",
        "Responsible party",
        "Point of contact",
        "Assigned to",
        "By whom",
        "Lead agency",
        "Senior responsible owner",
    ],
    "due": [
        "Target date",
        "By when",
        "Deadline",
        "Completion date",
        "Due",
        "Due date",
        "When",
        "Target completion",
        "Expected completion date",
        "Implementation date",
        "Date due",
        "Timeframe",
        "Target",
        "Time scale",
        "Completion by",
    ],
    "rag": [
        "BRAG",
        "Status",
        "RAG status",
        "Rating",
        "Current RAG",
        "Overall status",
        "Traffic light",
        "RAG (Red/Amber/Green)",
        "BRAG rating",
        "Delivery status",
    ],
    "progress": [
        "Progress update",
        "Latest position",
        "Update",
        "Progress to date",
        "Commentary on progress",
        "Current position",
        "Position at Q3",
        "Comments",
        "Narrative update",
        "Latest update",
        "Status update",
        "Progress narrative",
        "Update on progress",
    ],
}

# Database export column names.
DB_HEADERS: dict[str, list[str]] = {
    "ref": ["ap_number", "action_id", "ref_no"],
    "text": ["ap_title", "action_text", "action_desc"],
    "leads": ["owner_name", "lead_officer", "responsible_party"],
    "due": ["due_date", "target_dt", "completion_date"],
    "rag": ["rag_status", "brag", "status_cd"],
    "progress": ["progress_note", "latest_update", "update_text"],
}

# Vague headers: words that name a column without saying which field it is ("Date", "Notes",
# a blank cell over the refs). Content has to settle them, or the admin at the mapping step.
VAGUE_HEADERS: dict[str, list[str]] = {
    "ref": ["", "Item", "Line"],
    "text": ["Description", "Details", "Item description"],
    "leads": ["Contact", "Name", "Team"],
    "due": ["Date", "When?", "Month"],
    "rag": ["Flag", "Colour", "Status"],
    "progress": ["Comments", "Notes", "Remarks"],
}

# Roles a reading may give each column and still be right ("due" or "timescale" for a date).
ACCEPT: dict[str, tuple[str, ...]] = {
    "ref": ("ref",),
    "text": ("text",),
    "leads": ("leads",),
    "due": ("due", "timescale"),
    "rag": ("rag",),
    "progress": ("progress",),
    "extra": ("extra",),
}
CANONICAL_ORDER = ("ref", "text", "leads", "due", "rag", "progress")

# Columns no role claims: label (printed, database name) and the values they hold.
EXTRA_COLUMNS: list[tuple[str, str, list[str]]] = [
    (
        "Budget",
        "budget_gbp",
        [
            "£12,000",
            "£4,500",
            "Nil",
            "£25k",
            "Within existing resources",
            "£1,200",
            "$40,000",
            "Capital bid",
        ],
    ),
    ("Risk ID", "risk_id", ["RR-017", "RR-042", "CRR-3", "RR-105", "ORR-12", "RR-009"]),
    (
        "Notes for finance",
        "finance_notes",
        [
            "Funded from the Better Care Fund",
            "Recurrent cost to be confirmed",
            "No additional cost",
            "Slippage agreed with the finance lead",
            "Joint funding with the council",
            "Invoice to follow",
        ],
    ),
    ("Cost centre", "cost_centre", ["CC4410", "CC2231", "MH-0193", "CC7702"]),
    (
        "Funding source",
        "funding_source",
        ["Core budget", "Transformation fund", "Public health grant", "Section 256"],
    ),
    ("Board approval", "board_approved", ["Yes", "No", "Pending"]),
]

FALLBACK_LEADS = [
    "Public Health",
    "Head of Commissioning",
    "J Smith",
    "Service Manager",
    "Mental Health Trust",
    "CCG",
    "Programme Board",
    "A Patel",
    "Director of Nursing",
    "Housing Options Team",
]
PROGRESS_POOL = [
    "Terms of reference agreed and first meeting held.",
    "Draft specification shared with providers for comment.",
    "Recruitment under way; two of three posts filled.",
    "Awaiting sign-off by the programme board.",
    "Pilot running in two practices; evaluation to follow.",
    "Training delivered to 45 staff, further sessions planned.",
    "Data sharing agreement signed by all partners.",
    "Delayed by staff changes; a new lead has been identified.",
    "Survey issued and 120 responses received so far.",
    "Business case submitted to the finance committee.",
    "Working group has met twice and agreed its priorities.",
]
RAG_WORDS: dict[str | None, list[str]] = {
    "red": ["Red", "RED", "red"],
    "amber": ["Amber", "AMBER"],
    "green": ["Green", "GREEN"],
    "blue": ["Complete", "Blue", "COMPLETE"],
    None: [""],
}
# Status words a plan writes for a rating (``status_words``; DESIGN.md "Import, beyond the seeds").
STATUS_WORDS: dict[str | None, list[str]] = {
    "red": ["Red"],
    "amber": ["Amber"],
    "green": ["On track", "On target", "on track"],
    "blue": ["Completed", "Achieved", "Done", "complete"],
    None: [""],
}
PLAN_TITLES = [
    "Mental Health Crisis Care Concordat Action Plan",
    "Community Mental Health Improvement Plan",
    "Staff Workload and Wellbeing Action Plan",
    "Corrective Action Plan",
    "Integrated Mental Health Strategy: Delivery Plan",
    "Suicide Prevention Action Plan",
    "Dementia Strategy Implementation Plan",
]
AREAS = ["Bexley", "Telford and Wrekin", "Croydon", "Halton", "Southwark", "Travis County"]
KEY_VALUE_ROWS = [
    ("Service area", "Adult mental health"),
    ("Plan owner", "Director of Public Health"),
    ("Reporting period", "Quarter 3"),
    ("Version", "2.1"),
    ("Prepared by", "Commissioning team"),
    ("Status of document", "Draft for board"),
]

# A ref-like start of an action cell ("1.", "1:", "2 -", "A3:", "1.2 "): such texts are not
# sampled, since the ref they seem to carry would make the canonical reading ambiguous.
_REF_START = re.compile(r"^\s*(?:\(?[A-Za-z]?\d+(?:\.\d+)*[.):\-\u2013]?|[a-z][.)])\s")
_LEAD_UNSAFE = re.compile(r"[,;/&()\-\u2013]|\band\b", re.I)


def collapse(text: str | None) -> str:
    return " ".join((text or "").split())


def _shorten(text: str, limit: int) -> str:
    text = collapse(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:")


# --- the canonical reading ----------------------------------------------------------------------


@dataclass(frozen=True)
class SourceAction:
    source: str
    ref: str | None
    text: str
    leads: tuple[str, ...]
    due: str | None
    rag: str | None
    progress: str | None


@dataclass
class ExpectedAction:
    """What a document says about one action: its canonical reading."""

    ref: str | None
    text: str
    leads: list[str]
    due: str | None
    rag: str | None
    progress: str | None
    extra: dict[str, str] = field(default_factory=dict)
    timescale_text: str | None = None
    """What the due cell says (for messages; the due month is what is compared)."""


@dataclass
class Column:
    role: str
    """ref, text, leads, due, rag, progress or extra"""
    label: str
    cells: list[object]
    """One value per action, as written (str, or a date for an .xlsx date cell)."""

    @property
    def accept(self) -> tuple[str, ...]:
        return ACCEPT[self.role]


@dataclass
class Variant:
    fmt: str
    number: int
    kinds: tuple[str, ...]
    columns: list[Column]
    actions: list[ExpectedAction]
    title_lines: list[str] = field(default_factory=list)
    """Title block above the table (plan name, date, version)."""
    pre_header_rows: list[list[str]] = field(default_factory=list)
    """Rows straight above the header (``header_row3``): one cell, or key and value."""
    options: dict[str, object] = field(default_factory=dict)
    """Writer options: csv delimiter/BOM/encoding, docx merged title rows, xlsx extra sheets."""
    sources: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{self.fmt}-{self.number:02d}-{'+'.join(self.kinds) or 'plain'}"

    @property
    def filename(self) -> str:
        return f"plan.{EXTENSIONS[self.fmt]}"

    @property
    def header(self) -> list[str]:
        return [c.label for c in self.columns]

    def rows(self) -> list[list[object]]:
        return [[c.cells[i] for c in self.columns] for i in range(len(self.actions))]

    def render(self) -> bytes:
        return WRITERS[self.fmt](self)

    def describe(self) -> str:
        """The header and options in one line, for failure messages."""
        opts = ", ".join(f"{k}={v!r}" for k, v in sorted(self.options.items()))
        roles = ", ".join(f"{c.label!r}={c.role}" for c in self.columns)
        return f"{self.id}: columns [{roles}]" + (f"; {opts}" if opts else "")


@cache
def source_actions() -> dict[str, tuple[SourceAction, ...]]:
    """A seeded sample of up to SAMPLE_PER_SOURCE usable actions from each human reading."""
    sample: dict[str, tuple[SourceAction, ...]] = {}
    for pattern in SOURCE_GLOBS:
        for path in sorted(ROOT.glob(pattern)):
            data = json.loads(path.read_text(encoding="utf-8"))
            usable = []
            for raw in data.get("actions", []):
                text = _shorten(raw.get("text") or "", 280)
                if len(text) < 15 or _REF_START.match(text) or not text[0].isupper():
                    continue
                if "|" in text or "\t" in text:
                    continue
                leads = tuple(
                    collapse(lead)
                    for lead in raw.get("leads") or []
                    if lead and not _LEAD_UNSAFE.search(lead) and len(lead) < 60
                )
                ref = collapse(raw.get("ref")) or None
                progress = _shorten(raw.get("progress") or "", 200) or None
                if progress and (_REF_START.match(progress) or "|" in progress):
                    progress = None
                usable.append(
                    SourceAction(
                        source=path.name,
                        ref=ref.rstrip(".") if ref else None,
                        text=text,
                        leads=leads[:3],
                        due=raw.get("due"),
                        rag=raw.get("rag"),
                        progress=progress,
                    )
                )
            rng = random.Random(f"{SEED}:sample:{path.name}")
            if len(usable) > SAMPLE_PER_SOURCE:
                usable = rng.sample(usable, SAMPLE_PER_SOURCE)
            if usable:
                sample[path.name] = tuple(usable)
    return sample


# --- dates ----------------------------------------------------------------------------------


def _month_parts(ym: str) -> tuple[int, int]:
    year, month = ym.split("-")
    return int(year), int(month)


def _financial_year(year: int, month: int) -> str:
    first = year if month >= 4 else year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def due_cell(ym: str | None, style: str, rng: random.Random) -> object:
    """How a due month is written in a cell: every style names `ym` as its last month."""
    if ym is None:
        return rng.choice(["Ongoing", "TBC", "Ongoing"])
    year, month = _month_parts(ym)
    last = calendar.monthrange(year, month)[1]
    name, abbr = calendar.month_name[month], calendar.month_abbr[month]
    if style == "quarter" and month % 3 == 0:
        return f"Q{((month - 4) % 12) // 3 + 1} {_financial_year(year, month)}"
    if style == "fy" and month == 3:
        return _financial_year(year, month)
    if style == "mon_year":
        return f"{abbr} {year}"
    if style == "mon_yy":
        return f"{abbr}-{year % 100:02d}"
    if style == "dmy":
        return f"{last:02d}/{month:02d}/{year}"
    if style == "us":
        return f"{name} {last}, {year}"
    if style == "by":
        return f"By {'end of ' if rng.random() < 0.5 else ''}{name} {year}"
    if style == "iso":
        return f"{year}-{month:02d}-{last:02d}"
    if style == "xlsx_date":
        return dt.date(year, month, last)
    return f"{name} {year}"


DATE_STYLES = ("month_year", "mon_year", "mon_yy", "dmy", "quarter", "fy", "us", "by")


# --- building a variant ---------------------------------------------------------------------


def _pick_kinds(fmt: str, number: int, rng: random.Random) -> tuple[str, ...]:
    """The kinds of one document: a primary kind in turn (so each is covered), plus 0-2 more."""
    if number < 3:
        return ()  # the control group: seed-like headers, canonical order
    applicable = [k for k, formats in KINDS.items() if fmt in formats]
    chosen = {applicable[(number - 3) % len(applicable)]}
    for _ in range(rng.choice((0, 1, 1, 2))):
        kind = rng.choice(applicable)
        if any(kind in group and chosen & (group - {kind}) for group in EXCLUSIVE):
            continue
        chosen.add(kind)
    return tuple(k for k in KINDS if k in chosen)


def _pick_actions(rng: random.Random, number: int) -> list[SourceAction]:
    sources = source_actions()
    names = sorted(sources)
    home = sources[names[number % len(names)]]
    count = rng.randint(4, 8)
    chosen = sorted(rng.sample(range(len(home)), min(count, len(home))))
    picked = [home[k] for k in chosen]  # in the reading's order
    while len(picked) < count:  # a small reading (3 actions): top up from the others
        extra = rng.choice(sources[rng.choice(names)])
        if extra not in picked:
            picked.append(extra)
    return picked


def _refs(rng: random.Random, picked: list[SourceAction], style: str) -> list[str]:
    n = len(picked)
    if style == "source" and all(a.ref for a in picked) and len({a.ref for a in picked}) == n:
        return [a.ref for a in picked]  # type: ignore[misc]
    if style == "dotted" or (style == "source" and rng.random() < 0.5):
        section, refs, k = rng.randint(1, 4), [], 0
        for _ in range(n):
            k += 1
            if k > 3 and rng.random() < 0.4:
                section, k = section + 1, 1
            refs.append(f"{section}.{k}")
        return refs
    if style == "letter":
        letter = rng.choice("ABCDE")
        return [f"{letter}{i}" for i in range(1, n + 1)]
    start = rng.choice((1, 1, 1, 5, 12))
    return [str(i) for i in range(start, start + n)]


def _labels(rng: random.Random, kinds: tuple[str, ...], roles: list[str]) -> dict[str, str]:
    vocab = (
        DB_HEADERS
        if "db_headers" in kinds
        else VAGUE_HEADERS
        if "vague_headers" in kinds
        else SYNONYMS
        if "synonyms" in kinds
        else PLAIN
    )
    return {role: rng.choice(vocab[role]) for role in roles}


def build_variant(fmt: str, number: int) -> Variant:
    rng = random.Random(f"{SEED}:{fmt}:{number}")
    kinds = _pick_kinds(fmt, number, rng)
    picked = _pick_actions(rng, number)
    n = len(picked)

    # Which columns the document has.
    refs_in_text = "refs_in_text" in kinds
    if refs_in_text:
        ref_style = rng.choice(("dash", "dotted", "letter"))
        refs: list[str | None] = list(_refs(rng, picked, ref_style))
    elif rng.random() < 0.12 and kinds:
        ref_style, refs = "none", [None] * n
    else:
        ref_style = "source"
        refs = list(_refs(rng, picked, "source"))
    roles = ["text", "leads", "due"]
    if ref_style in ("source",):
        roles.insert(0, "ref")
    if rng.random() < 0.6:
        roles.append("rag")
    if rng.random() < 0.6:
        roles.append("progress")
    labels = _labels(rng, kinds, roles)

    # Cell values and the canonical reading.
    date_styles = [rng.choice(DATE_STYLES)]
    if rng.random() < 0.3:
        date_styles.append(rng.choice(DATE_STYLES))
    if fmt == "xlsx" and rng.random() < 0.3:
        date_styles = ["xlsx_date"]
    if "iso_dates" in kinds:
        date_styles = ["iso"]
    lead_separator = rng.choice((", ", ", ", " / "))
    ref_dot = (
        ref_style == "source" and rng.random() < 0.2 and all(r and r[-1].isdigit() for r in refs)
    )
    letter_sep = rng.choice((": ", ": ", " - "))
    words = STATUS_WORDS if "status_words" in kinds else RAG_WORDS
    if "status_words" in kinds and "rag" not in roles:
        roles.append("rag")
        labels.update(_labels(rng, kinds, ["rag"]))
    cells: dict[str, list[object]] = {role: [] for role in roles}
    actions: list[ExpectedAction] = []
    for i, source in enumerate(picked):
        leads = list(source.leads) or rng.sample(FALLBACK_LEADS, rng.randint(1, 2))
        due = source.due or (f"{rng.randint(2012, 2024)}-{rng.randint(1, 12):02d}")
        if rng.random() < 0.05:
            due = None
        due_value = due_cell(due, rng.choice(date_styles), rng)
        rag = (
            source.rag
            if source.rag
            else rng.choice(["red", "amber", "amber", "green", "green", "blue", None])
        )
        if "rag" not in roles:
            rag = None
        progress = source.progress or (rng.choice(PROGRESS_POOL) if rng.random() < 0.85 else None)
        if "progress" not in roles:
            progress = None
        text, ref = source.text, refs[i]
        if refs_in_text:
            if ref_style == "dash":
                action_cell = f"{ref} - {text}"
            elif ref_style == "dotted":
                action_cell = f"{ref} {text}"
            else:
                action_cell = f"{ref}{letter_sep}{text}"
        else:
            action_cell = text
        values = {
            "ref": f"{ref}." if ref_dot else ref,
            "text": action_cell,
            "leads": lead_separator.join(leads),
            "due": due_value,
            "rag": rng.choice(words[rag]),
            "progress": progress or "",
        }
        for role in roles:
            cells[role].append(values[role])
        actions.append(
            ExpectedAction(
                ref=ref,
                text=text,
                leads=leads,
                due=due,
                rag=rag,
                progress=progress,
                timescale_text=str(due_value),
            )
        )

    columns = [Column(role, labels[role], cells[role]) for role in roles]
    if "reordered" in kinds:
        order = columns[:]
        while [c.role for c in order] == [c.role for c in columns]:
            rng.shuffle(order)
        columns = order
    if "extra_cols" in kinds:
        for label, db_label, pool in rng.sample(EXTRA_COLUMNS, rng.randint(1, 3)):
            label = db_label if "db_headers" in kinds else label
            values = [rng.choice(pool) if rng.random() < 0.85 else "" for _ in range(n)]
            if not any(values):
                values[0] = pool[0]
            for action, value in zip(actions, values, strict=True):
                if value:
                    action.extra[label] = value
            columns.insert(rng.randint(1, len(columns)), Column("extra", label, list(values)))

    variant = Variant(
        fmt=fmt,
        number=number,
        kinds=kinds,
        columns=columns,
        actions=actions,
        sources=tuple(sorted({a.source for a in picked})),
    )
    _decorate(variant, rng)
    return variant


def _decorate(variant: Variant, rng: random.Random) -> None:
    """Title block, rows above the header and the writer's options."""
    kinds, fmt = variant.kinds, variant.fmt
    title = f"{rng.choice(AREAS)} {rng.choice(PLAN_TITLES)} {rng.randint(2012, 2023)}"
    day = dt.date(rng.randint(2012, 2023), rng.randint(1, 12), rng.randint(1, 28))
    if "title_block" in kinds:
        variant.title_lines = [
            title,
            rng.choice(("Date: ", "Updated ", "Last reviewed: "))
            + f"{day.day} {calendar.month_name[day.month]} {day.year}",
        ]
        if rng.random() < 0.4:
            variant.title_lines.append(f"Version {rng.randint(1, 4)}.{rng.randint(0, 9)}")
    elif fmt == "md":
        variant.title_lines = [title]  # a Markdown plan has a "# Title"
    if "header_row3" in kinds:
        count = rng.choice((2, 2, 3))
        if fmt == "txt" or rng.random() < 0.5:
            rows = [
                [title if "title_block" not in kinds else "Action plan tracker"],
                [f"Directorate: {rng.choice(('Adult Social Care', 'Public Health'))}"],
                ["Prepared for the programme board"],
            ][:count]
        else:
            rows = [[title if "title_block" not in kinds else "Action plan tracker"]]
            rows += [list(kv) for kv in rng.sample(KEY_VALUE_ROWS, count - 1)]
        variant.pre_header_rows = rows
    if fmt == "csv":
        variant.options["delimiter"] = rng.choice((",", ",", ";"))
        variant.options["bom"] = rng.random() < 0.3
        variant.options["encoding"] = "cp1252" if rng.random() < 0.2 else "utf-8"
        variant.options["pad_title_rows"] = rng.random() < 0.5
    if fmt == "xlsx":
        variant.options["header_bold"] = rng.random() < 0.7
        if "second_sheet" in kinds:
            variant.options["lists_sheet"] = rng.random() < 0.4
    if fmt == "docx" and "header_row3" in kinds:
        variant.options["merged_title_rows"] = rng.random() < 0.6
    if fmt == "md":
        variant.options["align_row"] = rng.choice(("|---|", "| :--- |", "| :---: |", "|-----|"))


@cache
def variants() -> tuple[Variant, ...]:
    """Every generated document, PER_FORMAT per format, in a fixed order."""
    return tuple(build_variant(fmt, n) for fmt in FORMATS for n in range(PER_FORMAT))


# --- writers -------------------------------------------------------------------------------


def _text(value: object) -> str:
    if isinstance(value, dt.date):
        return f"{value.day:02d}/{value.month:02d}/{value.year}"
    return "" if value is None else str(value)


def write_docx(variant: Variant) -> bytes:
    from docx import Document

    document = Document()
    for k, line in enumerate(variant.title_lines):
        if k == 0:
            document.add_heading(line, level=1)
        else:
            document.add_paragraph(line)
    if "cover_table" in variant.kinds:
        document.add_paragraph("Document control")
        control = document.add_table(rows=3, cols=3)
        for r, row in enumerate(
            (
                ("Version", "Date", "Author"),
                ("1.0", "01/04/2015", "Commissioning team"),
                ("1.1", "12/06/2015", "Programme board"),
            )
        ):
            for c, text in enumerate(row):
                control.cell(r, c).text = text
        document.add_paragraph("")
    header, rows = variant.header, variant.rows()
    width = len(header)
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for pre in variant.pre_header_rows:
        cells = table.add_row().cells
        if variant.options.get("merged_title_rows") and len(pre) == 1:
            merged = cells[0].merge(cells[width - 1])
            merged.text = pre[0]
        else:
            for c, text in enumerate(pre):
                cells[c].text = text
    cells = table.add_row().cells
    for c, text in enumerate(header):
        cells[c].text = text
    for row in rows:
        cells = table.add_row().cells
        for c, value in enumerate(row):
            cells[c].text = _text(value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_xlsx(variant: Variant) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    if "second_sheet" in variant.kinds:
        sheet.title = "Cover"
        sheet.append([variant.title_lines[0] if variant.title_lines else "Action plan"])
        sheet.append([])
        for key, value in (
            ("Owner", "Director of Commissioning"),
            ("Version", "3.0"),
            ("Approved by", "Health and Wellbeing Board"),
        ):
            sheet.append([key, value])
        sheet.append([])
        sheet.append(["The action plan is on the next sheet."])
        sheet = workbook.create_sheet("Action plan")
        title_lines = variant.title_lines[1:]
    else:
        sheet.title = "Action plan"
        title_lines = variant.title_lines
    for line in title_lines:
        sheet.append([line])
    if title_lines:
        sheet.append([])
    for pre in variant.pre_header_rows:
        sheet.append(pre)
    sheet.append(variant.header)
    if variant.options.get("header_bold"):
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    for row in variant.rows():
        sheet.append([value if value != "" else None for value in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    if variant.options.get("lists_sheet"):
        lists = workbook.create_sheet("Lists")
        for word in ("Red", "Amber", "Green", "Complete"):
            lists.append([word])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_csv(variant: Variant) -> bytes:
    delimiter = str(variant.options.get("delimiter", ","))
    width = len(variant.header)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    pad = bool(variant.options.get("pad_title_rows"))

    def padded(cells: list[str]) -> list[str]:
        return cells + [""] * (width - len(cells)) if pad else cells

    for line in variant.title_lines:
        writer.writerow(padded([line]))
    if variant.title_lines:
        writer.writerow(padded([]))
    for pre in variant.pre_header_rows:
        writer.writerow(padded(list(pre)))
    writer.writerow(variant.header)
    for row in variant.rows():
        writer.writerow([_text(v) for v in row])
    text = out.getvalue()
    encoding = str(variant.options.get("encoding", "utf-8"))
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
        encoding = "utf-8"
    if variant.options.get("bom") and encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    return data


def write_txt(variant: Variant) -> bytes:
    """A Word table saved as text, row per line: cells separated by TABs (as seed 002)."""
    lines = list(variant.title_lines)
    if lines:
        lines.append("")
    for pre in variant.pre_header_rows:
        lines.append(" ".join(pre))
    lines.append("\t".join(variant.header))
    for row in variant.rows():
        lines.append("\t".join(_text(v) for v in row))
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_md(variant: Variant) -> bytes:
    def escape(value: object) -> str:
        return _text(value).replace("|", "\\|")

    align = str(variant.options.get("align_row", "|---|"))
    cell_rule = align.strip("|").strip()

    def table(header: list[str], rows: list[list[object]]) -> list[str]:
        out = ["| " + " | ".join(escape(h) for h in header) + " |"]
        out.append(
            "|" + "|".join(f" {cell_rule} " if " " in align else cell_rule for _ in header) + "|"
        )
        out += ["| " + " | ".join(escape(v) for v in row) + " |" for row in rows]
        return out

    lines: list[str] = []
    for k, line in enumerate(variant.title_lines):
        lines += [("# " if k == 0 else "") + line, ""]
    if "cover_table" in variant.kinds:
        lines += ["## Document control", ""]
        lines += table(
            ["Version", "Date", "Author"],
            [["1.0", "01/04/2015", "Commissioning team"], ["1.1", "12/06/2015", "Programme board"]],
        )
        lines += ["", "## Actions", ""]
    lines += table(variant.header, variant.rows())
    return ("\n".join(lines) + "\n").encode("utf-8")


WRITERS = {
    "docx": write_docx,
    "xlsx": write_xlsx,
    "csv": write_csv,
    "txt": write_txt,
    "md": write_md,
}


if __name__ == "__main__":  # pragma: no cover - a look at the documents by hand
    import sys

    outdir = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/variations")
    outdir.mkdir(parents=True, exist_ok=True)
    wanted = set(sys.argv[2:])
    for v in variants():
        if wanted and v.id not in wanted and f"{v.fmt}-{v.number:02d}" not in wanted:
            continue
        (outdir / f"{v.id}.{EXTENSIONS[v.fmt]}").write_bytes(v.render())
    print(f"wrote to {outdir}")
