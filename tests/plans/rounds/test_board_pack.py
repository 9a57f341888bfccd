"""The round's board pack: content (summary, exceptions, changes, full table, legend) and the
Word file's accessibility, read back from the .docx; LibreOffice renders it to PDF and PNG."""

import datetime
import io
import shutil
import subprocess
import zipfile

import pytest
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from plans.models import Rating
from plans.rounds import board_pack, pack_docx, pack_xlsx
from plans.rounds.services import round_close, round_open, round_publish, round_update_create
from tests.browser.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db


def _update(round_, action, rating, **extra):
    why = "Provider capacity; escalated to the board." if rating in ("red", "amber") else ""
    return round_update_create(
        round=round_,
        action=action,
        rating=rating,
        commentary="Noted.",
        why_and_next=why,
        author=None,
        **extra,
    )


@pytest.fixture
def two_rounds(plan, actions, admin_user, monkeypatch):
    """September (published) then October (published): 1.1 green→red, 1.2 amber→blue."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 11, 20))
    made = []
    for name, day, ratings in [
        ("September 2026", datetime.date(2026, 9, 30), [Rating.GREEN, Rating.AMBER]),
        ("October 2026", datetime.date(2026, 10, 31), [Rating.RED, Rating.BLUE]),
    ]:
        round_ = round_open(
            name=name,
            reported_on=day,
            deadline=day + datetime.timedelta(days=7),
            plans=[plan],
            opened_by=admin_user,
        )
        for action, rating in zip(actions[:2], ratings, strict=True):
            extra = {}
            if name.startswith("October") and action == actions[0]:
                extra = {
                    "new_due_date": datetime.date(2027, 9, 30),
                    "due_date_reason": "Re-tender.",
                }
            _update(round_, action, rating, **extra)
        round_close(round=round_, closed_by=admin_user)
        made.append(round_publish(round=round_, published_by=admin_user))
    return made


def test_the_pack_summarises_exceptions_and_changes(two_rounds, actions):
    pack = board_pack.for_round(two_rounds[1])
    assert pack.previous_name == "September 2026"
    assert pack.completeness == (2, 3)
    assert pack.counts()[Rating.RED] == 1
    assert pack.counts(previous=True)[Rating.GREEN] == 1
    assert [row.action.ref for row in pack.exceptions] == ["1.1"]
    changes = {title: [row.action.ref for row in rows] for title, rows in pack.changes()}
    assert changes == {
        "Newly red": ["1.1"],
        "Improved": ["1.2"],
        "Completed": ["1.2"],
        "Due dates moved": ["1.1"],
    }


def _docx(client, user, round_):
    client.force_login(user)
    response = client.get(reverse("plans:round-board-pack", args=[round_.pk, "docx"]))
    assert response.status_code == 200
    return response.content


def test_the_word_pack_meets_the_accessibility_rules(client, board_member, two_rounds, plan):
    content = _docx(client, board_member, two_rounds[1])
    document = Document(io.BytesIO(content))

    # Title and language set.
    assert document.core_properties.title == "Crisis care plan: board pack"
    assert document.core_properties.language == "en-GB"
    lang = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    assert lang.find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:val")) == "en-GB"

    # Real heading styles, in order.
    headings = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    names = [text for _style, text in headings]
    assert headings[0] == ("Title", "Crisis care plan")
    for wanted in [
        "Summary",
        "Exceptions: red and amber actions",
        "What changed since September 2026",
        "All actions",
        "Legend",
    ]:
        assert ("Heading 1", wanted) in headings, wanted
    assert "Newly red" in names and "Due dates moved" in names

    # Every table's first row is a header row, repeated on each page.
    assert document.tables
    for table in document.tables:
        first = table.rows[0]._tr
        marker = first.trPr.find(qn("w:tblHeader")) if first.trPr is not None else None
        assert marker is not None and marker.get(qn("w:val")) == "true"

    # Alternative text on every picture (the chart).
    pictures = document.inline_shapes
    assert len(pictures) == 1
    for picture in pictures:
        described = picture._inline.docPr.get("descr")
        assert described and "1 red" in described

    # Ratings in words (never colour alone), landscape, no file names or internal ids.
    text = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Green – On target against milestones" in text
    assert "↓ Worse" in text and "↑ Better" in text
    section = document.sections[0]
    assert section.page_width > section.page_height
    body = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert ".txt" not in body and ".docx" not in body
    assert f"/actions/{plan.actions.first().pk}" not in body


def test_the_excel_pack_has_its_sheets(client, board_member, two_rounds):
    client.force_login(board_member)
    response = client.get(reverse("plans:round-board-pack", args=[two_rounds[1].pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Summary", "Exceptions", "Changes", "All actions", "Legend"]
    sheet = workbook["All actions"]
    assert sheet.print_title_rows == "$1:$1"
    assert [c.value for c in sheet[1]][:6] == ["Section", "Ref", "Action", "Lead", "Due", "Rating"]
    assert workbook["Summary"]._charts


def test_a_published_pack_is_unchanged_by_a_later_update(two_rounds, actions, admin_user):
    before = [
        (r.action.ref, r.rating, r.commentary) for r in board_pack.for_round(two_rounds[1]).rows
    ]
    later = round_open(
        name="November 2026",
        reported_on=datetime.date(2026, 11, 30),
        deadline=datetime.date(2026, 12, 7),
        plans=[actions[0].plan],
        opened_by=admin_user,
    )
    _update(later, actions[0], Rating.GREEN)
    after = [
        (r.action.ref, r.rating, r.commentary) for r in board_pack.for_round(two_rounds[1]).rows
    ]
    assert after == before


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice (soffice) or poppler's pdftoppm is not installed (scripts/test installs them)",
)
def test_libreoffice_renders_the_word_and_excel_packs(two_rounds, tmp_path):
    """Converted headless to PDF; the Word pack's first pages to PNG, kept in test-artifacts/."""
    pack = board_pack.for_round(two_rounds[1])
    (tmp_path / "word").mkdir()
    (tmp_path / "excel").mkdir()
    (tmp_path / "word" / "pack.docx").write_bytes(pack_docx.write(pack))
    (tmp_path / "excel" / "pack.xlsx").write_bytes(pack_xlsx.write(pack))
    profile = f"-env:UserInstallation=file://{tmp_path}/profile"
    for folder, name in [("word", "pack.docx"), ("excel", "pack.xlsx")]:
        subprocess.run(
            [
                "soffice",
                profile,
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(tmp_path / folder),
                str(tmp_path / folder / name),
            ],
            check=True,
            timeout=180,
            capture_output=True,
        )
    for folder in ("word", "excel"):
        pdf = (tmp_path / folder / "pack.pdf").read_bytes()
        assert pdf.startswith(b"%PDF")
    word_pdf = tmp_path / "word" / "pack.pdf"
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "2",
            str(word_pdf),
            str(tmp_path / "page"),
        ],
        check=True,
        timeout=60,
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2 and all(p.read_bytes().startswith(b"\x89PNG") for p in pages)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(word_pdf, ARTIFACTS / "round-board-pack.pdf")
    shutil.copy(tmp_path / "excel" / "pack.pdf", ARTIFACTS / "round-board-pack-excel.pdf")
    for number, page in enumerate(pages, start=1):
        shutil.copy(page, ARTIFACTS / f"round-board-pack-page-{number}.png")
