from django.urls import path

from pathmaker.goals import views

GOAL = "students/<int:student_id>/goals/<int:goal_id>/"

urlpatterns = [
    path("students/<int:student_id>/goals/new/", views.goal_new, name="goal_new"),
    path(GOAL, views.goal_detail, name="goal_detail"),
    path(f"{GOAL}accept/", views.goal_accept, name="goal_accept"),
    path(f"{GOAL}decline/", views.goal_decline, name="goal_decline"),
    path(f"{GOAL}steps/", views.goal_step_add, name="goal_step_add"),
    path(f"{GOAL}steps/<int:step_id>/done/", views.goal_step_done, name="goal_step_done"),
    path(f"{GOAL}checkins/", views.goal_checkin, name="goal_checkin"),
    path(f"{GOAL}checkins/<int:checkin_id>/respond/", views.goal_respond, name="goal_respond"),
    path(f"{GOAL}close/", views.goal_close, name="goal_close"),
    path("advising/", views.advising, name="advising"),
]
