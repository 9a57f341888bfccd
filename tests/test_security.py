import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from importers.models import PendingImport
from plans.models import Plan
from tests.factories import ActionFactory, LeadFactory, RagUpdateFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_page_carries_a_csp_without_inline_scripts(client, board_member):
    client.force_login(board_member)
    response = client.get(reverse("plans:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert b"<script>" not in response.content  # no inline script bodies


def test_the_login_page_has_the_csp_too(client):
    assert "default-src 'self'" in client.get(reverse("login"))["Content-Security-Policy"]


def test_logout_is_by_post_only(client, board_member):
    client.force_login(board_member)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get(reverse("plans:home")).status_code == 302


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_wrong_passwords_lock_that_username_at_that_address(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="alice", password="right-password-1")
    for _ in range(3):
        login(client, "alice", "wrong")
    locked = login(client, "alice", "right-password-1")
    assert locked.status_code == 429
    assert b"Too many sign-in attempts" in locked.content
    assert "_auth_user_id" not in client.session


def test_one_persons_typos_do_not_lock_out_colleagues_behind_the_same_address(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="alice", password="right-password-1")
    UserFactory(username="bob", password="right-password-2")
    for _ in range(3):
        login(client, "alice", "wrong")
    response = login(client, "bob", "right-password-2")
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


def test_names_and_commentary_with_html_are_escaped(client, board_member):
    action = ActionFactory(text="<script>alert('x')</script>")
    action.leads.add(LeadFactory(name="<b>Evil lead</b>"))
    RagUpdateFactory(action=action, commentary="<img src=x onerror=alert(1)>")
    client.force_login(board_member)
    for url in (
        action.get_absolute_url(),
        action.plan.get_absolute_url(),
        reverse("plans:action-list"),
    ):
        content = client.get(url).content
        assert b"<script>alert" not in content
        assert b"<b>Evil lead</b>" not in content
        assert b"<img src=x" not in content


def zip_bomb(uncompressed_mb: int) -> bytes:
    """A .docx-looking zip whose document.xml inflates to many MB of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as part:
            chunk = b"0" * (1024 * 1024)
            for _ in range(uncompressed_mb):
                part.write(chunk)
    return buffer.getvalue()


def test_a_zip_bomb_upload_is_refused_and_nothing_is_written(client, admin_user, settings):
    settings.IMPORT_OFFICE_MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024
    settings.IMPORT_OFFICE_MAX_PART_BYTES = 20 * 1024 * 1024
    client.force_login(admin_user)
    bomb = zip_bomb(uncompressed_mb=40)
    assert len(bomb) < 200 * 1024
    response = client.post(
        reverse("importers:upload"), {"file": SimpleUploadedFile("plan.docx", bomb)}
    )
    # The worker refuses it while reading; the upload's page says why.
    page = client.get(response["Location"])
    assert b"zip bomb" in page.content or b"unzipped" in page.content
    assert PendingImport.objects.get().status == PendingImport.Status.FAILED
    assert not Plan.objects.exists()


def test_an_oversized_upload_is_refused_before_it_is_read(client, admin_user, settings):
    settings.IMPORT_OFFICE_MAX_BYTES = 1024
    client.force_login(admin_user)
    response = client.post(
        reverse("importers:upload"), {"file": SimpleUploadedFile("plan.docx", b"x" * 4096)}
    )
    assert response.status_code == 400
    assert b"the limit is" in response.content
    assert not PendingImport.objects.exists()


def test_a_text_plan_over_its_limit_is_refused(client, admin_user, settings):
    settings.IMPORT_TEXT_MAX_BYTES = 100
    client.force_login(admin_user)
    response = client.post(
        reverse("importers:upload"),
        {"file": SimpleUploadedFile("plan.txt", b"Ref\tAction\tLead\n" + b"1\tdo it\tJCT\n" * 50)},
    )
    assert response.status_code == 400
    assert b"limit" in response.content
    assert not PendingImport.objects.exists()


def test_uploaded_files_are_never_served_back(client, admin_user):
    client.force_login(admin_user)
    html = b"<html><script>alert(1)</script></html>\nRef\tAction\tLead\tTimescale\n1\tx\tJCT\tJune 2011\n"
    client.post(reverse("importers:upload"), {"file": SimpleUploadedFile("plan.txt", html)})
    # Uploads live in the database only (PendingImport.content), never under MEDIA_ROOT,
    # and no URL serves them; the preview shows the reading, escaped.
    pending = PendingImport.objects.get()
    preview = client.get(reverse("importers:preview", args=[pending.pk]))
    assert b"<script>alert(1)</script>" not in preview.content
