from django.urls import path

from traineeships import views

app_name = "traineeships"
urlpatterns = [
    path("", views.index, name="index"),
]
