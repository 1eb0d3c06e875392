"""The development plan's writes: objectives from gaps, activities in place (htmx and without),
the version check (a second tab is stopped), sign-off and the training record a course makes,
evidence upload (type by content, size limit: a clear message, nothing saved) and download."""

import datetime

import pytest
from django.urls import reverse

from pathways.models import Activity, Evidence, Objective, SkillsAssessment
from pathways.models.pathway import ActivityKind
from pathways.tests.factories import (
    ActivityFactory,
    ObjectiveFactory,
    SkillRatingFactory,
    SkillsAssessmentFactory,
)
from workforce.models import TrainingRecord
from workforce.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def signed_in(client, mentor):
    client.force_login(mentor)
    return client


def stored_files(media):
    return [p for p in media.rglob("*") if p.is_file()]


def test_objectives_from_gaps_one_click_each_and_not_twice(signed_in, enrolment, ladder, mentor):
    c = ladder["competencies"]
    assessment = SkillsAssessmentFactory(enrolment=enrolment, assessor=mentor.staff_member)
    SkillRatingFactory(assessment=assessment, competency=c["delivery"], level=0)
    SkillRatingFactory(assessment=assessment, competency=c["assessing"], level=2)
    url = reverse("pathways:objective_from_gap", args=[enrolment.pk])
    for competency in (c["delivery"], c["coaching"]):
        assert signed_in.post(url, {"competency": competency.pk}).status_code == 302
    titles = list(enrolment.plan.objectives.values_list("title", "competency__name", "position"))
    assert titles == [
        ("Reach level 2 in Delivering training", "Delivering training", 1),
        ("Reach level 1 in Coaching others", "Coaching others", 2),
    ]
    # A second click, or a met competency, adds nothing and says why.
    response = signed_in.post(url, {"competency": c["delivery"].pk}, follow=True)
    assert "already has an open objective" in response.content.decode()
    response = signed_in.post(url, {"competency": c["assessing"].pk}, follow=True)
    assert "no gap to plan for" in response.content.decode()
    assert enrolment.plan.objectives.count() == 2


def test_an_activity_added_in_place_and_without_javascript(signed_in, enrolment):
    objective = ObjectiveFactory(plan=enrolment.plan)
    url = reverse("pathways:activity_add", args=[enrolment.pk])
    data = {"objective": objective.pk, "kind": "coaching", "title": "Coached a new trainer", "hours": "2"}
    response = signed_in.post(url, data, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'id="plan-panel"' in response.content.decode()
    assert "Coached a new trainer" in response.content.decode()
    response = signed_in.post(url, {**data, "title": "Shadowed a session"})
    assert response.status_code == 302 and response.url.endswith(
        f"#activity-{Activity.objects.latest('pk').pk}"
    )
    added = Activity.objects.get(title="Coached a new trainer")
    assert added.added_by.user.username == "mentor"
    # Bad input: the errors beside the fields, nothing saved.
    response = signed_in.post(url, {**data, "title": "", "course": CourseFactory().pk})
    html = response.content.decode()
    assert response.status_code == 200 and "This field is required." in html
    assert "Only a qualification or course activity names a course." in html
    assert Activity.objects.count() == 2


def test_editing_an_activity_in_place(signed_in, enrolment):
    activity = ActivityFactory(objective=ObjectiveFactory(plan=enrolment.plan), title="Shadowing")
    url = reverse("pathways:activity_edit", args=[activity.pk])
    form = signed_in.get(url, headers={"HX-Request": "true"})
    assert form.status_code == 200 and "<html" not in form.content.decode()  # the row alone
    assert (
        f'id="activity-{activity.pk}"' in form.content.decode() and "Save activity" in form.content.decode()
    )
    data = {"kind": "shadowing", "title": "Shadowed a full day", "reflection": "Learnt pacing", "version": 1}
    row = signed_in.post(url, data, headers={"HX-Request": "true"})
    assert (
        row.status_code == 200
        and "Learnt pacing" in row.content.decode()
        and "<html" not in row.content.decode()
    )
    assert Activity.objects.get(pk=activity.pk).title == "Shadowed a full day"


def test_a_second_tab_is_stopped_by_the_version_check(signed_in, enrolment):
    objective = ObjectiveFactory(plan=enrolment.plan, title="Deliver a day")
    url = reverse("pathways:objective_edit", args=[objective.pk])
    base = {"status": "in_progress", "version": 1}
    assert signed_in.post(url, {**base, "title": "First tab"}).status_code == 302
    response = signed_in.post(url, {**base, "title": "Second tab"})
    html = response.content.decode()
    assert response.status_code == 409 and "Changed by someone else since you opened this objective" in html
    assert "Second tab" in html and Objective.objects.get(pk=objective.pk).title == "First tab"
    # An activity edited in place: the conflict shows above the form (htmx swaps only 2xx answers).
    activity = ActivityFactory(objective=objective, title="Shadowing")
    url = reverse("pathways:activity_edit", args=[activity.pk])
    signed_in.post(url, {"kind": "shadowing", "title": "Tab one", "version": 1})
    response = signed_in.post(
        url, {"kind": "shadowing", "title": "Tab two", "version": 1}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "Changed by someone else" in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).title == "Tab one"
    # Without JavaScript, the core's conflict page.
    response = signed_in.post(url, {"kind": "shadowing", "title": "Tab two", "version": 1})
    assert response.status_code == 409
    # A sign-off moves the version on: a form opened before it is refused.
    plan_url = reverse("pathways:plan_edit", args=[enrolment.pk])
    assert signed_in.post(plan_url, {"started_on": "2026-02-09", "version": 1}).status_code == 302
    assert signed_in.post(plan_url, {"started_on": "2026-02-10", "version": 1}).status_code == 409


def test_signing_off_a_course_records_the_training_once(signed_in, enrolment, mentor):
    course = CourseFactory(title="Level 3 Award in Education and Training", renewal_months=None)
    activity = ActivityFactory(
        objective=ObjectiveFactory(plan=enrolment.plan),
        kind=ActivityKind.COURSE,
        course=course,
        happened_on=datetime.date(2026, 6, 12),
        title="AET course",
    )
    url = reverse("pathways:activity_sign_off", args=[activity.pk])
    response = signed_in.post(url, follow=True)
    assert "recorded as completed training" in response.content.decode()
    record = TrainingRecord.objects.get(staff_member=enrolment.staff_member, course=course)
    assert (record.status, record.completed_on) == ("completed", datetime.date(2026, 6, 12))
    activity.refresh_from_db()
    assert activity.training_record == record and activity.signed_off_by == mentor.staff_member
    # Again (a double click): refused, and no second record.
    response = signed_in.post(url, headers={"HX-Request": "true"})
    assert "signed off already" in response.content.decode()
    assert TrainingRecord.objects.filter(course=course).count() == 1


def test_a_course_without_a_date_is_not_signed_off(signed_in, enrolment):
    activity = ActivityFactory(
        objective=ObjectiveFactory(plan=enrolment.plan),
        kind=ActivityKind.COURSE,
        course=CourseFactory(),
        happened_on=None,
    )
    response = signed_in.post(reverse("pathways:activity_sign_off", args=[activity.pk]), follow=True)
    assert "Give the course&#x27;s completion date" in response.content.decode()
    activity.refresh_from_db()
    assert activity.signed_off_on is None and not TrainingRecord.objects.exists()


def test_signing_off_an_objective(signed_in, enrolment, mentor):
    objective = ObjectiveFactory(plan=enrolment.plan)
    signed_in.post(reverse("pathways:objective_sign_off", args=[objective.pk]))
    objective.refresh_from_db()
    assert objective.status == "achieved" and objective.signed_off_by == mentor.staff_member


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("certificate.pdf", b"MZ\x90\x00 a program", "is not a file we accept as evidence"),
        ("photo.png", b"GIF89a but a zip: PK", None),
        ("log.doc", b"\xd0\xcf\x11\xe0 old word", "old-style Office file"),
    ],
)
def test_evidence_judged_by_its_content(signed_in, enrolment, media, name, content, message):
    from django.core.files.uploadedfile import SimpleUploadedFile

    activity = ActivityFactory(objective=ObjectiveFactory(plan=enrolment.plan))
    url = reverse("pathways:evidence_upload", args=[activity.pk])
    response = signed_in.post(url, {"file": SimpleUploadedFile(name, content)})
    if message is None:  # a GIF named .png is an image all the same
        assert response.status_code == 302 and Evidence.objects.get().kind == "image"
        return
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    # The message sits next to this activity's file field, which says it is invalid.
    assert f'id="ev{activity.pk}-file-error"' in html and 'aria-invalid="true"' in html
    assert not Evidence.objects.exists() and stored_files(media) == []


def test_evidence_too_large_is_refused_with_the_limit(signed_in, enrolment, media, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.EVIDENCE_MAX_BYTES = 2048
    activity = ActivityFactory(objective=ObjectiveFactory(plan=enrolment.plan))
    response = signed_in.post(
        reverse("pathways:evidence_upload", args=[activity.pk]),
        {"file": SimpleUploadedFile("scan.pdf", PDF + b"0" * 4000)},
    )
    assert "“scan.pdf” is 3 KB; files up to 2 KB are accepted." in response.content.decode()
    assert not Evidence.objects.exists() and stored_files(media) == []


def test_evidence_stored_under_ids_and_served_only_to_readers(client, enrolment, mentor, other_mentor, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    activity = ActivityFactory(objective=ObjectiveFactory(plan=enrolment.plan))
    client.force_login(mentor)
    client.post(
        reverse("pathways:evidence_upload", args=[activity.pk]),
        {"file": SimpleUploadedFile("../../etc/x.pdf", PDF)},
    )
    evidence = Evidence.objects.get()
    assert evidence.original_name == "x.pdf" and evidence.kind == "pdf" and evidence.size == len(PDF)
    (stored,) = stored_files(media)
    assert stored.is_relative_to(media / "pathways" / "evidence" / str(activity.pk))
    response = client.get(reverse("pathways:evidence", args=[evidence.pk]))
    assert response.status_code == 200 and response.content == PDF
    assert (
        response["Content-Type"] == "application/pdf"
        and 'filename="x.pdf"' in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(other_mentor)
    assert client.get(reverse("pathways:evidence", args=[evidence.pk])).status_code == 404


def test_a_mentor_assessment_through_the_grid(signed_in, enrolment, ladder, mentor):
    c = ladder["competencies"]
    url = reverse("pathways:assess", args=[enrolment.pk])
    page = signed_in.get(url).content.decode()
    # One fieldset per competency, levels 0-4 as radios with the level descriptors beside them.
    assert page.count("<fieldset") == 3 and "Knows the basics" in page and "Not yet at level 1." in page
    data = {
        "assessed_on": "2026-04-01",
        f"level_{c['delivery'].pk}": "1",
        f"comment_{c['delivery'].pk}": "Half days",
    }
    response = signed_in.post(url, data)
    html = response.content.decode()
    assert response.status_code == 200 and "Choose a level for Assessing competence." in html
    assert not SkillsAssessment.objects.exists()
    data |= {f"level_{c['assessing'].pk}": "2", f"level_{c['coaching'].pk}": "0"}
    assert signed_in.post(url, data).status_code == 302
    assessment = SkillsAssessment.objects.get()
    assert assessment.kind == "mentor" and assessment.assessor == mentor.staff_member
    assert {(r.competency.name, r.level, r.comment) for r in assessment.ratings.all()} == {
        ("Delivering training", 1, "Half days"),
        ("Assessing competence", 2, ""),
        ("Coaching others", 0, ""),
    }
    future = {**data, "assessed_on": (datetime.date.today() + datetime.timedelta(days=2)).isoformat()}
    assert "cannot be in the future" in signed_in.post(url, future).content.decode()


def test_a_review_and_its_dates(signed_in, enrolment, mentor):
    url = reverse("pathways:review_add", args=[enrolment.pk])
    bad = {"held_on": "2026-05-05", "next_review_on": "2026-05-01", "performance": "2", "potential": "3"}
    assert "The next review comes after this one." in signed_in.post(url, bad).content.decode()
    assert not enrolment.reviews.exists()
    assert signed_in.post(url, {**bad, "next_review_on": "2026-08-05"}).status_code == 302
    review = enrolment.reviews.get()
    assert (review.mentor, review.performance, review.potential) == (mentor.staff_member, 2, 3)
