from django.urls import path

from pathmaker.grouping import views

SECTION = "sections/<int:section_id>/"
GROUPING = "groupings/<int:grouping_id>/"

urlpatterns = [
    path(f"{SECTION}groups/", views.grouping_list, name="grouping_list"),
    path(f"{SECTION}groups/new/", views.grouping_new, name="grouping_new"),
    path(GROUPING, views.grouping_detail, name="grouping_detail"),
    path(f"{GROUPING}move/", views.grouping_move, name="grouping_move"),
    path(f"{GROUPING}groups/<int:group_id>/", views.grouping_group_update, name="grouping_group_update"),
    path(f"{GROUPING}delete/", views.grouping_delete, name="grouping_delete"),
    path("students/<int:student_id>/groups/", views.student_groups, name="student_groups"),
    path(f"{SECTION}rotations/new/", views.rotation_new, name="rotation_new"),
    path("rotations/<int:rotation_id>/", views.rotation_detail, name="rotation_detail"),
    path("rotations/<int:rotation_id>/delete/", views.rotation_delete, name="rotation_delete"),
]
