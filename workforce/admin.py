from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from workforce.admin_versioning import VersionCheckedAdmin
from workforce.models import (
    Competency,
    Course,
    JobRole,
    OrgUnit,
    RoleRequirement,
    StaffMember,
    TrainingRecord,
)


@admin.register(OrgUnit)
class OrgUnitAdmin(VersionCheckedAdmin, SimpleHistoryAdmin):
    list_display = ["indented_name", "kind", "is_archived"]
    list_filter = ["kind", "is_archived"]
    search_fields = ["name"]
    autocomplete_fields = ["parent"]


class RoleRequirementInline(admin.TabularInline):
    model = RoleRequirement
    autocomplete_fields = ["competency"]
    extra = 0


@admin.register(JobRole)
class JobRoleAdmin(VersionCheckedAdmin, SimpleHistoryAdmin):
    list_display = ["title", "pay_band", "staff_group", "occupational_group", "is_archived"]
    list_filter = ["staff_group", "pay_band", "is_archived"]
    search_fields = ["title"]
    inlines = [RoleRequirementInline]


@admin.register(StaffMember)
class StaffMemberAdmin(VersionCheckedAdmin, SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "assignment_number", "job_role", "org_unit", "leaving_date"]
    list_filter = ["job_role__staff_group", "is_archived"]
    search_fields = ["first_name", "last_name", "assignment_number", "email"]
    autocomplete_fields = ["job_role", "org_unit", "line_manager", "user"]
    list_select_related = ["job_role", "org_unit"]


@admin.register(Competency)
class CompetencyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "category", "framework", "is_archived"]
    list_filter = ["category", "is_archived"]
    search_fields = ["name"]


@admin.register(Course)
class CourseAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "provider", "level", "renewal_months", "is_archived"]
    list_filter = ["kind", "is_archived"]
    search_fields = ["title"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(SimpleHistoryAdmin):
    list_display = ["staff_member", "course", "status", "completed_on", "expires_on"]
    list_filter = ["status", "course__kind"]
    search_fields = ["staff_member__last_name", "course__title"]
    autocomplete_fields = ["staff_member", "course"]
    list_select_related = ["staff_member", "course"]
