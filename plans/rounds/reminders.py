"""Reminder digests for missing round updates: one e-mail per lead per reminder, never twice.

`reminders_send()` looks at every open round: `days_before` days or fewer before its deadline
it sends the "before" reminder; after the deadline, the "after" one, copying the people of the
plan's owning organisation (its admins and commissioners). Each (round, lead, kind) is
recorded in RoundReminder in the same transaction as the sending, so a second run sends
nothing. Leads with no account, or an account with no e-mail address, are listed for the
admins in one e-mail instead.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.template.loader import render_to_string

from plans.models import Action, Lead, Membership, RagUpdate, ReportingRound, RoundReminder
from plans.roles import Role


@dataclass
class ReminderReport:
    sent: list[tuple[str, str, list[str]]] = field(default_factory=list)  # round, lead, to
    skipped: int = 0
    unreachable: list[tuple[str, str]] = field(default_factory=list)  # round, lead


def _kind(round_: ReportingRound, today: datetime.date, days_before: int) -> str | None:
    if today > round_.deadline:
        return RoundReminder.Kind.AFTER
    if (round_.deadline - today).days <= days_before:
        return RoundReminder.Kind.BEFORE
    return None


def _missing_by_lead(round_: ReportingRound) -> dict[Lead, list[Action]]:
    updated = RagUpdate.objects.filter(round=round_, action=OuterRef("pk"))
    actions = (
        Action.objects.filter(plan__reporting_rounds=round_)
        .exclude(Exists(updated))
        .select_related("plan", "plan__owner")
        .prefetch_related(Prefetch("leads", queryset=Lead.objects.select_related("user")))
        .order_by("plan__title", "order", "pk")
    )
    by_lead: dict[Lead, list[Action]] = {}
    for action in actions:
        for lead in action.leads.all():
            by_lead.setdefault(lead, []).append(action)
    return by_lead


def _owner_people(actions: list[Action]) -> list[str]:
    """E-mail addresses of the admins and commissioners of the plans' owning organisations."""
    owners = {a.plan.owner_id for a in actions if a.plan.owner_id}
    if not owners:
        return []
    users = (
        get_user_model()
        .objects.filter(
            Exists(Membership.objects.filter(user=OuterRef("pk"), organisation__in=owners)),
            groups__name__in=[Role.ADMIN.value, Role.COMMISSIONER.value],
            is_active=True,
        )
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _admin_addresses() -> list[str]:
    users = get_user_model().objects.filter(groups__name=Role.ADMIN.value, is_active=True)
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))


def _message(
    *, subject: str, template: str, context: dict, to: list[str], cc: list[str]
) -> EmailMessage:
    return EmailMessage(subject=subject, body=render_to_string(template, context), to=to, cc=cc)


def reminders_send(
    *, today: datetime.date, days_before: int = 3, base_url: str = ""
) -> ReminderReport:
    """Send the reminders due today for every open round (see the module docstring)."""
    report = ReminderReport()
    for round_ in ReportingRound.objects.open().order_by("deadline", "pk"):
        kind = _kind(round_, today, days_before)
        if kind is None:
            continue
        unreachable: list[tuple[Lead, list[Action]]] = []
        for lead, actions in _missing_by_lead(round_).items():
            user = lead.user
            if user is None or not user.email or not user.is_active:
                unreachable.append((lead, actions))
                continue
            cc = _owner_people(actions) if kind == RoundReminder.Kind.AFTER else []
            cc = [address for address in cc if address != user.email]
            context = {
                "round": round_,
                "lead": lead,
                "actions": actions,
                "kind": kind,
                "base_url": base_url,
                "after": kind == RoundReminder.Kind.AFTER,
            }
            count = len(actions)
            noun = "update" if count == 1 else "updates"
            subject = (
                f"Overdue: {count} {noun} for {round_.name} (deadline {round_.deadline:%-d %B %Y})"
                if kind == RoundReminder.Kind.AFTER
                else f"{count} {noun} due for {round_.name} by {round_.deadline:%-d %B %Y}"
            )
            message = _message(
                subject=subject,
                template="plans/rounds/email/reminder.txt",
                context=context,
                to=[user.email],
                cc=cc,
            )
            if _record_and_send(round_, lead, kind, message, len(actions)):
                report.sent.append((round_.name, lead.name, [user.email, *cc]))
            else:
                report.skipped += 1
        _list_unreachable(round_, kind, unreachable, base_url, report)
    return report


def _record_and_send(round_, lead, kind, message: EmailMessage, count: int) -> bool:
    """Record the reminder and send it in one transaction: False when it was sent before."""
    recipients = [*message.to, *message.cc]
    try:
        with transaction.atomic():
            RoundReminder.objects.create(
                round=round_, lead=lead, kind=kind, recipients=recipients, actions_listed=count
            )
            message.send()
    except IntegrityError:
        return False
    return True


def _list_unreachable(round_, kind, unreachable, base_url, report: ReminderReport) -> None:
    """Leads nobody can e-mail: one list for the admins, each lead listed once per reminder."""
    fresh = []
    for lead, actions in unreachable:
        report.unreachable.append((round_.name, lead.name))
        try:
            with transaction.atomic():
                RoundReminder.objects.create(
                    round=round_, lead=lead, kind=kind, recipients=[], actions_listed=len(actions)
                )
        except IntegrityError:
            continue
        fresh.append((lead, actions))
    admins = _admin_addresses()
    if fresh and admins:
        _message(
            subject=f"{round_.name}: {len(fresh)} leads with missing updates cannot be e-mailed",
            template="plans/rounds/email/unreachable.txt",
            context={"round": round_, "leads": fresh, "base_url": base_url},
            to=admins,
            cc=[],
        ).send()


def default_base_url() -> str:
    host = (settings.ALLOWED_HOSTS or ["localhost"])[0]
    return f"https://{host}" if not settings.DEBUG else f"http://{host}:8000"
