"""Who may do what with career pathways; the one place that answers it.

- The L&D manager (and superuser) does everything: pathways and stages, accepting or declining
  nominations, assigning mentors, readiness, progression.
- A director reads everything and changes nothing.
- A manager reads the candidates in their unit and below (the core's scope rule) and nominates
  staff in their unit and below.
- A mentor reads and edits their CURRENT mentees' assessments, plans and reviews, and signs off
  activities and objectives; a former mentor keeps read access to those enrolments.
- The candidate (when they have a login) reads their own enrolment and adds activities,
  reflections, evidence and self-assessments to it.
Everyone else gets a 404 for an enrolment they may not see (its existence is not told).

Succession (pathways.succession): the L&D manager, a director and a manager read the succession
page, its export and the talent grid, each for the people they see (a manager: their unit and
below). The talent grid's NAMES are a judgement about people (performance and potential), shown
to those who act on it: the L&D manager (everyone) and a manager (their own unit and below, the
only people they see). A director sees its counts only, as the board report prints them: the
board needs the shape of the pipeline, not who was rated low (`can_see_talent_names`).
"""

from __future__ import annotations

from django.db.models import Q

from workforce.permissions import Role, can, has_role, own_staff_record, scope_staff

MANAGE = "pathways.manage"
NOMINATE = "pathways.nominate"
VIEW_ALL = "pathways.view_all"
SUCCESSION = "pathways.succession"


def register_abilities() -> None:
    from workforce.permissions import register_ability

    register_ability(MANAGE, {Role.LD_MANAGER})
    register_ability(NOMINATE, {Role.LD_MANAGER, Role.MANAGER})
    register_ability(VIEW_ALL, {Role.LD_MANAGER, Role.DIRECTOR})
    register_ability(SUCCESSION, {Role.LD_MANAGER, Role.DIRECTOR, Role.MANAGER})


def can_manage(user) -> bool:
    return can(user, MANAGE)


def enrolments_visible_to(queryset, user):
    """Enrolments this user may read: all (L&D, director); else those of the staff they see
    (their own, a manager's unit, a mentor's current mentees) and those they ever mentored."""
    if can(user, VIEW_ALL):
        return queryset
    me = own_staff_record(user)
    if me is None:
        return queryset.none()
    from pathways.models import MentorAssignment
    from workforce.models import StaffMember

    seen_staff = scope_staff(StaffMember.objects.all(), user).values("pk")
    ever_mentored = MentorAssignment.objects.filter(mentor=me).values("enrolment_id")
    return queryset.filter(Q(staff_member__in=seen_staff) | Q(pk__in=ever_mentored))


def is_current_mentor(user, enrolment) -> bool:
    me = own_staff_record(user)
    if me is None:
        return False
    # Asked once per row on the candidate page (may they edit this activity?): the enrolment's
    # current mentors are read once and kept on the object for the rest of the request.
    current = getattr(enrolment, "_current_mentor_ids", None)
    if current is None:
        current = set(enrolment.mentor_assignments.current().values_list("mentor_id", flat=True))
        enrolment._current_mentor_ids = current
    return me.pk in current


def is_candidate(user, enrolment) -> bool:
    me = own_staff_record(user)
    return me is not None and enrolment.staff_member_id == me.pk


def can_develop(user, enrolment) -> bool:
    """Edit the plan, assessments and reviews, sign off: the L&D manager or the current mentor,
    and only while the enrolment is open."""
    return enrolment.is_open and (can_manage(user) or is_current_mentor(user, enrolment))


def can_add_own(user, enrolment) -> bool:
    """Add activities, reflections, evidence and self-assessments: whoever may develop, or the
    candidate on their own open enrolment."""
    return can_develop(user, enrolment) or (enrolment.is_open and is_candidate(user, enrolment))


def can_nominate(user, staff_member=None) -> bool:
    """A manager for staff in their unit and below; the L&D manager for anyone in post."""
    if not can(user, NOMINATE):
        return False
    if staff_member is None or can_manage(user):
        return True
    from workforce.models import StaffMember

    return (
        has_role(user, Role.MANAGER)
        and scope_staff(StaffMember.objects.filter(pk=staff_member.pk), user).exists()
    )


def nominable_staff(user):
    """Everyone `user` may nominate, for a form's choices and its search (can_nominate for all at
    once): staff in post; all of them for the L&D manager, a manager's scope otherwise (not
    themselves)."""
    from workforce.models import StaffMember

    people = StaffMember.objects.in_post()
    if not can(user, NOMINATE):
        return people.none()
    if can_manage(user):
        return people
    if not has_role(user, Role.MANAGER):
        return people.none()
    me = own_staff_record(user)
    return scope_staff(people, user).exclude(pk=me.pk if me else None)


# --- The plan part: signing off, editing activities, mentors' load --------------------------


def can_sign_off(user, enrolment) -> bool:
    """Sign off activities and objectives, confirm self-assessments: whoever may develop (never
    the candidate)."""
    return can_develop(user, enrolment)


def can_edit_activity(user, activity, enrolment) -> bool:
    """Whoever may develop; the candidate too, on their own open enrolment, until it is signed off
    (a signed-off activity is the mentor's word and is no longer the candidate's to change)."""
    if can_develop(user, enrolment):
        return True
    return enrolment.is_open and activity.signed_off_on is None and is_candidate(user, enrolment)


def can_see_mentor_load(user) -> bool:
    return can(user, VIEW_ALL)


def can_see_talent_names(user) -> bool:
    """Names in the talent grid: the L&D manager and managers (see the module docstring)."""
    return can_manage(user) or (can(user, SUCCESSION) and has_role(user, Role.MANAGER))
