"""`import_plan` makes the mapping step's choices from the command line."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from importers.models import ImportTemplate
from plans.models import Plan
from tests.importers.tables import plan_file

pytestmark = pytest.mark.django_db

HEADER = ["Ref", "Action", "Which partners are involved", "Timescale", "RAG"]
ROWS = [
    [
        "1",
        "Integrated stop smoking services across the county",
        "NHS Trust; Council",
        "2024",
        "Green",
    ],
    ["2", "Mental health first aid training for employers", "Mind", "March 2025", "Amber"],
]


def run(path, *args):
    out = io.StringIO()
    call_command("import_plan", str(path), *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_map_sets_a_columns_role(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(plan_file("csv", [HEADER, *ROWS]))
    reading = json.loads(run(path, "--json", "--map", "Which partners are involved=extra"))
    assert [a["leads"] for a in reading["actions"]] == [[], []]
    assert reading["actions"][1]["extra"] == {"Which partners are involved": "Mind"}
    reading = json.loads(run(path, "--json", "--map", "#2=leads", "--map", "RAG=ignore"))
    assert reading["actions"][1]["leads"] == ["Mind"]
    assert [a["rag"] for a in reading["actions"]] == [None, None]


def test_sheet_reads_the_table_on_that_worksheet(tmp_path):
    other = [
        ["Ref", "Action", "Lead", "Timescale"],
        ["X1", "An action on the other sheet", "JCT", "2020"],
    ]
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan_file("xlsx", [HEADER, *ROWS], sheets=[("Other", other)]))
    reading = json.loads(run(path, "--json", "--sheet", "other"))
    assert [a["text"] for a in reading["actions"]] == ["An action on the other sheet"]
    with pytest.raises(CommandError, match="No table on a sheet named 'Nope'.*'Other', 'Plan'"):
        run(path, "--json", "--sheet", "Nope")


def test_header_row_counts_from_one(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(plan_file("csv", [["Draft for the board", "", "", "", ""], HEADER, *ROWS]))
    reading = json.loads(run(path, "--json", "--header-row", "2"))
    assert len(reading["actions"]) == 2
    with pytest.raises(CommandError, match="counts from 1"):
        run(path, "--json", "--header-row", "0")


def test_a_bad_role_is_a_one_line_error_and_writes_nothing(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_bytes(plan_file("csv", [HEADER, *ROWS]))
    with pytest.raises(CommandError, match="roles are ref, section"):
        run(path, "--map", "RAG=boss")
    assert not Plan.objects.exists()


def test_the_command_uses_a_saved_template(tmp_path):
    ImportTemplate.objects.create(
        signature="ref|action|which partners are involved|timescale|rag",
        name="county plan",
        mapping={"roles": {"RAG": "extra"}},
    )
    path = tmp_path / "plan.csv"
    path.write_bytes(plan_file("csv", [HEADER, *ROWS]))
    reading = json.loads(run(path, "--json"))
    assert reading["actions"][0]["extra"] == {"RAG": "Green"}


def test_a_dry_run_needs_no_tables_so_it_works_before_migrate(tmp_path, monkeypatch):
    from django.db import OperationalError

    def no_table(*args, **kwargs):
        raise OperationalError("no such table")

    monkeypatch.setattr(ImportTemplate.objects, "filter", no_table)
    monkeypatch.setattr(Plan.objects, "filter", no_table)
    path = tmp_path / "plan.csv"
    path.write_bytes(plan_file("csv", [HEADER, *ROWS]))
    reading = json.loads(run(path, "--json"))
    assert len(reading["actions"]) == 2
