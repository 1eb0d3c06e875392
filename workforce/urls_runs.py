"""/runs/: background runs, each seen only by the person who started it."""

from django.urls import path

from workforce.views import runs

app_name = "runs"
urlpatterns = [
    path("", runs.run_list, name="list"),
    path("<int:pk>/", runs.run_detail, name="detail"),
]
