from django.urls import path

from pathmaker.portfolios import views

urlpatterns = [
    path("students/<int:student_id>/portfolio/", views.portfolio, name="portfolio"),
    path("students/<int:student_id>/portfolio/add/", views.portfolio_add, name="portfolio_add"),
    path("students/<int:student_id>/portfolio/<int:item_id>/", views.portfolio_item, name="portfolio_item"),
    path(
        "students/<int:student_id>/portfolio/<int:item_id>/edit/",
        views.portfolio_item_edit,
        name="portfolio_item_edit",
    ),
    path(
        "students/<int:student_id>/portfolio/<int:item_id>/remove/",
        views.portfolio_item_remove,
        name="portfolio_item_remove",
    ),
    path(
        "students/<int:student_id>/portfolio/<int:item_id>/evidence/",
        views.portfolio_item_evidence,
        name="portfolio_item_evidence",
    ),
    path(
        "students/<int:student_id>/portfolio/<int:item_id>/file/", views.portfolio_file, name="portfolio_file"
    ),
]
