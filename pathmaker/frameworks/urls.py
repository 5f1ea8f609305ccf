"""Framework pages (browse, search, edit, CASE upload, scales, course alignment)."""

from django.urls import path

from pathmaker.frameworks import views

urlpatterns = [
    path("frameworks/", views.framework_list, name="framework_list"),
    path("frameworks/import/", views.case_import_page, name="case_import_page"),
    path("frameworks/import/<int:import_id>/", views.case_import_detail, name="case_import_detail"),
    path("frameworks/<int:framework_id>/", views.framework_detail, name="framework_detail"),
    path("frameworks/<int:framework_id>/export/", views.framework_export, name="framework_export"),
    path("frameworks/<int:framework_id>/edit/", views.framework_edit, name="framework_edit"),
    # The tree in selectors.framework_tree_html builds these addresses itself: keep the shape.
    path("competencies/<int:competency_id>/", views.competency_detail, name="competency_detail"),
    path("competencies/<int:competency_id>/retire/", views.competency_retire, name="competency_retire"),
    path("competencies/<int:competency_id>/links/", views.competency_link_add, name="competency_link_add"),
    path("scales/", views.scale_list, name="scale_list"),
    path("scales/assign/", views.scale_assign, name="scale_assign"),
    path("rubrics/new/", views.rubric_new, name="rubric_new"),
    path("courses/<int:course_id>/competencies/", views.course_competencies, name="course_competencies"),
    path(
        "courses/<int:course_id>/competencies/<int:competency_id>/remove/",
        views.course_competency_remove,
        name="course_competency_remove",
    ),
]
