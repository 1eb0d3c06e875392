from django.urls import path

from workforce.views import staff, staff_picker, training, unit_picker

app_name = "staff"
urlpatterns = [
    path("", staff.staff_list, name="list"),
    path("export/", staff.export, name="export"),
    path("picker/", staff_picker.picker, name="picker"),
    path("unit-picker/", unit_picker.unit_picker, name="unit_picker"),
    path("new/", staff.create, name="create"),
    path("<int:pk>/", staff.staff_detail, name="detail"),
    path("<int:pk>/edit/", staff.edit, name="edit"),
    path("<int:pk>/archive/", staff.archive, name="archive"),
    path("<int:pk>/restore-sign-in/", staff.restore_sign_in, name="restore_sign_in"),
    path("<int:pk>/training/add/", training.training_add, name="training_add"),
    path("training/<int:record_pk>/edit/", training.training_edit, name="training_edit"),
]
