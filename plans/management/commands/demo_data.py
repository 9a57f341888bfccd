"""Demo data for the README's run command.

Imports the seed plans in fixtures/seeds/, adds three reporting rounds of sample ratings
(seeded random, marked is_sample so pages label them "sample data"), and creates one demo user
per role with a fresh password printed once. Safe to run again: nothing is duplicated.
"""

import datetime
import random
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from importers.services import plan_import
from plans.models import Action, Lead, Membership, Organisation, RagUpdate, Rating
from plans.roles import Role

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


class Command(BaseCommand):
    help = "Import the seed plans, add sample ratings and create demo users (passwords printed)."

    def handle(self, *args, **options):
        for path in sorted(SEEDS.glob("*.txt")):
            outcome = plan_import(data=path.read_bytes(), filename=path.name)
            self.stdout.write(f"{path.name}: {outcome.message}")
        with transaction.atomic():
            self._sample_ratings()
            lines = self._demo_users()
        self.stdout.write("Demo users (role, username, password):")
        self.stdout.write("\n".join(lines))

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
        self.stdout.write(f"Added {len(updates)} sample ratings over {len(rounds)} rounds.")

    def _demo_users(self) -> list[str]:
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
        self._link_commissioner(User.objects.get(username="commissioner"))
        return lines

    def _link_commissioner(self, user) -> None:
        """The demo commissioner is Telford's JCT and works for Halton Borough Council."""
        Lead.objects.filter(key="jct", user__isnull=True).update(user=user)
        council = Organisation.objects.filter(name="Halton Borough Council").first()
        if council is not None:
            Membership.objects.get_or_create(user=user, organisation=council)
