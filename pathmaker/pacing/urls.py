from django.urls import path

from pathmaker.pacing import views

STUDENT = "students/<int:student_id>/pacing/"
SECTION = "sections/<int:section_id>/pacing/"

urlpatterns = [
    path(STUDENT, views.pacing_student, name="pacing_student"),
    path(f"{STUDENT}courses/<int:course_id>/target/", views.pacing_soft_set, name="pacing_soft_set"),
    path(
        f"{STUDENT}deadlines/<int:deadline_id>/extension/",
        views.pacing_extension_ask,
        name="pacing_extension_ask",
    ),
    path(SECTION, views.pacing_section, name="pacing_section"),
    path(f"{SECTION}deadlines/", views.pacing_hard_set, name="pacing_hard_set"),
    path(
        f"{SECTION}extensions/<int:request_id>/",
        views.pacing_extension_decide,
        name="pacing_extension_decide",
    ),
    path("courses/<int:course_id>/pacing-guide/", views.pacing_guide, name="pacing_guide"),
    path("school/days-off/", views.pacing_days_off, name="pacing_days_off"),
    path("school/days-off/<int:day_id>/remove/", views.pacing_day_off_remove, name="pacing_day_off_remove"),
]
