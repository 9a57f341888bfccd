"""Append-only ratings, field history, concurrent edits and deletion records."""

import datetime

import pytest
from django.urls import reverse

from plans.models import Action, AuditRecord, Milestone, Plan, RagUpdate
from plans.services import StaleEdit, action_update
from tests.factories import ActionFactory, MilestoneFactory, RagUpdateFactory

pytestmark = pytest.mark.django_db


def edit_form(action, **overrides):
    data = {
        "text": action.text,
        "context": action.context,
        "timescale_text": action.timescale_text,
        "start_date": "",
        "due_date": "",
        "outcomes": action.outcomes,
        "follow_up": action.follow_up,
        "version": action.version,
    }
    return data | overrides


def test_admin_shows_rag_updates_read_only(client, admin_user):
    update = RagUpdateFactory(commentary="Original words")
    client.force_login(admin_user)
    change_url = reverse("admin:plans_ragupdate_change", args=[update.pk])
    assert client.get(change_url).status_code == 200  # may look
    client.post(change_url, {"rating": "red", "commentary": "Rewritten"})
    assert (
        client.post(
            reverse("admin:plans_ragupdate_delete", args=[update.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert client.get(reverse("admin:plans_ragupdate_add")).status_code == 403
    update.refresh_from_db()
    assert update.commentary == "Original words"
    assert RagUpdate.objects.count() == 1


def test_an_admin_edit_records_who_and_the_before_and_after_values(client, admin_user):
    action = ActionFactory(text="Old wording")
    client.force_login(admin_user)
    response = client.post(
        reverse("plans:action-edit", args=[action.pk]), edit_form(action, text="New wording")
    )
    assert response.status_code == 302
    latest, previous = action.history.all()[:2]
    assert latest.history_user == admin_user
    assert previous.text == "Old wording" and latest.text == "New wording"
    delta = latest.diff_against(previous)
    assert [change.field for change in delta.changes if change.field == "text"] == ["text"]
    page = client.get(action.get_absolute_url())
    assert b"Change history" in page.content
    assert "“Old wording” → “New wording”" in page.content.decode()


def test_change_history_is_shown_to_admins_only(client, commissioner, own_action):
    client.force_login(commissioner)
    assert b"Change history" not in client.get(own_action.get_absolute_url()).content


def test_the_second_of_two_concurrent_edits_is_refused_with_the_current_values(client, admin_user):
    action = ActionFactory(text="Version one")
    loaded_version = action.version  # both editors open the form now
    client.force_login(admin_user)
    first = client.post(
        reverse("plans:action-edit", args=[action.pk]),
        edit_form(action, text="First editor's words", version=loaded_version),
    )
    assert first.status_code == 302
    second = client.post(
        reverse("plans:action-edit", args=[action.pk]),
        edit_form(action, text="Second editor's words", version=loaded_version),
    )
    assert second.status_code == 409
    assert b"Someone else changed this action" in second.content
    assert b"First editor&#x27;s words" in second.content  # the saved value is shown
    action.refresh_from_db()
    assert action.text == "First editor's words"
    assert action.version == loaded_version + 1


def test_action_update_service_refuses_a_stale_version():
    action = ActionFactory()
    action_update(action=action, expected_version=1, changes={"text": "a"}, editor=None)
    with pytest.raises(StaleEdit) as stale:
        action_update(
            action=Action.objects.get(pk=action.pk),
            expected_version=1,
            changes={"text": "b"},
            editor=None,
        )
    assert stale.value.current.text == "a"
    assert Action.objects.get(pk=action.pk).text == "a"


def test_two_rag_updates_at_once_are_both_kept(client, commissioner, own_action):
    client.force_login(commissioner)
    url = reverse("plans:action-rate", args=[own_action.pk])
    client.post(url, {"rating": "green", "commentary": "From the first tab"})
    client.post(url, {"rating": "amber", "commentary": "From the second tab"})
    assert own_action.rag_updates.count() == 2


def test_a_commissioner_records_a_milestone_done_on_their_action(client, commissioner, own_action):
    milestone = MilestoneFactory(action=own_action)
    client.force_login(commissioner)
    response = client.post(
        reverse("plans:milestone-done", args=[milestone.pk]), {"done_date": "2026-03-31"}
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_date == datetime.date(2026, 3, 31)
    assert milestone.history.first().history_user == commissioner


def test_a_commissioner_cannot_touch_another_orgs_milestone(client, commissioner, other_action):
    milestone = MilestoneFactory(action=other_action)
    client.force_login(commissioner)
    response = client.post(
        reverse("plans:milestone-done", args=[milestone.pk]), {"done_date": "2026-03-31"}
    )
    assert response.status_code == 403
    assert Milestone.objects.get(pk=milestone.pk).done_date is None


def test_a_future_done_date_is_refused(client, commissioner, own_action):
    milestone = MilestoneFactory(action=own_action)
    client.force_login(commissioner)
    client.post(reverse("plans:milestone-done", args=[milestone.pk]), {"done_date": "2999-01-01"})
    assert Milestone.objects.get(pk=milestone.pk).done_date is None


def test_deleting_a_plan_in_the_admin_keeps_an_audit_record(client, admin_user):
    update = RagUpdateFactory()
    plan = update.action.plan
    client.force_login(admin_user)
    client.post(reverse("admin:plans_plan_delete", args=[plan.pk]), {"post": "yes"})
    assert not Plan.objects.exists()
    record = AuditRecord.objects.get(what="plan deleted")
    assert record.who == admin_user
    assert record.details["title"] == plan.title
    assert record.details["rag_updates"] == 1


def test_a_correction_is_a_new_update_that_says_so(client, commissioner, own_action):
    client.force_login(commissioner)
    url = reverse("plans:action-rate", args=[own_action.pk])
    client.post(url, {"rating": "green", "commentary": "Wrongly rated"})
    client.post(
        url, {"rating": "amber", "commentary": "Correcting: still behind", "is_correction": "on"}
    )
    first, correction = own_action.rag_updates.order_by("created_at")
    assert (first.rating, first.is_correction) == ("green", False)
    assert (correction.rating, correction.is_correction) == ("amber", True)
    assert b"Correction" in client.get(own_action.get_absolute_url()).content


def test_admins_manage_a_users_organisations_on_the_user_page(client, admin_user, commissioner):
    client.force_login(admin_user)
    page = client.get(reverse("admin:auth_user_change", args=[commissioner.pk]))
    assert page.status_code == 200
    assert b"rates actions these lead" in page.content
    listing = client.get(reverse("admin:auth_user_changelist"))
    assert b"Commissioners" in listing.content
