"""The traineeships demo (`traineeships.demo.load`, found by `manage.py load_demo`): three intakes of
the traineeship (finished with outcomes, in placement, recruiting), work experience and a
pre-employment cohort with a partner; a breakdown, an overdue meeting, confidential plans, feedback,
anonymised past applicants, varied equality data; the supervisor and life coach logins see their
trainees and no plan; run twice, it writes nothing new."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from traineeships import demo
from traineeships.demo_data import PRE_EMPLOYMENT, PRINCES_TRUST, TRAINEESHIP, WORK_EXPERIENCE
from traineeships.models import (
    CLOSED,
    FUNNEL,
    AccessLogEntry,
    Applicant,
    ConfidentialSupportPlan,
    EqualityMonitoring,
    Feedback,
    Intake,
    Outcome,
    Placement,
    PreEmploymentCheck,
    Programme,
    RetentionRun,
    Stage,
    StageChange,
    SupportMeeting,
    Trainee,
)
from traineeships.permissions import can_open_confidential
from workforce.demo import app_demo_modules, build_core
from workforce.models import StaffMember

pytestmark = pytest.mark.django_db
MODELS = (
    Programme, Intake, Applicant, StageChange, EqualityMonitoring, PreEmploymentCheck, Trainee, Placement,
    SupportMeeting, Outcome, Feedback, ConfidentialSupportPlan, RetentionRun,
)  # fmt: skip


def counts():
    return {model.__name__: model.objects.count() for model in MODELS} | {
        "history": Applicant.history.count() + Placement.history.count(),
        # The logins stay with their people: a second run moves nobody's login.
        "staff history": StaffMember.history.count(),
        "logins": sorted(StaffMember.objects.filter(user__isnull=False).values_list("user__username", "pk")),
    }


@pytest.fixture
def core():
    # The core and this app only: the other apps' demos have tests of their own.
    core = build_core()
    demo.load(core)
    return core


def test_load_demo_finds_the_traineeships_demo():
    assert demo in app_demo_modules()


def check_programmes_and_intakes():
    traineeship = Programme.objects.get(name=TRAINEESHIP)
    assert list(traineeship.intakes.order_by("starts_on").values_list("status", flat=True)) == [
        Intake.Status.FINISHED,
        Intake.Status.IN_PLACEMENT,
        Intake.Status.RECRUITING,
    ]
    assert Programme.objects.get(name=WORK_EXPERIENCE).kind == Programme.Kind.WORK_EXPERIENCE
    pre = Programme.objects.get(name=PRE_EMPLOYMENT)
    assert pre.kind == Programme.Kind.PRE_EMPLOYMENT and PRINCES_TRUST in [p.name for p in pre.partners.all()]
    recruiting = traineeship.intakes.get(status=Intake.Status.RECRUITING)
    open_stages = set(recruiting.applicants.values_list("stage", flat=True))
    assert set(FUNNEL[:-1]) <= open_stages  # someone at every stage before starting
    waiting = recruiting.applicants.filter(stage=Stage.CHECKS)
    assert PreEmploymentCheck.objects.filter(applicant__in=waiting).exclude(status="cleared").exists()
    # Every applicant's way is dated, step by step.
    for applicant in recruiting.applicants.all()[:5]:
        assert applicant.stage_changes.count() == FUNNEL.index(applicant.stage) + 1
    # One started on the L&D manager's override, with the reason recorded.
    assert Applicant.objects.filter(stage=Stage.STARTED).exclude(checks_override_reason="").count() == 1


def check_placements_support_and_outcomes(today):
    assert (
        Placement.objects.filter(status=Placement.Status.BROKEN_DOWN).exclude(breakdown_reason="").count()
        == 1
    )
    assert Placement.objects.filter(status=Placement.Status.ACTIVE, life_coach__isnull=False).exists()
    assert Trainee.objects.support_overdue(today).count() == 1
    assert ConfidentialSupportPlan.objects.count() == 2
    assert Feedback.objects.filter(given_by="trainee").count() >= 8
    assert Trainee.objects.follow_ups_missing(today).exists()
    assert Outcome.objects.filter(
        kind=Outcome.Kind.EMPLOYED_HERE, trainee__staff_member__isnull=False
    ).exists()
    assert Trainee.objects.filter(status=Trainee.Status.LEFT_EARLY).count() == 1


def check_anonymised_past_applicants():
    finished = Intake.objects.get(programme__name=TRAINEESHIP, status=Intake.Status.FINISHED)
    gone = finished.applicants.filter(stage__in=CLOSED)
    assert gone.count() >= 10
    assert not gone.filter(anonymised_on__isnull=True).exists()
    assert set(gone.values_list("first_name", "email", "phone", "address")) == {("", "", "", "")}
    assert EqualityMonitoring.objects.filter(applicant__in=gone).count() == gone.count()
    assert not finished.applicants.filter(stage=Stage.STARTED, anonymised_on__isnull=False).exists()
    assert RetentionRun.objects.get().anonymised == gone.count()


def check_equality_data_shows_suppression():
    # Each characteristic takes several values, and a cell of an intake by stage by value holds
    # between 1 and 7 people (shown as "*").
    for name in EqualityMonitoring.CHARACTERISTICS:
        assert EqualityMonitoring.objects.values(name).distinct().count() >= 3
    cells = EqualityMonitoring.objects.values("applicant__intake", "ethnicity").annotate(n=Count("pk"))
    assert any(1 <= cell["n"] <= 7 for cell in cells) and any(cell["n"] > 7 for cell in cells)


def check_the_supervisor_and_coach_logins(core):
    users = get_user_model().objects
    for username in ("supervisor", "coach"):
        user = users.get(username=username)
        assert not user.is_superuser and not user.groups.exists()
        assert core.logins[username].person.user_id == user.pk
        mine = Trainee.objects.visible_to(user)
        assert mine.exists() and mine.count() < Trainee.objects.count()
        assert not can_open_confidential(user)
    coach = users.get(username="coach")
    assert Trainee.objects.visible_to(coach).filter(placements__status=Placement.Status.BROKEN_DOWN).exists()
    # The demo's other logins keep their own staff records; the manager manages the team.
    assert users.get(username="manager").staff_member == core.people["manager"]
    assert Placement.objects.filter(team_manager=core.people["manager"]).exists()


def test_the_demo_story_and_a_second_run_writes_nothing(core):
    today = timezone.localdate()
    check_programmes_and_intakes()
    check_placements_support_and_outcomes(today)
    check_anonymised_past_applicants()
    check_equality_data_shows_suppression()
    check_the_supervisor_and_coach_logins(core)
    assert not AccessLogEntry.objects.exists()
    first = counts()
    core = build_core()  # as load_demo does: the core afresh, then the app
    demo.load(core)
    assert counts() == first
    assert not {name for name in core.created if name in ("applicants", "trainees", "placements")}
