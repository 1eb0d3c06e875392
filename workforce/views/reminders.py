"""/accounts/email-reminders/: a person switches their weekly digest email on or off."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from workforce.digests import registered_sections
from workforce.permissions import requires
from workforce.reminders import ReminderSettings


class ReminderSettingsForm(forms.ModelForm):
    class Meta:
        model = ReminderSettings
        fields = ["weekly_digest"]


@require_http_methods(["GET", "POST"])
@requires()
def email_reminders(request):
    """Everyone signed in has the setting; no row yet means the default (on)."""
    current = ReminderSettings.objects.filter(user=request.user).first() or ReminderSettings(
        user=request.user
    )
    form = ReminderSettingsForm(request.POST if request.method == "POST" else None, instance=current)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        state = (
            "on: you will get one email on Monday mornings when something is due"
            if saved.weekly_digest
            else "off"
        )
        messages.success(request, f"Weekly reminder emails are {state}.")
        return redirect("email_reminders")
    return render(
        request, "workforce/reminder_settings.html", {"form": form, "sections": registered_sections()}
    )
