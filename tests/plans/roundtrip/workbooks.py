"""Helpers: download a ratings workbook, fill it in as a commissioner would, upload it."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from importers.reading.rating_workbook import COLUMN_OF, SHEET


def download(client, plan=None):
    url = (
        reverse("plans:plan-rating-workbook", args=[plan.pk])
        if plan is not None
        else reverse("plans:rating-workbook")
    )
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return load_workbook(io.BytesIO(response.content))


def row_of(workbook, action) -> int:
    sheet = workbook[SHEET]
    for number in range(2, sheet.max_row + 1):
        if sheet.cell(row=number, column=1).value == str(action.pk):
            return number
    raise AssertionError(f"action {action.pk} is not in the workbook")


def fill(workbook, action, rating="", commentary="", why="", **other):
    """Type into the row of `action` (other columns by key, e.g. text=...)."""
    sheet = workbook[SHEET]
    number = row_of(workbook, action)
    values = {"rating": rating, "commentary": commentary, "why": why} | other
    for key, value in values.items():
        sheet.cell(row=number, column=COLUMN_OF[key] + 1).value = value or None
    return number


def as_upload(workbook, name="ratings.xlsx") -> SimpleUploadedFile:
    out = io.BytesIO()
    workbook.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(client, workbook_or_file):
    file = (
        workbook_or_file
        if isinstance(workbook_or_file, SimpleUploadedFile)
        else as_upload(workbook_or_file)
    )
    return client.post(reverse("plans:rating-return-upload"), {"file": file})
