import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from plans.exports import (
    actions_to_csv,
    actions_to_xlsx,
    csv_safe,
    download_name,
    rating_text,
)
from plans.models import Action, Rating
from plans.rounds import board_pack, pack_docx, pack_xlsx
from plans.selectors import action_table_rows
from tests.factories import (
    ActionFactory,
    LeadFactory,
    PlanFactory,
    RagUpdateFactory,
    SectionFactory,
)

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BOARD_DAY = datetime.date(2026, 3, 12)
ATTACKS = [
    '=HYPERLINK("http://evil.example","Click")',
    "+44 1952 000000",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


@pytest.fixture
def telford():
    """A plan with its own legend wording, two sections and three rated actions."""
    plan = PlanFactory(
        title="Telford & Wrekin Mental Health Plan",
        legend_green="On target against milestones",
        legend_red="Significantly off target",
    )
    first = SectionFactory(plan=plan, ref="1", title="Prevention", order=1)
    second = SectionFactory(plan=plan, ref="2", title="Recovery", order=2)
    jct = LeadFactory(name="JCT")
    vickers = LeadFactory(name="R Vickers")
    a1 = ActionFactory(
        plan=plan,
        section=first,
        ref="1.1",
        text="Set up a task group",
        timescale_text="June 2011",
        due_date=datetime.date(2011, 6, 30),
        order=1,
    )
    a1.leads.add(jct, vickers)
    RagUpdateFactory(action=a1, rating=Rating.GREEN, reported_on=datetime.date(2026, 1, 31))
    a2 = ActionFactory(plan=plan, section=second, ref="2.1", text="Recovery college", order=2)
    RagUpdateFactory(
        action=a2,
        rating=Rating.RED,
        commentary="No venue yet.",
        reported_on=datetime.date(2026, 1, 31),
    )
    ActionFactory(plan=plan, section=first, ref="1.2", text="Train GPs", order=3)
    return plan


def rows(plan):
    """What a table and its export read: the selector's rows in document order."""
    return action_table_rows(Action.objects.filter(plan=plan)).order_by("order")


def board_pack_docx(plan) -> bytes:
    """The plan page's Word board pack of these rows (plans.rounds.board_pack.for_actions)."""
    return pack_docx.write(board_pack.for_actions(plan, rows(plan)))


def board_pack_xlsx(plan) -> bytes:
    return pack_xlsx.write(board_pack.for_actions(plan, rows(plan)))


def read_csv(text):
    return list(csv.reader(io.StringIO(text)))


# The files ----------------------------------------------------------------------------------


def test_rating_text_gives_the_rating_and_the_plans_own_words(telford):
    assert rating_text(telford, Rating.GREEN) == "Green – On target against milestones"
    assert rating_text(telford, Rating.AMBER) == "Amber"
    assert rating_text(telford, None) == "Not yet rated"


def test_csv_has_the_tables_columns_with_legend_wording(telford):
    header, first, second, third = read_csv(actions_to_csv(rows(telford)))
    assert header == [
        "Plan",
        "Section",
        "Ref",
        "Action",
        "Leads",
        "Timescale",
        "Due",
        "RAG rating",
        "Direction of travel",
        "Compared with round",
        "Last updated",
        "Other columns",
    ]
    assert first == [
        "Telford & Wrekin Mental Health Plan",
        "1 Prevention",
        "1.1",
        "Set up a task group",
        "JCT; R Vickers",
        "June 2011",
        "2011-06-30",
        "Green – On target against milestones",
        "",  # no published round yet: no direction of travel
        "",
        "2026-01-31",
        "",
    ]
    assert second[7] == "Red – Significantly off target"
    assert third[6:] == ["", "Not yet rated", "", "", "", ""]


def test_imported_columns_with_no_field_of_their_own_are_exported():
    action = ActionFactory(ref="7", extra_fields={"Budget": "£20k", "Risk ID": "R12"})
    header, row = read_csv(actions_to_csv(Action.objects.with_current_rag().filter(pk=action.pk)))
    assert row[header.index("Other columns")] == "Budget: £20k\nRisk ID: R12"


@pytest.mark.parametrize("attack", ATTACKS)
def test_csv_puts_a_quote_before_text_a_spreadsheet_would_run_as_a_formula(attack):
    action = ActionFactory(text=attack, ref="9")
    action.leads.add(LeadFactory(name=attack))
    _header, row = read_csv(actions_to_csv(rows(action.plan)))
    assert row[3] == f"'{attack}"
    assert row[4] == f"'{attack}"


def test_csv_leaves_ordinary_text_alone():
    assert csv_safe("Set up a task group") == "Set up a task group"
    assert csv_safe("1.1") == "1.1"
    assert csv_safe(None) == ""


@pytest.mark.parametrize("attack", ATTACKS)
def test_xlsx_stores_formula_like_text_as_a_literal_string_never_a_formula(attack):
    plan = PlanFactory(title=attack)
    action = ActionFactory(plan=plan, text=attack, ref="9", timescale_text=attack)
    action.leads.add(LeadFactory(name=attack))
    workbook = load_workbook(io.BytesIO(actions_to_xlsx(rows(plan), title=attack)))
    sheet = workbook.active
    for column in "ADEF":  # plan, action, leads, timescale
        cell = sheet[f"{column}2"]
        assert cell.value == attack
        assert cell.data_type != "f"
        assert cell.data_type == "s"


def test_xlsx_has_the_same_rows_with_real_dates(telford):
    sheet = load_workbook(io.BytesIO(actions_to_xlsx(rows(telford), title=telford.title))).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][3] == "Action"
    assert values[1][:6] == [
        "Telford & Wrekin Mental Health Plan",
        "1 Prevention",
        "1.1",
        "Set up a task group",
        "JCT; R Vickers",
        "June 2011",
    ]
    assert values[1][6].date() == datetime.date(2011, 6, 30)
    assert values[1][7] == "Green – On target against milestones"
    assert len(values) == 4


def test_xlsx_and_docx_drop_control_characters_word_leaves_in_text():
    action = ActionFactory(text="Bell\x07 and\x0bline break", ref="1")
    xlsx = load_workbook(io.BytesIO(actions_to_xlsx(rows(action.plan), title="x"))).active
    assert xlsx["D2"].value == "Bell and\nline break"
    document = Document(io.BytesIO(board_pack_docx(action.plan)))
    assert "Bell and\nline break" in document.tables[-2].rows[1].cells[1].text


def test_an_empty_table_exports_its_header_only():
    plan = PlanFactory()
    assert read_csv(actions_to_csv(rows(plan)))[1:] == []
    sheet = load_workbook(io.BytesIO(actions_to_xlsx(rows(plan), title=plan.title))).active
    assert sheet.max_row == 1


def shading(cell) -> str | None:
    shd = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return None if shd is None else shd.get(qn("w:fill"))


def test_board_pack_docx_opens_with_title_date_and_rating_summary(telford):
    document = Document(io.BytesIO(board_pack_docx(telford)))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Telford & Wrekin Mental Health Plan"
    assert document.paragraphs[0].style.name == "Title"
    today = timezone.localdate()
    assert f"Board pack, {today.day} {today:%B %Y}" in paragraphs
    summary = [[cell.text for cell in row.cells] for row in document.tables[0].rows]
    # No published round yet: nothing to compare with.
    assert summary == [
        ["Rating", "Actions", "In the last round", "Change"],
        ["Red – Significantly off target", "1", "–", "–"],
        ["Amber", "0", "–", "–"],
        ["Green – On target against milestones", "1", "–", "–"],
        ["Blue", "0", "–", "–"],
        ["Not yet rated", "1", "–", "–"],
        ["Total", "3", "", ""],
    ]
    assert shading(document.tables[0].rows[1].cells[0]) == "D5281B"
    by_section = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert by_section[1:] == [
        ["1 Prevention", "0", "0", "1", "0", "1"],
        ["2 Recovery", "1", "0", "0", "0", "0"],
    ]


def test_board_pack_docx_lists_exceptions_then_a_table_per_section_with_ratings_as_text(
    telford,
):
    document = Document(io.BytesIO(board_pack_docx(telford)))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Summary",
        "Exceptions: red and amber actions",
        "What changed since the last round",
        "All actions",
        "Legend",
    ]
    sections = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert sections[-2:] == ["1 Prevention", "2 Recovery"]
    exceptions, prevention, recovery = document.tables[2], document.tables[3], document.tables[4]
    assert [cell.text for cell in exceptions.rows[1].cells] == [
        "2.1",
        "Recovery college",
        "",
        "",
        "Red – Significantly off target",
        "–",
        "No venue yet.",
    ]
    header = [cell.text for cell in prevention.rows[0].cells]
    assert header == ["Ref", "Action", "Lead", "Due", "Rating", "Direction", "Commentary"]
    task_group = [cell.text for cell in prevention.rows[1].cells]
    assert task_group == [
        "1.1",
        "Set up a task group",
        "JCT; R Vickers",
        "June 2011",
        "Green – On target against milestones",
        "–",
        "On track.",
    ]
    assert shading(prevention.rows[1].cells[4]) == "007F3B"
    assert [cell.text for cell in prevention.rows[2].cells][4] == "Not yet rated"
    college = [cell.text for cell in recovery.rows[1].cells]
    assert college[4:] == ["Red – Significantly off target", "–", "No venue yet."]
    assert shading(recovery.rows[1].cells[4]) == "D5281B"


def test_board_pack_xlsx_has_summary_exceptions_and_all_actions_sheets(telford):
    workbook = load_workbook(io.BytesIO(board_pack_xlsx(telford)))
    assert workbook.sheetnames == ["Summary", "Exceptions", "Changes", "All actions", "Legend"]
    summary = workbook["Summary"]
    assert summary["A1"].value == "Telford & Wrekin Mental Health Plan"
    today = timezone.localdate()
    assert summary["A3"].value == f"Board pack, {today.day} {today:%B %Y}"
    assert [summary[f"A{row}"].value for row in range(6, 11)] == [
        "Red – Significantly off target",
        "Amber",
        "Green – On target against milestones",
        "Blue",
        "Not yet rated",
    ]
    assert [summary[f"B{row}"].value for row in range(6, 11)] == [1, 0, 1, 0, 1]
    assert summary["A6"].fill.fgColor.rgb.endswith("D5281B")

    actions = workbook["All actions"]
    assert actions["F1"].value == "Rating"
    # Document order: by section, then the actions' order.
    assert [actions[f"B{row}"].value for row in range(2, 5)] == ["1.1", "1.2", "2.1"]
    assert actions["F2"].value == "Green – On target against milestones"
    assert actions["F2"].fill.fgColor.rgb.endswith("007F3B")
    assert actions["F3"].value == "Not yet rated"  # text always present, not just a fill
    assert actions["I4"].value == "No venue yet."
    assert [cell.value for cell in workbook["Exceptions"][2]][1:3] == ["2.1", "Recovery college"]


def test_download_name_is_the_slugified_title_and_date():
    title = "Telford & Wrekin: Mental Health Plan"
    assert (
        download_name(title, on=BOARD_DAY, ext="xlsx")
        == "telford-wrekin-mental-health-plan-2026-03-12.xlsx"
    )
    assert download_name("!!!", on=BOARD_DAY, ext="docx", kind="board-pack") == (
        "plan-board-pack-2026-03-12.docx"
    )


# The views ----------------------------------------------------------------------------------


def export_url(plan, fmt="csv"):
    return reverse("plans:plan-export", args=[plan.pk, fmt])


def test_board_member_downloads_a_plans_actions_as_xlsx(client, board_member, telford):
    client.force_login(board_member)
    response = client.get(export_url(telford, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="telford-wrekin-mental-health-plan-{today}.xlsx"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 4


def test_csv_download_is_utf8_with_a_bom_for_excel(client, board_member, telford):
    client.force_login(board_member)
    response = client.get(export_url(telford, "csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert "Green – On target against milestones" in text


def test_plan_export_gives_exactly_the_filtered_rows(client, board_member, telford):
    client.force_login(board_member)
    response = client.get(export_url(telford), {"rating": "red"})
    body = read_csv(response.content.decode("utf-8-sig"))
    assert [row[2] for row in body[1:]] == ["2.1"]
    response = client.get(export_url(telford), {"q": "task"})
    assert [row[2] for row in read_csv(response.content.decode("utf-8-sig"))[1:]] == ["1.1"]


def test_plan_export_keeps_the_tables_sort(client, board_member, telford):
    client.force_login(board_member)
    response = client.get(export_url(telford), {"sort": "rating"})
    refs = [row[2] for row in read_csv(response.content.decode("utf-8-sig"))[1:]]
    assert refs == ["2.1", "1.1", "1.2"]  # red, green, not rated


def test_plan_export_leaves_out_other_plans(client, board_member, telford, other_action):
    client.force_login(board_member)
    response = client.get(export_url(telford))
    assert len(read_csv(response.content.decode("utf-8-sig"))) == 4


def test_action_list_export_filters_across_plans(client, board_member, telford, other_action):
    client.force_login(board_member)
    url = reverse("plans:action-list-export", args=["csv"])
    everything = read_csv(client.get(url).content.decode("utf-8-sig"))
    assert len(everything) == 5
    response = client.get(url, {"plan": other_action.plan_id})
    assert response["Content-Disposition"].startswith('attachment; filename="actions-')
    assert [row[3] for row in read_csv(response.content.decode("utf-8-sig"))[1:]] == [
        other_action.text
    ]


def test_invalid_filter_values_are_ignored_as_the_table_ignores_them(client, board_member, telford):
    client.force_login(board_member)
    nonsense = {
        "rating": "purple",
        "due_after": "next tuesday",
        "lead": "abc",
        "section": "999999",
        "sort": "-password",
    }
    for fmt in ("csv", "xlsx"):
        assert client.get(export_url(telford, fmt), nonsense).status_code == 200
    response = client.get(export_url(telford), nonsense)
    assert len(read_csv(response.content.decode("utf-8-sig"))) == 4
    for fmt in ("docx", "xlsx"):
        url = reverse("plans:plan-board-pack", args=[telford.pk, fmt])
        assert client.get(url, nonsense).status_code == 200
    url = reverse("plans:action-list-export", args=["xlsx"])
    assert client.get(url, {**nonsense, "plan": "x"}).status_code == 200


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("plan-export", "pdf"), ("plan-board-pack", "csv"), ("plan-board-pack", "DOCX")],
)
def test_an_unknown_format_is_not_found(client, board_member, telford, name, fmt):
    client.force_login(board_member)
    assert client.get(reverse(f"plans:{name}", args=[telford.pk, fmt])).status_code == 404


def test_action_list_export_in_an_unknown_format_is_not_found(client, board_member):
    client.force_login(board_member)
    assert client.get(reverse("plans:action-list-export", args=["json"])).status_code == 404


def test_exporting_a_plan_that_does_not_exist_is_not_found(client, board_member):
    client.force_login(board_member)
    assert client.get(reverse("plans:plan-export", args=[999999, "csv"])).status_code == 404


def test_board_pack_downloads_as_word_with_a_dated_name(client, board_member, telford):
    client.force_login(board_member)
    response = client.get(reverse("plans:plan-board-pack", args=[telford.pk, "docx"]))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="telford-wrekin-mental-health-plan-board-pack-{today}.docx"'
    )
    document = Document(io.BytesIO(response.content))
    assert document.tables[2].rows[1].cells[6].text == "No venue yet."  # the exceptions


def test_board_pack_downloads_as_a_workbook(client, board_member, telford):
    client.force_login(board_member)
    response = client.get(reverse("plans:plan-board-pack", args=[telford.pk, "xlsx"]))
    assert response["Content-Type"] == XLSX
    assert load_workbook(io.BytesIO(response.content)).sheetnames == [
        "Summary",
        "Exceptions",
        "Changes",
        "All actions",
        "Legend",
    ]


EXPORT_URLS = [
    ("plans:plan-export", "csv"),
    ("plans:plan-export", "xlsx"),
    ("plans:plan-board-pack", "docx"),
    ("plans:plan-board-pack", "xlsx"),
]


@pytest.mark.parametrize(("name", "fmt"), EXPORT_URLS)
def test_anonymous_visitors_are_sent_to_log_in(client, telford, name, fmt):
    response = client.get(reverse(name, args=[telford.pk, fmt]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "fmt"), EXPORT_URLS)
def test_a_user_without_a_role_may_not_export(client, no_role_user, telford, name, fmt):
    client.force_login(no_role_user)
    assert client.get(reverse(name, args=[telford.pk, fmt])).status_code == 403


def test_anonymous_action_list_export_is_sent_to_log_in(client):
    response = client.get(reverse("plans:action-list-export", args=["csv"]))
    assert response.status_code == 302


def test_exports_answer_get_only(client, board_member, telford):
    client.force_login(board_member)
    assert client.post(export_url(telford)).status_code == 405


def make_plan_with_actions(count: int):
    """`count` actions, each with two leads and a rating, across two sections."""
    plan = PlanFactory(legend_green="On target")
    sections = [SectionFactory(plan=plan, order=n) for n in range(2)]
    leads = [LeadFactory(), LeadFactory()]
    for n in range(count):
        action = ActionFactory(plan=plan, section=sections[n % 2], ref=str(n + 1), order=n)
        action.leads.add(*leads)
        RagUpdateFactory(action=action, rating=Rating.AMBER, commentary=f"Slipping {n}")
    return plan


@pytest.mark.parametrize("count", [10, 200])
@pytest.mark.parametrize(("name", "fmt"), EXPORT_URLS)
def test_plan_exports_take_the_same_queries_however_many_actions(
    client, board_member, django_assert_num_queries, count, name, fmt
):
    plan = make_plan_with_actions(count)
    client.force_login(board_member)
    url = reverse(name, args=[plan.pk, fmt])
    # session, user, user's groups (roles), plan,
    # actions + section + plan + current rating/date (and commentary: subqueries), leads
    with django_assert_num_queries(6):
        response = client.get(url, {"sort": "rating"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 200])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_action_list_export_takes_the_same_queries_however_many_actions(
    client, board_member, django_assert_num_queries, count, fmt
):
    make_plan_with_actions(count)
    client.force_login(board_member)
    url = reverse("plans:action-list-export", args=[fmt])
    # session, user, user's groups (roles),
    # actions + section + plan + current rating/date (subqueries), leads
    with django_assert_num_queries(5):
        response = client.get(url, {"rating": "amber"})
    content = response.content
    assert content
