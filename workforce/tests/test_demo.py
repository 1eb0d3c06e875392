"""`manage.py load_demo` (a believable organisation, the same on every run, one login per role) and the
bench data generator."""

import datetime
import importlib.machinery
import io
import sys
import types
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db.models import F
from django.urls import reverse

from workforce import demo
from workforce.compliance import REQUIRED, Compliance, Status
from workforce.demo import data as demo_data
from workforce.models import (
    Competency,
    Course,
    JobRole,
    OrgUnit,
    RoleRequirement,
    StaffMember,
    TrainingRecord,
    TrainingRequirement,
    add_months,
)

MODELS = [OrgUnit, JobRole, Competency, RoleRequirement, Course, StaffMember, TrainingRecord]


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def dev_settings(settings, db):
    # pytest-django runs with DEBUG off, which the command treats as a real deployment.
    settings.DEBUG = True
    return settings


def counts() -> dict[str, int]:
    figures = {model.__name__: model.objects.count() for model in MODELS}
    # History counts too: a rerun that saved unchanged rows would add history entries.
    figures["staff history"] = StaffMember.history.count()
    figures["training history"] = TrainingRecord.history.count()
    figures["users"] = get_user_model().objects.count()
    return figures


def test_running_twice_gives_the_same_data_and_writes_nothing_new(dev_settings):
    first_output = load_demo()
    first = counts()
    first_people = set(StaffMember.objects.values_list("assignment_number", "first_name", "last_name"))

    second_output = load_demo()

    assert counts() == first
    assert (
        set(StaffMember.objects.values_list("assignment_number", "first_name", "last_name")) == first_people
    )
    assert "New rows this run: none (already loaded)" in second_output
    assert "none (already loaded)" not in first_output


def test_the_organisation_is_believable(dev_settings):
    load_demo()
    today = datetime.date.today()

    group = OrgUnit.objects.get(name=demo.ORGANISATION, parent=None)
    assert OrgUnit.objects.filter(parent=group, kind=OrgUnit.Kind.REGION).count() == len(demo.REGIONS)
    homes = OrgUnit.objects.filter(kind=OrgUnit.Kind.HOME)
    assert 18 <= homes.count() <= 24

    current = StaffMember.objects.in_post()
    assert 300 <= current.count() <= 700  # "a few hundred staff"
    for title in ["Home Trainer", "Link Trainer", "Regional Training Officer", "Home Manager"]:
        assert current.filter(job_role__title=title).exists(), title
    for home in homes:
        assert current.filter(org_unit=home, job_role__title="Home Manager").count() == 1, home

    without_trainer = {
        home.name
        for home in homes
        if not current.filter(org_unit=home, job_role__title="Home Trainer").exists()
    }
    assert without_trainer == demo.HOMES_WITHOUT_TRAINER
    assert len(without_trainer) < homes.count()

    # Everyone but the director reports to someone.
    assert list(StaffMember.objects.filter(line_manager=None).values_list("job_role__title", flat=True)) == [
        "Director of Workforce"
    ]
    bands = dict(JobRole.objects.values_list("title", "pay_band"))
    assert bands["Care Assistant"] == "2" and bands["Regional Training Officer"] == "6"

    leavers = StaffMember.objects.leavers()
    assert leavers.count() >= 20
    assert not leavers.filter(leaving_reason="").exists()
    # Dates count back from the first of the month, so a rerun within the month changes nothing.
    two_years_back = today.replace(day=1) - datetime.timedelta(days=2 * 365)
    assert not leavers.filter(leaving_date__lt=two_years_back).exists()

    expired_for_current_staff = TrainingRecord.objects.expired(today).filter(staff_member__in=current)
    assert expired_for_current_staff.exists()
    assert expired_for_current_staff.count() < TrainingRecord.objects.completed().count() / 5
    statuses = set(TrainingRecord.objects.values_list("status", flat=True))
    assert statuses == set(TrainingRecord.Status.values)
    for kind in [Course.Kind.STATUTORY_MANDATORY, Course.Kind.CARE_CERTIFICATE, Course.Kind.APPRENTICESHIP]:
        assert TrainingRecord.objects.completed().filter(course__kind=kind).exists(), kind
    fire_safety = TrainingRecord.objects.completed().filter(course__title="Fire safety").first()
    assert fire_safety.expires_on == add_months(fire_safety.completed_on, 12)


def test_training_requirements_give_a_realistic_compliance_mix(dev_settings):
    load_demo()
    assert TrainingRequirement.objects.filter(job_role=None, staff_group="").count() == len(
        demo_data.MANDATORY_FOR_ALL
    )
    assert TrainingRequirement.objects.filter(renewal_months__isnull=False).exists()  # a shorter renewal
    rules = Compliance()
    per_course = rules.counts(StaffMember.objects.in_post())
    total = sum(per_course.values(), Counter())
    required = sum(total[status] for status in REQUIRED)
    # Most valid; some expiring, some expired; a few missing; new starters within their grace.
    assert total[Status.VALID] > required * 0.7
    assert required * 0.03 < total[Status.EXPIRING] < required * 0.2
    assert required * 0.03 < total[Status.EXPIRED] < required * 0.2
    assert 0 < total[Status.MISSING] < required * 0.05
    assert total[Status.DUE] > 0 and total[Status.BOOKED] > 0
    # Level 3 safeguarding counts for the level 2 everyone needs: no level 3 holder lacks level 2.
    level_3 = next(c for c in rules.columns if c.course.title == "Safeguarding adults level 3")
    level_2 = next(c for c in rules.columns if c.course.title == "Safeguarding adults level 2")
    assert level_3.course.pk in level_2.satisfying_ids


def test_trainer_roles_have_competencies_with_four_levels(dev_settings):
    load_demo()
    for competency in Competency.objects.all():
        assert all(text for _, text in competency.descriptors), competency
    for role, required in demo.REQUIREMENTS.items():
        levels = dict(
            RoleRequirement.objects.filter(job_role__title=role).values_list(
                "competency__name", "required_level"
            )
        )
        assert levels == required
    # The pathway climbs: a Regional Training Officer needs at least what a Home Trainer needs.
    home, rto = demo.REQUIREMENTS["Home Trainer"], demo.REQUIREMENTS["Regional Training Officer"]
    assert all(rto[name] >= level for name, level in home.items())


LOGINS = {
    "ld": ("L&D manager", "Head of Learning and Development"),
    "director": ("Director", "Director of Workforce"),
    "manager": ("Manager", "Home Manager"),
    "mentor": ("Mentor", "Regional Training Officer"),
    "owner": ("Action owner", "Learning and Development Coordinator"),
}


def test_every_role_login_exists_and_can_sign_in(client, dev_settings):
    output = load_demo()

    for username, (role, job_title) in LOGINS.items():
        assert f"  {username} " in output and demo.DEMO_PASSWORD in output
        response = client.post(reverse("login"), {"username": username, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302 and response.url == reverse("home"), username
        user = get_user_model().objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role]
        assert user.staff_member.job_role.title == job_title
        assert client.get(reverse("home")).status_code == 200
        client.logout()

    # Through the sign-in form: django-axes' backend needs the request client.login() lacks.
    response = client.post(reverse("login"), {"username": "admin", "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302 and response.url == reverse("home")
    assert get_user_model().objects.get(username="admin").is_superuser


def test_the_people_other_apps_build_on(dev_settings):
    load_demo()
    assert get_user_model().objects.get(username="owner").staff_member.initials == "SB"
    assert StaffMember.objects.get(first_name="Graham", last_name="Fletcher").initials == "GF"
    manager = get_user_model().objects.get(username="manager").staff_member
    assert manager.org_unit.name == "Oak House"
    assert StaffMember.objects.visible_to(manager.user).count() > 10
    mentor = get_user_model().objects.get(username="mentor").staff_member
    assert mentor.org_unit.name == "North Region"


def test_profiles_have_dated_history(dev_settings):
    load_demo()
    promoted = StaffMember.history.filter(history_type="~", job_role__title="Home Trainer").first()
    assert promoted is not None
    assert promoted.history_date.date() < datetime.date.today()
    leaver = StaffMember.objects.leavers().first()
    change = leaver.history.filter(history_type="~").latest("history_date")
    assert change.history_date.date() == leaver.leaving_date


def test_refuses_without_debug_unless_forced(settings, db):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo", stdout=io.StringIO())
    assert not StaffMember.objects.exists()

    call_command("load_demo", "--force", stdout=io.StringIO())
    assert StaffMember.objects.exists()


def fake_app_demo(monkeypatch, load):
    """Install `pathways.demo` as if the app shipped one."""
    module = types.ModuleType("pathways.demo")
    module.__spec__ = importlib.machinery.ModuleSpec("pathways.demo", loader=None)
    module.load = load
    monkeypatch.setitem(sys.modules, "pathways.demo", module)


def test_apps_extend_the_demo_through_their_demo_module(dev_settings, monkeypatch):
    seen = {}

    def load(core):
        seen["owner"] = core.people["owner"].initials
        seen["homes"] = len(core.homes)
        core.ensure_login("supervisor", "Mentor")

    fake_app_demo(monkeypatch, load)
    output = load_demo()

    assert seen == {"owner": "SB", "homes": sum(len(homes) for homes in demo.REGIONS.values())}
    assert "pathways.demo" in output
    assert "supervisor" in output
    assert get_user_model().objects.get(username="supervisor").check_password(demo.DEMO_PASSWORD)


def test_a_failing_app_leaves_nothing_half_built(dev_settings, monkeypatch):
    def load(core):
        raise RuntimeError("broken app demo")

    fake_app_demo(monkeypatch, load)
    with pytest.raises(RuntimeError, match="broken app demo"):
        load_demo()
    assert not StaffMember.objects.exists()
    assert not get_user_model().objects.filter(username="ld").exists()


def test_bench_generator_adds_staff_batch_after_batch(db):
    from bench.generate import ASSIGNMENT_PREFIX, DEVELOPMENT_RECORDS, STAFF_PER_HOME, bench_users, generate
    from workforce.compliance import Compliance, Status
    from workforce.models import TrainingRequirement

    first = generate(45)
    requirements = TrainingRequirement.objects.count()
    users = bench_users()
    second = generate(60)

    bench_staff = StaffMember.objects.filter(assignment_number__startswith=ASSIGNMENT_PREFIX)
    assert (first["homes"], first["staff"]) == (3, 45)
    assert second["staff"] == 60 and second["homes"] == 60 // STAFF_PER_HOME
    assert bench_staff.count() == 105
    records = TrainingRecord.objects.filter(staff_member__in=bench_staff).count()
    assert records == first["training records"] + second["training records"]
    # Everyone's development courses, and most of the (at least 8) courses everyone must hold.
    assert records > 105 * (DEVELOPMENT_RECORDS + 7)
    # Requirements are made once, however many batches; the training matrix shows every status.
    assert requirements == TrainingRequirement.objects.count() == 35
    counts = Compliance().counts(bench_staff.in_post())
    seen = {status for counter in counts.values() for status, n in counter.items() if n}
    assert {Status.VALID, Status.EXPIRING, Status.EXPIRED, Status.MISSING, Status.BOOKED} <= seen
    # Everyone but the Home Managers reports to their home's manager.
    assert not bench_staff.exclude(job_role__title="Home Manager").filter(line_manager=None).exists()
    assert not bench_staff.exclude(line_manager=None).exclude(line_manager__org_unit=F("org_unit")).exists()
    manager = users["manager"]
    assert 0 < StaffMember.objects.visible_to(manager).count() <= STAFF_PER_HOME
    assert StaffMember.objects.visible_to(users["ld"]).count() == 105
