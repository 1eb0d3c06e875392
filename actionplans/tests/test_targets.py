"""Outputs whose current value comes live from a measuring-success indicator."""

import datetime
from decimal import Decimal

from django.urls import reverse

from actionplans.models import OutputTarget
from actionplans.targets import attach_current_values, measuring_period
from actionplans.tests.factories import ActionFactory, OutputFactory
from workforce.tests.factories import StaffMemberFactory


def test_an_indicator_supplies_the_value_and_meets_the_target(client, director):
    action = ActionFactory()
    output = OutputFactory(action=action, indicator_key="workforce.headcount", current_value=Decimal("1"))
    OutputTarget.objects.create(output=output, value=Decimal("3"))
    StaffMemberFactory.create_batch(3)  # the director's own record makes 4 in post

    client.force_login(director)
    html = client.get(reverse("actionplans:action_detail", args=[action.pk])).content.decode()

    assert "(live: People in post at the end of the period)" in html
    assert "Met" in html


def test_without_an_indicator_the_recorded_value_counts(db):
    output = OutputFactory(current_value=Decimal("78"))
    attach_current_values([output], output.action.plan)
    assert output.value_now == Decimal("78") and not output.value_is_live


def test_an_unknown_indicator_falls_back_to_the_recorded_value(db):
    output = OutputFactory(current_value=Decimal("5"), indicator_key="no.such.indicator")
    attach_current_values([output], output.action.plan)
    assert output.value_now == Decimal("5") and not output.value_is_live


def test_each_indicator_is_computed_once_per_page(db, django_assert_num_queries):
    action = ActionFactory()
    outputs = [OutputFactory(action=action, indicator_key="workforce.leavers") for _ in range(5)]
    with django_assert_num_queries(1):  # one COUNT of leavers, shared by all five outputs
        attach_current_values(outputs, action.plan)
    assert {o.value_now for o in outputs} == {0}


def test_measuring_period_runs_from_the_plan_start_to_today(db):
    plan = ActionFactory().plan
    today = datetime.date(2026, 11, 23)
    assert measuring_period(plan, today) == (plan.period_start, today)
    plan.period_start = datetime.date(2027, 4, 1)  # not started yet: the last year instead
    assert measuring_period(plan, today) == (datetime.date(2025, 11, 23), today)


def test_the_output_form_offers_the_registered_indicators(client, ld_manager):
    action = ActionFactory()
    client.force_login(ld_manager)
    html = client.get(reverse("actionplans:output_create", args=[action.pk])).content.decode()
    assert "workforce.turnover" in html and "Live figure from" in html


def test_a_live_rate_shows_what_it_is_worked_out_from(db):
    output = OutputFactory(indicator_key="workforce.turnover")
    StaffMemberFactory.create_batch(3, start_date=datetime.date(2000, 1, 1))
    attach_current_values([output], output.action.plan)
    assert output.value_now == Decimal("0.0") and output.value_is_live
    assert (output.measure_now.numerator, output.measure_now.denominator) == (0, 3)
