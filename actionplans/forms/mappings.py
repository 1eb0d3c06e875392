"""Changing a remembered responsibility name (the person it maps to), version-checked."""

from __future__ import annotations

from django.utils import timezone

from actionplans.models import ResponsibilityMapping
from workforce.versioning import VersionCheckedForm
from workforce.views.staff_picker import pickable_people
from workforce.widgets import StaffPicker, picker_label


class MappingForm(VersionCheckedForm):
    class Meta:
        model = ResponsibilityMapping
        fields = ["staff_member"]
        widgets = {"staff_member": StaffPicker}
        labels = {"staff_member": "Maps to"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["staff_member"]
        field.queryset = pickable_people(user)
        field.label_from_instance = picker_label
        field.help_text = "Proposed, pre-selected, at the next import of a plan with this name."
        field.error_messages["invalid_choice"] = "That person is not in post, or not someone you may choose."

    def save(self, commit=True):
        self.instance.confirmed_by, self.instance.confirmed_at = self.user, timezone.now()
        return super().save(commit)
