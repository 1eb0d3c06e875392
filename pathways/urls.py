from django.urls import path

from pathways import succession_views, views

app_name = "pathways"
urlpatterns = [
    path("", views.index, name="index"),
    # --- succession: the succession plan, its export and the talent grid ---
    path("succession/", succession_views.succession_page, name="succession"),
    path("succession/export/", succession_views.succession_export, name="succession_export"),
    path("succession/talent-grid/", succession_views.talent_grid, name="talent_grid"),
]
