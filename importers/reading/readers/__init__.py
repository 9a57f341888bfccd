"""Readers: bytes of one format in, a `Document` out. Shared bounds on what a reader builds."""

from __future__ import annotations

from importers.reading.document import UnreadableDocument
from importers.reading.safety import Limits


class CellBudget:
    """Cells counted against `Limits.max_cells` for one document; past the limit, refused."""

    def __init__(self, limits: Limits, kind: str = "file") -> None:
        self.limit = limits.max_cells
        self.used = 0
        self.kind = kind

    def spend(self, cells: int) -> None:
        self.used += cells
        if self.used > self.limit:
            raise UnreadableDocument(
                f"This {self.kind} has more than {self.limit:,} table cells, more than a plan "
                "can have; remove what is not part of the plan and upload it again."
            )


def check_columns(count: int, limits: Limits, where: str = "A table") -> None:
    """Refuse a table wider than `Limits.max_columns` (plans have a dozen columns)."""
    if count > limits.max_columns:
        raise UnreadableDocument(
            f"{where} has {count:,} columns, more than the {limits.max_columns} a plan can "
            "have; remove the extra columns and upload it again."
        )
