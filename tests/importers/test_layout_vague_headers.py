"""Vague headers (issue 8): the content settles a column whose header does not say its field,
and where the header is truly vague the reading is unsure and offers the right role first."""

from __future__ import annotations

from importers.reading.document import Cell, Document, Row, Table
from importers.reading.layout import layout_plan
from importers.reading.layout.roles import best_header_role, profile, read_column
from importers.reading.layout.tables import data_like
from importers.reading.mapping import SURE

ACTIONS = [
    "Review the discharge protocol with ward managers and community teams",
    "Agree a single referral form for all partner agencies in the borough",
    "Train all front-line staff in the new safeguarding escalation procedure",
    "Publish a directory of crisis services for GPs and the voluntary sector",
]
UPDATES = [
    "Terms of reference agreed and first meeting held.",
    "Draft specification shared with providers for comment.",
    "Recruitment under way; two of three posts filled.",
    "Awaiting sign-off by the programme board.",
]
NAMES = ["Public Health", "Head of Commissioning", "J Smith", "Mental Health Trust"]


def row(*texts: str) -> Row:
    return Row(cells=[Cell(paragraphs=[t] if t else []) for t in texts])


def plan_of(*rows: Row):
    table = Table(rows=list(rows))
    table.index = 0
    return layout_plan(Document(blocks=[table], source_name="plan.csv"))


def roles(plan) -> dict[str, tuple[str, bool]]:
    return {c.label: (c.role, c.sure) for c in plan.reading.columns}


def column(label: str, values: list[str]):
    return read_column(0, label, profile(values), [])


def test_a_number_sign_over_refs_is_the_ref_column():
    read = column("#", ["3.1", "3.2", "3.3"])
    assert read.role == "ref" and read.sure
    assert column("Risk #", ["RR-017", "RR-042", "RR-105"]).role == "extra"
    assert best_header_role("Action #")[0] == "ref" and best_header_role("Item #")[0] == "ref"


def test_vague_words_name_a_role_only_as_the_whole_header():
    assert best_header_role("Month")[0] == "timescale"
    assert best_header_role("Progress this month")[0] == "progress"
    assert best_header_role("Team")[0] == "leads" and best_header_role("Project name")[0] is None


def test_line_or_no_header_over_numbers_is_the_ref_column():
    assert column("Line", ["1", "2", "3"]).role == "ref"
    assert column("", ["1", "2", "3"]).role == "ref"


def test_name_or_team_over_people_and_teams_is_leads():
    for label in ("Name", "Team"):
        read = column(label, NAMES)
        assert read.role == "leads"
    # a vague header over values that are not clearly names is offered, not sure
    assert not column("Team", ["All providers and JCT", "see the board", "tbc", "n/a"]).sure


def test_description_is_the_action_when_no_header_names_one_and_notes_are_progress():
    plan = plan_of(
        row("Line", "Description", "Team", "Month", "Notes"),
        *(
            row(str(k + 1), a, n, "March 2016", u)
            for k, (a, n, u) in enumerate(zip(ACTIONS, NAMES, UPDATES, strict=True))
        ),
    )
    got = roles(plan)
    assert got["Description"][0] == "text" and not got["Description"][1]  # asked, not assumed
    assert got["Notes"][0] == "progress" and got["Line"] == ("ref", True)
    assert got["Team"][0] == "leads" and got["Month"][0] in ("timescale", "due")
    assert [a.text for a in plan.actions] == ACTIONS
    assert [a.progress for a in plan.actions] == UPDATES


def test_notes_that_are_not_updates_stay_an_extra_field():
    plan = plan_of(
        row("Action", "Lead", "Notes", "Notes for finance"),
        *(
            row(a, n, x, u)
            for a, n, x, u in zip(
                ACTIONS,
                NAMES,
                ["See appendix B", "Linked to the CQC report", "", "Joint with LA"],
                UPDATES,
                strict=True,
            )
        ),
    )
    got = roles(plan)
    assert got["Notes"][0] == "extra" and got["Notes for finance"][0] == "extra"
    assert plan.reading.sure


def test_a_deliverable_over_short_actions_is_the_action_not_the_latest_update():
    short = ["Crisis line launched", "Referral form agreed", "Staff trained", "Directory online"]
    plan = plan_of(
        row("Ref", "Deliverable", "Owner", "Latest update"),
        *(
            row(str(k + 1), s, n, u)
            for k, (s, n, u) in enumerate(zip(short, NAMES, UPDATES, strict=True))
        ),
    )
    got = roles(plan)
    assert got["Deliverable"][0] == "text" and got["Latest update"][0] == "progress"
    assert [a.text for a in plan.actions] == short


def test_a_row_of_values_is_not_taken_for_a_vague_header():
    plan = plan_of(
        row("Line", "Details", "Team", "Month", "Flag", "Notes"),
        *(
            row(str(k + 10), a, n, "March 2016", "Amber", u)
            for k, (a, n, u) in enumerate(zip(ACTIONS, NAMES, UPDATES, strict=True))
        ),
    )
    assert plan.reading.header_row == 0
    assert [a.ref for a in plan.actions] == ["10", "11", "12", "13"]
    assert [a.rag for a in plan.actions] == ["amber"] * 4


def test_values_and_column_names():
    for value in ("10", "2.4", "Amber", "March 2016", "31/03/2016", "2016-03-31", ACTIONS[0] * 2):
        assert data_like(value), value
    for name in ("Ref", "Action", "Update March 2016", "Team", "Notes", "Q3", "RAG", "2016/17", ""):
        assert not data_like(name), name


def test_clear_headers_stay_sure():
    plan = plan_of(
        row("Ref", "Action", "Lead", "Timescale", "RAG", "Progress"),
        *(
            row(str(k + 1), a, n, "2016-03-31", "Green", u)
            for k, (a, n, u) in enumerate(zip(ACTIONS, NAMES, UPDATES, strict=True))
        ),
    )
    assert plan.reading.sure and plan.reading.confidence >= SURE
    assert [a.due for a in plan.actions] == ["2016-03"] * 4


def test_a_title_line_above_the_header_is_the_plan_title_not_a_section():
    from importers.reading.parse import read_plan

    data = (
        "Partnership action plan,,\r\nUpdated 3 March 2015,,\r\n,,\r\nRef,Action,Lead\r\n"
        f"1,{ACTIONS[0]},CCG\r\n2,{ACTIONS[1]},LA\r\n"
    ).encode()
    plan = read_plan(data, "plan.csv")
    assert plan.title == "Partnership action plan"
    assert plan.sections == [] and [a.section for a in plan.actions] == [None, None]


def test_a_numbered_heading_above_the_header_is_still_a_section():
    plan = plan_of(
        row("2. Crisis care", "", ""),
        row("Ref", "Action", "Lead"),
        row("2.1", ACTIONS[0], "CCG"),
    )
    assert [s.title for s in plan.sections] == ["Crisis care"]
    assert plan.title == "plan.csv"


def test_a_column_naming_what_it_details_is_not_taken_for_the_action():
    plan = plan_of(
        row("", "Finance details", "Lead"),
        *(
            row(a, f, n)
            for a, f, n in zip(
                ACTIONS,
                ["Funded from the Better Care Fund", "No additional cost", "", "Tbc"],
                NAMES,
                strict=True,
            )
        ),
    )
    assert roles(plan)[""][0] == "text" and roles(plan)["Finance details"][0] == "extra"
    assert [a.text for a in plan.actions] == ACTIONS
