from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from actionplans.models import (
    Action,
    ActionPlan,
    FocusArea,
    Milestone,
    Output,
    PledgeSignatory,
    Priority,
    ProgressUpdate,
    Risk,
)
from actionplans.permissions import can_edit_plans
from workforce.admin_scoping import ScopedAdmin
from workforce.admin_versioning import VersionCheckedAdmin


class PlanAdmin(ScopedAdmin, SimpleHistoryAdmin):
    """Plans as on the pages: everyone signed in reads (scoped by visible_to where a model has it);
    only those who edit plans change anything here. Action owners update progress on the pages."""

    change_rule = staticmethod(can_edit_plans)


class PledgeSignatoryInline(admin.TabularInline):
    model = PledgeSignatory
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(VersionCheckedAdmin, PlanAdmin):
    list_display = ["title", "layout", "status", "period_start", "period_end"]
    list_filter = ["status", "layout"]
    search_fields = ["title"]
    inlines = [PledgeSignatoryInline]


@admin.register(Priority)
class PriorityAdmin(VersionCheckedAdmin, PlanAdmin):
    list_display = ["__str__", "plan", "position"]
    list_filter = ["plan"]


@admin.register(FocusArea)
class FocusAreaAdmin(VersionCheckedAdmin, PlanAdmin):
    list_display = ["__str__", "priority", "position"]


class OutputInline(VersionCheckedAdmin, admin.StackedInline):
    model = Output
    extra = 0
    filter_horizontal = ["owners"]


@admin.register(Action)
class ActionAdmin(VersionCheckedAdmin, PlanAdmin):
    list_display = ["number", "description", "plan", "status", "due_date"]
    list_filter = ["plan", "status"]
    search_fields = ["number", "description", "responsibility"]
    filter_horizontal = ["owners", "dependencies"]
    inlines = [OutputInline]


@admin.register(Output)
class OutputAdmin(VersionCheckedAdmin, PlanAdmin):
    list_display = ["__str__", "action"]


@admin.register(Milestone)
class MilestoneAdmin(VersionCheckedAdmin, PlanAdmin):
    list_display = ["description", "action", "due_date", "completed_on"]


@admin.register(Risk)
class RiskAdmin(VersionCheckedAdmin, PlanAdmin):
    list_display = ["description", "action", "status"]


admin.site.register(ProgressUpdate, PlanAdmin)
