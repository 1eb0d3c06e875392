from django.urls import path

from reports import indicator_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/<slug:key>/", views.request_report, name="request"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/download/", views.download, name="download"),
    path("runs/<int:pk>/retry/", views.retry, name="retry"),
    path("indicators/", indicator_views.indicator_list, name="indicator_list"),
    path("indicators/<str:key>/", indicator_views.indicator_detail, name="indicator_detail"),
    path("indicators/<str:key>/export/", indicator_views.indicator_export, name="indicator_export"),
    path("indicators/<str:key>/baseline/", indicator_views.baseline_capture, name="baseline_capture"),
    path("indicators/<str:key>/target/", indicator_views.target_set, name="target_set"),
    path(
        "indicators/<str:key>/process-change/", indicator_views.process_change_add, name="process_change_add"
    ),
]
