"""Check (and with --fix repair) every action's stored current rating against its history.

The stored fields (Action.current_rating, current_reported_on, current_update) must equal the
rule of DESIGN.md "Ratings": the update with the latest reporting date, ties to the later
created; each plan's rating changes over time (plans.ratings.PlanRatingChange, the
dashboards' trend) must equal what the history says; and each plan's stored counts
(plans.rollups.PlanRatingCount, the dashboards' count tables) what its actions say, and
their sums across plans (plans.across_plans) what they add up to. Exits 1 when anything
differs (and --fix was not given), so it can run in cron or CI.

usage: python manage.py check_current_ratings [--fix] [--show N]
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from plans.across_plans import across_plans_expected, across_plans_rebuild, across_plans_stored
from plans.ratings import (
    plan_rating_changes_expected,
    plan_rating_changes_rebuild,
    plan_rating_changes_stored,
)
from plans.rollups import (
    plan_rating_counts_expected,
    plan_rating_counts_rebuild,
    plan_rating_counts_stored,
)
from plans.selectors import current_rating_mismatches
from plans.services import action_current_ratings_refresh


class Command(BaseCommand):
    help = "Check every action's stored current rating against its rating history."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="store the right rating")
        parser.add_argument("--show", type=int, default=20, help="list at most N differences")

    def handle(self, *args, fix: bool, show: int, **options):
        wrong = current_rating_mismatches()
        stored, expected = plan_rating_changes_stored(), plan_rating_changes_expected()
        changes_wrong = stored ^ expected
        counts_wrong = plan_rating_counts_stored() ^ plan_rating_counts_expected()
        sums_wrong = bool(across_plans_stored() ^ across_plans_expected())
        if not wrong and not changes_wrong and not counts_wrong and not sums_wrong:
            self.stdout.write("Every action's current rating agrees with its history.")
            return
        for row in wrong[:show]:
            self.stdout.write(
                f"action {row.action_id}: stored {row.stored}, history says {row.expected}"
            )
        if len(wrong) > show:
            self.stdout.write(f"... and {len(wrong) - show} more")
        plans = sorted({row[0] for row in changes_wrong})
        if plans:
            self.stdout.write(f"rating changes over time differ for plan(s) {plans[:show]}")
        miscounted = sorted({row[0] for row in counts_wrong})
        if miscounted:
            self.stdout.write(f"dashboard counts differ for plan(s) {miscounted[:show]}")
        if sums_wrong:
            self.stdout.write("the counts summed across plans differ from the plans' counts")
        if fix:
            with transaction.atomic():
                action_current_ratings_refresh(action_ids=[row.action_id for row in wrong])
                plan_rating_changes_rebuild(plan_ids=plans)
                plan_rating_counts_rebuild(plan_ids=miscounted)
                across_plans_rebuild()
            fixed = len(set(plans) | set(miscounted))
            self.stdout.write(f"Fixed {len(wrong)} action(s) and {fixed} plan(s).")
            return
        plans = sorted(set(plans) | set(miscounted))
        sums = "; the sums across plans disagree" if sums_wrong else ""
        raise CommandError(
            f"{len(wrong)} action(s) and {len(plans)} plan(s) disagree with their history"
            f"{sums} (use --fix)."
        )
