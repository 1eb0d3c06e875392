"""Who may do what in the core. The one place that answers it.

Roles are Django groups (created by a data migration). Every view declares who may use it
with `@requires(...)`: an ability (`@requires("staff.change")`), an app's rule
(`@requires(can_edit_plans)`) or anyone signed in (`@requires()`). Object scoping goes through
`scope_staff`, which `StaffMember.objects.visible_to(user)` calls, so no list or page can forget it.

Core rules:
- L&D manager: sees and changes everything in the core, imports staff.
- Director: sees everything, changes nothing.
- Manager: sees staff in their own unit and below; records training for them.
- Mentor, Action owner: see their own record (later apps widen this for mentees).
- Everyone signed in reads the catalogue (units, roles, competencies, courses).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, TextChoices


class Role(TextChoices):
    LD_MANAGER = "L&D manager", "L&D manager"
    MENTOR = "Mentor", "Mentor"
    MANAGER = "Manager", "Manager"
    DIRECTOR = "Director", "Director"
    ACTION_OWNER = "Action owner", "Action owner"


# ability -> roles that hold it (superusers hold every ability)
ABILITIES: dict[str, set[str]] = {
    "staff.view_all": {Role.LD_MANAGER, Role.DIRECTOR},
    "staff.change": {Role.LD_MANAGER},
    "staff.import": {Role.LD_MANAGER},
    "staff.export": {Role.LD_MANAGER, Role.DIRECTOR, Role.MANAGER},
    "catalogue.view": set(Role),
    "catalogue.change": {Role.LD_MANAGER},
    "training.change": {Role.LD_MANAGER, Role.MANAGER},
    # Searching names for a form's person field (line manager, plan lead, action and risk owners).
    "staff.pick": {Role.LD_MANAGER, Role.ACTION_OWNER},
}


def roles_of(user) -> frozenset[str]:
    """The user's role names, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_talent_ladder_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._talent_ladder_roles = cached
    return cached


def has_role(user, role: str) -> bool:
    return user.is_authenticated and (user.is_superuser or role in roles_of(user))


def can(user, ability: str) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if ability not in ABILITIES:
        raise KeyError(f"Unknown ability {ability!r}")
    return bool(ABILITIES[ability] & roles_of(user))


def own_staff_record(user):
    """The StaffMember linked to this login, or None (cached on the user)."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_talent_ladder_staff"):
        from workforce.models import StaffMember

        user._talent_ladder_staff = StaffMember.objects.select_related("org_unit").filter(user=user).first()
    return user._talent_ladder_staff


def scope_staff(queryset, user):
    if can(user, "staff.view_all"):
        return queryset
    me = own_staff_record(user)
    if me is None:
        return queryset.none()
    visible = Q(pk=me.pk)
    if has_role(user, Role.MANAGER) and me.org_unit_id:
        visible |= Q(org_unit__path__startswith=me.org_unit.path) | Q(line_manager=me)
    return queryset.filter(visible)


def scope_units(queryset, user):
    """Units whose staff this user may see: all, or a manager's own unit and below."""
    if can(user, "staff.view_all"):
        return queryset
    me = own_staff_record(user)
    if me is None or me.org_unit is None or not has_role(user, Role.MANAGER):
        return queryset.none()
    return queryset.filter(path__startswith=me.org_unit.path)


def can_change_training_for(user, staff_member) -> bool:
    if not can(user, "training.change"):
        return False
    from workforce.models import StaffMember

    return StaffMember.objects.visible_to(user).filter(pk=staff_member.pk).exists()


def login_redirect(request):
    """Send an anonymous visitor to the login page, and back here afterwards.

    An htmx request (a panel refreshing after the 30-minute idle timeout) is told to load the
    login page as a whole page, rather than having the login form swapped into the panel."""
    if getattr(request, "htmx", False):
        from django_htmx.http import HttpResponseClientRedirect

        return HttpResponseClientRedirect(
            redirect_to_login(request.htmx.current_url_abs_path or request.get_full_path()).url
        )
    return redirect_to_login(request.get_full_path())


def requires(rule: str | Callable[[object], bool] | None = None):
    """The one way a view says who may use it: anonymous -> the login page (see
    `login_redirect`); signed in without `rule` -> 403.

    `rule` is an ability name from ABILITIES, a function of the user (an app's own rule, such as
    `actionplans.permissions.can_edit_plans`), or None for anyone signed in. Object-level rules
    (scope, ownership) are applied inside the view, by its "get it for this user or 404" helper."""
    if isinstance(rule, str) and rule not in ABILITIES:
        raise KeyError(f"Unknown ability {rule!r}")

    def allowed(user) -> bool:
        if rule is None:
            return True
        return can(user, rule) if isinstance(rule, str) else rule(user)

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return login_redirect(request)
            if not allowed(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def template_abilities(user) -> dict[str, bool]:
    """Flags for templates (navigation, buttons): {'staff_change': True, ...}."""
    return {ability.replace(".", "_"): can(user, ability) for ability in ABILITIES}
