"""The measuring-success pages: what they show, the L&D manager's forms, the export, and query
counts that do not grow with the organisation."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from reports.models import Baseline, ProcessChange, Target
from reports.series import periods
from workforce import indicators
from workforce.tests.factories import (
    CourseFactory,
    StaffMemberFactory,
    TrainingRecordFactory,
    TrainingRequirementFactory,
)

KEY = "workforce.starters"
LAST_MONTH = periods("month", 1)[0]


def detail(key=KEY, query=""):
    return reverse("reports:indicator_detail", args=[key]) + query


def grow(org, size: int) -> None:
    """`size` more staff, each with required training, some starting last month."""
    course = CourseFactory(renewal_months=12)
    TrainingRequirementFactory(course=course)
    for n in range(size):
        person = StaffMemberFactory(
            org_unit=org["oak"] if n % 2 else org["elm"],
            start_date=LAST_MONTH.start if n % 3 == 0 else datetime.date(2020, 1, 1),
        )
        TrainingRecordFactory(staff_member=person, course=course, completed_on=LAST_MONTH.start)


def test_an_unknown_indicator_is_a_404(client, ld_manager):
    client.force_login(ld_manager)
    for name in (
        "indicator_detail",
        "indicator_export",
        "baseline_capture",
        "target_set",
        "process_change_add",
    ):
        assert client.get(reverse(f"reports:{name}", args=["no.such.thing"])).status_code == 404, name


def test_the_detail_page_shows_the_series_baseline_target_and_chart(client, ld_manager, org):
    StaffMemberFactory.create_batch(3, start_date=LAST_MONTH.start)
    Baseline.objects.create(
        indicator_key=KEY,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 1, 31),
        value=1,
    )
    Target.objects.create(indicator_key=KEY, value=4, by_date=datetime.date(2099, 3, 31))
    client.force_login(ld_manager)
    page = client.get(detail()).content.decode()
    assert f"Latest ({LAST_MONTH.label})" in page
    assert 'id="latest-value">3<' in page
    assert "Change since: +2" in page  # 3 starters against a baseline of 1
    assert "4 by 31 Mar 2099" in page
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="xmr-chart"' in page
    assert "Capture as baseline" in page and "Record a process change" in page
    # 36 months, newest first, each with its row.
    assert page.count('<th scope="row">') >= 36
    assert "style=" not in page


def test_directors_read_but_do_not_manage(client, director, org):
    client.force_login(director)
    page = client.get(detail()).content.decode()
    assert "Capture as baseline" not in page and "Set a target" not in page


@pytest.mark.parametrize("period", ["month", "quarter", "year"])
def test_each_granularity(client, ld_manager, org, period):
    client.force_login(ld_manager)
    response = client.get(detail(query=f"?period={period}"))
    assert response.status_code == 200
    assert len(response.context["figures"].rows) == {"month": 36, "quarter": 12, "year": 3}[period]


def test_breakdowns_include_the_indicators_own(client, ld_manager, org):
    course = CourseFactory(title="Fire safety", renewal_months=12)
    TrainingRequirementFactory(course=course)
    StaffMemberFactory(org_unit=org["oak"], start_date=datetime.date(2020, 1, 1))
    client.force_login(ld_manager)
    response = client.get(detail("workforce.mandatory_compliance", "?by=course"))
    assert [row.label for row in response.context["breakdown"]] == ["Fire safety"]
    response = client.get(detail("workforce.mandatory_compliance", "?by=nonsense"))
    assert response.context["by"] == "unit"


def test_export_csv_has_numerator_and_denominator(client, ld_manager, org):
    StaffMemberFactory.create_batch(2, start_date=LAST_MONTH.start)
    client.force_login(ld_manager)
    response = client.get(reverse("reports:indicator_export", args=[KEY]) + "?format=csv")
    assert response["Content-Disposition"] == 'attachment; filename="workforce-starters-month.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:6] == ["Period", "From", "To", "Value", "Numerator", "Denominator"]
    assert rows[-1][0] == LAST_MONTH.label and rows[-1][3:5] == ["2", "2"]
    assert len(rows) == 1 + 36


def test_capturing_a_baseline_stores_the_figure_and_its_counts(client, ld_manager, org):
    StaffMemberFactory.create_batch(2, start_date=datetime.date(2025, 5, 1))
    client.force_login(ld_manager)
    url = reverse("reports:baseline_capture", args=[KEY])
    assert client.get(url + "?period_start=2025-05-01&period_end=2025-05-31").context["form"].initial == {
        "period_start": "2025-05-01",
        "period_end": "2025-05-31",
    }
    response = client.post(url, {"period_start": "2025-05-01", "period_end": "2025-05-31"})
    assert response.status_code == 302
    baseline = Baseline.objects.get()
    assert (baseline.value, baseline.numerator, baseline.denominator) == (2, 2, None)
    assert baseline.captured_by == ld_manager
    assert baseline.history.count() == 1


def test_a_rate_baseline_keeps_its_denominator(client, ld_manager, org):
    StaffMemberFactory.create_batch(3, start_date=datetime.date(2020, 1, 1))
    StaffMemberFactory(start_date=datetime.date(2020, 1, 1), leaving_date=datetime.date(2024, 6, 1))
    client.force_login(ld_manager)
    client.post(
        reverse("reports:baseline_capture", args=["workforce.stability"]),
        {"period_start": "2024-12-01", "period_end": "2024-12-31"},
    )
    # The 12 months to 31 Dec 2024: 5 in post on 1 Jan 2024 (the L&D manager and 4 here), 4 still in post.
    expected = indicators.value(
        "workforce.stability", datetime.date(2024, 12, 1), datetime.date(2024, 12, 31)
    )
    baseline = Baseline.objects.get()
    assert (baseline.value, baseline.numerator, baseline.denominator) == (
        expected.value,
        expected.numerator,
        expected.denominator,
    )
    assert (baseline.numerator, baseline.denominator, baseline.value) == (4, 5, Decimal("80.0"))


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"period_start": "2025-05-31", "period_end": "2025-05-01"}, "period_end", "before its start"),
        ({"period_start": "2025-05-01", "period_end": "2099-01-01"}, "period_end", "choose a past date"),
        ({"period_start": "", "period_end": "2025-05-01"}, "period_start", "This field is required."),
    ],
)
def test_a_bad_baseline_is_refused_next_to_the_field(client, ld_manager, org, data, field, message):
    client.force_login(ld_manager)
    response = client.post(reverse("reports:baseline_capture", args=[KEY]), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert response.context["form"].data["period_end"] == data["period_end"]  # kept as typed
    assert not Baseline.objects.exists()


def test_a_baseline_that_cannot_be_told_is_refused(client, ld_manager, org):
    client.force_login(ld_manager)  # nothing is required, so compliance cannot be told
    response = client.post(
        reverse("reports:baseline_capture", args=["workforce.mandatory_compliance"]),
        {"period_start": "2025-05-01", "period_end": "2025-05-31"},
    )
    assert "No figure can be worked out" in response.content.decode()
    assert not Baseline.objects.exists()


@pytest.mark.parametrize(
    ("key", "data", "field", "message"),
    [
        ("workforce.mandatory_compliance", {"value": "101", "by_date": "2027-03-31"}, "value", "above 100"),
        (KEY, {"value": "-1", "by_date": "2027-03-31"}, "value", "below zero"),
        (KEY, {"value": "5", "by_date": "2026-03-31"}, "by_date", "already has a target"),
    ],
)
def test_a_bad_target_is_refused(client, ld_manager, org, key, data, field, message):
    Target.objects.create(indicator_key=KEY, value=3, by_date=datetime.date(2026, 3, 31))
    client.force_login(ld_manager)
    response = client.post(reverse("reports:target_set", args=[key]), data)
    assert message in " ".join(response.context["form"].errors[field])
    assert Target.objects.count() == 1


def test_a_process_change_steps_the_chart(client, ld_manager, org):
    client.force_login(ld_manager)
    url = reverse("reports:process_change_add", args=[KEY])
    start = periods("month")[20].start
    assert client.post(url, {"from_date": start.isoformat(), "reason": "New recruiter"}).status_code == 302
    response = client.post(url, {"from_date": start.isoformat(), "reason": "Again"})
    assert "already recorded" in " ".join(response.context["form"].errors["from_date"])
    assert ProcessChange.objects.count() == 1
    figures = client.get(detail()).context["figures"]
    assert len(figures.analysis.segments) == 2 and figures.analysis.segments[1].start == start


def test_the_list_shows_every_indicator(client, director, org):
    Target.objects.create(indicator_key=KEY, value=4, by_date=datetime.date(2099, 3, 31))
    client.force_login(director)
    response = client.get(reverse("reports:indicator_list"))
    page = response.content.decode()
    for indicator in indicators.all_indicators():
        assert detail(indicator.key) in page
    assert "None captured" in page and "by 31 Mar 2099" in page


# --- query counts ----------------------------------------------------------------------------
# The same at 20 and 200 staff: each indicator's series costs one query per tally per period
# (36 months), never per person. Measured with an empty figure store, then warm: the figures of
# past periods come from the store (workforce/figure_store.py), one query per series.


# Every request: session, user, own staff record, role names = 4.
REQUEST = 4
# The page's records: baselines, targets, process changes (+ the list of targets on a detail page).
WARM = {
    # + 3, and each indicator's stored figures
    "list": REQUEST + 3 + len(indicators.all_indicators()),
    # + 4, its stored figures, then its stored breakdown by unit (worked out cold: the required
    # courses, the units and one GROUP BY)
    "compliance": REQUEST + 4 + 1 + 1,
    # + 4, its stored figures, then its stored breakdown by band
    "starters-quarterly": REQUEST + 4 + 1 + 1,
}


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("list", lambda: reverse("reports:indicator_list")),
        ("compliance", lambda: detail("workforce.mandatory_compliance")),
        ("starters-quarterly", lambda: detail(KEY, "?period=quarter&by=band")),
    ],
    ids=["list", "compliance", "starters-quarterly"],
)
def test_query_counts_do_not_grow_with_the_organisation(client, ld_manager, org, name, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from workforce.figure_store import StoredFigure

    client.force_login(ld_manager)
    counts = []
    for size in (20, 180):
        grow(org, size)
        StoredFigure.objects.all().delete()
        # Cold: every period of every series computed (one query per tally per period), and stored.
        with CaptureQueriesContext(connection) as cold:
            assert client.get(url()).status_code == 200
        # Warm: the past periods' figures come from the store.
        with CaptureQueriesContext(connection) as warm:
            client.get(url())
        counts.append((len(cold), len(warm)))
    assert counts[0] == counts[1], counts
    assert counts[0][1] == WARM[name]


def test_figures_left_to_the_background_are_said_to_be_worked_out_and_fill_in(
    client, ld_manager, org, settings, monkeypatch
):
    """A large organisation's figures take longer than a page may wait: the page says which are
    still being worked out (polling itself with htmx), the export waits for them, and once the
    background refresh has run the page shows them all."""
    from workforce import figure_store

    queued = []
    monkeypatch.setattr(figure_store, "queue_refresh", lambda: queued.append(True))
    settings.INDICATOR_INLINE_SECONDS = 0
    StaffMemberFactory.create_batch(3, start_date=LAST_MONTH.start)
    client.force_login(ld_manager)

    page = client.get(detail()).content.decode()
    assert 'id="figures-waiting"' in page and 'hx-trigger="every 10s"' in page
    assert "36 figures on this page are still being worked out" in page
    assert '<p class="fs-4 mb-0" id="latest-value">Being worked out</p>' in page
    assert queued
    listed = client.get(reverse("reports:indicator_list")).content.decode()
    assert 'id="figures-waiting"' in listed
    export = client.get(reverse("reports:indicator_export", args=[KEY]) + "?format=csv", follow=True)
    assert export.redirect_chain == [(detail(), 302)]
    assert "Export again in a minute or two" in export.content.decode()

    figure_store.refresh([KEY])
    page = client.get(detail()).content.decode()
    assert 'id="figures-waiting"' not in page
    assert '<p class="fs-4 mb-0" id="latest-value">3</p>' in page
    export = client.get(reverse("reports:indicator_export", args=[KEY]) + "?format=csv")
    assert export["Content-Type"].startswith("text/csv")
