"""Permission tests generated from a table: they grow with rows and rules, not with actors x URLs.

Each app writes its rules as a list of `Row`s (one per URL name), a `world` fixture holding the
objects the rows point at, and a test class deriving from `PermissionTable`:

    from workforce.tests.permission_table import EVERYONE, LD, SUPERUSER, PermissionTable, Row

    EDITORS = {LD, SUPERUSER}
    ROWS = [
        Row("staff:list", readers=EVERYONE),
        Row("staff:edit", args=["carer"], readers=EDITORS, writers=EDITORS,
            post=lambda w: {"last_name": "Khan-Ali", ...},
            done=lambda w: StaffMember.objects.get(pk=w["carer"].pk).last_name == "Khan-Ali"),
    ]

    @pytest.fixture
    def world(org, actors):
        return {"carer": StaffMemberFactory(org_unit=org["oak"], ...)}

    class TestStaffPermissions(PermissionTable):
        rows = ROWS
        namespaces = ["staff"]   # every URL name in these must have a row
        apps = ["workforce"]     # refused writes must leave every row of these apps' models as it was

A row (see `Row` for every field):
- `name`: the URL name; `label` tells two rows for one URL apart ("own action", "another's").
- `args`: world keys whose pks fill the URL, `query` is appended; or `url=callable(world)`.
- `readers`: who gets `ok` (200) on GET; None when the URL takes no GET (it must answer 405).
- `writers`: who may POST `post(world)`: the answer is `done_status` (302), `done(world)` turns
  true and, with `then`, the redirect goes there. None when the URL takes no POST.
- `others`: what every other signed-in actor gets: 403 (the role lacks the ability, checked before
  the object is looked up) or 404 (the object is out of their scope and must not be revealed).
- `hidden_from`: actors who get 404 although `others` is 403: they hold the ability, but this
  object is outside their scope (a manager of another unit).
- `status_for`: {actor: status} for actors whose answer here is not their category's.
- `methods`: methods the view accepts besides GET (readers) and POST (writers); every other one
  of DELETE, PUT, GET, POST must answer 405.
- Anonymous visitors are sent to the login page (an htmx request gets HX-Redirect instead),
  unless the row names ANONYMOUS among its readers or writers (PUBLIC pages); `htmx_login=False`
  for Django's own views, which do not know htmx.

Actors are the canonical fixtures of conftest.py, named by their fixture. `ACTORS` lists them; a
value other than None shuts that actor out of every row that does not name it explicitly, with that
status. Adding an actor category is one line there, e.g. `"leaver": 403` for a login whose staff
record has left (they see only the "access ended" page); adding a URL is one `Row`.

Generated tests per row (the ids are the row's id):
- test_readers_get_the_page: every reader gets `ok` (one test, looping over the readers), with the
  security headers and no inline script or style;
- test_writer_writes: one test per writer: the POST succeeds and `done` is true;
- test_refused: one test per refusal status (403, 404): every actor refused with it gets it, on
  GET and POST, and after each refused POST every row of `apps` is as it was and `done` is false;
- test_anonymous_goes_to_log_in: plain and htmx requests; refused writes change nothing;
- test_wrong_method_is_405: DELETE and PUT, POST on a read-only URL, GET on a POST-only one;
- test_missing_object (rows with `args`): with every pk replaced by one that does not exist, the
  most and the least privileged allowed actors get 404, and an actor refused by ability still
  gets 403 (refused before the lookup, so the answer does not reveal whether the id exists;
  `ability_first=False` for rows refused by a rule about the object itself, such as owning it);
- test_every_url_has_a_row (once per table): lists each URL name in `namespaces` without a row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pytest
from django.apps import apps as django_apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Actor categories: the conftest fixture names.
LD = "ld_manager"
SUPERUSER = "superuser"
DIRECTOR = "director"
MANAGER = "manager"  # Home Manager of Oak House: worlds put the people they act on in Oak House
OTHER_MANAGER = "other_manager"  # Home Manager of Elm Court: the same pages, out of scope
MENTOR = "mentor"
OTHER_MENTOR = "other_mentor"
OWNER = "action_owner"
# A login whose staff record has left: the "access ended" page (403) everywhere but signing in/out.
LEAVER = "leaver"
ANONYMOUS = "anonymous"

# Every signed-in actor, most privileged first (the first allowed one is the one the method and
# missing-object tests use). None: refused as each row says; a status: refused with it everywhere.
ACTORS: dict[str, int | None] = {
    LD: None,
    SUPERUSER: None,
    DIRECTOR: None,
    MANAGER: None,
    OTHER_MANAGER: None,
    MENTOR: None,
    OTHER_MENTOR: None,
    OWNER: None,
    LEAVER: 403,
}
EVERYONE = frozenset(actor for actor, shut_out in ACTORS.items() if shut_out is None)
# Actors only some tables need (their app gives them a part): a table lists them in `extra_actors`
# and they take part in its rows like the others, refused with `others` unless a row names them.
SUPERVISOR = "supervisor"  # a placement supervisor at Oak House, no role (traineeships)
LIFE_COACH = "life_coach"  # a life coach, no role (traineeships)
EXTRA_ACTORS: dict[str, int | None] = {SUPERVISOR: None, LIFE_COACH: None}
PUBLIC = EVERYONE | {ANONYMOUS}

OK = "ok"
LOGIN = "login"
MISSING_PK = 987654


@dataclass(frozen=True)
class Row:
    """One URL's rules. See the module docstring for the meaning of each field."""

    name: str
    readers: Iterable[str] | None = None
    writers: Iterable[str] | None = None
    others: int = 403
    hidden_from: Iterable[str] = ()
    args: tuple[str, ...] | list[str] = ()
    query: str = ""
    url: Callable[[dict], str] | None = None
    post: Callable[[dict], dict] = lambda world: {}
    done: Callable[[dict], bool] | None = None
    done_status: int = 302
    then: Callable[[dict], str] | None = None
    before_post: Callable[[object, dict], None] | None = None
    ok: tuple[int, ...] = (200,)
    # Methods the view accepts beyond GET for readers and POST for writers (Django's own views).
    methods: tuple[str, ...] = ()
    ability_first: bool = True
    # Django's own views send htmx requests to the login page like any other (no HX-Redirect).
    htmx_login: bool = True
    label: str = ""
    # Actors whose answer here differs from their category's (a leaver on the login page: 302).
    status_for: dict[str, int] = field(default_factory=dict)

    def __post_init__(self):
        for name in ("readers", "writers", "hidden_from"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, frozenset(value))
        unknown = (self.readers or set()) | (self.writers or set()) | self.hidden_from | set(self.status_for)
        unknown -= set(ACTORS) | set(EXTRA_ACTORS) | {ANONYMOUS}
        assert not unknown, f"{self.id}: unknown actors {sorted(unknown)}"
        assert self.readers is not None or self.writers is not None, f"{self.id}: neither read nor written"

    @property
    def id(self) -> str:
        return f"{self.name}[{self.label}]" if self.label else self.name

    def url_for(self, world: dict, *, missing: bool = False) -> str:
        if self.url is not None:
            return self.url(world)
        pks = [MISSING_PK if missing else world[key].pk for key in self.args]
        return reverse(self.name, args=pks) + self.query

    def allowed(self, method: str) -> frozenset[str]:
        return (self.readers if method == "GET" else self.writers) or frozenset()

    def methods_taken(self) -> list[str]:
        return [m for m, who in (("GET", self.readers), ("POST", self.writers)) if who is not None]

    def outcome(self, actor: str, method: str) -> int | str:
        if actor in self.allowed(method):
            return OK
        if actor == ANONYMOUS:
            return LOGIN
        if actor in self.status_for:
            return self.status_for[actor]
        if actor in self.hidden_from:
            return 404
        return {**ACTORS, **EXTRA_ACTORS}[actor] or self.others

    def refusals(self, extra_actors: Iterable[str] = ()) -> dict[int, list[tuple[str, str]]]:
        """{status: [(actor, method), ...]} for every signed-in actor refused on this row (the
        canonical ones and the table's `extra_actors`)."""
        found: dict[int, list[tuple[str, str]]] = {}
        for actor in [*ACTORS, *extra_actors]:
            for method in self.methods_taken():
                status = self.outcome(actor, method)
                if isinstance(status, int):
                    found.setdefault(status, []).append((actor, method))
        return found


def url_names(namespace: str | None) -> set[str]:
    """Every URL name in `namespace` ("staff" -> {"staff:list", ...}); None: the root names,
    including those of includes without a namespace (django.contrib.auth.urls)."""
    if namespace is None:
        patterns, prefix = get_resolver().url_patterns, ""
    else:
        patterns, prefix = get_resolver().namespace_dict[namespace][1].url_patterns, f"{namespace}:"
    names: set[str] = set()

    def walk(patterns):
        for pattern in patterns:
            if isinstance(pattern, URLPattern) and pattern.name:
                names.add(prefix + pattern.name)
            elif isinstance(pattern, URLResolver) and not pattern.namespace:
                walk(pattern.url_patterns)

    walk(patterns)
    return names


def snapshot(app_labels: Iterable[str]) -> dict[str, list[dict]]:
    """Every row of every model of these apps: a refused write must leave all of it as it was."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for label in app_labels
        for model in django_apps.get_app_config(label).get_models()
    }


def assert_sent_to_login(response, what: str) -> None:
    assert response.status_code == 302, (what, response.status_code)
    assert response.url.startswith(reverse("login") + "?next="), (what, response.url)


def assert_outcome(response, expected: int | str, what: str, ok: tuple[int, ...]) -> None:
    if expected == LOGIN:
        assert_sent_to_login(response, what)
    elif expected == OK:
        assert response.status_code in ok, (what, response.status_code)
    else:
        assert response.status_code == expected, (what, response.status_code, expected)


def assert_served_safely(response, what) -> None:
    """Every page a reader gets carries the security headers, and an HTML page has no inline script
    or style (the CSP refuses them, so one would silently not work)."""
    csp = response.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "'unsafe-inline'" not in csp, (what, csp)
    assert response.get("X-Content-Type-Options") == "nosniff", what
    assert response.get("Referrer-Policy") == "same-origin", what
    assert "camera=()" in response.get("Permissions-Policy", ""), what
    if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
        content = response.content.decode()
        assert "<script>" not in content and " style=" not in content, (what, "inline script or style")


class PermissionTable:
    """Derive a `Test...` class from this, with `rows`, `namespaces` and `apps` (see above)."""

    # Declared, not left to the world fixture's dependencies: the test database is set up for
    # marked tests even when a -k selection runs no other database test first.
    pytestmark = [pytest.mark.django_db]

    rows: list[Row] = []
    # URL namespaces whose every name needs a row; None stands for the root (un-namespaced) names.
    namespaces: list[str | None] = []
    # URL names in those namespaces deliberately left out, each with the reason why.
    not_tested: dict[str, str] = {}
    apps: list[str] = []
    world_fixture = "world"
    # Keys of EXTRA_ACTORS this app's rows speak of (traineeships: the supervisor, the life coach).
    extra_actors: tuple[str, ...] = ()

    # --- how the tests are generated -------------------------------------------------------------

    def pytest_generate_tests(self, metafunc):
        name = metafunc.function.__name__
        rows = self.rows
        if name == "test_readers_get_the_page":
            cases = [(row, None) for row in rows if row.readers]
        elif name == "test_writer_writes":
            cases = [(row, writer) for row in rows for writer in sorted(row.writers or ())]
        elif name == "test_refused":
            cases = [(row, status) for row in rows for status in sorted(row.refusals(self.extra_actors))]
        elif name == "test_anonymous_goes_to_log_in":
            cases = [
                (row, None)
                for row in rows
                if LOGIN in {row.outcome(ANONYMOUS, m) for m in row.methods_taken()}
            ]
        elif name == "test_wrong_method_is_405":
            cases = [(row, None) for row in rows]
        elif name == "test_missing_object":
            cases = [(row, None) for row in rows if row.args]
        else:
            return
        ids = [row.id if extra is None else f"{row.id}-{extra}" for row, extra in cases]
        metafunc.parametrize(("row", "extra"), cases, ids=ids)

    # --- helpers ---------------------------------------------------------------------------------

    def world(self, request) -> dict:
        return request.getfixturevalue(self.world_fixture)

    def sign_in(self, client, request, actor: str) -> None:
        client.logout()
        if actor != ANONYMOUS:
            client.force_login(request.getfixturevalue(actor))

    def send(self, client, row: Row, world: dict, method: str, *, missing=False, headers=None):
        url = row.url_for(world, missing=missing)
        if method == "POST":
            return client.post(url, row.post(world), headers=headers)
        return client.generic(method, url, headers=headers)

    def first_allowed(self, row: Row) -> str:
        allowed = (row.readers or frozenset()) | (row.writers or frozenset())
        return next(actor for actor in [*ACTORS, *self.extra_actors, ANONYMOUS] if actor in allowed)

    # --- the generated tests ---------------------------------------------------------------------

    def test_readers_get_the_page(self, client, request, row, extra):
        world = self.world(request)
        for actor in sorted(row.readers):
            self.sign_in(client, request, actor)
            response = self.send(client, row, world, "GET")
            assert_outcome(response, OK, (row.id, actor), row.ok)
            assert_served_safely(response, (row.id, actor))

    def test_writer_writes(self, client, request, row, extra):
        world = self.world(request)
        self.sign_in(client, request, extra)
        if row.before_post:
            row.before_post(client, world)
        response = self.send(client, row, world, "POST")
        assert response.status_code == row.done_status, (row.id, response.status_code)
        if row.then:
            assert response.url.startswith(row.then(world)), (row.id, response.url)
        if row.done:
            assert row.done(world), f"{row.id}: {extra}'s write did not happen"

    def test_refused(self, client, request, row, extra):
        world = self.world(request)
        for actor, method in row.refusals(self.extra_actors)[extra]:
            self.sign_in(client, request, actor)
            before = snapshot(self.apps) if method == "POST" else None
            response = self.send(client, row, world, method)
            assert response.status_code == extra, (row.id, actor, method, response.status_code)
            if method == "POST":
                assert snapshot(self.apps) == before, f"{row.id}: {actor}'s refused write changed data"
        if row.done and row.writers is not None:
            assert not row.done(world), f"{row.id}: a refused write happened"

    def test_anonymous_goes_to_log_in(self, client, request, row, extra):
        world = self.world(request)
        before = snapshot(self.apps)
        for method in row.methods_taken():
            if row.outcome(ANONYMOUS, method) != LOGIN:
                continue
            assert_sent_to_login(self.send(client, row, world, method), (row.id, method))
            if not row.htmx_login:
                continue
            # htmx (a panel refreshing after the session expired) loads the login page whole.
            response = self.send(client, row, world, method, headers={"HX-Request": "true"})
            assert response.status_code == 200, (row.id, method, response.status_code)
            assert response.headers["HX-Redirect"].startswith(reverse("login") + "?next="), (row.id, method)
        assert snapshot(self.apps) == before, f"{row.id}: an anonymous write changed data"

    def test_wrong_method_is_405(self, client, request, row, extra):
        world = self.world(request)
        self.sign_in(client, request, self.first_allowed(row))
        taken = {*row.methods_taken(), *row.methods}
        wrong = [method for method in ("DELETE", "PUT", "GET", "POST") if method not in taken]
        for method in wrong:
            response = self.send(client, row, world, method)
            assert response.status_code == 405, (row.id, method, response.status_code)

    def test_missing_object(self, client, request, row, extra):
        world = self.world(request)
        for method in row.methods_taken():
            expected: dict[str, int] = {}
            allowed = [
                actor for actor in [*ACTORS, *self.extra_actors, ANONYMOUS] if actor in row.allowed(method)
            ]
            # The most and the least privileged of those allowed: a missing object is 404 to both.
            for actor in allowed[:1] + allowed[-1:]:
                expected[actor] = 404
            for actor, refused_method in row.refusals(self.extra_actors).get(403, []):
                if refused_method == method:
                    # Refused by role: before the lookup. Refused by a rule about the object
                    # (owning it): there is no object to apply it to, so 404.
                    expected[actor] = 403 if row.ability_first or ACTORS.get(actor) else 404
            for actor, status in expected.items():
                self.sign_in(client, request, actor)
                response = self.send(client, row, world, method, missing=True)
                assert response.status_code == status, (row.id, actor, method, response.status_code)

    def test_every_url_has_a_row(self):
        named = set().union(*(url_names(namespace) for namespace in self.namespaces))
        rows = {row.name for row in self.rows}
        missing = sorted(named - rows - set(self.not_tested))
        assert not missing, f"URLs with no row in the permission table: {missing}"
        unknown = sorted(rows - named)
        assert not unknown, f"Rows for URLs outside {self.namespaces}: {unknown}"
