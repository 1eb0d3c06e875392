"""Forms for staff records and their training records.

Choice lists offer active (non-archived) records only, plus whatever the record already
points at: an edit must not fail because its unit or course was archived since.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.html import format_html

from workforce.models import Course, JobRole, OrgUnit, StaffMember, TrainingRecord
from workforce.versioning import VersionCheckedForm
from workforce.widgets import StaffPicker, picker_label


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        # The browser's date picker sends and expects ISO dates.
        super().__init__(attrs, format="%Y-%m-%d")


def active_or_current(queryset, current_pk):
    condition = Q(is_archived=False)
    if current_pk:
        condition |= Q(pk=current_pk)
    return queryset.filter(condition)


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.indented_name


class LineManagerChoiceField(forms.ModelChoiceField):
    widget = StaffPicker

    def label_from_instance(self, obj: StaffMember) -> str:
        return picker_label(obj)


class StaffMemberForm(VersionCheckedForm):
    class Meta:
        model = StaffMember
        fields = [
            "first_name",
            "last_name",
            "assignment_number",
            "email",
            "job_role",
            "org_unit",
            "line_manager",
            "start_date",
            "leaving_date",
            "leaving_reason",
        ]
        field_classes = {"org_unit": UnitChoiceField, "line_manager": LineManagerChoiceField}
        widgets = {"start_date": DateInput(), "leaving_date": DateInput()}

    def __init__(self, *args, user=None, **kwargs):
        """`user`, the person editing, decides whether a clash may name the other record."""
        self.user = user
        super().__init__(*args, **kwargs)
        instance = self.instance
        self.fields["job_role"].queryset = active_or_current(JobRole.objects.all(), instance.job_role_id)
        self.fields["org_unit"].queryset = active_or_current(OrgUnit.objects.all(), instance.org_unit_id)
        managers = active_or_current(StaffMember.objects.all(), instance.line_manager_id)
        if instance.pk:
            managers = managers.exclude(pk=instance.pk)
        self.fields["line_manager"].queryset = managers.order_by("last_name", "first_name", "pk")

    def clean_assignment_number(self):
        number = self.cleaned_data["assignment_number"]
        holder = (
            StaffMember.objects.filter(assignment_number=number)
            .exclude(pk=self.instance.pk)
            .select_related("org_unit")
            .first()
        )
        if holder is None:
            return number
        # Name the record only to someone who may open it: a clash must not reveal who works
        # outside the editor's scope. (An error here also stops the model's own unique check
        # repeating the point in vaguer words.)
        if self.user is None or not StaffMember.objects.visible_to(self.user).filter(pk=holder.pk).exists():
            raise ValidationError(
                "Assignment number %(number)s is already used by another staff record.",
                code="unique",
                params={"number": number},
            )
        where = format_html(" ({})", holder.org_unit.name) if holder.org_unit else ""
        raise ValidationError(
            format_html(
                'Assignment number {} is already used by <a href="{}">{}</a>{}.',
                number,
                holder.get_absolute_url(),
                holder.full_name,
                where,
            ),
            code="unique",
        )


class TrainingRecordForm(forms.ModelForm):
    class Meta:
        model = TrainingRecord
        fields = ["course", "status", "started_on", "completed_on", "expires_on", "note"]
        widgets = {
            "started_on": DateInput(),
            "completed_on": DateInput(),
            "expires_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = active_or_current(Course.objects.all(), self.instance.course_id)
