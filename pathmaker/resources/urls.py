from django.urls import path

from pathmaker.resources import views

RESOURCE = "resources/<int:resource_id>/"

urlpatterns = [
    path("resources/", views.resource_library, name="resource_library"),
    path("resources/new/", views.resource_new, name="resource_new"),
    path("resources/flags/", views.resource_flags, name="resource_flags"),
    path("resources/flags/<int:flag_id>/resolve/", views.resource_flag_resolve, name="resource_flag_resolve"),
    path("resources/import/", views.resource_import, name="resource_import"),
    path(RESOURCE, views.resource_detail, name="resource_detail"),
    path(f"{RESOURCE}edit/", views.resource_edit, name="resource_edit"),
    path(f"{RESOURCE}file/", views.resource_file, name="resource_file"),
    path(f"{RESOURCE}rate/", views.resource_rate, name="resource_rate"),
    path(f"{RESOURCE}publish/", views.resource_publish, name="resource_publish"),
    path(f"{RESOURCE}share/", views.resource_share, name="resource_share"),
    path(f"{RESOURCE}retire/", views.resource_retire, name="resource_retire"),
]
