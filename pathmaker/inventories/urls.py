"""Inventory pages: a student's habits, rating a student, and the district's inventories."""

from django.urls import path

from pathmaker.inventories import views

urlpatterns = [
    path("students/<int:student_id>/habits/", views.student_habits, name="student_habits"),
    path(
        "students/<int:student_id>/habits/<int:inventory_id>/rate/",
        views.inventory_take,
        name="inventory_take",
    ),
    path("inventories/", views.inventory_list, name="inventory_list"),
    path("inventories/<int:inventory_id>/retire/", views.inventory_retire, name="inventory_retire"),
]
