"""An applicant's way through recruitment, one use case per step: `move` (along the funnel, or
closed as withdrawn or unsuccessful, or reopened) and `start` (the checks gate, then a Trainee).

The rules (the issue leaves them to us):
- Forward only along FUNNEL, one stage or several at once (someone who applies without coming to
  an information session goes from enquiry straight to applied), up to pre-employment checks.
  "Started" is reached only through `start`, which applies the checks gate.
- Withdrawn or unsuccessful: from any open stage, with a reason (kept on the applicant).
- A closed applicant can be reopened only by the L&D manager, at the stage they left from or an
  earlier one (a withdrawal taken back); a started applicant never moves again (they are a trainee).
- A move is dated: not in the future (it records what happened) and not before the last move.
- Moving into pre-employment checks lays out the six checks, not started, to be recorded.

Each step runs in one transaction: the applicant's row is locked and version-checked (a board
left open while someone else moved the applicant is refused with StaleEdit), a StageChange is
written and the applicant is saved with who and why in its history.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from traineeships import permissions
from traineeships.models import CLOSED, FUNNEL, Applicant, PreEmploymentCheck, Stage, StageChange, Trainee
from workforce import figure_store
from workforce.history import reason as short_reason
from workforce.versioning import claim_version, move_on

# Stages a move may reach; STARTED only through start().
MOVABLE_TO = [stage for stage in FUNNEL if stage != Stage.STARTED]
Check = PreEmploymentCheck


class MoveRefused(Exception):
    """The step is not allowed; `message` says why in words, `field` is the form field it is about."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def position(stage: str) -> int:
    """Where a stage sits in the funnel; -1 for the closed stages."""
    return FUNNEL.index(stage) if stage in FUNNEL else -1


def stage_left_from(applicant: Applicant) -> str | None:
    """The funnel stage a closed applicant was at before closing: the last open stage in their
    history (None if their history holds none)."""
    changes = applicant.stage_changes.exclude(stage__in=CLOSED).order_by("-on", "-pk")
    return changes.values_list("stage", flat=True).first()


def moves_open_to(applicant: Applicant, user, left_from: str | None = None) -> list[str]:
    """The stages `user` may move `applicant` to now (for the board's and the page's choices)."""
    if applicant.stage == Stage.STARTED:
        return []
    if applicant.stage in CLOSED:
        if not permissions.can_manage(user):
            return []
        furthest = position(left_from) if left_from else position(Stage.CHECKS)
        return [stage for stage in MOVABLE_TO if position(stage) <= furthest]
    ahead = [stage for stage in FUNNEL if position(stage) > position(applicant.stage)]
    return [*ahead, *CLOSED]


def today() -> datetime.date:
    return timezone.localdate()


def _locked(applicant: Applicant) -> Applicant:
    return Applicant.objects.select_for_update().select_related("intake").get(pk=applicant.pk)


def _claim(applicant: Applicant, read_version: int | None) -> None:
    if read_version is None:
        move_on(applicant)
    else:
        claim_version(applicant, read_version)


def _check_date(applicant: Applicant, on: datetime.date) -> None:
    if on > today():
        raise MoveRefused("The date cannot be in the future: record a step once it has happened.", "on")
    if on < applicant.stage_changed_on:
        raise MoveRefused(
            f"The date cannot be before the last step ({applicant.stage_changed_on:%d %b %Y}).", "on"
        )


def _record(applicant: Applicant, stage: str, on: datetime.date, note: str, by) -> StageChange:
    """Set the stage, save with who and why in the history, and write the dated StageChange."""
    applicant.stage = stage
    applicant.stage_changed_on = on
    applicant._history_user = by
    applicant._change_reason = short_reason(f"Moved to {Stage(stage).label.lower()}")
    applicant.save()
    return StageChange.objects.create(applicant=applicant, stage=stage, on=on, note=note, recorded_by=by)


def lay_out_checks(applicant: Applicant) -> None:
    """Create the checks the applicant does not have yet, not started (with history: bulk writes
    are not recorded by the signals)."""
    have = set(applicant.checks.values_list("kind", flat=True))
    missing = [Check(applicant=applicant, kind=kind) for kind in Check.Kind.values if kind not in have]
    if missing:
        bulk_create_with_history(missing, Check)
        figure_store.mark_changed("traineeships")  # bulk_create sends no signals


@transaction.atomic
def move(
    applicant: Applicant,
    to_stage: str,
    on: datetime.date,
    note: str,
    by,
    read_version: int | None = None,
) -> Applicant:
    """Move the applicant to `to_stage` on `on` with `note` (for withdrawn or unsuccessful, the
    note is the reason and is required). Raises MoveRefused, or StaleEdit for a stale page."""
    current = _locked(applicant)
    if to_stage == Stage.STARTED:
        raise MoveRefused("Start them from the start page: the checks are looked at there.", "to_stage")
    if current.stage == Stage.STARTED:
        raise MoveRefused("They have started: they are a trainee now, their recruitment is over.", "to_stage")
    if to_stage not in Stage.values:
        raise MoveRefused("Choose a stage from the list.", "to_stage")
    note = note.strip()
    reopening = current.stage in CLOSED
    if reopening and not permissions.can_manage(by):
        raise MoveRefused("Only the L&D manager can reopen a closed application.", "to_stage")
    if to_stage not in moves_open_to(current, by, stage_left_from(current) if reopening else None):
        now = current.get_stage_display().lower()
        raise MoveRefused(
            f"An applicant at {now} cannot be moved to {Stage(to_stage).label.lower()}: "
            "moves go forward along the funnel (a closed application reopens at the stage it left, "
            "or an earlier one).",
            "to_stage",
        )
    if to_stage in CLOSED and not note:
        raise MoveRefused(f"Say why they are {Stage(to_stage).label.lower()}: the reason is kept.", "note")
    _check_date(current, on)
    _claim(current, read_version)
    if to_stage in CLOSED:
        current.closing_reason = note
    elif reopening:
        current.closing_reason = ""
    _record(current, to_stage, on, note, by)
    if to_stage == Stage.CHECKS:
        lay_out_checks(current)
    return current


def gate_unmet(applicant: Applicant) -> list[str]:
    """The gating checks (DBS, both references) not cleared, as people name them."""
    cleared = set(
        applicant.checks.filter(status=Check.Status.CLEARED, kind__in=Check.GATING).values_list(
            "kind", flat=True
        )
    )
    return [Check.Kind(kind).label for kind in Check.GATING if kind not in cleared]


@transaction.atomic
def start(
    applicant: Applicant,
    on: datetime.date,
    by,
    override_reason: str = "",
    read_version: int | None = None,
) -> Trainee:
    """Start the applicant as a trainee on `on`. Refused (MoveRefused) unless they are at the
    pre-employment checks with the DBS check and both references cleared, or the L&D manager
    overrides with a reason, which is recorded on the applicant (reason, who, when)."""
    current = _locked(applicant)
    if current.stage != Stage.CHECKS:
        raise MoveRefused(
            "Only someone at pre-employment checks can start; "
            f"they are at {current.get_stage_display().lower()}.",
            "on",
        )
    override_reason = override_reason.strip()
    unmet = gate_unmet(current)
    if unmet and not override_reason:
        raise MoveRefused(
            "Not cleared yet: "
            + ", ".join(unmet)
            + ". Record the checks, or give a reason to start them anyway.",
            "override_reason",
        )
    if unmet and not permissions.can_manage(by):
        raise MoveRefused(
            "Only the L&D manager can start someone before their checks are cleared.", "override_reason"
        )
    _check_date(current, on)
    _claim(current, read_version)
    note = ""
    if unmet:
        current.checks_override_reason = override_reason
        current.checks_override_by = by
        current.checks_override_on = today()
        note = f"Started before these were cleared: {', '.join(unmet)}. Reason: {override_reason}"
    _record(current, Stage.STARTED, on, note, by)
    trainee = Trainee(applicant=current, started_on=on)
    trainee._history_user = by
    trainee.save()
    return trainee


@transaction.atomic
def add_applicant(form, intake, by) -> Applicant:
    """Save a new applicant from NewApplicantForm: the applicant, their first dated stage, and
    their equality monitoring answers in the table kept apart (EqualityMonitoring)."""
    from traineeships.models import EqualityMonitoring

    applicant = form.save(commit=False)
    applicant.intake = intake
    applicant._history_user = by
    applicant.save()
    StageChange.objects.create(
        applicant=applicant,
        stage=applicant.stage,
        on=applicant.stage_changed_on,
        note="Added to the intake",
        recorded_by=by,
    )
    EqualityMonitoring.objects.create(applicant=applicant, **form.equality_answers())
    return applicant


@transaction.atomic
def record_checks(applicant: Applicant, answers: dict[str, tuple[str, datetime.date | None, str]], by) -> int:
    """Record the checks' status, date and note ({kind: (status, date, note)}); only the checks
    that changed are written (each with its history). Returns how many changed."""
    existing = {check.kind: check for check in applicant.checks.select_for_update()}
    changed = 0
    for kind, (status, on, note) in answers.items():
        check = existing.get(kind) or Check(applicant=applicant, kind=kind)
        if check.pk and (check.status, check.status_on, check.note) == (status, on, note):
            continue
        check.status, check.status_on, check.note = status, on, note
        check._history_user = by
        check.save()
        changed += 1
    if changed:
        move_on(applicant)  # a start page opened before these changes is refused, not acted on
    return changed
