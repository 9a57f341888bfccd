"""The round update page (issue 14): its heading names the action, its rating radios show the
plan's legend and never offer "Not yet rated", and its text has limits."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans import limits
from plans.models import RagUpdate
from plans.rounds.services import round_update_create
from tests.pages import page_text


def update_url(open_round, action) -> str:
    return reverse("plans:round-update", args=[open_round.pk, action.pk])


def test_the_heading_and_title_name_the_action_and_the_round(
    client, lead_user, open_round, actions
):
    actions[0].text = "Develop a crisis pathway with the ambulance service and both acute trusts"
    actions[0].save()
    client.force_login(lead_user)
    page = client.get(update_url(open_round, actions[0])).content.decode()
    (heading,) = re.findall(r"<h1>(.*?)</h1>", page, flags=re.S)
    assert page_text(heading) == (
        "November 2026 update · Crisis care plan › 1 Access – "
        "1.1 Develop a crisis pathway with the ambulance service and both acute trusts"
    )
    assert "<title>November 2026 update: 1.1 Develop a crisis pathway" in page


def test_the_rating_radios_show_the_plans_legend_as_hints(client, lead_user, open_round, actions):
    client.force_login(lead_user)
    page = client.get(update_url(open_round, actions[0])).content.decode()
    assert (
        '<label class="nhsuk-label nhsuk-radios__label" for="id_rating_2">Green</label>\n'
        '        <div class="nhsuk-hint nhsuk-radios__hint" id="id_rating_2-item-hint">'
        "On target against milestones</div>"
    ) in page
    assert 'value="green" id="id_rating_2" aria-describedby="id_rating_2-item-hint"' in page
    assert 'id="id_rating_3-item-hint">Complete</div>' in page


def test_not_yet_rated_is_not_offered_nor_accepted(client, lead_user, open_round, actions):
    client.force_login(lead_user)
    url = update_url(open_round, actions[0])
    page = client.get(url).content.decode()
    assert 'value="not_rated"' not in page
    assert "Not yet rated</option>" not in page  # nor as a forecast
    response = client.post(url, {"rating": "not_rated"})
    assert response.status_code == 400
    assert "Select red, amber, green or blue" in page_text(response.content.decode())
    assert not RagUpdate.objects.exists()


@pytest.mark.parametrize(
    ("field", "limit"),
    [
        ("commentary", limits.COMMENTARY),
        ("why_and_next", limits.WHY_AND_NEXT),
        ("due_date_reason", limits.DUE_DATE_REASON),
    ],
)
def test_each_text_over_its_limit_is_refused_and_at_it_taken(
    client, lead_user, open_round, actions, field, limit
):
    client.force_login(lead_user)
    url = update_url(open_round, actions[0])
    data = {"rating": "amber", "why_and_next": "Staff off sick.", "new_due_date": "2027-06-30"}
    data["due_date_reason"] = "Cover starts late."

    response = client.post(url, {**data, field: "w" * (limit.max_length + 1)})
    assert response.status_code == 400
    assert limit.message in page_text(response.content.decode())
    assert "Say why the action is red or amber" not in page_text(response.content.decode())
    assert f'data-maxlength="{limit.max_length}"' in response.content.decode()
    assert not RagUpdate.objects.exists()

    assert client.post(url, {**data, field: "w" * limit.max_length}).status_code == 302
    assert RagUpdate.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "limit"),
    [("why_and_next", limits.WHY_AND_NEXT), ("due_date_reason", limits.DUE_DATE_REASON)],
)
def test_the_round_update_service_refuses_text_over_its_limit(
    open_round, actions, lead_user, field, limit
):
    words = {"why_and_next": "Staff off sick.", "due_date_reason": "Cover starts late."}
    words[field] = "w" * (limit.max_length + 1)
    with pytest.raises(ValidationError) as refused:
        round_update_create(
            round=open_round,
            action=actions[0],
            rating="amber",
            commentary="Behind.",
            author=lead_user,
            new_due_date=datetime.date(2027, 6, 30),
            **words,
        )
    assert refused.value.message_dict == {field: [limit.message]}
    assert not RagUpdate.objects.exists()


def test_my_actions_links_each_update_due_by_its_ref_and_text(
    client, lead_user, open_round, actions
):
    client.force_login(lead_user)
    page = client.get(reverse("plans:my-actions")).content.decode()
    link = f'<a href="{update_url(open_round, actions[0])}">'
    (name,) = re.findall(re.escape(link) + r"(.*?)</a>", page)
    assert page_text(name) == f"Update 1.1 {actions[0].text} for November 2026"
