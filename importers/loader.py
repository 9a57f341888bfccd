"""Write a `ParsedPlan` into the models: one transaction, all or nothing."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from importers.reading.dates import month_first_day, month_last_day
from importers.reading.leads import lead_key
from importers.reading.parsed import ParsedAction, ParsedPlan
from plans.models import (
    Action,
    Lead,
    Milestone,
    Objective,
    Organisation,
    Plan,
    RagUpdate,
    Rating,
    Section,
    Strategy,
)
from plans.national import national_objectives
from plans.rollups import counting_deferred
from plans.rounds.models import ReportingRound, RoundEntry
from plans.rounds.services import round_publish
from plans.services import ratings_written

# How a directory's organisation name tells its kind; the first that matches wins.
_ORGANISATION_KINDS = [
    (
        re.compile(r"\b(NHS|PCT|CCG|Trust|Primary Care|Foundation)\b", re.I),
        Organisation.Kind.NHS_BODY,
    ),
    (re.compile(r"\b(Council|Borough|County|Authority)\b", re.I), Organisation.Kind.COUNCIL),
    (re.compile(r"\b(MIND|Voluntary|Charity|Action)\b", re.I), Organisation.Kind.VOLUNTARY),
]


@dataclass
class LoadResult:
    plan: Plan
    warnings: list[str] = field(default_factory=list)


def organisation_kind(name: str) -> str:
    for pattern, kind in _ORGANISATION_KINDS:
        if pattern.search(name):
            return kind
    return Organisation.Kind.OTHER


def _first_day(ym: str | None) -> datetime.date | None:
    return month_first_day(ym) if ym else None


def _last_day(ym: str | None) -> datetime.date | None:
    return month_last_day(ym) if ym else None


class _Loader:
    def __init__(self, parsed: ParsedPlan, *, checksum: str, imported_by, reported_on):
        self.parsed = parsed
        self.checksum = checksum
        self.imported_by = imported_by
        self.reported_on = reported_on
        self.round: ReportingRound | None = None
        self.updates: list[RagUpdate] = []
        self.warnings: list[str] = []
        self.leads_by_key: dict[str, Lead] = {}
        self.national = {o.ref: o for o in national_objectives()}

    def load(self) -> Plan:
        plan = self._plan()
        sections = self._sections(plan)
        self._lead_directory()
        self.round = self._update_round(plan)
        used_refs: set[str] = set()
        with counting_deferred():  # the dashboards' counts, once for the plan
            for order, parsed_action in enumerate(self.parsed.actions):
                section = self._section_of(parsed_action, sections)
                self._action(plan, section, parsed_action, order, used_refs)
            self._save_updates()
        if self.round is not None:
            self._publish_round(plan)
        return plan

    def _save_updates(self) -> None:
        """One insert, and one refresh of the stored current ratings, for all the ratings read:
        an update saved one by one refreshes its plan each time (quadratic in the plan's size)."""
        with ratings_written(update.action_id for update in self.updates):
            RagUpdate.objects.bulk_create(self.updates, batch_size=2000)
        self.updates = []

    def _publish_round(self, plan: Plan) -> None:
        """Publish the imported round; the progress column is what each action reported."""
        round_publish(round=self.round, published_by=self.imported_by)
        progress = {
            action.pk: action.progress
            for action in plan.actions.exclude(progress="").only("progress")
        }
        entries = list(
            RoundEntry.objects.filter(round=self.round, action_id__in=progress, commentary="")
        )
        for entry in entries:
            entry.commentary = progress[entry.action_id]
        RoundEntry.objects.bulk_update(entries, ["commentary"], batch_size=2000)

    def _update_round(self, plan: Plan) -> ReportingRound | None:
        """A dated progress column ("Update October 2016") was reported to the board in that
        round: the imported ratings belong to it, and it is published as it was reported."""
        name, month = self.parsed.update_round, self.parsed.update_month
        if not name or not month:
            return None
        self.reported_on = month_last_day(month)
        round_ = ReportingRound.objects.create(
            name=name[:100],
            reported_on=self.reported_on,
            deadline=self.reported_on,
            state=ReportingRound.State.CLOSED,
            opened_by=self.imported_by,
            closed_at=timezone.now(),
        )
        round_.plans.add(plan)
        return round_

    def _plan(self) -> Plan:
        parsed = self.parsed
        legend = parsed.rag_legend or {}
        plan = Plan.objects.create(
            title=parsed.title[:300] or parsed.source or "Untitled plan",
            area=parsed.area,
            period_start=_first_day(parsed.period_start),
            period_end=_last_day(parsed.period_end),
            legend_red=legend.get("red", ""),
            legend_amber=legend.get("amber", ""),
            legend_green=legend.get("green", ""),
            legend_blue=legend.get("blue", ""),
            source_name=parsed.source[:255],
            source_checksum=self.checksum,
        )
        if parsed.kind == "strategy":
            plan.strategy = self._strategy()
            plan.save(update_fields=["strategy"])
        return plan

    def _strategy(self) -> Strategy:
        """A narrative strategy: its shared objectives map to the national rows, never copies."""
        parsed = self.parsed
        strategy = Strategy.objects.create(
            title=parsed.title[:300],
            area=parsed.area,
            period_start=_first_day(parsed.period_start),
            period_end=_last_day(parsed.period_end),
        )
        by_title = {lead_key(o.title): o for o in self.national.values()}
        for order, objective in enumerate(parsed.objectives):
            national = by_title.get(lead_key(objective.title))
            if national is None and objective.national_number:
                national = self.national.get(str(objective.national_number))
            if national is not None:
                strategy.adopted_objectives.add(national)
            else:
                Objective.objects.create(
                    strategy=strategy, ref=objective.ref, title=objective.title, order=order
                )
        return strategy

    def _sections(self, plan: Plan) -> list[Section]:
        created: list[Section] = []
        by_ref_or_title: dict[str, Section] = {}
        for order, parsed in enumerate(self.parsed.sections):
            parent = by_ref_or_title.get(parsed.parent) if parsed.parent else None
            if parsed.parent and parent is None:
                self.warnings.append(
                    f"Section '{parsed.title}': parent '{parsed.parent}' not found; kept at top level."
                )
            section = Section.objects.create(
                plan=plan, parent=parent, ref=parsed.ref or "", title=parsed.title, order=order
            )
            created.append(section)
            for name in (parsed.ref, parsed.title):
                if name:
                    by_ref_or_title.setdefault(name, section)
        return created

    def _section_of(self, action: ParsedAction, sections: list[Section]) -> Section | None:
        if action.section_index is not None and 0 <= action.section_index < len(sections):
            return sections[action.section_index]
        if not action.section:
            return None
        # Titles may repeat (Halton's 2.2 and 2.3): the latest section so titled before it.
        matches = [s for s in sections if s.title == action.section]
        return matches[-1] if matches else None

    def _lead_directory(self) -> None:
        for name, organisation_names in self.parsed.lead_directory.items():
            lead = self._lead(name)
            # A joint post names several employers: "Halton Borough Council/ Halton and St Helens PCT".
            for org_name in re.split(r"\s*/\s*", organisation_names):
                if org_name.strip():
                    organisation, _ = Organisation.objects.get_or_create(
                        name=org_name.strip()[:200],
                        defaults={"kind": organisation_kind(org_name)},
                    )
                    lead.organisations.add(organisation)

    def _lead(self, name: str) -> Lead:
        key = lead_key(name)[:200]
        if key not in self.leads_by_key:
            lead, _ = Lead.objects.get_or_create(key=key, defaults={"name": name.strip()[:200]})
            self.leads_by_key[key] = lead
        return self.leads_by_key[key]

    def _action(
        self,
        plan: Plan,
        section: Section | None,
        parsed: ParsedAction,
        order: int,
        used_refs: set[str],
    ) -> None:
        ref = (parsed.ref or "")[:20]
        if ref and ref in used_refs:
            self.warnings.append(f"Action ref '{ref}' repeats in this plan; the repeat has no ref.")
            ref = ""
        used_refs.add(ref)
        start, due = parsed_dates(parsed)
        if parsed.start and start is None and due:
            self.warnings.append(
                f"Action '{parsed.text[:60]}': due {parsed.due} is before start {parsed.start}; "
                "start dropped."
            )
        action = Action.objects.create(
            plan=plan,
            section=section,
            ref=ref,
            text=parsed.text,
            context=parsed.context or "",
            timescale_text=(parsed.timescale_text or "")[:300],
            start_date=start,
            due_date=due,
            outcomes="\n".join(parsed.outcomes),
            progress=parsed.progress or "",
            follow_up=parsed.follow_up or "",
            extra_fields=dict(parsed.extra),
            order=order,
        )
        if parsed.leads:
            action.leads.add(*{self._lead(name).pk for name in parsed.leads if lead_key(name)})
        objectives = [self.national[r] for r in parsed.objectives if r in self.national]
        if objectives:
            action.objectives.add(*objectives)
        Milestone.objects.bulk_create(
            Milestone(action=action, title=m.title, due_date=_last_day(m.due), order=index)
            for index, m in enumerate(parsed.milestones)
        )
        if parsed.rag:
            source = self.parsed.source or "the imported document"
            in_round = self.round is not None and parsed.progress
            self.updates.append(
                RagUpdate(
                    action=action,
                    rating=Rating(parsed.rag),
                    commentary=parsed.progress if in_round else f"Rating as recorded in {source}.",
                    reported_on=self.reported_on,
                    round=self.round,
                    round_label=self.round.name if self.round is not None else "",
                    author=self.imported_by,
                    source=RagUpdate.Source.IMPORT,
                )
            )


def parsed_dates(parsed: ParsedAction) -> tuple[datetime.date | None, datetime.date | None]:
    """An action's start (first day) and due (last day) dates; a start after the due date
    is dropped (the database refuses it)."""
    start, due = _first_day(parsed.start), _last_day(parsed.due)
    if start and due and due < start:
        start = None
    return start, due


@transaction.atomic
def actions_add_from_parsed(
    *,
    plan: Plan,
    parsed: ParsedPlan,
    indexes: list[int],
    imported_by=None,
    reported_on: datetime.date | None = None,
) -> list[str]:
    """Add some of a reading's actions (by position) to a plan held: a re-import's new ones.

    Each goes under the plan's section of the same title (a new section where it has none),
    after the plan's last action; a ref the plan already uses is dropped, with a warning.
    """
    if not indexes:
        return []
    loader = _Loader(
        parsed,
        checksum="",
        imported_by=imported_by,
        reported_on=reported_on or timezone.localdate(),
    )
    loader._lead_directory()
    sections = {s.title: s for s in plan.sections.order_by("order")}  # the latest so titled
    next_section = max((s.order for s in sections.values()), default=-1) + 1
    used_refs = set(plan.actions.exclude(ref="").values_list("ref", flat=True))
    order = (plan.actions.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    with counting_deferred():  # the dashboards' counts, once for the plan
        for offset, index in enumerate(indexes):
            parsed_action = parsed.actions[index]
            section = sections.get(parsed_action.section) if parsed_action.section else None
            if parsed_action.section and section is None:
                section = Section.objects.create(
                    plan=plan, title=parsed_action.section, order=next_section
                )
                sections[section.title] = section
                next_section += 1
            loader._action(plan, section, parsed_action, order + offset, used_refs)
        loader._save_updates()
    return loader.warnings


@transaction.atomic
def plan_create_from_parsed(
    *,
    parsed: ParsedPlan,
    checksum: str,
    imported_by=None,
    reported_on: datetime.date | None = None,
) -> LoadResult:
    """Create the plan, its sections, actions, leads, milestones and first ratings, or nothing."""
    loader = _Loader(
        parsed,
        checksum=checksum,
        imported_by=imported_by,
        reported_on=reported_on or timezone.localdate(),
    )
    plan = loader.load()
    return LoadResult(plan=plan, warnings=loader.warnings)
