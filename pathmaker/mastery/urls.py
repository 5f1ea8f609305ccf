from django.urls import path

from pathmaker.mastery import views

urlpatterns = [
    path(
        "students/<int:student_id>/mastery/<int:competency_id>/",
        views.mastery_explanation,
        name="mastery_explanation",
    ),
    path(
        "students/<int:student_id>/mastery/<int:competency_id>/flag/", views.mastery_flag, name="mastery_flag"
    ),
    path(
        "students/<int:student_id>/mastery/<int:competency_id>/override/",
        views.mastery_override,
        name="mastery_override",
    ),
    path("evidence/<int:evidence_id>/withdraw/", views.evidence_withdraw, name="evidence_withdraw"),
    path("evidence/<int:evidence_id>/correct/", views.evidence_correct_view, name="evidence_correct"),
    path("sections/<int:section_id>/gradebook/", views.section_gradebook, name="section_gradebook"),
    path("mastery/rules/", views.mastery_rules, name="mastery_rules"),
]
