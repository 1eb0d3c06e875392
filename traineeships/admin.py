"""The traineeships models in the admin, with the pages' rules (workforce.admin_scoping.ScopedAdmin)
and the version check on versioned records (workforce.admin_versioning.VersionCheckedAdmin).

Left out on purpose:
- ConfidentialSupportPlan and its history: only holders of `traineeships.confidential` open a plan,
  superusers included, and every opening is logged; the admin could do neither.
- AccessLogEntry: written once and never changed; the L&D manager reads it on its own page.
- EqualityMonitoring: readable only in aggregate (the diversity report), never per applicant.
Applicants' stages, checks' override and anonymisation are the recruitment pages' business: the
admin shows them read-only.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from traineeships import permissions
from traineeships.models import (
    Applicant,
    Feedback,
    Intake,
    LetterTemplate,
    Outcome,
    PartnerOrganisation,
    Placement,
    PreEmploymentCheck,
    Programme,
    RetentionRun,
    SessionAttendance,
    SupportMeeting,
    Trainee,
    TrainingSession,
)
from workforce.admin_scoping import ScopedAdmin
from workforce.admin_versioning import VersionCheckedAdmin

MANAGE = permissions.MANAGE


@admin.register(PartnerOrganisation)
class PartnerOrganisationAdmin(ScopedAdmin, admin.ModelAdmin):
    change_rule = MANAGE
    search_fields = ["name"]


@admin.register(Programme)
class ProgrammeAdmin(VersionCheckedAdmin, ScopedAdmin, SimpleHistoryAdmin):
    change_rule = MANAGE
    list_display = ["name", "kind", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]


@admin.register(Intake)
class IntakeAdmin(VersionCheckedAdmin, ScopedAdmin, SimpleHistoryAdmin):
    change_rule = MANAGE
    list_display = ["name", "programme", "starts_on", "ends_on", "status"]
    list_filter = ["programme", "status"]
    list_select_related = ["programme"]


class CheckInline(admin.TabularInline):
    model = PreEmploymentCheck
    extra = 0


@admin.register(Applicant)
class ApplicantAdmin(VersionCheckedAdmin, ScopedAdmin, SimpleHistoryAdmin):
    view_rule = MANAGE
    change_rule = MANAGE
    list_display = ["last_name", "first_name", "intake", "stage"]
    list_filter = ["stage"]
    search_fields = ["first_name", "last_name"]
    list_select_related = ["intake__programme"]
    readonly_fields = [
        "stage",
        "stage_changed_on",
        "checks_override_reason",
        "checks_override_by",
        "checks_override_on",
        "anonymised_on",
    ]
    inlines = [CheckInline]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(ScopedAdmin, admin.ModelAdmin):
    change_rule = MANAGE


@admin.register(RetentionRun)
class RetentionRunAdmin(ScopedAdmin, admin.ModelAdmin):
    view_rule = MANAGE
    list_display = ["ran_at", "cutoff", "anonymised", "triggered_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlacementInline(VersionCheckedAdmin, admin.TabularInline):
    model = Placement
    extra = 0
    fields = ["host_unit", "starts_on", "ends_on", "supervisor", "life_coach", "status"]
    autocomplete_fields = ["supervisor", "life_coach"]


@admin.register(Trainee)
class TraineeAdmin(VersionCheckedAdmin, ScopedAdmin, SimpleHistoryAdmin):
    change_rule = MANAGE  # seeing is scoped by Trainee.objects.visible_to
    list_display = ["applicant", "started_on", "ended_on", "status"]
    list_filter = ["status"]
    list_select_related = ["applicant__intake"]
    readonly_fields = ["applicant"]
    autocomplete_fields = ["staff_member"]
    inlines = [PlacementInline]

    def has_add_permission(self, request):
        return False  # a trainee is an applicant who started (the recruitment pages)


class _OfVisibleTrainees(ScopedAdmin):
    change_rule = MANAGE

    def get_queryset(self, request):
        visible = Trainee.objects.visible_to(request.user)
        return super().get_queryset(request).filter(trainee__in=visible)


@admin.register(Placement)
class PlacementAdmin(VersionCheckedAdmin, _OfVisibleTrainees, SimpleHistoryAdmin):
    list_display = ["trainee", "host_unit", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    list_select_related = ["trainee__applicant", "host_unit"]
    autocomplete_fields = ["supervisor", "life_coach", "team_manager"]


@admin.register(SupportMeeting)
class SupportMeetingAdmin(_OfVisibleTrainees, SimpleHistoryAdmin):
    list_display = ["trainee", "held_on", "kind"]
    list_filter = ["kind"]
    list_select_related = ["trainee__applicant"]


@admin.register(Feedback)
class FeedbackAdmin(_OfVisibleTrainees, admin.ModelAdmin):
    list_display = ["trainee", "given_on", "given_by", "rating"]
    list_select_related = ["trainee__applicant"]


@admin.register(Outcome)
class OutcomeAdmin(_OfVisibleTrainees, SimpleHistoryAdmin):
    list_display = ["trainee", "when", "kind", "recorded_on"]
    list_filter = ["when", "kind"]
    list_select_related = ["trainee__applicant"]


class AttendanceInline(admin.TabularInline):
    model = SessionAttendance
    extra = 0
    autocomplete_fields = ["staff_member"]
    raw_id_fields = ["trainee"]


@admin.register(TrainingSession)
class TrainingSessionAdmin(ScopedAdmin, SimpleHistoryAdmin):
    change_rule = MANAGE
    list_display = ["title", "intake", "kind", "held_on"]
    list_filter = ["kind"]
    list_select_related = ["intake__programme"]
    inlines = [AttendanceInline]
