"""A large, realistic demo data set: many plans, thousands of actions, rounds of ratings.

`manage.py demo_data --plans 100 --actions 20000 --rounds 10` builds it for benchmarks and
load tests (bench/scale.py, bench/load.py). Seeded random, so the same arguments build the
same data. Plans, sections, leads and actions are bulk-inserted (with their history rows);
ratings go through the bulk rating service, one call per round, so each action's stored
current rating is written by the same code as in the web app.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from plans import services
from plans.models import Action, Lead, Membership, Organisation, Plan, Rating, Section
from plans.national import national_objectives
from plans.rollups import plan_rating_counts_rebuild

BATCH = 2000
ORG_KINDS = [
    ("NHS Foundation Trust", Organisation.Kind.NHS_BODY),
    ("Borough Council", Organisation.Kind.COUNCIL),
    ("Integrated Care Board", Organisation.Kind.NHS_BODY),
    ("Mind", Organisation.Kind.VOLUNTARY),
    ("Healthwatch", Organisation.Kind.OTHER),
]
PLACES = [
    "Telford", "Wrekin", "Halton", "St Helens", "Southwark", "Lambeth", "Shropshire", "Dudley",
    "Sandwell", "Walsall",
]  # fmt: skip
VERBS = ["Develop", "Review", "Commission", "Deliver", "Agree", "Establish", "Audit", "Extend"]
THINGS = [
    "a crisis care pathway for young people",
    "the dual diagnosis protocol with substance misuse services",
    "peer support in every primary care network",
    "training in suicide prevention for frontline staff",
    "an employment support offer for people with severe mental illness",
    "a perinatal mental health service",
    "the recovery college programme",
    "a joint housing and mental health strategy",
]
SECTION_TITLES = [
    "Prevention and early intervention",
    "Access to services",
    "Crisis care",
    "Recovery and inclusion",
    "Physical health",
    "Workforce",
    "Children and young people",
    "Commissioning",
]
COMMENTARY = {
    Rating.RED: "Behind plan: the post is vacant and the work has not started.",
    Rating.AMBER: "Started but behind schedule; revised date agreed with the lead.",
    Rating.GREEN: "On track: this round's milestones met.",
    Rating.BLUE: "Complete: evidence filed with the board papers.",
}
NEXT_RATING = {
    Rating.RED: [Rating.RED, Rating.AMBER, Rating.AMBER, Rating.GREEN],
    Rating.AMBER: [Rating.AMBER, Rating.AMBER, Rating.GREEN, Rating.RED],
    Rating.GREEN: [Rating.GREEN, Rating.GREEN, Rating.GREEN, Rating.BLUE, Rating.AMBER],
    Rating.BLUE: [Rating.BLUE],
}
PLAN_START = datetime.date(2022, 4, 1)


@dataclass(frozen=True)
class Built:
    plans: int
    actions: int
    ratings: int
    commissioner_organisation: Organisation | None


def quarter_ends_before(today: datetime.date, count: int) -> list[datetime.date]:
    """The last `count` quarter-end dates (31 Mar, 30 Jun, 30 Sep, 31 Dec) before today."""
    ends = []
    year = today.year
    while len(ends) < count:
        for month, day in ((12, 31), (9, 30), (6, 30), (3, 31)):
            end = datetime.date(year, month, day)
            if end < today and len(ends) < count:
                ends.append(end)
        year -= 1
    return sorted(ends)


def plan_sizes(rng: random.Random, *, plans: int, actions: int) -> list[int]:
    """How many actions each plan has: one large plan (5%), the rest uneven, adding up."""
    if plans == 1:
        return [actions]
    largest = max(1, actions // 20)
    weights = [rng.lognormvariate(0, 0.8) for _ in range(plans - 1)]
    rest = actions - largest
    sizes = [max(1, int(rest * w / sum(weights))) for w in weights]
    sizes[0] += rest - sum(sizes)  # rounding: the remainder goes to one plan
    return [largest, *sizes]


def build(*, plans: int, actions: int, rounds: int, today: datetime.date, seed: int = 2026):
    """Build the data set; returns what was made. Expects no plans from an earlier build."""
    rng = random.Random(seed)
    with transaction.atomic():
        organisations = _organisations(rng)
        leads = _leads(rng, organisations, count=max(10, actions // 30))
        plan_rows = _plans(rng, plans)
        action_rows = _actions(rng, plan_rows, plan_sizes(rng, plans=plans, actions=actions))
        _link(rng, action_rows, leads)
        plan_rating_counts_rebuild()  # bulk_create sends no signals; the ratings recount
    ratings = _rate(rng, action_rows, quarter_ends_before(today, rounds))
    return Built(
        plans=len(plan_rows),
        actions=len(action_rows),
        ratings=ratings,
        commissioner_organisation=organisations[0] if organisations else None,
    )


def _organisations(rng: random.Random) -> list[Organisation]:
    rows = [
        Organisation(name=f"{place} {kind}", short_name=place[:6].upper(), kind=code)
        for place in PLACES
        for kind, code in ORG_KINDS
    ]
    return Organisation.objects.bulk_create(rows)


def _leads(rng: random.Random, organisations, *, count: int) -> list[Lead]:
    rows = [Lead(name=f"Lead {n:04d}", key=f"lead{n:04d}") for n in range(count)]
    bulk_create_with_history(rows, Lead, batch_size=BATCH)
    leads = list(Lead.objects.filter(key__in=[r.key for r in rows]).order_by("key"))
    through = Lead.organisations.through
    links = []
    for lead in leads:
        roll = rng.random()
        if roll < 0.1:
            continue  # "All providers": no organisation
        picks = rng.sample(organisations, 2 if roll > 0.85 else 1)
        links += [through(lead_id=lead.pk, organisation_id=org.pk) for org in picks]
    through.objects.bulk_create(links, batch_size=BATCH)
    return leads


def _plans(rng: random.Random, count: int) -> list[Plan]:
    rows = [
        Plan(
            title=f"{PLACES[n % len(PLACES)]} mental health action plan {n + 1:03d}",
            area=PLACES[n % len(PLACES)],
            period_start=PLAN_START,
            period_end=datetime.date(2028, 3, 31),
            legend_green="On target against milestones" if n % 4 == 0 else "",
            source_name="demo_data (large)",
        )
        for n in range(count)
    ]
    bulk_create_with_history(rows, Plan, batch_size=BATCH)
    return list(Plan.objects.filter(source_name="demo_data (large)").order_by("pk"))


def _actions(rng: random.Random, plans: list[Plan], sizes: list[int]) -> list[Action]:
    sections, layout = [], []
    for plan, size in zip(plans, sizes, strict=True):
        count = min(len(SECTION_TITLES), max(1, size // 25))
        titles = rng.sample(SECTION_TITLES, count)
        mine = [Section(plan=plan, ref=str(i + 1), title=t, order=i) for i, t in enumerate(titles)]
        sections += mine
        layout.append((plan, size, mine))
    bulk_create_with_history(sections, Section, batch_size=BATCH)
    rows = []
    for plan, size, mine in layout:
        for order in range(size):
            section = mine[order * len(mine) // size]
            due = datetime.date(2023 + rng.randrange(5), rng.choice((3, 6, 9, 12)), 1)
            due = (due.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
            rows.append(
                Action(
                    plan=plan,
                    section=section,
                    ref=f"{section.ref}.{order + 1}",
                    text=f"{rng.choice(VERBS)} {rng.choice(THINGS)} ({plan.area})",
                    timescale_text=f"{due - datetime.timedelta(days=1):%B %Y}",
                    start_date=PLAN_START,
                    due_date=due - datetime.timedelta(days=1),
                    outcomes="Fewer people in crisis\nShorter waits",
                    order=order,
                )
            )
    bulk_create_with_history(rows, Action, batch_size=BATCH)
    loaded = Action.objects.filter(plan__in=plans).select_related("plan")
    return list(loaded.order_by("pk").only("pk", "ref", "text", "plan__period_start"))


def _link(rng: random.Random, actions: list[Action], leads: list[Lead]) -> None:
    objectives = list(national_objectives())
    lead_links, objective_links = [], []
    LeadLink, ObjectiveLink = Action.leads.through, Action.objectives.through
    for action in actions:
        roll = rng.random()
        if roll > 0.05:
            for lead in rng.sample(leads, 2 if roll > 0.8 else 1):
                lead_links.append(LeadLink(action_id=action.pk, lead_id=lead.pk))
        for objective in rng.sample(objectives, rng.choice((0, 1, 1, 2))):
            objective_links.append(ObjectiveLink(action_id=action.pk, objective_id=objective.pk))
    LeadLink.objects.bulk_create(lead_links, batch_size=BATCH)
    ObjectiveLink.objects.bulk_create(objective_links, batch_size=BATCH)


def _rate(rng: random.Random, actions: list[Action], rounds: list[datetime.date]) -> int:
    """Rate nearly every action in every round; a few back-fill the previous round late."""
    current = {
        action.pk: rng.choice([Rating.RED, Rating.AMBER, Rating.GREEN]) for action in actions
    }
    by_pk = {action.pk: action for action in actions}
    total = 0
    for number, reported_on in enumerate(rounds):
        ratings = []
        for pk, rating in current.items():
            if rng.random() < 0.995:
                ratings.append(services.RatingInput(by_pk[pk], rating, COMMENTARY[rating]))
            current[pk] = rng.choice(NEXT_RATING[rating])
        total += _save_round(ratings, reported_on, f"Round {number + 1}")
        if number:
            # Corrections for the previous round, entered after this one: never current.
            late = [
                services.RatingInput(a.action, Rating.AMBER, "Corrected after the board met.")
                for a in rng.sample(ratings, len(ratings) // 100)
            ]
            total += _save_round(late, rounds[number - 1], f"Round {number}", correction=True)
    return total


def _save_round(ratings, reported_on, label: str, *, correction: bool = False) -> int:
    saved = services.rag_updates_create(
        ratings=ratings,
        reported_on=reported_on,
        round_label=label,
        author=None,
        source="import",
        is_correction=correction,
        is_sample=True,
    )
    return len(saved)


def link_commissioner(user, organisation: Organisation | None) -> None:
    """The demo commissioner works for the first organisation (about 2% of the actions)."""
    if organisation is not None:
        Membership.objects.get_or_create(user=user, organisation=organisation)
