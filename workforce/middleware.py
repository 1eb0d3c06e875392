"""Stops a leaver's login at the door.

A signed-in non-superuser whose staff record has left (leaving date today or earlier) or is
archived gets, on every page but signing in and out, a 403 "Your access has ended" page that says
why and who to contact. It sits last in MIDDLEWARE (after AuthenticationMiddleware, and so that
its page passes back through every other middleware, headers and all). The staff lookup is the one
`permissions.linked_staff_record` caches on the user, so pages that read it again pay nothing.
Static files never reach here (WhiteNoise answers them first); /health/ is anonymous.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.shortcuts import render
from django.urls import reverse

from workforce import permissions

# Signing out must always work; the login page lets someone hand the browser to a colleague.
# Changing a password is refused: a leaver has no use for one.
OPEN_URL_NAMES = ("logout", "login")


class AccessEndedMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and permissions.access_ended(user) and not self._is_open(request.path):
            return ended_response(request)
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        return any(path == reverse(name) for name in OPEN_URL_NAMES)


def ended_response(request):
    record = permissions.linked_staff_record(request.user)
    # base.html draws the navigation only for a signed-in `user`; this page has none to offer, so
    # the template sees an anonymous one (its own form still signs the real user out).
    context = {"record": record, "user": AnonymousUser(), "abilities": {}, "user_roles": []}
    return render(request, "workforce/access_ended.html", context, status=403)
