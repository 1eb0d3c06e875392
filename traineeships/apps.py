from django.apps import AppConfig


class TraineeshipsConfig(AppConfig):
    name = "traineeships"
    verbose_name = "Traineeships"
