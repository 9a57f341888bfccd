"""Every rating control shows the plan's own legend and offers only real ratings
(plans/rating_controls.py): the action page's radios, My actions' selects, the ratings
workbook's drop-down."""

import pytest
from django.urls import reverse

from plans.models import RagUpdate
from plans.rating_controls import rating_choices, rating_hints
from plans.roundtrip.workbook import label_ratings
from tests.factories import PlanFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def telford():
    return PlanFactory(
        title="Telford plan",
        legend_red="Significantly off target",
        legend_amber="Slightly off target",
        legend_green="On target against milestones",
        legend_blue="Achieved",
    )


def test_the_choices_are_the_four_ratings_with_the_plans_words(telford):
    assert rating_choices(telford) == [
        ("red", "Red – Significantly off target"),
        ("amber", "Amber – Slightly off target"),
        ("green", "Green – On target against milestones"),
        ("blue", "Blue – Achieved"),
    ]
    assert rating_hints(telford) == {
        "red": "Significantly off target",
        "amber": "Slightly off target",
        "green": "On target against milestones",
        "blue": "Achieved",
    }


def test_a_plan_without_a_legend_names_the_ratings_and_calls_blue_complete():
    plan = PlanFactory()
    assert rating_choices(plan, blank="No change") == [
        ("", "No change"),
        ("red", "Red"),
        ("amber", "Amber"),
        ("green", "Green"),
        ("blue", "Blue – complete"),
    ]
    assert rating_hints(plan) == {"blue": "Complete"}


def test_the_ratings_workbook_offers_no_not_yet_rated(telford):
    assert "not_rated" not in label_ratings(telford).values()


def test_the_action_pages_radios_show_each_rating_and_its_legend(
    client, commissioner, own_action, telford
):
    own_action.plan = telford
    own_action.save()
    client.force_login(commissioner)
    page = client.get(reverse("plans:action-detail", args=[own_action.pk])).content.decode()
    for number, (name, legend) in enumerate(
        [
            ("Red", "Significantly off target"),
            ("Amber", "Slightly off target"),
            ("Green", "On target against milestones"),
            ("Blue", "Achieved"),
        ]
    ):
        option = f"id_rating_{number}"
        assert f'id="{option}" aria-describedby="{option}-item-hint">' in page
        assert f'for="{option}">{name}</label>' in page
        assert (
            f'<div class="nhsuk-hint nhsuk-radios__hint" id="{option}-item-hint">{legend}' in page
        )
    assert 'value="not_rated"' not in page


def test_the_action_page_refuses_not_yet_rated_as_a_rating(client, commissioner, own_action):
    client.force_login(commissioner)
    response = client.post(
        reverse("plans:action-rate", args=[own_action.pk]), {"rating": "not_rated"}
    )
    assert response.status_code == 400
    assert "Select red, amber, green or blue" in page_text(response.content.decode())
    assert not RagUpdate.objects.exists()


def test_my_actions_selects_show_the_legend_and_no_not_yet_rated(
    client, commissioner, own_action, telford
):
    own_action.plan = telford
    own_action.save()
    client.force_login(commissioner)
    page = client.get(reverse("plans:my-actions")).content.decode()
    assert '<option value="green">Green – On target against milestones</option>' in page
    assert '<option value="not_rated">' not in page
    response = client.post(
        reverse("plans:my-actions"),
        {f"rating-{own_action.pk}": "not_rated", f"commentary-{own_action.pk}": ""},
    )
    assert response.status_code == 400
    assert not RagUpdate.objects.exists()
