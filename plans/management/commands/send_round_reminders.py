"""E-mail each lead with missing updates in an open round one digest (run daily from cron)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from plans.rounds.reminders import default_base_url, reminders_send


class Command(BaseCommand):
    help = "Send reminder digests for missing updates in open reporting rounds (never twice)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days-before", type=int, default=3, help="first reminder this many days ahead"
        )
        parser.add_argument("--base-url", default="", help="e.g. https://plans.example.nhs.uk")

    def handle(self, *args, **options):
        report = reminders_send(
            today=timezone.localdate(),
            days_before=options["days_before"],
            base_url=options["base_url"] or default_base_url(),
        )
        for round_name, lead, to in report.sent:
            self.stdout.write(f"{round_name}: reminded {lead} ({', '.join(to)})")
        for round_name, lead in report.unreachable:
            self.stdout.write(f"{round_name}: {lead} has no account or e-mail: listed for admins")
        self.stdout.write(f"Sent {len(report.sent)}; {report.skipped} already sent before.")
