"""Letters to applicants (information session invitation, interview invitation, offer), filled in
from the L&D manager's editable templates, to read and print in the browser, to download as a PDF,
or to send by email.

Placeholders are Python format fields, checked when a template is saved: only the five names
below, with no attribute, index, conversion or format spec (so "{first_name.__class__}" is
refused rather than evaluated), and braces must pair ("{{" writes a literal "{").

The PDF is a core background run (workforce/runs.py, kind `traineeships.letter_pdf`): a request
never renders a PDF. The job re-reads the applicant and the template when it runs, renders with
WeasyPrint and a small print stylesheet of its own (not Bootstrap), writes PDF/UA, and stores the
file under the run's id, once, at the end: so it is `rerun_after_crash`.

A letter sent by email is recorded in the applicant's history ("Offer letter emailed"), by whom and
when (the record holds the address the applicant had then). It is sent from the request: one short
message, and the person who pressed the button learns there and then whether the server took it.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Concat
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from traineeships.letter_defaults import DEFAULTS
from traineeships.models import Applicant, LetterTemplate
from workforce import runs
from workforce.history import write_record

logger = logging.getLogger(__name__)
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

Kind = LetterTemplate.Kind
PLACEHOLDERS = {
    "first_name": "the applicant's first name",
    "last_name": "the applicant's last name",
    "programme": "the programme's name",
    "intake": 'the intake\'s name, e.g. "October 2026 intake"',
    "starts_on": 'the intake\'s start date, e.g. "5 October 2026"',
}
# What a letter is called on buttons, file names and in the history.
TITLES = {
    Kind.INFORMATION_SESSION: "Information session invitation",
    Kind.INTERVIEW: "Interview invitation",
    Kind.OFFER: "Offer letter",
}
PDF_JOB = "traineeships.letter_pdf"
PDF_VARIANT = "pdf/ua-1"
STYLESHEET = "traineeships/letter.css"


class LetterNotSent(Exception):
    """Why a letter could not be emailed, in words for the person who asked."""


# --- Placeholders ------------------------------------------------------------------------------


def placeholder_problems(text: str) -> list[str]:
    """What is wrong with the placeholders of `text`, one sentence each; empty when all is well."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(text)]
    except ValueError:
        return [
            "A curly bracket is not closed or not opened. Placeholders look like {first_name}; "
            "to write a bracket itself, double it: {{ or }}."
        ]
    known = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
    problems = []
    for name, spec, conversion in fields:
        if name is None:  # plain text after the last placeholder
            continue
        if name not in PLACEHOLDERS or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            problem = f"{shown} is not a placeholder we can fill in. Use {known}."
            if problem not in problems:
                problems.append(problem)
    return problems


def long_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def values_for(applicant: Applicant) -> dict[str, str]:
    intake = applicant.intake
    return {
        "first_name": applicant.first_name,
        "last_name": applicant.last_name,
        "programme": intake.programme.name,
        "intake": intake.name,
        "starts_on": long_date(intake.starts_on),
    }


# --- The letter --------------------------------------------------------------------------------


@dataclass
class Letter:
    kind: str
    title: str
    subject: str
    paragraphs: list[str]
    applicant: Applicant
    dated: datetime.date
    organisation: str

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.applicant.address.splitlines() if line.strip()]

    @property
    def filename(self) -> str:
        return f"{self.title} - {self.applicant.first_name} {self.applicant.last_name}.pdf"


def template_for(kind: str) -> LetterTemplate:
    """The template of `kind`, put back from the defaults if it has gone missing."""
    if kind not in Kind.values:
        raise Http404("No such letter")
    template, _ = LetterTemplate.objects.get_or_create(kind=kind, defaults=DEFAULTS[kind])
    return template


def all_templates() -> list[LetterTemplate]:
    """The three templates in their order, each with `changed_at` and `changed_by` (the latest
    change's date and who made it, or None), read in one query."""
    latest = LetterTemplate.history.filter(id=OuterRef("pk")).order_by("-history_date", "-history_id")
    who = Concat("history_user__first_name", Value(" "), "history_user__last_name")
    found = {
        t.kind: t
        for t in LetterTemplate.objects.annotate(
            changed_at=Subquery(latest.values("history_date")[:1]),
            changed_by=Subquery(latest.annotate(who=who).values("who")[:1]),
        )
    }
    return [found.get(kind) or template_for(kind) for kind in Kind.values]


def organisation_name() -> str:
    """The letterhead: the top of the organisation tree when there is one."""
    from workforce.models import OrgUnit

    roots = list(OrgUnit.objects.filter(parent=None, is_archived=False).values_list("name", flat=True)[:2])
    return roots[0] if len(roots) == 1 else "Talent Ladder"


def letter_for(applicant: Applicant, template: LetterTemplate) -> Letter:
    """The letter filled in for `applicant`. A template saved before the check (or edited in the
    admin) with a bad placeholder shows it as typed rather than failing."""
    values = values_for(applicant)

    def fill(text: str) -> str:
        if placeholder_problems(text):
            return text
        return text.format(**values)

    paragraphs = [p.strip() for p in fill(template.body).replace("\r\n", "\n").split("\n\n") if p.strip()]
    return Letter(
        kind=template.kind,
        title=TITLES[template.kind],
        subject=fill(template.subject),
        paragraphs=paragraphs,
        applicant=applicant,
        dated=timezone.localdate(),
        organisation=organisation_name(),
    )


def applicant_for_letters(user, pk: int) -> Applicant:
    """An applicant this user may write to, or 404: letters are recruitment's (the L&D manager's),
    and an anonymised applicant has no one left to write to."""
    try:
        return (
            Applicant.objects.visible_to(user).not_anonymised().select_related("intake__programme").get(pk=pk)
        )
    except Applicant.DoesNotExist:
        raise Http404("No such applicant") from None


# --- Email -------------------------------------------------------------------------------------


def emailed_reason(kind: str) -> str:
    return f"{TITLES[kind]} emailed"


def send_by_email(applicant: Applicant, template: LetterTemplate, user) -> Letter:
    """Email the letter to the applicant's address and record it in their history; raise
    LetterNotSent (nothing recorded) when they have no address or the mail server refuses."""
    if not applicant.email:
        raise LetterNotSent(
            f"{applicant} has no email address, so the letter was not sent. Add their address on "
            "their page, or print the letter and post it."
        )
    letter = letter_for(applicant, template)
    message = EmailMessage(letter.subject, letter.body, settings.DEFAULT_FROM_EMAIL, [applicant.email])
    applicant._history_user = user
    applicant._change_reason = emailed_reason(template.kind)
    try:
        # Recorded, then sent, in one transaction: a refusal by the mail server rolls the record back,
        # so the history never claims a letter that did not go.
        with transaction.atomic():
            write_record(applicant)
            message.send()
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("Letter to applicant %s not sent: %s", applicant.pk, exc)
        raise LetterNotSent(
            "The mail server did not accept the letter, so it was not sent. Please try again later, "
            "or print it and post it."
        ) from exc
    finally:
        del applicant._history_user, applicant._change_reason
    return letter


def last_emailed(applicant: Applicant, kind: str):
    """The history record of the latest time this letter was emailed to them, or None."""
    return (
        Applicant.history.filter(id=applicant.pk, history_change_reason=emailed_reason(kind))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
        .first()
    )


# --- The PDF, in the background ------------------------------------------------------------


def request_pdf(applicant: Applicant, kind: str, user) -> runs.BackgroundRun:
    """Create the run; the PDF is rendered once the current transaction commits."""
    return runs.start(PDF_JOB, user, applicant_id=applicant.pk, letter=kind)


@cache
def _stylesheet_text() -> str:
    path = finders.find(STYLESHEET)
    if path is None:
        raise RuntimeError(f"The letter stylesheet {STYLESHEET} is missing")
    return Path(path).read_text(encoding="utf-8")


def render_pdf(letter: Letter) -> tuple[bytes, int]:
    """The letter as PDF bytes and its page count. Nothing is fetched: the stylesheet is read
    from disk and only data: URLs are allowed, so text in a template cannot reach the network."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    html = render_to_string("traineeships/letters/pdf.html", {"letter": letter})
    fetcher = URLFetcher(allowed_protocols={"data"})
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(
        stylesheets=[weasyprint.CSS(string=_stylesheet_text(), url_fetcher=fetcher)],
        pdf_variant=PDF_VARIANT,
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT), len(document.pages)


@runs.job(PDF_JOB, label="Letter as a PDF", unit="pages", rerun_after_crash=True)
def letter_pdf_job(run: runs.BackgroundRun, progress: runs.Progress) -> dict:
    kind = run.input.get("letter")
    applicant = (
        Applicant.objects.not_anonymised()
        .select_related("intake__programme")
        .filter(pk=run.input.get("applicant_id"))
        .first()
    )
    if applicant is None or kind not in Kind.values:
        raise runs.JobFailed(
            "This applicant's details are no longer held, so there is no letter to make.",
            url=reverse("traineeships:letter_templates"),
            link_text="Back to the letters",
        )
    progress(0, 1, "Writing the letter")
    letter = letter_for(applicant, template_for(kind))
    content, pages = render_pdf(letter)
    runs.store_output(run, content, filename=letter.filename, content_type="application/pdf", pages=pages)
    progress(1, 1, "Saved")
    return {
        "message": f"The {letter.title.lower()} for {applicant} is ready.",
        "url": reverse("traineeships:letter_pdf_download", args=[run.pk]),
        "link_text": "Download the PDF",
    }


def letter_run_for_user_or_404(user, pk: int) -> runs.BackgroundRun:
    """A letter PDF run this user asked for (a letter names an applicant: nobody else's)."""
    try:
        return runs.BackgroundRun.objects.visible_to(user).get(pk=pk, kind=PDF_JOB)
    except runs.BackgroundRun.DoesNotExist:
        raise Http404("No such letter") from None
