"""The pathways models in the admin, with the pages' rules (workforce.admin_scoping.ScopedAdmin)
and the version check on versioned records (workforce.admin_versioning.VersionCheckedAdmin).

Enrolments are listed scoped (`visible_to`) and read-only as to their status: every status change
goes through pathways/transitions.py (history with a reason, mentors, the plan), so the admin shows
it and leaves it. Pathways, stages and their plan templates are edited here by the L&D manager.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pathways import permissions
from pathways.models import (
    Activity,
    CareerPathway,
    DevelopmentPlan,
    Enrolment,
    Evidence,
    MentorAssignment,
    Objective,
    PathwayStage,
    Review,
    SkillRating,
    SkillsAssessment,
    TemplateActivity,
    TemplateObjective,
)
from workforce.admin_scoping import ScopedAdmin
from workforce.admin_versioning import VersionCheckedAdmin

MANAGE = permissions.MANAGE


class StageInline(VersionCheckedAdmin, admin.TabularInline):
    model = PathwayStage
    extra = 0
    autocomplete_fields = ["job_role"]


@admin.register(CareerPathway)
class CareerPathwayAdmin(VersionCheckedAdmin, ScopedAdmin, SimpleHistoryAdmin):
    change_rule = MANAGE
    list_display = ["name", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    inlines = [StageInline]


class TemplateObjectiveInline(admin.TabularInline):
    model = TemplateObjective
    extra = 0
    autocomplete_fields = ["competency"]


@admin.register(PathwayStage)
class PathwayStageAdmin(VersionCheckedAdmin, ScopedAdmin, SimpleHistoryAdmin):
    change_rule = MANAGE
    list_display = ["pathway", "position", "job_role", "min_months_in_previous"]
    list_filter = ["pathway"]
    list_select_related = ["pathway", "job_role"]
    autocomplete_fields = ["job_role"]
    inlines = [TemplateObjectiveInline]


class TemplateActivityInline(admin.TabularInline):
    model = TemplateActivity
    extra = 0


@admin.register(TemplateObjective)
class TemplateObjectiveAdmin(ScopedAdmin, SimpleHistoryAdmin):
    change_rule = MANAGE
    list_display = ["title", "stage", "competency", "months_to_complete"]
    list_select_related = ["stage__pathway", "stage__job_role", "competency"]
    inlines = [TemplateActivityInline]


class MentorAssignmentInline(admin.TabularInline):
    model = MentorAssignment
    extra = 0
    can_delete = False
    readonly_fields = ["mentor", "started_on", "ended_on"]

    def has_add_permission(self, request, obj=None):
        return False  # assigned and changed through the flow (transitions.accept / change_mentor)


# Set only by pathways/transitions.py and pathways/progression.py.
FLOW_FIELDS = [
    "status",
    "status_changed_on",
    "closing_reason",
    "readiness",
    "readiness_judged_by",
    "readiness_judged_on",
    "progressed_on",
    "role_before",
]


@admin.register(Enrolment)
class EnrolmentAdmin(VersionCheckedAdmin, ScopedAdmin, SimpleHistoryAdmin):
    change_rule = MANAGE  # seeing is scoped by Enrolment.objects.visible_to
    list_display = ["staff_member", "pathway", "target_stage", "status", "readiness", "nominated_on"]
    list_filter = ["pathway", "status", "readiness"]
    search_fields = ["staff_member__first_name", "staff_member__last_name"]
    list_select_related = ["staff_member", "pathway", "target_stage__job_role"]
    readonly_fields = [
        *FLOW_FIELDS,
        "staff_member",
        "pathway",
        "target_stage",
        "nominated_by",
        "nominated_on",
    ]
    inlines = [MentorAssignmentInline]

    def has_add_permission(self, request):
        return False  # a nomination is made on the nominate page (transitions.nominate)


class SkillRatingInline(admin.TabularInline):
    model = SkillRating
    extra = 0


@admin.register(SkillsAssessment)
class SkillsAssessmentAdmin(ScopedAdmin, SimpleHistoryAdmin):
    change_rule = MANAGE
    list_display = ["enrolment", "assessed_on", "kind", "assessor"]
    list_filter = ["kind"]
    list_select_related = ["enrolment__staff_member", "enrolment__target_stage__job_role", "assessor"]
    inlines = [SkillRatingInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(enrolment__in=Enrolment.objects.visible_to(request.user))


class ObjectiveInline(VersionCheckedAdmin, admin.TabularInline):
    model = Objective
    extra = 0
    fields = ["title", "competency", "target_date", "status", "position"]


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(VersionCheckedAdmin, ScopedAdmin, SimpleHistoryAdmin):
    change_rule = MANAGE
    list_display = ["enrolment", "started_on"]
    list_select_related = ["enrolment__staff_member", "enrolment__target_stage__job_role"]
    inlines = [ObjectiveInline]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(enrolment__in=Enrolment.objects.visible_to(request.user))


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    can_delete = False
    readonly_fields = ["original_name", "kind", "size", "uploaded_by", "uploaded_at"]
    exclude = ["file"]  # served only through the access-checked view, never by a storage URL

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the core's upload checks, on the plan page


@admin.register(Activity)
class ActivityAdmin(VersionCheckedAdmin, ScopedAdmin, SimpleHistoryAdmin):
    change_rule = MANAGE
    list_display = ["title", "kind", "happened_on", "signed_off_on"]
    list_filter = ["kind"]
    inlines = [EvidenceInline]

    def get_queryset(self, request):
        visible = Enrolment.objects.visible_to(request.user)
        return super().get_queryset(request).filter(objective__plan__enrolment__in=visible)


@admin.register(Review)
class ReviewAdmin(ScopedAdmin, SimpleHistoryAdmin):
    change_rule = MANAGE
    list_display = ["enrolment", "held_on", "mentor", "next_review_on"]
    list_select_related = ["enrolment__staff_member", "enrolment__target_stage__job_role", "mentor"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(enrolment__in=Enrolment.objects.visible_to(request.user))
