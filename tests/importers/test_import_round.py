"""A dated progress column ("Update October 2016") imports as a published reporting round."""

import pytest

from importers.reading.parse import read_plan
from importers.services import plan_import
from plans.models import RagUpdate
from plans.rounds.models import ReportingRound, RoundEntry

CROYDON = "fixtures/seeds/002_5f0a69547a7ca638.txt"


def test_the_dated_progress_column_names_the_round():
    with open(CROYDON, "rb") as handle:
        plan = read_plan(handle.read(), "croydon.txt")
    assert (plan.update_round, plan.update_month) == ("October 2016", "2016-10")


@pytest.mark.parametrize(
    "label, expected",
    [
        ("Progress at Q2 2016/17", ("Q2 2016/17", "2016-09")),
        ("RAG status (March 2015)", ("March 2015", "2015-03")),
        ("Progress update", (None, None)),
    ],
)
def test_other_dated_update_headers(label, expected):
    text = f"Ref\tAction\tLead\t{label}\n1\tWrite the carers strategy\tJCT\tDraft agreed\n"
    plan = read_plan(text.encode(), "plan.txt")
    assert (plan.update_round, plan.update_month) == expected


@pytest.mark.django_db
def test_croydon_imports_as_the_published_round_october_2016(admin_user):
    with open(CROYDON, "rb") as handle:
        outcome = plan_import(data=handle.read(), filename="croydon.txt", imported_by=admin_user)
    round_ = ReportingRound.objects.get()
    assert round_.name == "October 2016"
    assert round_.state == ReportingRound.State.PUBLISHED
    assert str(round_.reported_on) == "2016-10-31"
    assert list(round_.plans.all()) == [outcome.plan]
    entries = RoundEntry.objects.filter(round=round_)
    assert entries.count() == outcome.plan.actions.count()
    # The snapshot says what each action reported in October 2016: its progress text.
    with_progress = outcome.plan.actions.exclude(progress="")
    assert with_progress.exists()
    for action in with_progress:
        assert entries.get(action=action).commentary == action.progress


@pytest.mark.django_db
def test_imported_ratings_under_a_dated_column_belong_to_its_round(admin_user):
    text = (
        "Ref\tAction\tLead\tUpdate March 2015\tRAG\n"
        "1\tWrite the carers strategy\tJCT\tDraft agreed by the board\tGreen\n"
        "2\tReview the crisis pathway\tSSSFT\tDelayed by recruitment\tRed\n"
    )
    plan_import(data=text.encode(), filename="plan.txt", imported_by=admin_user)
    round_ = ReportingRound.objects.get(name="March 2015")
    updates = RagUpdate.objects.filter(round=round_).order_by("action__order")
    assert [(u.rating, u.commentary, str(u.reported_on)) for u in updates] == [
        ("green", "Draft agreed by the board", "2015-03-31"),
        ("red", "Delayed by recruitment", "2015-03-31"),
    ]
    entry = RoundEntry.objects.get(round=round_, action=updates[1].action)
    assert entry.rating == "red"
