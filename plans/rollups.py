"""Each plan's actions counted by current rating under every grouping the dashboards show.

The dashboards count 20,000 actions by plan, lead, lead organisation and national objective.
Joined through the link tables on every view, that was most of the page's time; stored a
row per plan and group, it is summed in a few milliseconds (and kept summed across plans
too: plans.across_plans).

Derived data, kept in the transaction of the write that changes what is counted. A rating
moves the rows by what it changed (the rating service, plans.services.ratings_written).
These rebuild a plan at a time: a bulk rating, an action moved to another plan
(plans.services.action_update), and, by the signal receivers at the end of this module
wherever they are made (services, the admin site, the import), an action created or deleted,
its leads or objectives set, a lead's organisations, a lead or organisation deleted. A bulk
write (an import) defers the rebuilds with `counting_deferred()` and counts each plan once at
its end. `manage.py check_current_ratings` compares the rows with the actions, and --fix
rebuilds.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterable

from django.db import connection, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from plans.locks import plans_locked


class CountedGroup(models.Model):
    """What a row of counts counts: a grouping, and the lead, organisation or objective it
    names (none for PLAN and NO_ORGANISATION). Deleting that one deletes its rows; the
    receivers below rebuild what else it changed."""

    class Grouping(models.TextChoices):
        PLAN = "plan", "Plan"
        LEAD = "lead", "Lead"
        ORGANISATION = "organisation", "Lead organisation"
        NO_ORGANISATION = "no_organisation", "No lead organisation"
        OBJECTIVE = "objective", "Objective"

    grouping = models.CharField(max_length=20, choices=Grouping)
    lead = models.ForeignKey("plans.Lead", null=True, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "plans.Organisation", null=True, on_delete=models.CASCADE, related_name="+"
    )
    objective = models.ForeignKey(
        "plans.Objective", null=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        counts = ", ".join(f"{name} {getattr(self, name)}" for name in TALLIES)
        named = self.lead_id or self.organisation_id or self.objective_id or ""
        return f"{self.grouping} {named}: {counts}"


class PlanRatingCount(CountedGroup):
    """How many of the plan's actions under this grouping have each current rating."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    # A column a rating: a row a group, not a row a group and rating.
    red = models.PositiveIntegerField(default=0)
    amber = models.PositiveIntegerField(default=0)
    green = models.PositiveIntegerField(default=0)
    blue = models.PositiveIntegerField(default=0)
    not_rated = models.PositiveIntegerField(default=0, help_text="Including never rated.")

    class Meta:
        app_label = "plans"
        indexes = [models.Index(fields=["grouping", "plan"], name="planratingcount_grouping")]

    def __str__(self) -> str:
        return f"plan {self.plan_id} {super().__str__()}"


# A row's fields, in the order the SELECT below gives them: what it counts, then the counts.
KEY = ("plan", "grouping", "lead", "organisation", "objective")
TALLIES = ("red", "amber", "green", "blue", "not_rated")  # the Rating values
FIELDS = KEY + TALLIES


def _counts_sql(
    plan_ids: list[int] | None, action_ids: list[int] | None = None
) -> tuple[str, list]:
    """One SELECT of every plan's rows (those of `plan_ids`, or all), in FIELDS order; or,
    given `action_ids`, what those actions add to their plans' rows."""
    from plans.models import Action, Lead

    where, params = "", []
    if plan_ids is not None:
        where = f"WHERE plan_id IN ({', '.join(['%s'] * len(plan_ids))})"
        params = list(plan_ids)
    elif action_ids is not None:
        where = f"WHERE id IN ({', '.join(['%s'] * len(action_ids))})"
        params = list(action_ids)
    action_leads = Action.leads.through._meta.db_table
    action_objectives = Action.objectives.through._meta.db_table
    lead_organisations = Lead.organisations.through._meta.db_table
    led_by_organisation = f"""
        SELECT 1 FROM {action_leads} al JOIN {lead_organisations} lo ON lo.lead_id = al.lead_id
        WHERE al.action_id = a.id"""
    none = "CAST(NULL AS BIGINT)"  # typed: PostgreSQL will not unite an untyped NULL with ids

    def tallies(distinct: bool = False) -> str:
        """Each rating's count of the group's actions (of distinct ones, where a join repeats)."""
        if distinct:
            return ", ".join(
                f"COUNT(DISTINCT CASE WHEN a.rating = '{r}' THEN a.id END)" for r in TALLIES
            )
        return ", ".join(f"SUM(CASE WHEN a.rating = '{r}' THEN 1 ELSE 0 END)" for r in TALLIES)

    sql = f"""
        WITH a AS (
            SELECT id, plan_id, COALESCE(current_rating, 'not_rated') AS rating
            FROM {Action._meta.db_table} {where}
        )
        SELECT plan_id, 'plan', {none}, {none}, {none}, {tallies()}
        FROM a GROUP BY plan_id
        UNION ALL
        SELECT a.plan_id, 'lead', al.lead_id, {none}, {none}, {tallies()}
        FROM a JOIN {action_leads} al ON al.action_id = a.id
        GROUP BY a.plan_id, al.lead_id
        UNION ALL
        SELECT a.plan_id, 'organisation', {none}, lo.organisation_id, {none}, {tallies(True)}
        FROM a JOIN {action_leads} al ON al.action_id = a.id
        JOIN {lead_organisations} lo ON lo.lead_id = al.lead_id
        GROUP BY a.plan_id, lo.organisation_id
        UNION ALL
        SELECT a.plan_id, 'no_organisation', {none}, {none}, {none}, {tallies()}
        FROM a WHERE NOT EXISTS ({led_by_organisation})
        GROUP BY a.plan_id
        UNION ALL
        SELECT a.plan_id, 'objective', {none}, {none}, ao.objective_id, {tallies()}
        FROM a JOIN {action_objectives} ao ON ao.action_id = a.id
        GROUP BY a.plan_id, ao.objective_id"""
    return sql, params


# Plans to count at the end of the innermost counting_deferred() block of this thread.
_pending = threading.local()


@contextlib.contextmanager
def counting_deferred():
    """Rebuild each plan asked for in the block once, at its end (use inside the transaction).

    An import creating 1,000 actions and their links would otherwise count the plan 3,000 times.
    """
    outer = getattr(_pending, "plans", None)
    _pending.plans = set()
    try:
        yield
        asked, _pending.plans = _pending.plans, outer
        plan_rating_counts_rebuild(plan_ids=asked)
    finally:
        _pending.plans = outer


def across_plans_rebuild() -> None:
    from plans.across_plans import across_plans_rebuild as rebuild  # it imports this module

    rebuild()


def across_plans_moved(diff) -> None:
    from plans.across_plans import across_plans_moved as moved

    moved(diff)


def plan_rating_counts_rebuild(*, plan_ids: Iterable[int] | None = None) -> None:
    """Count the plans' actions again (all plans when None).

    Call inside the transaction that made the change (it opens its own when there is none).
    The plans are locked first (in id order), so of two writes to one plan the later to
    commit counts both.
    """
    ids = None if plan_ids is None else sorted(set(plan_ids))
    if ids == []:
        return
    deferred = getattr(_pending, "plans", None)
    if deferred is not None and ids is not None:
        deferred.update(ids)
        return
    select, params = _counts_sql(ids)
    fields = (PlanRatingCount._meta.get_field(name) for name in FIELDS)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    insert = f"INSERT INTO {PlanRatingCount._meta.db_table} ({columns}) {select}"
    # Atomic even when a receiver calls it outside a transaction (autocommit: a script, the
    # shell): the lock, the delete and the insert stand or fall together.
    with transaction.atomic():
        plans_locked(ids)
        stale = PlanRatingCount.objects.all()
        (stale if ids is None else stale.filter(plan__in=ids))._raw_delete(connection.alias)
        with connection.cursor() as cursor:
            cursor.execute(insert, params)
        across_plans_rebuild()


# What some actions add to their plans' rows: {(plan, grouping, lead, organisation,
# objective): (red, amber, green, blue, not_rated)}
CountsOf = dict[tuple, tuple[int, ...]]


def plan_rating_counts_of(action_ids: list[int]) -> CountsOf:
    """What these actions add to their plans' rows (1 query): each row counts distinct
    actions, so the actions' share is theirs alone, taken before and after a rating."""
    if not action_ids:
        return {}
    select, params = _counts_sql(None, action_ids=action_ids)
    with connection.cursor() as cursor:
        cursor.execute(select, params)
        rows = [_normalised(row) for row in cursor.fetchall()]
    return {row[: len(KEY)]: row[len(KEY) :] for row in rows}


def plan_rating_counts_moved(before: CountsOf, after: CountsOf) -> None:
    """Move the stored rows by what some actions add now (after) rather than then (before),
    e.g. one action from amber to green: a few rows, not the plan counted again.

    Inside counting_deferred() the plans are counted at its end instead. Rows that do not
    agree (a count that would go below 0: stored rows already wrong) count their plan again.
    """
    nothing = (0,) * len(TALLIES)
    diff = {}
    for key in before.keys() | after.keys():
        was, now = before.get(key, nothing), after.get(key, nothing)
        if was != now:
            diff[key] = tuple(n - w for n, w in zip(now, was, strict=True))
    plan_ids = sorted({key[0] for key in diff})
    if not plan_ids:
        return
    if getattr(_pending, "plans", None) is not None:
        _pending.plans.update(plan_ids)
        return
    plans_locked(plan_ids)
    groupings = {key[1] for key in diff}
    stored = PlanRatingCount.objects.filter(plan__in=plan_ids, grouping__in=groupings)
    rows = {}
    for pk, *fields in stored.values_list("pk", *FIELDS):
        rows[tuple(fields[: len(KEY)])] = (pk, fields[len(KEY) :])
    moved, added, emptied = [], [], []
    for key, change in diff.items():
        pk, counts = rows.get(key, (None, nothing))
        new = tuple(c + d for c, d in zip(counts, change, strict=True))
        if min(new) < 0:
            plan_rating_counts_rebuild(plan_ids=plan_ids)
            return
        if pk is None:
            added.append(_count_row((*key, *new)))
        elif not any(new):
            emptied.append(pk)
        else:
            moved.append(PlanRatingCount(pk=pk, **dict(zip(TALLIES, new, strict=True))))
    PlanRatingCount.objects.bulk_update(moved, TALLIES)
    PlanRatingCount.objects.bulk_create(added)
    PlanRatingCount.objects.filter(pk__in=emptied).delete()
    across_plans_moved(diff)


def _count_row(values) -> PlanRatingCount:
    """A row from its values in FIELDS order (ids for the foreign keys)."""
    fields = (PlanRatingCount._meta.get_field(name).attname for name in FIELDS)
    return PlanRatingCount(**dict(zip(fields, values, strict=True)))


def plan_rating_counts_expected() -> set[tuple]:
    """Every plan's rows as the actions say, for the consistency check (1 query)."""
    select, params = _counts_sql(None)
    with connection.cursor() as cursor:
        cursor.execute(select, params)
        return {_normalised(row) for row in cursor.fetchall()}


def plan_rating_counts_stored() -> set[tuple]:
    return {_normalised(row) for row in PlanRatingCount.objects.values_list(*FIELDS)}


def _normalised(row) -> tuple:
    """Counts as ints (SQLite's SUM and PostgreSQL's COUNT come back as different types)."""
    return (*row[: len(KEY)], *(int(count) for count in row[len(KEY) :]))


# --- Receivers: what changes the counts, wherever it is made ---------------------------------


def _plans_led_by(lead_ids) -> list[int]:
    from plans.models import Action

    led = Action.objects.filter(leads__in=lead_ids)
    return list(led.values_list("plan_id", flat=True).distinct())


def _action_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        plan_rating_counts_rebuild(plan_ids=[instance.plan_id])


def _action_links_changed(sender, instance, action, reverse, pk_set, model, **kwargs):
    """An action's leads or objectives were set (or a lead's or objective's actions)."""
    from plans.models import Action

    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        plan_rating_counts_rebuild(plan_ids=[instance.plan_id])
    elif pk_set is None:  # a lead's or objective's actions cleared: which, is gone
        plan_rating_counts_rebuild()
    else:
        plans = Action.objects.filter(pk__in=pk_set).values_list("plan_id", flat=True)
        plan_rating_counts_rebuild(plan_ids=list(plans))


def _lead_organisations_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A lead joined or left an organisation (or an organisation gained or lost leads)."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        plan_rating_counts_rebuild(plan_ids=_plans_led_by([instance.pk]))
    elif pk_set is None:  # an organisation's leads cleared: which, is gone
        plan_rating_counts_rebuild()
    else:
        plan_rating_counts_rebuild(plan_ids=_plans_led_by(pk_set))


def _remember_plans(sender, instance, **kwargs):
    """Before a lead or organisation goes: the plans whose counts it is in."""
    from plans.models import Lead

    leads = [instance.pk] if isinstance(instance, Lead) else instance.leads.values_list("pk")
    instance._counted_in_plans = _plans_led_by(leads)


def _rebuild_remembered(sender, instance, **kwargs):
    plan_rating_counts_rebuild(plan_ids=getattr(instance, "_counted_in_plans", []))


# Plans being deleted in this thread: their actions go first, and the plan's rows go with it.
_deleting = threading.local()


def _plan_deleting(sender, instance, **kwargs):
    _deleting.plans = getattr(_deleting, "plans", set()) | {instance.pk}


def _plan_deleted(sender, instance, **kwargs):
    getattr(_deleting, "plans", set()).discard(instance.pk)
    _plan_saved(sender, instance)


def _plan_saved(sender, instance, raw=False, **kwargs):
    """A plan archived, restored or deleted: its counts join or leave the sums across plans."""
    if not raw:
        with transaction.atomic():
            across_plans_rebuild()


def _action_deleted(sender, instance, **kwargs):
    """An action deleted on its own: count its plan again."""
    if instance.plan_id not in getattr(_deleting, "plans", set()):
        plan_rating_counts_rebuild(plan_ids=[instance.plan_id])


def connect_receivers() -> None:
    """Called from PlansConfig.ready()."""
    from plans.models import Action, Lead, Organisation, Plan

    receiver(post_save, sender=Action)(_action_created)
    receiver(post_delete, sender=Action)(_action_deleted)
    for through in (Action.leads.through, Action.objectives.through):
        receiver(m2m_changed, sender=through)(_action_links_changed)
    receiver(m2m_changed, sender=Lead.organisations.through)(_lead_organisations_changed)
    for model in (Lead, Organisation):
        receiver(pre_delete, sender=model)(_remember_plans)
        receiver(post_delete, sender=model)(_rebuild_remembered)
    receiver(pre_delete, sender=Plan)(_plan_deleting)
    receiver(post_delete, sender=Plan)(_plan_deleted)
    receiver(post_save, sender=Plan)(_plan_saved)
