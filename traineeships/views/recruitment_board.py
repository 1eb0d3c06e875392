"""The applicant board of an intake, and the stage move that the board and the applicant page post.

The board groups the intake's applicants by stage, in funnel order; each open applicant's card
carries a move form (on to a later stage, or withdrawn / unsuccessful with the reason in the
note). With htmx the form posts in place and the board comes back re-rendered (errors next to the
card's field); without JavaScript it is a plain POST and a redirect back. Only the L&D manager
manages recruitment (`traineeships.manage`); everyone else gets 403.

A column shows its first `settings.APPLICANT_BOARD_COLUMN_SIZE` cards (and the card just moved or
refused, wherever it falls); "Show all" loads the whole column into the board with htmx
(`board_column`), or without JavaScript opens the board narrowed to that stage (`?stage=`). An
intake of 300 was a 530 KB board, nearly all of it move forms nobody had scrolled to.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from traineeships import permissions, recruitment
from traineeships.models import CLOSED, FUNNEL, Applicant, Intake, PreEmploymentCheck, Stage, StageChange
from traineeships.recruitment import MoveRefused, moves_open_to
from traineeships.recruitment_forms import MoveForm
from workforce.first_of_each import by_name, first_of_each
from workforce.permissions import requires
from workforce.url_patterns import UrlPattern
from workforce.versioning import StaleEdit
from workforce.widgets import option_tags

STALE = (
    "Not moved: someone else changed this applicant after you opened the page. "
    "The board shows them as they are now; move them again if it still applies."
)


def applicants_for(user):
    """Applicants by name, for those who manage recruitment (404 for any other: the view's
    permission already refused them with 403)."""
    return Applicant.objects.visible_to(user).not_anonymised()


def with_left_from(applicants):
    """Annotate `left_from`: for a closed applicant, the stage they left from (where a reopen may
    take them back to), in the same query as the applicants."""
    last_open = (
        StageChange.objects.filter(applicant=OuterRef("pk"))
        .exclude(stage__in=CLOSED)
        .order_by("-on", "-pk")
        .values("stage")[:1]
    )
    return applicants.annotate(left_from=Subquery(last_open))


def stages_open(applicant, user) -> list[str]:
    stages = moves_open_to(applicant, user, getattr(applicant, "left_from", None))
    if applicant.stage == Stage.CHECKS:
        stages = [Stage.STARTED, *stages]  # start() applies the checks gate
    return stages


def move_form(applicant, user, data=None):
    return MoveForm(data, applicant=applicant, stages=stages_open(applicant, user))


@dataclass
class MoveCard:
    """What the move form partial (_move_form.html) shows for one applicant. Plain values rather
    than a Django form: the board repeats it for every applicant, and a bound field's machinery
    made a board of 300 take most of a second to render."""

    applicant: Applicant
    url: str
    prefix: str
    choices: list[tuple[str, str, bool]]  # (value, label, selected)
    options: str  # the choices as <option>s (options_html)
    on: str
    note: str
    version: int
    errors: dict[str, list[str]] = field(default_factory=dict)
    non_field_errors: list[str] = field(default_factory=list)


@lru_cache(maxsize=256)
def options_html(choices: tuple[tuple[str, str, bool], ...]) -> str:
    """A move's <option>s, written once for all the cards that offer the same moves (a stage's
    cards do): the template's loop over them was 3 of the 20 ms a board of 300 took to render."""
    return option_tags(choices, separator="")


def move_card(
    applicant,
    user,
    form: MoveForm | None = None,
    move_url: UrlPattern | None = None,
    today: datetime.date | None = None,
) -> MoveCard:
    """The card's form: blank, or as `form` was posted with its errors. The version is the
    applicant's as read now, so a second try after a stale refusal is deliberate. `move_url`:
    the move URL's pattern, reversed once for a whole board, as `today` (the date's default)."""
    prefix = f"move-{applicant.pk}"
    data = form.data if form is not None else {}
    chosen = data.get(f"{prefix}-to_stage", "")
    choices = [(stage, str(Stage(stage).label), stage == chosen) for stage in stages_open(applicant, user)]
    errors = {name: list(errs) for name, errs in form.errors.items()} if form is not None else {}
    return MoveCard(
        applicant=applicant,
        url=(move_url or UrlPattern("traineeships:applicant_move"))(applicant.pk),
        prefix=prefix,
        choices=choices,
        options=options_html(tuple(choices)),
        on=data.get(f"{prefix}-on", (today or timezone.localdate()).isoformat()),
        note=data.get(f"{prefix}-note", ""),
        version=applicant.version,
        errors=errors,
        non_field_errors=errors.pop("__all__", []),
    )


def check_summary(applicant) -> str:
    """The checks of someone at pre-employment checks, in words: "3 of 6 cleared; DBS: requested"."""
    checks = {check.kind: check for check in applicant.checks.all()}
    cleared = sum(1 for check in checks.values() if check.status == PreEmploymentCheck.Status.CLEARED)
    gating = []
    for kind in PreEmploymentCheck.GATING:
        check = checks.get(kind)
        if check is None or check.status != PreEmploymentCheck.Status.CLEARED:
            words = check.get_status_display().lower() if check else "not started"
            gating.append(f"{PreEmploymentCheck.Kind(kind).label}: {words}")
    return "; ".join([f"{cleared} of {len(PreEmploymentCheck.Kind)} cleared", *gating])


BOARD_STAGES = [*FUNNEL, *CLOSED]


def shown_stage(query: str | QueryDict) -> str | None:
    """The one stage the board is narrowed to (`?stage=interview`), or None for every stage."""
    params = QueryDict(query) if isinstance(query, str) else query
    stage = params.get("stage")
    return stage if stage in BOARD_STAGES else None


def first_of_each_stage(applicants, size: int, keep=()):
    """The first `size` applicants of each stage in board order, and those in `keep` wherever
    they fall: one query (a row number within the stage), so a column of 300 loads 10 rows."""
    # by_name(): the cards' order (board_columns)
    return first_of_each(applicants, ["stage"], by_name(), size, also=Q(pk__in=list(keep)))


def board_columns(intake, user, bound: dict | None = None, only: str | None = None, keep=()) -> list[dict]:
    """[{stage, label, count, more, cards: [{applicant, url, move, checks}]}] in funnel order, then
    the closed ones. Every stage is counted whole; its cards are the first
    APPLICANT_BOARD_COLUMN_SIZE (`more` when there are others) plus those in `keep`, or with
    `only` that stage's every card and no other stage's. `bound`: {applicant pk: a bound
    MoveForm with errors} shown in place of a blank form (kept in view). Four queries, whatever
    the number of applicants (three when nobody shown is at checks)."""
    checks = Prefetch("checks", queryset=PreEmploymentCheck.objects.order_by("kind"))
    mine = applicants_for(user).filter(intake=intake)
    counts = dict(mine.order_by().values_list("stage").annotate(n=Count("pk")))
    if only:
        shown = mine.filter(stage=only)
    else:
        shown = first_of_each_stage(mine, settings.APPLICANT_BOARD_COLUMN_SIZE, {*(bound or {}), *keep})
    applicants = list(with_left_from(shown).order_by("last_name", "first_name", "pk"))
    # Checks only for the cards that show them: prefetching every card's was 1 ms per 20 cards of
    # Django's per-card set-up, for nothing. (No query at all when nobody is at checks.)
    prefetch_related_objects([a for a in applicants if a.stage == Stage.CHECKS], checks)
    move_url, page_url = UrlPattern("traineeships:applicant_move"), UrlPattern("traineeships:applicant")
    today = timezone.localdate()
    by_stage: dict[str, list] = {stage: [] for stage in BOARD_STAGES}
    for applicant in applicants:
        form = (bound or {}).get(applicant.pk)
        by_stage[applicant.stage].append(
            {
                "applicant": applicant,
                "url": page_url(applicant.pk),
                "move": move_card(applicant, user, form, move_url, today) if applicant.is_open else None,
                "checks": check_summary(applicant) if applicant.stage == Stage.CHECKS else "",
            }
        )
    return [
        {
            "stage": stage,
            "label": Stage(stage).label,
            "count": counts.get(stage, 0),
            "more": counts.get(stage, 0) > len(cards),
            "cards": cards,
        }
        for stage, cards in by_stage.items()
        if only in (None, stage)
    ]


def board_links(intake) -> dict:
    """The addresses a board (or one of its columns) links to, reversed once per page."""
    board_url = reverse("traineeships:board", args=[intake.pk])
    return {
        "board_url": board_url,
        "column_url": reverse("traineeships:board_column", args=[intake.pk]),
        "stage_links": [(stage, Stage(stage).label) for stage in BOARD_STAGES],
    }


def board_page(request, intake, *, bound=None, status=200, done="", refused=None, only=None, moved=None):
    links = board_links(intake)
    board_url = links["board_url"]
    return render(
        request,
        "traineeships/recruitment/board.html",
        {
            "intake": intake,
            "breadcrumbs": [
                ("Traineeships", reverse("traineeships:index")),
                (str(intake.programme), intake.programme.get_absolute_url()),
                (intake.name, intake.get_absolute_url()),
            ],
            "columns": board_columns(intake, request.user, bound, only, keep=[moved] if moved else []),
            "only": only,
            **links,
            # Where a move comes back to, when not the whole board (the default of _back()).
            "next": f"{board_url}?stage={only}" if only else "",
            "done": done,
            "refused": refused,
            "focus": moved,  # the applicant just moved: their card takes the keyboard focus
        },
        status=status,
    )


@require_safe
@requires(permissions.MANAGE)
def board(request, pk):
    intake = get_object_or_404(Intake.objects.select_related("programme"), pk=pk)
    return board_page(request, intake, only=shown_stage(request.GET))


@require_safe
@requires(permissions.MANAGE)
def board_column(request, pk):
    """Every card of one stage (`?stage=`), for htmx to put in place of the board's column when
    its "Show all" is followed. Moves from these cards come back to the whole board; the first
    card that was not shown before takes the keyboard focus."""
    intake = get_object_or_404(Intake, pk=pk)
    stage = shown_stage(request.GET)
    if stage is None:
        raise Http404("No such stage.")
    [column] = board_columns(intake, request.user, only=stage)
    cards = column["cards"]
    first_new = cards[settings.APPLICANT_BOARD_COLUMN_SIZE :][:1]
    return render(
        request,
        "traineeships/recruitment/_board_column.html",
        {
            "column": column,
            "next": "",
            "focus": first_new[0]["applicant"].pk if first_new else None,
            **board_links(intake),
        },
    )


def _back(request, applicant):
    """Where the move was asked from: the board (default) or the applicant page."""
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}):
        return wanted
    return reverse("traineeships:board", args=[applicant.intake_id])


def _on_board(request, applicant) -> tuple[bool, str | None]:
    """Whether the move came from the board, and the stage it was narrowed to."""
    back = urlsplit(_back(request, applicant))
    return back.path == reverse("traineeships:board", args=[applicant.intake_id]), shown_stage(back.query)


def _refused_page(request, applicant, form):
    """The move's form with its errors: in place on the board (htmx, or a plain POST from the
    board), or on the applicant page when it was asked from there."""
    from traineeships.views.recruitment_applicants import applicant_page

    # htmx swaps only 2xx answers by default; the errors are in the page either way.
    status = 200 if request.htmx else 400
    if request.POST.get("next") == applicant.get_absolute_url():
        return applicant_page(
            request, applicant, move=move_card(applicant, request.user, form), status=status
        )
    only = _on_board(request, applicant)[1]
    return board_page(
        request, applicant.intake, bound={applicant.pk: form}, status=status, refused=applicant, only=only
    )


@require_POST
@requires(permissions.MANAGE)
def move(request, pk):
    applicant = get_object_or_404(
        with_left_from(applicants_for(request.user)).select_related("intake__programme"), pk=pk
    )
    form = move_form(applicant, request.user, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["to_stage"] == Stage.STARTED:
                recruitment.start(applicant, data["on"], request.user, read_version=data["version"])
            else:
                recruitment.move(
                    applicant, data["to_stage"], data["on"], data["note"], request.user, data["version"]
                )
        except MoveRefused as refused:
            message = refused.message
            if refused.field == "override_reason":
                message += " To start them with a reason, use Start on their page."
            form.add_error(refused.field if refused.field in form.fields else "to_stage", message)
        except StaleEdit:
            form.add_error(None, STALE)
        else:
            done = f"{applicant} moved to {Stage(data['to_stage']).label.lower()}."
            on_board, only = _on_board(request, applicant)
            if request.htmx and on_board:
                return board_page(request, applicant.intake, done=done, only=only, moved=applicant.pk)
            messages.success(request, done)
            return redirect(_back(request, applicant))
    return _refused_page(request, applicant, form)
