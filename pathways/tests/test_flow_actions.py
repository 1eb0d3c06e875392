"""What people meet when they nominate, decide nominations, take status steps and edit pathways:
the happy path, clear errors next to the field with nothing saved, and the candidate's own login."""

import pytest
from django.urls import reverse

from pathways import transitions
from pathways.models import CareerPathway, Enrolment, PathwayStage
from pathways.tests.factories import EnrolmentFactory
from workforce.tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db
Status = Enrolment.Status
NOMINATE = reverse("pathways:nominate")


@pytest.fixture
def carers(org, ladder):
    home_trainer = ladder["roles"]["home_trainer"]
    return {
        "oak": StaffMemberFactory(
            first_name="Cara", last_name="Oakes", org_unit=org["oak"], job_role=home_trainer
        ),
        "elm": StaffMemberFactory(
            first_name="Eli", last_name="Elmore", org_unit=org["elm"], job_role=home_trainer
        ),
    }


def nominate(client, person, stage, reason="Leads the home's induction days."):
    return client.post(NOMINATE, {"staff_member": person.pk, "stage": stage.pk, "reason": reason})


def test_a_manager_nominates_someone_in_their_home(client, manager, carers, ladder):
    client.force_login(manager)
    response = nominate(client, carers["oak"], ladder["stages"][1])
    assert response.status_code == 302 and response.url == ladder["pathway"].get_absolute_url()
    enrolment = Enrolment.objects.get(staff_member=carers["oak"])
    assert (enrolment.status, enrolment.nominated_by) == (Status.NOMINATED, manager.staff_member)


def test_a_manager_cannot_nominate_someone_in_another_home(client, manager, carers, ladder):
    client.force_login(manager)
    response = nominate(client, carers["elm"], ladder["stages"][1])
    assert response.status_code == 400
    assert "among the staff you may nominate" in response.content.decode()
    assert not Enrolment.objects.exists()


def test_the_ld_manager_nominates_anyone_in_post(client, ld_manager, carers, ladder):
    client.force_login(ld_manager)
    assert nominate(client, carers["elm"], ladder["stages"][1]).status_code == 302


def test_a_duplicate_is_refused_with_a_message_next_to_the_person(
    client, manager, enrolment, ladder, candidate
):
    client.force_login(manager)
    response = nominate(client, candidate, ladder["stages"][2])
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert (
        "already has an open nomination on this pathway (in development, for Link Trainer)"
        in errors["staff_member"][0]
    )
    assert Enrolment.objects.filter(staff_member=candidate).count() == 1


def test_missing_fields_are_named(client, manager):
    client.force_login(manager)
    response = client.post(NOMINATE, {})
    errors = response.context["form"].errors
    assert errors["staff_member"] == ["Choose the person you nominate."]
    assert errors["stage"] == ["Choose the stage they should aim for."]
    assert "Say why you nominate them" in errors["reason"][0]


def test_the_picker_search_finds_only_whom_the_manager_may_nominate(client, manager, carers):
    client.force_login(manager)
    url = reverse("pathways:nominee_search")
    found = client.get(url, {"picker_q": "el", "target": "id_staff_member"}).content.decode()
    assert "Eli Elmore" not in found
    found = client.get(url, {"picker_q": "oakes", "target": "id_staff_member"}).content.decode()
    assert "Cara Oakes" in found


def test_the_queue_accepts_with_a_mentor_and_declines_with_a_reason(
    client, ld_manager, mentor, carers, ladder
):
    first = EnrolmentFactory(staff_member=carers["oak"], target_stage=ladder["stages"][1])
    second = EnrolmentFactory(staff_member=carers["elm"], target_stage=ladder["stages"][1])
    client.force_login(ld_manager)
    page = client.get(reverse("pathways:nominations"))
    assert [row["enrolment"] for row in page.context["rows"]] == [first, second]
    assert "Nia Evans, Regional Training Officer" in page.content.decode()

    response = client.post(
        reverse("pathways:accept", args=[first.pk]),
        {f"n{first.pk}-version": first.version, f"n{first.pk}-mentor": mentor.staff_member.pk},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == Status.ACCEPTED and first.current_mentor == mentor.staff_member
    assert first.plan is not None

    refused = client.post(
        reverse("pathways:decline", args=[second.pk]), {f"n{second.pk}-version": second.version}
    )
    assert refused.status_code == 400
    row = next(r for r in refused.context["rows"] if r["enrolment"] == second)
    assert "Say why the nomination is declined" in row["decline"].errors["reason"][0]
    assert Enrolment.objects.get(pk=second.pk).status == Status.NOMINATED

    client.post(
        reverse("pathways:decline", args=[second.pk]),
        {f"n{second.pk}-version": second.version, f"n{second.pk}-reason": "Too new in post."},
    )
    assert Enrolment.objects.get(pk=second.pk).closing_reason == "Too new in post."
    assert client.get(reverse("pathways:nominations")).context["rows"] == []


def test_a_status_step_not_allowed_now_is_explained(client, ld_manager, enrolment):
    client.force_login(ld_manager)
    response = client.post(
        reverse("pathways:progress", args=[enrolment.pk]), {"progress-version": enrolment.version}
    )
    assert response.status_code == 400
    assert "An enrolment that is in development cannot be made progressed." in response.content.decode()
    assert Enrolment.objects.get(pk=enrolment.pk).status == Status.IN_DEVELOPMENT


def test_a_step_from_a_stale_page_is_refused(client, ld_manager, enrolment):
    seen = enrolment.version
    transitions.judge_readiness(enrolment, "not_yet", ld_manager)
    client.force_login(ld_manager)
    response = client.post(
        reverse("pathways:withdraw", args=[enrolment.pk]),
        {"withdraw-version": seen, "withdraw-reason": "Moving away."},
    )
    assert response.status_code == 409
    assert "someone else changed this candidate" in response.content.decode()
    assert Enrolment.objects.get(pk=enrolment.pk).status == Status.IN_DEVELOPMENT


def test_the_steps_offered_follow_the_status_and_the_reader(client, ld_manager, mentor, enrolment):
    url = reverse("pathways:candidate", args=[enrolment.pk])
    client.force_login(ld_manager)
    offered = [a["step"].name for a in client.get(url).context["actions"]]
    assert offered == ["judge_readiness", "mark_ready", "change_mentor", "withdraw"]
    client.force_login(mentor)
    assert [a["step"].name for a in client.get(url).context["actions"]] == ["judge_readiness"]


def test_the_candidate_reads_their_own_page_and_takes_no_step(client, candidate, enrolment, ladder):
    client.force_login(candidate.user)
    response = client.get(reverse("pathways:candidate", args=[enrolment.pk]))
    assert response.status_code == 200 and response.context["actions"] == []
    readiness = client.post(
        reverse("pathways:judge_readiness", args=[enrolment.pk]),
        {"judge_readiness-version": enrolment.version, "judge_readiness-readiness": "ready_now"},
    )
    assert readiness.status_code == 403
    assert client.post(reverse("pathways:mark_ready", args=[enrolment.pk])).status_code == 403
    assert client.get(NOMINATE).status_code == 403
    assert client.get(reverse("pathways:pathway", args=[ladder["pathway"].pk])).status_code == 200
    assert Enrolment.objects.get(pk=enrolment.pk).readiness == ""


def test_someone_elses_candidate_page_is_404_to_a_candidate(client, candidate, ladder, org):
    other = EnrolmentFactory(
        staff_member=StaffMemberFactory(org_unit=org["oak"]), target_stage=ladder["stages"][1]
    )
    client.force_login(candidate.user)
    assert client.get(reverse("pathways:candidate", args=[other.pk])).status_code == 404


def test_a_stage_cannot_take_a_taken_position_or_role(client, ld_manager, ladder):
    client.force_login(ld_manager)
    response = client.post(
        reverse("pathways:stage_create", args=[ladder["pathway"].pk]),
        {"position": 2, "job_role": ladder["roles"]["rto"].pk, "min_months_in_previous": 0},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["position"] == ["Another stage of this pathway is at this position."]
    assert errors["job_role"] == ["This role is already a stage of this pathway."]
    assert PathwayStage.objects.filter(pathway=ladder["pathway"]).count() == 3


def test_two_people_editing_a_pathway_are_stopped_by_the_version_check(client, ld_manager, ladder):
    pathway = ladder["pathway"]
    seen = pathway.version
    client.force_login(ld_manager)
    first = {"name": "Trainer pathway", "description": "First edit.", "is_active": "on", "version": seen}
    assert client.post(reverse("pathways:pathway_edit", args=[pathway.pk]), first).status_code == 302
    second = {**first, "description": "Second edit."}
    response = client.post(reverse("pathways:pathway_edit", args=[pathway.pk]), second)
    assert response.status_code == 409
    assert CareerPathway.objects.get(pk=pathway.pk).description == "First edit."


def test_a_candidate_judged_ready_too_soon_goes_back_to_development(client, ld_manager, enrolment):
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.READY)
    client.force_login(ld_manager)
    page = client.get(reverse("pathways:candidate", args=[enrolment.pk])).content.decode()
    assert "Back to development" in page
    url = reverse("pathways:back_to_development", args=[enrolment.pk])
    version = Enrolment.objects.get(pk=enrolment.pk).version
    refused = client.post(url, {"back_to_development-version": version, "back_to_development-reason": ""})
    assert refused.status_code == 400
    assert "Say why they go back into development." in refused.content.decode()
    done = client.post(
        url, {"back_to_development-version": version, "back_to_development-reason": "Needs more practice."}
    )
    assert done.status_code == 302
    assert Enrolment.objects.get(pk=enrolment.pk).status == Enrolment.Status.IN_DEVELOPMENT
