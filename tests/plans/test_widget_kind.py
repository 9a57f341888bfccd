"""components/field.html picks its markup by plans.templatetags.form_tags.widget_kind."""

import pytest
from django import forms
from django.urls import reverse

from plans.templatetags.form_tags import widget_kind
from tests.factories import PlanFactory


class Choices(forms.Form):
    many = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    one = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)


def test_checkboxes_are_not_taken_for_radios_though_django_subclasses_them():
    form = Choices()
    assert widget_kind(form["many"]) == "checkboxselectmultiple"
    assert widget_kind(form["one"]) == "radioselect"


@pytest.mark.django_db
def test_opening_a_round_offers_every_plan_as_a_checkbox(client, admin_user):
    first, second = PlanFactory(), PlanFactory()
    client.force_login(admin_user)
    page = client.get(reverse("plans:round-open")).content.decode()
    for plan in (first, second):
        assert f'type="checkbox" name="plans" value="{plan.pk}"' in page
    assert 'type="radio" name="plans"' not in page
