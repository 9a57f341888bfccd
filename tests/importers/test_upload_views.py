import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from importers.models import PendingImport
from plans.models import Plan

pytestmark = pytest.mark.django_db

SMALL_PLAN = (
    "Small action plan\n\n"
    "Ref\tAction\tLead\tTimescale\tRAG\n"
    "1\tWrite the carers strategy\tJCT\tJune 2011\tGreen\n"
    "2\tReview crisis pathway\tSSSFT\tTBC\tRed\n"
)


def upload(client, content: bytes, name="plan.txt"):
    return client.post(reverse("importers:upload"), {"file": SimpleUploadedFile(name, content)})


def test_an_admin_uploads_previews_with_warnings_and_confirms(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, SMALL_PLAN.encode())
    pending = PendingImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("importers:preview", args=[pending.pk])

    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert b"Write the carers strategy" in preview.content
    assert b"TBC" in preview.content  # the undated timescale is warned about
    assert not Plan.objects.exists()  # nothing written before confirming

    confirmed = client.post(reverse("importers:confirm", args=[pending.pk]))
    plan = Plan.objects.get()
    assert confirmed["Location"] == plan.get_absolute_url()
    assert plan.actions.count() == 2
    assert not PendingImport.objects.exists()


def test_a_bad_file_gets_a_clear_error_on_the_form_and_nothing_is_kept(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, b"", name="empty.docx")
    assert response.status_code == 400
    assert b"empty" in response.content
    assert not PendingImport.objects.exists()
    assert not Plan.objects.exists()


def test_a_corrupt_docx_is_refused_with_a_message(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, b"PK\x03\x04 not really a zip", name="plan.docx")
    assert response.status_code == 400
    assert not PendingImport.objects.exists()


def test_the_same_file_twice_is_flagged_in_the_preview_and_creates_nothing(client, admin_user):
    client.force_login(admin_user)
    upload(client, SMALL_PLAN.encode())
    client.post(reverse("importers:confirm", args=[PendingImport.objects.get().pk]))
    upload(client, SMALL_PLAN.encode())
    pending = PendingImport.objects.get()
    assert (
        b"Already imported" in client.get(reverse("importers:preview", args=[pending.pk])).content
    )
    client.post(reverse("importers:confirm", args=[pending.pk]))
    assert Plan.objects.count() == 1


def test_an_admin_cannot_confirm_another_admins_upload(client, admin_user):
    from tests.factories import UserFactory

    client.force_login(admin_user)
    upload(client, SMALL_PLAN.encode())
    pending = PendingImport.objects.get()
    other = UserFactory(username="other-admin", is_superuser=True, is_staff=True)
    client.force_login(other)
    assert client.post(reverse("importers:confirm", args=[pending.pk])).status_code == 404
    assert not Plan.objects.exists()


def test_cancel_discards_the_upload(client, admin_user):
    client.force_login(admin_user)
    upload(client, SMALL_PLAN.encode())
    pending = PendingImport.objects.get()
    client.post(reverse("importers:cancel", args=[pending.pk]))
    assert not PendingImport.objects.exists()
    assert not Plan.objects.exists()


@pytest.mark.parametrize("persona", ["commissioner", "board_member"])
def test_only_admins_may_import(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("importers:upload")).status_code == 403
    assert upload(client, SMALL_PLAN.encode()).status_code == 403
    assert not PendingImport.objects.exists()


def test_uploads_left_unconfirmed_for_a_day_are_cleared_by_the_next_upload(client, admin_user):
    import datetime

    from django.utils import timezone

    client.force_login(admin_user)
    upload(client, SMALL_PLAN.encode())
    PendingImport.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    upload(client, SMALL_PLAN.encode() + b"3\tAnother\tJCT\tMay 2012\tAmber\n")
    assert PendingImport.objects.count() == 1
