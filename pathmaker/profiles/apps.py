from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "pathmaker.profiles"
    verbose_name = "Learner profiles"
