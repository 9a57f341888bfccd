"""Small plan files in every format from rows of cells, for tests of the upload flow."""

from __future__ import annotations

import csv
import io

from docx import Document
from openpyxl import Workbook

EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "docx": "docx", "text": "txt", "markdown": "md"}


def plan_file(fmt: str, rows: list[list[str]], *, title: str = "", sheets=None) -> bytes:
    """A file holding `rows` as one table under an optional title line.

    `sheets` (xlsx only): extra (name, rows) tables on their own sheets, before the main one.
    """
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out)
        if title:
            writer.writerow([title])
        writer.writerows(rows)
        return out.getvalue().encode()
    if fmt == "text":
        lines = ([title, ""] if title else []) + ["\t".join(row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    if fmt == "markdown":
        lines = [f"# {title}", ""] if title else []
        lines.append("| " + " | ".join(rows[0]) + " |")
        lines.append("|" + "---|" * len(rows[0]))
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return ("\n".join(lines) + "\n").encode()
    if fmt == "docx":
        document = Document()
        if title:
            document.add_heading(title, level=1)
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    if fmt == "xlsx":
        workbook = Workbook()
        workbook.remove(workbook.active)
        for name, extra_rows in sheets or []:
            sheet = workbook.create_sheet(name)
            for row in extra_rows:
                sheet.append(row)
        sheet = workbook.create_sheet("Plan")
        if title:
            sheet.append([title])
            sheet.append([])
        for row in rows:
            sheet.append(row)
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    raise ValueError(fmt)
