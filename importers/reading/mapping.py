"""How a table was read, and the choices an admin can make about it. Plain Python, no Django.

The layout step reports a `Reading`: the candidate tables it considered, the one it chose, the
header row, and for each column its role, how sure it is, and a sample of values. An admin (or
`import_plan --sheet/--header-row/--map`) answers with a `Mapping`; laying out the same stored
`Document` again with that mapping gives the plan they asked for. A confirmed mapping is saved
as a template keyed by `header_signature`, so the next file with that header maps itself.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

# Roles a column can take. Names are the layout's own field names; labels are what people see.
ROLE_LABELS: dict[str, str] = {
    "ref": "Reference number",
    "section": "Section or theme heading",
    "text": "Action",
    "context": "Context (aim, objective, why)",
    "leads": "Leads (people or organisations)",
    "timescale": "Timescale (when)",
    "start": "Start date",
    "due": "Due date",
    "outcomes": "Outcomes and milestones",
    "progress": "Progress update",
    "follow_up": "Follow-up or next steps",
    "rag": "RAG rating or status",
    "objectives": "National objectives",
    "extra": "Keep as an extra field",
    "ignore": "Ignore this column",
}
ROLES = tuple(ROLE_LABELS)

# Below this a column's role, or the choice of table, is "unsure": the admin is asked.
SURE = 0.7


@dataclass
class ColumnReading:
    """One column of the chosen table as read."""

    index: int
    label: str
    """The header cell as printed ("" where the header cell is empty)."""
    role: str
    """One of ROLES."""
    confidence: float
    """0..1: how sure the reading is of the role (header and content agreeing is near 1)."""
    samples: list[str] = field(default_factory=list)
    """A few of the column's values, shortened, for the admin to recognise it."""
    why: str = ""
    """A short reason a person can read ("header says 'Owner'; values look like names")."""

    @property
    def sure(self) -> bool:
        return self.confidence >= SURE


@dataclass
class TableCandidate:
    """A table the layout considered, best first."""

    index: int
    """Position in `Document.tables`."""
    sheet: str | None
    rows: int
    columns: int
    score: float
    """0..1: how much it looks like an action table."""
    header_row: int | None = None
    """0-based row of the table read as its header."""
    description: str = ""
    """What a person sees in a list of tables: its sheet, size and first header cells."""


@dataclass
class Reading:
    """How the layout read the document: which table, which header row, each column's role."""

    table: int | None = None
    header_row: int | None = None
    columns: list[ColumnReading] = field(default_factory=list)
    candidates: list[TableCandidate] = field(default_factory=list)
    signature: str = ""
    """`header_signature` of the chosen header row (the key of an import template)."""
    confidence: float = 1.0
    """0..1: how sure the reading is of the table and header as a whole."""

    @property
    def sure(self) -> bool:
        return self.confidence >= SURE and all(c.sure for c in self.columns)

    @property
    def unsure_columns(self) -> list[ColumnReading]:
        return [c for c in self.columns if not c.sure]

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> Reading | None:
        if not data:
            return None
        return cls(
            table=data.get("table"),
            header_row=data.get("header_row"),
            columns=[ColumnReading(**c) for c in data.get("columns", [])],
            candidates=[TableCandidate(**c) for c in data.get("candidates", [])],
            signature=data.get("signature", ""),
            confidence=data.get("confidence", 1.0),
        )


@dataclass
class Mapping:
    """An admin's choices; anything left None or unset is inferred as usual."""

    table: int | None = None
    """Position in `Document.tables` of the table to read."""
    header_row: int | None = None
    """0-based row within that table holding the column names."""
    roles: dict[str, str] = field(default_factory=dict)
    """Column -> role (one of ROLES). A column is named by its header label as printed
    (matched after `normalise_label`) or by its position as "#3" (0-based)."""

    def role_for(self, index: int, label: str) -> str | None:
        """The role the admin set for this column, if any."""
        by_position = self.roles.get(f"#{index}")
        if by_position:
            return by_position
        wanted = normalise_label(label)
        if not wanted:
            return None
        for name, role in self.roles.items():
            if not name.startswith("#") and normalise_label(name) == wanted:
                return role
        return None

    @property
    def is_empty(self) -> bool:
        return self.table is None and self.header_row is None and not self.roles

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict | None) -> Mapping:
        data = data or {}
        roles = {str(k): str(v) for k, v in (data.get("roles") or {}).items() if v in ROLES}
        return cls(table=data.get("table"), header_row=data.get("header_row"), roles=roles)


def normalise_label(text: str) -> str:
    """A header cell compared without case, punctuation or spacing differences."""
    text = (text or "").lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def header_signature(labels: list[str]) -> str:
    """The key of an import template: the header row's cells, normalised, in order."""
    return "|".join(normalise_label(label) for label in labels)
