"""The upload flow: the file is read once, by the worker, never in a web request."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from importers import services
from importers.models import PendingImport
from plans.models import Plan

pytestmark = pytest.mark.django_db

SMALL_PLAN = (
    b"Small action plan\n\n"
    b"Ref\tAction\tLead\tTimescale\tRAG\n"
    b"1\tWrite the carers strategy\tJCT\tJune 2011\tGreen\n"
    b"2\tReview crisis pathway\tSSSFT\tTBC\tRed\n"
)


@pytest.fixture
def queued_only(settings):
    """Tasks are stored, not run: as in production until the worker picks them up."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def reader_calls(monkeypatch):
    """Count every call into the bounded reader and the bounded layout."""
    calls = {"read": 0, "lay_out": 0}
    real_read, real_lay_out = services.read_bounded, services.lay_out_bounded

    def read(*args, **kwargs):
        calls["read"] += 1
        return real_read(*args, **kwargs)

    def lay_out(*args, **kwargs):
        calls["lay_out"] += 1
        return real_lay_out(*args, **kwargs)

    monkeypatch.setattr(services, "read_bounded", read)
    monkeypatch.setattr(services, "lay_out_bounded", lay_out)
    return calls


def upload(client, content: bytes, name="plan.txt"):
    return client.post(reverse("importers:upload"), {"file": SimpleUploadedFile(name, content)})


def test_the_upload_returns_before_the_file_is_read(client, admin_user, queued_only, reader_calls):
    client.force_login(admin_user)
    response = upload(client, SMALL_PLAN)
    pending = PendingImport.objects.get()
    assert response.status_code == 302
    assert pending.status == PendingImport.Status.QUEUED
    assert reader_calls == {"read": 0, "lay_out": 0}
    page = client.get(response["Location"])
    assert b"Reading the plan" in page.content
    assert client.get(reverse("importers:status", args=[pending.pk])).json() == {
        "status": "queued",
        "label": "Waiting to be read",
        "finished": False,
    }
    assert reader_calls == {"read": 0, "lay_out": 0}


def test_the_worker_reads_once_and_preview_and_confirm_never_read_again(
    client, admin_user, queued_only, reader_calls
):
    client.force_login(admin_user)
    upload(client, SMALL_PLAN)
    pending = PendingImport.objects.get()
    services.pending_import_read(pending_id=pending.pk)  # the worker's turn
    assert reader_calls["read"] == 1
    status = client.get(reverse("importers:status", args=[pending.pk])).json()
    assert status["finished"] is True

    for _ in range(3):
        preview = client.get(reverse("importers:preview", args=[pending.pk]))
        assert b"Write the carers strategy" in preview.content
    client.post(reverse("importers:confirm", args=[pending.pk]))
    assert reader_calls == {"read": 1, "lay_out": 0}
    assert Plan.objects.get().actions.count() == 2


def test_a_task_already_taken_by_a_worker_is_not_read_twice(client, admin_user, queued_only):
    client.force_login(admin_user)
    upload(client, SMALL_PLAN)
    pending = PendingImport.objects.get()
    services.pending_import_read(pending_id=pending.pk)
    PendingImport.objects.filter(pk=pending.pk).update(plan=None)
    services.pending_import_read(pending_id=pending.pk)  # a second delivery of the same task
    assert PendingImport.objects.get().plan is None


def test_a_file_that_cannot_be_read_shows_why_and_writes_nothing(client, admin_user):
    client.force_login(admin_user)
    response = upload(client, b"Just a letter.\n\nNothing here looks like a plan.\n")
    page = client.get(response["Location"])
    assert b"The plan could not be read" in page.content
    assert PendingImport.objects.get().status == PendingImport.Status.FAILED
    assert b"Import this plan" not in page.content
    assert not Plan.objects.exists()


def test_a_reading_over_the_time_limit_gets_a_clear_message(client, admin_user, monkeypatch):
    from importers.reading.document import UnreadableDocument

    def too_slow(*args, **kwargs):
        raise UnreadableDocument("This file took too long to read (the limit is 60 seconds)")

    monkeypatch.setattr(services, "read_bounded", too_slow)
    client.force_login(admin_user)
    page = client.get(upload(client, SMALL_PLAN)["Location"])
    assert b"took too long to read" in page.content
    assert not Plan.objects.exists()


def test_confirming_before_the_reading_is_done_writes_nothing(client, admin_user, queued_only):
    client.force_login(admin_user)
    upload(client, SMALL_PLAN)
    pending = PendingImport.objects.get()
    response = client.post(reverse("importers:confirm", args=[pending.pk]), follow=True)
    assert b"has not been read yet" in response.content
    assert not Plan.objects.exists()
    assert PendingImport.objects.filter(pk=pending.pk).exists()
