"""Importing an action plan: upload -> preview -> confirm (plan editors only).

The preview shows the tree that will be created, with warnings, errors by sheet row and every
responsibility name with who it would map to; the editor confirms, picks or leaves each one
(forms/owners.py), and only those choices make owners. Nothing is saved until the editor confirms. The
uploaded file is kept in private storage (never under a public URL) between the two steps,
named by a random token that only this session knows; on confirm it is read and parsed again
(staff may have changed in between), saved all-or-nothing, and deleted. Files left behind by
previews nobody confirmed are swept after a day.

A file whose title is already a plan's, or a plan workbook whose own plan still exists, is not
saved until the editor chooses (`import/_duplicate.html`): cancel, import as a new plan with a
dated title, or (a workbook only) update the plan it came from, shown with what the update removes.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from actionplans.forms.importing import CloseCompletedForm, PlanUploadForm
from actionplans.forms.owners import PREFIX, OwnerChoices, RememberForm
from actionplans.models import ActionPlan
from actionplans.permissions import can_edit_plans
from actionplans.responsibility import remember
from actionplans.spreadsheets.duplicates import AS_NEW, UPDATE, choices
from actionplans.spreadsheets.save import ParsedPlan, import_plan, read_plan
from actionplans.spreadsheets.workbook_save import removals
from workforce.permissions import requires
from workforce.views.staff_picker import pickable_people

SESSION_KEY = "actionplans_pending_imports"
STORAGE_DIR = "private/actionplan-imports"
KEEP_FOR = datetime.timedelta(days=1)
TEMPLATES = "actionplans/import"


def _breadcrumbs():
    return [("Action plans", reverse("actionplans:index"))]


def _sweep_stale_files() -> None:
    try:
        _, names = default_storage.listdir(STORAGE_DIR)
    except FileNotFoundError:
        return
    cutoff = timezone.now() - KEEP_FOR
    for name in names:
        path = f"{STORAGE_DIR}/{name}"
        try:
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue


def _keep(request, data: bytes, filename: str) -> str:
    """Store the upload until it is confirmed; returns the token the preview posts back."""
    _sweep_stale_files()
    pending = request.session.get(SESSION_KEY, {})
    for old in pending.values():  # one preview at a time per session: the newest wins
        default_storage.delete(old["path"])
    token = secrets.token_urlsafe(24)
    path = default_storage.save(f"{STORAGE_DIR}/{token}.upload", ContentFile(data))
    request.session[SESSION_KEY] = {
        token: {"path": path, "filename": filename, "sha256": hashlib.sha256(data).hexdigest()}
    }
    return token


def _forget(request, token: str) -> None:
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(token, None)
    if entry:
        default_storage.delete(entry["path"])
    request.session[SESSION_KEY] = pending


def _kept_file(request, token: str) -> tuple[bytes, str] | None:
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if not entry or not default_storage.exists(entry["path"]):
        return None
    with default_storage.open(entry["path"], "rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != entry["sha256"]:
        return None
    return data, entry["filename"]


def _preview(
    request,
    parsed: ParsedPlan,
    token: str | None,
    status: int = 200,
    *,
    close_form=None,
    owner_choices=None,
    remember_form=None,
    choice_error: str = "",
):
    if owner_choices is None:
        owner_choices = OwnerChoices(tokens=parsed.tokens, people=pickable_people(request.user))
    duplicate = choices(parsed) if parsed.ok else None
    removed = {}
    if duplicate is not None and duplicate.source is not None:
        removed = {name: n for name, n in removals(parsed.workbook, duplicate.source).items() if n}
    return render(
        request,
        f"{TEMPLATES}/preview.html",
        {
            "parsed": parsed,
            "counts": parsed.counts(),
            "token": token,
            "form": PlanUploadForm(),
            "close_form": close_form or CloseCompletedForm(parsed=parsed),
            "owner_choices": owner_choices,
            "remember_form": remember_form or RememberForm(),
            "breadcrumbs": _breadcrumbs(),
            "duplicate": duplicate,
            "removed": removed,
            "choice_error": choice_error,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@requires(can_edit_plans)
def upload(request):
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if form.is_bound and form.is_valid():
        uploaded = form.cleaned_data["file"]
        data = uploaded.read()
        parsed = read_plan(data, uploaded.name)
        if not parsed.ok and not parsed.priorities:
            # Nothing readable at all (wrong kind of file, no header row): say so at the field.
            for error in parsed.errors:
                form.add_error("file", str(error))
        else:
            return _preview(request, parsed, _keep(request, data, uploaded.name) if parsed.ok else None)
    return render(
        request,
        f"{TEMPLATES}/upload.html",
        {"form": form, "breadcrumbs": _breadcrumbs()},
    )


@require_POST
@requires(can_edit_plans)
def confirm(request):
    token = request.POST.get("token", "")
    kept = _kept_file(request, token)
    if kept is None:
        messages.error(request, "That import has already been saved or has expired. Upload the file again.")
        return redirect("actionplans:import_upload")
    choice = request.POST.get("choice", "")
    if choice == "cancel":
        _forget(request, token)
        messages.info(request, "Nothing was imported.")
        return redirect("actionplans:import_upload")
    data, filename = kept
    parsed = read_plan(data, filename)
    if not parsed.ok:  # e.g. staff records changed so that the file no longer reads cleanly
        return _preview(request, parsed, None, status=400)
    duplicate = choices(parsed)
    title, target, choice_error = None, None, ""
    if duplicate.needs_choice:
        if choice == AS_NEW:
            title = duplicate.new_title
        elif choice == UPDATE and duplicate.source is not None:
            target = duplicate.source
        else:
            choice_error = "Choose what to do with this plan."
    close_form = CloseCompletedForm(request.POST, parsed=parsed)
    # A post without owner choices (none were shown, or a script) leaves every name as text.
    posted = request.POST if f"{PREFIX}-TOTAL_FORMS" in request.POST else None
    owner_choices = OwnerChoices(posted, tokens=parsed.tokens, people=pickable_people(request.user))
    remember_form = RememberForm(posted)
    owners_ok = not posted or (owner_choices.is_valid() and remember_form.is_valid())
    if choice_error or not (close_form.is_valid() and owners_ok):
        return _preview(
            request,
            parsed,
            token,
            400,
            close_form=close_form,
            owner_choices=owner_choices,
            remember_form=remember_form,
            choice_error=choice_error,
        )
    parsed.close_only(set(close_form.cleaned_data["close"]))
    chosen = owner_choices.chosen
    with transaction.atomic():
        plan = import_plan(
            parsed,
            user=request.user,
            owners={key: person.pk for key, person in chosen.items()},
            title=title,
            update=target,
        )
        if posted and remember_form.cleaned_data["remember"]:
            remember(parsed.tokens, chosen, request.user)
    _forget(request, token)
    if target is not None:
        messages.success(request, f"Action plan “{plan}” updated from {filename}.")
        return redirect(plan.get_absolute_url())
    counts = parsed.counts()
    messages.success(
        request,
        f"Action plan “{plan}” imported: {counts['priorities']} "
        f"{'themes' if plan.layout == ActionPlan.Layout.THEMES else 'priorities'}, "
        f"{counts['actions']} actions, {counts['outputs']} outputs.",
    )
    as_text = [name.written for name in parsed.tokens if name.key not in chosen]
    if as_text:
        messages.info(
            request,
            "Kept as written text, with no owner: " + ", ".join(as_text) + ". Set owners on those actions "
            "when you know who they are.",
        )
    return redirect(plan.get_absolute_url())
