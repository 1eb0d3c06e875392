from django.urls import path

from actionplans.views import plans

app_name = "actionplans"
urlpatterns = [
    path("", plans.index, name="index"),
]
