from django.urls import path

from pathways.views import candidate_stub, flow_nominations, flow_pathways, flow_status

app_name = "pathways"
urlpatterns = [
    # --- flow: pathways, the ladder, nominations, status steps ---
    path("", flow_pathways.index, name="index"),
    path("add/", flow_pathways.pathway_create, name="pathway_create"),
    path("<int:pk>/", flow_pathways.pathway_detail, name="pathway"),
    path("<int:pk>/edit/", flow_pathways.pathway_edit, name="pathway_edit"),
    path("<int:pathway_pk>/stages/add/", flow_pathways.stage_create, name="stage_create"),
    path("stages/<int:pk>/edit/", flow_pathways.stage_edit, name="stage_edit"),
    path("nominate/", flow_nominations.nominate, name="nominate"),
    path("nominate/people/", flow_nominations.nominee_search, name="nominee_search"),
    path("nominations/", flow_nominations.nominations, name="nominations"),
    path("nominations/<int:pk>/accept/", flow_nominations.accept, name="accept"),
    path("nominations/<int:pk>/decline/", flow_nominations.decline, name="decline"),
    path("candidates/<int:pk>/start/", flow_status.start_development, name="start_development"),
    path("candidates/<int:pk>/readiness/", flow_status.judge_readiness, name="judge_readiness"),
    path("candidates/<int:pk>/ready/", flow_status.mark_ready, name="mark_ready"),
    path("candidates/<int:pk>/progress/", flow_status.progress_view, name="progress"),
    path("candidates/<int:pk>/mentor/", flow_status.change_mentor, name="change_mentor"),
    path("candidates/<int:pk>/withdraw/", flow_status.withdraw, name="withdraw"),
    # Stand-in until the plan part's candidate page is merged (see pathways/views/candidate_stub.py).
    path("candidates/<int:pk>/", candidate_stub.candidate, name="candidate"),
]
