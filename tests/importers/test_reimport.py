"""Re-import (issue 12 part A): a revised version of a plan held, reviewed as a diff, applied
once, all or nothing; history never rewritten, actions never deleted."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from importers import reimport
from importers.models import PendingImport, PlanVersion
from plans.models import Action, AuditRecord, Plan, RagUpdate
from tests.importers.conftest import ROOT, seed_path

pytestmark = pytest.mark.django_db

HEADER = b"Small action plan\n\nRef\tAction\tLead\tTimescale\tProgress\tRAG\n"
ROWS = [
    b"1\tWrite the carers strategy\tJCT\tJune 2011\tDrafted\tGreen\n",
    b"2\tReview crisis pathway\tSSSFT\tMarch 2012\tNot started\tRed\n",
    b"3\tRun a survey of service users\tJCT\tMay 2011\tSent out\tAmber\n",
]


def plan_file(*rows: bytes) -> bytes:
    return HEADER + b"".join(rows)


def upload(client, content: bytes, name="plan.txt") -> PendingImport:
    client.post(reverse("importers:upload"), {"file": SimpleUploadedFile(name, content)})
    return PendingImport.objects.latest("pk")  # read at once (tests run tasks immediately)


def preview(client, pending):
    return client.get(reverse("importers:preview", args=[pending.pk]))


def import_new(client, content: bytes, name="plan.txt") -> Plan:
    pending = upload(client, content, name)
    client.post(reverse("importers:confirm", args=[pending.pk]))
    return Plan.objects.latest("pk")


def choose_update(client, pending, plan):
    response = client.post(reverse("importers:decide", args=[pending.pk]), {"choice": plan.pk})
    assert response.status_code == 302
    return preview(client, pending)


def confirm(client, pending, page):
    return client.post(
        reverse("importers:confirm", args=[pending.pk]),
        {"fingerprint": page.context["diff"].fingerprint()},
    )


def state():
    """Everything a re-import may write, to compare before and after."""
    return (
        Plan.objects.count(),
        list(Action.objects.order_by("pk").values_list("pk", "text", "due_date", "progress")),
        RagUpdate.objects.count(),
        PlanVersion.objects.count(),
        AuditRecord.objects.count(),
        PendingImport.objects.count(),
    )


@pytest.fixture
def held(client, admin_user):
    client.force_login(admin_user)
    return import_new(client, plan_file(*ROWS))


def test_a_file_like_a_plan_held_asks_update_or_different_and_cannot_be_imported_silently(
    client, held
):
    pending = upload(client, plan_file(ROWS[0], ROWS[1]), name="plan v2.txt")
    page = preview(client, pending)
    assert b"This looks like a plan already held" in page.content
    assert f"Yes: update &#x27;{held.title}&#x27;".encode() in page.content
    assert b"Import this plan" not in page.content
    client.post(reverse("importers:confirm", args=[pending.pk]))  # not answered: refused
    assert Plan.objects.count() == 1
    assert PendingImport.objects.filter(pk=pending.pk).exists()


def test_this_is_a_different_plan_imports_a_new_plan(client, held):
    pending = upload(client, plan_file(ROWS[0]), name="another.txt")
    client.post(reverse("importers:decide", args=[pending.pk]), {"choice": "new"})
    assert b"Import this plan" in preview(client, pending).content
    client.post(reverse("importers:confirm", args=[pending.pk]))
    assert Plan.objects.count() == 2


def test_no_answer_or_an_unknown_plan_is_a_clear_error(client, held):
    pending = upload(client, plan_file(ROWS[0]), name="v2.txt")
    for data in ({}, {"choice": "999999"}):
        response = client.post(reverse("importers:decide", args=[pending.pk]), data)
        assert response.status_code == 400
        assert b"There is a problem" in response.content
    assert PendingImport.objects.get(pk=pending.pk).decision == ""


def test_a_changed_progress_column_appends_ratings_and_changes_nothing_else(client, held):
    before = {a.ref: a for a in held.actions.all()}
    old_history = list(RagUpdate.objects.order_by("pk").values_list("pk", "rating", "commentary"))
    revised = plan_file(
        b"1\tWrite the carers strategy\tJCT\tJune 2011\tPublished in October\tBlue\n",
        ROWS[1],
        b"3\tRun a survey of service users\tJCT\tMay 2011\tResults in: 40 replies\tAmber\n",
    )
    pending = upload(client, revised, name="plan October.txt")
    page = choose_update(client, pending, held)
    diff = page.context["diff"]
    assert [r.action.ref for r in diff.ratings] == ["1", "3"]
    assert {c.name for r in diff.changed for c in r.changes} == {"progress"}
    assert b"Published in October" in page.content
    confirm(client, pending, page)

    assert Plan.objects.count() == 1
    history = list(RagUpdate.objects.order_by("pk").values_list("pk", "rating", "commentary"))
    assert history[: len(old_history)] == old_history  # never rewritten
    added = RagUpdate.objects.exclude(pk__in=[h[0] for h in old_history]).order_by("pk")
    assert [(u.action.ref, u.rating, u.commentary) for u in added] == [
        ("1", "blue", "Published in October"),
        ("3", "amber", "Results in: 40 replies"),
    ]
    for action in held.actions.all():
        old = before[action.ref]
        assert (action.text, action.due_date, action.timescale_text) == (
            old.text,
            old.due_date,
            old.timescale_text,
        )
        assert set(action.leads.values_list("name", flat=True)) == set(
            old.leads.values_list("name", flat=True)
        )
    assert held.actions.get(ref="1").current_rating == "blue"
    assert held.actions.get(ref="1").progress == "Published in October"
    assert held.actions.get(ref="2").version == before["2"].version  # not touched


def test_a_changed_due_date_shows_in_the_diff_and_in_the_actions_history(client, held):
    revised = plan_file(
        ROWS[0], b"2\tReview crisis pathway\tSSSFT\tSeptember 2012\tNot started\tRed\n", ROWS[2]
    )
    pending = upload(client, revised, name="v2.txt")
    page = choose_update(client, pending, held)
    (row,) = page.context["diff"].changed
    assert [(c.label, c.old, c.new) for c in row.changes] == [
        ("Timescale", "March 2012", "September 2012"),
        ("Due", "31 March 2012", "30 September 2012"),
    ]
    assert b"30 September 2012" in page.content
    confirm(client, pending, page)

    action = held.actions.get(ref="2")
    assert action.due_date == datetime.date(2012, 9, 30)
    latest = action.history.latest()
    assert latest.history_change_reason == "updated by a re-import of the plan"
    assert latest.prev_record.due_date == datetime.date(2012, 3, 31)
    page = client.get(action.get_absolute_url())
    assert page.status_code == 200


def test_a_removed_action_is_flagged_not_deleted(client, held):
    pending = upload(client, plan_file(ROWS[0], ROWS[2]), name="v2.txt")
    page = choose_update(client, pending, held)
    assert [a.ref for a in page.context["diff"].missing] == ["2"]
    confirm(client, pending, page)

    gone = held.actions.get(ref="2")  # still there
    assert gone.rag_updates.exists()
    version = held.versions.first()
    assert list(version.missing_actions.all()) == [gone]
    plan_page = client.get(held.get_absolute_url())
    assert b"not in the latest version" in plan_page.content
    assert b"Not in the latest version" in client.get(gone.get_absolute_url()).content
    assert (
        b"Not in the latest version"
        not in client.get(held.actions.get(ref="1").get_absolute_url()).content
    )


def test_an_added_action_is_created_after_the_others(client, held):
    extra = b"4\tOpen a crisis cafe\tMIND\tDecember 2012\t\tGreen\n"
    pending = upload(client, plan_file(*ROWS, extra), name="v2.txt")
    page = choose_update(client, pending, held)
    assert [r.parsed.ref for r in page.context["diff"].added] == ["4"]
    confirm(client, pending, page)
    new = held.actions.get(ref="4")
    assert new.order > held.actions.get(ref="3").order
    assert new.current_rating == "green"


def test_the_plan_page_lists_its_versions(client, held, admin_user):
    pending = upload(client, plan_file(ROWS[0], ROWS[1]), name="plan v2.txt")
    confirm(client, pending, choose_update(client, pending, held))
    versions = list(held.versions.all())
    assert [v.filename for v in versions] == ["plan v2.txt", "plan.txt"]
    assert versions[0].created_by == admin_user
    assert versions[0].summary["missing"] == 1
    page = client.get(held.get_absolute_url()).content.decode()
    assert "Versions of this plan (2)" in page
    assert "plan v2.txt" in page and "First imported: 3 actions" in page


def test_an_admin_corrects_a_match_with_a_select(client, held):
    # Row 2 reworded beyond recognition: read as a new action, action 2 as missing.
    reworded = b"\tCo-produce a new crisis offer\tSSSFT\tMarch 2012\tNot started\tRed\n"
    pending = upload(client, plan_file(ROWS[0], reworded, ROWS[2]), name="v2.txt")
    page = choose_update(client, pending, held)
    assert len(page.context["diff"].added) == 1
    action_2 = held.actions.get(ref="2")
    response = client.post(
        reverse("importers:rematch", args=[pending.pk]), {"match_1": action_2.pk}
    )
    assert response.status_code == 302
    page = preview(client, pending)
    diff = page.context["diff"]
    assert not diff.added and not diff.missing
    (row,) = diff.changed
    assert row.action == action_2 and row.how == "chosen"
    confirm(client, pending, page)
    assert held.actions.count() == 3
    assert held.actions.get(pk=action_2.pk).text == "Co-produce a new crisis offer"


def test_one_action_chosen_for_two_rows_is_a_clear_error(client, held):
    rows = (
        b"\tCo-produce a new crisis offer\tSSSFT\tMarch 2012\t\t\n",
        b"\tOpen a crisis cafe\tMIND\tMay 2012\t\t\n",
    )
    pending = upload(client, plan_file(ROWS[0], *rows), name="v2.txt")
    choose_update(client, pending, held)
    missing = held.actions.get(ref="2").pk
    response = client.post(
        reverse("importers:rematch", args=[pending.pk]), {"match_1": missing, "match_2": missing}
    )
    assert response.status_code == 400
    assert b"already chosen for another row" in response.content
    assert PendingImport.objects.get(pk=pending.pk).matches == {}


def test_cancel_writes_nothing(client, held):
    pending = upload(client, plan_file(ROWS[0]), name="v2.txt")
    choose_update(client, pending, held)
    before = state()
    client.post(reverse("importers:cancel", args=[pending.pk]))
    after = state()
    assert after[:5] == before[:5]
    assert after[5] == before[5] - 1


def test_a_failure_during_confirm_leaves_the_database_as_it_was(client, held, monkeypatch):
    revised = plan_file(
        b"1\tWrite the carers strategy\tJCT\tJuly 2011\tPublished\tBlue\n",
        b"2\tReview crisis pathway\tSSSFT\tMarch 2012\tStarted\tAmber\n",
        b"4\tOpen a crisis cafe\tMIND\tDecember 2012\t\tGreen\n",
    )
    pending = upload(client, revised, name="v2.txt")
    page = choose_update(client, pending, held)
    before = state()
    history_before = Action.history.count()

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(reimport, "actions_add_from_parsed", broken)  # after the updates
    client.raise_request_exception = False
    response = confirm(client, pending, page)
    assert response.status_code == 500
    assert state() == before
    assert Action.history.count() == history_before


def test_a_double_confirm_applies_once(client, held):
    pending = upload(client, plan_file(ROWS[0], ROWS[1]), name="v2.txt")
    page = choose_update(client, pending, held)
    stale = PendingImport.objects.get(pk=pending.pk)
    confirm(client, pending, page)
    after_first = state()
    assert client.post(reverse("importers:confirm", args=[pending.pk])).status_code == 404
    # Two requests at once: the second finds the upload gone once it gets the lock.
    with pytest.raises(reimport.ReimportRefused):
        reimport.plan_reimport_apply(pending=stale, parsed=reimport.ParsedPlan(title=""), user=None)
    assert state() == after_first
    assert PlanVersion.objects.filter(plan=held).count() == 2


def test_a_diff_that_changed_since_it_was_shown_is_not_applied(client, held):
    pending = upload(client, plan_file(ROWS[0], ROWS[1]), name="v2.txt")
    page = choose_update(client, pending, held)
    Action.objects.filter(plan=held, ref="1").update(text="Edited meanwhile", version=5)
    before = state()
    response = confirm(client, pending, page)
    assert response.status_code == 302
    assert state() == before
    page = preview(client, pending)
    assert b"The plan has changed since these changes were shown" in page.content


def test_the_word_version_of_a_seed_imported_from_text_offers_update_that_plan(client, admin_user):
    client.force_login(admin_user)
    text_plan = import_new(client, seed_path("000").read_bytes(), name=seed_path("000").name)
    docx = ROOT / "fixtures" / "documents" / "000_2c7d5c915c81b674.docx"
    pending = upload(client, docx.read_bytes(), name=docx.name)
    page = preview(client, pending)
    assert b"This looks like a plan already held" in page.content
    assert list(page.context["decision_form"].plans.values()) == [text_plan]
    assert b"Yes: update &#x27;APPENDIX TWO Action Plan&#x27; (Telford and Wrekin)" in page.content
    page = choose_update(client, pending, text_plan)
    diff = page.context["diff"]
    assert len(diff.rows) == 44
    assert not diff.added and not diff.missing  # the same 44 actions, all matched
    confirm(client, pending, page)
    assert Plan.objects.count() == 1
    assert text_plan.versions.count() == 2


def numbered_plan(size: int, *, progress: str, skip: int | None = None) -> bytes:
    rows = [
        f"{n}\tAction number {n} of the plan\tJCT\tJune 2011\t{progress} {n}\tGreen\n".encode()
        for n in range(1, size + 1)
        if n != skip
    ]
    return plan_file(*rows)


@pytest.mark.parametrize("size", [10, 200])
def test_the_diff_page_runs_the_same_queries_however_many_actions(
    client, admin_user, django_assert_num_queries, size
):
    client.force_login(admin_user)
    plan = import_new(client, numbered_plan(size, progress="Started"))
    revised = numbered_plan(size, progress="Finished", skip=3)
    pending = upload(client, revised + b"999\tA new action\tJCT\tJune 2012\t\tRed\n", "v2.txt")
    choose_update(client, pending, plan)
    # session, user, user's groups (roles), upload + plan to update, this file already
    # imported? (a plan by its checksum, a version by its checksum), the plan's actions,
    # their leads
    with django_assert_num_queries(8):
        page = preview(client, pending)
    diff = page.context["diff"]
    assert (len(diff.changed), len(diff.ratings), len(diff.added), len(diff.missing)) == (
        size - 1,
        size - 1,
        1,
        1,
    )


def test_a_seed_reimported_with_october_progress_appends_ratings_and_changes_nothing_else(
    client, admin_user
):
    client.force_login(admin_user)
    seed = seed_path("003")
    plan = import_new(client, seed.read_bytes(), name=seed.name)
    before = list(
        plan.actions.order_by("pk").values_list("pk", "text", "due_date", "outcomes", "progress")
    )
    ratings_before = RagUpdate.objects.count()
    text = seed.read_text()
    old_progress = "Incorporated into 2015/16 contracting round as appropriate and local"
    follow_up_end = "in anticipation of 16/17 contracting round\n\t\n"
    assert text.count(old_progress) == 1 and text.count(follow_up_end) == 1
    revised = text.replace(old_progress, "Signed off by every partner in October; local").replace(
        follow_up_end, "in anticipation of 16/17 contracting round\n\tGreen\n"
    )
    pending = upload(client, revised.encode(), name="bexley-october.txt")
    page = choose_update(client, pending, plan)
    diff = page.context["diff"]
    assert not diff.added and not diff.missing
    assert [(r.action.ref, [c.name for c in r.changes]) for r in diff.changed] == [
        ("2", ["progress"])
    ]
    assert [(r.action.ref, r.new_rating) for r in diff.ratings] == [("2", "green")]
    confirm(client, pending, page)

    assert RagUpdate.objects.count() == ratings_before + 1
    after = list(
        plan.actions.order_by("pk").values_list("pk", "text", "due_date", "outcomes", "progress")
    )
    changed = [(b, a) for b, a in zip(before, after, strict=True) if b != a]
    assert len(changed) == 1
    assert changed[0][1][4].startswith("Signed off by every partner in October")
    assert plan.actions.get(ref="2").current_rating == "green"
