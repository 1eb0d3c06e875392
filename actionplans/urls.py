from django.urls import path

from actionplans.views import actions, exports, importing, mappings, plans, structure, summary

app_name = "actionplans"
urlpatterns = [
    path("", plans.index, name="index"),
    path("add/", plans.plan_create, name="plan_create"),
    path("<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("<int:pk>/export/", plans.plan_export, name="plan_export"),
    path("<int:pk>/reorder/", structure.plan_reorder, name="plan_reorder"),
    path("<int:plan_pk>/priorities/add/", structure.priority_create, name="priority_create"),
    path("priorities/<int:pk>/edit/", structure.priority_edit, name="priority_edit"),
    path("priorities/<int:pk>/delete/", structure.priority_delete, name="priority_delete"),
    path("priorities/<int:priority_pk>/areas/add/", structure.focusarea_create, name="focusarea_create"),
    path("areas/<int:pk>/edit/", structure.focusarea_edit, name="focusarea_edit"),
    path("areas/<int:pk>/delete/", structure.focusarea_delete, name="focusarea_delete"),
    path("<int:plan_pk>/actions/add/", structure.action_create, name="action_create"),
    path("actions/<int:pk>/edit/", structure.action_edit, name="action_edit"),
    path("actions/<int:pk>/delete/", structure.action_delete, name="action_delete"),
    path("actions/<int:action_pk>/outputs/add/", structure.output_create, name="output_create"),
    path("outputs/<int:pk>/edit/", structure.output_edit, name="output_edit"),
    path("outputs/<int:pk>/delete/", structure.output_delete, name="output_delete"),
    path("mine/", actions.my_actions, name="my_actions"),
    path("<int:pk>/summary/", summary.plan_summary, name="plan_summary"),
    path("actions/<int:pk>/", actions.action_detail, name="action_detail"),
    path("actions/<int:pk>/progress/", actions.progress_add, name="progress_add"),
    path("actions/<int:pk>/milestones/add/", actions.milestone_add, name="milestone_add"),
    path("actions/<int:pk>/risks/add/", actions.risk_add, name="risk_add"),
    path("milestones/<int:pk>/toggle/", actions.milestone_toggle, name="milestone_toggle"),
    path("risks/<int:pk>/edit/", actions.risk_edit, name="risk_edit"),
    path("import/", importing.upload, name="import_upload"),
    path("import/confirm/", importing.confirm, name="import_confirm"),
    path("import/names/", mappings.mapping_list, name="mapping_list"),
    path("import/names/<int:pk>/edit/", mappings.mapping_edit, name="mapping_edit"),
    path("import/names/<int:pk>/delete/", mappings.mapping_delete, name="mapping_delete"),
    path("<int:pk>/download/", exports.plan_download, name="plan_download"),
]
