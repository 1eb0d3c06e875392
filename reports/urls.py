from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/<slug:key>/", views.request_report, name="request"),
    path("runs/<int:pk>/", views.run_detail, name="run"),
    path("runs/<int:pk>/download/", views.download, name="download"),
    path("runs/<int:pk>/retry/", views.retry, name="retry"),
]
