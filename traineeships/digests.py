"""Traineeships' sections of the weekly digest (workforce/digests.py), registered from
TraineeshipsConfig.ready. To the L&D manager (whoever holds `traineeships.manage`):

- support meetings overdue: active trainees whose next quarterly meeting (three months after the
  last, or after the start) has passed (`Trainee.objects.support_overdue`);
- pre-employment checks outstanding: applicants offered a place or in checks, with the checks
  not yet cleared (a check never requested counts as outstanding);
- outcome follow-ups missing: trainees whose outcome at the end, or at 6 or 12 months on, is due
  and not recorded (`Trainee.objects.follow_ups_missing`).

Each section's items are worked out once a week for every L&D manager (`week.shared`), in a fixed
number of queries; anyone else gets nothing from them.
"""

from __future__ import annotations

from django.db.models import Prefetch

from traineeships import permissions
from traineeships.models import Applicant, Outcome, PreEmploymentCheck, Stage, Trainee, next_quarterly_due
from traineeships.models.trainee import latest_due_by
from workforce.digests import DigestItem, DigestWeek


def _for_managers(key: str, make):
    def section(user, week: DigestWeek) -> list[DigestItem]:
        if not permissions.can_manage(user):
            return []
        return week.shared(key, lambda: make(week))

    return section


def support_overdue(week: DigestWeek) -> list[DigestItem]:
    trainees = (
        Trainee.objects.support_overdue(week.day)
        .select_related("applicant__intake__programme")
        .order_by("last_quarterly_on", "started_on", "pk")
    )
    items = []
    for trainee in trainees:
        due = next_quarterly_due(trainee.started_on, trainee.last_quarterly_on)
        since = (
            f"last quarterly review {trainee.last_quarterly_on:%-d %b %Y}"
            if trainee.last_quarterly_on
            else f"no quarterly review since the start on {trainee.started_on:%-d %b %Y}"
        )
        items.append(
            DigestItem(
                f"{trainee}: quarterly support meeting overdue",
                f"Due {due:%-d %b %Y}; {since} ({trainee.applicant.intake})",
                trainee.get_absolute_url(),
            )
        )
    return items


def checks_outstanding(week: DigestWeek) -> list[DigestItem]:
    cleared = PreEmploymentCheck.objects.filter(status=PreEmploymentCheck.Status.CLEARED)
    applicants = (
        Applicant.objects.filter(stage__in=[Stage.OFFERED, Stage.CHECKS])
        .select_related("intake__programme")
        .prefetch_related(Prefetch("checks", queryset=cleared, to_attr="cleared_checks"))
        .order_by("intake__starts_on", "last_name", "first_name", "pk")
    )
    items = []
    for applicant in applicants:
        done = {check.kind for check in applicant.cleared_checks}
        outstanding = [label for kind, label in PreEmploymentCheck.Kind.choices if kind not in done]
        if outstanding:
            checks = "check" if len(outstanding) == 1 else "checks"
            starts = f"starts {applicant.intake.starts_on:%-d %b %Y}"
            items.append(
                DigestItem(
                    f"{applicant}: {len(outstanding)} pre-employment {checks} outstanding",
                    f"{', '.join(outstanding)} ({applicant.intake}, {starts})",
                    applicant.get_absolute_url(),
                )
            )
    return items


def follow_ups_missing(week: DigestWeek) -> list[DigestItem]:
    trainees = (
        Trainee.objects.follow_ups_missing(week.day)
        .select_related("applicant__intake")
        .prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.only("trainee_id", "when")))
        .order_by("end_on", "pk")
    )
    items = []
    for trainee in trainees:
        recorded = {outcome.when for outcome in trainee.outcomes.all()}
        missing = [
            when.label.lower()
            for when in Outcome.When
            if when.value not in recorded and trainee.end_on <= latest_due_by(week.day, when.value)
        ]
        items.append(
            DigestItem(
                f"{trainee}: outcome follow-up missing",
                f"{', '.join(missing).capitalize()} "
                f"(ended {trainee.end_on:%-d %b %Y}, {trainee.applicant.intake})",
                trainee.get_absolute_url(),
            )
        )
    return items


def register() -> None:
    from workforce.digests import register_digest_section

    register_digest_section(
        "traineeships.support_overdue",
        _for_managers("traineeships.support_overdue", support_overdue),
        title="Trainees' support meetings overdue",
        order=30,
        about="For the L&D manager: active trainees whose quarterly support meeting is overdue.",
    )
    register_digest_section(
        "traineeships.checks",
        _for_managers("traineeships.checks", checks_outstanding),
        title="Pre-employment checks outstanding",
        order=31,
        about="For the L&D manager: applicants offered a place or in checks, with checks not yet cleared.",
    )
    register_digest_section(
        "traineeships.follow_ups",
        _for_managers("traineeships.follow_ups", follow_ups_missing),
        title="Outcome follow-ups missing",
        order=32,
        about="For the L&D manager: trainees whose outcome at the end, 6 or 12 months on is due and "
        "not recorded.",
    )
