from django.urls import path

from pathmaker.profiles import views

urlpatterns = [
    path("students/<int:student_id>/profile/", views.student_profile, name="student_profile"),
    path(
        "students/<int:student_id>/profile/sections/<slug:key>/",
        views.profile_entry_write,
        name="profile_entry_write",
    ),
    path("students/<int:student_id>/profile/notes/", views.profile_note_add, name="profile_note_add"),
    path(
        "students/<int:student_id>/profile/advisors/",
        views.profile_advisor_assign,
        name="profile_advisor_assign",
    ),
    path(
        "students/<int:student_id>/profile/advisors/<int:link_id>/end/",
        views.profile_advisor_end,
        name="profile_advisor_end",
    ),
    path(
        "students/<int:student_id>/profile/readiness/<slug:key>/",
        views.readiness_record,
        name="profile_readiness_record",
    ),
    path("profile-sections/", views.profile_sections, name="profile_sections"),
]
