from django.urls import path

from pathmaker.conferences import views

urlpatterns = [
    path("students/<int:student_id>/conferences/", views.conference_list, name="conference_list"),
    path(
        "students/<int:student_id>/conferences/<int:conference_id>/",
        views.conference_detail,
        name="conference_detail",
    ),
    path(
        "students/<int:student_id>/conferences/<int:conference_id>/packet/",
        views.conference_packet,
        name="conference_packet",
    ),
    path(
        "students/<int:student_id>/conferences/<int:conference_id>/refresh/",
        views.conference_rebuild,
        name="conference_rebuild",
    ),
    path(
        "students/<int:student_id>/conferences/<int:conference_id>/record/",
        views.conference_record_view,
        name="conference_record",
    ),
    path(
        "students/<int:student_id>/conferences/<int:conference_id>/addendum/",
        views.conference_addendum,
        name="conference_addendum",
    ),
    path(
        "students/<int:student_id>/conferences/<int:conference_id>/packet.pdf",
        views.conference_pdf,
        name="conference_pdf",
    ),
]
