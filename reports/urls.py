from django.urls import path

from reports import indicator_views, schedule_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/<slug:key>/", views.request_report, name="request"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/download/", views.download, name="download"),
    path("runs/<int:pk>/retry/", views.retry, name="retry"),
    path("schedules/", schedule_views.schedule_list, name="schedule_list"),
    path("schedules/new/<slug:key>/", schedule_views.schedule_create, name="schedule_create"),
    path("schedules/<int:pk>/", schedule_views.schedule_edit, name="schedule_edit"),
    path("schedules/<int:pk>/pause/", schedule_views.schedule_pause, name="schedule_pause"),
    path("schedules/<int:pk>/delete/", schedule_views.schedule_delete, name="schedule_delete"),
    path("indicators/", indicator_views.indicator_list, name="indicator_list"),
    path("indicators/<str:key>/", indicator_views.indicator_detail, name="indicator_detail"),
    path("indicators/<str:key>/export/", indicator_views.indicator_export, name="indicator_export"),
    path("indicators/<str:key>/baseline/", indicator_views.baseline_capture, name="baseline_capture"),
    path("indicators/<str:key>/target/", indicator_views.target_set, name="target_set"),
    path(
        "indicators/<str:key>/process-change/", indicator_views.process_change_add, name="process_change_add"
    ),
]
