"""Mending rows damaged by PDF extraction (seed 001, Halton) before the layout step."""

from __future__ import annotations

import json

import pytest

from importers.reading.document import Cell, Row, Table
from importers.reading.mending import _divide_names, mend_rows
from importers.reading.readers.text import read_text

from .conftest import expected_path, seed_path

ROLES = ["section", "context", "action", "timescale", "lead", "outcome"]


def row(*texts: str, line: int | None = None) -> Row:
    return Row([Cell([t] if t else []) for t in texts], source_line=line)


def texts(rows: list[Row]) -> list[list[str]]:
    return [r.texts for r in rows]


def mend(*rows: Row, roles=ROLES):
    warnings: list = []
    return mend_rows(list(rows), roles, warnings), warnings


def test_clean_rows_pass_through_unchanged_and_inputs_are_not_modified():
    rows = [
        row("1.1 Planning", "Some commentary.", "Do a thing", "June 2007", "A Smith", "Done"),
        row("", "", "Do another", "May 2007", "B Jones", "Also done"),
    ]
    before = texts(rows)
    mended, warnings = mend(*rows)
    assert texts(mended) == before
    assert warnings == []
    assert mended[0] is not rows[0]


def test_separator_rows_and_trailing_empty_cells_go():
    mended, _ = mend(
        row("1.1 A", "c", "Do it", "June 2007", "A Smith", "o", "", "", ""),
        row("--", "---", "----", "--", "---", "--"),
    )
    assert texts(mended) == [["1.1 A", "c", "Do it", "June 2007", "A Smith", "o"]]


def test_heading_printed_twice_becomes_one_heading_row():
    (heading,), _ = mend(row("4.0 Assessment a", "4.0 Assessment and Care Planning", "", ""))
    assert heading.texts == ["4.0 Assessment and Care Planning"]
    assert heading.spans_full_width


def test_row_shifted_right_with_the_action_in_pieces():
    (mended,), warnings = mend(
        row("", "5.4 Relationships", "Although ...", "managers services", "•",
            "meetings all inte", "", "June 2007", "L Smith", "Meetings take place")
    )  # fmt: skip
    assert mended.texts == [
        "5.4 Relationships",
        "Although ...",
        "managers services • meetings all inte",
        "June 2007",
        "L Smith",
        "Meetings take place",
    ]
    assert "10 cells for 6 columns" in str(warnings[0])


def test_short_row_aligned_from_the_right_without_a_timescale():
    mended, warnings = mend(
        row("1.1 A", "c", "Do it", "June 2007", "Team Managers", "Targets reported to senior"),
        row("", "", "", "managers"),
        row("", "Develop regular meetings", "Team managers", "Enhanced understanding"),
    )
    assert texts(mended) == [
        [
            "1.1 A",
            "c",
            "Do it",
            "June 2007",
            "Team Managers",
            "Targets reported to senior managers",
        ],
        ["", "", "Develop regular meetings", "", "Team managers", "Enhanced understanding"],
    ]
    assert len(warnings) == 2


def test_short_row_that_would_put_a_date_outside_the_timescale_is_left_alone():
    mended, warnings = mend(row("", "Do it", "June 2007", "A Smith"))
    assert texts(mended) == [["", "Do it", "June 2007", "A Smith"]]
    assert warnings == []


NUMBERED = [
    row("1.1 A", "c1", "Do a", "June 2007", "A Smith", "o"),
    row("1.2 B", "c2", "Do b", "June 2007", "A Smith", "o"),
    row("1.3 C", "c3", "Do c", "June 2007", "A Smith", "o"),
]


@pytest.mark.parametrize("token", ["3", "_", "(1.20)", "servi", "impo Focu impa"])
def test_stray_first_column_tokens_go_where_priorities_are_numbered(token):
    mended, _ = mend(*NUMBERED, row(token, "c", "Do d", "May 2007", "B Jones", "o"))
    assert mended[-1].texts[0] == ""


def test_stray_tokens_stay_where_the_first_column_is_not_numbered():
    mended, _ = mend(NUMBERED[0], row("3", "c", "Do d", "May 2007", "B Jones", "o"))
    assert mended[-1].texts[0] == "3"


def test_pure_continuation_lines_extend_the_row_above():
    mended, _ = mend(
        row("1.1 A", "", "Develop and publicise a Charter of standards and", "Sept 2007",
            "M Henderson", "Service users report improved customer"),
        row("", "", "response expected of all staff", "", "B Hilton", "care"),
        row("", "", "", "", "", "and more"),
    )  # fmt: skip
    (merged,) = mended
    assert merged.texts[2] == (
        "Develop and publicise a Charter of standards and response expected of all staff"
    )
    # a new name is a new paragraph of the lead cell; lower-case text carries on the sentence
    assert merged.cells[4].paragraphs == ["M Henderson", "B Hilton"]
    assert merged.cells[5].paragraphs == ["Service users report improved customer care and more"]


def test_a_row_with_its_own_action_or_timescale_is_not_a_continuation():
    mended, _ = mend(
        row("1.1 A", "c", "Do a", "June 2007", "A Smith", "o"),
        row("", "", "Do b", "", "Team managers", "o"),
        row("", "", "develop links with x", "July 2007", "B Jones", "o"),
    )
    assert len(mended) == 3


def test_commentary_broken_over_rows_is_joined_for_each_row():
    mended, _ = mend(
        row("1.1 A", "Service agreements should", "Do a", "June 2007", "A Smith", "o"),
        row("", "be reviewed to establish", "Do b", "June 2007", "A Smith", "o"),
        row("", "management. Providers report.", "Do c", "June 2007", "A Smith", "o"),
        row("", "", "Do d", "June 2007", "A Smith", "o"),
        row("", "New point here", "Do e", "June 2007", "A Smith", "o"),
    )
    joined = "Service agreements should be reviewed to establish management. Providers report."
    assert [r.texts[1] for r in mended] == [joined, joined, joined, "", "New point here"]


def test_commentary_repeating_the_last_word_above_is_not_added_again():
    mended, _ = mend(
        row("1.1 A", "not involved in feedback processes", "", "Sept 2007", "A Smith", "o"),
        row("", "processes", "Implement a policy", "May 2007", "D Johnson", "o"),
    )
    assert [r.texts[1] for r in mended] == ["not involved in feedback processes"] * 2


def test_commentary_cut_into_the_first_column_is_not_joined():
    mended, _ = mend(
        *NUMBERED,
        row("servi", "e support for service users", "Develop x", "Sept 2007", "S R", "o"),
    )
    assert mended[-1].texts[:2] == ["", "e support for service users"]
    assert mended[-2].texts[1] == "c3"


def test_two_actions_run_together_become_two_rows():
    mended, warnings = mend(
        row("6.3 Social care", "The Review noted", "Develop social work posts in Crisis "
            "Resolution/Home Treatment services Develop social work input into Primary Care",
            "July 2007 Dec 2007", "L Smith M Kenny L Smith J Cullen A Hughes",
            "Posts appointed Input developed on sessional basis"),
    )  # fmt: skip
    assert texts(mended) == [
        ["6.3 Social care", "The Review noted",
         "Develop social work posts in Crisis Resolution/Home Treatment services", "July 2007",
         "L Smith M Kenny", "Posts appointed"],
        ["", "The Review noted", "Develop social work input into Primary Care", "Dec 2007",
         "L Smith J Cullen A Hughes", "Input developed on sessional basis"],
    ]  # fmt: skip
    assert mended[1].cells[4].paragraphs == ["L Smith", "J Cullen", "A Hughes"]
    assert "split into two" in str(warnings[0])


def test_split_without_a_verb_uses_the_one_capitalised_word_after_a_lower_case_one():
    first, second = mend(
        row("", "c", "Review and enhance CMHT capacity Frodsham/Helsby issues to be resolved",
            "June 2007 June 2007", "M Kenny L Smith J Kelly M Kenny", "Development with NICE Guidance"),
    )[0]  # fmt: skip
    assert (first.texts[2], second.texts[2]) == (
        "Review and enhance CMHT capacity",
        "Frodsham/Helsby issues to be resolved",
    )
    assert (first.texts[4], second.texts[4]) == ("M Kenny L Smith", "J Kelly M Kenny")
    # an outcome that does not divide goes to both
    assert first.texts[5] == second.texts[5] == "Development with NICE Guidance"


def test_two_dates_but_one_action_stays_one_row_with_a_warning():
    mended, warnings = mend(row("", "c", "Review the plan", "June 2007 Dec 2007", "A B", "o"))
    assert len(mended) == 1
    assert "kept as one" in str(warnings[0])


def test_date_alternatives_and_ranges_are_not_two_actions():
    for timescale in ("May/June 2007", "June 2007 - Dec 2007", "Apr-15 to Mar-17"):
        mended, _ = mend(row("", "c", "Develop x Develop y", timescale, "A B", "o"))
        assert len(mended) == 1


def test_action_continuing_from_the_row_above_then_a_new_one():
    # Only seed 001 (3.1) needs this rule.
    mended, _ = mend(
        row("", "", "Develop a voluntary support", "Sept 2007", "N Lunt",
            "Volunteers from groups able"),
        row("", "", "network for service users and carers Enhance the role of the Gateway",
            "July 2007", "J Cullen", "to provide support to others, as needed Increased referrals"),
    )  # fmt: skip
    assert texts(mended) == [
        ["", "", "Develop a voluntary support network for service users and carers", "Sept 2007",
         "N Lunt", "Volunteers from groups able to provide support to others, as needed"],
        ["", "", "Enhance the role of the Gateway", "July 2007", "J Cullen", "Increased referrals"],
    ]  # fmt: skip


def test_roles_as_a_mapping_and_unknown_roles():
    roles = {"section": 0, "context": 1, "action": 2, "timescale": 3, "lead": 4, "outcome": 5}
    mended, _ = mend(
        row("", "c", "Develop a Develop b", "June 2007 Dec 2007", "A B", "o"), roles=roles
    )
    assert len(mended) == 2
    # without a timescale column nothing is merged or split
    mended, _ = mend(
        row("1.1 A", "c", "Do a", "x"), row("", "", "", "y"), roles=["a", "b", "c", "d"]
    )
    assert len(mended) == 2


def test_repeated_header_rows_are_left_alone():
    header = row("Priorities", "Commentary", "Action required", "Timescale", "Lead", "Outcome")
    mended, _ = mend(NUMBERED[0], header, row("", "", "", "", "", "more"))
    assert texts(mended)[1] == header.texts
    assert texts(mended)[2] == ["", "", "", "", "", "more"]


@pytest.mark.parametrize(
    ("names", "at"),
    [
        (["M Kenny", "L Smith", "J Kelly", "M Kenny"], 2),  # ambiguous: the even division
        (["R Vickers", "A Williamson", "R Vickers", "A Williamson"], 2),
        (["L Smith", "L Smith", "D Bertenshaw"], 1),
        (["L Smith", "M Kenny", "L Smith", "J Cullen", "A Hughes"], 2),
        (["C Ashton", "J Cullen", "A Hughes", "T Frith", "T Frith"], 4),
        (["R. Vickers", "R Vickers"], 1),
        (["A Smith", "B Jones"], None),
        (["A Smith", "A Smith", "A Smith"], None),
    ],
)
def test_divide_names_at_the_repeat(names, at):
    assert _divide_names(names) == at


# --- seed 001 ---------------------------------------------------------------------------------


def halton_rows() -> list[Row]:
    path = seed_path("001")
    document = read_text(path.read_bytes(), path.name)
    rows = [r for block in document.blocks if isinstance(block, Table) for r in block.rows]
    return rows[1:]  # the first header row


def test_halton_rows_one_per_expected_action():
    warnings: list = []
    mended = mend_rows(halton_rows(), ROLES, warnings)
    data = [
        r
        for r in mended
        if not r.spans_full_width
        and r.texts[0] != "Priorities for service improvement"
        and [i for i, t in enumerate(r.texts) if t] != [0]
    ]
    expected = json.loads(expected_path("001").read_text())["actions"]
    assert len(data) == len(expected) == 87
    for got, want in zip(data, expected, strict=True):
        assert got.texts[2] == want["text"]
        assert (got.texts[3] or None) == want["timescale_text"]
        assert (got.texts[1] or None) == want["context"]
        assert " ".join(got.texts[5:6]).split() == " ".join(want["outcomes"]).split()
    assert sum("split into two" in str(w) for w in warnings) == 5


def test_halton_read_through_the_layout_step():
    """Seed 001 end to end: every field score.py scores is right for every action."""
    from bench.fidelity import score
    from importers.reading.layout import layout_plan

    path = seed_path("001")
    parsed = layout_plan(read_text(path.read_bytes(), path.name)).as_schema()
    expected = json.loads(expected_path("001").read_text())
    result = score(expected, parsed)
    for name in ("recall", "precision", "ref", "section", "leads", "start", "due", "rag"):
        assert result[name] == 1.0, name
    # and the fields it does not score, action by action
    for got, want in zip(parsed["actions"], expected["actions"], strict=True):
        for name in ("text", "context", "timescale_text", "outcomes", "leads", "rag"):
            assert got[name] == want[name], (want["text"], name)


def test_layout_field_names_are_accepted_as_roles():
    roles = ["section", "context", "text", "timescale", "leads", "outcomes"]
    mended, _ = mend(
        row("", "c", "Develop a Develop b", "June 2007 Dec 2007", "A B", "o"), roles=roles
    )
    assert [r.texts[2] for r in mended] == ["Develop a", "Develop b"]
