from django.urls import path

from actionplans import views

app_name = "actionplans"
urlpatterns = [
    path("", views.index, name="index"),
]
