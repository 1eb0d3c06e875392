"""Who may do what with traineeships; the one place that answers it.

- The L&D manager (and superuser) does everything: programmes, intakes, applicants and their
  checks, placements, support meetings, outcomes, letters, and the equality figures.
- A director reads the figures and reports only: funnels, counts, the suppressed diversity table;
  never an applicant's or trainee's name.
- A placement supervisor or a life coach (any signed-in staff member named on a placement) reads
  their own trainees' pages and records their support meetings and feedback.
- A manager reads the placements hosted in their unit and below, and those trainees' pages.
- Confidential support plans: only holders of `traineeships.confidential` (the L&D manager role;
  a superuser WITHOUT the role is refused like anyone else). Every opening and every refusal is
  written to the access log. Others are not told that a plan exists: the trainee page shows the
  link only to holders, and the plan's URL gives a refusal (logged) that does not say more.
Everyone else gets a 404 for a trainee or applicant they may not see.
"""

from __future__ import annotations

from django.db.models import Q

from workforce.permissions import Role, can, has_role, own_staff_record

MANAGE = "traineeships.manage"
FIGURES = "traineeships.figures"
CONFIDENTIAL = "traineeships.confidential"


def register_abilities() -> None:
    from workforce.permissions import register_ability

    register_ability(MANAGE, {Role.LD_MANAGER})
    register_ability(FIGURES, {Role.LD_MANAGER, Role.DIRECTOR})
    # Not held by superusers: a confidential plan needs the role, whoever the user is.
    register_ability(CONFIDENTIAL, {Role.LD_MANAGER}, superusers=False)


def can_manage(user) -> bool:
    return can(user, MANAGE)


def can_read_figures(user) -> bool:
    return can(user, FIGURES)


def can_open_confidential(user) -> bool:
    return can(user, CONFIDENTIAL)


def applicants_visible_to(queryset, user):
    """Applicants by name: the L&D manager only (recruitment is theirs)."""
    return queryset if can_manage(user) else queryset.none()


def placement_scope(user) -> Q | None:
    """The placements this user is part of: supervising, coaching, managing the team, or hosted in
    a unit they manage. None means every placement; Q(pk__in=[]) none."""
    if can_manage(user):
        return None
    me = own_staff_record(user)
    if me is None:
        return Q(pk__in=[])
    mine = Q(supervisor=me) | Q(life_coach=me) | Q(team_manager=me)
    # A manager's own unit and below; not the units of people they see for other reasons (a
    # mentor's mentee), which the core's scope_units would add.
    if has_role(user, Role.MANAGER) and me.org_unit is not None:
        mine |= Q(host_unit__path__startswith=me.org_unit.path)
    return mine


def trainees_visible_to(queryset, user):
    """Trainees: all for the L&D manager; otherwise those with a placement this user is part of."""
    scope = placement_scope(user)
    if scope is None:
        return queryset
    from traineeships.models import Placement

    placements = Placement.objects.filter(scope).values("trainee_id")
    return queryset.filter(pk__in=placements)


def supervisors_see_their_trainees(user, me):
    """Scope rule for the core: a placement supervisor or life coach sees the staff record of a
    trainee of theirs who has since been employed here."""
    from traineeships.models import Placement

    trainees = Placement.objects.filter(Q(supervisor=me) | Q(life_coach=me)).values(
        "trainee__staff_member_id"
    )
    return Q(pk__in=trainees)


def is_supporter(user, placements) -> bool:
    """True when this user is the placement supervisor or life coach on one of `placements` (a
    trainee's, already loaded: no query)."""
    me = own_staff_record(user)
    if me is None:
        return False
    return any(me.pk in (p.supervisor_id, p.life_coach_id) for p in placements)


def can_record_support(user, placements) -> bool:
    """Support meetings and feedback: the L&D manager, and the trainee's supervisor or life coach."""
    return can_manage(user) or is_supporter(user, placements)
