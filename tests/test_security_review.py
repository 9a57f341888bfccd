"""Issue 9, points 3-9: what the outside security review reproduced, now refused."""

import io
import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from actionplan.middleware import AnonymousBodyLimitMiddleware
from plans.api.parsers import json_depth
from plans.models import Action, RagUpdate
from plans.roles import Role
from tests.factories import ActionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    """Password-reset counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


# 3. Every save of an action bumps its version ---------------------------------------------


def admin_change_form(action, **overrides):
    """What the admin site's change form posts for an action (no milestones or ratings)."""
    data = {
        "plan": action.plan_id,
        "section": action.section_id or "",
        "ref": action.ref,
        "text": action.text,
        "context": action.context,
        "timescale_text": action.timescale_text,
        "start_date": "",
        "due_date": "",
        "outcomes": action.outcomes,
        "progress": action.progress,
        "follow_up": action.follow_up,
        "order": action.order,
        "loaded_version": action.version,
        "_save": "Save",
    }
    for prefix in ("milestones", "rag_updates"):
        data |= {
            f"{prefix}-TOTAL_FORMS": 0,
            f"{prefix}-INITIAL_FORMS": 0,
            f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000,
        }
    return data | overrides


def web_edit_form(action, version, **overrides):
    data = {
        "text": action.text,
        "context": "",
        "timescale_text": "",
        "start_date": "",
        "due_date": "",
        "outcomes": "",
        "follow_up": "",
        "version": version,
    }
    return data | overrides


def test_an_admin_site_save_bumps_the_version_and_says_where_it_was_made(client, admin_user):
    action = ActionFactory(text="Old words")
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:plans_action_change", args=[action.pk]),
        admin_change_form(action, text="Admin's words"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.text == "Admin's words"
    assert action.version == 2
    latest = action.history.latest()
    assert latest.history_change_reason == "edited in the admin site"
    assert latest.history_user == admin_user


def test_a_web_edit_loaded_before_an_admin_site_save_gets_409(client, admin_user):
    action = ActionFactory(text="Old words")
    loaded_in_the_web_app = action.version
    client.force_login(admin_user)
    client.post(
        reverse("admin:plans_action_change", args=[action.pk]),
        admin_change_form(action, text="Admin's words"),
    )
    stale = client.post(
        reverse("plans:action-edit", args=[action.pk]),
        web_edit_form(action, loaded_in_the_web_app, text="Web editor's words"),
    )
    assert stale.status_code == 409
    action.refresh_from_db()
    assert action.text == "Admin's words"


def test_an_admin_site_save_loaded_before_a_web_edit_is_refused(client, admin_user):
    action = ActionFactory(text="Old words")
    form_loaded = admin_change_form(action, text="Admin's words")  # version 1
    client.force_login(admin_user)
    client.post(
        reverse("plans:action-edit", args=[action.pk]),
        web_edit_form(action, action.version, text="Web editor's words"),
    )
    response = client.post(reverse("admin:plans_action_change", args=[action.pk]), form_loaded)
    assert response.status_code == 200  # the form again, with the error
    assert "Someone else changed this action" in response.content.decode()
    action.refresh_from_db()
    assert action.text == "Web editor's words"
    assert action.version == 2


def test_an_admin_site_save_sets_leads_through_the_service(client, admin_user, own_action):
    client.force_login(admin_user)
    lead = own_action.leads.get()
    response = client.post(
        reverse("admin:plans_action_change", args=[own_action.pk]),
        admin_change_form(own_action, leads=[]),
    )
    assert response.status_code == 302
    assert not Action.objects.get(pk=own_action.pk).leads.exists()
    assert lead.pk  # the lead itself is kept


# 4. Malformed or deeply nested JSON is a 400 ----------------------------------------------


def rate_by_api(client, action, body: str):
    return client.post(
        reverse("api:action-rag-updates", args=[action.pk]), body, content_type="application/json"
    )


def test_json_nested_100000_deep_is_a_400_not_a_500(client, commissioner, own_action):
    client.force_login(commissioner)
    response = rate_by_api(client, own_action, "[" * 100_000)
    assert response.status_code == 400
    assert "nested more than" in response.json()["detail"]
    assert not RagUpdate.objects.exists()


def test_malformed_json_is_a_400(client, commissioner, own_action):
    client.force_login(commissioner)
    response = rate_by_api(client, own_action, '{"rating": "green",')
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_a_json_body_over_the_upload_limit_is_refused(client, commissioner, own_action, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    client.force_login(commissioner)
    response = rate_by_api(client, own_action, '{"commentary": "%s"}' % ("x" * 2048))
    assert response.status_code == 400  # Django's RequestDataTooBig
    assert not RagUpdate.objects.exists()


def test_ordinary_json_within_the_limits_still_rates(client, commissioner, own_action):
    client.force_login(commissioner)
    response = rate_by_api(client, own_action, '{"rating": "green", "commentary": "[[[{{{"}')
    assert response.status_code == 201


def test_json_depth_ignores_brackets_inside_strings():
    assert json_depth(b'{"a": [1, {"b": "[[[[\\"]]"}]}') == 3
    assert json_depth(b'"just a string"') == 0


# 6. Password spraying from one address is throttled ---------------------------------------


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_thirty_failures_across_usernames_lock_that_address(client, settings):
    assert settings.AXES_IP_FAILURE_LIMIT == 30
    UserFactory(username="carol", password="right-password-3")
    for n in range(29):
        assert sign_in(client, f"guess{n}", "Winter2026!").status_code == 200
    assert sign_in(client, "guess29", "Winter2026!").status_code == 429  # the 30th failure
    locked = sign_in(client, "carol", "right-password-3")
    assert locked.status_code == 429
    assert b"from your network, for several usernames" in locked.content
    assert "_auth_user_id" not in client.session


def test_an_address_under_the_limit_and_other_addresses_still_sign_in(client, settings):
    settings.AXES_IP_FAILURE_LIMIT = 5
    UserFactory(username="carol", password="right-password-3")
    for n in range(5):
        sign_in(client, f"guess{n}", "Winter2026!")
    assert sign_in(client, "carol", "right-password-3", address="198.51.100.1").status_code == 302


def test_failures_older_than_the_cool_off_no_longer_count(client, settings):
    settings.AXES_IP_FAILURE_LIMIT = 5
    UserFactory(username="carol", password="right-password-3")
    for n in range(5):
        sign_in(client, f"guess{n}", "Winter2026!")
    AccessAttempt.objects.update(attempt_time="2000-01-01T00:00:00Z")
    assert sign_in(client, "carol", "right-password-3").status_code == 302


# 7. Anonymous request bodies are small ----------------------------------------------------


def test_an_anonymous_post_over_the_limit_gets_413_before_it_is_read(client, settings):
    settings.ANONYMOUS_MAX_BODY_BYTES = 64 * 1024
    response = client.post(reverse("login"), {"username": "x" * 100_000, "password": "p"})
    assert response.status_code == 413
    assert b"Request too large" in response.content
    assert not AccessAttempt.objects.exists()  # the sign-in form was never looked at


def test_the_limit_is_judged_by_content_length_without_reading_the_body(settings):
    settings.ANONYMOUS_MAX_BODY_BYTES = 64 * 1024

    class Unreadable(io.RawIOBase):
        def read(self, *args):
            raise AssertionError("the body was read")

    request = RequestFactory().post("/login/", data=b"", content_type="text/plain")
    request.META["CONTENT_LENGTH"] = str(100 * 1024 * 1024)
    request.META["wsgi.input"] = Unreadable()
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = AnonymousBodyLimitMiddleware(lambda r: r.read())(request)
    assert response.status_code == 413


def test_an_anonymous_chunked_body_is_refused(client):
    response = client.post(
        reverse("login"), {"username": "a", "password": "b"}, HTTP_TRANSFER_ENCODING="chunked"
    )
    assert response.status_code == 411


def test_signed_in_users_keep_the_ordinary_upload_limits(
    client, commissioner, own_action, settings
):
    settings.ANONYMOUS_MAX_BODY_BYTES = 64 * 1024
    client.force_login(commissioner)
    response = client.post(
        reverse("plans:action-rate", args=[own_action.pk]),
        # Commentary stops at 5,000 characters (plans.limits): the rest of the body is a
        # field the form does not read.
        {"rating": "amber", "commentary": "Long story.", "unread": "x" * 120_000},
    )
    assert response.status_code == 302
    assert RagUpdate.objects.count() == 1


# 8. Password reset by e-mail -------------------------------------------------------------


def ask_for_reset(client, email, address="203.0.113.9"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_the_login_page_links_to_password_reset(client):
    assert reverse("password_reset").encode() in client.get(reverse("login")).content


def test_a_known_email_gets_a_link_that_sets_a_new_password(client):
    UserFactory(username="dana", email="dana@example.nhs.uk", password="old-password-9")
    response = ask_for_reset(client, "Dana@example.nhs.uk")
    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dana@example.nhs.uk"]
    assert message.subject == "Reset your password for Action plans"
    link = re.search(r"http://testserver(/password-reset/\S+/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("password_reset_complete")
    assert sign_in(client, "dana", "a-brand-new-passphrase").status_code == 302


def test_an_unknown_email_gets_the_same_answer_and_no_mail(client):
    UserFactory(username="dana", email="dana@example.nhs.uk")
    known = ask_for_reset(client, "dana@example.nhs.uk")
    unknown = ask_for_reset(client, "nobody@example.nhs.uk")
    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert len(mail.outbox) == 1
    page = client.get(unknown["Location"])
    assert b"If that email address belongs to an account" in page.content


def test_a_used_or_forged_link_offers_a_new_one_and_no_form(client):
    response = client.get(reverse("password_reset_confirm", args=["MQ", "set-password"]))
    assert response.status_code == 200
    assert b"This link has expired" in response.content
    assert b"new_password1" not in response.content


def test_one_email_gets_at_most_three_links_an_hour_with_the_same_answer(client):
    UserFactory(username="dana", email="dana@example.nhs.uk")
    answers = {
        ask_for_reset(client, "dana@example.nhs.uk", address=f"203.0.113.{n}")["Location"]
        for n in range(5)
    }
    assert answers == {reverse("password_reset_done")}
    assert len(mail.outbox) == 3


def test_one_address_gets_a_429_after_ten_requests_an_hour(client):
    for n in range(10):
        assert ask_for_reset(client, f"person{n}@example.nhs.uk").status_code == 302
    refused = ask_for_reset(client, "person11@example.nhs.uk")
    assert refused.status_code == 429
    assert b"Too many requests" in refused.content
    assert ask_for_reset(client, "x@example.nhs.uk", address="198.51.100.2").status_code == 302


def test_an_invalid_email_is_an_nhs_style_error(client):
    response = ask_for_reset(client, "not an email")
    assert response.status_code == 200
    assert b"Enter an email address in the correct format" in response.content
    assert b"There is a problem" in response.content


# 9. The Admins role opens the admin site -------------------------------------------------


def admins_group():
    return Group.objects.get_or_create(name=Role.ADMIN.value)[0]


def test_an_admins_member_without_staff_status_can_manage_users(client, commissioner):
    made_in_the_app = UserFactory(username="newadmin", is_staff=False, is_superuser=False)
    made_in_the_app.groups.add(admins_group())
    client.force_login(made_in_the_app)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    page = client.get(reverse("admin:auth_user_change", args=[commissioner.pk]))
    assert page.status_code == 200
    assert b"Staff status" not in page.content  # the role is the one switch


def test_an_admins_member_can_sign_in_on_the_admin_login_page(client):
    made_in_the_app = UserFactory(username="newadmin", password="admin-password-1")
    made_in_the_app.groups.add(admins_group())
    response = client.post(
        reverse("admin:login"),
        {"username": "newadmin", "password": "admin-password-1", "next": reverse("admin:index")},
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_leaving_the_admins_group_closes_the_admin_site(client):
    former = UserFactory(username="former")
    former.groups.add(admins_group())
    former.groups.clear()
    client.force_login(former)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_staff_status_without_the_admins_role_does_not_open_the_admin_site(client):
    client.force_login(UserFactory(username="staffonly", is_staff=True))
    response = client.get(reverse("admin:auth_user_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admins_still_cannot_edit_rag_history_in_the_admin_site(client):
    made_in_the_app = UserFactory(username="newadmin")
    made_in_the_app.groups.add(admins_group())
    client.force_login(made_in_the_app)
    assert client.get(reverse("admin:plans_ragupdate_add")).status_code == 403
