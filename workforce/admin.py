from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workforce import access, permissions
from workforce.admin_scoping import ScopedAdmin
from workforce.admin_versioning import VersionCheckedAdmin
from workforce.models import (
    Competency,
    Course,
    JobRole,
    OrgUnit,
    RoleRequirement,
    StaffMember,
    TrainingRecord,
    TrainingRequirement,
)


@admin.register(OrgUnit)
class OrgUnitAdmin(VersionCheckedAdmin, ScopedAdmin, SimpleHistoryAdmin):
    view_rule, change_rule = "catalogue.view", "catalogue.change"
    list_display = ["indented_name", "kind", "is_archived"]
    list_filter = ["kind", "is_archived"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


class RoleRequirementInline(admin.TabularInline):
    model = RoleRequirement
    autocomplete_fields = ["competency"]
    extra = 0


@admin.register(JobRole)
class JobRoleAdmin(VersionCheckedAdmin, ScopedAdmin, SimpleHistoryAdmin):
    view_rule, change_rule = "catalogue.view", "catalogue.change"
    list_display = ["title", "pay_band", "staff_group", "occupational_group", "is_archived"]
    list_filter = ["staff_group", "pay_band", "is_archived"]
    search_fields = ["title"]
    inlines = [RoleRequirementInline]


@admin.register(StaffMember)
class StaffMemberAdmin(VersionCheckedAdmin, ScopedAdmin, SimpleHistoryAdmin):
    change_rule = "staff.change"  # seeing is scoped by StaffMember.objects.visible_to
    list_display = ["last_name", "first_name", "assignment_number", "job_role", "org_unit", "leaving_date"]
    list_filter = ["job_role__staff_group", "is_archived"]
    search_fields = ["first_name", "last_name", "assignment_number", "email"]
    autocomplete_fields = ["job_role", "org_unit", "line_manager", "user"]
    list_select_related = ["job_role", "org_unit"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Recording a leaving date or archiving here ends the login, as on the staff pages.
        access.end_login_if_left(obj)


@admin.register(Competency)
class CompetencyAdmin(ScopedAdmin, SimpleHistoryAdmin):
    view_rule, change_rule = "catalogue.view", "catalogue.change"
    list_display = ["name", "category", "framework", "is_archived"]
    list_filter = ["category", "is_archived"]
    search_fields = ["name"]


@admin.register(Course)
class CourseAdmin(ScopedAdmin, SimpleHistoryAdmin):
    view_rule, change_rule = "catalogue.view", "catalogue.change"
    list_display = [
        "title",
        "kind",
        "provider",
        "level",
        "subject",
        "subject_level",
        "renewal_months",
        "is_archived",
    ]
    list_filter = ["kind", "is_archived"]
    search_fields = ["title"]


@admin.register(TrainingRequirement)
class TrainingRequirementAdmin(ScopedAdmin, SimpleHistoryAdmin):
    view_rule, change_rule = "catalogue.view", "catalogue.change"
    list_display = ["course", "job_role", "staff_group", "renewal_months"]
    list_filter = ["staff_group", "course"]
    list_select_related = ["course", "job_role"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(ScopedAdmin, SimpleHistoryAdmin):
    change_rule = "training.change"
    object_rule = staticmethod(
        lambda user, record: permissions.can_change_training_for(user, record.staff_member)
    )
    list_display = ["staff_member", "course", "status", "completed_on", "expires_on"]
    list_filter = ["status", "course__kind"]
    search_fields = ["staff_member__last_name", "course__title"]
    autocomplete_fields = ["staff_member", "course"]
    list_select_related = ["staff_member", "course"]
