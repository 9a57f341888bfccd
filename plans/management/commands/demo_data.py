"""Demo data for the README's run command, or a large data set for benchmarks.

Without arguments: imports the seed plans in fixtures/seeds/, gives each an owner and a period
where its document states none (plans/demo_plans.py), adds three reporting rounds of sample
ratings (seeded random, marked is_sample so pages label them "sample data"), and creates
one demo user per role with a fresh password printed once. Safe to run again: nothing is
duplicated.

With --actions N (and --plans, --rounds): builds a large synthetic data set instead
(plans/demo_large.py), e.g. `demo_data --plans 100 --actions 20000 --rounds 10`, then the
demo users. Refuses to run on a database that already holds plans.
"""

import datetime
import random
import secrets
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from importers.services import plan_import
from plans import demo_large
from plans.demo_large import quarter_ends_before
from plans.demo_plans import plans_owner_and_period_fill
from plans.models import Action, Lead, Membership, Organisation, Plan, RagUpdate, Rating
from plans.roles import Role
from plans.services import action_current_ratings_refresh

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"
DEMO_USERS = [
    ("admin", Role.ADMIN),
    ("commissioner", Role.COMMISSIONER),
    ("board", Role.BOARD_MEMBER),
]
SAMPLE_COMMENTARY = {
    Rating.RED: [
        "No progress this quarter; the lead has left and the post is vacant.",
        "Funding not yet agreed; escalated to the partnership board.",
    ],
    Rating.AMBER: [
        "Started but behind schedule; revised date agreed with the lead.",
        "Task group meeting; waiting on data from providers.",
    ],
    Rating.GREEN: [
        "On track: milestones for this quarter met.",
        "Work progressing as planned; next review at contract meeting.",
    ],
    Rating.BLUE: ["Complete: evidence filed with the board papers."],
}
# How a rating tends to move from one round to the next (sample data only).
NEXT_RATING = {
    Rating.RED: [Rating.RED, Rating.AMBER, Rating.AMBER],
    Rating.AMBER: [Rating.AMBER, Rating.GREEN, Rating.RED],
    Rating.GREEN: [Rating.GREEN, Rating.GREEN, Rating.BLUE, Rating.AMBER],
    Rating.BLUE: [Rating.BLUE],
}


class Command(BaseCommand):
    help = "Import the seed plans, add sample ratings and create demo users (passwords printed)."

    def add_arguments(self, parser):
        parser.add_argument("--actions", type=int, help="build a large data set of N actions")
        parser.add_argument("--plans", type=int, default=100, help="plans (with --actions)")
        parser.add_argument("--rounds", type=int, default=10, help="reporting rounds rated")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")

    def handle(self, *args, **options):
        if options["actions"]:
            return self._large(options)
        for path in sorted(SEEDS.glob("*.txt")):
            outcome = plan_import(data=path.read_bytes(), filename=path.name)
            self.stdout.write(f"{path.name}: {outcome.message}")
        with transaction.atomic():
            filled = plans_owner_and_period_fill(plans=Plan.objects.all())
            if filled:
                self.stdout.write(f"Gave {filled} plan(s) an owner and period for the demo.")
            self._sample_ratings()
            self._open_round()
            lines = self._demo_users()
        self.stdout.write("Demo users (role, username, password):")
        self.stdout.write("\n".join(lines))

    def _large(self, options) -> None:
        if Plan.objects.exists():
            raise CommandError("The database already holds plans: use an empty one.")
        started = time.perf_counter()
        built = demo_large.build(
            plans=options["plans"],
            actions=options["actions"],
            rounds=options["rounds"],
            today=timezone.localdate(),
            seed=options["seed"],
        )
        with transaction.atomic():
            plans_owner_and_period_fill(plans=Plan.objects.all())
            lines = self._demo_users(link=False)
            commissioner = get_user_model().objects.get(username="commissioner")
            demo_large.link_commissioner(commissioner, built.commissioner_organisation)
        self.stdout.write(
            f"Built {built.plans} plans, {built.actions} actions and {built.ratings} sample "
            f"ratings in {time.perf_counter() - started:.1f} s."
        )
        self.stdout.write("Demo users (role, username, password):")
        self.stdout.write("\n".join(lines))

    def _open_round(self) -> None:
        """An open reporting round for every plan, so a new user sees updates due."""
        from plans.models import ReportingRound
        from plans.rounds.services import round_open

        # Imports may bring published rounds of their own (Croydon's October 2016 update).
        if ReportingRound.objects.filter(state=ReportingRound.State.OPEN).exists():
            return
        today = timezone.localdate()
        round_ = round_open(
            name=f"{today:%B %Y}",
            reported_on=today,
            deadline=today + datetime.timedelta(days=7),
            plans=list(Plan.objects.all()),
            opened_by=None,
        )
        self.stdout.write(f"Opened the reporting round {round_.name} for every plan.")

    def _sample_ratings(self) -> None:
        if RagUpdate.objects.filter(is_sample=True).exists():
            return
        rounds = quarter_ends_before(timezone.localdate(), 3)
        rng = random.Random(2026)
        updates = []
        for action in Action.objects.order_by("pk"):
            rating = rng.choice([Rating.RED, Rating.AMBER, Rating.AMBER, Rating.GREEN])
            for reported_on in rounds:
                updates.append(
                    RagUpdate(
                        action=action,
                        rating=rating,
                        commentary=rng.choice(SAMPLE_COMMENTARY[rating]),
                        reported_on=reported_on,
                        round_label=f"Sample round {reported_on:%b %Y}",
                        source=RagUpdate.Source.WEB,
                        is_sample=True,
                    )
                )
                rating = rng.choice(NEXT_RATING[rating])
        RagUpdate.objects.bulk_create(updates)
        action_current_ratings_refresh(actions=Action.objects.all())  # bulk_create skips it
        self.stdout.write(f"Added {len(updates)} sample ratings over {len(rounds)} rounds.")

    def _demo_users(self, *, link: bool = True) -> list[str]:
        User = get_user_model()
        lines = []
        for username, role in DEMO_USERS:
            group, _ = Group.objects.get_or_create(name=role.value)
            user, _ = User.objects.get_or_create(username=username)
            # A fresh random password each run: nothing secret ever lives in git.
            password = secrets.token_urlsafe(12)
            user.set_password(password)
            user.is_staff = user.is_superuser = role == Role.ADMIN
            user.save()
            user.groups.set([group])
            lines.append(f"  {role.label:<14} {username:<14} {password}")
        if link:
            self._link_commissioner(User.objects.get(username="commissioner"))
        return lines

    def _link_commissioner(self, user) -> None:
        """The demo commissioner is Telford's JCT and works for Halton Borough Council."""
        Lead.objects.filter(key="jct", user__isnull=True).update(user=user)
        council = Organisation.objects.filter(name="Halton Borough Council").first()
        if council is not None:
            Membership.objects.get_or_create(user=user, organisation=council)
