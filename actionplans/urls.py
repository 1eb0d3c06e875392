from django.urls import path

from actionplans.views import actions, exports, importing, plans, summary

app_name = "actionplans"
urlpatterns = [
    path("", plans.index, name="index"),
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
    path("<int:pk>/download/", exports.plan_download, name="plan_download"),
]
