"""Importing a plan file: the one path used by the upload pages and `manage.py import_plan`.

A file is read once, in a bounded child process (`importers.reading.bounded`), and the reading
(the document and the plan laid out from it) is stored with the `PendingImport`. The mapping
step lays out the stored document again with the admin's choices; confirming writes the stored
plan. No web request ever reads the file itself: uploads are read by the task queue's worker.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F

from importers.loader import plan_create_from_parsed
from importers.models import ImportTemplate, PendingImport, PlanVersion
from importers.reading.bounded import BoundedReading, lay_out_bounded, read_bounded
from importers.reading.document import UnreadableDocument
from importers.reading.mapping import Mapping, header_signature
from importers.reading.parse import checksum as file_checksum
from importers.reading.parsed import ParsedPlan
from importers.reading.safety import Limits
from importers.reimport import ReimportRefused, likely_plans, plan_reimport_apply
from plans.models import AuditRecord, Plan


@dataclass
class ImportOutcome:
    parsed: ParsedPlan | None
    plan: Plan | None
    created: bool
    warnings: list[str] = field(default_factory=list)
    message_: str = ""

    @property
    def message(self) -> str:
        if self.message_:
            return self.message_
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
        max_columns=settings.IMPORT_MAX_COLUMNS,
        max_cells=settings.IMPORT_MAX_CELLS,
        cpu_seconds=settings.IMPORT_READ_CPU_SECONDS,
        memory_bytes=settings.IMPORT_READ_MEMORY_BYTES,
    )


# --- reading ------------------------------------------------------------------------------------


def _matching_template(reading: BoundedReading) -> tuple[ImportTemplate, Mapping] | None:
    """A saved mapping whose header is the header of one of the tables considered, best first."""
    plan_reading = reading.plan.get("reading") or {}
    tables = [b["table"] for b in reading.document.get("blocks", []) if "table" in b]
    signatures: dict[str, tuple[int, int]] = {}
    for candidate in plan_reading.get("candidates") or []:
        index, row = candidate.get("index"), candidate.get("header_row")
        if index is None or row is None or not 0 <= index < len(tables):
            continue
        rows = tables[index]
        if 0 <= row < len(rows):
            labels = [" ".join(" ".join(c.get("p", [])).split()) for c in rows[row]["cells"]]
            signatures.setdefault(header_signature(labels), (index, row))
    if not signatures:
        return None
    try:
        found = list(ImportTemplate.objects.filter(signature__in=signatures))
    except DatabaseError:  # `import_plan --json` on a database not yet migrated: no templates
        return None
    templates = {t.signature: t for t in found}
    for signature, (index, row) in signatures.items():
        template = templates.get(signature)
        if template is not None:
            saved = Mapping.from_dict(template.mapping)
            return template, Mapping(table=index, header_row=row, roles=saved.roles)
    return None


@dataclass
class Read:
    """A file read in the bounded worker, and the saved template that mapped it, if any."""

    reading: BoundedReading
    template: ImportTemplate | None = None
    mapping: Mapping | None = None


def _table_on_sheet(document: dict, sheet: str) -> int:
    tables = [block for block in document.get("blocks", []) if "table" in block]
    wanted = sheet.strip().casefold()
    for index, table in enumerate(tables):
        if (table.get("sheet") or "").casefold() == wanted:
            return index
    names = sorted({t["sheet"] for t in tables if t.get("sheet")})
    listed = ", ".join(f"'{name}'" for name in names) or "none"
    raise UnreadableDocument(f"No table on a sheet named '{sheet}' (sheets with tables: {listed}).")


def read_with_templates(
    data: bytes,
    filename: str,
    fmt: str | None,
    mapping: Mapping | None,
    limits: Limits,
    sheet: str | None = None,
) -> Read:
    """Read a file in the bounded worker; a saved template maps it when no mapping is given."""
    mapping = mapping or Mapping()
    if sheet:
        first = read_bounded(data, filename, fmt, limits)
        mapping.table = _table_on_sheet(first.document, sheet)
        return Read(lay_out_bounded(first.document, mapping.to_dict(), limits), mapping=mapping)
    if not mapping.is_empty:
        return Read(read_bounded(data, filename, fmt, limits, mapping.to_dict()), mapping=mapping)
    reading = read_bounded(data, filename, fmt, limits)
    matched = _matching_template(reading)
    if matched is None:
        return Read(reading)
    template, saved = matched
    return Read(lay_out_bounded(reading.document, saved.to_dict(), limits), template, saved)


def pending_import_create(
    *, data: bytes, filename: str, fmt: str, checksum: str, uploaded_by
) -> PendingImport:
    """Hold an upload and queue its reading; returns at once (the worker reads it)."""
    from importers.tasks import read_pending_import

    PendingImport.objects.expired().delete()  # nobody came back for these
    pending = PendingImport.objects.create(
        filename=filename[:255],
        format=fmt or "",
        checksum=checksum,
        content=data,
        uploaded_by=uploaded_by,
    )
    read_pending_import.enqueue(pending.pk)
    return pending


def pending_import_remap(*, pending: PendingImport, mapping: Mapping) -> PendingImport:
    """Lay the stored document out again with the admin's choices (queued like a reading)."""
    from importers.tasks import read_pending_import

    pending.mapping = mapping.to_dict()
    pending.status = PendingImport.Status.QUEUED
    pending.error = ""
    pending.save(update_fields=["mapping", "status", "error"])
    read_pending_import.enqueue(pending.pk)
    return pending


def pending_import_read(*, pending_id: int) -> None:
    """The worker's job: read (or lay out again) one upload and store the reading."""
    claimed = PendingImport.objects.filter(
        pk=pending_id, status=PendingImport.Status.QUEUED
    ).update(status=PendingImport.Status.READING)
    if not claimed:  # cancelled, or another worker has it
        return
    pending = PendingImport.objects.get(pk=pending_id)
    limits = import_limits()
    mapping = Mapping.from_dict(pending.mapping) if pending.mapping else None
    try:
        if pending.document is not None:
            read = Read(
                lay_out_bounded(pending.document, mapping.to_dict() if mapping else None, limits)
            )
        else:
            read = read_with_templates(
                bytes(pending.content), pending.filename, pending.format or None, mapping, limits
            )
    except UnreadableDocument as exc:
        PendingImport.objects.filter(pk=pending_id).update(
            status=PendingImport.Status.FAILED, error=str(exc)
        )
        return
    updates = {
        "status": PendingImport.Status.READY,
        "error": "",
        "plan": read.reading.plan,
        "document": read.reading.document,
    }
    if read.template is not None:
        updates["template"] = read.template
        updates["mapping"] = read.mapping.to_dict()
    PendingImport.objects.filter(pk=pending_id).update(**updates)


def stored_plan(pending: PendingImport) -> ParsedPlan:
    """The plan as the worker laid it out (never read again from the file)."""
    return ParsedPlan.from_dict(pending.plan)


def needs_mapping(pending: PendingImport, parsed: ParsedPlan) -> bool:
    """Unsure of the table or a column, and the admin has not answered yet."""
    reading = parsed.reading
    return reading is not None and not reading.sure and not pending.mapping


# --- writing ------------------------------------------------------------------------------------


def _write(*, parsed: ParsedPlan, checksum: str, filename: str, imported_by) -> ImportOutcome:
    warnings = [str(w) for w in parsed.warnings]
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
            PlanVersion.objects.create(
                plan=result.plan,
                filename=filename[:255],
                checksum=checksum,
                created_by=imported_by,
                summary={"added": len(parsed.actions), "first": True},
            )
    except IntegrityError:
        # Two uploads of one file at once: the other one won; report the plan it made.
        existing = plan_for_checksum(checksum)
        if existing is None:
            raise
        return ImportOutcome(parsed=parsed, plan=existing, created=False)
    return ImportOutcome(
        parsed=parsed, plan=result.plan, created=True, warnings=warnings + result.warnings
    )


def import_template_save(*, parsed: ParsedPlan, mapping: Mapping, name: str, user) -> None:
    """Remember a confirmed mapping under its header's signature (create or replace)."""
    if parsed.reading is None or not parsed.reading.signature or mapping.is_empty:
        return
    saved = {"header_row": None, "roles": mapping.roles}  # the table is found by its header
    template, created = ImportTemplate.objects.get_or_create(
        signature=parsed.reading.signature,
        defaults={"name": name[:255], "mapping": saved, "created_by": user},
    )
    if not created:
        template.mapping = saved
        template.save(update_fields=["mapping", "updated_at"])


def plan_for_checksum(checksum: str) -> Plan | None:
    """The plan this exact file was imported as, or re-imported into."""
    plan = Plan.objects.filter(source_checksum=checksum).first()
    if plan is None:
        version = PlanVersion.objects.filter(checksum=checksum).select_related("plan").first()
        plan = version.plan if version is not None else None
    return plan


def decision_needed(pending: PendingImport, parsed: ParsedPlan) -> bool:
    """The file looks like a plan held, and the admin has not said whether it is that plan."""
    if pending.decision:
        return False
    return bool(likely_plans(parsed))


@transaction.atomic
def pending_import_decide(*, pending: PendingImport, decision: str, plan: Plan | None) -> None:
    """Record the admin's answer: update `plan` with this file, or import it as a new plan
    ('' asks the question again). Any corrected matches are for another plan: dropped."""
    pending.decision = decision
    pending.target_plan = plan if decision == PendingImport.Decision.UPDATE else None
    pending.matches = {}
    pending.save(update_fields=["decision", "target_plan", "matches"])


@transaction.atomic
def pending_import_match(*, pending: PendingImport, matches: dict[int, int | None]) -> None:
    """Store the admin's pairing of the file's actions (position -> action id, None: new)."""
    pending.matches = pending.matches | {str(index): pk for index, pk in matches.items()}
    pending.save(update_fields=["matches"])


def _template_used(pending: PendingImport) -> None:
    if pending.template_id is not None:
        ImportTemplate.objects.filter(pk=pending.template_id).update(times_used=F("times_used") + 1)


@transaction.atomic
def _confirm_update(*, pending, imported_by, fingerprint) -> ImportOutcome:
    parsed = stored_plan(pending)
    version, _ = plan_reimport_apply(
        pending=pending, parsed=parsed, user=imported_by, expected_fingerprint=fingerprint
    )
    if pending.mapping:
        mapping = Mapping.from_dict(pending.mapping)
        import_template_save(
            parsed=parsed, mapping=mapping, name=pending.filename, user=imported_by
        )
    _template_used(pending)
    summary = version.summary
    message = (
        f"Updated '{version.plan.title}': {summary['added']} actions added, "
        f"{summary['changed']} changed, {summary['ratings']} new ratings, "
        f"{summary['missing']} not in this version (kept)."
    )
    return ImportOutcome(parsed=parsed, plan=version.plan, created=False, message_=message)


def pending_import_confirm(
    *, pending: PendingImport, imported_by, fingerprint: str | None = None
) -> ImportOutcome:
    """Write the stored plan (or find the plan the same file became) and save its mapping;
    or, where the admin chose to update a plan held, apply the file to it as a new version.

    Raises ReimportRefused (nothing written) when a re-import cannot be applied, or when the
    file looks like a plan held and the admin has not chosen (never a look-alike silently).
    """
    existing = plan_for_checksum(pending.checksum)
    if existing is not None:
        pending.delete()
        return ImportOutcome(parsed=None, plan=existing, created=False)
    if pending.decision == PendingImport.Decision.UPDATE:
        return _confirm_update(pending=pending, imported_by=imported_by, fingerprint=fingerprint)
    parsed = stored_plan(pending)
    if decision_needed(pending, parsed):
        raise ReimportRefused(
            "This file looks like a plan already held: choose whether it updates that plan "
            "or is a different plan."
        )
    with transaction.atomic():
        outcome = _write(
            parsed=parsed,
            checksum=pending.checksum,
            filename=pending.filename,
            imported_by=imported_by,
        )
        if outcome.created and pending.mapping:
            mapping = Mapping.from_dict(pending.mapping)
            import_template_save(
                parsed=parsed, mapping=mapping, name=pending.filename, user=imported_by
            )
        _template_used(pending)
        pending.delete()
    return outcome


def plan_import(
    *,
    data: bytes,
    filename: str,
    fmt: str | None = None,
    imported_by=None,
    dry_run: bool = False,
    mapping: Mapping | None = None,
    sheet: str | None = None,
) -> ImportOutcome:
    """Import a plan file (the command line), read within the same limits as an upload."""
    checksum = file_checksum(data)
    if not dry_run:  # a dry run touches no table, so it works before `migrate` too
        existing = plan_for_checksum(checksum)
        if existing is not None:
            return ImportOutcome(parsed=None, plan=existing, created=False)
    read = read_with_templates(data, filename, fmt, mapping, import_limits(), sheet)
    parsed = ParsedPlan.from_dict(read.reading.plan)
    if dry_run:
        warnings = [str(w) for w in parsed.warnings]
        return ImportOutcome(parsed=parsed, plan=None, created=False, warnings=warnings)
    return _write(parsed=parsed, checksum=checksum, filename=filename, imported_by=imported_by)
