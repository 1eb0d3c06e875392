from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from workforce.views.health import health
from workforce.views.home import home
from workforce.views.reminders import email_reminders

urlpatterns = [
    path("", home, name="home"),
    path("health/", health, name="health"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/email-reminders/", email_reminders, name="email_reminders"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("staff/import/", include("workforce.urls_import")),
    path("staff/", include("workforce.urls_staff")),
    path("catalogue/", include("workforce.urls_catalogue")),
    path("training/", include("workforce.urls_training")),
    path("runs/", include("workforce.urls_runs")),
    path("audit/", include("workforce.urls_audit")),
    path("pathways/", include("pathways.urls")),
    path("action-plans/", include("actionplans.urls")),
    path("traineeships/", include("traineeships.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
