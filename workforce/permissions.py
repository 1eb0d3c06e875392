"""Who may do what in the core. The one place that answers it.

Roles are Django groups (created by a data migration). Every view declares who may use it
with `@requires(...)`: an ability (`@requires("staff.change")`), an app's rule
(`@requires(can_edit_plans)`) or anyone signed in (`@requires()`). Object scoping goes through
`scope_staff`, which `StaffMember.objects.visible_to(user)` calls, so no list or page can forget it.

Core rules:
- L&D manager: sees and changes everything in the core, imports staff.
- Director: sees everything, changes nothing.
- Manager: sees staff in their own unit and below; records training for them (one at a time,
  or a whole session at once).
- Importing training completions from a spreadsheet: L&D managers.
- The audit trail (every app's change history): L&D managers.
- Mentor, Action owner: see their own record (later apps widen this for mentees).
- Everyone signed in reads the catalogue (units, roles, competencies, courses).
- A login whose staff record has left (leaving date passed) or is archived has no role, no
  ability and no scope (`access_ended`); workforce.middleware shows it "Your access has ended".

Extending it, from an app's AppConfig.ready (the core never imports the apps):
- `register_scope_rule(name, rule)`: `rule(user, me)` returns a Q over StaffMember that widens
  who `user` (whose own record is `me`) sees, or None. `scope_staff` ORs them all.
- `register_ability(name, roles, superusers=False)`: an ability superusers do not hold merely by
  being superusers (confidential records): they need one of the roles, like anyone else.

Superusers are for the admin. They hold every ability except those declared not for them and,
without a staff record, see every page as an L&D manager does.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Iterator
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
    # The training matrix and compliance figures: managers for their own unit (scoped by visible_to).
    "training.view_compliance": {Role.LD_MANAGER, Role.DIRECTOR, Role.MANAGER},
    # Importing completions from a spreadsheet: any staff number in the file, so L&D only.
    "training.import": {Role.LD_MANAGER},
    # Searching names for a form's person field (line manager, plan lead, action and risk owners).
    "staff.pick": {Role.LD_MANAGER, Role.ACTION_OWNER},
    # The audit trail: every app's change history, searched (workforce.audit). L&D only: it names
    # who changed what across the whole organisation.
    "workforce.audit": {Role.LD_MANAGER},
}
# Abilities a superuser holds only through a role, never by being a superuser (see register_ability).
NOT_FOR_SUPERUSERS: set[str] = set()


def register_ability(name: str, roles, *, superusers: bool = True) -> None:
    """Declare an app's ability (call from AppConfig.ready). `superusers=False` for confidential
    records: a superuser then needs one of `roles`, like anyone else. Registering the same
    declaration twice is harmless; a different one is a mistake and raises."""
    roles = set(roles)
    if name in ABILITIES and (ABILITIES[name] != roles or (name in NOT_FOR_SUPERUSERS) == superusers):
        raise ValueError(f"Ability {name!r} is already declared differently")
    ABILITIES[name] = roles
    if not superusers:
        NOT_FOR_SUPERUSERS.add(name)


def unregister_ability(name: str) -> None:
    """For tests that declare a throwaway ability."""
    ABILITIES.pop(name, None)
    NOT_FOR_SUPERUSERS.discard(name)


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
    if not user.is_authenticated or access_ended(user):
        return False
    return user.is_superuser or role in roles_of(user)


def can(user, ability: str) -> bool:
    if ability not in ABILITIES:
        raise KeyError(f"Unknown ability {ability!r}")
    if not user.is_authenticated or access_ended(user):
        return False
    if user.is_superuser and ability not in NOT_FOR_SUPERUSERS:
        return True
    return bool(ABILITIES[ability] & roles_of(user))


def linked_staff_record(user):
    """The StaffMember linked to this login, whatever its state, or None.

    Read once per request (workforce.middleware asks first) and kept on the user object, so
    the pages that ask again cost no query."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_talent_ladder_staff"):
        from workforce.models import StaffMember

        user._talent_ladder_staff = StaffMember.objects.select_related("org_unit").filter(user=user).first()
    return user._talent_ladder_staff


def access_ended(user, on: datetime.date | None = None) -> bool:
    """True for a signed-in non-superuser whose staff record has left or is archived.

    Superusers are exempt: they are the admin's accounts (an import still deactivates a leaver's
    login, superuser or not). A login with no staff record has not "left"; it simply sees little."""
    if not user.is_authenticated or user.is_superuser:
        return False
    record = linked_staff_record(user)
    return record is not None and record.access_has_ended(on)


def own_staff_record(user):
    """The StaffMember linked to this login, or None, also None once access has ended: a leaver
    who somehow reaches a view gets no scope (the middleware already stops them)."""
    if access_ended(user):
        return None
    return linked_staff_record(user)


# --- who sees whom: the scope-rule registry ------------------------------------------------

ScopeRule = Callable[[object, object], Q | None]
NOBODY = Q(pk__in=[])  # compared by identity: staff_scope's "no one at all"
_scope_rules: dict[str, ScopeRule] = {}


def register_scope_rule(name: str, rule: ScopeRule) -> None:
    """Widen who sees whom (call from AppConfig.ready). `rule(user, me)` gets the signed-in user
    and their own StaffMember and returns a Q over StaffMember of whom else they see, or None.
    Registering the same rule again is harmless; another rule under a taken name raises."""
    if name in _scope_rules and _scope_rules[name] is not rule:
        raise ValueError(f"Scope rule {name!r} is registered twice")
    _scope_rules[name] = rule


def unregister_scope_rule(name: str) -> None:
    _scope_rules.pop(name, None)


@contextlib.contextmanager
def scope_rule(name: str, rule: ScopeRule) -> Iterator[None]:
    """Register a rule for the duration of a block (tests), and always remove it afterwards."""
    register_scope_rule(name, rule)
    try:
        yield
    finally:
        unregister_scope_rule(name)


def scope_rule_names() -> list[str]:
    return sorted(_scope_rules)


def managers_see_their_units(user, me) -> Q | None:
    """Core rule: a manager sees their own unit and below, and the people they line-manage."""
    if not has_role(user, Role.MANAGER) or me.org_unit_id is None:
        return None
    return Q(org_unit__path__startswith=me.org_unit.path) | Q(line_manager=me)


register_scope_rule("core.managers", managers_see_their_units)


def staff_scope(user) -> Q | None:
    """Whom this user sees, as a Q over StaffMember: their own record OR'd with every registered
    rule. None means everyone (staff.view_all); NOBODY means no one."""
    if can(user, "staff.view_all"):
        return None
    me = own_staff_record(user)
    if me is None:
        return NOBODY
    visible = Q(pk=me.pk)
    for rule in _scope_rules.values():
        widened = rule(user, me)
        if widened is not None:
            visible |= widened
    return visible


def scope_staff(queryset, user):
    visible = staff_scope(user)
    if visible is None:
        return queryset
    if visible is NOBODY:
        return queryset.none()
    return queryset.filter(visible)


def scope_units(queryset, user):
    """Units whose staff this user may see: all, or the units of the staff in their scope with
    everything below them. Only the visible staff's own units count for rules other than a
    manager's, so a mentor with one mentee sees that mentee's unit, not the whole tree."""
    if can(user, "staff.view_all"):
        return queryset
    me = own_staff_record(user)
    if me is None:
        return queryset.none()
    from workforce.models import StaffMember

    units = scope_staff(StaffMember.objects.all(), user).exclude(pk=me.pk).values("org_unit_id")
    visible = Q(pk__in=units)
    if has_role(user, Role.MANAGER) and me.org_unit is not None:
        visible |= Q(path__startswith=me.org_unit.path)
    return queryset.filter(visible)


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
