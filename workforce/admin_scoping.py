"""The admin keeps the pages' rules: the same scoping and the same abilities.

`ScopedAdmin` narrows every admin list, change page and autocomplete to the model's
`visible_to(request.user)` where the model's queryset has one, and adds the app's rules on top of
Django's model permissions: `view_rule` to see, `change_rule` to add, change and delete. A rule is an
ability name (workforce.permissions.ABILITIES) or a function of the user, as for `@requires`;
`object_rule(user, obj)` (a staticmethod) refines change and delete for one object. Superusers pass Django's
checks, so only the app rules (and abilities declared not for superusers) can refuse them.
"""

from __future__ import annotations

from collections.abc import Callable

from workforce import permissions

Rule = str | Callable[[object], bool] | None


def allowed(user, rule: Rule) -> bool:
    if rule is None:
        return user.is_authenticated
    return permissions.can(user, rule) if isinstance(rule, str) else rule(user)


class ScopedAdmin:
    view_rule: Rule = None
    change_rule: Rule = None
    object_rule: Callable[[object, object], bool] | None = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        visible_to = getattr(queryset, "visible_to", None)
        return visible_to(request.user) if visible_to is not None else queryset

    def _may_change(self, request, obj) -> bool:
        if not allowed(request.user, self.change_rule):
            return False
        return obj is None or self.object_rule is None or self.object_rule(request.user, obj)

    def has_view_permission(self, request, obj=None):
        if not (allowed(request.user, self.view_rule) or self._may_change(request, obj)):
            return False
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return self._may_change(request, None) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return self._may_change(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._may_change(request, obj) and super().has_delete_permission(request, obj)

    def has_module_permission(self, request):
        return allowed(request.user, self.view_rule) and super().has_module_permission(request)
