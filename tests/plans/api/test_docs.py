"""The OpenAPI schema and its docs page, served from the app under the unchanged CSP."""

import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3_and_lists_every_api_url(client, board_member):
    client.force_login(board_member)
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    assert {"/api/plans/", "/api/actions/", "/api/actions/{id}/rag-updates/"} <= paths
    assert schema["components"]["securitySchemes"]["tokenAuth"]["scheme"] == "bearer"


def test_the_schema_generates_without_warnings(tmp_path):
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert yaml.safe_load(out.read_text())["info"]["title"] == "Action plans API"


def test_anonymous_visitors_get_no_schema_and_are_sent_to_sign_in_for_the_docs(client):
    assert client.get(reverse("api:schema")).status_code == 401
    response = client.get(reverse("api:docs"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_docs_page_has_no_inline_script_or_style_and_loads_only_local_files(
    client, board_member
):
    client.force_login(board_member)
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<style" not in html and " style=" not in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert len(scripts) == 3
    for attributes, body in scripts:
        assert body.strip() == "", "an inline script"
        assert 'src="/' in attributes, "a script from elsewhere"
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert url.startswith("/"), url  # nothing from a CDN


def test_the_docs_start_up_script_is_a_same_origin_javascript_file(client, board_member):
    client.force_login(board_member)
    html = client.get(reverse("api:docs")).content.decode()
    script_url = re.findall(r'<script src="([^"]+)"', html)[-1].replace("&amp;", "&")
    response = client.get(script_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in response.content.decode()
    assert "/api/schema/" in response.content.decode()


def test_swagger_ui_files_are_static_files_of_the_app(client, board_member):
    client.force_login(board_member)
    html = client.get(reverse("api:docs")).content.decode()
    for url in re.findall(r'(?:src|href)="/static/([^"?]+)"', html):
        assert finders.find(url), url
