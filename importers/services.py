"""Importing a plan file: the one path used by the upload pages and `manage.py import_plan`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction

from importers.loader import plan_create_from_parsed
from importers.reading.parse import checksum as file_checksum
from importers.reading.parse import read_plan
from importers.reading.parsed import ParsedPlan
from importers.reading.safety import Limits
from plans.models import AuditRecord, Plan


@dataclass
class ImportOutcome:
    parsed: ParsedPlan | None
    plan: Plan | None
    created: bool
    warnings: list[str] = field(default_factory=list)

    @property
    def message(self) -> str:
        if self.plan is None:
            return "Read the plan; nothing written (dry run)."
        if not self.created:
            return f"This file was already imported as '{self.plan.title}'; nothing was created."
        return (
            f"Imported '{self.plan.title}': {self.plan.sections.count()} sections, "
            f"{self.plan.actions.count()} actions."
        )


def import_limits() -> Limits:
    """The import limits in force (settings, DESIGN.md defaults)."""
    return Limits(
        text_bytes=settings.IMPORT_TEXT_MAX_BYTES,
        office_bytes=settings.IMPORT_OFFICE_MAX_BYTES,
        office_uncompressed_bytes=settings.IMPORT_OFFICE_MAX_UNCOMPRESSED_BYTES,
        office_part_bytes=settings.IMPORT_OFFICE_MAX_PART_BYTES,
    )


def plan_preview(*, data: bytes, filename: str, fmt: str | None = None) -> ParsedPlan:
    """Read the file without writing anything; raises UnreadableDocument with a clear message."""
    return read_plan(data, filename, fmt, import_limits())


def plan_import(
    *,
    data: bytes,
    filename: str,
    fmt: str | None = None,
    imported_by=None,
    dry_run: bool = False,
) -> ImportOutcome:
    """Import a plan file, or find the plan it already became (same checksum)."""
    checksum = file_checksum(data)
    existing = Plan.objects.filter(source_checksum=checksum).first()
    if existing is not None:
        return ImportOutcome(parsed=None, plan=existing, created=False)
    parsed = plan_preview(data=data, filename=filename, fmt=fmt)
    warnings = [str(w) for w in parsed.warnings]
    if dry_run:
        return ImportOutcome(parsed=parsed, plan=None, created=False, warnings=warnings)
    try:
        with transaction.atomic():
            result = plan_create_from_parsed(
                parsed=parsed, checksum=checksum, imported_by=imported_by
            )
            AuditRecord.objects.create(
                who=imported_by,
                what="plan imported",
                details={"plan": result.plan.pk, "file": filename, "checksum": checksum},
            )
    except IntegrityError:
        # Two uploads of one file at once: the other one won; report the plan it made.
        existing = Plan.objects.filter(source_checksum=checksum).first()
        if existing is None:
            raise
        return ImportOutcome(parsed=parsed, plan=existing, created=False)
    return ImportOutcome(
        parsed=parsed, plan=result.plan, created=True, warnings=warnings + result.warnings
    )
