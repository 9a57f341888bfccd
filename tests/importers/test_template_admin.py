"""Import templates are listed and editable in the admin site; a bad role is refused."""

import pytest
from django.urls import reverse

from importers.models import ImportTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def template():
    return ImportTemplate.objects.create(
        signature="ref|action|owner", name="county plan.xlsx", mapping={"roles": {"Owner": "leads"}}
    )


def test_templates_are_listed_for_admins(client, admin_user, template):
    client.force_login(admin_user)
    page = client.get(reverse("admin:importers_importtemplate_changelist"))
    assert page.status_code == 200
    assert b"county plan.xlsx" in page.content


def test_an_admin_edits_a_templates_roles(client, admin_user, template):
    client.force_login(admin_user)
    url = reverse("admin:importers_importtemplate_change", args=[template.pk])
    response = client.post(
        url,
        {"name": "county plan", "signature": template.signature,
         "mapping": '{"roles": {"Owner": "extra"}}'},
    )  # fmt: skip
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.mapping == {"roles": {"Owner": "extra"}}


def test_a_template_with_an_unknown_role_is_refused(client, admin_user, template):
    client.force_login(admin_user)
    url = reverse("admin:importers_importtemplate_change", args=[template.pk])
    response = client.post(
        url,
        {"name": "county plan", "signature": template.signature,
         "mapping": '{"roles": {"Owner": "boss"}}'},
    )  # fmt: skip
    assert response.status_code == 200
    assert b"Unknown role boss" in response.content
    template.refresh_from_db()
    assert template.mapping == {"roles": {"Owner": "leads"}}
