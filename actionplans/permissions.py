"""Who may do what with action plans; the one place that answers it.

- Everyone signed in reads every plan (directors and others read).
- The L&D manager (and superuser) creates and edits plans and everything in them, and imports.
- An action owner (a staff member named as owner of the action or of one of its outputs)
  updates that action's progress, milestones and risks.
- A risk's owner updates that risk, even on an action they do not own: they are the one
  watching it (they do not add risks or progress to that action).
"""

from __future__ import annotations

from workforce.permissions import Role, has_role, own_staff_record


def can_edit_plans(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.LD_MANAGER))


def owns_action(user, action) -> bool:
    me = own_staff_record(user)
    if me is None:
        return False
    return action.owners.filter(pk=me.pk).exists() or action.outputs.filter(owners=me).exists()


def can_update_action(user, action) -> bool:
    """Progress updates, milestones and risks of this action."""
    return can_edit_plans(user) or owns_action(user, action)


def owns_risk(user, risk) -> bool:
    me = own_staff_record(user)
    return me is not None and risk.owner_id == me.pk


def can_update_risk(user, risk) -> bool:
    """Edit this risk: whoever may update its action, or the risk's own owner."""
    return owns_risk(user, risk) or can_update_action(user, risk.action)
