"""manage.py import_plan PATH: import a plan from text, Word (.docx) or Excel (.xlsx)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.reading.document import UnreadableDocument
from importers.services import plan_import, plan_preview


class Command(BaseCommand):
    help = "Import an action plan from a .txt, .docx or .xlsx file."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=["text", "docx", "xlsx"], dest="fmt")
        parser.add_argument("--dry-run", action="store_true", help="read the file, write nothing")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="print the reading as JSON in the gold schema's shape; writes nothing",
        )

    def handle(self, *args, path: Path, fmt, dry_run: bool, as_json: bool, **options):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror}).") from None
        try:
            if dry_run or as_json:
                self._preview(data, path.name, fmt, as_json)
            else:
                outcome = plan_import(data=data, filename=path.name, fmt=fmt)
                self._warn(outcome.warnings)
                self.stdout.write(outcome.message)
        except UnreadableDocument as exc:
            raise CommandError(f"{path.name}: {exc}") from None

    def _preview(self, data: bytes, filename: str, fmt, as_json: bool) -> None:
        parsed = plan_preview(data=data, filename=filename, fmt=fmt)
        self._warn(str(w) for w in parsed.warnings)
        if as_json:
            self.stdout.write(json.dumps(parsed.as_schema(), indent=2, ensure_ascii=False))
        else:
            self.stdout.write(
                f"Read '{parsed.title}': {len(parsed.sections)} sections, "
                f"{len(parsed.actions)} actions; nothing written (dry run)."
            )

    def _warn(self, warnings) -> None:
        for warning in warnings:
            self.stderr.write(f"warning: {warning}")
