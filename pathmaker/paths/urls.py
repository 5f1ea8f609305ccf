from django.urls import path

from pathmaker.paths import views

PLAN = "students/<int:student_id>/plans/<int:course_id>/"
PLAYLIST = "students/<int:student_id>/playlists/<int:competency_id>/"

urlpatterns = [
    path("students/<int:student_id>/plans/", views.plan_list, name="plan_list"),
    path(PLAN, views.plan_detail, name="plan_detail"),
    path(f"{PLAN}move/", views.plan_move, name="plan_move"),
    path("courses/<int:course_id>/sequence/", views.course_sequence, name="course_sequence"),
    path(PLAYLIST, views.playlist_detail, name="playlist_detail"),
    path(f"{PLAYLIST}add/", views.playlist_add, name="playlist_add"),
    path(f"{PLAYLIST}choose/", views.playlist_choose, name="playlist_choose"),
    path(f"{PLAYLIST}steps/<int:step_id>/done/", views.step_done, name="playlist_step_done"),
    path(f"{PLAYLIST}steps/<int:step_id>/score/", views.step_score, name="playlist_step_score"),
    path(f"{PLAYLIST}steps/<int:step_id>/quiz/", views.step_quiz, name="playlist_step_quiz"),
    path("sections/<int:section_id>/playlists/", views.section_playlists, name="section_playlists"),
    path("sections/<int:section_id>/progress/", views.section_progress, name="section_progress"),
]
