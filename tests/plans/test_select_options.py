"""Selects in forms are written by components/field.html with plans_tags.select_options."""

import pytest
from django.template.loader import render_to_string

from plans.filters import ActionFilter
from plans.models import Action
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def rendered_lead_filter(query: dict) -> str:
    form = ActionFilter(query, queryset=Action.objects.all()).form
    return render_to_string("components/field.html", {"field": form["lead"]})


def test_a_filter_select_lists_every_lead_escaped_with_the_chosen_one_selected():
    ann, bob = LeadFactory(name="Ann <Smith>"), LeadFactory(name="Bob & Co")
    html = rendered_lead_filter({"lead": str(bob.pk)})
    assert '<select class="nhsuk-select" id="id_lead" name="lead"' in html
    assert f'<option value="{ann.pk}">Ann &lt;Smith&gt;</option>' in html
    assert f'<option value="{bob.pk}" selected>Bob &amp; Co</option>' in html
    assert html.count(" selected") == 1


def test_with_nothing_chosen_the_empty_option_is_selected():
    LeadFactory()
    html = rendered_lead_filter({})
    assert '<option value="" selected>' in html
    assert html.count(" selected") == 1
