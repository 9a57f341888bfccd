"""Re-import: a revised version of a plan held, shown as a diff and applied as one change.

Which plan a file is a version of (`likely_plans`), how its actions pair with the plan's
(`importers.reading.matching`, with the admin's corrections) and what would change
(`plan_diff`) are read here; `plan_reimport_apply` writes it all in one transaction:
ratings appended (history is never rewritten), changed fields through `action_update`
(versioned and audited), new actions added, actions missing from the file kept and flagged
(the version's `missing_actions`), and a `PlanVersion` recorded.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from importers.loader import actions_add_from_parsed, parsed_dates
from importers.models import PendingImport, PlanVersion
from importers.reading.dates import month_last_day
from importers.reading.leads import lead_key
from importers.reading.matching import (
    Candidate,
    PlanCandidate,
    match_actions,
)
from importers.reading.matching import (
    likely_plans as _likely_plans,
)
from importers.reading.parsed import ParsedAction, ParsedPlan
from plans.models import Action, AuditRecord, Lead, Plan, RagUpdate
from plans.services import action_update, rag_update_create

# What a re-import compares, in the order the diff shows it: field -> label.
COMPARED_FIELDS = {
    "text": "Action",
    "context": "Context",
    "leads": "Leads",
    "timescale_text": "Timescale",
    "start_date": "Start",
    "due_date": "Due",
    "outcomes": "Outcomes",
    "progress": "Progress",
    "follow_up": "Follow-up",
}


class ReimportRefused(Exception):
    """The re-import could not be applied; nothing was written. The message says why."""


# --- which plan ---------------------------------------------------------------------------------


def likely_plans(parsed: ParsedPlan, *, limit: int = 5) -> list[tuple[Plan, float, bool]]:
    """Plans held that this reading may be a version of, best first: (plan, score, exact)."""
    plans = {
        p.pk: p for p in Plan.objects.only("pk", "title", "area").order_by("title", "pk")
    }  # one query; titles are scored in Python (normalised, which SQL cannot do portably)
    candidates = [PlanCandidate(pk, p.title, p.area) for pk, p in plans.items()]
    found = _likely_plans(parsed.title, parsed.area, candidates, limit=limit)
    return [(plans[c.key], score, exact) for c, score, exact in found]


# --- what would change --------------------------------------------------------------------------


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass
class ActionDiff:
    index: int
    """The action's position in the file."""
    parsed: ParsedAction
    action: Action | None = None
    how: str = ""
    """chosen | ref | text | similar ('' for a new action)"""
    changes: list[FieldChange] = field(default_factory=list)
    values: dict = field(default_factory=dict)
    """The changed fields' new values, as `action_update` takes them."""
    new_rating: str | None = None
    rating_commentary: str = ""

    @property
    def progress_change(self) -> FieldChange | None:
        return next((c for c in self.changes if c.name == "progress"), None)


@dataclass
class PlanDiff:
    plan: Plan
    rows: list[ActionDiff]
    missing: list[Action]
    reported_on: datetime.date
    round_label: str = ""

    @property
    def added(self) -> list[ActionDiff]:
        return [r for r in self.rows if r.action is None]

    @property
    def changed(self) -> list[ActionDiff]:
        return [r for r in self.rows if r.action is not None and r.changes]

    @property
    def ratings(self) -> list[ActionDiff]:
        return [r for r in self.rows if r.new_rating]

    @property
    def unchanged_count(self) -> int:
        return sum(1 for r in self.rows if r.action is not None and not r.changes)

    @property
    def to_review(self) -> list[ActionDiff]:
        """Rows whose pairing the admin may want to correct: new, changed, matched by
        similarity (a guess) or by the admin."""
        guesses = ("similar", "chosen")
        return [r for r in self.rows if r.action is None or r.changes or r.how in guesses]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.ratings or self.missing)

    def summary(self) -> dict:
        """What the version changed, as stored with it (and shown on the plan page)."""
        fields: dict[str, int] = {}
        for row in self.changed:
            for change in row.changes:
                fields[change.label] = fields.get(change.label, 0) + 1
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "missing": len(self.missing),
            "ratings": len(self.ratings),
            "unchanged": self.unchanged_count,
            "fields": fields,
        }

    def fingerprint(self) -> str:
        """Short hash of exactly what would be written: a confirm of an older diff is refused."""
        content = [
            (r.index, r.action.pk if r.action else None, r.action.version if r.action else None)
            + tuple((c.name, c.new) for c in r.changes)
            + (r.new_rating,)
            for r in self.rows
        ] + [("missing", a.pk) for a in self.missing]
        return hashlib.sha256(json.dumps(content, default=str).encode()).hexdigest()[:16]


def _same(old: str, new: str) -> bool:
    return " ".join(old.split()) == " ".join(new.split())


def _new_values(parsed: ParsedAction) -> dict:
    start, due = parsed_dates(parsed)
    return {
        "text": parsed.text or "",
        "context": parsed.context or "",
        "leads": [name for name in parsed.leads if lead_key(name)],
        "timescale_text": (parsed.timescale_text or "")[:300],
        "start_date": start,
        "due_date": due,
        "outcomes": "\n".join(parsed.outcomes),
        "progress": parsed.progress or "",
        "follow_up": parsed.follow_up or "",
    }


def _shown(name: str, value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%-d %B %Y")
    if name == "leads":
        return ", ".join(value)
    return str(value)


def _compare(action: Action, new: dict, present: set[str]) -> tuple[list[FieldChange], dict]:
    changes, values = [], {}
    for name, label in COMPARED_FIELDS.items():
        if name not in present:  # a column this file does not have changes nothing
            continue
        if name == "leads":
            old_leads = [lead.name for lead in action.leads.all()]
            if {lead_key(n) for n in old_leads} == {lead_key(n) for n in new["leads"]}:
                continue
            old_value, new_value = old_leads, new["leads"]
        else:
            old_value, new_value = getattr(action, name), new[name]
            if isinstance(new_value, str) and _same(old_value or "", new_value):
                continue
            if not isinstance(new_value, str) and old_value == new_value:
                continue
        changes.append(FieldChange(name, label, _shown(name, old_value), _shown(name, new_value)))
        values[name] = new_value
    return changes, values


def _reported_on(parsed: ParsedPlan) -> datetime.date:
    """A dated progress column ("Update October 2016") reports on that month; else today."""
    today = timezone.localdate()
    if parsed.update_month:
        day = month_last_day(parsed.update_month)
        if day <= today:
            return day
    return today


def plan_diff(
    *, plan: Plan, parsed: ParsedPlan, chosen: dict | None = None, filename: str = ""
) -> PlanDiff:
    """What applying this reading to the plan would change (reads only: two queries)."""
    actions = list(
        Action.objects.filter(plan=plan)
        .order_by("order", "pk")
        .prefetch_related("leads")
        .defer("extra_fields")
    )
    by_pk = {a.pk: a for a in actions}
    chosen = {int(k): v for k, v in (chosen or {}).items()}
    matching = match_actions(
        [Candidate(a.pk, a.ref, a.text) for a in actions],
        [Candidate(i, a.ref, a.text) for i, a in enumerate(parsed.actions)],
        chosen=chosen,
    )
    news = [_new_values(a) for a in parsed.actions]
    present = {
        name for name in COMPARED_FIELDS if any(new[name] not in ("", None, []) for new in news)
    }
    matched = matching.by_incoming()
    source = filename or parsed.source or "the imported file"
    rows = []
    for index, parsed_action in enumerate(parsed.actions):
        row = ActionDiff(index=index, parsed=parsed_action)
        match = matched.get(index)
        if match is not None:
            row.action, row.how = by_pk[match.existing], match.how
            row.changes, row.values = _compare(row.action, news[index], present)
            progress = row.progress_change
            rating = parsed_action.rag
            if rating and (rating != row.action.current_rating or progress):
                row.new_rating = rating
                row.rating_commentary = (
                    (parsed_action.progress or "").strip()
                    if progress and parsed_action.progress
                    else f"Rating as recorded in {source}."
                )
        rows.append(row)
    return PlanDiff(
        plan=plan,
        rows=rows,
        missing=[by_pk[pk] for pk in matching.missing],
        reported_on=_reported_on(parsed),
        round_label=(parsed.update_round or "")[:100],
    )


def latest_missing_ids(plan: Plan) -> set[int]:
    """The plan's actions that its latest version's file did not have (one query)."""
    latest = PlanVersion.objects.filter(plan=plan).order_by("-created_at", "-pk")[:1]
    return set(
        PlanVersion.missing_actions.through.objects.filter(
            planversion_id__in=latest.values("pk")
        ).values_list("action_id", flat=True)
    )


# --- applying it --------------------------------------------------------------------------------


def _leads_for(names: list[str]) -> list[Lead]:
    leads = []
    for name in names:
        lead, _ = Lead.objects.get_or_create(
            key=lead_key(name)[:200], defaults={"name": name.strip()[:200]}
        )
        leads.append(lead)
    return leads


@transaction.atomic
def plan_reimport_apply(
    *,
    pending: PendingImport,
    parsed: ParsedPlan,
    user,
    expected_fingerprint: str | None = None,
) -> tuple[PlanVersion, PlanDiff]:
    """Apply a re-import to its plan, all or nothing; returns the version recorded.

    Raises ReimportRefused (nothing written) when the upload was already applied (a double
    confirm), the plan changed since the diff was shown, or a rating breaks the rules.
    """
    locked = PendingImport.objects.select_for_update().filter(pk=pending.pk).first()
    if locked is None or locked.target_plan_id is None:
        raise ReimportRefused("This upload has already been applied, or was cancelled.")
    plan = Plan.objects.select_for_update().get(pk=locked.target_plan_id)
    if PlanVersion.objects.filter(plan=plan, checksum=locked.checksum).exists():
        raise ReimportRefused(f"This file has already been applied to '{plan.title}'.")
    diff = plan_diff(plan=plan, parsed=parsed, chosen=locked.matches, filename=locked.filename)
    if expected_fingerprint is not None and expected_fingerprint != diff.fingerprint():
        raise ReimportRefused(
            "The plan has changed since these changes were shown; check them again."
        )
    for row in diff.changed:
        values = dict(row.values)
        if "leads" in values:
            values["leads"] = _leads_for(values["leads"])
        action_update(
            action=row.action,
            expected_version=row.action.version,
            changes=values,
            editor=user,
            via="import",
        )
    for row in diff.ratings:
        rag_update_create(
            action=row.action,
            rating=row.new_rating,
            commentary=row.rating_commentary,
            author=user,
            reported_on=diff.reported_on,
            round_label=diff.round_label,
            source=RagUpdate.Source.IMPORT,
        )
    actions_add_from_parsed(
        plan=plan,
        parsed=parsed,
        indexes=[row.index for row in diff.added],
        imported_by=user,
        reported_on=diff.reported_on,
    )
    version = PlanVersion.objects.create(
        plan=plan,
        filename=locked.filename[:255],
        checksum=locked.checksum,
        created_by=user,
        summary=diff.summary(),
    )
    version.missing_actions.set([a.pk for a in diff.missing])
    AuditRecord.objects.create(
        who=user,
        what="plan re-imported",
        details={
            "plan": plan.pk,
            "version": version.pk,
            "file": locked.filename,
            "checksum": locked.checksum,
        }
        | diff.summary(),
    )
    locked.delete()
    return version, diff
