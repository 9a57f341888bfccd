"""Column roles from header and content, refs and labelled values in cells, status words,
extra columns, and an admin's `Mapping` honoured (table, header row, roles)."""

from __future__ import annotations

import pytest

from importers.reading.document import Cell, Document, Paragraph, Row, Table, UnreadableDocument
from importers.reading.layout import layout_plan, match_rag
from importers.reading.layout.cells import labelled_parts, prose_leads, split_ref
from importers.reading.layout.roles import best_header_role, label_words, profile, read_column
from importers.reading.mapping import SURE, Mapping


def row(*texts: str) -> Row:
    return Row(cells=[Cell(paragraphs=[t] if t else []) for t in texts])


def doc(*blocks) -> Document:
    for number, table in enumerate(b for b in blocks if isinstance(b, Table)):
        table.index = number
    return Document(blocks=list(blocks), source_name="test.docx")


LONG = [
    "Review the discharge protocol with ward managers and community teams",
    "Agree a single referral form for all partner agencies in the borough",
    "Train all front-line staff in the new safeguarding escalation procedure",
]


def role_of(label: str, values: list[str]) -> tuple[str, float]:
    column = read_column(0, label, profile(values), [])
    return column.role, column.confidence


@pytest.mark.parametrize(
    ("label", "role"),
    [
        ("Owner", "leads"),
        ("Responsible", "leads"),
        ("Accountable", "leads"),
        ("Which partners are involved?", "leads"),
        ("Officer", "leads"),
        ("Stakeholders", "leads"),
        ("What does success look like?", "outcome"),
        ("KPI", "outcome"),
        ("BRAG", "rag"),
        ("Achieved", "rag"),
        ("Latest update", "progress"),
        ("Target date", "due"),
        ("By when", "due"),
        ("Completion", "due"),
        ("Timeframe", "timescale"),
        ("ap_number", "ref"),
        ("ap_title", "text"),
        ("planned_corrective_action", "text"),
        ("Audit Finding Reference Number", "ref"),
        ("dueDate", "due"),
        ("Planned completion date for corrective action plan", "due"),
        ("Evaluation & Further Action", "follow_up"),
        ("Resources: Staffing, Time, Money", None),
    ],
)
def test_header_vocabulary(label, role):
    assert best_header_role(label)[0] == role


def test_database_names_are_read_as_words():
    assert label_words("ap_number") == "ap number"
    assert label_words("plannedCorrectiveAction") == "planned corrective action"


def test_header_and_content_agreeing_is_sure():
    role, confidence = role_of("Owner", ["R Vickers", "Public Health", "JCT & SSSFT"])
    assert role == "leads" and confidence >= SURE


def test_unlabelled_columns_decided_by_content():
    assert role_of("", ["1.", "2.", "3."])[0] == "ref"
    assert role_of("", ["March 2012", "Q4 2015/16", "Summer 2013"])[0] == "timescale"
    assert role_of("", ["Red", "green", "AMBER"])[0] == "rag"
    assert role_of("", ["R Vickers", "Head of Service", "CCG"])[0] == "leads"


def test_weak_header_word_yields_to_clear_content():
    # "Category" suggests a theme, but every value is a month: the content wins, less surely
    role, confidence = role_of("Category", ["March 2012", "June 2013", "April 2014"])
    assert role == "timescale" and confidence < 0.9


def test_conflicting_header_and_content_lowers_confidence():
    role, confidence = role_of("Timescale", LONG)
    assert role == "timescale" and confidence < SURE


def test_theme_header_over_a_different_sentence_each_row_is_context():
    assert role_of("Objective", LONG)[0] == "context"
    assert role_of("Priority", ["Access", "Access", "Crisis care"])[0] == "section"


def test_unknown_label_is_kept_as_extra():
    assert role_of("Budget code", ["X1", "", "Y7 a"])[0] == "extra"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 - Review the policy", ("1", "Review the policy")),
        ("1.2 Review the policy", ("1.2", "Review the policy")),
        ("A3: Review the policy", ("A3", "Review the policy")),
        ("Action 4: Review the policy", ("4", "Review the policy")),
        ("12. Review the policy", ("12", "Review the policy")),
        ("2015/16 plan to be agreed", None),
        ("1,000 staff trained", None),
        ("24/7 access to crisis care", None),
        ("3 staff will be trained", None),
        ("1: Develop provision 2: Undertake a review", None),
    ],
)
def test_refs_at_the_start_of_an_action_cell(text, expected):
    assert split_ref(text) == expected


def test_labelled_values_found_by_the_header_vocabulary():
    prefix, parts = labelled_parts(
        "Corrective action plan: Review SOC reports. Implementation date(s): June 2023 "
        "Responsible persons: Chief Information Officer"
    )
    assert prefix == ""
    assert [(role, value) for _, role, value in parts] == [
        ("text", "Review SOC reports."),
        ("due", "June 2023"),
        ("leads", "Chief Information Officer"),
    ]
    assert labelled_parts("Note: agree the plan with partners") is None


def test_prose_leads_keep_name_title_pairs():
    assert prose_leads("Teri Goodwin, Financial Reporting Manager") == [
        "Teri Goodwin, Financial Reporting Manager"
    ]
    assert prose_leads("Grants Manager, Deputy Administrator, Financial Reporting") == [
        "Grants Manager",
        "Deputy Administrator, Financial Reporting",
    ]
    assert prose_leads("Chief Information Officer and the Director for Food and Nutrition") == [
        "Chief Information Officer",
        "Director for Food and Nutrition",
    ]


@pytest.mark.parametrize(
    ("text", "colour"),
    [
        ("RED", "red"),
        (" Green", "green"),
        ("Complete", "blue"),
        ("Completed", "blue"),
        ("Achieved", "blue"),
        ("Done", "blue"),
        ("On track", "green"),
        ("On target", "green"),
        ("In progress", None),
        ("Incomplete", None),
        ("Not achieved", None),
        ("S", None),
    ],
)
def test_status_vocabulary(text, colour):
    assert match_rag(text) == colour


def test_plan_legend_wins_over_the_usual_words():
    assert match_rag("Completed", legend={"green": "Completed"}) == "green"


def _plan_table() -> Table:
    return Table(
        rows=[
            row("Action plan 2024", ""),
            row("", ""),
            row("Ref", "What we will do", "Owner", "When", "Status", "Budget code"),
            row("1", LONG[0], "R Vickers", "March 2012", "In progress", "B1"),
            row("2", LONG[1], "Public Health", "June 2013", "Complete", ""),
        ]
    )


def test_header_below_a_title_block_and_status_words_and_extras():
    plan = layout_plan(doc(_plan_table()))
    assert plan.reading.header_row == 2 and plan.reading.confidence >= SURE
    first, second = plan.actions
    assert (first.ref, first.leads, first.due) == ("1", ["R Vickers"], "2012-03")
    assert (first.rag, first.progress) == (None, "In progress")
    assert second.rag == "blue"
    assert first.extra == {"Budget code": "B1"} and second.extra == {}
    warnings = [str(w) for w in plan.warnings]
    assert sum("column 'Budget code' kept as an extra field" in w for w in warnings) == 1
    assert any("'In progress' is not a rating" in w for w in warnings)


def test_refs_taken_from_action_cells_without_a_ref_column():
    plan = layout_plan(
        doc(
            Table(
                rows=[
                    row("Action", "Lead"),
                    row("1.1 Agree the form", "CCG"),
                    row("1.2 Train staff", "LA"),
                ]
            )
        )
    )
    assert [(a.ref, a.text) for a in plan.actions] == [
        ("1.1", "Agree the form"),
        ("1.2", "Train staff"),
    ]


def test_action_table_on_a_later_sheet_is_chosen():
    cover = Table(rows=[row("Version", "1.0"), row("Section", "Plan")], sheet="Cover")
    form = Table(rows=[row("Finding ref", "Planned action"), row("2021-1", LONG[0])], sheet="Form")
    plan = layout_plan(doc(cover, form))
    assert plan.reading.table == 1
    assert [c.index for c in plan.reading.candidates] == [1, 0]
    assert [(a.ref, a.text) for a in plan.actions] == [("2021-1", LONG[0])]


def test_unsure_reading_is_returned_with_candidates_not_raised():
    plan = layout_plan(doc(Table(rows=[row("alpha", "beta"), row("x1", "y"), row("x2", "z")])))
    assert plan.reading.confidence < SURE and plan.reading.candidates


def test_nothing_table_like_is_unreadable():
    with pytest.raises(UnreadableDocument):
        layout_plan(doc(Paragraph("Minutes of the meeting")))


def test_mapping_chooses_table_header_row_and_roles():
    other = Table(rows=[row("Action", "Lead"), row(LONG[2], "CCG")])
    table = _plan_table()
    mapping = Mapping(
        table=1,
        header_row=2,
        roles={"Owner": "extra", "#5": "ignore", "What we will do": "text", "When": "due"},
    )
    plan = layout_plan(doc(other, table), mapping)
    assert plan.reading.table == 1 and plan.reading.header_row == 2
    roles = {c.label: c.role for c in plan.reading.columns}
    assert roles["Owner"] == "extra" and roles["Budget code"] == "ignore"
    first = plan.actions[0]
    assert first.text == LONG[0] and first.leads == [] and first.due == "2012-03"
    assert first.extra == {"Owner": "R Vickers"}


def test_mapping_header_row_overrides_the_inferred_one():
    table = Table(rows=[row("Action", "Lead"), row("Task", "Who"), row(LONG[0], "CCG")])
    plan = layout_plan(doc(table), Mapping(table=0, header_row=1))
    assert plan.reading.header_row == 1
    assert [(a.text, a.leads) for a in plan.actions] == [(LONG[0], ["CCG"])]


@pytest.mark.parametrize(
    "label", ["How will we know?", "How we will measure it", "What does success look like?"]
)
def test_the_question_a_measure_answers_heads_the_outcomes(label):
    from importers.reading.parse import read_plan

    text = (
        f"What\tWho\tWhen\t{label}\n"
        "Open a crisis cafe in the town centre\tMind\tApril 2024\tVisitor numbers double\n"
        "Extend the 24/7 helpline to under-18s\tICB\tSummer 2024\tCalls answered in 60 s\n"
    )
    plan = read_plan(text.encode(), "plan.txt")
    assert [a.outcomes for a in plan.actions] == [
        ["Visitor numbers double"],
        ["Calls answered in 60 s"],
    ]
