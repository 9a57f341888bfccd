"""A plan as read from a document: plain dataclasses, no Django.

The shape mirrors the gold schema in fixtures/seeds/expected/SCHEMA.md so that any reading can
be compared with a human's (`ParsedPlan.as_schema()`). The loader writes a `ParsedPlan` into the
models; dates here are month precision ("YYYY-MM") as the schema has them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from importers.reading.mapping import Reading


@dataclass
class Warning_:
    """A problem a person should review, naming the place in the document."""

    message: str
    table: int | None = None
    row: int | None = None
    column: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = []
        if self.table is not None:
            where.append(f"table {self.table + 1}")
        if self.row is not None:
            where.append(f"row {self.row + 1}")
        if self.column:
            where.append(f"column '{self.column}'")
        if self.line is not None:
            where.append(f"line {self.line}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class ParsedObjective:
    ref: str
    title: str
    national_number: int | None = None
    """1-6 where this is one of the six 'No Health Without Mental Health' objectives."""


@dataclass
class ParsedSection:
    ref: str | None
    title: str
    parent: str | None = None
    """ref (or title, where the parent has no ref) of the parent section."""


@dataclass
class ParsedMilestone:
    title: str
    due: str | None = None
    """YYYY-MM"""
    done: bool = False


@dataclass
class ParsedAction:
    ref: str | None
    section: str | None
    """Title of the innermost section the action sits under."""
    text: str
    context: str | None = None
    leads: list[str] = field(default_factory=list)
    timescale_text: str | None = None
    start: str | None = None
    due: str | None = None
    outcomes: list[str] = field(default_factory=list)
    progress: str | None = None
    follow_up: str | None = None
    rag: str | None = None
    """red | amber | green | blue | None"""
    objectives: list[str] = field(default_factory=list)
    """refs of national objectives ("1".."6") this action maps to"""
    milestones: list[ParsedMilestone] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    """Columns with no role of their own, kept by their printed label (never dropped)."""
    section_index: int | None = None
    """Position in ParsedPlan.sections of the action's section (titles may repeat)."""
    source_row: int | None = None


@dataclass
class ParsedPlan:
    title: str
    area: str = ""
    kind: str = "action_plan"
    """action_plan | strategy"""
    period_start: str | None = None
    period_end: str | None = None
    rag_legend: dict[str, str] | None = None
    columns: list[str] = field(default_factory=list)
    lead_directory: dict[str, str] = field(default_factory=dict)
    objectives: list[ParsedObjective] = field(default_factory=list)
    sections: list[ParsedSection] = field(default_factory=list)
    actions: list[ParsedAction] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    source: str = ""
    reading: Reading | None = None
    """Which table, header row and column roles the layout chose, and how sure it was."""
    update_round: str | None = None
    """The reporting round a dated progress or rating column was written for, as printed
    ("October 2016" from "Update October 2016"): the ratings and progress imported were
    reported to the board in that round."""
    update_month: str | None = None
    """YYYY-MM of `update_round`."""

    def to_dict(self) -> dict:
        """Everything, as plain JSON data: the reading stored with a pending import."""
        return asdict(self) | {"reading": self.reading.to_dict() if self.reading else None}

    @classmethod
    def from_dict(cls, data: dict) -> ParsedPlan:
        """The `ParsedPlan` that `to_dict` stored."""
        data = dict(data)
        actions = []
        for raw in data.pop("actions", []):
            raw = dict(raw)
            milestones = [ParsedMilestone(**m) for m in raw.pop("milestones", [])]
            actions.append(ParsedAction(**raw, milestones=milestones))
        return cls(
            **{
                k: v
                for k, v in data.items()
                if k not in ("objectives", "sections", "warnings", "reading")
            },
            objectives=[ParsedObjective(**o) for o in data.get("objectives", [])],
            sections=[ParsedSection(**s) for s in data.get("sections", [])],
            actions=actions,
            warnings=[Warning_(**w) for w in data.get("warnings", [])],
            reading=Reading.from_dict(data.get("reading")),
        )

    def as_schema(self) -> dict:
        """The reading in the shape of the gold schema (SCHEMA.md), for scoring and --json."""
        return {
            "source": self.source,
            "plan": {
                "title": self.title,
                "area": self.area,
                "kind": self.kind,
                "period_start": self.period_start,
                "period_end": self.period_end,
                "rag_legend": self.rag_legend,
                "columns": self.columns,
                "lead_directory": self.lead_directory,
                "update_round": self.update_round,
            },
            "objectives": [{"ref": o.ref, "title": o.title} for o in self.objectives],
            "sections": [asdict(s) for s in self.sections],
            "actions": [
                {
                    key: value
                    for key, value in asdict(action).items()
                    if key not in ("milestones", "section_index", "source_row")
                }
                | {"milestones": [asdict(m) for m in action.milestones]}
                for action in self.actions
            ],
            "warnings": [str(w) for w in self.warnings],
        }
