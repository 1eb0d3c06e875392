from django.urls import path

from workforce.views import staff

app_name = "staff"
urlpatterns = [
    path("<int:pk>/", staff.staff_detail, name="detail"),
]
