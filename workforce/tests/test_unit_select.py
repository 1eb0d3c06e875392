"""The unit filters' select (workforce.widgets.LongSelect) writes its options in Python for speed;
what it renders must stay what Django's Select renders (but for whitespace between tags), crispy's
CSS class included."""

import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from workforce.filters import UnitChoiceField
from workforce.models import OrgUnit
from workforce.tests.factories import OrgUnitFactory
from workforce.widgets import LongSelect


def squeeze(html) -> str:
    return re.sub(r">\s+<", "><", str(html).strip())


def unit_form(widget, chosen: bool):
    class UnitForm(forms.Form):
        org_unit = UnitChoiceField(
            queryset=OrgUnit.objects.order_by("name"), empty_label="All units", widget=widget
        )

    return UnitForm({"org_unit": str(OrgUnit.objects.order_by("name")[1].pk)} if chosen else {})


@pytest.mark.django_db
def test_it_renders_what_djangos_select_renders():
    parent = OrgUnitFactory(name="North & <East>", kind=OrgUnit.Kind.REGION)
    OrgUnitFactory(name='Oak "House"', parent=parent)
    OrgUnitFactory(name="Elm Court")
    assert isinstance(UnitChoiceField(queryset=OrgUnit.objects.all()).widget, LongSelect)
    for chosen in (True, False):
        fast, plain = unit_form(LongSelect, chosen), unit_form(forms.Select, chosen)
        assert squeeze(fast["org_unit"]) == squeeze(plain["org_unit"])
        chosen_option = "selected>North &amp; &lt;East&gt;" if chosen else '<option value="" selected>'
        assert chosen_option in str(fast["org_unit"])
        crispy = as_crispy_field(fast["org_unit"])
        assert squeeze(crispy) == squeeze(as_crispy_field(plain["org_unit"]))
        assert 'class="select form-select' in crispy
        assert "North &amp; &lt;East&gt;" in crispy
