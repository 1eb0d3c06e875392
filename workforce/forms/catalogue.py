"""Forms and list filters for the core catalogue: organisation units, job roles (with their
competency requirements), competencies and courses.

Archiving rules live here too (`ArchiveForm` and its org unit variant), so the archive page
shows the same reasons for refusing on GET that it enforces on POST.
"""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django.db import transaction
from django.db.models import Q
from django.forms import BaseInlineFormSet, inlineformset_factory

from workforce.models import Competency, Course, JobRole, OrgUnit, RoleRequirement, StaffMember
from workforce.versioning import VersionCheckedForm, Versioned, move_on

# --- Edit forms ---------------------------------------------------------------------------


class OrgUnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.indented_name


class OrgUnitForm(VersionCheckedForm):
    parent = OrgUnitChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        label="Part of",
        help_text="Leave blank for the top of the organisation.",
    )

    class Meta:
        model = OrgUnit
        fields = ["name", "kind", "parent"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Archived units are hidden from the choice, except the current parent: an edit that
        # leaves the parent alone must not fail because the parent was archived since.
        # The unit itself and its descendants stay listed so that OrgUnit.clean (run by the
        # ModelForm) can say why they are refused, instead of a bare "not a valid choice".
        choices = Q(is_archived=False)
        if self.instance.parent_id:
            choices |= Q(pk=self.instance.parent_id)
        self.fields["parent"].queryset = OrgUnit.objects.filter(choices).order_by("path")

    def clean(self):
        cleaned = super().clean()
        name, parent = cleaned.get("name"), cleaned.get("parent")
        if name:
            # The (parent, name) constraint would only give a form-wide message; say it by the name.
            twins = OrgUnit.objects.filter(parent=parent, name__iexact=name).exclude(pk=self.instance.pk)
            if twins.exists():
                where = f"under {parent}" if parent else "at the top level"
                self.add_error("name", f"There is already a unit called {name} {where}.")
        return cleaned


class JobRoleForm(VersionCheckedForm):
    class Meta:
        model = JobRole
        fields = ["title", "pay_band", "staff_group", "occupational_group"]


class CompetencyForm(forms.ModelForm):
    class Meta:
        model = Competency
        fields = ["name", "category", "framework", "description", "level_1", "level_2", "level_3", "level_4"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            **{f"level_{n}": forms.Textarea(attrs={"rows": 2}) for n in range(1, 5)},
        }


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = ["title", "kind", "provider", "level", "subject", "subject_level", "renewal_months"]
        labels = {"renewal_months": "Renewal period (months)"}

    def clean_renewal_months(self):
        months = self.cleaned_data.get("renewal_months")
        if months == 0:
            raise forms.ValidationError("Leave it blank if the course never needs renewing.")
        return months


class RoleRequirementForm(forms.ModelForm):
    class Meta:
        model = RoleRequirement
        fields = ["competency", "required_level"]

    def validate_unique(self):
        # Duplicates are checked across the rows by RoleRequirementFormSet, which knows which
        # rows are being removed; the per-row database check would wrongly refuse a competency
        # removed from one row and added on another in the same save.
        pass


class RoleRequirementFormSet(BaseInlineFormSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Archived competencies are not offered for new rows but stay valid on rows that
        # already require them.
        in_use = list(self.queryset.values_list("competency_id", flat=True)) if self.instance.pk else []
        competencies = Competency.objects.filter(Q(is_archived=False) | Q(pk__in=in_use)).order_by(
            "category", "name"
        )
        # One query for every row's select: grouped by category, reused by each row's widget.
        grouped: dict[str, list[tuple[int, str]]] = {}
        for competency in competencies:
            grouped.setdefault(competency.category or "Uncategorised", []).append(
                (competency.pk, competency.name)
            )
        widget_choices = [("", "---------"), *grouped.items()]
        for form in [*self.forms, self.empty_form]:
            form.fields["competency"].queryset = competencies
            form.fields["competency"].widget.choices = widget_choices

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"

    def clean(self):
        seen: dict[int, int] = {}
        for number, form in enumerate(self.forms, start=1):
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            competency = form.cleaned_data.get("competency")
            if competency is None:
                continue
            if competency.pk in seen:
                form.add_error(
                    "competency",
                    f"{competency} is already required in row {seen[competency.pk]}: "
                    "keep one row per competency.",
                )
            else:
                seen[competency.pk] = number
        super().clean()


RequirementFormSet = inlineformset_factory(
    JobRole,
    RoleRequirement,
    form=RoleRequirementForm,
    formset=RoleRequirementFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
)


# --- Archiving ----------------------------------------------------------------------------


class ArchiveForm(forms.Form):
    """Confirms archiving (or restoring) one catalogue record; subclasses add refusals."""

    def __init__(self, *args, instance, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)

    def blockers(self) -> list[str]:
        """Reasons the toggle is refused, in words for the page; empty when it may go ahead."""
        return []

    def clean(self):
        reasons = self.blockers()
        if reasons:
            raise forms.ValidationError(reasons)
        return super().clean()

    def save(self):
        self.instance.is_archived = not self.instance.is_archived
        with transaction.atomic():
            self.instance.save(update_fields=["is_archived"])
            if isinstance(self.instance, Versioned):
                move_on(self.instance)  # an edit form opened before must not undo the archive
        return self.instance


class OrgUnitArchiveForm(ArchiveForm):
    """A unit is archived only once it is empty: no current staff and no active units below it.

    Otherwise people would sit in a unit that no list shows and managers' scopes would silently
    cover hidden units. Leavers and archived staff do not block it: their history keeps the unit.
    A unit is restored only under an active parent, so the tree never shows an orphan.
    """

    def blockers(self) -> list[str]:
        unit = self.instance
        if unit.is_archived:
            if unit.parent_id and unit.parent.is_archived:
                return [f"{unit.parent} is archived: restore it first."]
            return []
        reasons = []
        # Not "in post": someone starting next month must not land in an archived unit either.
        not_left = Q(leaving_date__isnull=True) | Q(leaving_date__gt=datetime.date.today())
        staff = StaffMember.objects.active().filter(not_left, org_unit=unit).count()
        if staff:
            reasons.append(
                f"{staff} current staff member{'s' if staff != 1 else ''} still "
                f"{'work' if staff != 1 else 'works'} in {unit}: move them to another unit first."
            )
        children = unit.children.filter(is_archived=False).count()
        if children:
            reasons.append(
                f"{children} active unit{'s' if children != 1 else ''} still "
                f"{'sit' if children != 1 else 'sits'} below {unit}: archive or move "
                f"{'them' if children != 1 else 'it'} first."
            )
        return reasons


# --- List filters -------------------------------------------------------------------------


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorting that ends on the primary key, so pages never repeat or skip a row."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Sort by")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value:
            qs = qs.order_by(*qs.query.order_by, "pk")
        return qs


class CatalogueFilter(django_filters.FilterSet):
    """Text search and "show archived" for every catalogue list; archived rows hidden by default."""

    q = django_filters.CharFilter(label="Search", method="search")
    archived = django_filters.BooleanFilter(
        label="Show archived", widget=forms.CheckboxInput, method="include_archived"
    )
    search_fields: tuple[str, ...] = ()

    def search(self, queryset, name, value):
        query = Q()
        for field in self.search_fields:
            query |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(query)

    def include_archived(self, queryset, name, value):
        return queryset if value else queryset.filter(is_archived=False)


class OrgUnitFilter(CatalogueFilter):
    search_fields = ("name",)
    kind = django_filters.ChoiceFilter(choices=OrgUnit.Kind.choices, empty_label="Any kind")
    sort = StableOrderingFilter(
        fields=(("path", "tree"), ("name", "name"), ("kind", "kind"), ("current_staff", "staff")),
        field_labels={"path": "Tree", "current_staff": "Staff in unit"},
        empty_label="Tree",
    )

    class Meta:
        model = OrgUnit
        fields = ["q", "kind", "archived"]


class JobRoleFilter(CatalogueFilter):
    search_fields = ("title", "occupational_group")
    staff_group = django_filters.ChoiceFilter(
        choices=JobRole._meta.get_field("staff_group").choices, empty_label="Any staff group"
    )
    sort = StableOrderingFilter(
        fields=(
            ("title", "title"),
            ("pay_band", "band"),
            ("staff_group", "group"),
            ("requirement_count", "requirements"),
            ("current_staff", "staff"),
        ),
        field_labels={"requirement_count": "Requirements", "current_staff": "Staff"},
        empty_label="Title",
    )

    class Meta:
        model = JobRole
        fields = ["q", "staff_group", "archived"]


def competency_categories() -> list[tuple[str, str]]:
    """Categories in use (one query when the filter form is built, so new ones appear at once)."""
    categories = (
        Competency.objects.exclude(category="").order_by("category").values_list("category", flat=True)
    )
    return [(category, category) for category in categories.distinct()]


class CompetencyFilter(CatalogueFilter):
    search_fields = ("name", "category", "framework", "description")
    category = django_filters.ChoiceFilter(choices=competency_categories, empty_label="Any category")
    sort = StableOrderingFilter(
        fields=(
            ("name", "name"),
            ("category", "category"),
            ("framework", "framework"),
            ("role_count", "roles"),
        ),
        field_labels={"role_count": "Roles requiring it"},
        empty_label="Category",
    )

    class Meta:
        model = Competency
        fields = ["q", "category", "archived"]


class CourseFilter(CatalogueFilter):
    search_fields = ("title", "provider", "level")
    kind = django_filters.ChoiceFilter(choices=Course.Kind.choices, empty_label="Any kind")
    sort = StableOrderingFilter(
        fields=(
            ("title", "title"),
            ("kind", "kind"),
            ("provider", "provider"),
            ("renewal_months", "renewal"),
            ("completed_count", "completed"),
        ),
        field_labels={"renewal_months": "Renewal period", "completed_count": "Completed"},
        empty_label="Title",
    )

    class Meta:
        model = Course
        fields = ["q", "kind", "archived"]
