import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from plans.models import Action, Plan, RagUpdate

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
TELFORD = SEEDS / "000_2c7d5c915c81b674.txt"
SMALL_PLAN = (
    "Small action plan\n\n"
    "Ref\tAction\tLead\tTimescale\tRAG\n"
    "1\tWrite the carers strategy\tJCT\tJune 2011\tGreen\n"
    "2\tReview crisis pathway\tSSSFT\tMarch 2012\tRed\n"
)


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_plan", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def small_plan(tmp_path):
    path = tmp_path / "small.txt"
    path.write_text(SMALL_PLAN)
    return path


def test_import_plan_writes_the_plan_and_its_first_ratings(small_plan):
    out, _ = run(str(small_plan))
    assert "2 actions" in out
    plan = Plan.objects.get()
    assert plan.source_name == "small.txt"
    assert [a.ref for a in plan.actions.order_by("order")] == ["1", "2"]
    assert sorted(RagUpdate.objects.values_list("rating", flat=True)) == ["green", "red"]


def test_importing_the_same_file_twice_creates_nothing_the_second_time(small_plan):
    run(str(small_plan))
    out, _ = run(str(small_plan))
    assert "already imported" in out
    assert Plan.objects.count() == 1
    assert Action.objects.count() == 2


def test_dry_run_writes_nothing(small_plan):
    out, _ = run(str(small_plan), "--dry-run")
    assert "nothing written" in out
    assert not Plan.objects.exists()


def test_json_prints_the_reading_in_the_gold_schema_shape(small_plan):
    out, _ = run(str(small_plan), "--json")
    reading = json.loads(out)
    assert set(reading) >= {"source", "plan", "objectives", "sections", "actions"}
    assert reading["actions"][0]["due"] == "2011-06"
    assert not Plan.objects.exists()


def test_a_seed_imports_and_its_warnings_go_to_stderr():
    out, err = run(str(TELFORD))
    assert "44 actions" in out
    assert all(line.startswith("warning: ") for line in err.splitlines())


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"\x00\x01\x02garbage\xff" * 50, ""),
        (b"just some prose with no table at all\n", "header"),
    ],
)
def test_an_unreadable_file_is_a_one_line_error_and_nothing_is_written(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run(str(path))
    assert "\n" not in str(error.value)
    assert message in str(error.value)
    assert not Plan.objects.exists()


def test_a_docx_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"this is not a zip")
    with pytest.raises(CommandError):
        run(str(path), "--format", "docx")
    assert not Plan.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        run(str(tmp_path / "nope.txt"))
