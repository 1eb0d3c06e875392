"""Stops a leaver's login at the door.

A signed-in non-superuser whose staff record has left (leaving date today or earlier) or is
archived gets, on every page but signing in and out, a 403 "Your access has ended" page that says
why and who to contact. It sits last in MIDDLEWARE (after AuthenticationMiddleware, and so that
its page passes back through every other middleware, headers and all). The staff lookup is the one
`permissions.linked_staff_record` caches on the user, so pages that read it again pay nothing.
Static files never reach here (WhiteNoise answers them first); /health/ is anonymous.
"""

from __future__ import annotations

import time

from django.conf import settings
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


class SessionRefreshMiddleware:
    """Keeps the idle timeout without writing the session to the database on every request.

    A session ends SESSION_COOKIE_AGE after it was last saved. Saving it on every request
    (SESSION_SAVE_EVERY_REQUEST) cost three queries a page; saving it when its last save is more
    than SESSION_REFRESH_SECONDS old keeps the idle timeout right to within that minute. Signing in
    stamps the session (`stamp_on_login`), so the pages that follow a sign-in do not save it again.
    Sits just inside SessionMiddleware, which saves a modified session on the way out.
    """

    KEY = "_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # Only a session that holds something (a signed-in person) is kept alive; touching an
        # empty one would create a row for every anonymous visit.
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = now
        return response


def stamp_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SessionRefreshMiddleware.KEY] = int(time.time())
