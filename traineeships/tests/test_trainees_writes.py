"""Writes of the trainees part: placing (one active placement at a time), version-checked edits,
ending and breakdowns with history; support meetings and feedback by the supervisor or life coach;
outcomes once per follow-up; the trainee's staff record; training-session attendance."""

import datetime

import pytest
from django.urls import reverse

from traineeships.models import Outcome, Placement, SessionAttendance, SupportMeeting, TrainingSession
from traineeships.tests.factories import OutcomeFactory, TraineeFactory
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def placement_data(cohort, **extra):
    p = cohort["placement"]
    return {
        "host_unit": p.host_unit_id,
        "starts_on": p.starts_on.isoformat(),
        "ends_on": "",
        "supervisor": p.supervisor_id,
        "life_coach": p.life_coach_id,
        "team_manager": "",
        "status": "active",
        **extra,
    }


def test_the_ld_manager_places_a_trainee_with_a_supervisor_and_life_coach(
    client, ld_manager, org, supervisor, life_coach
):
    trainee = TraineeFactory()
    client.force_login(ld_manager)
    url = reverse("traineeships:placement_add", args=[trainee.pk])
    data = {
        "host_unit": org["elm"].pk,
        "starts_on": TODAY.isoformat(),
        "supervisor": supervisor.staff_member.pk,
        "life_coach": life_coach.staff_member.pk,
        "status": "active",
    }
    response = client.post(url, data)
    placement = Placement.objects.get(trainee=trainee)
    assert response.status_code == 302 and response.url.endswith(f"#placement-{placement.pk}")
    assert (placement.host_unit, placement.supervisor, placement.life_coach) == (
        org["elm"],
        supervisor.staff_member,
        life_coach.staff_member,
    )
    assert placement.history.get().history_user == ld_manager


def test_a_second_active_placement_is_refused_next_to_the_status(client, cohort, ld_manager, org):
    client.force_login(ld_manager)
    url = reverse("traineeships:placement_add", args=[cohort["trainee"].pk])
    response = client.post(url, placement_data(cohort, host_unit=org["elm"].pk))
    assert response.status_code == 200
    assert "already in an active placement at Oak House" in str(response.context["form"].errors["status"])
    assert Placement.objects.count() == 1
    assert (
        client.post(url, placement_data(cohort, host_unit=org["elm"].pk, status="planned")).status_code == 302
    )
    assert Placement.objects.count() == 2


def test_a_placement_cannot_end_before_it_starts(client, cohort, ld_manager):
    client.force_login(ld_manager)
    p = cohort["placement"]
    url = reverse("traineeships:placement_end", args=[p.pk])
    response = client.post(
        url, {"ends_on": (p.starts_on - datetime.timedelta(days=1)).isoformat(), "version": 1}
    )
    assert response.status_code == 200 and "cannot end before that" in response.content.decode()
    assert Placement.objects.get(pk=p.pk).status == Placement.Status.ACTIVE


def test_a_stale_placement_edit_is_refused_with_what_changed(client, cohort, ld_manager):
    client.force_login(ld_manager)
    p = cohort["placement"]
    url = reverse("traineeships:placement_edit", args=[p.pk])
    first = placement_data(
        cohort, ends_on=(TODAY + datetime.timedelta(days=60)).isoformat(), version=p.version
    )
    assert client.post(url, first).status_code == 302
    second = placement_data(
        cohort, ends_on=(TODAY + datetime.timedelta(days=90)).isoformat(), version=p.version
    )
    response = client.post(url, second)
    assert response.status_code == 409
    assert "Changed by someone else" in response.content.decode()
    assert Placement.objects.get(pk=p.pk).ends_on == TODAY + datetime.timedelta(days=60)


def test_ending_and_a_breakdown_are_kept_in_the_history(client, cohort, ld_manager):
    client.force_login(ld_manager)
    p = cohort["placement"]
    response = client.post(
        reverse("traineeships:placement_breakdown", args=[p.pk]),
        {
            "broke_down_on": TODAY.isoformat(),
            "breakdown_reason": "Relationship with the team broke down.",
            "support_given": "Mediation; a move to another home offered.",
            "version": p.version,
        },
    )
    assert response.status_code == 302
    p.refresh_from_db()
    assert (p.status, p.broke_down_on, p.ends_on) == (Placement.Status.BROKEN_DOWN, TODAY, TODAY)
    latest = p.history.first()
    assert latest.history_user == ld_manager and latest.status == Placement.Status.BROKEN_DOWN
    content = client.get(cohort["trainee"].get_absolute_url()).content.decode()
    assert "Relationship with the team broke down." in content
    assert "Mediation; a move to another home offered." in content


def test_a_breakdown_needs_a_reason(client, cohort, ld_manager):
    client.force_login(ld_manager)
    p = cohort["placement"]
    response = client.post(
        reverse("traineeships:placement_breakdown", args=[p.pk]),
        {
            "broke_down_on": TODAY.isoformat(),
            "breakdown_reason": "",
            "support_given": "",
            "version": p.version,
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"breakdown_reason", "support_given"}
    assert Placement.objects.get(pk=p.pk).status == Placement.Status.ACTIVE


def test_the_supervisor_records_a_quarterly_meeting(client, cohort, supervisor):
    client.force_login(supervisor)
    response = client.post(
        reverse("traineeships:meeting_add", args=[cohort["trainee"].pk]),
        {
            "held_on": TODAY.isoformat(),
            "kind": "quarterly",
            "trainee_attended": "on",
            "supervisor_attended": "on",
            "life_coach_attended": "on",
            "notes": "Settled in well.",
            "actions": "Book the Care Certificate.",
        },
    )
    assert response.status_code == 302
    meeting = SupportMeeting.objects.get()
    assert (
        meeting.recorded_by == supervisor and meeting.supervisor_attended and not meeting.ld_manager_attended
    )
    content = client.get(cohort["trainee"].get_absolute_url()).content.decode()
    assert "Trainee, placement supervisor, life coach" in content and "Book the Care Certificate." in content


def test_a_meeting_without_a_date_is_not_saved(client, cohort, life_coach):
    client.force_login(life_coach)
    url = reverse("traineeships:meeting_add", args=[cohort["trainee"].pk])
    response = client.post(url, {"held_on": "", "kind": "quarterly", "notes": "Kept"})
    assert response.status_code == 200 and "held_on" in response.context["form"].errors
    assert "Kept" in response.content.decode()
    assert not SupportMeeting.objects.exists()


def test_an_outcome_is_recorded_once_per_follow_up(client, cohort, ld_manager):
    client.force_login(ld_manager)
    OutcomeFactory(trainee=cohort["trainee"], when=0)
    url = reverse("traineeships:outcome_add", args=[cohort["trainee"].pk])
    response = client.post(url, {"when": "0", "recorded_on": TODAY.isoformat(), "kind": "volunteering"})
    assert response.status_code == 200
    assert "already recorded" in str(response.context["form"].errors["when"])
    assert (
        client.post(url, {"when": "6", "recorded_on": TODAY.isoformat(), "kind": "volunteering"}).status_code
        == 302
    )
    assert Outcome.objects.filter(trainee=cohort["trainee"]).count() == 2


def test_the_trainee_is_linked_to_their_staff_record(client, cohort, ld_manager, org):
    client.force_login(ld_manager)
    hired = StaffMemberFactory(first_name="Cara", last_name="Lane", org_unit=org["oak"])
    trainee = cohort["trainee"]
    url = reverse("traineeships:trainee_edit", args=[trainee.pk])
    data = {"status": "completed", "staff_member": hired.pk, "version": trainee.version}
    assert client.post(url, data).status_code == 302
    trainee.refresh_from_db()
    assert trainee.staff_member == hired and trainee.status == "completed"
    other = TraineeFactory()
    response = client.post(
        reverse("traineeships:trainee_edit", args=[other.pk]),
        {"status": "active", "staff_member": hired.pk, "version": 1},
    )
    assert response.status_code == 200 and "already linked to trainee Cara Lane" in response.content.decode()


def test_attendance_is_ticked_from_the_intakes_trainees_and_their_supporters(
    client, cohort, ld_manager, supervisor
):
    client.force_login(ld_manager)
    session = TrainingSession.objects.create(
        intake=cohort["intake"], title="Induction", held_on=TODAY, for_trainees=True, for_supervisors=True
    )
    url = reverse("traineeships:session", args=[session.pk])
    page = client.get(url)
    assert [t for t, _ in page.context["trainees"]] == [cohort["trainee"]]
    assert [s for s, _ in page.context["staff"]] == [supervisor.staff_member]  # not the life coach
    outsider = TraineeFactory()
    client.post(url, {"trainee": [cohort["trainee"].pk, outsider.pk], "staff": [supervisor.staff_member.pk]})
    assert set(SessionAttendance.objects.values_list("trainee_id", "staff_member_id")) == {
        (cohort["trainee"].pk, None),
        (None, supervisor.staff_member.pk),
    }
    client.post(url, {"staff": [supervisor.staff_member.pk]})  # the trainee unticked
    assert set(SessionAttendance.objects.values_list("trainee_id", "staff_member_id")) == {
        (None, supervisor.staff_member.pk)
    }


def test_a_session_needs_an_audience(client, cohort, ld_manager):
    client.force_login(ld_manager)
    url = reverse("traineeships:intake_sessions", args=[cohort["intake"].pk])
    response = client.post(
        url, {"title": "Nobody's day", "kind": "training_day", "held_on": TODAY.isoformat()}
    )
    assert response.status_code == 200 and "tick at least one audience" in response.content.decode()
    assert not TrainingSession.objects.exists()
