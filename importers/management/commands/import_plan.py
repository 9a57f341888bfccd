"""manage.py import_plan PATH: import a plan from Word, Excel, CSV, Markdown or text.

The file is read in a child process with the same CPU-time and memory limits as an upload.
`--sheet`, `--header-row` and `--map` make the choices an admin makes on the mapping page;
a saved import template for the file's header applies when none are given.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importers.reading.document import UnreadableDocument
from importers.reading.mapping import ROLES, Mapping
from importers.reading.parse import FORMATS
from importers.services import plan_import


def _role_assignment(text: str) -> tuple[str, str]:
    column, sep, role = text.rpartition("=")
    column, role = column.strip(), role.strip().lower().replace("-", "_")
    if not sep or not column or role not in ROLES:
        raise CommandError(
            f"--map '{text}': write COLUMN=ROLE, e.g. \"Which partners are involved=leads\" "
            f'or "#3=ignore"; roles are {", ".join(ROLES)}.'
        )
    return column, role


class Command(BaseCommand):
    help = "Import an action plan from a .docx, .xlsx, .csv, .md or .txt file."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--format", choices=FORMATS, dest="fmt")
        parser.add_argument("--dry-run", action="store_true", help="read the file, write nothing")
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="print the reading as JSON in the gold schema's shape; writes nothing",
        )
        parser.add_argument("--sheet", help="read the table on this worksheet (workbooks)")
        parser.add_argument(
            "--header-row",
            type=int,
            dest="header_row",
            help="the row of the table holding the column names, counted from 1",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            dest="roles",
            metavar="COLUMN=ROLE",
            help=f"set a column's role (repeatable); roles: {', '.join(ROLES)}",
        )

    def handle(self, *args, path: Path, fmt, dry_run: bool, as_json: bool, **options):
        mapping = self._mapping(options["header_row"], options["roles"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: cannot read the file ({exc.strerror}).") from None
        try:
            outcome = plan_import(
                data=data,
                filename=path.name,
                fmt=fmt,
                dry_run=dry_run or as_json,
                mapping=mapping,
                sheet=options["sheet"],
            )
        except UnreadableDocument as exc:
            raise CommandError(f"{path.name}: {exc}") from None
        self._warn(outcome.warnings)
        if as_json:
            self.stdout.write(json.dumps(outcome.parsed.as_schema(), indent=2, ensure_ascii=False))
        elif outcome.parsed is not None and outcome.plan is None:
            parsed = outcome.parsed
            self.stdout.write(
                f"Read '{parsed.title}': {len(parsed.sections)} sections, "
                f"{len(parsed.actions)} actions; nothing written (dry run)."
            )
        else:
            self.stdout.write(outcome.message)

    def _mapping(self, header_row: int | None, roles: list[str]) -> Mapping:
        if header_row is not None and header_row < 1:
            raise CommandError("--header-row counts from 1.")
        return Mapping(
            header_row=header_row - 1 if header_row else None,
            roles=dict(_role_assignment(text) for text in roles),
        )

    def _warn(self, warnings) -> None:
        for warning in warnings:
            self.stderr.write(f"warning: {warning}")
