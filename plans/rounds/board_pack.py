"""A board pack's content, for a round or a filtered set of actions; the files are written by
plans/rounds/pack_docx.py and pack_xlsx.py.

A published round's pack is its snapshot; an open or closed round's pack shows its ratings
so far; a filtered set shows current ratings against the last published round. No file names
or internal ids appear in a pack.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

from plans.exports import CONTENT_TYPES, SUMMARY_ORDER, download_name
from plans.models import Action, Lead, Plan, Rating, ReportingRound
from plans.rounds import rules, selectors

FORMATS = {"docx", "xlsx"}


@dataclass
class PackRow:
    """One action as the pack reports it."""

    action: Action
    rating: str
    forecast_rating: str = ""
    commentary: str = ""
    why_and_next: str = ""
    outside_control: bool = False
    due_date: datetime.date | None = None
    due_date_was: datetime.date | None = None
    due_date_reason: str = ""
    previous_rating: str | None = None
    direction: str | None = None
    updated: bool = True

    @property
    def leads(self) -> str:
        return "; ".join(lead.name for lead in self.action.leads.all())

    @property
    def section(self) -> str:
        return str(self.action.section) if self.action.section_id else "Actions without a section"


@dataclass
class Pack:
    title: str
    subtitle: str
    on: datetime.date
    plans: list[Plan]
    rows: list[PackRow]
    previous_name: str = ""
    completeness: tuple[int, int] | None = None
    sections: list[tuple[str, list[PackRow]]] = field(default_factory=list)

    def __post_init__(self):
        groups: dict[str, list[PackRow]] = {}
        for row in self.rows:
            groups.setdefault(row.section, []).append(row)
        self.sections = list(groups.items())

    def counts(self, *, previous: bool = False) -> dict[Rating, int]:
        counts = dict.fromkeys(SUMMARY_ORDER, 0)
        for row in self.rows:
            rating = row.previous_rating if previous else row.rating
            if previous and not rating:
                continue
            counts[Rating(rating or Rating.NOT_RATED)] += 1
        return counts

    def section_counts(self) -> list[tuple[str, dict[Rating, int]]]:
        result = []
        for title, rows in self.sections:
            counts = dict.fromkeys(SUMMARY_ORDER, 0)
            for row in rows:
                counts[Rating(row.rating or Rating.NOT_RATED)] += 1
            result.append((title, counts))
        return result

    @property
    def exceptions(self) -> list[PackRow]:
        return [row for row in self.rows if row.rating in rules.WHY_REQUIRED_FOR]

    def changes(self) -> list[tuple[str, list[PackRow]]]:
        """What changed since the last round: newly red, improved, completed, due dates moved."""
        had_before = [row for row in self.rows if row.previous_rating]
        return [
            (
                "Newly red",
                [r for r in had_before if r.rating == Rating.RED != r.previous_rating],
            ),
            ("Improved", [r for r in had_before if r.direction == "better"]),
            (
                "Completed",
                [r for r in had_before if r.rating == Rating.BLUE != r.previous_rating],
            ),
            ("Due dates moved", [r for r in self.rows if r.due_date_was]),
        ]

    def legend(self, plan: Plan) -> list[tuple[Rating, str]]:
        return [(rating, plan.legend_for(rating)) for rating in SUMMARY_ORDER]


def _rows_actions(queryset: QuerySet[Action]) -> dict[int, Action]:
    """Actions with what a pack row shows (plan, section, leads), by pk: two queries."""
    actions = queryset.select_related("plan", "section").prefetch_related(
        Prefetch("leads", queryset=Lead.objects.order_by("name"))
    )
    return {action.pk: action for action in actions}


def _title(plans: list[Plan]) -> str:
    return "; ".join(plan.title for plan in plans) or "Action plans"


def _previous_round_name(round_: ReportingRound, plans: list[Plan]) -> str:
    previous = (
        ReportingRound.objects.published()
        .filter(plans__in=plans, reported_on__lt=round_.reported_on)
        .newest_first()
        .values_list("name", flat=True)
        .first()
    )
    return previous or ""


def _order(rows: list[PackRow]) -> list[PackRow]:
    def key(row):
        section = row.action.section
        return (row.action.plan.title, section.order if section else 1 << 30, row.action.order)

    return sorted(rows, key=key)


def for_round(round_: ReportingRound) -> Pack:
    """The round's pack: its snapshot once published, else its ratings so far."""
    plans = list(round_.plans.all())
    if round_.is_published:
        rows = [
            PackRow(
                action=entry.action,
                rating=entry.rating,
                forecast_rating=entry.forecast_rating,
                commentary=entry.commentary,
                why_and_next=entry.why_and_next,
                outside_control=entry.outside_control,
                due_date=entry.due_date,
                due_date_was=entry.due_date_was,
                due_date_reason=entry.due_date_reason,
                previous_rating=entry.previous_rating or None,
                direction=entry.direction,
                updated=entry.updated_in_round,
            )
            for entry in selectors.round_entries(round_)
        ]
        subtitle = f"Reporting round {round_.name}: as reported to the board"
    else:
        ratings = selectors.round_ratings(round_)
        actions = _rows_actions(selectors.round_actions(round_))
        rows = [_live_row(actions[r.action_id], r) for r in ratings]
        state = "open, updates so far" if round_.is_open else "closed, not yet published"
        subtitle = f"Reporting round {round_.name} ({state})"
    done = sum(row.updated for row in rows)
    return Pack(
        title=_title(plans),
        subtitle=subtitle,
        on=round_.reported_on,
        plans=plans,
        rows=_order(rows),
        previous_name=_previous_round_name(round_, plans),
        completeness=(done, len(rows)),
    )


def _live_row(action: Action, rating: selectors.RoundRating) -> PackRow:
    update = rating.update
    moved = update is not None and rating.updated_in_round and update.due_date_was
    return PackRow(
        action=action,
        rating=rating.rating,
        forecast_rating=update.forecast_rating if update else "",
        commentary=update.commentary if update else "",
        why_and_next=update.why_and_next if update else "",
        outside_control=update.outside_control if update else False,
        due_date=action.due_date,
        due_date_was=update.due_date_was if moved else None,
        due_date_reason=update.due_date_reason if moved else "",
        previous_rating=rating.previous_rating,
        direction=rules.direction(rating.rating, rating.previous_rating)
        if rating.previous_rating
        else None,
        updated=rating.updated_in_round,
    )


def for_actions(plan: Plan, actions: QuerySet[Action]) -> Pack:
    """A filtered set of a plan's actions in document order: current ratings (the stored
    current update, read in the same query) against the last published round.

    The queryset is expected to load what a row shows (plan, section, leads), as
    plans.selectors.action_table_rows() does.
    """
    listed = selectors.with_previous_round_rating(actions).select_related("current_update")
    rows = []
    previous_names = set()
    for action in listed:
        update = action.current_update
        previous_names.add(action.previous_round_name or "")
        rows.append(
            PackRow(
                action=action,
                rating=action.current_rating or Rating.NOT_RATED,
                forecast_rating=update.forecast_rating if update else "",
                commentary=update.commentary if update else "",
                why_and_next=update.why_and_next if update else "",
                outside_control=update.outside_control if update else False,
                due_date=action.due_date,
                previous_rating=action.previous_round_rating,
                direction=selectors.direction_of(action),
            )
        )
    previous_names.discard("")
    return Pack(
        title=plan.title,
        subtitle="Current ratings",
        on=timezone.localdate(),
        plans=[plan],
        rows=_order(rows),
        previous_name=", ".join(sorted(previous_names)),
    )


def download(pack: Pack, *, fmt: str, kind: str = "board-pack") -> HttpResponse:
    from plans.rounds import pack_docx, pack_xlsx

    content = pack_docx.write(pack) if fmt == "docx" else pack_xlsx.write(pack)
    name = download_name(pack.title, on=pack.on, ext=fmt, kind=kind)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
