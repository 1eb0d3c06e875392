from django.urls import path

from workforce.views import staff_import

app_name = "staffimport"
urlpatterns = [
    path("", staff_import.upload, name="upload"),
    path("confirm/", staff_import.confirm, name="confirm"),
]
