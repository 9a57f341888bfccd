"""LongSelect writes the markup Django's Select writes, faster."""

import pytest
from django import forms
from django.test.testcases import assert_and_parse_html

from plans.models import Lead
from plans.widgets import LongSelect
from tests.factories import LeadFactory

pytestmark = pytest.mark.django_db


def parsed(html):
    return assert_and_parse_html(None, html, None, "Invalid HTML")


@pytest.mark.parametrize("chosen", [None, 0, 2])
def test_long_select_writes_what_djangos_select_writes(chosen):
    for name in ("Ann <Smith>", "Bob & Co", 'Quote "Q"'):
        LeadFactory(name=name)
    leads = list(Lead.objects.order_by("pk"))
    value = None if chosen is None else leads[chosen].pk
    attrs = {"id": "id_lead", "aria-describedby": "lead-hint", "class": "nhsuk-select"}

    def field(widget):
        return forms.ModelChoiceField(queryset=Lead.objects.order_by("pk"), widget=widget)

    ours = field(LongSelect).widget.render("lead", value, attrs=attrs)
    djangos = field(forms.Select).widget.render("lead", value, attrs=attrs)
    assert parsed(ours) == parsed(djangos)
    assert ours.count(" selected") == 1
