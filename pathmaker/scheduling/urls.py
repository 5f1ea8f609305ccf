from django.urls import path

from pathmaker.scheduling import views

SCHOOL = "schools/<int:school_id>/flex/"
WORKSHOP = "flex/workshops/<int:workshop_id>/"

urlpatterns = [
    path("flex/", views.flex_home, name="flex_home"),
    path(SCHOOL, views.flex_plan, name="flex_plan"),
    path(f"{SCHOOL}solve/", views.flex_solve, name="flex_solve"),
    path(f"{SCHOOL}outcomes/", views.flex_outcomes, name="flex_outcomes"),
    path(f"{SCHOOL}setup/", views.flex_setup, name="flex_setup"),
    path(f"{SCHOOL}setup/settings/", views.flex_settings_save, name="flex_settings_save"),
    path(f"{SCHOOL}setup/blocks/", views.flex_block_add, name="flex_block_add"),
    path(f"{SCHOOL}setup/blocks/<int:block_id>/remove/", views.flex_block_remove, name="flex_block_remove"),
    path(f"{SCHOOL}setup/rooms/", views.flex_room_save, name="flex_room_add"),
    path(f"{SCHOOL}setup/rooms/<int:room_id>/", views.flex_room_save, name="flex_room_save"),
    path(f"{SCHOOL}setup/availability/", views.flex_availability_save, name="flex_availability_save"),
    path(f"{SCHOOL}workshops/", views.flex_workshops, name="flex_workshops"),
    path("flex/teaching/", views.flex_teaching, name="flex_teaching"),
    path(WORKSHOP, views.flex_workshop, name="flex_workshop"),
    path(f"{WORKSHOP}withdraw/", views.flex_workshop_withdraw, name="flex_workshop_withdraw"),
    path(f"{WORKSHOP}required/", views.flex_requirement_add, name="flex_requirement_add"),
    path(f"{WORKSHOP}blocks/<int:block_id>/attendance/", views.flex_attendance, name="flex_attendance"),
    path("flex/placements/<int:placement_id>/lock/", views.flex_placement_lock, name="flex_placement_lock"),
    path("flex/schedules/<int:schedule_id>/move/", views.flex_placement_move, name="flex_placement_move"),
    path("flex/schedules/<int:schedule_id>/publish/", views.flex_publish, name="flex_publish"),
    path("students/<int:student_id>/flex/", views.flex_week, name="flex_week"),
    path("students/<int:student_id>/flex/choices/", views.flex_preferences, name="flex_preferences"),
]
