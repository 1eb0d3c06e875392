from workforce import permissions


def navigation(request):
    """Role flags for base.html's navigation and buttons."""
    user = request.user
    return {
        "abilities": permissions.template_abilities(user),
        "user_roles": sorted(permissions.roles_of(user)),
    }
